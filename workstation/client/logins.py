"""What a signed-in login holds, worked out from the engine's reads: the accounts it trades and
the rule that a workstation reads only its own login's lists."""

from __future__ import annotations

from workstation.engine.ledger.accounts import Account
from workstation.engine.login_reads import LoginReads
from workstation.engine.partitions.roles import holder_of


def own_login(reads: LoginReads, login: str) -> str:
    """``login``, if ``reads`` may read what it sees: its own login, or any when ``reads`` has none.
    Raises ``KeyError`` naming both otherwise."""
    if reads.login is not None and login != reads.login:
        raise KeyError(f"login: {reads.login} may not read what {login} sees")
    return login


def login_account(reads: LoginReads, login: str) -> Account | None:
    """The account ``login`` signs in as, or None when it is no account ``reads`` shows."""
    try:
        return reads.account(login)
    except KeyError:
        return None


def held_accounts(reads: LoginReads, login: Account) -> list[str]:
    """The individual accounts ``login`` holds and trades, in opening order: no partitions, which
    only their advisor trades, and none for an advisor or a partition's own login."""
    if login.is_advisor or login.parent is not None:
        return []
    root = holder_of(login)
    held = []
    for account_id in reads.account_ids():
        account = reads.account(account_id)
        if account.parent is None and not account.is_advisor and holder_of(account) == root:
            held.append(account_id)
    return held
