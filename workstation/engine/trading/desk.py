"""The order desk: validates and applies place, modify, cancel and forced executions, and works
every live order against the market.

Validation always runs to the end before anything changes, so a refused command leaves no trace.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from workstation.engine.allocation.booking import AllocatedExecution, book_allocated_execution, distribute
from workstation.engine.allocation.combo_plans import ComboPlans
from workstation.engine.allocation.fills import FillAllocation
from workstation.engine.allocation.models import Model
from workstation.engine.allocation.planner import (
    RateOf,
    ValuesOf,
    plan_allocation,
    reshare_model_order,
    resized_plan,
)
from workstation.engine.allocation.setup import presets_of
from workstation.engine.core.account_rules import account_rule
from workstation.engine.core.commissions import commission_currency, order_commission
from workstation.engine.core.errors import Rejection
from workstation.engine.core.instruments import Instrument, InstrumentCatalog, SecType
from workstation.engine.core.price_checks import check_price, check_quantity
from workstation.engine.core.terms import AccountType, Action, MarketState, OrderStatus, TimeInForce
from workstation.engine.ledger import booking as ledger
from workstation.engine.ledger.accounts import NOT_PERMITTED_TEXT, Account
from workstation.engine.margin import MarginImpact, MarginModel, ProposedFill
from workstation.engine.margin.day_trades import (
    DAY_TRADES_ALLOWED,
    PATTERN_DAY_TRADER_EQUITY,
    WINDOW_BUSINESS_DAYS,
    day_trades_remaining,
)
from workstation.engine.market.calendar import ExchangeCalendar
from workstation.engine.messages.commands import CancelOrder, ForceExecution, ModifyOrder, PlaceOrder
from workstation.engine.messages.events import Event, ExecutionReported, OrderModified, OrderPlaced, OrderStatusChanged
from workstation.engine.messages.handlers import Handlers
from workstation.engine.orders.allocation_plan import AllocationPlan, planned_event
from workstation.engine.orders.done_orders import find_order
from workstation.engine.orders.entry_rules import check_fund_order, check_prices_for_type
from workstation.engine.orders.matching import match, stop_triggered
from workstation.engine.orders.mutual_funds import check_cash_quantity, shares_for
from workstation.engine.orders.order import InvalidOrderTransition, Order
from workstation.engine.orders.price_estimate import estimate_price
from workstation.engine.orders.working_index import WorkingIndex
from workstation.engine.partitions.roles import check_entry
from workstation.engine.risk.cash_account import OrderTerms, check_cash_account
from workstation.engine.trading.book import TradingState
from workstation.engine.trading.combo_desk import ComboDesk
from workstation.engine.trading.day_trading_check import NOT_DAY_TRADED, day_trading_check

Sink = list[Event]
_OUTSIDE_RTH_STATES = (MarketState.PRE_MARKET, MarketState.AFTER_HOURS)
_LEGS_FOLLOW = frozenset({OrderStatus.PRE_SUBMITTED, OrderStatus.SUBMITTED, OrderStatus.CANCELLED,
                          OrderStatus.INACTIVE})


class OrderDesk:
    """Order commands and order working, over a ``TradingState`` it does not own."""

    def __init__(self, catalog: InstrumentCatalog, calendar: ExchangeCalendar, values_of: ValuesOf,
                 rate_of: RateOf, margin: MarginModel) -> None:
        self._catalog = catalog
        self._calendar = calendar
        self._values_of = values_of
        self._rate_of = rate_of
        self._margin = margin
        self._combos = ComboDesk(self, catalog, values_of, rate_of, margin)
        self._working = WorkingIndex(lambda symbol: catalog[symbol].sec_type is SecType.FUND)

    @property
    def catalog(self) -> InstrumentCatalog:
        return self._catalog

    def handlers(self, state: TradingState) -> Handlers:
        """PlaceOrder, ModifyOrder, CancelOrder and ForceExecution over ``state``; changing or
        cancelling an order takes the right to trade its account."""

        def check_entry_on(order_id: int, entered_by: str | None) -> None:
            order = find_order(state, order_id)
            if order is not None:
                check_entry(state, entered_by, order.account)

        def validate_modify(command: ModifyOrder) -> AllocationPlan | None:
            check_entry_on(command.order_id, command.entered_by)
            return self.validate_modify(state, command)

        def validate_cancel(command: CancelOrder) -> None:
            check_entry_on(command.order_id, command.entered_by)
            self.find_live(state, command.order_id, "cancelled")

        return {
            PlaceOrder: (lambda c: self.validate_place(state, c),
                         lambda c, plan, sink: self.place(state, c, plan, sink)),
            ModifyOrder: (validate_modify, lambda c, plan, sink: self.modify(state, c, plan, sink)),
            CancelOrder: (validate_cancel, lambda c, _checked, sink: self.cancel(state, c, sink)),
            ForceExecution: (lambda c: self.validate_force(state, c),
                             lambda c, _checked, sink: self.force_execution(state, c, sink)),
        }

    # -- validation ------------------------------------------------------------------------------

    def validate_place(self, state: TradingState, command: PlaceOrder) -> AllocationPlan | ComboPlans | None:
        """Check a new order; for an advisor's allocation order, return its plan (a combo's, its plans)."""
        account = state.accounts.get(command.account)
        if account is None:
            raise Rejection("UNKNOWN_ACCOUNT", "account", f"{command.account} does not exist")
        check_entry(state, command.entered_by, command.account)
        if account.is_advisor and not command.allocates:
            raise Rejection("ADVISOR_HOLDS_NO_POSITIONS",
                            "account", f"{account.account_id} is an advisor master and holds no positions; "
                            "order for a client account or an allocation group")
        if command.allocates and not account.is_advisor:
            raise Rejection("NOT_AN_ADVISOR", "account", f"{account.account_id} is not an advisor master; allocation "
                            "orders are placed from the advisor's account")
        if not command.allocates and (command.fa_method is not None or command.fa_percentage is not None):
            raise Rejection("INVALID_ALLOCATION_METHOD", "fa_method", "an allocation method needs fa_group or "
                            "fa_allocations; an order for one account is not allocated")
        if command.is_combo:
            return self._combos.validate_place(state, command)
        instrument = self._catalog.get(command.symbol)
        if instrument is None:
            raise Rejection("UNKNOWN_CONTRACT", "symbol", f"{command.symbol!r} is not a known contract")
        if not instrument.tradable:
            raise Rejection("NOT_TRADABLE", "symbol", f"{instrument.symbol} is an index and cannot be traded")
        if instrument.is_expired(state.now.date()):
            raise Rejection("CONTRACT_EXPIRED", "symbol", f"{instrument.symbol} expired on {instrument.expiry}")
        check_prices_for_type(command.order_type, command.lmt_price, command.aux_price, instrument)
        if instrument.sec_type is SecType.FUND:
            check_fund_order(command)
        check_cash_quantity(command, instrument)
        if command.allocates:
            return plan_allocation(state, self._catalog, self._values_of, self._rate_of, command, instrument,
                                   self._margin)
        if not account.may_trade(instrument):
            raise Rejection("NO_TRADING_PERMISSION", "symbol", f"{NOT_PERMITTED_TEXT} (account {account.account_id} "
                            f"has no trading permission for {instrument.permission_class} in "
                            f"{instrument.country or 'FX'})")
        if command.cash_qty is None:
            check_quantity(command.total_quantity, "total_quantity")
        terms = OrderTerms(command.account, command.symbol, command.action, command.total_quantity,
                           command.order_type, command.lmt_price, command.aux_price, command.cash_qty)
        field = "total_quantity" if command.cash_qty is None else "cash_qty"
        if account.account_type is AccountType.CASH:
            check_cash_account(state, self._catalog, account, terms, field=field)
        else:
            self.check_margin(state, account, [self._proposed_fill(state, terms)], field)
            self._check_day_trades(state, account, instrument, command.action)
        return None

    def day_trading_refusal(self, state: TradingState, account: Account, fills: list[ProposedFill],
                            impact: MarginImpact | None = None) -> str | None:
        """Why a pattern day trader may not place these fills (see ``day_trading_check``), or None."""
        return day_trading_check(state, self._margin, self._values_of, account, fills, impact)

    @account_rule
    def _check_day_trades(self, state: TradingState, account: Account, instrument: Instrument, action: Action) -> None:
        """A margin account under USD 25,000 with its three day trades used may only close positions."""
        if instrument.sec_type in NOT_DAY_TRADED or not self._margin.rates.pattern_day_trading:
            return
        position = account.position_quantity(instrument.symbol)
        if position * action.sign < 0:
            return  # a closing order, which IB lets through
        if not state.day_trades.get(account.account_id):
            return
        nlv = Decimal(f"{self._margin.risk.totals(account, state.now).net_liquidation:.2f}") \
            * self._rate_of(account.base_currency, "USD")
        if nlv >= PATTERN_DAY_TRADER_EQUITY:
            return
        if day_trades_remaining(state, self._calendar, account.account_id, nlv)[0] == 0:
            raise Rejection("PATTERN_DAY_TRADER", "action", f"account {account.account_id} has made "
                            f"{DAY_TRADES_ALLOWED} day trades in the last {WINDOW_BUSINESS_DAYS} business days with "
                            f"{nlv:,.2f} USD of net liquidation, under the {PATTERN_DAY_TRADER_EQUITY:,.0f} USD a "
                            "pattern day trader needs; only closing orders are accepted")

    def _proposed_fill(self, state: TradingState, terms: OrderTerms, price: Decimal | None = None) -> ProposedFill:
        """The order filled in full at ``price`` (default: its estimate), for the margin check."""
        quote = state.market.quote(terms.symbol)
        if terms.cash_qty is not None:  # a fund bought for an amount: the shares it buys at the last NAV
            instrument = self._catalog[terms.symbol]
            quantity = Decimal(shares_for(terms.cash_qty, quote.last, instrument.multiplier))
            return self._margin.proposed_fill(terms.symbol, terms.action, quantity, quote.last)
        if price is None:
            price = estimate_price(terms.action, terms.order_type, terms.lmt_price, terms.aux_price, quote)
        return self._margin.proposed_fill(terms.symbol, terms.action, terms.quantity, price)

    @account_rule
    def check_margin(self, state: TradingState, account: Account, fills: list[ProposedFill], field: str) -> None:
        """IB's pre-trade margin check: refuse what would leave the account short of available funds, or a
        pattern day trader's opening order beyond its day-trading buying power (new, modified or a combo)."""
        fills = [fill for fill in fills if fill.quantity > 0]
        if not fills:
            return  # a fund amount that buys no share trades nothing
        self.check_portfolio_margin_floor(account, fills, state.now, field)
        reason = self._margin.check(account, fills, state.now)
        if reason is not None:
            raise Rejection("INSUFFICIENT_MARGIN", field, reason)
        reason = self.day_trading_refusal(state, account, fills)
        if reason is not None:
            raise Rejection("DAY_TRADING_BUYING_POWER", field, reason)

    @account_rule
    def check_portfolio_margin_floor(self, account: Account, fills: list[ProposedFill], now: datetime,
                                     field: str) -> None:
        """A Portfolio Margin account whose equity with loan value is under USD 100,000 may only place orders that
        do not raise its margin (account-management reference §6, IB KB article 85)."""
        if account.account_type is not AccountType.PORTFOLIO:
            return
        refusal = self._margin.portfolio_floor_refusal(account, fills, now)
        if refusal is not None:
            raise Rejection("PORTFOLIO_MARGIN_EQUITY_FLOOR", field, refusal)

    def find_live(self, state: TradingState, order_id: int, verb: str) -> Order:
        order = find_order(state, order_id)
        if order is None:
            raise Rejection("ORDER_NOT_FOUND", "order_id", f"no order {order_id}")
        if order.is_done:
            raise Rejection("ORDER_ALREADY_DONE",
                            "order_id", f"order {order_id} is {order.status.value} and cannot be {verb}")
        if order.parent_id is not None and verb != "executed":
            raise Rejection("COMBO_LEG", "order_id", f"order {order_id} is a leg of combo order {order.parent_id} and "
                            f"cannot be {verb} on its own; use the combo")
        return order

    def validate_modify(self, state: TradingState, command: ModifyOrder) -> AllocationPlan | None:
        """Check a modification; for a new size of an advisor order, return its re-shared plan."""
        order = self.find_live(state, command.order_id, "modified")
        if order.combo is not None:
            self._combos.validate_modify(order, command)
            return None
        if order.awaiting_nav:
            raise Rejection("NOT_MODIFIABLE", "cash_qty", f"order {order.order_id} is for an amount of cash awaiting "
                            "the NAV; cancel it and enter a new one")
        instrument = self._catalog[order.symbol]
        total = order.total_quantity if command.total_quantity is None else command.total_quantity
        if command.total_quantity is not None:
            check_quantity(total, "total_quantity")
            if total <= order.filled:
                raise Rejection("INVALID_QUANTITY",
                                "total_quantity", f"{total.normalize():f} is not more than the "
                                f"{order.filled.normalize():f} already filled; cancel the order to stop it")
        lmt = command.lmt_price if command.lmt_price is not None else order.lmt_price
        aux = command.aux_price if command.aux_price is not None else order.aux_price
        check_prices_for_type(order.order_type, lmt, aux, instrument)
        terms = OrderTerms(order.account, order.symbol, order.action, total - order.filled, order.order_type,
                           lmt, aux)
        if order.allocation is not None and command.total_quantity is not None:
            return self._resize(state, order, total, terms)
        field = "lmt_price" if order.allocation else "total_quantity"
        self.check_cash(state, order, terms, None, field)
        account = state.accounts[order.account]
        if order.allocation is None and account.account_type is not AccountType.CASH:
            self.check_margin(state, account, [self._proposed_fill(state, terms)], field)
        return None

    def _resize(self, state: TradingState, order: Order, total: Decimal, terms: OrderTerms) -> AllocationPlan:
        """An advisor order's new size, shared again among its accounts (the strict preset rejecting
        the change if the credit check cuts any of them)."""
        plan, credit_failures = resized_plan(state, self._catalog, order, total, terms, self._margin)
        if credit_failures and presets_of(state, order.account).strict:
            raise Rejection("ALLOCATION_REJECTED", "total_quantity", f"{'; '.join(credit_failures)}. The strict "
                            "per-account preset rejects the change")
        if plan.total_allowed <= order.filled:
            raise Rejection("INVALID_QUANTITY", "total_quantity", "its accounts can take no more than the "
                            f"{order.filled.normalize():f} already filled; cancel the order to stop it")
        return plan

    def validate_force(self, state: TradingState, command: ForceExecution) -> None:
        order = self.find_live(state, command.order_id, "executed")
        check_quantity(command.quantity, "quantity")
        if command.quantity > order.remaining:
            raise Rejection("INVALID_QUANTITY",
                            "quantity", f"{command.quantity.normalize():f} is more than the "
                            f"{order.remaining.normalize():f} remaining on order {order.order_id}")
        if order.combo is not None or order.parent_id is not None:
            self._combos.validate_force(state, order, command)
            if order.combo is not None:
                return
        if command.price is None or command.leg_prices is not None:
            raise Rejection("MISSING_PRICE", "price", f"order {order.order_id} is not a combo; give one price")
        check_price(command.price, "price", self._catalog[order.symbol])
        terms = OrderTerms(order.account, order.symbol, order.action, command.quantity, order.order_type,
                           order.lmt_price, order.aux_price)
        self.check_cash(state, order, terms, command.price, "quantity")

    def check_cash(self, state: TradingState, order: Order, terms: OrderTerms, price: Decimal | None,
                    field: str) -> None:
        """Cash accounts must still pay for a changed or forced order: the account itself, or for an
        advisor order each cash client for what it may still receive."""
        if order.allocation is None:
            account = state.accounts[order.account]
            if account.account_type is AccountType.CASH:
                check_cash_account(state, self._catalog, account, terms, replacing=order.order_id, price=price,
                                   field=field)
            return
        for row in order.allocation.rows:
            client = state.accounts[row.account]
            left = row.allowed_quantity - row.allocated
            if client.account_type is AccountType.CASH and left > 0:
                check_cash_account(state, self._catalog, client, replace(terms, account=row.account,
                                                                         quantity=Decimal(left)),
                                   replacing=order.order_id, price=price, field=field)

    def reshare_model_orders(self, state: TradingState, model: Model, sink: Sink) -> None:
        """Re-share the unfilled part of the model's working orders after an investment change;
        an order no investor can take any more is cancelled."""
        for order in list(state.working.values()):
            plan = order.allocation
            if plan is None or order.account != model.advisor or plan.model != model.name:
                continue
            if order.awaiting_nav:
                continue  # a fund order for cash keeps the amounts it was shared in until its NAV
            # What filled under the old investments is distributed under them, before re-sharing.
            distribute(state, order, self._catalog[order.symbol], sink, end_of_day=True)
            credit_failures = reshare_model_order(state, self._catalog, order, model, self._margin)
            sink.append(planned_event(order.order_id, plan))
            total = Decimal(plan.total_allowed)
            if credit_failures and presets_of(state, order.account).strict:
                self.set_status(state, order, OrderStatus.CANCELLED,
                             f"Model {model.name} re-shared: {'; '.join(credit_failures)}. The strict per-account "
                             "preset rejects the whole order", sink)
            elif total <= order.filled:
                unfilled = order.remaining.normalize()
                self.set_status(state, order, OrderStatus.CANCELLED,
                             f"Model {model.name} can no longer take the unfilled {unfilled:f}", sink)
            elif total != order.total_quantity:  # the reduce preset: the order shrinks or grows with the model
                order.total_quantity = total
                sink.append(OrderModified(order.order_id, order.total_quantity, order.lmt_price, order.aux_price,
                                          order.tif, state.now))

    # -- application -----------------------------------------------------------------------------

    def place(self, state: TradingState, command: PlaceOrder, plan: AllocationPlan | ComboPlans | None,
              sink: Sink) -> Order:
        if command.is_combo:
            assert not isinstance(plan, AllocationPlan)
            return self._combos.place(state, command, plan, sink)
        assert not isinstance(plan, ComboPlans)
        quantity = command.total_quantity if plan is None else Decimal(plan.total_allowed)
        order = Order(
            order_id=state.next_order_id, account=command.account, symbol=command.symbol,
            action=command.action, total_quantity=quantity, order_type=command.order_type,
            tif=command.tif, created=state.now, lmt_price=command.lmt_price, aux_price=command.aux_price,
            outside_rth=command.outside_rth, order_ref=command.order_ref, updated=state.now,
            good_until=self.day_end(state.now, command.outside_rth) if command.tif is TimeInForce.DAY else None,
            allocation=plan, cash_qty=command.cash_qty if plan is None else plan.cash_qty,
            api_client_id=command.api_client_id, api_order_id=command.api_order_id,
        )
        state.next_order_id += 1
        state.orders[order.order_id] = order
        state.working[order.order_id] = order
        sink.append(OrderPlaced(order.order_id, order.account, order.symbol, order.action, order.total_quantity,
                                order.order_type, order.lmt_price, order.aux_price, order.tif, order.outside_rth,
                                order.order_ref, state.now, order.cash_qty, api_client_id=order.api_client_id,
                                api_order_id=order.api_order_id))
        if plan is not None:
            sink.append(planned_event(order.order_id, plan))
        self.announce_placed(state, order, sink)
        self.work(state, order, sink)
        return order

    def modify(self, state: TradingState, command: ModifyOrder, plan: AllocationPlan | None, sink: Sink) -> None:
        order = state.orders[command.order_id]
        if plan is not None:
            order.allocation = plan
            order.total_quantity = Decimal(plan.total_allowed)
        elif command.total_quantity is not None:
            order.total_quantity = command.total_quantity
        if command.lmt_price is not None:
            order.lmt_price = command.lmt_price
        if command.aux_price is not None:
            order.aux_price = command.aux_price
            order.triggered = False
        if command.tif is not None and command.tif is not order.tif:
            order.tif = command.tif
            order.good_until = self.day_end(state.now, order.outside_rth) if order.tif is TimeInForce.DAY else None
            for leg in self._combos.leg_orders(state, order) if order.combo is not None else ():
                leg.tif = order.tif
        sink.append(OrderModified(order.order_id, order.total_quantity, order.lmt_price, order.aux_price,
                                  order.tif, state.now))
        if plan is not None:
            sink.append(planned_event(order.order_id, plan))
        self.set_status(state, order, order.status, "Modified", sink)
        self.work(state, order, sink)

    def cancel(self, state: TradingState, command: CancelOrder, sink: Sink) -> None:
        order = state.orders[command.order_id]
        self.set_status(state, order, OrderStatus.PENDING_CANCEL, "Cancel requested", sink)
        self.set_status(state, order, OrderStatus.CANCELLED, "Cancelled by user", sink)

    def force_execution(self, state: TradingState, command: ForceExecution, sink: Sink) -> None:
        order = state.orders[command.order_id]
        working = order if order.parent_id is None else state.orders[order.parent_id]
        if working.status is not OrderStatus.SUBMITTED:
            working.triggered = True
            self.set_status(state, working, OrderStatus.SUBMITTED, "Released for a forced execution", sink)
        if order.combo is not None:
            assert command.leg_prices is not None
            self._combos.execute_units(state, order, command.quantity, command.leg_prices, sink)
            return
        assert command.price is not None
        self.execute(state, order, command.quantity, command.price, sink)
        if working is not order:  # a leg of a non-guaranteed combo, legging in
            working.execution_ids.append(order.execution_ids[-1])
            self._combos.follow_legs(state, working, sink)

    def day_end(self, now: datetime, outside_rth: bool) -> datetime:
        """When a DAY order placed ``now`` ends: this session's close, or its 20:00 end of after-hours
        trading if it may trade outside regular hours; placed after that, the next session's."""
        today = self._calendar.session_on(now.date())
        if outside_rth and today is not None and today.after_hours_close > now:
            return today.after_hours_close
        session = self._calendar.next_session(now)
        return session.after_hours_close if outside_rth else session.close

    def distribute_day(self, state: TradingState, sink: Sink) -> None:
        """At the close: the day's fills of advisor orders that keep working get their final distribution."""
        for order in list(state.working.values()):
            if order.combo is not None:
                self._combos.finish(state, order, sink, end_of_day=True)
            elif order.allocation is not None and order.parent_id is None:
                distribute(state, order, self._catalog[order.symbol], sink, end_of_day=True)

    def work_all(self, state: TradingState, sink: Sink) -> None:
        """Work every live order the market can move now (the index says which: see ``working_index``)."""
        for order in self._working.due(state.working, state.market.quote, state.market_state):
            if not order.is_done and order.parent_id is None:
                self.work(state, order, sink)

    def work(self, state: TradingState, order: Order, sink: Sink) -> None:
        """Release, trigger and fill ``order`` as far as the market allows right now."""
        if order.combo is None and self._catalog[order.symbol].sec_type is SecType.FUND:
            if order.status is not OrderStatus.SUBMITTED:
                self.set_status(state, order, OrderStatus.SUBMITTED, "Awaiting the day's net asset value", sink)
            return
        can_trade = state.market_state is MarketState.OPEN or (
            order.outside_rth and state.market_state in _OUTSIDE_RTH_STATES)
        if order.is_stop and not order.triggered and can_trade and stop_triggered(
                order, state.market.quote(order.symbol)):
            order.triggered = True
        held_reason = ""
        if not can_trade:
            held_reason = "Held until the market opens"
        elif order.is_stop and not order.triggered:
            held_reason = f"Waiting for the stop price {order.aux_price} to trigger"
        if held_reason and order.tif is TimeInForce.IOC:
            self.set_status(state, order, OrderStatus.CANCELLED, f"IOC order could not execute now: {held_reason}",
                            sink)
            return
        if held_reason:
            if order.status is not OrderStatus.PRE_SUBMITTED:
                self.set_status(state, order, OrderStatus.PRE_SUBMITTED, held_reason, sink)
            return
        if order.status is not OrderStatus.SUBMITTED:
            self.set_status(state, order, OrderStatus.SUBMITTED, "Stop triggered" if order.is_stop else "", sink)
        if order.combo is not None:
            self._combos.fill(state, order, sink)
        else:
            fill = match(order, state.market.quote(order.symbol))
            if fill is not None:
                self.execute(state, order, fill.quantity, fill.price, sink)
        if order.tif is TimeInForce.IOC and not order.is_done:
            self.set_status(state, order, OrderStatus.CANCELLED, "IOC remainder cancelled", sink)

    def execute(self, state: TradingState, order: Order, quantity: Decimal, price: Decimal, sink: Sink,
                shared: FillAllocation | None = None) -> None:
        """Book one execution of ``order`` (``shared``: its parts per account, when decided elsewhere)."""
        instrument = self._catalog[order.symbol]
        order.record_fill(quantity, price)
        exec_id = f"{order.order_id:08x}.{state.history.execution_count() + 1:08x}.01.01"
        order.execution_ids.append(exec_id)
        position_at = len(sink)
        currency = commission_currency(instrument)
        if order.allocation is None:
            total_commission = order_commission(instrument, order.filled, order.filled_value * instrument.multiplier)
            commission = total_commission - order.commission
            effect = ledger.book_execution(state.accounts[order.account], instrument, order.action, quantity, price,
                                           commission, currency, state.now, sink)
            closings = ((order.account, effect.closed, effect.closed_cost, effect.closed_price),) \
                if effect.closed else ()
            booked = AllocatedExecution(commission, effect.realized, ((order.account, quantity),), (), closings)
        else:
            booked = book_allocated_execution(state, order, instrument, quantity, price, sink, shared)
        order.commission += booked.commission
        execution = ExecutionReported(exec_id, order.order_id, order.account, order.symbol, order.action, quantity,
                                      price, state.now, booked.commission, currency, booked.realized,
                                      booked.allocations, booked.random_picks, booked.closings,
                                      booked.commissions if order.allocation is not None else ())
        sink.insert(position_at, execution)
        state.history.add_execution(execution)
        state.market.consume(order.symbol, order.action is Action.BUY, quantity)
        status = OrderStatus.FILLED if order.remaining == 0 else OrderStatus.SUBMITTED
        self.set_status(state, order, status, "", sink)

    def announce_placed(self, state: TradingState, order: Order, sink: Sink) -> None:
        """Publish a new order's first status, PendingSubmit, which it was created with."""
        if not order.is_new:
            raise InvalidOrderTransition(f"order {order.order_id} was placed already: it is {order.status.value}")
        self._status_changed(state, order, "", sink)

    def set_status(self, state: TradingState, order: Order, status: OrderStatus, reason: str, sink: Sink) -> None:
        """Move ``order`` along an edge of its lifecycle (any other change is refused) and publish it."""
        order.move_to(status)
        self._status_changed(state, order, reason, sink)

    def _status_changed(self, state: TradingState, order: Order, reason: str, sink: Sink) -> None:
        order.status_reason = reason
        order.updated = state.now
        if order.is_done:
            state.working.pop(order.order_id, None)
        self._working.changed(state.working, order)
        sink.append(OrderStatusChanged(order.order_id, order.status, order.filled, order.remaining,
                                       order.avg_fill_price, reason, state.now))
        if order.combo is not None:
            self._legs_follow(state, order, reason, sink)
            if order.is_done:
                self._combos.finish(state, order, sink)
        elif order.is_done and order.allocation is not None and order.parent_id is None:
            distribute(state, order, self._catalog[order.symbol], sink)

    def _legs_follow(self, state: TradingState, combo: Order, reason: str, sink: Sink) -> None:
        """A combo's legs are held, released, cancelled and made inactive with it."""
        if combo.status not in _LEGS_FOLLOW:
            return
        for leg in self._combos.leg_orders(state, combo):
            if not leg.is_done and leg.status is not combo.status:
                self.set_status(state, leg, combo.status, reason, sink)
