"""The engine facade: commands in, events out, read models for whoever displays them.

Flow of one command: validate (a ``Rejection`` ends it here, with nothing changed) -> apply,
collecting events -> derive account values -> journal the record -> publish to subscribers.
The engine is single-threaded and deterministic: time only moves by ``AdvanceClock`` and
randomness only comes from the market's counter-based RNG, so the same seed and commands give
the same journal.

Published events: ``AccountOpened``, ``CashBooked``, ``PositionChanged``, ``OrderPlaced``,
``OrderModified``, ``OrderStatusChanged``, ``ExecutionReported``, ``PriceSet``, ``ClockAdvanced``,
``MarketStateChanged``, ``SessionOpened``, and the transient ``QuotesUpdated``,
``AccountValuesChanged``, ``CommandRejected``.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from workstation.engine.allocation.models import (
    Model,
    apply_investment,
    apply_model,
    validate_investment,
    validate_model,
)
from workstation.engine.allocation.setup import (
    AllocationGroup,
    AllocationPresets,
    apply_group,
    apply_presets,
    validate_group,
    validate_presets,
)
from workstation.engine.core.account_tags import DAY_TRADE_TAGS, AccountTag
from workstation.engine.core.errors import Rejected, Rejection
from workstation.engine.core.instruments import InstrumentCatalog
from workstation.engine.core.price_checks import check_price
from workstation.engine.core.terms import AccountType, MarketState, OrderStatus
from workstation.engine.core.universe import Universe
from workstation.engine.funding.records import FundingRecord
from workstation.engine.ledger import booking as ledger
from workstation.engine.ledger.accounts import Account, Position
from workstation.engine.ledger.valuation import (
    FxRates,
    PositionValue,
    account_values,
    value_position,
    values_by_currency,
)
from workstation.engine.margin import MarginModel
from workstation.engine.margin.batch import BatchFigures
from workstation.engine.margin.day_trades import day_trades_remaining, follow_day_trades
from workstation.engine.margin.holdings import InstrumentTable
from workstation.engine.margin.ready_market import ReadyMarket
from workstation.engine.market.bars import BarBook, PriceBars
from workstation.engine.market.calendar import EASTERN, ExchangeCalendar
from workstation.engine.market.quotes import Quote
from workstation.engine.market.simulator import MarketSimulator
from workstation.engine.messages.commands import (
    AdvanceClock,
    BustExecution,
    CancelOrder,
    Command,
    CorrectExecution,
    DefineGroup,
    DefineModel,
    DivestFromModel,
    ForceExecution,
    InvestInModel,
    ModifyOrder,
    OpenAccount,
    PlaceOrder,
    SetAllocationPresets,
    SetPrice,
    command_types,
)
from workstation.engine.messages.events import (
    AccountOpened,
    AccountValuesChanged,
    CashBooked,
    ClockAdvanced,
    CommandRejected,
    Event,
    ExecutionReported,
    MarketStateChanged,
    PositionChanged,
    PriceSet,
    QuotesUpdated,
    SessionOpened,
)
from workstation.engine.messages.journal import Journal, NullJournal
from workstation.engine.orders import audit
from workstation.engine.orders.allocation_plan import AllocationPlan, DriftRow
from workstation.engine.orders.audit import AuditEntry
from workstation.engine.orders.corrections import apply_bust, apply_correction, validate_bust, validate_correction
from workstation.engine.orders.expiration import settle_expired
from workstation.engine.orders.order import Order
from workstation.engine.orders.price_estimate import estimate_price
from workstation.engine.orders.rejected import RejectedOrders, is_rejected_line
from workstation.engine.partitions.desk import PartitionDesk, PartitionView
from workstation.engine.partitions.performance import PartitionPerformance
from workstation.engine.partitions.roles import check_entry, visible_accounts
from workstation.engine.risk.fee_ledger import ExposureFees, ExposureFeeView
from workstation.engine.risk.liquidation import Liquidator
from workstation.engine.risk.pnl_curve import PnlCurve, held_underlyings, pnl_curve
from workstation.engine.state import EngineState
from workstation.engine.trading.desk import OrderDesk
from workstation.engine.trading.preview import OrderPreview
from workstation.engine.trading.previewer import Previewer
from workstation.engine.views.account_window import (
    AccountFigures,
    AccountSelection,
    AccountWindowView,
    account_selections,
    account_window_view,
)
from workstation.engine.views.activity_statement import ActivityStatement, activity_statement
from workstation.engine.views.advisor_setup import (
    AdvisorSetupView,
    FieldProblem,
    GroupDraft,
    advisor_setup,
    check_group,
)
from workstation.engine.views.daily_pnl import daily_pnl
from workstation.engine.views.order_ticket import AllocationChoice, allocation_choices, order_as_command, precautions
from workstation.engine.views.trades_summary import TradeSummaryRow, summarise_trades

MAX_MARKET_STEP = timedelta(seconds=60)
_BOOKINGS = (AccountOpened, CashBooked, PositionChanged)
SNAPSHOT_FORMAT = 27  # bump whenever a class inside EngineState changes shape
Subscriber = Callable[[Event], None]


@dataclass(frozen=True, slots=True)
class Accepted:
    """The answer to an applied command: every event it produced, in order."""

    events: tuple[Event, ...]


Result = Accepted | Rejected


class EngineHalted(RuntimeError):
    """The journal failed to record an applied command; the in-memory state is no longer trusted."""


class Engine:
    """The brokerage. Construct with :meth:`new` or :meth:`from_snapshot`."""

    def __init__(self, universe: Universe, state: EngineState, calendar: ExchangeCalendar,
                 journal: Journal | None = None, snapshot_every: int = 0) -> None:
        self.universe = universe
        self._state = state
        self._calendar = calendar
        self._journal: Journal = NullJournal() if journal is None else journal
        self._snapshot_every = snapshot_every
        self._fx = FxRates(universe.catalog, self.price_of)
        self._margin = MarginModel(InstrumentTable(state.market.instruments), universe.catalog,
                                   lambda: self._state.market.marks(), self._fx.rate,
                                   lambda account: account_values(account, universe.catalog, self.price_of, self._fx))
        self._desk = OrderDesk(universe.catalog, calendar, self.account_values, self._fx.rate, self._margin)
        self._fees = ExposureFees(self._margin, lambda account: account_values(account, universe.catalog,
                                                                               self.price_of, self._fx), calendar)
        self._previewer = Previewer(universe.catalog, self._desk, self._margin, self._fees)
        self._ready = ReadyMarket(universe.catalog, calendar, lambda currency: self._fx.rate(currency, "USD"),
                                  self._margin.set_marginable)
        self._ready.restore(state)
        self._sma = self._margin.sma_ledger(self.account_values, lambda: self._state.now)
        self._liquidator = Liquidator(
            universe.catalog, self._margin, self._sma,
            lambda state, order, sink: self._desk.place(state, order, None, sink),
            lambda state, order, reason, sink: self._desk.set_status(state, order, OrderStatus.CANCELLED, reason, sink))
        self._sma_seen = 0  # events of the command being applied that SMA has already booked
        self._rejected_orders = RejectedOrders()  # refused orders' lines: a read model, not state
        # Positions in state.executions by order (the list only grows; a correction replaces in place).
        self._executions_by_order: dict[int, list[int]] = {}
        self._executions_indexed = 0
        self._subscribers: list[tuple[type[Event], Subscriber]] = []
        self._halted = False
        self._visible: dict[str, tuple[int, frozenset[str]]] = {}
        """login -> (accounts open when it was worked out, the accounts it sees)"""
        # Derived, not state: fed from each command's events (applied or replayed), kept in snapshots.
        self._bars = BarBook(universe, calendar, state.seed, self.quote,
                             lambda symbol: self._state.market.implied_vol(symbol), lambda: self._state.now)
        self._handlers: dict[type, tuple[Callable[[Any], Any], Callable[[Any, Any, list[Event]], None]]] = {
            OpenAccount: (self._validate_open_account, self._apply_open_account),
            PlaceOrder: (self._validate_place, self._apply_place),
            ModifyOrder: (self._validate_modify, self._apply_modify),
            CancelOrder: (self._validate_cancel, self._apply_cancel),
            ForceExecution: (self._validate_force, self._apply_force),
            SetPrice: (self._validate_set_price, self._apply_set_price),
            AdvanceClock: (self._validate_advance, self._apply_advance),
            DefineGroup: (self._validate_group, self._apply_group),
            SetAllocationPresets: (self._validate_presets, self._apply_presets),
            DefineModel: (self._validate_model, self._apply_model),
            InvestInModel: (self._validate_invest, self._apply_invest),
            DivestFromModel: (self._validate_divest, self._apply_divest),
            CorrectExecution: (self._validate_correction, self._apply_correction),
            BustExecution: (self._validate_bust, self._apply_bust),
        }
        self._partitions = PartitionDesk(state, universe.catalog, calendar, self._tags_of, self._fx.rate,
                                         self._fx.can_convert, self.price_of)
        self._handlers.update(self._partitions.handlers())
        unhandled = set(command_types()) - set(self._handlers)
        if unhandled:  # a command type defined without a handler would be accepted by the journal only
            raise TypeError(f"no handler for {', '.join(sorted(c.__name__ for c in unhandled))}")

    @classmethod
    def new(cls, universe: Universe, seed: int, start: datetime, calendar: ExchangeCalendar | None = None,
            journal: Journal | None = None, snapshot_every: int = 0, random_walk: bool = True) -> Engine:
        """A fresh engine at ``start``. ``random_walk=False`` keeps prices where commands set them."""
        if start.tzinfo is None:
            raise ValueError("start: the clock needs a time zone")
        calendar = calendar or ExchangeCalendar.nyse()
        start = start.astimezone(EASTERN)
        market = MarketSimulator(universe, seed, random_walk)
        session = calendar.session_on(start.date())
        traded = (min(start, session.close) - session.open).total_seconds() if session else 0.0
        market.start(start, traded)
        state = EngineState(seed=seed, now=start, market_state=calendar.state_at(start), market=market)
        settle_expired(state, universe.catalog, [])  # contracts already expired at the start hold no positions
        engine = cls(universe, state, calendar, journal, snapshot_every)
        engine._ready.initialise(state)  # foreign stocks that never had a ready market start without one
        return engine

    @classmethod
    def from_snapshot(cls, universe: Universe, data: bytes, calendar: ExchangeCalendar | None = None,
                      journal: Journal | None = None, snapshot_every: int = 0) -> Engine:
        version, state, *rest = pickle.loads(data)
        if version != SNAPSHOT_FORMAT:
            raise ValueError(f"snapshot format {version} is not {SNAPSHOT_FORMAT}")
        engine = cls(universe, state, calendar or ExchangeCalendar.nyse(), journal, snapshot_every)
        if rest:
            engine._bars.restore(rest[0])
        return engine

    def snapshot(self) -> bytes:
        # The price bars ride along (a read model, not state), so a restart shows the same chart.
        return pickle.dumps((SNAPSHOT_FORMAT, self._state, self._bars.export()), protocol=pickle.HIGHEST_PROTOCOL)

    # -- commands --------------------------------------------------------------------------------

    def execute(self, command: Command) -> Result:
        """Validate and apply one command; journal, then publish its events."""
        if self._halted:
            raise EngineHalted("the engine stopped after a fault; reopen the workstation")
        handler = self._handlers.get(type(command))
        if handler is None:
            raise TypeError(f"not a command: {type(command).__name__}")
        validate, apply = handler
        try:
            checked = validate(command)
        except Rejection as refusal:
            return self._refuse(command, Rejected(refusal.code, refusal.field, refusal.message))
        except (ArithmeticError, ValueError, OverflowError) as error:
            # Validation changes nothing, so a value it could not handle is a refusal, not a fault.
            return self._refuse(command, Rejected("INVALID_VALUE", "command", f"{type(command).__name__} "
                                                  f"carries a value the engine cannot use ({error})"))
        sink: list[Event] = []
        try:
            self._apply(apply, command, checked, sink)
            self._state.commands_applied += 1
            self._append_book_changes(sink)
            self._append_account_values(sink)
            self._bars.follow(sink)  # before the snapshot, which keeps the bars
            snapshot = None
            if self._snapshot_every and self._state.commands_applied % self._snapshot_every == 0:
                snapshot = self.snapshot()
            self._journal.record(command, [e for e in sink if e.journaled], snapshot)
        except Exception as error:
            # Part-way through applying or journaling: memory may no longer match the journal.
            self._halted = True
            raise EngineHalted(f"{type(command).__name__} failed while being applied or journaled: "
                               f"{type(error).__name__}: {error}") from error
        self._publish(sink)
        return Accepted(tuple(sink))

    def _refuse(self, command: Command, rejected: Rejected) -> Rejected:
        line = self._rejected_orders.add(command, rejected, self._state.now) if isinstance(command, PlaceOrder) \
            else None
        self._publish([CommandRejected(type(command).__name__, rejected.code, rejected.field, rejected.message,
                                       self._state.now, order_id=line)])
        return rejected

    def preview(self, command: PlaceOrder) -> OrderPreview:
        """What-if: validate ``command``, estimate its cost and its Margin Impact, without placing it."""
        return self._previewer.preview(self._state, command)

    def replay(self, command: Command) -> None:
        """Re-apply a journaled command while rebuilding state: no journal, no subscribers."""
        validate, apply = self._handlers[type(command)]
        try:
            checked = validate(command)
        except Rejection as refusal:
            raise RuntimeError(f"journal replay diverged at {command!r}: {refusal}") from None
        sink: list[Event] = []
        self._apply(apply, command, checked, sink)
        self._state.commands_applied += 1
        self._bars.follow(sink)  # the bars recorded after the snapshot, as they were

    def _apply(self, apply: Callable[[Any, Any, list[Event]], None], command: Command, checked: Any,
               sink: list[Event]) -> None:
        """Apply a validated command, then book its margin consequences (SMA) from its events."""
        self._sma_seen = 0
        apply(command, checked, sink)
        self._follow_margin(sink)
        self._fix_previous_day_elv(sink)
        traded = list(dict.fromkeys(e.account_id for e in sink if type(e) is PositionChanged))
        if traded and self._state.market_state is MarketState.OPEN:  # a fill can open a deficit, as a price can
            self._liquidator.check(self._state, sink, traded)
            self._follow_margin(sink)
        audit.record(self._state.audit, sink)

    def _follow_margin(self, sink: list[Event]) -> None:
        """Book SMA and day trades from the events of this command not yet followed."""
        fresh = sink[self._sma_seen:]
        if not fresh:
            return
        self._sma_seen = len(sink)
        follow_day_trades(self._state, self.universe.catalog, fresh)
        moved = any(isinstance(e, (PriceSet, ClockAdvanced, MarketStateChanged)) for e in fresh)
        self._sma.follow(self._state, fresh, market_moved=moved)

    def subscribe(self, callback: Subscriber, event_type: type[Event] = Event) -> Callable[[], None]:
        """Call ``callback`` for every published event of ``event_type``; returns an unsubscriber."""
        entry = (event_type, callback)
        self._subscribers.append(entry)
        return lambda: self._subscribers.remove(entry)

    def _publish(self, events: list[Event]) -> None:
        for event in events:
            for event_type, callback in list(self._subscribers):
                if isinstance(event, event_type):
                    callback(event)

    # -- handlers: validate (may refuse, changes nothing) then apply -----------------------------

    def _validate_open_account(self, command: OpenAccount) -> Any:
        permissions = ledger.validate_open_account(self._state, self.universe.catalog, self._fx, command)
        if command.account_type is AccountType.PORTFOLIO:
            self._check_portfolio_margin_minimum(command)
        return permissions

    def _check_portfolio_margin_minimum(self, command: OpenAccount) -> None:
        """IB opens a portfolio-margin account only with USD 110,000 of net liquidation."""
        trial = Account(command.account_id, command.account_type, command.base_currency,
                        cash=dict(command.cash),
                        positions={p.symbol: Position(p.symbol, p.quantity, p.avg_cost, p.avg_cost)
                                   for p in command.positions})
        balances = account_values(trial, self.universe.catalog, self.price_of, self._fx)
        usd = balances[AccountTag.NET_LIQUIDATION] * self._fx.rate(command.base_currency, "USD")
        minimum = Decimal(str(self._margin.rates.pm_open_minimum_usd))
        if usd < minimum:
            raise Rejection("PORTFOLIO_MARGIN_MINIMUM", "account_type", "a portfolio-margin account needs "
                            f"{minimum:,.2f} USD of net liquidation to open; {command.account_id} would have "
                            f"{usd:,.2f} USD")

    def _apply_open_account(self, command: OpenAccount, permissions: Any, sink: list[Event]) -> None:
        ledger.open_account(self._state, command, permissions, self._state.now, sink)

    def _validate_place(self, command: PlaceOrder) -> AllocationPlan | None:
        return self._desk.validate_place(self._state, command)

    def _apply_place(self, command: PlaceOrder, plan: AllocationPlan | None, sink: list[Event]) -> None:
        self._desk.place(self._state, command, plan, sink)

    def _validate_group(self, command: DefineGroup) -> AllocationGroup:
        return validate_group(self._state, command)

    def _apply_group(self, _command: DefineGroup, group: AllocationGroup, sink: list[Event]) -> None:
        sink.append(apply_group(self._state, group))

    def _validate_correction(self, command: CorrectExecution) -> int:
        return validate_correction(self._state, self.universe.catalog, command)

    def _apply_correction(self, command: CorrectExecution, index: int, sink: list[Event]) -> None:
        apply_correction(self._state, self.universe.catalog, command, index, sink)

    def _validate_bust(self, command: BustExecution) -> int:
        return validate_bust(self._state, self.universe.catalog, command)

    def _apply_bust(self, command: BustExecution, index: int, sink: list[Event]) -> None:
        apply_bust(self._state, self.universe.catalog, command, index, sink)

    def _validate_model(self, command: DefineModel) -> Model:
        return validate_model(self._state, command)

    def _apply_model(self, _command: DefineModel, model: Model, sink: list[Event]) -> None:
        sink.append(apply_model(self._state, model))

    def _nlv(self, account_id: str) -> Decimal:
        return self.account_values(account_id)[AccountTag.NET_LIQUIDATION]

    def _validate_invest(self, command: InvestInModel) -> Model:
        return validate_investment(self._state, command, True, self._nlv)

    def _apply_invest(self, command: InvestInModel, model: Model, sink: list[Event]) -> None:
        sink.append(apply_investment(model, command.account, command.amount))
        self._desk.reshare_model_orders(self._state, model, sink)

    def _validate_divest(self, command: DivestFromModel) -> Model:
        return validate_investment(self._state, command, False, self._nlv)

    def _apply_divest(self, command: DivestFromModel, model: Model, sink: list[Event]) -> None:
        sink.append(apply_investment(model, command.account, -command.amount))
        self._desk.reshare_model_orders(self._state, model, sink)

    def _validate_presets(self, command: SetAllocationPresets) -> AllocationPresets:
        return validate_presets(self._state, command)

    def _apply_presets(self, command: SetAllocationPresets, presets: AllocationPresets, sink: list[Event]) -> None:
        sink.append(apply_presets(self._state, command.advisor, presets))

    def _validate_modify(self, command: ModifyOrder) -> AllocationPlan | None:
        self._check_entry_on(command.order_id, command.entered_by)
        return self._desk.validate_modify(self._state, command)

    def _apply_modify(self, command: ModifyOrder, plan: AllocationPlan | None, sink: list[Event]) -> None:
        self._desk.modify(self._state, command, plan, sink)

    def _validate_cancel(self, command: CancelOrder) -> None:
        self._check_entry_on(command.order_id, command.entered_by)
        self._desk.find_live(self._state, command.order_id, "cancelled")

    def _check_entry_on(self, order_id: int, entered_by: str | None) -> None:
        """Who may change or cancel an order: whoever may trade its account."""
        order = self._state.orders.get(order_id)
        if order is not None:
            check_entry(self._state, entered_by, order.account)

    def _apply_cancel(self, command: CancelOrder, _checked: None, sink: list[Event]) -> None:
        self._desk.cancel(self._state, command, sink)

    def _validate_force(self, command: ForceExecution) -> None:
        self._desk.validate_force(self._state, command)

    def _apply_force(self, command: ForceExecution, _checked: None, sink: list[Event]) -> None:
        self._desk.force_execution(self._state, command, sink)

    def _validate_set_price(self, command: SetPrice) -> None:
        instrument = self.universe.catalog.get(command.symbol)
        if instrument is None:
            raise Rejection("UNKNOWN_CONTRACT", "symbol", f"{command.symbol!r} is not a known contract")
        if instrument.is_option:
            raise Rejection("INVALID_PRICE", "symbol", f"{instrument.symbol} is an option; it is priced from "
                            f"{instrument.underlying}, so set the underlying's price")
        check_price(command.price, "price", instrument)

    def _apply_set_price(self, command: SetPrice, _checked: None, sink: list[Event]) -> None:
        self._state.market.set_price(command.symbol, command.price, self._state.now)
        sink.append(PriceSet(command.symbol, command.price, self._state.now))
        repriced = tuple(o.symbol for o in self.universe.catalog.options_on(command.symbol))
        sink.append(QuotesUpdated(self._state.now, (command.symbol, *repriced)))
        self._desk.work_all(self._state, sink)
        self._liquidator.check(self._state, sink)

    def _validate_advance(self, command: AdvanceClock) -> datetime:
        if command.to.tzinfo is None:
            raise Rejection("INVALID_TIME", "to", "the time needs a time zone")
        if command.to < self._state.now:
            raise Rejection("CLOCK_BACKWARDS", "to", f"{command.to.isoformat()} is before the clock "
                            f"({self._state.now.isoformat()}); time only moves forward")
        target = command.to.astimezone(EASTERN)
        if target > self._calendar.last_moment:
            raise Rejection("INVALID_TIME", "to", f"{target.isoformat()} is beyond the exchange calendar, "
                            f"which ends {self._calendar.last_moment.isoformat()}")
        return target

    def _apply_advance(self, _command: AdvanceClock, target: datetime, sink: list[Event]) -> None:
        state = self._state
        moved = False
        while state.now < target:
            boundary = self._calendar.next_boundary(state.now)
            deadlines = (self._liquidator.next_deadline(state), self._partitions.next_deadline())
            leg_end = min(target, boundary, *(d for d in deadlines if d is not None))
            regular = state.market_state is MarketState.OPEN
            extended = state.market_state in (MarketState.PRE_MARKET, MarketState.AFTER_HOURS) and any(
                o.outside_rth for o in state.working.values())
            if regular or extended:
                # Prices walk in regular hours only; outside them the book still refreshes for the
                # orders allowed to trade there. With nothing working, one step over the leg is the
                # same walk in law and much cheaper.
                step = MAX_MARKET_STEP if state.working else leg_end - state.now
                while state.now < leg_end:
                    step_end = min(leg_end, state.now + step)
                    state.market.step(step_end, (step_end - state.now).total_seconds(), moving=regular)
                    state.now = step_end
                    self._desk.work_all(state, sink)
                    self._follow_margin(sink)  # SMA booked for what filled, before the checks read it
                    self._liquidator.check(state, sink)
                    moved = True
            else:
                state.now = leg_end
            if state.now == boundary:
                self._cross_boundary(sink)
                moved = True
            self._partitions.open_due(sink)
        if moved:
            sink.append(QuotesUpdated(state.now))
        sink.append(ClockAdvanced(state.now, state.market_state))

    def _cross_boundary(self, sink: list[Event]) -> None:
        state = self._state
        new_state = self._calendar.state_at(state.now)
        if new_state is state.market_state:
            return
        if new_state is MarketState.PRE_MARKET:
            self._desk.deactivate_expired(state, sink)
            settle_expired(state, self.universe.catalog, sink)
        if new_state is MarketState.OPEN:
            state.market.open_session()
            sink.append(SessionOpened(state.now.date()))
            self._fees.charge_at_open(state, sink)
        if state.market_state is MarketState.OPEN:
            state.market.step(state.now, 0.0, moving=False)
            self._desk.fill_funds_at_nav(state, sink)
            self._follow_margin(sink)
            self._sma.close_of_day(state, sink)
            self._record_previous_day_elv()
            self._fees.assess_at_close(state, sink)
            self._partitions.at_close(sink)
            self._ready.at_close(state, sink)
        self._desk.expire_due(state, sink)
        if state.market_state is MarketState.AFTER_HOURS:  # the trading day, extended hours included, is over
            self._desk.distribute_day(state, sink)
        state.market_state = new_state
        sink.append(MarketStateChanged(new_state, state.now))
        self._desk.work_all(state, sink)
        self._liquidator.check(state, sink)

    def _fix_previous_day_elv(self, sink: list[Event]) -> None:
        """An account opened (a partition too) has no previous close yet: its Previous Day ELV is
        its ELV at opening, fixed until its first 16:00 ET, never the live value (which would make a
        parent and partition combined count a transfer twice)."""
        for event in sink:
            if type(event) is AccountOpened and event.account_id not in self._state.previous_day_elv \
                    and not self._state.accounts[event.account_id].is_advisor:
                values = self.account_values(event.account_id)
                self._state.previous_day_elv[event.account_id] = values[AccountTag.EQUITY_WITH_LOAN_VALUE_S]

    def _record_previous_day_elv(self) -> None:
        """IB's PreviousDayEquityWithLoanValue is the securities ELV at 16:00 ET."""
        for account_id, account in self._state.accounts.items():
            if not account.is_advisor:
                elv = self.account_values(account_id)[AccountTag.EQUITY_WITH_LOAN_VALUE_S]
                self._state.previous_day_elv[account_id] = elv

    # -- derived values --------------------------------------------------------------------------

    def _append_book_changes(self, sink: list[Event]) -> None:
        """Fills take displayed size off the book: say which quotes changed, unless all did."""
        if any(isinstance(e, QuotesUpdated) and not e.symbols for e in sink):
            return
        traded = tuple(dict.fromkeys(e.symbol for e in sink if isinstance(e, ExecutionReported)))
        if traded:
            sink.append(QuotesUpdated(self._state.now, traded))

    def _append_account_values(self, sink: list[Event]) -> None:
        """One AccountValuesChanged naming every account a booking touched during this command,
        and, when prices moved, every account exposed to them (positions or foreign cash)."""
        accounts = self._state.accounts
        touched = dict.fromkeys(e.account_id for e in sink if isinstance(e, _BOOKINGS))
        if any(isinstance(e, QuotesUpdated) for e in sink):
            for account in accounts.values():
                if account.positions or any(c != account.base_currency for c in account.cash):
                    touched[account.account_id] = None
        changed = tuple(a for a in touched if not accounts[a].is_advisor)
        if changed:
            sink.append(AccountValuesChanged(changed, self._state.now))

    # -- read models -----------------------------------------------------------------------------

    @property
    def now(self) -> datetime:
        return self._state.now

    @property
    def market_state(self) -> MarketState:
        return self._state.market_state

    @property
    def seed(self) -> int:
        return self._state.seed

    @property
    def catalog(self) -> InstrumentCatalog:
        return self.universe.catalog

    @property
    def calendar(self) -> ExchangeCalendar:
        return self._calendar

    @property
    def commands_applied(self) -> int:
        return self._state.commands_applied

    def quote(self, symbol: str) -> Quote:
        return self._state.market.quote(symbol)

    def price_of(self, symbol: str) -> Decimal:
        return self._state.market.last_price(symbol)

    def account_ids(self) -> list[str]:
        return list(self._state.accounts)

    def visible_accounts(self, login: str) -> frozenset[str]:
        """The accounts ``login`` may see: an advisor its master and clients, an individual the
        accounts it holds and their partitions, a partition's login the partition (see ``roles``)."""
        opened = len(self._state.accounts)  # who sees what changes only when an account opens
        known = self._visible.get(login)
        if known is None or known[0] != opened:
            known = self._visible[login] = (opened, visible_accounts(self._state, login))
        return known[1]

    def account(self, account_id: str) -> Account:
        """The account itself. Read-only by contract: change it only through commands."""
        return self._state.accounts[account_id]

    def cash(self, account_id: str) -> dict[str, Decimal]:
        return dict(self._state.accounts[account_id].cash)

    def positions(self, account_id: str) -> list[PositionValue]:
        account = self._state.accounts[account_id]
        catalog = self.universe.catalog
        return [value_position(account_id, p, catalog[p.symbol], self.price_of(p.symbol))
                for p in account.positions.values()]

    def daily_pnl(self, account_id: str) -> dict[str, Decimal]:
        """symbol -> Daily P&L since the prior close, for each position held or traded this session."""
        since = self._calendar.latest_open(self._state.now) or self._state.now
        return daily_pnl(self._state.accounts[account_id], self._state.executions, since, self.universe.catalog,
                         self.price_of, lambda symbol: self.quote(symbol).close, self._state.busted)

    def account_values(self, account_id: str) -> dict[AccountTag, Decimal]:
        """Every account-value tag of the account (IB's names), balances and margin, in its base currency."""
        account = self._state.accounts[account_id]
        tags = self._tags_of(account)
        return tags | self._day_trade_tags(account_id, tags[AccountTag.NET_LIQUIDATION])

    def _tags_of(self, account: Account) -> dict[AccountTag, Decimal]:
        """The balance and margin tags of an account object, which may be a trial copy."""
        balances = account_values(account, self.universe.catalog, self.price_of, self._fx)
        account_id = account.account_id
        return balances | self._margin.tags(account, balances, self._state.now,
                                            self._state.previous_day_elv.get(account_id),
                                            self._state.sma.get(account_id))

    def allocation_choices(self, login: str) -> list[AllocationChoice]:
        """What Order Entry's Allocation field offers ``login`` (its groups, models, All, clients)."""
        return allocation_choices(self._state, login)

    def advisor_setup(self, advisor: str) -> AdvisorSetupView:
        """Advisor Setup's view of ``advisor``: client accounts, groups, models and presets."""
        return advisor_setup(self._state, advisor)

    def check_group(self, draft: GroupDraft) -> list[FieldProblem]:
        """Why ``DefineGroup`` would refuse the group as typed so far, field by field (empty if it
        would be accepted): the command's own rules, for a form to check on every edit."""
        return check_group(self._state, draft)

    def command_for(self, order_id: int) -> PlaceOrder:
        """The order as a new ``PlaceOrder`` (to preview it again): for its remaining quantity while
        it works, as entered once it is done (a rejected order exactly as it was entered)."""
        if is_rejected_line(order_id):
            return self._rejected_orders.command(order_id)
        return order_as_command(self._state.orders[order_id])

    def refusal_for(self, order_id: int) -> Rejected:
        """Why the rejected order ``order_id`` (a line of ``rejected_orders``) was refused."""
        return self._rejected_orders.refusal(order_id)

    def precautions(self, command: PlaceOrder) -> list[str]:
        """TWS's precautionary warnings for an order about to be transmitted (size, value)."""
        instrument = self.universe.catalog.get(command.symbol)
        if instrument is None or command.is_combo or not instrument.tradable:
            return []
        price = estimate_price(command.action, command.order_type, command.lmt_price, command.aux_price,
                               self.quote(command.symbol))
        return precautions(instrument, command.total_quantity, price, self._fx.rate(instrument.currency, "USD"))

    def account_values_by_currency(self, account_id: str) -> dict[str, dict[AccountTag, Decimal]]:
        """The balance tags per currency held, in that currency, with its ExchangeRate to base."""
        return values_by_currency(self._state.accounts[account_id], self.universe.catalog, self.price_of, self._fx)

    def exposure_fee(self, account_id: str) -> ExposureFeeView:
        """The exposure fee as the Account Window shows it: Last and Estimated Next, by product class."""
        return self._fees.view(self._state, self._state.accounts[account_id])

    def exposure_fee_history(self, account_id: str) -> list[tuple[date, str, Decimal]]:
        """Every exposure fee charged to the account: (calendar day, product class, amount)."""
        return list(self._state.exposure_history.get(account_id, []))

    def account_selections(self, login: str) -> list[AccountSelection]:
        """The Account Window's selector for ``login``: an advisor's All, groups and clients."""
        return account_selections(self._state, login)

    def is_liquidating(self, account_id: str) -> bool:
        """Whether liquidation orders for the account are still working."""
        return any(i in self._state.working for i in self._state.liquidations.get(account_id, ()))

    def account_window(self, selection: AccountSelection) -> AccountWindowView:
        """The Account Window's figures for one account or several combined (see ``account_window``)."""
        figures = [AccountFigures(a, self._state.accounts[a].base_currency, self.account_values(a),
                                  self.account_values_by_currency(a), self.exposure_fee(a), self.is_liquidating(a))
                   for a in selection.accounts]
        return account_window_view(selection, figures, self._fx.rate)

    def margin_summary(self, account_ids: list[str] | None = None) -> BatchFigures:
        """Net liquidation, equity with loan value and margin of many accounts (default: every one)
        at once, vectorised: what a monitor of many accounts reads after each price tick."""
        ids = self.account_ids() if account_ids is None else account_ids
        return self._margin.batch_figures([self._state.accounts[a] for a in ids], self._state.now)

    def _day_trade_tags(self, account_id: str, net_liquidation: Decimal) -> dict[AccountTag, Decimal]:
        """DayTradesRemaining and DayTradesRemainingT+1..T+4 (-1: unlimited)."""
        usd = net_liquidation * self._fx.rate(self._state.accounts[account_id].base_currency, "USD")
        left = day_trades_remaining(self._state, self._calendar, account_id, usd)
        return {tag: Decimal(n) for tag, n in zip(DAY_TRADE_TAGS, left, strict=True)}

    def orders(self) -> list[Order]:
        """Every order in placement order. Read-only by contract."""
        return list(self._state.orders.values())

    def order(self, order_id: int) -> Order:
        """An order, or a rejected order's line (a negative id, see :meth:`rejected_orders`)."""
        if is_rejected_line(order_id):
            return self._rejected_orders.order(order_id)
        return self._state.orders[order_id]

    def rejected_orders(self) -> list[Order]:
        """Orders the engine refused this session, as TWS lists them: Inactive, the refusal as the
        reason, numbered -1, -2, ... (never an accepted order's id); oldest first, not kept across
        a restart. Read-only by contract."""
        return self._rejected_orders.orders()

    def allocation_drift(self, order_id: int) -> tuple[DriftRow, ...]:
        """The drift view of an advisor order (empty for an order to one account)."""
        plan = self.order(order_id).allocation
        return () if plan is None else plan.drift()

    def working_orders(self) -> list[Order]:
        return list(self._state.working.values())

    def audit_trail(self, order_id: int | None = None) -> list[AuditEntry]:
        """The Audit Trail, oldest first: every order's changes, or one order's."""
        return audit.entries(self._state.audit, order_id)

    def is_busted(self, exec_id: str) -> bool:
        return exec_id in self._state.busted

    def executions(self, order_id: int | None = None) -> list[ExecutionReported]:
        executions = self._state.executions
        if order_id is None:
            return list(executions)
        for position in range(self._executions_indexed, len(executions)):
            self._executions_by_order.setdefault(executions[position].order_id, []).append(position)
        self._executions_indexed = len(executions)
        return [executions[position] for position in self._executions_by_order.get(order_id, ())]

    def trades_summary(self) -> list[TradeSummaryRow]:
        """Trades Summary: every execution not busted, added up per account, symbol and side."""
        return summarise_trades(self._state.executions, self._state.busted, self._state.orders)

    def bars(self, symbol: str) -> PriceBars:
        """Five-minute price bars of ``symbol`` for a chart: generated history, then the market as
        recorded since the engine started, the last bar still forming (see ``market.bars``)."""
        return self._bars.bars(symbol)

    def underlyings(self, account_id: str) -> list[str]:
        """The underlyings the account holds positions on (a stock and its options count once)."""
        account = self._state.accounts[account_id]
        return list(held_underlyings(self._margin.holdings(account, self._state.now)))

    def partitions(self, account_id: str | None = None) -> list[PartitionView]:
        """Every partition, pending or open, or those of one parent (or that one partition)."""
        return self._partitions.partitions(account_id)

    def partition_labels(self) -> dict[str, str]:
        """partition account -> ``Partition of U1, managed by Name (F…)``: how statements and the
        Trade Log label a partition's activity."""
        return {p.partition_id: f"Partition of {p.parent}, managed by {p.advisor_name} ({p.advisor})"
                for p in self._partitions.partitions() if p.status == "Open"}

    def partition_performance(self, partition_id: str) -> PartitionPerformance:
        """A partition's NLV over time and its return net of transfers, up to now."""
        return self._partitions.performance(partition_id)

    def funding_history(self, account_id: str, start: date | None = None,
                        end: date | None = None) -> list[FundingRecord]:
        """Deposits, withdrawals, transfers and advisor fees involving the account, oldest first."""
        return self._partitions.funding_history(account_id, start, end)

    def withdrawable(self, account_id: str, currency: str) -> Decimal:
        """Cash of ``currency`` not held as a recent deposit (a withdrawal must also keep margin)."""
        return self._partitions.withdrawable(account_id, currency)

    def activity_statement(self, account_id: str, start: date, end: date,
                           partitions: Collection[str] | None = None) -> ActivityStatement:
        """The account's activity statement for the days ``start`` to ``end``, its partitions'
        activity included and labelled (see ``statements``), or only those of ``partitions``.
        ValueError names a bad argument."""
        return activity_statement(self._state, self.universe.catalog, account_id, start, end, partitions)

    def pnl_curve(self, account_id: str, underlying: str) -> PnlCurve:
        """Risk Navigator: the account's P&L on ``underlying`` across moves of its price, -30%..+30%."""
        account = self._state.accounts[account_id]
        return pnl_curve(account_id, account.base_currency, self._margin.holdings(account, self._state.now),
                         underlying, float(self.price_of(underlying)))
