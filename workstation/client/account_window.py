"""What TWS's Account Window shows for a selection: one account, an advisor's group, or All.

The workstation builds it, as TWS does: the selector from the accounts, groups and partitions the
login sees, and the figures from each account's own values read from the engine. For one account
the values are the engine's own tags. For several (an advisor looking at a group
or at All; the parent and partition combined, later) the money tags are summed in the first
account's base currency, and the ratios are recomputed from the sums rather than added:
Leverage = GrossPositionValue / NetLiquidation and Cushion = ExcessLiquidity / NetLiquidation.
Day Trades Left is an account's own count, so a combined view shows the smallest (-1, unlimited,
counts as more than any number).

The margin warning follows TWS's colours (ib-domain §5.7): yellow when Equity with Loan is within
5% above the maintenance requirement, orange when the cushion is depleted (Excess Liquidity below
zero), red while the engine is liquidating positions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

import numpy as np

from workstation.client.logins import held_accounts, login_account, own_login
from workstation.engine.allocation.setup import ALL_ACCOUNTS
from workstation.engine.core.account_tags import TIME_TAGS, AccountTag
from workstation.engine.core.money import round_cents
from workstation.engine.ledger.valuation import FxRates
from workstation.engine.login_reads import LoginReads
from workstation.engine.partitions.records import PartitionStatus
from workstation.engine.risk.fee_ledger import ExposureFeeView
from workstation.engine.views.account_totals import AccountTotals

ZERO = Decimal(0)
NEAR_REQUIREMENT = Decimal("0.05")
"""Within 5% of the requirement: TWS's yellow margin warning."""
_MIN_TAGS = frozenset({"DayTradesRemaining", "DayTradesRemainingT+1", "DayTradesRemainingT+2",
                       "DayTradesRemainingT+3", "DayTradesRemainingT+4"})
_RATIO_TAGS = frozenset({"Leverage", "Cushion"})


class MarginWarning(Enum):
    NONE = "None"
    NEAR = "Within 5% of the margin requirement"
    DEPLETED = "Margin cushion depleted"
    LIQUIDATING = "Positions are being liquidated"


class SelectionKind(Enum):
    ACCOUNT = "Account"
    GROUP = "Group"
    ALL = "All"
    PARTITION = "Partition"
    COMBINED = "Combined"


@dataclass(frozen=True, slots=True)
class AccountSelection:
    """One entry of the Account Window's selector."""

    kind: SelectionKind
    name: str
    accounts: tuple[str, ...]

    @property
    def label(self) -> str:
        if self.kind is SelectionKind.ACCOUNT:
            return self.name
        if self.kind is SelectionKind.PARTITION:
            return f"{self.name} (partition)"
        if self.kind is SelectionKind.COMBINED:
            return f"{self.name} (combined)"
        return f"{self.name} ({len(self.accounts)} accounts)"


def account_selections(reads: LoginReads, login: str) -> list[AccountSelection]:
    """An advisor sees All, its groups, then each client; an individual login the accounts it holds,
    and after an account with an open partition, the partition and the two combined (the holder
    monitors the partition); a partition's own login the partition. Raises ``KeyError`` when
    ``reads`` belongs to another login."""
    account = login_account(reads, own_login(reads, login))
    if account is None:
        return []
    if account.parent is not None:
        return [AccountSelection(SelectionKind.ACCOUNT, login, (login,))]
    if not account.is_advisor:
        selections = []
        for account_id in held_accounts(reads, account):
            selections.append(AccountSelection(SelectionKind.ACCOUNT, account_id, (account_id,)))
            for child in sorted(p.partition_id for p in reads.partitions(account_id)
                                if p.parent == account_id and p.status == PartitionStatus.OPEN.value):
                selections.append(AccountSelection(SelectionKind.PARTITION, child, (child,)))
                selections.append(AccountSelection(SelectionKind.COMBINED, f"{account_id} + {child}",
                                                   (account_id, child)))
        return selections
    setup = reads.advisor_setup(login)
    selections = [AccountSelection(SelectionKind.ALL, ALL_ACCOUNTS, setup.clients)]
    selections += [AccountSelection(SelectionKind.GROUP, group.name, group.accounts) for group in setup.groups]
    selections += [AccountSelection(SelectionKind.ACCOUNT, client, (client,)) for client in setup.clients]
    return selections


def account_window(reads: LoginReads, selection: AccountSelection) -> AccountWindowView:
    """The Account Window's figures for ``selection``: its accounts' own values, read from the
    engine, combined (see ``account_window_view``); a group's or All's from the engine's vectorised
    figures of every account at once (see ``totals_view``). Raises ``KeyError`` for an account
    ``reads`` may not see."""
    if selection.kind in (SelectionKind.GROUP, SelectionKind.ALL) and len(selection.accounts) > 1:
        return totals_view(selection, reads.account_totals(list(selection.accounts)))
    figures = [AccountFigures(a, reads.account(a).base_currency, reads.account_values(a),
                              reads.account_values_by_currency(a), reads.exposure_fee(a), reads.is_liquidating(a))
               for a in selection.accounts]
    return account_window_view(selection, figures, FxRates(reads.catalog, reads.price_of).rate)


def totals_view(selection: AccountSelection, totals: AccountTotals) -> AccountWindowView:
    """What ``account_window_view`` makes of the accounts' figures, from the engine's arrays of them:
    money tags converted to the first account's base (to the cent, account by account) and summed,
    ratios recomputed, the smallest day-trade counts, the worst margin warning."""
    base = totals.bases[0]
    to_base = totals.to_first_base
    combined = {tag: Decimal(f"{np.round(values * to_base, 2).sum():.2f}") + 0 for tag, values in totals.tags.items()}
    if totals.look_ahead_next_change is not None:  # a moment, not an amount: the same for every account
        combined[AccountTag.LOOK_AHEAD_NEXT_CHANGE] = totals.look_ahead_next_change
    combined |= totals.day_trades
    net_liquidation = combined[AccountTag.NET_LIQUIDATION]
    if net_liquidation:
        combined["Leverage"] = (combined["GrossPositionValue"] / net_liquidation).quantize(Decimal("0.0001"))
        combined["Cushion"] = (combined["ExcessLiquidity"] / net_liquidation).quantize(Decimal("0.0001"))
    requirement = totals.tags[AccountTag.MAINT_MARGIN_REQ]
    excess = totals.tags[AccountTag.EXCESS_LIQUIDITY]  # ELV less MM, by segment (IB's ELV-C already takes MM-C off)
    near = excess <= requirement * float(NEAR_REQUIREMENT)
    codes = np.select([totals.liquidating, requirement <= 0, excess < 0, near], [3, 0, 2, 1], 0)
    order = [MarginWarning.NONE, MarginWarning.NEAR, MarginWarning.DEPLETED, MarginWarning.LIQUIDATING]
    worst = int(codes.max())
    return AccountWindowView(
        selection=selection, base_currency=base, values=combined, by_currency=totals.by_currency,
        fx_portfolio=tuple(
            FxBalance(currency, tags["TotalCashValue"], totals.first_base_rates[currency],
                      round_cents(tags["TotalCashValue"] * totals.first_base_rates[currency]))
            for currency, tags in totals.by_currency.items() if currency != base and tags["TotalCashValue"]),
        exposure_fee_last=totals.exposure_fee_last, exposure_fee_next=totals.exposure_fee_next,
        warning=order[worst],
        warning_accounts=tuple(totals.accounts[i] for i in np.flatnonzero(codes == worst)) if worst else ())


def combine_values(values: Sequence[Mapping[str, Decimal]], rates: Sequence[Decimal]) -> dict[str, Decimal]:
    """The account-value tags of several accounts as one: money summed after each account's
    figures are converted at its rate to the common base (to the cent), ratios recomputed,
    day-trade counts the smallest."""
    if len(values) == 1:
        return dict(values[0])
    combined: dict[str, Decimal] = {}
    for tags, rate in zip(values, rates):
        for tag, amount in tags.items():
            if tag in _RATIO_TAGS:
                continue
            if tag in TIME_TAGS:  # a moment, the earliest of them
                combined[tag] = min(combined.get(tag, amount), amount)
            elif tag in _MIN_TAGS:  # -1 is "unlimited", more than any count
                combined[tag] = min(combined.get(tag, amount), amount, key=_day_trades_order)
            else:
                combined[tag] = combined.get(tag, ZERO) + round_cents(amount * rate)
    net_liquidation = combined.get("NetLiquidation", ZERO)
    if net_liquidation:
        if "GrossPositionValue" in combined:
            combined["Leverage"] = (combined["GrossPositionValue"] / net_liquidation).quantize(Decimal("0.0001"))
        if "ExcessLiquidity" in combined:
            combined["Cushion"] = (combined["ExcessLiquidity"] / net_liquidation).quantize(Decimal("0.0001"))
    return combined


def _day_trades_order(count: Decimal) -> Decimal:
    return Decimal("Infinity") if count < 0 else count


def margin_warning(values: Mapping[str, Decimal], liquidating: bool) -> MarginWarning:
    if liquidating:
        return MarginWarning.LIQUIDATING
    requirement = values.get("MaintMarginReq", ZERO)
    if requirement <= 0:
        return MarginWarning.NONE
    excess = values.get("ExcessLiquidity", values.get("EquityWithLoanValue", ZERO) - requirement)
    if excess < 0:
        return MarginWarning.DEPLETED
    if excess <= requirement * NEAR_REQUIREMENT:
        return MarginWarning.NEAR
    return MarginWarning.NONE


@dataclass(frozen=True, slots=True)
class FxBalance:
    """A cash balance in a currency other than base (the FX Portfolio section)."""

    currency: str
    balance: Decimal
    exchange_rate: Decimal
    """base currency per unit of ``currency``"""
    value: Decimal
    """the balance in the base currency"""


@dataclass(frozen=True, slots=True)
class AccountWindowView:
    """Everything the Account Window shows for a selection, in ``base_currency``."""

    selection: AccountSelection
    base_currency: str
    values: dict[str, Decimal]
    by_currency: dict[str, dict[str, Decimal]]
    """currency -> the balance tags in that currency (with its ExchangeRate to base)"""
    fx_portfolio: tuple[FxBalance, ...]
    exposure_fee_last: Decimal
    exposure_fee_next: Decimal
    warning: MarginWarning
    warning_accounts: tuple[str, ...]
    """the accounts in the selection that raise the warning"""


@dataclass(frozen=True, slots=True)
class AccountFigures:
    """One account's own figures, as the engine computes them, to be shown alone or combined."""

    account_id: str
    base_currency: str
    values: Mapping[str, Decimal]
    by_currency: Mapping[str, Mapping[str, Decimal]]
    exposure_fee: ExposureFeeView
    liquidating: bool


def account_window_view(selection: AccountSelection, figures: Sequence[AccountFigures],
                        rate: Callable[[str, str], Decimal]) -> AccountWindowView:
    """The selection's Account Window: its accounts' ``figures`` combined in the first one's base
    currency (``rate(from, to)`` converts), with the worst margin warning among them."""
    base = figures[0].base_currency if figures else "USD"
    values = combine_values([f.values for f in figures], [rate(f.base_currency, base) for f in figures])
    by_currency: dict[str, dict[str, Decimal]] = {}
    for account in figures:
        for currency, tags in account.by_currency.items():
            merged = by_currency.setdefault(currency, {"ExchangeRate": tags["ExchangeRate"]})
            for tag, amount in tags.items():
                if tag != "ExchangeRate":
                    merged[tag] = merged.get(tag, ZERO) + amount
    warnings = [margin_warning(f.values, f.liquidating) for f in figures]
    worst = max(warnings, key=list(MarginWarning).index, default=MarginWarning.NONE)
    return AccountWindowView(
        selection=selection, base_currency=base, values=values, by_currency=dict(sorted(by_currency.items())),
        fx_portfolio=tuple(
            FxBalance(currency, tags["TotalCashValue"], rate(currency, base),
                      round_cents(tags["TotalCashValue"] * rate(currency, base)))
            for currency, tags in sorted(by_currency.items()) if currency != base and tags["TotalCashValue"]),
        exposure_fee_last=sum((sum(f.exposure_fee.last.values(), ZERO) for f in figures), ZERO),
        exposure_fee_next=sum((sum(f.exposure_fee.estimated_next.values(), ZERO) for f in figures), ZERO),
        warning=worst,
        warning_accounts=tuple(f.account_id for f, w in zip(figures, warnings)
                               if w is worst and w is not MarginWarning.NONE))
