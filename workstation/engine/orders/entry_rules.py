"""Which prices an order carries for its type, and how a mutual fund may be ordered: rules of the order itself,
checked before any account is looked at."""

from __future__ import annotations

from decimal import Decimal

from workstation.engine.core.errors import Rejection
from workstation.engine.core.instruments import Instrument
from workstation.engine.core.price_checks import check_price
from workstation.engine.core.terms import OrderType, TimeInForce
from workstation.engine.messages.commands import PlaceOrder


def check_fund_order(command: PlaceOrder) -> None:
    """Mutual funds trade once a day at their net asset value: a market order for the close."""
    if command.order_type is not OrderType.MKT:
        raise Rejection("INVALID_ORDER_TYPE", "order_type",
                        f"{command.symbol} is a mutual fund and trades at the day's net asset value; use MKT")
    if command.tif is TimeInForce.IOC or command.outside_rth:
        raise Rejection("INVALID_TIF", "tif", f"{command.symbol} is a mutual fund; it executes once, at the close")


def check_prices_for_type(order_type: OrderType, lmt: Decimal | None, aux: Decimal | None,
                          instrument: Instrument) -> None:
    """The limit and stop prices ``order_type`` needs, and no others, each on the contract's tick."""
    if order_type.takes_limit and lmt is None:
        raise Rejection("MISSING_LIMIT_PRICE", "lmt_price", f"a {order_type.value} order needs a limit price")
    if order_type.takes_stop and aux is None:
        raise Rejection("MISSING_STOP_PRICE", "aux_price", f"a {order_type.value} order needs a stop price")
    if not order_type.takes_limit and lmt is not None:
        raise Rejection("INVALID_PRICE", "lmt_price", f"a {order_type.value} order takes no limit price")
    if not order_type.takes_stop and aux is not None:
        raise Rejection("INVALID_PRICE", "aux_price", f"a {order_type.value} order takes no stop price")
    check_price(lmt, "lmt_price", instrument)
    check_price(aux, "aux_price", instrument)
