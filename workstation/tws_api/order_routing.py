"""An API order as an engine command: placeOrder's contract and order read into ``PlaceOrder`` or ``ModifyOrder``.

What the engine cannot take is refused here with IB's code and text (:class:`OrderRefusal`): 200 for a
contract (or a combo leg) the universe does not have, 436 for an advisor order without an allocation,
201 for an order type, time in force or allocation method the engine does not have. Everything else is
the engine's to accept or reject (its reason travels in 201).

Allocation fields as IB's clients send them: ``faGroup`` with ``faMethod`` (the legacy names
EqualQuantity, NetLiq, AvailableEquity, PctChange, or the current Equal, ... ) and ``faPercentage``;
``faProfile`` (below server version 177; the engine keeps groups and profiles as one thing, so a
profile names a group); ``modelCode`` for a model portfolio.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from workstation.engine import ModifyOrder, OrderType, PlaceOrder, Rejected, TimeInForce
from workstation.engine.core.errors import FIELD_ERRORS
from workstation.engine.core.terms import AllocationMethod, ComboLeg
from workstation.tws_api.contracts import ContractBook
from workstation.tws_api.model import ApiContract, ApiOrder
from workstation.tws_api.replies import NO_SECURITY

if TYPE_CHECKING:
    from workstation.engine.orders.order import Order

REJECTED = 201
NO_ALLOCATION = 436
NO_ALLOCATION_TEXT = "You must specify an allocation (either a single account, group, or profile)."

FA_METHODS = {
    "equalquantity": AllocationMethod.EQUAL,  # the legacy names (IB "Financial Advisor Allocation Methods")
    **{method.value.lower(): method for method in AllocationMethod},
}


@dataclass(frozen=True)
class OrderRefusal(Exception):
    """An order the server refuses before the engine sees it: IB's error code and text."""

    code: int
    text: str


def rejected(reason: str) -> OrderRefusal:
    return OrderRefusal(REJECTED, f"Order rejected - reason:{reason}")


NOT_PERMITTED = 203
"""IB's "The security is not available or allowed for this account.": the account lacks the trading permission."""


def refused(rejection: Rejected) -> OrderRefusal:
    """The API's answer to an order the engine refused: 203 for a contract the account may not trade (the engine's
    text is IB's, with the account and permission named after it), else 201 with the engine's reason."""
    if rejection.code == "NO_TRADING_PERMISSION":
        return OrderRefusal(NOT_PERMITTED, rejection.message)
    return rejected(rejection.message)


def to_place_order(contract: ApiContract, order: ApiOrder, login: str, login_is_advisor: bool,
                   book: ContractBook, client_id: int, entered_by: str | None = None) -> PlaceOrder:
    """The engine's ``PlaceOrder`` for an API order placed by the login ``login`` from API client ``client_id``
    as its order ``order.order_id`` (the engine keeps both on the order, as IB's Order.clientId and orderId),
    entered by the user's login ``entered_by`` (None: the account's)."""
    unsupported = _unsupported(order)
    if unsupported:
        raise rejected(f"{unsupported} is not supported by this server")
    order_type = _member(OrderType, order.order_type.upper(), "order type")
    tif = _member(TimeInForce, (order.tif or "DAY").upper(), "time in force")
    fa_group = order.fa_group or order.fa_profile or None
    model_code = order.model_code or None
    account = order.account or login
    allocates = fa_group is not None or model_code is not None
    method = None
    if order.fa_method:
        method = FA_METHODS.get(order.fa_method.lower())
        if method is None:
            raise rejected(f"faMethod {order.fa_method} is not an allocation method of this server")
    legs: tuple[ComboLeg, ...] = ()
    symbol = ""
    if contract.sec_type == "BAG":
        legs = tuple(_leg(book, leg.con_id or 0, leg.action, leg.ratio or 0) for leg in contract.combo_legs)
        if not legs:
            raise OrderRefusal(*NO_SECURITY)
    else:
        found = book.matching(contract)
        if len(found) != 1:
            raise OrderRefusal(*NO_SECURITY)
        symbol = found[0].symbol
    if login_is_advisor and account == login and not allocates:
        raise OrderRefusal(NO_ALLOCATION, NO_ALLOCATION_TEXT)
    try:
        return PlaceOrder(
            account=account, symbol=symbol, action=order.action.upper(), total_quantity=order.total_quantity or 0,
            order_type=order_type, lmt_price=_price(order.lmt_price) if order_type.takes_limit else None,
            aux_price=_price(order.aux_price) if order_type.takes_stop else None, tif=tif,
            outside_rth=order.outside_rth, order_ref=order.order_ref, fa_group=fa_group if allocates else None,
            fa_method=method if allocates else None, fa_percentage=_percentage(order.fa_percentage),
            model_code=model_code, cash_qty=_price(order.cash_qty), legs=legs, api_client_id=client_id,
            api_order_id=order.order_id, entered_by=entered_by)
    except FIELD_ERRORS as error:  # a value no order has (a negative order id, an action other than BUY/SELL)
        raise rejected(str(error)) from None


def to_modify_order(engine_order_id: int, placed: PlaceOrder, current: PlaceOrder | Order) -> ModifyOrder | None:
    """The change a re-placed order asks of the working one (``current``: the command it was last placed with,
    else the engine's order): quantity, limit, stop and time in force (the fields TWS lets a modification
    change); None when none of them differs."""
    changes = {name: getattr(placed, name) for name in ("total_quantity", "lmt_price", "aux_price", "tif")
               if getattr(placed, name) != getattr(current, name)}
    return ModifyOrder(engine_order_id, entered_by=placed.entered_by, **changes) if changes else None


def _unsupported(order: ApiOrder) -> str:
    """An order feature the engine does not have and that would change what is traded if ignored (an
    attached child placed alone, an untransmitted order sent, a condition or algo dropped): it is refused."""
    if order.parent_id:
        return "an attached order (parentId)"
    if not order.transmit:
        return "an order held in TWS (transmit=False)"
    if order.oca_group:
        return "an OCA group"
    if order.conditions:
        return "an order condition"
    if order.algo_strategy:
        return f"the algo {order.algo_strategy}"
    return ""


def _member(enum_type: type, value: str, what: str):  # noqa: ANN202 - the enum's member
    try:
        return enum_type(value)
    except ValueError:
        raise rejected(f"{what} {value or '(none)'} is not supported by this server") from None


def _leg(book: ContractBook, con_id: int, action: str, ratio: int) -> ComboLeg:
    instrument = book.instrument(con_id)
    if instrument is None:
        raise OrderRefusal(*NO_SECURITY)
    return ComboLeg(instrument.symbol, action.upper(), ratio)  # type: ignore[arg-type] - PlaceOrder checks it


def _price(value: float | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(repr(value))  # the shortest text of the float: 419.97, not 419.9699999...


def _percentage(text: str) -> Decimal | None:
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise rejected(f"faPercentage {text} is not a number") from None
