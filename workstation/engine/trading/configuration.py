"""Account configuration requests waiting for their day, when each takes effect, and the permission grid.

IB (Account Settings > Configuration, account-management reference §6): a margin account downgraded from
Portfolio Margin to Reg T "takes effect the following business day if submitted before 4:00 ET"; upgrades
(cash to margin, margin to Portfolio Margin) go through a compliance review IB does not time, so they take
effect after ``upgrade_business_days`` business days (ours: 1); a new country of a product the account
already trades is granted at once, a new product after ``product_business_days`` (IB: "1-2 business days of
compliance review"; ours: 1); a base currency change "generally take[s] effect the following trading day"
(``base_currency_business_days``, 1). A change due on a day takes effect at that day's pre-market step, the
step at which the day's trade cash settles.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from workstation.engine.core.instruments import InstrumentCatalog, SecType
from workstation.engine.ledger.accounts import Account, Permission
from workstation.engine.market.calendar import EASTERN, ExchangeCalendar
from workstation.engine.partitions.timing import day_after_processing

ACCOUNT_TYPE = "account_type"
PERMISSIONS = "permissions"
BASE_CURRENCY = "base_currency"


@dataclass(frozen=True, slots=True)
class ConfigurationTerms:
    """How long the changes IB does not time take, in business days (see the module's docstring)."""

    upgrade_business_days: int = 1
    product_business_days: int = 1
    base_currency_business_days: int = 1


DEFAULT_TERMS = ConfigurationTerms()


@dataclass(frozen=True, slots=True)
class ConfigurationRequest:
    """An accepted change of ``kind`` to an account, waiting for the pre-market step of ``effective``:
    ``value`` is the new account type's value, the permissions to grant or the new base currency."""

    account_id: str
    kind: str
    value: tuple[str, ...]
    effective: date
    requested: datetime
    warning: str = ""


def business_days_later(calendar: ExchangeCalendar, now: datetime, count: int) -> date:
    """The business day ``count`` business days after the day of ``now`` (ET)."""
    return calendar.business_day_after(now.astimezone(EASTERN).date(), count)


def downgrade_effective(calendar: ExchangeCalendar, now: datetime) -> date:
    """The day a downgrade to Reg T asked at ``now`` takes effect: the business day after the one that
    processes it, which is today before IB's 16:00 ET cut-off, else the next business day (the cut-off rule
    partition requests follow, ``partitions.timing``)."""
    return day_after_processing(calendar, now)


def pending_for(requests: Iterable[ConfigurationRequest], account_id: str,
                kind: str | None = None) -> list[ConfigurationRequest]:
    return [r for r in requests if r.account_id == account_id and (kind is None or r.kind == kind)]


def signs_for(account: Account, holder_name: str, signature: str) -> bool:
    """Whether ``signature`` is the holder's name as typed (spaces and case aside); an account opened before
    names were kept (``holder_name`` "") takes any name that is not blank."""
    typed = " ".join(signature.split()).casefold()
    if not holder_name:
        return bool(typed)
    return typed == " ".join(holder_name.split()).casefold()


def offered_cells(catalog: InstrumentCatalog) -> list[tuple[str, str]]:
    """The permission grid's cells: each asset class with every country it trades in (FX has none: ``*``)."""
    cells: set[tuple[str, str]] = set()
    for instrument in catalog:
        if not instrument.tradable:
            continue
        country = "*" if instrument.sec_type is SecType.CASH else instrument.country
        cells.add((instrument.permission_class, country))
    return sorted(cells)


def covers(permissions: Iterable[Permission], wanted: Permission) -> bool:
    """Whether ``permissions`` already allow all that ``wanted`` names."""
    return any(p.asset_class == wanted.asset_class and p.country in ("*", wanted.country) for p in permissions)


@dataclass(frozen=True, slots=True)
class PermissionCell:
    """One cell of the Trading Permissions grid: ``status`` is granted, pending or available (to request)."""

    asset_class: str
    country: str
    status: str
    effective: date | None = None


def permission_grid(account: Account, requests: Iterable[ConfigurationRequest],
                    catalog: InstrumentCatalog) -> list[PermissionCell]:
    """The asset class x country grid as the account sees it."""
    pending: dict[Permission, date] = {}
    for request in pending_for(requests, account.account_id, PERMISSIONS):
        for text in request.value:
            pending[Permission.parse(text)] = request.effective
    grid = []
    for asset_class, country in offered_cells(catalog):
        cell = Permission(asset_class, country)
        if covers(account.permissions, cell):
            grid.append(PermissionCell(asset_class, country, "granted"))
        else:
            due = next((day for p, day in pending.items() if covers((p,), cell)), None)
            grid.append(PermissionCell(asset_class, country, "pending" if due else "available", due))
    return grid
