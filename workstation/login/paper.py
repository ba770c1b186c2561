"""The paper trading account a user logs in to when Paper Trading is chosen (the login window's toggle, the command
line's ``--paper``): one function, for the login window, the command line and the gateway alike."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # logging in imports no engine until one is open
    from workstation.engine import Account, UserGrant


class _Reads(Protocol):
    """What the look-up reads: the engine, or a login's view of it."""

    def users(self) -> dict[str, tuple[UserGrant, ...]]: ...

    def paper_of(self, live_account_id: str) -> str | None: ...

    def account(self, account_id: str) -> Account: ...


def paper_account_of(engine: _Reads, username: str) -> str | None:
    """The paper account ``username`` logs in to with Paper Trading, None when it has none: the paper account paired
    with the first of the user's accounts that has one, where the user has a role on it (``workstation users add
    USERNAME --account LIVE --paper`` gives the owner role), else the first paper account the user has a role on."""
    accounts = [grant.account for grant in engine.users().get(username, ())]
    for account_id in accounts:
        paper = engine.paper_of(account_id)
        if paper is not None and paper in accounts:
            return paper
    return next((account_id for account_id in accounts if engine.account(account_id).paper), None)
