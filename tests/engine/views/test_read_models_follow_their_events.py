"""The engine hands the read models that follow events only the events they act on: each class a
follower tests for must be among those it is handed, or the follower would silently miss it."""

from __future__ import annotations

import ast
import inspect
import textwrap

from workstation.engine.messages import events
from workstation.engine.queries import _READ_MODEL_EVENTS
from workstation.engine.views.daily_pnl import TodaysFills
from workstation.engine.views.trades_summary import TradesSummaryBook


def _event_classes_tested_in(method) -> set[type]:
    tree = ast.parse(textwrap.dedent(inspect.getsource(method)))
    named = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    return {getattr(events, name) for name in named
            if isinstance(getattr(events, name, None), type) and issubclass(getattr(events, name), events.Event)
            and getattr(events, name) is not events.Event}


def test_every_event_a_follower_acts_on_is_handed_to_it():
    for follower in (TradesSummaryBook, TodaysFills):
        tested = _event_classes_tested_in(follower.follow)
        assert tested, f"{follower.__name__}.follow names no event class"
        assert tested <= _READ_MODEL_EVENTS, f"{follower.__name__} follows {tested - _READ_MODEL_EVENTS}"


def test_the_events_handed_over_are_never_subclassed():
    # The engine picks them by exact class (``type(event) in ...``), as the followers dispatch.
    for chosen in _READ_MODEL_EVENTS:
        assert not chosen.__subclasses__(), chosen
