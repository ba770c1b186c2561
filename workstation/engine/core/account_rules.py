"""Account rules and the journal: a command the journal holds was accepted by the rules of the version
that wrote it, so replaying it must not depend on today's rules being the same.

An account rule is a pre-trade check that says whether an account may take an order (cash, margin,
settled cash, day-trading buying power, the pattern day trader block...). IB changes such rules, and so
do we: a rule that tightens would refuse a journaled order it never saw, and the database would not
open. Each check is marked ``@account_rule``; while ``earlier_rules()`` is in force every marked check
lets the order through, so the replay can apply what was accepted then. Checks of the command itself
(an unknown contract, a bad price) are not account rules and always apply.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

ACCOUNT_RULES: list[Callable[..., object]] = []
"""Every check marked ``@account_rule``, in import order (tests walk it)."""

_EARLIER_RULES = ContextVar("earlier_rules", default=False)


def account_rule(check: Callable[P, R | None]) -> Callable[P, R | None]:
    """Mark a check that refuses by raising ``Rejection`` or by returning a reason (None when the order
    may go ahead): under ``earlier_rules()`` it returns None without looking."""

    @wraps(check)
    def checked(*args: P.args, **kwargs: P.kwargs) -> R | None:
        if _EARLIER_RULES.get():
            return None
        return check(*args, **kwargs)

    ACCOUNT_RULES.append(checked)
    return checked


@contextmanager
def earlier_rules() -> Iterator[None]:
    """Let every account rule pass: for validating a journaled command again after today's rules refused
    it (the version that journaled it had accepted it under its own rules)."""
    token = _EARLIER_RULES.set(True)
    try:
        yield
    finally:
        _EARLIER_RULES.reset(token)
