"""The command line's paper trading: ``workstation users add USERNAME --account LIVE --paper`` opens the live
account's paper account (DU and the live account's digits, USD 1,000,000) and makes the user its owner; ``--paper``
with ``--user`` logs in to that paper account (``login.paper_account_of``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workstation.engine import Engine, UserGrant

NO_PAPER_ACCOUNT = ("{user} has no paper trading account; open one with workstation users add {user} --account LIVE "
                    "--paper")


def open_users_paper_account(engine: Engine, username: str, live: str) -> str:
    """Open ``live``'s paper account unless it has one, and make ``username`` its owner; returns the paper account's
    id. ValueError says why not (``live`` unknown or itself a paper account, its DU id taken, a refused role)."""
    from workstation.engine import DefineUser, Rejected, open_paper_account  # noqa: PLC0415

    if live not in engine.account_ids():
        raise ValueError(f"account {live} does not exist")
    paper = engine.paper_of(live)
    if paper is None:
        account = engine.account(live)
        if account.paper:
            raise ValueError(f"{live} is itself a paper account: give the live account")
        opened = engine.execute(open_paper_account(account, taken=engine.account_ids()))
        if isinstance(opened, Rejected):
            raise ValueError(opened.message)
        paper = engine.paper_of(live)
        assert paper is not None
    granted = engine.execute(DefineUser(username, paper, "owner"))
    if isinstance(granted, Rejected):
        raise ValueError(granted.message)
    return paper


def paper_grant(engine: Engine, username: str) -> UserGrant | None:
    """The user's role on its paper account (None: it has none)."""
    from workstation.login import paper_account_of  # noqa: PLC0415

    paper = paper_account_of(engine, username)
    return next((g for g in engine.users().get(username, ()) if g.account == paper), None) if paper else None
