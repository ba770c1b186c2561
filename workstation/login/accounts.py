"""Which account a logged-in user works on: its live account, and its paper account for Paper Trading.

IB's paper accounts are the ``DU`` ids (reference account-management.md §1.6). The live account is the
user's first role's account that is not a paper one; the paper account the first ``DU`` account among those
its roles cover (the role's own accounts first). Qt-free: the Login window and the command line share it.
"""

from __future__ import annotations

from typing import Protocol

from workstation.engine.partitions.records import UserGrant

PAPER_PREFIX = "DU"


class UsersReads(Protocol):
    def users(self) -> dict[str, tuple[UserGrant, ...]]: ...

    def visible_accounts(self, login: str) -> frozenset[str]: ...


def trading_accounts(engine: UsersReads, username: str) -> tuple[str | None, str | None]:
    """(the live account, the paper account) ``username`` works on; None where it has none."""
    grants = engine.users().get(username, ())
    granted = [g.account for g in grants]
    live = next((a for a in granted if not a.startswith(PAPER_PREFIX)), granted[0] if granted else None)
    covered = sorted(engine.visible_accounts(username)) if grants else []
    paper = next((a for a in granted + covered if a.startswith(PAPER_PREFIX)), None)
    return live, paper


def limited_to_clients(engine: UsersReads, username: str) -> bool:
    """Whether one of the user's roles limits it to some of an advisor's clients."""
    return any(g.clients is not None for g in engine.users().get(username, ()))
