"""What the order desk does as the trading day turns: mutual funds fill at the NAV at the close, DAY orders
expire at their end, and orders on contracts that expired overnight become Inactive before the next open."""

from __future__ import annotations

from workstation.engine.core.instruments import SecType
from workstation.engine.core.terms import OrderStatus
from workstation.engine.messages.events import Event, OrderModified
from workstation.engine.orders.allocation_plan import planned_event
from workstation.engine.orders.mutual_funds import convert_at_nav
from workstation.engine.trading.book import TradingState
from workstation.engine.trading.desk import OrderDesk

Sink = list[Event]


def fill_funds_at_nav(desk: OrderDesk, state: TradingState, sink: Sink) -> None:
    """At the close, mutual-fund orders execute in full at the day's net asset value (the
    fund's closing mark); funds have no book to take size from."""
    single = [o for o in state.working.values() if o.combo is None and o.parent_id is None]
    for order in single:
        instrument = desk.catalog[order.symbol]
        if instrument.sec_type is not SecType.FUND:
            continue
        nav = state.market.last_price(order.symbol)
        if order.awaiting_nav:
            if not convert_at_nav(order, nav, instrument.multiplier):
                desk.set_status(state, order, OrderStatus.CANCELLED,
                                f"{order.cash_qty:,.2f} buys no whole share of {order.symbol} at the NAV {nav}", sink)
                continue
            sink.append(OrderModified(order.order_id, order.total_quantity, order.lmt_price, order.aux_price,
                                      order.tif, state.now))
            if order.allocation is not None:
                sink.append(planned_event(order.order_id, order.allocation))
        desk.execute(state, order, order.remaining, nav, sink)


def expire_due(desk: OrderDesk, state: TradingState, sink: Sink) -> None:
    """End DAY orders whose trading day is over."""
    for order in list(state.working.values()):
        if order.good_until is not None and order.good_until <= state.now:
            when = "the end of after-hours trading" if order.outside_rth else "the close"
            desk.set_status(state, order, OrderStatus.CANCELLED, f"DAY order expired at {when}", sink)


def deactivate_expired(desk: OrderDesk, state: TradingState, sink: Sink) -> None:
    """Orders on contracts that expired overnight can never trade: IB shows them Inactive."""
    today = state.now.date()
    for order in list(state.working.values()):
        if order.parent_id is not None:
            continue  # its combo follows the leg's contract
        symbols = [leg.symbol for leg in order.combo.legs] if order.combo is not None else [order.symbol]
        for instrument in (desk.catalog[symbol] for symbol in symbols):
            if instrument.is_expired(today):
                desk.set_status(state, order, OrderStatus.INACTIVE,
                                f"{instrument.symbol} expired on {instrument.expiry}", sink)
                break
