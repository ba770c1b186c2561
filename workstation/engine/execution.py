"""The execution simulator: when and at what price a working order trades against the book.

An order only takes what the book displays (``ask_size`` for a buy, ``bid_size`` for a sell), so a
large order fills in several executions as the book refreshes.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from workstation.engine.market.quotes import Quote
from workstation.engine.orders import Action, Order, OrderType


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
    if order.order_type in (OrderType.LMT, OrderType.STP_LMT):
        limit = order.lmt_price
        if limit is None or (buying and touch > limit) or (not buying and touch < limit):
            return None
    quantity = min(order.remaining, available)
    return Fill(quantity, touch) if quantity > 0 else None
