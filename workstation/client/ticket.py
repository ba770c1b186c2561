"""The order ticket: what a person types into Order Entry, checked field by field and turned into a
``PlaceOrder`` (or, for a working order loaded by Modify, a ``ModifyOrder``); an order turned back
into a new order; the default size of an order and the bid/mid/ask price helpers.

Qt-free, so that the panel only shows these answers and automation can use the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import Enum

from workstation.client.allocation_choices import AllocationChoice, AllocationKind
from workstation.engine.core.instruments import Instrument, InstrumentCatalog, SecType
from workstation.engine.core.terms import Action, AllocationMethod, OrderStatus, OrderType, TimeInForce
from workstation.engine.login_reads import LoginReads
from workstation.engine.market.quotes import Quote
from workstation.engine.messages.commands import ModifyOrder, PlaceOrder
from workstation.engine.orders.order import Order
from workstation.engine.orders.rejected import is_rejected_line

_DEFAULT_SIZE = {SecType.STK: Decimal(100), SecType.FUND: Decimal(100), SecType.OPT: Decimal(1),
                 SecType.FUT: Decimal(1), SecType.FOP: Decimal(1), SecType.CASH: Decimal(25_000)}


def order_as_command(order: Order) -> PlaceOrder:
    """An order as a new order (the Order Preview of an Activity line): a working order for what it
    has left, an order no longer working as it was entered (its whole size); its terms, and for an
    advisor order its group or model with the method it used."""
    plan = order.allocation
    fields: dict[str, object] = {}
    if plan is not None:
        fields = {"model_code": plan.model} if plan.model is not None else {
            "fa_group": plan.group, "fa_method": plan.method}
    legs = order.combo.legs if order.combo is not None else ()
    quantity = order.total_quantity if order.is_done else order.remaining
    return PlaceOrder(order.account, order.symbol, order.action, quantity, order.order_type, order.lmt_price,
                      order.aux_price, order.tif, order.outside_rth, order.order_ref, legs=legs,
                      guaranteed=order.combo.guaranteed if order.combo is not None else True, **fields)


def command_for(reads: LoginReads, order_id: int) -> PlaceOrder:
    """Order ``order_id`` as a new ``PlaceOrder`` (to preview it again): for its remaining quantity
    while it works, as entered once it is done; a refused order's line exactly as it was entered."""
    if is_rejected_line(order_id):
        return reads.rejected_command(order_id)
    return order_as_command(reads.order(order_id))


def can_modify(order: Order) -> bool:
    """Whether Order Entry can load ``order`` to modify it: a single order still working and not
    being cancelled, with a size in units (a combo or a fund order for an amount of cash is not)."""
    return (not order.is_done and order.status is not OrderStatus.PENDING_CANCEL and order.combo is None
            and order.parent_id is None and not order.awaiting_nav)


def modified_order(order: Order, change: ModifyOrder) -> PlaceOrder:
    """Working ``order`` as ``change`` would leave it, for its whole size: what the confirmation
    describes and the precautionary checks weigh."""
    return replace(order_as_command(order),
                   total_quantity=order.total_quantity if change.total_quantity is None else change.total_quantity,
                   lmt_price=order.lmt_price if change.lmt_price is None else change.lmt_price,
                   aux_price=order.aux_price if change.aux_price is None else change.aux_price,
                   tif=order.tif if change.tif is None else change.tif)


def default_quantity(instrument: Instrument) -> Decimal:
    """TWS's default order size: 100 shares, 1 contract, 25,000 of a currency."""
    return _DEFAULT_SIZE.get(instrument.sec_type, Decimal(1))


class TicketError(ValueError):
    """A ticket field that cannot become an order: ``field`` names it, ``reason`` says why."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass(frozen=True, slots=True)
class OrderTicket:
    """Order Entry's fields as typed (prices and quantity are text until checked)."""

    symbol: str
    action: Action
    quantity: str
    order_type: OrderType = OrderType.LMT
    lmt_price: str = ""
    aux_price: str = ""
    tif: TimeInForce = TimeInForce.DAY
    outside_rth: bool = False
    allocation: AllocationChoice | None = None
    fa_method: AllocationMethod | None = None
    fa_percentage: str = ""

    def to_order(self, login: str, catalog: InstrumentCatalog) -> PlaceOrder:
        """The order this ticket asks for; raises ``TicketError`` naming the first bad field."""
        instrument = self._instrument(catalog)
        # In the % Change mode the engine sizes the order from each account's position.
        percent_mode = self.fa_method is AllocationMethod.PCT_CHANGE
        quantity = Decimal(0) if percent_mode else self._quantity()
        lmt, aux = self._prices(instrument)
        routing = (self.allocation or AllocationChoice(AllocationKind.ACCOUNT, login, login)).order_fields(login)
        percentage = None
        if percent_mode:
            percentage = _number(self.fa_percentage, "fa_percentage")
            if percentage == 0:
                raise TicketError("fa_percentage", "enter the percent change of each position (not zero)")
        allocates = any(routing[key] is not None for key in ("fa_group", "model_code", "fa_allocations"))
        if self.fa_method is not None and not allocates:
            raise TicketError("allocation", "an allocation method applies to a group or model, not one account")
        method = self.fa_method
        if routing["fa_allocations"] is not None and method is not None and (
                not method.needs_amounts or method is AllocationMethod.MODEL):
            raise TicketError("fa_method", f"an inline profile is shared by its amounts, which {method.value} "
                                           "does not use; choose Percent, Ratio, ContractsOrShares or "
                                           "MonetaryAmount in the profile")
        if method is None and routing["fa_allocations"] is not None and self.allocation is not None:
            method = self.allocation.method  # an inline profile carries the method its amounts are for
        return PlaceOrder(
            account=str(routing["account"]), symbol=instrument.symbol, action=self.action, total_quantity=quantity,
            order_type=self.order_type, lmt_price=lmt, aux_price=aux, tif=self.tif, outside_rth=self.outside_rth,
            fa_group=routing["fa_group"], model_code=routing["model_code"], fa_allocations=routing["fa_allocations"],
            fa_method=method if allocates else None, fa_percentage=percentage)

    def to_modify(self, order: Order, catalog: InstrumentCatalog) -> ModifyOrder:
        """The change this ticket asks of working ``order``, carrying only the fields that differ
        (quantity, limit and stop price, time in force). Raises ``TicketError`` naming the first bad
        field, or naming quantity when nothing would change. A working order keeps its contract,
        side, type, outside-RTH flag and allocation: changing those is a new order."""
        if order.combo is not None:
            raise TicketError("symbol", f"order {order.order_id} is a combo; Order Entry modifies single orders")
        instrument = self._instrument(catalog)
        fixed = (("symbol", instrument.symbol, order.symbol, f"is for {order.symbol}"),
                 ("action", self.action, order.action, f"is a {order.action.value}"),
                 ("order_type", self.order_type, order.order_type, f"is {order.order_type.value}"),
                 ("outside_rth", self.outside_rth, order.outside_rth,
                  "trades outside regular hours" if order.outside_rth else "trades in regular hours only"))
        for field, typed, current, what in fixed:
            if typed != current:
                raise TicketError(field, f"order {order.order_id} {what}, which a modification cannot change; "
                                         "cancel it and enter a new order")
        quantity = self._quantity()
        lmt, aux = self._prices(instrument)
        changes = {name: typed for name, typed, current in (
            ("total_quantity", quantity, order.total_quantity), ("lmt_price", lmt, order.lmt_price),
            ("aux_price", aux, order.aux_price), ("tif", self.tif, order.tif)) if typed != current}
        if not changes:
            raise TicketError("quantity", f"nothing to change: the ticket matches order {order.order_id}")
        return ModifyOrder(order.order_id, **changes)

    def _instrument(self, catalog: InstrumentCatalog) -> Instrument:
        symbol = self.symbol.strip().upper()
        if not symbol:
            raise TicketError("symbol", "enter a symbol")
        instrument = catalog.get(symbol)
        if instrument is None:
            raise TicketError("symbol", f"{symbol} is not a known contract")
        if not instrument.tradable:
            raise TicketError("symbol", f"{symbol} is an index and cannot be traded")
        return instrument

    def _quantity(self) -> Decimal:
        quantity = _number(self.quantity, "quantity")
        if quantity <= 0:
            raise TicketError("quantity", "must be more than zero")
        if quantity != quantity.to_integral_value():
            raise TicketError("quantity", "must be a whole number of shares or contracts")
        return quantity

    def _prices(self, instrument: Instrument) -> tuple[Decimal | None, Decimal | None]:
        """The limit and stop prices the order type uses (None for a field it does not use)."""
        lmt = self._price(self.lmt_price, "lmt_price", "limit price", instrument) \
            if self.order_type.takes_limit else None
        aux = self._price(self.aux_price, "aux_price", "stop price", instrument) \
            if self.order_type.takes_stop else None
        return lmt, aux

    @staticmethod
    def _price(text: str, field: str, label: str, instrument: Instrument) -> Decimal:
        if not text.strip():
            raise TicketError(field, f"a {label} is required for this order type")
        price = _number(text, field)
        if price <= 0 and instrument.sec_type is not SecType.CASH:
            raise TicketError(field, f"the {label} must be more than zero")
        if price % instrument.tick_size:
            raise TicketError(field, f"{price} is not a multiple of the tick size {instrument.tick_size}")
        return price


def _number(text: str, field: str) -> Decimal:
    try:
        value = Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        raise TicketError(field, f"{text.strip() or 'nothing'} is not a number") from None
    if not value.is_finite():
        raise TicketError(field, f"{text.strip()} is not a number")
    return value


class PriceHelper(Enum):
    """The bid/mid/ask buttons beside the limit price."""

    BID = "Bid"
    MID = "Mid"
    ASK = "Ask"


def helper_price(quote: Quote, which: PriceHelper, tick: Decimal) -> Decimal:
    """The price a helper button puts in the limit field: the bid, the ask, or the midpoint on the
    tick grid (rounded half up, so a one-tick spread's mid is the ask)."""
    if which is PriceHelper.BID:
        return quote.bid
    if which is PriceHelper.ASK:
        return quote.ask
    return (quote.mid / tick).quantize(Decimal(1), rounding=ROUND_HALF_UP) * tick
