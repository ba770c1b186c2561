"""The activity statement (issue 6): what happened in one holder's account over a period of days,
with the activity of its partitions included and labelled as such (PART-IB: "all activity in the
partition is labeled and reflected in your monthly statements").

Sections: trades (executions not busted), deposits and withdrawals, transfers of cash and
positions, advisor fees, commissions per account and currency, and cash balances. Rows are in time
order. A trade row is the statement account's own part of a fill:

- an order to one account gives one row per execution, at the price as last reported (a
  correction restates it), with the execution's commission (a bust or a correction that changes
  what the order costs restates its standing executions' commissions to add up to it again);
- an advisor order (a group, profile or model) gives one row per account it allocated to: the
  account's share at its average price and its own commission, as the client sees the final
  distribution, never the whole fill or the other accounts' shares. It is dated at the order's last
  execution.

Cash balances are those at the period's end (``as_of``: the start of the day after it, or the
engine's clock for a period up to today), read from the cash ledger's entries the history keeps, with
the Cash Report, Fees and Forex Balances (statement_cash). Net Asset Value, Change in NAV's Ending
Value and Open Positions are the engine's own values and are given for a period up to today only
(``valued``; statement_values says why).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from workstation.engine.core.account_tags import AccountTag
from workstation.engine.core.instruments import InstrumentCatalog
from workstation.engine.core.money import round_cents
from workstation.engine.funding.records import FundingKind, FundingRecord
from workstation.engine.ledger.valuation import avg_cost_per_contract
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.events import ExecutionReported
from workstation.engine.orders.done_orders import find_order
from workstation.engine.orders.fill_commissions import execution_number
from workstation.engine.orders.order import Order
from workstation.engine.views.book import ViewsState
from workstation.engine.views.statement_cash import CashReportLine, StatementFeeLine, period_cash
from workstation.engine.views.statement_values import (
    AccountValuation,
    StatementPosition,
    StatementValue,
    change_in_nav,
    net_asset_value,
    open_positions,
)


@dataclass(frozen=True, slots=True)
class StatementPartition:
    """A partition of the statement's account: who manages it, since when, on what terms."""

    partition_id: str
    label: str
    advisor: str
    advisor_name: str
    status: str
    requested_at: datetime
    opens_at: datetime
    permissions: tuple[str, ...]
    removed_permissions: tuple[str, ...]
    fees: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StatementTrade:
    """The account's part of a fill. ``proceeds`` is in ``currency``, negative for a buy;
    ``commission`` is what the account paid (positive), in ``commission_currency``.
    ``partition`` is the partition's label, empty for the account's own trades."""

    time: datetime
    account: str
    partition: str
    symbol: str
    action: str
    quantity: Decimal
    price: Decimal
    proceeds: Decimal
    currency: str
    commission: Decimal
    commission_currency: str
    reference: str


@dataclass(frozen=True, slots=True)
class StatementCashMovement:
    """A deposit (``amount`` > 0), a withdrawal or its fee (``amount`` < 0) with the holder's bank."""

    time: datetime
    account: str
    partition: str
    kind: str
    currency: str
    amount: Decimal
    description: str
    method: str = ""
    """How the money moved (Wire, ACH, Check), as the funding record names it; empty for a fee."""


@dataclass(frozen=True, slots=True)
class StatementTransfer:
    """A fund transfer (``currency``, ``amount``) or a position transfer (``symbol``, ``quantity``
    signed as held, at ``avg_cost`` in ``currency``: per contract for derivatives, per share for
    stocks, as IB reports average cost) from one account to another.
    ``partition`` labels a transfer to or from a partition."""

    time: datetime
    kind: str
    from_account: str
    to_account: str
    partition: str
    currency: str
    amount: Decimal
    symbol: str
    quantity: Decimal
    avg_cost: Decimal
    description: str


@dataclass(frozen=True, slots=True)
class StatementFee:
    """A part of an advisor's bill, debited from ``account`` (a partition) and paid to ``advisor``."""

    time: datetime
    account: str
    partition: str
    advisor: str
    currency: str
    amount: Decimal
    description: str


@dataclass(frozen=True, slots=True)
class StatementAmount:
    """An amount per account and currency (commissions in the period, cash balances)."""

    account: str
    partition: str
    currency: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class ForexBalance:
    """A currency other than the base held at the period's end, with its value in base at ``rate``
    (the engine's rate now; zero when it has none)."""

    account: str
    partition: str
    currency: str
    quantity: Decimal
    rate: Decimal
    value: Decimal


@dataclass(frozen=True, slots=True)
class ActivityStatement:
    """One account's activity from ``start`` to ``end`` (calendar days in US/Eastern, both
    included), with its partitions' (``accounts`` lists the account first, then its partitions)."""

    account: str
    account_type: str
    base_currency: str
    start: date
    end: date
    generated_at: datetime
    accounts: tuple[str, ...]
    partitions: tuple[StatementPartition, ...]
    trades: tuple[StatementTrade, ...]
    deposits_withdrawals: tuple[StatementCashMovement, ...]
    transfers: tuple[StatementTransfer, ...]
    advisor_fees: tuple[StatementFee, ...]
    commissions: tuple[StatementAmount, ...]
    cash_balances: tuple[StatementAmount, ...]
    permissions: tuple[str, ...] = ()
    as_of: datetime | None = None
    """The moment the cash balances are at: the period's end (None: ``generated_at``)."""
    valued: bool = False
    net_asset_value: tuple[StatementValue, ...] = ()
    change_in_nav: tuple[StatementValue, ...] = ()
    open_positions: tuple[StatementPosition, ...] = ()
    fees: tuple[StatementFeeLine, ...] = ()
    cash_report: tuple[CashReportLine, ...] = ()
    forex_balances: tuple[ForexBalance, ...] = ()

    def label_of(self, account_id: str) -> str:
        """The partition label of ``account_id`` (empty for the statement's own account)."""
        return next((p.label for p in self.partitions if p.partition_id == account_id), "")


NET_LIQUIDATION = AccountTag.NET_LIQUIDATION


def partition_label(partition_id: str, advisor_name: str) -> str:
    """``Partition U1-P1 (managed by Avery Stone)``: how a statement marks partition activity."""
    return f"Partition {partition_id} (managed by {advisor_name})" if advisor_name else f"Partition {partition_id}"


def activity_statement(state: ViewsState, catalog: InstrumentCatalog, account_id: str, start: date,
                       end: date, shown: Collection[str] | None = None,
                       value_of: Callable[[str], AccountValuation] | None = None) -> ActivityStatement:
    """The statement of ``account_id`` (and its partitions, or those in ``shown``: the ones the
    reader may see) for the days ``start`` to ``end``; ``value_of`` (an account's values now) values
    it when the period runs up to today.
    Raises ValueError naming the argument when the account is unknown or the period is empty."""
    account = state.accounts.get(account_id)
    if account is None:
        raise ValueError(f"account_id: no account {account_id!r}")
    if start > end:
        raise ValueError(f"start: {start} is after end {end}; a statement covers at least one day")
    partitions = [p for p in _partitions(state, account_id)
                  if shown is None or p.partition_id in shown or p.partition_id == account_id]
    labels = {p.partition_id: p.label for p in partitions}
    scope = tuple(dict.fromkeys((account_id, *(p.partition_id for p in partitions
                                                if p.partition_id in state.accounts))))

    def in_period(moment: datetime) -> bool:
        return start <= moment.astimezone(EASTERN).date() <= end

    trades = tuple(t for t in _trades(state, catalog, scope, labels, start, end) if in_period(t.time))
    funding = [r for r in state.funding if in_period(r.time) and (r.account in scope or r.counterparty in scope)]
    since = datetime.combine(start, time(), EASTERN)
    # Nothing is booked after the clock, so the day after the period bounds the entries read, also
    # those booked at this very moment; a period up to today is as of now.
    until = datetime.combine(end + timedelta(days=1), time(), EASTERN)
    valued = value_of is not None and until > state.now
    cash = period_cash(state.history, scope, {a: state.accounts[a].cash.keys() for a in scope}, labels, since, until)
    values = {a: value_of(a) for a in scope} if value_of is not None else {}
    return ActivityStatement(
        account=account_id,
        account_type=account.account_type.value,
        base_currency=account.base_currency,
        start=start,
        end=end,
        generated_at=state.now,
        accounts=scope,
        partitions=tuple(p for p in partitions if p.requested_at.astimezone(EASTERN).date() <= end),
        trades=trades,
        deposits_withdrawals=tuple(_cash_movement(r, labels) for r in funding
                                   if r.kind in _BANK_MOVEMENTS),
        transfers=tuple(_transfer(r, catalog, labels) for r in funding
                        if r.kind in (FundingKind.CASH_TRANSFER, FundingKind.POSITION_TRANSFER)),
        advisor_fees=tuple(StatementFee(r.time, r.account, labels.get(r.account, ""), r.counterparty, r.currency,
                                        r.amount, r.description)
                           for r in funding if r.kind is FundingKind.ADVISOR_FEE),
        commissions=_commission_totals(trades, scope, labels),
        cash_balances=tuple(StatementAmount(a, labels.get(a, ""), currency, amount) for a, currency, amount
                            in cash.ending),
        permissions=tuple(sorted(str(p) for p in account.permissions)),
        as_of=min(until, state.now),
        valued=valued,
        net_asset_value=tuple(line for a in scope if valued for line in net_asset_value(a, labels.get(a, ""),
                                                                                          values[a])),
        change_in_nav=tuple(line for a in scope for line in change_in_nav(
            a, labels.get(a, ""), state.accounts[a].base_currency, cash.cash_report,
            values[a].rates if a in values else {}, values[a].tags[NET_LIQUIDATION] if valued else None)),
        open_positions=tuple(p for a in scope if valued for p in open_positions(a, labels.get(a, ""), values[a])),
        fees=cash.fees,
        cash_report=cash.cash_report,
        forex_balances=_forex_balances(state, cash.ending, labels, values),
    )


def _forex_balances(state: ViewsState, ending: Iterable[tuple[str, str, Decimal]], labels: Mapping[str, str],
                    values: Mapping[str, AccountValuation]) -> tuple[ForexBalance, ...]:
    rows = []
    for account, currency, amount in ending:
        if currency == state.accounts[account].base_currency or not amount:
            continue
        rate = values[account].rates.get(currency, Decimal(0)) if account in values else Decimal(0)
        rows.append(ForexBalance(account, labels.get(account, ""), currency, amount, rate, round_cents(amount * rate)))
    return tuple(rows)


def _partitions(state: ViewsState, account_id: str) -> list[StatementPartition]:
    """The account's partitions (or the account itself, when it is a partition), pending or open."""
    found = []
    for partition in state.partitions.values():
        if account_id not in (partition.parent, partition.partition_id):
            continue
        found.append(StatementPartition(
            partition.partition_id, partition_label(partition.partition_id, partition.advisor_name),
            partition.advisor, partition.advisor_name, partition.status.value, partition.requested_at,
            partition.ready_at, tuple(sorted(str(p) for p in partition.permissions)),
            tuple(str(p) for p in partition.removed), tuple(partition.fees.describe())))
    return found


def _trades(state: ViewsState, catalog: InstrumentCatalog, scope: tuple[str, ...], labels: dict[str, str],
            start: date, end: date) -> list[StatementTrade]:
    """The trade rows of the orders that executed in the period (only those are read from the
    history). Rows are by time; same-time rows by order, in the order each order first executed."""
    since = datetime.combine(start, time(), EASTERN)
    until = datetime.combine(end + timedelta(days=1), time(), EASTERN)
    in_period: dict[int, list[ExecutionReported]] = {}
    for execution in state.history.executions(since=since, until=until):
        if execution.exec_id not in state.busted:
            in_period.setdefault(execution.order_id, []).append(execution)
    standing = {order_id: [e for e in state.history.executions(order_id) if e.exec_id not in state.busted]
                for order_id in in_period}
    rows: list[StatementTrade] = []
    for order_id in sorted(in_period, key=lambda order_id: execution_number(standing[order_id][0])):
        order = find_order(state, order_id)
        assert order is not None, f"executions of order {order_id}, which is nowhere"
        if order.allocation is not None:  # dated at the order's last execution, which may be later
            rows.extend(_allocated_rows(order, standing[order_id], catalog, scope, labels))
        elif order.account in scope:
            rows.extend(_execution_rows(order, in_period[order_id], catalog, labels))
    rows.sort(key=lambda row: row.time)  # stable: same-time rows keep their order
    return rows


def _execution_rows(order: Order, fills: list[ExecutionReported], catalog: InstrumentCatalog,
                    labels: dict[str, str]) -> list[StatementTrade]:
    instrument = catalog[order.symbol]
    return [_trade(fill.time, order.account, labels, fill.symbol, fill.action.value, fill.quantity, fill.price,
                   instrument.multiplier, instrument.currency, fill.commission, fill.commission_currency,
                   fill.exec_id)
            for fill in fills]


def _allocated_rows(order: Order, fills: list[ExecutionReported], catalog: InstrumentCatalog,
                    scope: tuple[str, ...], labels: dict[str, str]) -> list[StatementTrade]:
    """The statement accounts' shares of an advisor order, each at its own average price."""
    plan = order.allocation
    assert plan is not None
    instrument = catalog[order.symbol]
    rows = []
    for row in plan.rows:
        if row.account not in scope or not row.allocated:
            continue
        quantity = Decimal(row.allocated)
        rows.append(_trade(fills[-1].time, row.account, labels, order.symbol, order.action.value, quantity,
                           row.filled_value / quantity, instrument.multiplier, instrument.currency, row.commission,
                           fills[-1].commission_currency,
                           f"Order {order.order_id}, allocated by {plan.group or order.account}"))
    return rows


def _trade(time: datetime, account: str, labels: dict[str, str], symbol: str, action: str, quantity: Decimal,
           price: Decimal, multiplier: Decimal, currency: str, commission: Decimal, commission_currency: str,
           reference: str) -> StatementTrade:
    sign = 1 if action == "BUY" else -1
    return StatementTrade(time, account, labels.get(account, ""), symbol, action, quantity, price,
                          -sign * quantity * price * multiplier, currency, commission, commission_currency, reference)


_BANK_MOVEMENTS = (FundingKind.DEPOSIT, FundingKind.WITHDRAWAL, FundingKind.WITHDRAWAL_FEE)
"""Deposits & Withdrawals lists the fee of a withdrawal beyond the month's free one beside it."""


def _cash_movement(record: FundingRecord, labels: dict[str, str]) -> StatementCashMovement:
    sign = 1 if record.kind is FundingKind.DEPOSIT else -1
    return StatementCashMovement(record.time, record.account, labels.get(record.account, ""), record.kind.value,
                                 record.currency, sign * record.amount, record.description, record.method)


def _transfer(record: FundingRecord, catalog: InstrumentCatalog, labels: dict[str, str]) -> StatementTransfer:
    label = labels.get(record.counterparty) or labels.get(record.account, "")
    if record.kind is FundingKind.POSITION_TRANSFER:
        instrument = catalog[record.symbol]
        return StatementTransfer(record.time, record.kind.value, record.account, record.counterparty, label,
                                 instrument.currency, Decimal(0), record.symbol, record.quantity,
                                 avg_cost_per_contract(record.amount, instrument), record.description)
    return StatementTransfer(record.time, record.kind.value, record.account, record.counterparty, label,
                             record.currency, record.amount, "", Decimal(0), Decimal(0), record.description)


def _commission_totals(trades: Iterable[StatementTrade], scope: tuple[str, ...],
                       labels: dict[str, str]) -> tuple[StatementAmount, ...]:
    """Commissions per account (the statement's, then each partition's: IB charges them per
    partition) and currency."""
    totals: dict[tuple[str, str], Decimal] = {}
    for trade in trades:
        key = (trade.account, trade.commission_currency)
        totals[key] = totals.get(key, Decimal(0)) + trade.commission
    return tuple(StatementAmount(account, labels.get(account, ""), currency, totals[account, currency])
                 for account in scope for currency in sorted(c for a, c in totals if a == account))
