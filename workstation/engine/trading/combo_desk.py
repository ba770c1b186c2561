"""Combination orders (IB's BAG): several legs bought and sold together for one net price.

A combo order counts units of the combination; its limit is the net price of one unit (negative
for a credit). Each leg is carried by an order of its own, on the leg's contract, for the units
times the leg's ratio: the leg orders hold the executions, the commissions (each leg pays its own
schedule) and, for an advisor, the leg's allocation; the combo order holds the units, the net
average price and, for an advisor, the units each account is to receive.

A guaranteed combo executes all its legs together in whole units; a non-guaranteed smart combo
routes its legs separately, so they may fill unevenly (see ``orders.matching.match_combo`` and
``allocation.combo_plans``).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Protocol

from workstation.engine.allocation.booking import distribute
from workstation.engine.allocation.combo_plans import (
    ComboPlans,
    distribute_units,
    per_leg,
    plan_combo_allocation,
    share_units,
)
from workstation.engine.allocation.fills import FillAllocation
from workstation.engine.allocation.planner import RateOf, ValuesOf
from workstation.engine.core.errors import Rejection
from workstation.engine.core.instruments import Instrument, InstrumentCatalog, SecType
from workstation.engine.core.price_checks import check_number, check_price, check_quantity
from workstation.engine.core.terms import AccountType, ComboLeg, OrderStatus, OrderType, TimeInForce
from workstation.engine.ledger.accounts import NOT_PERMITTED_TEXT, Account
from workstation.engine.margin import MarginModel, ProposedFill
from workstation.engine.messages.commands import ForceExecution, ModifyOrder, PlaceOrder
from workstation.engine.messages.events import Event, OrderPlaced
from workstation.engine.orders.allocation_plan import planned_event
from workstation.engine.orders.matching import combo_net_price, match_combo
from workstation.engine.orders.order import Combo, Order, average_price, combo_symbol
from workstation.engine.orders.price_estimate import estimate_price
from workstation.engine.risk.cash_account import OrderTerms, check_cash_account
from workstation.engine.trading.book import TradingState


class LegDesk(Protocol):
    """What a combo needs of the order desk that works its legs (the desk passes itself in)."""

    def check_margin(self, state: TradingState, account: Account, fills: list[ProposedFill], field: str) -> None: ...

    def check_cash(self, state: TradingState, order: Order, terms: OrderTerms, price: Decimal | None,
                   field: str) -> None: ...

    def day_end(self, now: datetime, outside_rth: bool) -> datetime: ...

    def work(self, state: TradingState, order: Order, sink: Sink) -> None: ...

    def execute(self, state: TradingState, order: Order, quantity: Decimal, price: Decimal, sink: Sink,
                shared: FillAllocation | None = None) -> None: ...

    def set_status(self, state: TradingState, order: Order, status: OrderStatus, reason: str, sink: Sink) -> None: ...

    def announce_placed(self, state: TradingState, order: Order, sink: Sink) -> None: ...

Sink = list[Event]
LegInstruments = list[tuple[ComboLeg, Instrument]]
_COMBO_ORDER_TYPES = (OrderType.MKT, OrderType.LMT)
_NOT_IN_COMBOS = (SecType.FUND, SecType.CASH)
MAX_RATIO = 10_000


def _check_legs(state: TradingState, catalog: InstrumentCatalog, legs: tuple[ComboLeg, ...]) -> LegInstruments:
    if len(legs) < 2:
        raise Rejection("INVALID_COMBO", "legs", "a combo needs at least two legs")
    if len({leg.symbol for leg in legs}) != len(legs):
        raise Rejection("INVALID_COMBO", "legs", "a contract appears in two legs; give it once with its ratio")
    resolved = []
    for i, leg in enumerate(legs):
        if leg.ratio > MAX_RATIO:
            raise Rejection("INVALID_COMBO", f"legs[{i}].ratio", f"{leg.ratio} is more than the {MAX_RATIO:,} a combo "
                            "leg may hold per unit")
        instrument = catalog.get(leg.symbol)
        where = f"legs[{i}].symbol"
        if instrument is None:
            raise Rejection("UNKNOWN_CONTRACT", where, f"{leg.symbol!r} is not a known contract")
        if not instrument.tradable:
            raise Rejection("NOT_TRADABLE", where, f"{instrument.symbol} is an index and cannot be traded")
        if instrument.sec_type in _NOT_IN_COMBOS:
            raise Rejection("INVALID_COMBO", where, f"{instrument.symbol} is a {instrument.sec_type.value} "
                            "contract, which IB does not combine")
        if instrument.is_expired(state.now.date()):
            raise Rejection("CONTRACT_EXPIRED", where, f"{instrument.symbol} expired on {instrument.expiry}")
        resolved.append((leg, instrument))
    currencies = {instrument.currency for _, instrument in resolved}
    if len(currencies) > 1:
        raise Rejection("INVALID_COMBO", "legs", "a combo trades in one currency; these legs are in "
                        f"{', '.join(sorted(currencies))}")
    return resolved


def _check_net_price(value: Decimal | None, field: str, legs: LegInstruments) -> None:
    """A net price may be negative (a credit) but must be finite, non-zero and on the legs' finest tick."""
    if value is None:
        return
    check_number(value, field, "INVALID_PRICE")
    tick = min(instrument.tick_size for _, instrument in legs)
    if value == 0 or (value / tick) % 1 != 0:
        raise Rejection("INVALID_PRICE", field, f"{value} must be a non-zero multiple of the combo's tick {tick} "
                        "(negative for a credit)")


def _check_leg_sizes(legs: LegInstruments, units: Decimal) -> None:
    """Every leg's order is held to the size limits of a plain order."""
    for i, (leg, _) in enumerate(legs):
        check_number(units * leg.ratio, f"legs[{i}].ratio", "INVALID_QUANTITY")


class ComboDesk:
    """Places, works, fills and finishes combo orders for the order desk, through its primitives."""

    def __init__(self, desk: LegDesk, catalog: InstrumentCatalog, values_of: ValuesOf, rate_of: RateOf,
                 margin: MarginModel) -> None:
        self._desk = desk
        self._catalog = catalog
        self._values_of = values_of
        self._rate_of = rate_of
        self._margin = margin

    # -- validation ------------------------------------------------------------------------------

    def validate_place(self, state: TradingState, command: PlaceOrder) -> ComboPlans | None:
        """Check a combo order (its account was checked by the desk); an advisor's gets its plans."""
        legs = _check_legs(state, self._catalog, command.legs)
        if command.order_type not in _COMBO_ORDER_TYPES:
            raise Rejection("INVALID_ORDER_TYPE", "order_type", "a combo is entered as MKT or LMT, not "
                            f"{command.order_type.value}")
        if command.order_type.takes_limit and command.lmt_price is None:
            raise Rejection("MISSING_LIMIT_PRICE", "lmt_price", "a LMT combo needs its net price")
        if not command.order_type.takes_limit and command.lmt_price is not None:
            raise Rejection("INVALID_PRICE", "lmt_price", "a MKT order takes no limit price")
        if command.aux_price is not None:
            raise Rejection("INVALID_PRICE", "aux_price", "a combo takes no stop price")
        if command.cash_qty is not None:
            raise Rejection("INVALID_ORDER", "cash_qty", "only a mutual fund is bought for an amount of cash")
        _check_net_price(command.lmt_price, "lmt_price", legs)
        if command.allocates:
            plans = plan_combo_allocation(state, self._catalog, self._values_of, self._rate_of, command, legs,
                                          self._margin)
            _check_leg_sizes(legs, Decimal(plans.units.total_allowed))
            return plans
        check_quantity(command.total_quantity, "total_quantity")
        _check_leg_sizes(legs, command.total_quantity)
        account = state.accounts[command.account]
        for i, (_, instrument) in enumerate(legs):
            if not account.may_trade(instrument):
                raise Rejection("NO_TRADING_PERMISSION", f"legs[{i}].symbol", f"{NOT_PERMITTED_TEXT} (account "
                                f"{account.account_id} has no trading permission for "
                                f"{instrument.permission_class} in {instrument.country or 'FX'})")
        if account.account_type is AccountType.CASH:
            # Each leg is judged with every other leg (a spread's short leg with its long one, whichever comes first).
            terms = [OrderTerms(command.account, leg.symbol, leg.side(command.action),
                                command.total_quantity * leg.ratio, command.order_type, None, None,
                                 together=True)
                     for leg, _ in legs]
            for i, leg_terms in enumerate(terms):
                check_cash_account(state, self._catalog, account, leg_terms, also=terms[:i] + terms[i + 1:])
        else:
            fills = []
            for leg, _ in legs:
                side = leg.side(command.action)
                price = estimate_price(side, OrderType.MKT, None, None, state.market.quote(leg.symbol))
                fills.append(self._margin.proposed_fill(leg.symbol, side, command.total_quantity * leg.ratio, price))
            self._desk.check_margin(state, account, fills, "total_quantity")
        return None

    def validate_modify(self, order: Order, command: ModifyOrder) -> None:
        """A working combo may get a new net price or time in force; its size stays."""
        if command.total_quantity is not None:
            raise Rejection("NOT_MODIFIABLE", "total_quantity", f"combo order {order.order_id}'s size cannot change; "
                            "cancel it and enter a new one")
        if command.aux_price is not None:
            raise Rejection("INVALID_PRICE", "aux_price", "a combo takes no stop price")
        if command.lmt_price is not None and not order.order_type.takes_limit:
            raise Rejection("INVALID_PRICE", "lmt_price", "a MKT order takes no limit price")
        _check_net_price(command.lmt_price, "lmt_price", self._legs_of(order))

    def validate_force(self, state: TradingState, order: Order, command: ForceExecution) -> None:
        """A forced combo execution gives every leg's price; a forced leg (legging in) is only for a
        non-guaranteed combo."""
        if order.combo is not None:
            legs = self._legs_of(order)
            if command.price is not None or command.leg_prices is None or len(command.leg_prices) != len(legs):
                raise Rejection("MISSING_LEG_PRICES", "leg_prices", f"combo order {order.order_id} executes at one "
                                f"price per leg ({len(legs)})")
            for i, ((_, instrument), price) in enumerate(zip(legs, command.leg_prices, strict=True)):
                check_price(price, f"leg_prices[{i}]", instrument)
            self._check_forced_cash(state, order, command.quantity, command.leg_prices)
            for (leg, _), leg_order in zip(legs, self.leg_orders(state, order), strict=True):
                if command.quantity * leg.ratio > leg_order.remaining:  # a leg that legged in ahead
                    raise Rejection("INVALID_QUANTITY", "quantity", f"{command.quantity.normalize():f} units need "
                                    f"{(command.quantity * leg.ratio).normalize():f} {leg.symbol.strip()}, but only "
                                    f"{leg_order.remaining.normalize():f} are left to fill")
            return
        parent = state.orders[order.parent_id or 0]
        assert parent.combo is not None
        if parent.combo.guaranteed:
            raise Rejection("GUARANTEED_COMBO", "order_id", f"order {order.order_id} is a leg of guaranteed combo "
                            f"{parent.order_id}, whose legs execute together; execute the combo")

    def _check_forced_cash(self, state: TradingState, order: Order, units: Decimal,
                           prices: tuple[Decimal, ...]) -> None:
        """Cash accounts must pay for a forced combo execution at its prices, every leg together."""
        leg_orders = self.leg_orders(state, order)
        all_legs = frozenset(leg.order_id for leg in leg_orders)
        terms = [OrderTerms(leg_order.account, leg_order.symbol, leg_order.action, units * leg.ratio, OrderType.LMT,
                            price, None, together=True)
                 for leg, leg_order, price in zip(order.combo.legs if order.combo else (), leg_orders, prices,
                                                  strict=True)]
        if order.allocation is None:
            account = state.accounts[order.account]
            if account.account_type is AccountType.CASH:
                for i, leg_terms in enumerate(terms):
                    check_cash_account(state, self._catalog, account, leg_terms, replacing=all_legs,
                                       field="quantity", also=terms[:i] + terms[i + 1:])
            return
        for leg_order, leg_terms, price in zip(leg_orders, terms, prices, strict=True):
            self._desk.check_cash(state, leg_order, leg_terms, price, "quantity")

    def _legs_of(self, order: Order) -> LegInstruments:
        assert order.combo is not None
        return [(leg, self._catalog[leg.symbol]) for leg in order.combo.legs]

    # -- application -----------------------------------------------------------------------------

    def place(self, state: TradingState, command: PlaceOrder, plans: ComboPlans | None, sink: Sink) -> Order:
        """Open the combo order and its leg orders, then work it."""
        combo_id = state.next_order_id
        leg_ids = tuple(range(combo_id + 1, combo_id + 1 + len(command.legs)))
        state.next_order_id = leg_ids[-1] + 1
        units = command.total_quantity if plans is None else Decimal(plans.units.total_allowed)
        good_until = self._desk.day_end(state.now, command.outside_rth) if command.tif is TimeInForce.DAY else None
        combo = Order(order_id=combo_id, account=command.account, symbol=combo_symbol(command.legs),
                      action=command.action, total_quantity=units, order_type=command.order_type, tif=command.tif,
                      created=state.now, lmt_price=command.lmt_price, outside_rth=command.outside_rth,
                      order_ref=command.order_ref, updated=state.now, good_until=good_until,
                      allocation=None if plans is None else plans.units,
                      combo=Combo(command.legs, command.guaranteed, leg_ids),
                      api_client_id=command.api_client_id, api_order_id=command.api_order_id)
        self._open(state, combo, sink)
        for i, (leg, leg_id) in enumerate(zip(command.legs, leg_ids, strict=True)):
            leg_order = Order(order_id=leg_id, account=command.account, symbol=leg.symbol,
                              action=leg.side(command.action), total_quantity=units * leg.ratio,
                              order_type=OrderType.MKT, tif=command.tif, created=state.now,
                              outside_rth=command.outside_rth, order_ref=command.order_ref, updated=state.now,
                              allocation=None if plans is None else plans.legs[i], parent_id=combo_id)
            self._open(state, leg_order, sink)
        self._desk.work(state, combo, sink)
        return combo

    def _open(self, state: TradingState, order: Order, sink: Sink) -> None:
        state.orders[order.order_id] = order
        state.working[order.order_id] = order
        legs = order.combo.legs if order.combo is not None else ()
        guaranteed = order.combo.guaranteed if order.combo is not None else True
        sink.append(OrderPlaced(order.order_id, order.account, order.symbol, order.action, order.total_quantity,
                                order.order_type, order.lmt_price, order.aux_price, order.tif, order.outside_rth,
                                order.order_ref, state.now, legs=legs, guaranteed=guaranteed,
                                parent_id=order.parent_id, api_client_id=order.api_client_id,
                                api_order_id=order.api_order_id))
        if order.allocation is not None:
            sink.append(planned_event(order.order_id, order.allocation))
        self._desk.announce_placed(state, order, sink)

    def fill(self, state: TradingState, order: Order, sink: Sink) -> None:
        """Execute what the legs' books allow now."""
        leg_orders = self.leg_orders(state, order)
        quotes = [state.market.quote(leg.symbol) for leg in leg_orders]
        assert order.combo is not None
        fill = match_combo(order, order.combo.legs, leg_orders, quotes)
        if fill is not None:
            self.execute(state, order, fill.quantities, fill.prices, sink)

    def execute_units(self, state: TradingState, order: Order, units: Decimal, prices: tuple[Decimal, ...],
                      sink: Sink) -> None:
        assert order.combo is not None
        self.execute(state, order, tuple(units * leg.ratio for leg in order.combo.legs), prices, sink)

    def execute(self, state: TradingState, order: Order, quantities: tuple[Decimal, ...],
                prices: tuple[Decimal, ...], sink: Sink) -> None:
        """Execute each leg its quantity at its price. A guaranteed advisor combo shares the units
        first, and every leg books each account's units times its ratio."""
        assert order.combo is not None
        shared = None
        if order.combo.guaranteed and order.allocation is not None:
            shared = share_units(state, order, int(quantities[0]) // order.combo.legs[0].ratio)
        for leg, leg_order, quantity, price in zip(order.combo.legs, self.leg_orders(state, order), quantities,
                                                   prices, strict=True):
            if quantity > 0:
                self._desk.execute(state, leg_order, quantity, price, sink,
                                   shared=None if shared is None else per_leg(shared, leg))
                order.execution_ids.append(leg_order.execution_ids[-1])
        self.follow_legs(state, order, sink)

    def follow_legs(self, state: TradingState, order: Order, sink: Sink) -> None:
        """The combo's fill from its legs' fills: whole units every leg has filled, at the net of
        the legs' average prices; Filled once every leg is."""
        assert order.combo is not None
        leg_orders = self.leg_orders(state, order)
        legs = order.combo.legs
        units = min(Decimal(int(leg.filled) // combo_leg.ratio) for leg, combo_leg in zip(leg_orders, legs))
        order.commission = sum((leg.commission for leg in leg_orders), Decimal(0))
        net_price = combo_net_price(legs, tuple(leg.avg_fill_price for leg in leg_orders)) \
            if all(leg.filled for leg in leg_orders) else None
        order.follow_legs(units, net_price)
        if not order.combo.guaranteed and order.allocation is not None:
            self._count_whole_units(order, leg_orders)
        done = all(leg.remaining == 0 for leg in leg_orders)
        self._desk.set_status(state, order, OrderStatus.FILLED if done else OrderStatus.SUBMITTED, "", sink)

    def finish(self, state: TradingState, order: Order, sink: Sink, end_of_day: bool = False) -> None:
        """The final distribution of an advisor combo: in units for a guaranteed combo (each leg
        then takes its units times its ratio), leg by leg for a non-guaranteed one."""
        if order.allocation is None:
            return
        assert order.combo is not None
        leg_orders = self.leg_orders(state, order)
        if not order.combo.guaranteed:
            for leg_order in leg_orders:
                distribute(state, leg_order, self._catalog[leg_order.symbol], sink, end_of_day=end_of_day)
            self._count_whole_units(order, leg_orders)
            order.allocation.finalized = not end_of_day
            order.commission = sum((leg.commission for leg in leg_orders), Decimal(0))
            return
        averages = []
        for leg_order in leg_orders:
            plan = leg_order.allocation
            assert plan is not None
            period = leg_order.filled - sum(row.distributed for row in plan.rows)
            averages.append(average_price(leg_order.filled_value - plan.distributed_value, period))
        final = distribute_units(state, order, combo_net_price(order.combo.legs, tuple(averages)), sink, end_of_day)
        if final is None:
            for leg_order in leg_orders:  # nothing filled: the legs are closed as they are
                if leg_order.allocation is not None and not end_of_day:
                    leg_order.allocation.finalized = True
            return
        for leg, leg_order in zip(order.combo.legs, leg_orders, strict=True):
            distribute(state, leg_order, self._catalog[leg_order.symbol], sink, end_of_day=end_of_day,
                       final=per_leg(final, leg))
        order.commission = sum((leg.commission for leg in leg_orders), Decimal(0))

    @staticmethod
    def _count_whole_units(order: Order, leg_orders: list[Order]) -> None:
        """A non-guaranteed combo's accounts hold what their legs add up to: whole units of the combo."""
        assert order.combo is not None and order.allocation is not None
        leg_rows = [leg_order.allocation.rows for leg_order in leg_orders if leg_order.allocation is not None]
        for i, row in enumerate(order.allocation.rows):
            row.allocated = min(rows[i].allocated // leg.ratio for rows, leg in zip(leg_rows, order.combo.legs,
                                                                                    strict=True))

    @staticmethod
    def leg_orders(state: TradingState, order: Order) -> list[Order]:
        assert order.combo is not None
        return [state.orders[leg_id] for leg_id in order.combo.leg_ids]
