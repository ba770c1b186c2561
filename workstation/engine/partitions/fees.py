"""An advisor's or broker's fee schedule and what it bills a partition at the end of a period.

IB lets the advisor configure a client's fees (ib-domain §7, PART-CP): a percentage of assets
billed monthly or quarterly, a performance fee on gains above a high-water mark, a flat fee per
period, or a mix. IB publishes no formula beyond these kinds, so the arithmetic is ours:

- the asset-based fee is the annual percentage times the partition's net liquidation value at the
  period's last close, for a twelfth (monthly) or a quarter (quarterly) of the year;
- the flat fee is charged per period;
- both are prorated by the days the partition was open in its first period;
- the performance fee takes its percentage of the net liquidation value above the high-water mark,
  which starts at what was transferred in, moves with every transfer, and is then raised to the
  value left after the fees, so a gain is never charged twice.
"""

from __future__ import annotations

import calendar as month_calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from workstation.engine.core.fee_schedule import Billing, FeeKind, FeeSchedule

CENT = Decimal("0.01")
_HUNDRED = Decimal(100)








def is_billing_day(billing: Billing, day: date, next_business_day: date) -> bool:
    """Whether ``day`` (a business day) is the last business day of a billing period: the next
    business day falls in another month (monthly) or another quarter (quarterly)."""
    if billing is Billing.MONTHLY:
        return (next_business_day.year, next_business_day.month) != (day.year, day.month)
    return (next_business_day.year, (next_business_day.month - 1) // 3) != (day.year, (day.month - 1) // 3)


def period_start(billing: Billing, day: date) -> date:
    """The first calendar day of the billing period that contains ``day``."""
    month = day.month if billing is Billing.MONTHLY else 3 * ((day.month - 1) // 3) + 1
    return date(day.year, month, 1)


def period_end(billing: Billing, day: date) -> date:
    start = period_start(billing, day)
    last_month = start.month if billing is Billing.MONTHLY else start.month + 2
    return date(start.year, last_month, month_calendar.monthrange(start.year, last_month)[1])


def period_label(billing: Billing, day: date) -> str:
    """``November 2026`` or ``Q4 2026``."""
    if billing is Billing.MONTHLY:
        return f"{day:%B %Y}"
    return f"Q{(day.month - 1) // 3 + 1} {day.year}"


@dataclass(frozen=True, slots=True)
class FeeCharge:
    """One part of a period's bill."""

    kind: FeeKind
    amount: Decimal
    description: str


def period_fees(schedule: FeeSchedule, day: date, opened: date, net_liquidation: Decimal,
                high_water: Decimal) -> list[FeeCharge]:
    """The fees due at the close of ``day``, the period's last business day, for a partition
    opened on ``opened`` worth ``net_liquidation`` (in the schedule's currency) with this
    high-water mark. Parts that come to less than a cent are left out."""
    start, end = period_start(schedule.billing, day), period_end(schedule.billing, day)
    share = Decimal(1)
    if opened > start:
        share = Decimal((end - max(opened, start)).days + 1) / Decimal((end - start).days + 1)
    label = period_label(schedule.billing, day)
    per_year = schedule.billing.periods_per_year
    charges = []
    if schedule.asset_percent and net_liquidation > 0:
        amount = net_liquidation * schedule.asset_percent / _HUNDRED / per_year * share
        charges.append(FeeCharge(FeeKind.ASSETS, _cents(amount),
                                 f"{schedule.asset_percent.normalize():f}% of assets a year, {label}"))
    if schedule.performance_percent and net_liquidation > high_water:
        amount = (net_liquidation - high_water) * schedule.performance_percent / _HUNDRED
        charges.append(FeeCharge(FeeKind.PERFORMANCE, _cents(amount),
                                 f"{schedule.performance_percent.normalize():f}% of gains above "
                                 f"{high_water:,.2f}, {label}"))
    if schedule.flat_fee:
        charges.append(FeeCharge(FeeKind.FLAT, _cents(schedule.flat_fee * share), f"flat fee, {label}"))
    return [charge for charge in charges if charge.amount > 0]


def _cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_EVEN)
