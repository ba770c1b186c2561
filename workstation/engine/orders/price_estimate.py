"""The price an order is assumed to trade at before it does, and the prices a complete fill may average."""

from __future__ import annotations

from decimal import Decimal

from workstation.engine.core.terms import Action, OrderType
from workstation.engine.market.quotes import Quote


def estimate_price(action: Action, order_type: OrderType, lmt_price: Decimal | None, aux_price: Decimal | None,
                   quote: Quote) -> Decimal:
    """The price an order is assumed to trade at before it does: its limit, else its stop, else the
    touch a market order would take."""
    if order_type.takes_limit and lmt_price is not None:
        return lmt_price
    if order_type.takes_stop and not order_type.takes_limit and aux_price is not None:
        return aux_price
    return quote.ask if action is Action.BUY else quote.bid


def fill_price_range(action: Action, order_type: OrderType, lmt_price: Decimal | None, quote: Quote,
                     estimate: Decimal) -> tuple[Decimal, Decimal]:
    """The prices a complete fill may average: a limit order between the touch (when it is
    better) and its limit; any other order at its estimate."""
    if not order_type.takes_limit or lmt_price is None:
        return estimate, estimate
    touch = quote.ask if action is Action.BUY else quote.bid
    if touch.is_finite() and touch > 0 and (touch < lmt_price if action is Action.BUY else touch > lmt_price):
        return touch, lmt_price
    return lmt_price, lmt_price
