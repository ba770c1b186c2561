"""What the partition wizard and the Transfers dialog say about accounts and partitions, in words.

Qt-free wording over the engine's read models; the engine still decides every request and
transfer when it is submitted, so a sentence here never replaces its refusal.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from workstation.engine.api import Engine
from workstation.engine.ledger.accounts import Permission
from workstation.engine.market.calendar import EASTERN
from workstation.engine.partitions.desk import PartitionView
from workstation.engine.views.account_window import SelectionKind

ASSET_CLASS_NAMES = {"STK": "Stocks", "OPT": "Options", "FUT": "Futures", "FOP": "Futures options",
                     "FUND": "Mutual funds", "CASH": "Forex"}
COUNTRY_NAMES = {"US": "United States", "CA": "Canada", "MX": "Mexico", "BR": "Brazil", "GB": "United Kingdom",
                 "DE": "Germany", "FR": "France", "NL": "Netherlands", "CH": "Switzerland", "JP": "Japan",
                 "HK": "Hong Kong", "SG": "Singapore", "AU": "Australia", "IL": "Israel", "ZA": "South Africa"}


def holder_accounts(engine: Engine, login: str) -> list[str]:
    """The individual accounts ``login`` holds, its own first: those that may be partitioned and
    funded from the bank. An advisor login holds none of its own, so it gets only itself."""
    accounts = [login]
    if login in engine.account_ids() and engine.account(login).is_advisor:
        return accounts
    for selection in engine.account_selections(login):
        if selection.kind is SelectionKind.ACCOUNT:
            accounts += [a for a in selection.accounts if a not in accounts and is_individual(engine, a)]
    return accounts


def is_individual(engine: Engine, account_id: str) -> bool:
    """Neither an advisor master, nor managed by one, nor itself a partition."""
    if account_id not in engine.account_ids():
        return False
    account = engine.account(account_id)
    return not account.is_advisor and account.advisor is None and account.parent is None


def own_partition(engine: Engine, parent: str) -> PartitionView | None:
    """The partition requested for ``parent`` (pending or open), if any."""
    return next((p for p in engine.partitions(parent) if p.parent == parent), None)


def moment(when: datetime) -> str:
    """``18:00 ET on Tue 24 Nov 2026``."""
    local = when.astimezone(EASTERN)
    return f"{local:%H:%M} ET on {local:%a} {local.day} {local:%b %Y}"


def ready_wording(ready: datetime, now: datetime) -> str:
    """``Ready for funding by 18:00 ET today`` or ``... by 18:00 ET on Wednesday 25 November 2026``."""
    local, today = ready.astimezone(EASTERN), now.astimezone(EASTERN).date()
    if local.date() == today:
        return f"Ready for funding by {local:%H:%M} ET today"
    return f"Ready for funding by {local:%H:%M} ET on {local:%A} {local.day} {local:%B %Y}"


def eligibility_problem(engine: Engine, account_id: str) -> str:
    """Why ``account_id`` cannot request a partition now, or ``""``. (Advice shown before the
    request; the engine's own refusal is what counts when it is submitted.)"""
    if account_id not in engine.account_ids():
        return f"{account_id} is not an account here."
    account = engine.account(account_id)
    if account.is_advisor:
        return (f"{account_id} is an advisor master account. Only an individual account can be partitioned: "
                "the account holder creates the partition from their own login.")
    if account.advisor is not None:
        return f"{account_id} is managed by {account.advisor}; only an individual account can be partitioned."
    if account.parent is not None:
        return f"{account_id} is itself a partition of {account.parent}; it cannot be partitioned again."
    existing = own_partition(engine, account_id)
    if existing is None:
        return ""
    state = "is open" if existing.status == "Open" else f"opens at {moment(existing.ready_at)}"
    return (f"{account_id} already has a partition: {existing.partition_id}, managed by {existing.advisor_name}, "
            f"{state}. IB allows one partition at a time, so you can browse the Marketplace but not request "
            "another.")


def transfer_notice(engine: Engine, holders: Iterable[str]) -> str:
    """Why no transfer is possible yet (``""`` when some holder account has an open partition)."""
    partitions = [p for p in (own_partition(engine, a) for a in holders) if p is not None]
    if any(p.status == "Open" for p in partitions):
        return ""
    if partitions:
        pending = partitions[0]
        return (f"Your partition {pending.partition_id} with {pending.advisor_name} opens at "
                f"{moment(pending.ready_at)}. Fund it with Fund and Position Transfers once it is open.")
    return ("You have no partition to transfer to. Create a partition first: Account -> Create a Partition "
            "with an Advisor.")


def permission_label(permission: Permission | str) -> str:
    """``STK:US  Stocks, United States``; ``CASH  Forex``; ``OPT  Options, any country``."""
    if isinstance(permission, str):
        permission = Permission.parse(permission)
    what = ASSET_CLASS_NAMES.get(permission.asset_class, permission.asset_class)
    if permission.asset_class == "CASH":
        return f"{permission}  {what}"
    where = "any country" if permission.country == "*" else COUNTRY_NAMES.get(permission.country, permission.country)
    return f"{permission}  {what}, {where}"
