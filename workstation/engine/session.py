"""The clock and the trading day: AdvanceClock and SetPrice, the market's steps and each day's end.

Time moves only by ``AdvanceClock``. The clock walks the market in steps of at most a minute
while orders work (in regular hours, or outside them for orders allowed there), stops at every
session boundary (pre-market, open, close, after-hours end) and at every deadline the liquidator
or a pending partition sets. Crossing a boundary: before the pre-market, expired orders are
deactivated, expired contracts settled, the trade cash due that day settles, the deposits due
that day are credited and the account changes and paper account resets due that day take effect;
at the open, the session opens and exposure fees assessed at the last close are charged; at the close, mutual funds
fill at their NAV, SMA closes the day, each account's previous-day ELV is recorded, exposure fees
are assessed, partitions are billed and sampled and the ready-market test runs; then day orders
expire, and once the extended hours end the day's advisor fills are distributed and cash accounts
are checked for free riding.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal

from workstation.engine.core.account_tags import AccountTag
from workstation.engine.core.errors import Rejection
from workstation.engine.core.instruments import InstrumentCatalog
from workstation.engine.core.price_checks import check_price
from workstation.engine.core.terms import AccountType, MarketState
from workstation.engine.funding.desk import FundingDesk
from workstation.engine.funding.market_data import MarketDataDesk
from workstation.engine.ledger.settlement import settle_due
from workstation.engine.margin.day_trading import close_day_trading
from workstation.engine.margin.previous_day import RateOf, adjust_previous_day_elv, cash_settled
from workstation.engine.margin.ready_market import ReadyMarket
from workstation.engine.margin.sma import SmaLedger
from workstation.engine.market.calendar import EASTERN, ExchangeCalendar
from workstation.engine.messages.commands import AdvanceClock, SetPrice
from workstation.engine.messages.events import (
    AccountOpened,
    ClockAdvanced,
    Event,
    MarketStateChanged,
    PriceSet,
    QuotesUpdated,
    SessionOpened,
)
from workstation.engine.messages.handlers import Handlers
from workstation.engine.orders.expiration import settle_expired
from workstation.engine.partitions.desk import PartitionDesk
from workstation.engine.risk.fee_ledger import ExposureFees
from workstation.engine.risk.free_riding import lift_expired, surveil
from workstation.engine.risk.liquidation import Liquidator
from workstation.engine.state import EngineState
from workstation.engine.trading.configuration_desk import ConfigurationDesk
from workstation.engine.trading.day_end import deactivate_expired, expire_due, fill_funds_at_nav
from workstation.engine.trading.desk import OrderDesk
from workstation.engine.trading.paper_desk import PaperDesk

MAX_MARKET_STEP = timedelta(seconds=60)
ValuesOf = Callable[[str], dict[AccountTag, Decimal]]
FollowMargin = Callable[[list[Event], bool], None]
"""Books SMA and day trades from the command's events not yet followed (True: also when there are none,
the margin period having just changed)."""


class TradingSession:
    """AdvanceClock and SetPrice over ``state``, and the previous-day ELV each account keeps."""

    def __init__(self, state: EngineState, catalog: InstrumentCatalog, calendar: ExchangeCalendar, desk: OrderDesk,
                 liquidator: Liquidator, partitions: PartitionDesk, fees: ExposureFees, sma: SmaLedger,
                 ready: ReadyMarket, values_of: ValuesOf, follow_margin: FollowMargin, rate_of: RateOf,
                 funding: FundingDesk, configuration: ConfigurationDesk | None = None,
                 paper: PaperDesk | None = None, market_data: MarketDataDesk | None = None) -> None:
        self._state = state
        self._catalog = catalog
        self._calendar = calendar
        self._desk = desk
        self._liquidator = liquidator
        self._partitions = partitions
        self._fees = fees
        self._sma = sma
        self._ready = ready
        self._values_of = values_of
        self._follow_margin = follow_margin
        self._rate_of = rate_of
        self._funding = funding
        self._adjusted: set[int] = set()  # ids of events whose money the previous-day ELV has already taken
        self._configuration = configuration
        self._paper = paper
        self._market_data = market_data

    def handlers(self) -> Handlers:
        return {AdvanceClock: (self._validate_advance, self._advance),
                SetPrice: (self._validate_set_price, self._set_price)}

    # -- SetPrice --------------------------------------------------------------------------------

    def _validate_set_price(self, command: SetPrice) -> None:
        instrument = self._catalog.get(command.symbol)
        if instrument is None:
            raise Rejection("UNKNOWN_CONTRACT", "symbol", f"{command.symbol!r} is not a known contract")
        if instrument.is_option:
            raise Rejection("INVALID_PRICE", "symbol", f"{instrument.symbol} is an option; it is priced from "
                            f"{instrument.underlying}, so set the underlying's price")
        check_price(command.price, "price", instrument)

    def _set_price(self, command: SetPrice, _checked: None, sink: list[Event]) -> None:
        state = self._state
        state.market.set_price(command.symbol, command.price, state.now)
        state.delayed_quotes.record(state.market, state.now)
        sink.append(PriceSet(command.symbol, command.price, state.now))
        repriced = tuple(o.symbol for o in self._catalog.options_on(command.symbol))
        sink.append(QuotesUpdated(state.now, (command.symbol, *repriced)))
        self._desk.work_all(state, sink)
        self._liquidator.check(state, sink)

    # -- AdvanceClock ----------------------------------------------------------------------------

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

    def _advance(self, _command: AdvanceClock, target: datetime, sink: list[Event]) -> None:
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
                    state.delayed_quotes.record(state.market, state.now)
                    self._desk.work_all(state, sink)
                    self._follow_margin(sink, False)  # SMA booked for what filled, before the checks read it
                    self._liquidator.check(state, sink)
                    moved = True
            else:
                state.now = leg_end
            if state.now == boundary:
                self._cross_boundary(sink)
                state.delayed_quotes.record(state.market, state.now)
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
            deactivate_expired(self._desk, state, sink)
            settle_expired(state, self._catalog, sink)
            self._settle_cash(sink)
            self._arrive_deposits(sink)
            lift_expired(state, state.now.date())
            self._configure_accounts(sink)
            if self._paper is not None:
                self._paper.apply_due(sink)  # paper resets due today: after the day's cash settled
            if self._market_data is not None:
                self._market_data.bill_month(sink)  # a month's first business day bills its subscriptions
        if new_state is MarketState.OPEN:
            state.market.open_session()
            sink.append(SessionOpened(state.now.date()))
            self._fees.charge_at_open(state, sink)
        if state.market_state is MarketState.OPEN:
            self._close_day(sink)
        expire_due(self._desk, state, sink)
        if state.market_state is MarketState.AFTER_HOURS:  # the trading day, extended hours included, is over
            self._desk.distribute_day(state, sink)
            surveil(state, state.now.date(), state.now, sink)  # free riding: IB's end-of-day check
        state.market_state = new_state
        sink.append(MarketStateChanged(new_state, state.now))
        self._desk.work_all(state, sink)
        self._liquidator.check(state, sink)

    def _close_day(self, sink: list[Event]) -> None:
        """The 16:00 ET close: funds at NAV, SMA's day, previous-day ELV, day-trading calls, exposure fees,
        partitions, ready market."""
        state = self._state
        state.market.step(state.now, 0.0, moving=False)
        fill_funds_at_nav(self._desk, state, sink)
        # The futures' overnight margin began at 15:45 ET: the segments' sweep to it is due by now even if
        # nothing happened since, and before the previous-day ELV is recorded.
        self._follow_margin(sink, True)
        self._sma.close_of_day(state, sink)
        self._record_previous_day_elv()
        close_day_trading(state, self._calendar)
        self._fees.assess_at_close(state, sink)
        self._partitions.at_close(sink)
        self._ready.at_close(state, sink)

    def _settle_cash(self, sink: list[Event]) -> None:
        """The pre-market step settles the trade cash due today (decision D1.2). A cash account's ELV
        is its settled cash, so the cash settled moves its Previous Day ELV too (decision D9.1), here
        rather than after the command: a clock advanced past the next close records that day's value."""
        state = self._state
        settled = settle_due(state, state.now.date(), state.now, sink)
        cash_accounts = [e for e in settled if state.accounts[e.account_id].account_type is AccountType.CASH]
        adjust_previous_day_elv(state.previous_day_elv, state.accounts, cash_accounts, self._rate_of, cash_settled)

    def _arrive_deposits(self, sink: list[Event]) -> None:
        """Deposits due today are credited at the pre-market step, after the last close: their money adjusts
        the previous-day ELV here (decision D9.1), not again after the command, whose clock may pass the next
        close, which records it."""
        arrived = self._funding.arrive_due(sink)
        if arrived:
            adjust_previous_day_elv(self._state.previous_day_elv, self._state.accounts, arrived, self._rate_of)
            self._adjusted.update(id(e) for e in arrived)

    def _configure_accounts(self, sink: list[Event]) -> None:
        """Account type, permission and base currency changes due today take effect; a cash account that
        became a margin account starts its SMA at its equity with loan value less Reg T's margin."""
        if self._configuration is None:
            return
        for account_id in self._configuration.apply_due(sink):
            self._sma.ratchet(self._state, account_id)

    # -- previous-day ELV ------------------------------------------------------------------------

    def _record_previous_day_elv(self) -> None:
        """IB's PreviousDayEquityWithLoanValue is the securities ELV at 16:00 ET; the commodities segment's net
        liquidation then is kept beside it, for BuyingPower's comparison of both segments' equity."""
        state = self._state
        for account_id, account in state.accounts.items():
            if not account.is_advisor:
                values = self._values_of(account_id)
                state.previous_day_elv[account_id] = values[AccountTag.EQUITY_WITH_LOAN_VALUE_S]
                nlv_c = values[AccountTag.TOTAL_CASH_VALUE_C] + values[AccountTag.FUTURE_OPTION_VALUE]
                if nlv_c:
                    state.previous_day_nlv_c[account_id] = nlv_c
                else:
                    state.previous_day_nlv_c.pop(account_id, None)

    def fix_previous_day_elv(self, sink: list[Event]) -> None:
        """An account opened (a partition too) has no previous close yet: its Previous Day ELV is
        its ELV at opening, fixed until its first 16:00 ET, never the live value (which would make a
        parent and partition combined count a transfer twice). Money deposited, withdrawn or transferred
        since the last close first adjusts the stored values (decision D9.1)."""
        state = self._state
        fresh = [e for e in sink if id(e) not in self._adjusted] if self._adjusted else sink
        self._adjusted.clear()
        adjust_previous_day_elv(state.previous_day_elv, state.accounts, fresh, self._rate_of)
        for event in sink:
            if type(event) is AccountOpened and event.account_id not in state.previous_day_elv \
                    and not state.accounts[event.account_id].is_advisor:
                elv = self._values_of(event.account_id)[AccountTag.EQUITY_WITH_LOAN_VALUE_S]
                state.previous_day_elv[event.account_id] = elv
