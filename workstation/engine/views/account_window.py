"""What TWS's Account Window shows for a selection: one account, an advisor's group, or All.

For one account the values are the engine's own tags. For several (an advisor looking at a group
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

from workstation.engine.allocation.setup import ALL_ACCOUNTS
from workstation.engine.core.account_tags import DAY_TRADE_TAGS, RATIO_TAGS, AccountTag
from workstation.engine.core.money import round_cents
from workstation.engine.partitions.roles import held_accounts
from workstation.engine.risk.fee_ledger import ExposureFeeView
from workstation.engine.views.book import ViewsState

ZERO = Decimal(0)
NEAR_REQUIREMENT = Decimal("0.05")
"""Within 5% of the requirement: TWS's yellow margin warning."""
_MIN_TAGS = frozenset(DAY_TRADE_TAGS)


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


def account_selections(state: ViewsState, login: str) -> list[AccountSelection]:
    """An advisor sees All, its groups, then each client; an individual login the accounts it holds,
    and after an account with an open partition, the partition and the two combined (the holder
    monitors the partition); a partition's own login the partition."""
    login_account = state.accounts.get(login)
    if login_account is None:
        return []
    if login_account.parent is not None:
        return [AccountSelection(SelectionKind.ACCOUNT, login, (login,))]
    if not login_account.is_advisor:
        selections = []
        for account_id in sorted(held_accounts(state, login), key=list(state.accounts).index):
            selections.append(AccountSelection(SelectionKind.ACCOUNT, account_id, (account_id,)))
            for child in sorted(a for a, p in state.partitions.items() if p.parent == account_id and p.is_open):
                selections.append(AccountSelection(SelectionKind.PARTITION, child, (child,)))
                selections.append(AccountSelection(SelectionKind.COMBINED, f"{account_id} + {child}",
                                                   (account_id, child)))
        return selections
    clients = tuple(sorted(a.account_id for a in state.accounts.values() if a.advisor == login))
    selections = [AccountSelection(SelectionKind.ALL, ALL_ACCOUNTS, clients)]
    selections += [AccountSelection(SelectionKind.GROUP, group.name, tuple(group.accounts))
                   for (advisor, _), group in sorted(state.groups.items()) if advisor == login]
    selections += [AccountSelection(SelectionKind.ACCOUNT, client, (client,)) for client in clients]
    return selections


def combine_values(values: Sequence[Mapping[str, Decimal]], rates: Sequence[Decimal]) -> dict[str, Decimal]:
    """The account-value tags of several accounts as one: money summed after each account's
    figures are converted at its rate to the common base (to the cent), ratios recomputed,
    day-trade counts the smallest."""
    if len(values) == 1:
        return dict(values[0])
    combined: dict[str, Decimal] = {}
    for tags, rate in zip(values, rates):
        for tag, amount in tags.items():
            if tag in RATIO_TAGS:
                continue
            if tag in _MIN_TAGS:  # -1 is "unlimited", more than any count
                combined[tag] = min(combined.get(tag, amount), amount, key=_day_trades_order)
            else:
                combined[tag] = combined.get(tag, ZERO) + round_cents(amount * rate)
    net_liquidation = combined.get(AccountTag.NET_LIQUIDATION, ZERO)
    if net_liquidation:
        if AccountTag.GROSS_POSITION_VALUE in combined:
            leverage = combined[AccountTag.GROSS_POSITION_VALUE] / net_liquidation
            combined[AccountTag.LEVERAGE] = leverage.quantize(Decimal("0.0001"))
        if AccountTag.EXCESS_LIQUIDITY in combined:
            cushion = combined[AccountTag.EXCESS_LIQUIDITY] / net_liquidation
            combined[AccountTag.CUSHION] = cushion.quantize(Decimal("0.0001"))
    return combined


def _day_trades_order(count: Decimal) -> Decimal:
    return Decimal("Infinity") if count < 0 else count


def margin_warning(values: Mapping[str, Decimal], liquidating: bool) -> MarginWarning:
    if liquidating:
        return MarginWarning.LIQUIDATING
    requirement = values.get(AccountTag.MAINT_MARGIN_REQ, ZERO)
    if requirement <= 0:
        return MarginWarning.NONE
    excess = values.get(AccountTag.EQUITY_WITH_LOAN_VALUE, ZERO) - requirement
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
            merged = by_currency.setdefault(currency, {AccountTag.EXCHANGE_RATE: tags[AccountTag.EXCHANGE_RATE]})
            for tag, amount in tags.items():
                if tag != AccountTag.EXCHANGE_RATE:
                    merged[tag] = merged.get(tag, ZERO) + amount
    warnings = [margin_warning(f.values, f.liquidating) for f in figures]
    worst = max(warnings, key=list(MarginWarning).index, default=MarginWarning.NONE)
    return AccountWindowView(
        selection=selection, base_currency=base, values=values, by_currency=dict(sorted(by_currency.items())),
        fx_portfolio=tuple(
            FxBalance(currency, tags[AccountTag.TOTAL_CASH_VALUE], rate(currency, base),
                      round_cents(tags[AccountTag.TOTAL_CASH_VALUE] * rate(currency, base)))
            for currency, tags in sorted(by_currency.items())
            if currency != base and tags[AccountTag.TOTAL_CASH_VALUE]),
        exposure_fee_last=sum((sum(f.exposure_fee.last.values(), ZERO) for f in figures), ZERO),
        exposure_fee_next=sum((sum(f.exposure_fee.estimated_next.values(), ZERO) for f in figures), ZERO),
        warning=worst,
        warning_accounts=tuple(f.account_id for f, w in zip(figures, warnings)
                               if w is worst and w is not MarginWarning.NONE))
