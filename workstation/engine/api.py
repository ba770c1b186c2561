"""The engine: construction and wiring, commands in, events out; reads come from ``Queries``.

Flow of one command (:meth:`Engine.execute`): find the handler the command's room registered
(each room returns its own from ``handlers()``) -> validate (a ``Rejection`` ends it here with
nothing changed: the refusal is published as ``CommandRejected`` and a refused ``PlaceOrder``
is listed as a rejected order line) -> apply, collecting events -> book the margin consequences
(SMA, day trades), fix a new account's previous-day ELV, run the liquidation check after fills
in regular hours, record the Audit Trail, move the orders it finished to the history -> count
the command -> derive the book changes
(``QuotesUpdated`` for what traded) and one ``AccountValuesChanged`` for the accounts touched ->
feed the price bars and the read models that follow events (Trades Summary, today's fills) ->
journal the command with its journaled events (an advisor execution's bookings as one
``AllocationBooked``) and a snapshot every ``snapshot_every`` commands -> publish every event to
subscribers. A fault while applying or journaling halts the engine (``EngineHalted``): memory may
no longer match the journal.

The engine is single-threaded and deterministic: time only moves by ``AdvanceClock`` and
randomness only comes from the market's counter-based RNG, so the same seed and commands give
the same journal. :meth:`Engine.replay` re-applies a journaled command without journal or
subscribers. The clock and the trading day are ``session``'s; the read models are ``queries``'.

The engine keeps only live state (accounts, working orders, today's session, the margin and risk
books): what is done (done orders, every execution, the Audit Trail) goes to the ``History`` it
is given, which is not part of a snapshot, so a snapshot costs what is live, not what happened.
An engine restored from a snapshot is given the history that was written beside it.
"""

from __future__ import annotations

import gc
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from workstation.engine.allocation.desk import AllocationDesk
from workstation.engine.core.account_rules import earlier_rules
from workstation.engine.core.account_tags import AccountTag
from workstation.engine.core.errors import Rejected, Rejection
from workstation.engine.core.instruments import SecType
from workstation.engine.core.terms import AccountType, MarketState, OrderStatus
from workstation.engine.core.universe import Universe
from workstation.engine.funding.desk import FundingDesk
from workstation.engine.funding.market_data import MarketDataDesk
from workstation.engine.ledger.accounts import Account
from workstation.engine.ledger.holders import ExposedAccounts, HolderIndex
from workstation.engine.ledger.opening import AccountOpening
from workstation.engine.ledger.valuation import FxRates, account_values
from workstation.engine.margin import MarginModel
from workstation.engine.margin.day_trades import COUNTED, follow_day_trades
from workstation.engine.margin.day_trading import buying_power_of, flag_pattern_day_traders, meet_calls, record_excess
from workstation.engine.margin.holdings import InstrumentTable
from workstation.engine.margin.ready_market import ReadyMarket
from workstation.engine.margin.segments import SegmentSweep
from workstation.engine.market.bars import BarBook
from workstation.engine.market.calendar import EASTERN, ExchangeCalendar
from workstation.engine.market.simulator import MarketSimulator
from workstation.engine.messages.commands import Command, PlaceOrder, command_types
from workstation.engine.messages.events import (
    AccountOpened,
    AccountRestricted,
    AccountTypeChanged,
    AccountValuesChanged,
    BaseCurrencyChanged,
    CashBooked,
    CashSettled,
    ClockAdvanced,
    CommandRejected,
    Event,
    ExecutionReported,
    MarketStateChanged,
    PositionChanged,
    PriceSet,
    QuotesUpdated,
)
from workstation.engine.messages.handlers import Apply, Handlers
from workstation.engine.messages.journal import Journal, NullJournal, journal_entries
from workstation.engine.orders import audit
from workstation.engine.orders.corrections import correction_handlers
from workstation.engine.orders.done_orders import retire_done
from workstation.engine.orders.expiration import settle_expired
from workstation.engine.orders.history import History, MemoryHistory
from workstation.engine.orders.rejected import RejectedOrders
from workstation.engine.partitions.desk import PartitionDesk
from workstation.engine.partitions.users import check_command, note_user, user_handlers
from workstation.engine.queries import Queries
from workstation.engine.risk.fee_ledger import ExposureFees
from workstation.engine.risk.liquidation import Liquidator
from workstation.engine.session import TradingSession
from workstation.engine.state import EngineState
from workstation.engine.trading.configuration_desk import ConfigurationDesk
from workstation.engine.trading.desk import OrderDesk
from workstation.engine.trading.paper_desk import PaperDesk
from workstation.engine.trading.preview import OrderPreview, Previewer

# never subclassed: asked by type
_BOOKINGS = frozenset((AccountOpened, CashBooked, PositionChanged, CashSettled, AccountRestricted, AccountTypeChanged,
                       BaseCurrencyChanged))
_MARKET_MOVES = frozenset((PriceSet, ClockAdvanced, MarketStateChanged))
SNAPSHOT_FORMAT = 35  # bump whenever a class inside EngineState changes shape
Subscriber = Callable[[Event], None]


@dataclass(frozen=True, slots=True)
class Accepted:
    """The answer to an applied command: every event it produced, in order."""

    events: tuple[Event, ...]


Result = Accepted | Rejected


class _collector_paused:  # noqa: N801 - used as a statement: ``with _collector_paused():``
    """The garbage collector off for a block that only builds or walks objects that stay alive (a
    class, not a generator: leaving a generator allocates, which could start the collection it spares)."""

    def __enter__(self) -> None:
        self._collecting = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc_info: object) -> None:
        if self._collecting:
            gc.enable()


class EngineHalted(RuntimeError):
    """The journal failed to record an applied command; the in-memory state is no longer trusted."""


def merge_handlers(*rooms: Handlers) -> Handlers:
    """One handler per command type from every room's; a type two rooms claim is a wiring bug."""
    merged: Handlers = {}
    for handlers in rooms:
        claimed = merged.keys() & handlers.keys()
        if claimed:
            raise TypeError(f"two rooms handle {', '.join(sorted(c.__name__ for c in claimed))}")
        merged.update(handlers)
    unhandled = set(command_types()) - set(merged)
    if unhandled:  # a command type defined without a handler would be accepted by the journal only
        raise TypeError(f"no handler for {', '.join(sorted(c.__name__ for c in unhandled))}")
    return merged


class Engine(Queries):
    """The brokerage. Construct with :meth:`new` or :meth:`from_snapshot`."""

    def __init__(self, universe: Universe, state: EngineState, calendar: ExchangeCalendar,
                 journal: Journal | None = None, snapshot_every: int = 0, *, history: History | None = None) -> None:
        self.universe = universe
        state.history = self._history = MemoryHistory() if history is None else history
        self._state = state
        self._calendar = calendar
        self._journal: Journal = NullJournal() if journal is None else journal
        self._snapshot_every = snapshot_every
        self._start_reads()
        catalog = universe.catalog
        fx = self._fx = FxRates(catalog, self.price_of)

        def balances_of(account: Account) -> dict[AccountTag, Decimal]:
            return account_values(account, catalog, self.price_of, fx)

        margin = self._margin = MarginModel(InstrumentTable(state.market.instruments), catalog,
                                            lambda: self._state.market.marks(), fx.rate, balances_of,
                                            calendar=calendar, segment_cash_of=self._segment_cash_of)
        desk = self._desk = OrderDesk(catalog, calendar, self.account_values, fx.rate, margin)
        self._fees = ExposureFees(margin, balances_of, calendar)
        self._previewer = Previewer(catalog, desk, margin, self._fees)
        ready = ReadyMarket(catalog, calendar, lambda currency: fx.rate(currency, "USD"), margin.set_marginable)
        ready.restore(state)
        self._ready = ready
        exposed = self._exposed = ExposedAccounts(state.accounts)  # derived: who a market move can revalue
        self._sma = margin.sma_ledger(self.account_values, lambda: self._state.now, exposed.holding)
        self._segments = SegmentSweep(catalog, fx.rate, margin.risk.totals, margin.period, margin.recent_batch_figures,
                                      calendar)
        self._liquidator = Liquidator(
            catalog, margin, self._sma,
            lambda state, order, sink: desk.place(state, order, None, sink),
            lambda state, order, reason, sink: desk.set_status(state, order, OrderStatus.CANCELLED, reason, sink),
            exposed.holding)
        self._sma_seen = 0  # events of the command being applied that SMA has already booked
        self.replayed_under_earlier_rules = 0
        """Journaled commands today's account rules refuse, replayed as the version that wrote them accepted them."""
        self._holders = HolderIndex(state.accounts.values())  # derived: who a quote update revalues
        self._rejected_orders = RejectedOrders()  # refused orders' lines: a read model, not state
        self._subscribers: list[tuple[type[Event], Subscriber]] = []
        self._halted = False
        # Derived, not state: fed from each command's events (applied or replayed), kept in snapshots.
        self._bars = BarBook(universe, calendar, state.seed, self.quote,
                             lambda symbol: self._state.market.implied_vol(symbol), lambda: self._state.now)
        self._partitions = PartitionDesk(state, catalog, calendar, self._tags_of, fx.rate, fx.can_convert,
                                         self.price_of)
        self._funding = FundingDesk(state, calendar, self._tags_of, fx.rate, fx.can_convert)
        self._market_data = MarketDataDesk(state, catalog, fx.rate)
        self._configuration = ConfigurationDesk(state, catalog, calendar, margin, balances_of, fx.rate,
                                                fx.can_convert)
        self._paper = PaperDesk(state, calendar, fx.rate)
        self._session = TradingSession(state, catalog, calendar, desk, self._liquidator, self._partitions,
                                       self._fees, self._sma, ready, self.account_values, self._follow_margin,
                                       fx.rate, self._funding, self._configuration, self._paper, self._market_data)
        opening = AccountOpening(state, catalog, self.price_of, fx,
                                 Decimal(str(margin.rates.pm_open_minimum_usd)))
        allocation = AllocationDesk(state, lambda account: self.account_values(account)[AccountTag.NET_LIQUIDATION],
                                    desk.reshare_model_orders)
        self._handlers = merge_handlers(opening.handlers(), desk.handlers(state), allocation.handlers(),
                                        correction_handlers(state, catalog), self._session.handlers(),
                                        self._partitions.handlers(), self._funding.handlers(),
                                        self._segments.handlers(state), user_handlers(state),
                                        self._configuration.handlers(), self._paper.handlers(),
                                        self._market_data.handlers())

    @classmethod
    def new(cls, universe: Universe, seed: int, start: datetime, calendar: ExchangeCalendar | None = None,
            journal: Journal | None = None, snapshot_every: int = 0, random_walk: bool = True, *,
            history: History | None = None) -> Engine:
        """A fresh engine at ``start``. ``random_walk=False`` keeps prices where commands set them;
        ``history`` keeps what is done (default: in memory)."""
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
        engine = cls(universe, state, calendar, journal, snapshot_every, history=history)
        engine._ready.initialise(state)  # foreign stocks that never had a ready market start without one
        return engine

    def _segment_cash_of(self, account_id: str) -> Decimal:
        return self._state.segment_cash.get(account_id, Decimal(0))

    @classmethod
    def from_snapshot(cls, universe: Universe, data: bytes, calendar: ExchangeCalendar | None = None,
                      journal: Journal | None = None, snapshot_every: int = 0, *,
                      history: History | None = None) -> Engine:
        """The engine a snapshot holds, with ``history``: the history as it was when the snapshot was
        taken (a snapshot holds live state only; default: an empty history in memory)."""
        # Unpickling only builds objects that stay alive: the collector's passes while a large snapshot
        # loads would walk the growing heap again and again for nothing (they doubled the load time).
        with _collector_paused():
            version, state, *rest = pickle.loads(data)
        if version != SNAPSHOT_FORMAT:
            raise ValueError(f"snapshot format {version} is not {SNAPSHOT_FORMAT}")
        engine = cls(universe, state, calendar or ExchangeCalendar.nyse(), journal, snapshot_every, history=history)
        bars, reads = rest
        engine._bars.restore(bars)
        engine._restore_reads(reads)
        return engine

    def snapshot(self) -> bytes:
        # The price bars and the read models that follow events ride along (derived, not state), so
        # a restart shows the same chart and the same Trades Summary and Daily P&L. The history does
        # not: the state pickles without it.
        # The pickler keeps a container per pickled object alive until it ends, freed then without a
        # cycle: collections meanwhile would walk them all, a pause that grows with the state, for nothing.
        with _collector_paused():
            return pickle.dumps((SNAPSHOT_FORMAT, self._state, self._bars.export(), self._export_reads()),
                                protocol=pickle.HIGHEST_PROTOCOL)

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
            check_command(self._state, command)  # a user's role first: it is about the command (partitions.users)
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
            self._follow_reads(sink)  # and the read models that follow events
            snapshot = None
            if self._snapshot_every and self._state.commands_applied % self._snapshot_every == 0:
                snapshot = self.snapshot()
            self._journal.record(command, journal_entries(sink), snapshot)
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
        self._funding.refused(command, rejected)
        self._publish([CommandRejected(type(command).__name__, rejected.code, rejected.field, rejected.message,
                                       self._state.now, order_id=line)])
        return rejected

    def preview(self, command: PlaceOrder) -> OrderPreview:
        """What-if: validate ``command``, estimate its cost and its Margin Impact, without placing it."""
        return self._previewer.preview(self._state, command)

    def replay(self, command: Command) -> None:
        """Re-apply a journaled command while rebuilding state: no journal, no subscribers. A command
        today's account rules refuse was accepted by the rules of the version that journaled it, so it is
        validated again under ``earlier_rules`` (counted in ``replayed_under_earlier_rules``)."""
        validate, apply = self._handlers[type(command)]
        try:
            checked = validate(command)
        except Rejection as refusal:
            try:
                with earlier_rules():
                    checked = validate(command)
            except Rejection:
                raise RuntimeError(f"journal replay diverged at {command!r}: {refusal}") from None
            self.replayed_under_earlier_rules += 1
        sink: list[Event] = []
        self._apply(apply, command, checked, sink)
        self._state.commands_applied += 1
        self._bars.follow(sink)  # the bars recorded after the snapshot, as they were
        self._follow_reads(sink)

    def _apply(self, apply: Apply, command: Command, checked: Any, sink: list[Event]) -> None:
        """Apply a validated command, then book its margin consequences (SMA) from its events."""
        self._sma_seen = 0
        self._exposed.watch(sink)
        apply(command, checked, sink)
        note_user(self._state, command, sink)
        self._market_data.follow(sink)  # commissions toward the market data fee waiver
        self._follow_margin(sink)
        self._session.fix_previous_day_elv(sink)
        traded = list(dict.fromkeys([e.account_id for e in sink if type(e) is PositionChanged]))  # type: ignore[attr-defined]
        if traded and self._state.market_state is MarketState.OPEN:  # a fill can open a deficit, as a price can
            self._liquidator.check(self._state, sink, traded)
            self._follow_margin(sink)
        audit.record(self._history, sink)
        bookings = [event for event in sink if type(event) is CashBooked]
        if bookings:  # the cash ledger's entries, so statements know the cash as of any past moment
            self._history.add_cash_bookings(bookings)  # type: ignore[arg-type]
        retire_done(self._state, sink)
        self._holders.follow(sink, self._state.accounts)
        self._exposed.done()

    def _follow_margin(self, sink: list[Event], period_changed: bool = False) -> None:
        """Book SMA and day trades from the events of this command not yet followed; ``period_changed``: the
        clock has just crossed a change of margin period (the close, the open), to be followed even when the
        command brought no event since (the segments' sweep at the overnight change)."""
        fresh = sink[self._sma_seen:]
        if not fresh and not period_changed:
            return
        self._sma_seen = len(sink)
        self._margin.follow_bookings(self._state.accounts, fresh)
        day_traders = follow_day_trades(self._state, self.universe.catalog, fresh)
        if self._margin.rates.pattern_day_trading:
            self._follow_day_trading(fresh, day_traders)
        moved = not _MARKET_MOVES.isdisjoint(map(type, fresh))
        self._sma.follow(self._state, fresh, market_moved=moved)
        self._segments.follow(self._state, fresh, market_moved=moved)

    def _follow_day_trading(self, fresh: list[Event], day_traders: set[str]) -> None:
        """Flag new pattern day traders, meet their calls from deposits and keep the day's largest shortfall
        of day-trading buying power after fills that opened positions (see ``margin.day_trading``)."""
        state = self._state
        if day_traders:
            flag_pattern_day_traders(state, self._calendar, day_traders)
        if not state.pattern_day_traders:
            return
        if state.day_trading_calls:
            meet_calls(state, fresh, self._fx.rate)
        catalog = self.universe.catalog
        opened = {e.account_id for e in fresh if type(e) is PositionChanged  # type: ignore[attr-defined]
                  and e.account_id in state.pattern_day_traders  # type: ignore[attr-defined]
                  and abs(e.quantity) > abs(e.quantity - e.change)  # type: ignore[attr-defined]
                  and catalog[e.symbol].sec_type in COUNTED}  # type: ignore[attr-defined]
        for account_id in sorted(opened):
            if self._margin.clearly_within_day_trading_power(state.accounts[account_id], [], state.now,
                                                             state.previous_day_elv.get(account_id)):
                continue  # no shortfall to keep
            record_excess(state, account_id, buying_power_of(state, account_id, self.account_values(account_id)))

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

    # -- derived events --------------------------------------------------------------------------

    def _append_book_changes(self, sink: list[Event]) -> None:
        """Fills take displayed size off the book: say which quotes changed, unless all did."""
        if any(isinstance(e, QuotesUpdated) and not e.symbols for e in sink):
            return
        traded = tuple(dict.fromkeys(e.symbol for e in sink if isinstance(e, ExecutionReported)))
        if traded:
            sink.append(QuotesUpdated(self._state.now, traded))

    def _append_account_values(self, sink: list[Event]) -> None:
        """One AccountValuesChanged naming every account a booking touched during this command,
        and, when prices moved, every account exposed to them: the holders of the contracts a quote
        update names (SetPrice names an underlying's options with it), every account with positions
        or foreign cash when every price moved or an FX rate did (rates convert every currency)."""
        accounts = self._state.accounts
        touched = dict.fromkeys([e.account_id for e in sink if type(e) in _BOOKINGS])  # type: ignore[attr-defined]
        moved: dict[str, None] = {}
        everything = False
        for event in sink:
            if type(event) is QuotesUpdated:
                if not event.symbols:
                    everything = True
                    break
                moved.update(dict.fromkeys(event.symbols))
        catalog = self.universe.catalog
        if not everything and any(catalog[s].sec_type is SecType.CASH for s in moved):
            everything = True
        if everything:  # each step of the clock moves every price: the exposed accounts, not every account
            touched.update(dict.fromkeys(self._exposed.exposed()))
        elif moved:
            touched.update(self._holders.holders(moved))
        changed = tuple([a for a in touched if accounts[a].account_type is not AccountType.ADVISOR])
        if changed:
            sink.append(AccountValuesChanged(changed, self._state.now))
