"""Events: what happened, in past tense, as frozen snapshots.

``journaled`` events are the record: the store commits them before anyone hears of them.
Transient events (quotes, account values, rejections) are derived from the record and only
published, so a streaming market does not bloat the journal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import ClassVar

from workstation.engine.core.terms import (
    AccountType,
    Action,
    ComboLeg,
    MarketState,
    OrderStatus,
    OrderType,
    TimeInForce,
)
from workstation.engine.messages.type_registry import TypeRegistry

EVENTS = TypeRegistry("event")


@dataclass(frozen=True, slots=True)
class Event:
    """Base of every event. Defining a subclass registers it with the journal's codec, so no event
    can be journaled on a database without also being readable back (the registry is derived)."""

    journaled: ClassVar[bool] = True

    def __init_subclass__(cls) -> None:
        EVENTS.add(cls)


@dataclass(frozen=True, slots=True)
class AccountOpened(Event):
    """An account exists: its type, base currency, trading permissions, advisor or parent (for a partition)
    and restrictions."""

    account_id: str
    account_type: AccountType
    base_currency: str
    permissions: tuple[str, ...]
    advisor: str | None
    parent: str | None
    restrictions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CashBooked(Event):
    """A ledger entry: ``amount`` moved in ``currency``; ``balance`` is the balance after it. An
    advisor execution's entries are published one by one and journaled as its ``AllocationBooked``."""

    account_id: str
    currency: str
    amount: Decimal
    balance: Decimal
    reason: str
    time: datetime


@dataclass(frozen=True, slots=True)
class PositionChanged(Event):
    """A position after a booking; ``change`` is the signed quantity the booking traded at
    ``price`` (zero for a restatement or an opening balance). An advisor execution's are published
    one by one and journaled as its ``AllocationBooked``."""

    account_id: str
    symbol: str
    quantity: Decimal
    avg_cost: Decimal
    realized_pnl: Decimal
    change: Decimal = Decimal(0)
    price: Decimal = Decimal(0)


@dataclass(frozen=True, slots=True)
class OrderPlaced(Event):
    """An order was accepted as it will work (IB's ``openOrder``); an advisor order's quantity is what its
    accounts may take."""

    order_id: int
    account: str
    symbol: str
    action: Action
    total_quantity: Decimal
    order_type: OrderType
    lmt_price: Decimal | None
    aux_price: Decimal | None
    tif: TimeInForce
    outside_rth: bool
    order_ref: str
    time: datetime
    cash_qty: Decimal | None = None
    legs: tuple[ComboLeg, ...] = ()
    guaranteed: bool = True
    parent_id: int | None = None
    api_client_id: int | None = None  # the placing API client and its order id, as on the order
    api_order_id: int | None = None


@dataclass(frozen=True, slots=True)
class OrderModified(Event):
    """A working order's new size, prices or time in force."""

    order_id: int
    total_quantity: Decimal
    lmt_price: Decimal | None
    aux_price: Decimal | None
    tif: TimeInForce
    time: datetime


@dataclass(frozen=True, slots=True)
class OrderStatusChanged(Event):
    """IB's ``orderStatus``: status, filled, remaining, average fill price, and why."""

    order_id: int
    status: OrderStatus
    filled: Decimal
    remaining: Decimal
    avg_fill_price: Decimal
    reason: str
    time: datetime


@dataclass(frozen=True, slots=True)
class ExecutionReported(Event):
    """One fill, with its commission (IB's ``execDetails`` and ``commissionReport`` in one).
    ``closings`` records, per account whose position the fill reduced, the units closed and the
    position's basis then (cost with commissions, trade price): a bust puts them back from it.
    ``allocation_commissions`` gives, for an advisor order's execution, each account's commission
    on its share (the ``allocations`` units, at the execution's price)."""

    exec_id: str
    order_id: int
    account: str
    symbol: str
    action: Action
    quantity: Decimal
    price: Decimal
    time: datetime
    commission: Decimal
    commission_currency: str
    realized_pnl: Decimal
    allocations: tuple[tuple[str, Decimal], ...] = ()
    random_picks: tuple[str, ...] = ()
    closings: tuple[tuple[str, Decimal, Decimal, Decimal], ...] = ()
    allocation_commissions: tuple[tuple[str, Decimal], ...] = ()


@dataclass(frozen=True, slots=True)
class AllocationBooked(Event):
    """An advisor order's execution booked into its client accounts, as the journal keeps it: the
    ``bookings`` events published just before this one (each account's ``CashBooked`` and
    ``PositionChanged``, which subscribers see one by one) are journaled as this single entry.
    Parallel tuples, one item per account in booking order: the units it received, the cash its
    trade moved in the contract's currency (futures: the P&L of the units closed; FX: the quote
    currency, the base currency moving by the units) and the commission it paid."""

    exec_id: str
    order_id: int
    accounts: tuple[str, ...]
    quantities: tuple[Decimal, ...]
    cash: tuple[Decimal, ...]
    commissions: tuple[Decimal, ...]
    bookings: int


@dataclass(frozen=True, slots=True)
class ContractExpired(Event):
    """A contract passed its expiry; ``settlement_price`` is its final price."""

    symbol: str
    settlement_price: Decimal
    time: datetime


@dataclass(frozen=True, slots=True)
class PositionSettled(Event):
    """A position closed by expiry: ``kind`` is Expiration (worthless), Exercise, Assignment, Lapse (a long
    option a cash account could not pay for or deliver on) or Cash Settlement; ``quantity`` is the position
    that was closed."""

    account_id: str
    symbol: str
    quantity: Decimal
    kind: str
    price: Decimal
    time: datetime


@dataclass(frozen=True, slots=True)
class CashSettled(Event):
    """Trade cash booked earlier settled at the pre-market step: ``amount`` of ``currency`` from the
    trades of ``symbol`` (a sale's proceeds, or the currency an FX trade bought) joins SettledCash."""

    account_id: str
    symbol: str
    currency: str
    amount: Decimal
    time: datetime


@dataclass(frozen=True, slots=True)
class AccountRestricted(Event):
    """IB's end-of-day surveillance found free riding (IB KB 3101): a cash account sold a position
    before paying for it. The account may buy only with settled cash ("Cash Up Front") until
    ``until`` (90 calendar days); ``symbols`` are the positions sold unpaid, ``unpaid`` what was owed."""

    account_id: str
    restriction: str
    until: date
    symbols: tuple[str, ...]
    unpaid: Decimal
    time: datetime


@dataclass(frozen=True, slots=True)
class GroupDefined(Event):
    """An advisor's allocation group was created or replaced: its method and each account's amount."""

    advisor: str
    name: str
    method: str
    accounts: tuple[tuple[str, Decimal], ...]


@dataclass(frozen=True, slots=True)
class AllocationPresetsChanged(Event):
    """An advisor's allocation presets (Advisor Setup -> Presets) after a change."""

    advisor: str
    strict: bool
    default_method: str
    round_lots: bool
    odd_lot_account: str | None
    equal_positions: bool = False
    close_positions_first: bool = True


@dataclass(frozen=True, slots=True)
class ModelDefined(Event):
    """An advisor created a model portfolio."""

    advisor: str
    name: str


@dataclass(frozen=True, slots=True)
class ModelInvestmentChanged(Event):
    """An account's amount in a model after an investment or a divestment."""

    account_id: str
    advisor: str
    model: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class AllocationRow:
    """IB's ``OrderAllocation`` for one account, as planned before the order trades."""

    account: str
    position: Decimal
    desired_quantity: Decimal
    allowed_quantity: Decimal
    note: str


@dataclass(frozen=True, slots=True)
class AllocationPlanned(Event):
    """An advisor order's shares per account as planned before they trade: on placing, a new size, a re-share
    by its model or a fund's NAV."""

    order_id: int
    group: str
    method: str
    rows: tuple[AllocationRow, ...]


@dataclass(frozen=True, slots=True)
class AllocationFinalized(Event):
    """The final distribution of an advisor order's fills, made when it is done or, while it keeps
    working, at the close: per account the units it holds, the units moved at the period's average
    price to reach them, and the accounts that won ties."""

    order_id: int
    allocations: tuple[tuple[str, Decimal], ...]
    adjustments: tuple[tuple[str, Decimal], ...]
    random_picks: tuple[str, ...]
    avg_price: Decimal
    time: datetime
    end_of_day: bool = False


@dataclass(frozen=True, slots=True)
class ExecutionBusted(Event):
    """A trade bust: the execution was cancelled and its units taken back from every account.
    ``account`` is the execution's (an advisor order's: the advisor's), which names its Trades Summary
    row; empty in journals written before it was recorded."""

    exec_id: str
    order_id: int
    symbol: str
    action: Action
    quantity: Decimal
    price: Decimal
    allocations: tuple[tuple[str, Decimal], ...]
    time: datetime
    account: str = ""


@dataclass(frozen=True, slots=True)
class ExecutionCorrected(Event):
    """A trade correction: the execution's price changed and the accounts were restated. ``account``,
    ``symbol``, ``action`` and ``quantity`` are the execution's, so a follower can restate what it
    summed without looking the execution up (empty in journals written before they were recorded)."""

    exec_id: str
    order_id: int
    old_price: Decimal
    new_price: Decimal
    time: datetime
    account: str = ""
    symbol: str = ""
    action: Action | None = None
    quantity: Decimal = Decimal(0)


@dataclass(frozen=True, slots=True)
class CommissionRestated(Event):
    """An order's commission changed other than by a fill: a bust, a correction or an advisor order's
    final distribution restated it (and its executions' commissions). ``commission`` is what the
    order costs now and ``previous`` what it cost before; ``accounts`` gives each account's part now
    (one account's order: that account and the whole commission). ``account``, ``symbol`` and
    ``action`` are the order's, naming its Trades Summary row."""

    order_id: int
    account: str
    symbol: str
    action: Action
    previous: Decimal
    commission: Decimal
    accounts: tuple[tuple[str, Decimal], ...]
    time: datetime


@dataclass(frozen=True, slots=True)
class PriceSet(Event):
    """An instrument was marked at ``price`` by hand (a scenario, a test); options on it were repriced."""

    symbol: str
    price: Decimal
    time: datetime


@dataclass(frozen=True, slots=True)
class ClockAdvanced(Event):
    """The simulated clock moved to ``time``, where the market is in ``market_state``."""

    time: datetime
    market_state: MarketState


@dataclass(frozen=True, slots=True)
class MarketStateChanged(Event):
    """The market crossed a session boundary into ``market_state`` (Pre-Market, Open, After Hours, Closed)."""

    market_state: MarketState
    time: datetime


@dataclass(frozen=True, slots=True)
class SessionOpened(Event):
    """A new trading day began: prior closes rolled, day statistics reset."""

    day: date


@dataclass(frozen=True, slots=True)
class QuotesUpdated(Event):
    """Quotes moved; read them from the engine. ``symbols`` empty means every instrument."""

    journaled: ClassVar[bool] = False
    time: datetime
    symbols: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AccountValuesChanged(Event):
    """The accounts whose values may have moved during one command (a booking, or prices moving
    under their positions or foreign cash), coalesced into one event. Read the values with
    ``Engine.account_values``: a view showing one account of ten thousand computes one."""

    journaled: ClassVar[bool] = False
    account_ids: tuple[str, ...]
    time: datetime


@dataclass(frozen=True, slots=True)
class RegTCallIssued(Event):
    """At the close, an account that traded during the day has a negative SMA: a Reg T violation,
    which IB resolves by liquidating."""

    account_id: str
    sma: Decimal
    time: datetime


@dataclass(frozen=True, slots=True)
class ExposureFeeNotice(Event):
    """An account's stress loss exceeds its equity for the first time: it has a week to adjust
    before the daily exposure fee (``daily_fee`` at today's positions) is charged."""

    account_id: str
    daily_fee: Decimal
    charging_from: date
    time: datetime


@dataclass(frozen=True, slots=True)
class ExposureFeeCharged(Event):
    """The exposure fee for calendar day ``day``, by product class, debited at a session's open."""

    account_id: str
    day: date
    by_class: tuple[tuple[str, Decimal], ...]
    time: datetime


@dataclass(frozen=True, slots=True)
class LiquidationStarted(Event):
    """An account is being liquidated with market orders: a maintenance deficit, or an SMA shortfall at
    the Reg T check (``deficit`` is what is short), why, and which closes."""

    account_id: str
    deficit: Decimal
    reason: str
    orders: tuple[tuple[str, Action, Decimal], ...]
    time: datetime


@dataclass(frozen=True, slots=True)
class MarginabilityChanged(Event):
    """A foreign stock gained or lost its ready market, and with it its loan value."""

    symbol: str
    marginable: bool
    reason: str
    time: datetime


@dataclass(frozen=True, slots=True)
class CommandRejected(Event):
    """A command was refused and changed nothing; for the Activity log. ``field`` and ``message``
    are the refusal's (``Rejected``): the field it names ("" for none) and the reason."""

    journaled: ClassVar[bool] = False
    command: str
    code: str
    field: str
    message: str
    time: datetime
    order_id: int | None = None  # a refused order's Inactive line (``Engine.rejected_orders``)


@dataclass(frozen=True, slots=True)
class PartitionRequested(Event):
    """A partition of ``parent`` for ``advisor`` was requested; it opens at ``ready_at``. It
    inherits ``permissions``; ``removed`` are the parent's that the advisor is not entitled to."""

    parent: str
    partition: str
    advisor: str
    advisor_name: str
    requested_at: datetime
    ready_at: datetime
    permissions: tuple[str, ...]
    removed: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PartitionOpened(Event):
    """The partition exists as a child account of ``parent``, ready to be funded."""

    parent: str
    partition: str
    advisor: str
    time: datetime


@dataclass(frozen=True, slots=True)
class CashTransferred(Event):
    """A Fund Transfer moved ``amount`` of ``currency`` between a parent account and its partition."""

    from_account: str
    to_account: str
    currency: str
    amount: Decimal
    time: datetime


@dataclass(frozen=True, slots=True)
class PositionTransferred(Event):
    """``quantity`` (signed as held) of ``symbol`` moved at ``avg_cost`` per unit."""

    from_account: str
    to_account: str
    symbol: str
    quantity: Decimal
    avg_cost: Decimal
    time: datetime


@dataclass(frozen=True, slots=True)
class DepositNotified(Event):
    """A deposit notification: ``amount`` is on its way by ``method`` from ``bank`` and is credited at the
    pre-market step of ``credited_on`` (not counted before: pending)."""

    account: str
    currency: str
    amount: Decimal
    method: str
    bank: str
    credited_on: date
    withdrawable_on: date
    time: datetime


@dataclass(frozen=True, slots=True)
class FundsDeposited(Event):
    """Money arrived from the holder's bank: credited now, withdrawable from ``withdrawable_on``."""

    account: str
    currency: str
    amount: Decimal
    withdrawable_on: date
    time: datetime
    method: str = ""
    bank: str = ""


@dataclass(frozen=True, slots=True)
class FundsWithdrawn(Event):
    """Money was sent to the holder's bank (``bank``: empty for the bank on file)."""

    account: str
    currency: str
    amount: Decimal
    time: datetime
    bank: str = ""
    method: str = ""


@dataclass(frozen=True, slots=True)
class WithdrawalFeeCharged(Event):
    """A withdrawal beyond the month's free one was charged IB's fee for its method and currency."""

    account: str
    currency: str
    amount: Decimal
    method: str
    time: datetime


@dataclass(frozen=True, slots=True)
class SecurityDeviceSet(Event):
    """The account's holder now logs in with ``device``, which sets its withdrawal limits."""

    account: str
    device: str
    time: datetime


@dataclass(frozen=True, slots=True)
class AdvisorFeeCharged(Event):
    """One part of a partition's bill, debited from it and credited to its advisor."""

    partition: str
    advisor: str
    kind: str
    description: str
    currency: str
    amount: Decimal
    time: datetime


@dataclass(frozen=True, slots=True)
class ExcessFundsSweepSet(Event):
    """An account's Excess Funds Sweep setting changed; it applies from ``effective`` (the next business day)."""

    account: str
    setting: str
    effective: date
    time: datetime


@dataclass(frozen=True, slots=True)
class UserDefined(Event):
    """A user was given a role on an account (``clients``: the advisor's clients it is limited to)."""

    username: str
    account: str
    role: str
    clients: tuple[str, ...] | None
    time: datetime


@dataclass(frozen=True, slots=True)
class AccountTypeRequested(Event):
    """An account type change was accepted; it takes effect at the start of ``effective``. ``warning``: the
    liquidation warning of a downgrade the account's equity would not carry ("" when none)."""

    account_id: str
    current: AccountType
    to: AccountType
    effective: date
    warning: str
    time: datetime


@dataclass(frozen=True, slots=True)
class EnteredByUser(Event):
    """A command of user ``user`` was applied: the Audit Trail's "User" line for ``order_id`` (None: a
    command on no order, such as a withdrawal)."""

    user: str
    command: str
    time: datetime
    order_id: int | None = None


@dataclass(frozen=True, slots=True)
class AccountTypeChanged(Event):
    """An account's type changed: margin follows the new type from now on."""

    account_id: str
    before: AccountType
    after: AccountType
    time: datetime


@dataclass(frozen=True, slots=True)
class TradingPermissionsRequested(Event):
    """A trading permission request was accepted: ``granted`` now, ``pending`` from ``effective``."""

    account_id: str
    granted: tuple[str, ...]
    pending: tuple[str, ...]
    effective: date | None
    time: datetime


@dataclass(frozen=True, slots=True)
class TradingPermissionsGranted(Event):
    """Permissions requested earlier are granted: the account may trade them from now on."""

    account_id: str
    permissions: tuple[str, ...]
    time: datetime


@dataclass(frozen=True, slots=True)
class BaseCurrencyRequested(Event):
    """A base currency change was accepted; it takes effect at the start of ``effective``."""

    account_id: str
    currency: str
    effective: date
    time: datetime


@dataclass(frozen=True, slots=True)
class BaseCurrencyChanged(Event):
    """An account's base currency changed; its balances stay in their currencies, its values are in the new base."""

    account_id: str
    before: str
    after: str
    time: datetime


def event_types() -> tuple[type[Event], ...]:
    """Every concrete event type defined so far, in definition order."""
    return EVENTS.types()  # type: ignore[return-value]


EVENT_TYPES: tuple[type[Event], ...] = event_types()
