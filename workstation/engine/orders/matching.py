"""The execution simulator: when and at what price a working order trades against the book.

An order only takes what the book displays (``ask_size`` for a buy, ``bid_size`` for a sell), so a
large order fills in several executions as the book refreshes.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from workstation.engine.core.terms import Action, ComboLeg
from workstation.engine.market.quotes import Quote
from workstation.engine.orders.order import Order


@dataclass(frozen=True, slots=True)
class Fill:
    quantity: Decimal
    price: Decimal


def stop_triggered(order: Order, quote: Quote) -> bool:
    """A buy stop triggers when the last trade reaches the stop price from below; a sell stop from above."""
    if order.aux_price is None:
        return False
    if order.action is Action.BUY:
        return quote.last >= order.aux_price
    return quote.last <= order.aux_price


def match(order: Order, quote: Quote) -> Fill | None:
    """The execution this order gets from the book now, or None.

    Market orders take the touch; limit orders trade at the touch when it is at or better than
    the limit (price improvement goes to the customer). Triggered stops act as their child type.
    """
    if order.is_stop and not order.triggered:
        return None
    buying = order.action is Action.BUY
    touch = quote.ask if buying else quote.bid
    available = quote.ask_size if buying else quote.bid_size
    if touch <= 0 or available <= 0:
        return None
    if order.order_type.takes_limit:
        limit = order.lmt_price
        if limit is None or (buying and touch > limit) or (not buying and touch < limit):
            return None
    quantity = min(order.remaining, available)
    return Fill(quantity, touch) if quantity > 0 else None


@dataclass(frozen=True, slots=True)
class ComboFill:
    """What each leg of a combo order gets from the books now, in the order of the legs."""

    quantities: tuple[Decimal, ...]
    prices: tuple[Decimal, ...]


def combo_net_price(legs: tuple[ComboLeg, ...], prices: tuple[Decimal, ...]) -> Decimal:
    """A combo's price: each leg's price times its ratio, added for legs the combo buys and taken
    away for legs it sells (positive is a debit to buy the combo, negative a credit)."""
    return sum((leg.action.sign * leg.ratio * price for leg, price in zip(legs, prices, strict=True)), Decimal(0))


def match_combo(order: Order, legs: tuple[ComboLeg, ...], leg_orders: list[Order],
                quotes: list[Quote]) -> ComboFill | None:
    """The executions a combo order gets now, or None.

    Every leg takes its touch (the ask for a leg bought, the bid for a leg sold). A limit order
    trades only when the combo's net price there is at or better than its limit. A guaranteed
    combo fills whole units, as many as every leg's displayed size allows; a non-guaranteed one
    routes its legs separately, so each leg takes what its own book shows (legging risk).
    """
    sides = [leg.side(order.action) for leg in legs]
    prices = tuple(q.ask if side is Action.BUY else q.bid for side, q in zip(sides, quotes, strict=True))
    sizes = [q.ask_size if side is Action.BUY else q.bid_size for side, q in zip(sides, quotes, strict=True)]
    if any(price <= 0 for price in prices):
        return None
    guaranteed = order.combo is not None and order.combo.guaranteed
    if order.order_type.takes_limit:
        # Legs that have filled keep their prices: a non-guaranteed combo's remaining legs trade
        # only while the whole combo, at what was paid and what is left at the touch, meets the limit.
        net = combo_net_price(legs, prices if guaranteed else tuple(
            (leg.filled_value + leg.remaining * price) / leg.total_quantity
            for leg, price in zip(leg_orders, prices, strict=True)))
        limit = order.lmt_price
        if limit is None or (order.action is Action.BUY and net > limit) or (
                order.action is Action.SELL and net < limit):
            return None
    if guaranteed:
        units = min([order.remaining, *(size // leg.ratio for size, leg in zip(sizes, legs, strict=True))])
        if units <= 0:
            return None
        return ComboFill(tuple(units * leg.ratio for leg in legs), prices)
    quantities = tuple(min(leg_order.remaining, size) for leg_order, size in zip(leg_orders, sizes, strict=True))
    if not any(q > 0 for q in quantities):
        return None
    return ComboFill(quantities, prices)
