"""Engine orders and executions as the TWS API reports them: the API's order book and the messages built from it.

An order placed over the API keeps its placing client id and API order id in the engine (``Order.api_client_id``
and ``api_order_id``, IB's Order.clientId and orderId; permId is the engine's order id), so they are journaled
and survive a restart. :class:`ApiOrderBook` lives on the engine adapter (engine thread only) and indexes them
both ways, read from the engine's orders when it is made and kept up to date from ``OrderPlaced``. It also
keeps, for the orders placed since the server started, the contract and order as the client sent them
(echoed in openOrder; after a restart an order is described from the engine's fields alone). An order
placed in the GUI has no API ids (order id 0 and client id 0, keyed by its permId) and reaches only client 0
(with reqAutoOpenOrders) and the master client, as in TWS.

:class:`SessionFeed` is one session's subscription to the engine's order events, called on the engine's
thread: it picks the events the session's client sees and hands their messages to the session through
``link.publish`` (reference §4.4: openOrder + orderStatus per status change, execDetails then
commissionReport per fill, orderStatus Cancelled then 202).
"""

from __future__ import annotations

import copy
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from workstation.engine import (
    ExecutionCorrected,
    ExecutionReported,
    OrderModified,
    OrderPlaced,
    OrderStatus,
    OrderStatusChanged,
)
from workstation.tws_api import outgoing, outgoing_orders
from workstation.tws_api.contracts import contract_book
from workstation.tws_api.model import (
    ApiCommissionReport,
    ApiContract,
    ApiExecution,
    ApiOrder,
    ApiOrderState,
    ComboLeg,
)

if TYPE_CHECKING:
    from workstation.engine import Engine, PlaceOrder
    from workstation.engine.orders.order import Order
    from workstation.tws_api.session import Session

CANCELLED = 202
STATUS_TEXT = {
    # The engine's PendingSubmit is the instant before it works the order; TWS reports that as PreSubmitted.
    OrderStatus.PENDING_SUBMIT: "PreSubmitted", OrderStatus.PRE_SUBMITTED: "PreSubmitted",
    OrderStatus.SUBMITTED: "Submitted", OrderStatus.PENDING_CANCEL: "PendingCancel", OrderStatus.FILLED: "Filled",
    OrderStatus.CANCELLED: "Cancelled", OrderStatus.INACTIVE: "Inactive",
}
GUI_ORDER = (0, 0)
"""The (client id, order id) of an order placed in the GUI: orderId 0, so clients key it by permId."""


@dataclass
class ApiOrderRecord:
    """An order as an API client placed it since the server started: the contract and order it sent, and the
    command they made (what a placement of the same ids again is compared with)."""

    contract: ApiContract
    order: ApiOrder
    command: PlaceOrder


@dataclass
class Fills:
    """An order's fills so far, as its execDetails report them (cumQty, avgPrice, lastFillPrice)."""

    quantity: Decimal = Decimal(0)
    value: Decimal = Decimal(0)
    last_price: Decimal = Decimal(0)

    def add(self, quantity: Decimal, price: Decimal) -> None:
        self.quantity += quantity
        self.value += quantity * price
        self.last_price = price

    @property
    def avg_price(self) -> Decimal:
        return self.value / self.quantity if self.quantity else Decimal(0)


class ApiOrderBook:
    """The API's view of the engine's orders; engine thread only."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.contracts = contract_book(engine)
        self.as_placed: dict[int, ApiOrderRecord] = {}
        self.api_ids: dict[int, tuple[int, int]] = {}  # engine order id -> (client id, API order id)
        self.by_api: dict[tuple[int, int], int] = {}
        self.highest_order_id: dict[int, int] = {}  # client id -> the highest API order id its orders have
        self.fills: dict[int, Fills] = {}
        self.corrections: dict[str, int] = {}  # exec id -> how many times its price was corrected
        self._placing: ApiOrderRecord | None = None
        for order in engine.orders():
            if order.api_client_id is not None and order.api_order_id is not None and order.parent_id is None:
                self._index(order.order_id, order.api_client_id, order.api_order_id)
        # Subscribed before any session's feed, so the ids and fills are up to date when a feed reads them.
        engine.subscribe(self._bind, OrderPlaced)
        engine.subscribe(self._tally, ExecutionReported)
        engine.subscribe(self._count_correction, ExecutionCorrected)

    def place(self, record: ApiOrderRecord) -> Any:
        """Execute ``record.command``, keeping the record for the order it creates; the engine's result."""
        self._placing = record
        try:
            return self.engine.execute(record.command)
        finally:
            self._placing = None

    def engine_id(self, client_id: int, order_id: int) -> int | None:
        return self.by_api.get((client_id, order_id))

    def ids_of(self, engine_order_id: int) -> tuple[int, int]:
        return self.api_ids.get(engine_order_id, GUI_ORDER)

    def placed_over_api(self, engine_order_id: int) -> bool:
        return engine_order_id in self.api_ids

    def _index(self, engine_order_id: int, client_id: int, order_id: int) -> None:
        self.api_ids[engine_order_id] = (client_id, order_id)
        self.by_api[(client_id, order_id)] = engine_order_id
        if order_id > self.highest_order_id.get(client_id, 0):
            self.highest_order_id[client_id] = order_id

    def _bind(self, event: OrderPlaced) -> None:
        if event.parent_id is not None or event.api_client_id is None or event.api_order_id is None:
            return
        self._index(event.order_id, event.api_client_id, event.api_order_id)
        if self._placing is not None:
            self.as_placed[event.order_id] = self._placing
            self._placing = None

    def _tally(self, event: ExecutionReported) -> None:
        self.fills.setdefault(event.order_id, Fills()).add(event.quantity, event.price)

    def _count_correction(self, event: ExecutionCorrected) -> None:
        self.corrections[event.exec_id] = self.corrections.get(event.exec_id, 0) + 1

    def reported_exec_id(self, exec_id: str) -> str:
        """The exec id as clients see it: IB reports a corrected execution again with its last part counted
        up (.01, .02, ...). Corrections made before this server started are not counted."""
        count = self.corrections.get(exec_id)
        head, _, last = exec_id.rpartition(".")
        if not count or not last.isdigit():
            return exec_id
        return f"{head}.{int(last) + count:0{len(last)}d}"

    # -- the messages -------------------------------------------------------------------------------------

    def contract_of(self, order: Order) -> ApiContract:
        record = self.as_placed.get(order.order_id)
        if order.combo is None:
            instrument = self.engine.catalog.get(order.symbol)
            return self.contracts.contract(instrument) if instrument is not None else ApiContract(symbol=order.symbol)
        if record is not None:
            return record.contract
        legs = [ComboLeg(con_id=self.contracts.con_ids.get(leg.symbol, 0), ratio=leg.ratio, action=leg.action.value,
                         exchange="SMART") for leg in order.combo.legs]
        first = self.engine.catalog.get(order.combo.legs[0].symbol)
        return ApiContract(symbol=(first.underlying or first.symbol) if first else "", sec_type="BAG",
                           exchange="SMART", currency=first.currency if first else "USD", combo_legs=legs)

    def api_order(self, order: Order) -> ApiOrder:
        record = self.as_placed.get(order.order_id)
        client_id, order_id = self.ids_of(order.order_id)
        api = copy.copy(record.order) if record is not None else ApiOrder()  # replace() runs __init__: 3x slower
        api.order_id, api.client_id, api.perm_id, api.what_if = order_id, client_id, order.order_id, False
        api.action, api.order_type = order.action.value, order.order_type.value
        api.total_quantity = order.total_quantity
        api.lmt_price = float(order.lmt_price) if order.lmt_price is not None else None
        api.aux_price = float(order.aux_price) if order.aux_price is not None else None
        api.tif, api.account, api.outside_rth = order.tif.value, order.account, order.outside_rth
        api.order_ref = order.order_ref
        api.cash_qty = float(order.cash_qty) if order.cash_qty is not None else None
        if record is None and order.allocation is not None:
            api.fa_group, api.fa_method = order.allocation.group, order.allocation.method.value
        api.filled_quantity = order.filled
        return api

    def order_messages(self, v: int, order: Order, event: OrderStatusChanged | None = None) -> list[list[str]]:
        """openOrder then orderStatus for ``order``: as it is now, or as ``event`` (one of several status changes
        a command made, each reported in turn) left it."""
        status = STATUS_TEXT[order.status if event is None else event.status]
        return [outgoing_orders.open_order(v, self.contract_of(order), self.api_order(order), ApiOrderState(status)),
                self.status_message(v, order, event)]

    def status_message(self, v: int, order: Order, event: OrderStatusChanged | None = None) -> list[str]:
        client_id, order_id = self.ids_of(order.order_id)
        fills = self.fills.get(order.order_id)
        last = float(fills.last_price) if fills is not None else 0.0
        if event is None:
            status, filled, remaining, average = order.status, order.filled, order.remaining, order.avg_fill_price
        else:
            status, filled, remaining, average = event.status, event.filled, event.remaining, event.avg_fill_price
        return outgoing_orders.order_status(v, order_id, STATUS_TEXT[status], filled, remaining, float(average),
                                            order.order_id, 0, last, client_id)

    def completed_message(self, v: int, order: Order) -> list[str]:
        status = STATUS_TEXT[order.status]
        when = order.updated or order.created
        state = ApiOrderState(status, completed_time=when.strftime("%Y%m%d %H:%M:%S ") + str(when.tzinfo or ""),
                              completed_status=order.status_reason or status)
        return outgoing_orders.completed_order(v, self.contract_of(order), self.api_order(order), state)

    def execution_messages(self, v: int, req_id: int, event: ExecutionReported, cum_qty: Decimal,
                           avg_price: Decimal, allocation: tuple[str, Decimal, Decimal, str] | None = None,
                           ) -> list[list[str]]:
        """execDetails then commissionReport for ``event`` (the block), or for one account's allocation of it
        (account, shares, commission, its exec id)."""
        order = self.engine.order(event.order_id)
        owner = order if order.parent_id is None else self.engine.order(order.parent_id)
        client_id, order_id = self.ids_of(owner.order_id)
        instrument = self.engine.catalog.get(event.symbol)
        contract = self.contracts.contract(instrument) if instrument is not None else ApiContract(symbol=event.symbol)
        account, shares, commission, exec_id = allocation or (event.account, event.quantity, event.commission,
                                                              self.reported_exec_id(event.exec_id))
        execution = ApiExecution(
            order_id=order_id, exec_id=exec_id, time=event.time, acct_number=account,
            exchange=contract.primary_exchange or contract.exchange,
            side="BOT" if event.action.value == "BUY" else "SLD",
            shares=shares, price=float(event.price), perm_id=owner.order_id, client_id=client_id,
            cum_qty=cum_qty, avg_price=float(avg_price), order_ref=owner.order_ref)
        pnl = None if allocation is not None or not event.realized_pnl else float(event.realized_pnl)
        report = ApiCommissionReport(exec_id=exec_id, commission=float(commission),
                                     currency=event.commission_currency, realized_pnl=pnl)
        return [outgoing_orders.exec_details(v, req_id, contract, execution),
                outgoing_orders.commission_report(v, report)]


def order_book(adapter: Any) -> ApiOrderBook:
    """The adapter's order book: a :class:`LiveEngineAdapter`'s own, else made on first use (on the engine's
    thread)."""
    book = getattr(adapter, "api_order_book", None)
    if book is None:
        book = adapter.api_order_book = ApiOrderBook(adapter.engine)
    return book


class SessionFeed:
    """One session's live order messages, chosen and built on the engine's thread."""

    def __init__(self, book: ApiOrderBook, session: Session, master_client_id: int | None,
                 visible: frozenset[str]) -> None:
        self.book = book
        self.session = session
        self.client_id = session.client_id
        self.v = session.server_version
        self.sees_all = master_client_id is not None and master_client_id == session.client_id
        self.visible = visible
        self.unsubscribers: list[Callable[[], None]] = []
        # The messages of a command's events wait here and cross to the server's loop in one wake-up: each
        # crossing is a system call that gives up the GIL, which (measured) cost more than building them.
        self._outbox: deque[list[str]] = deque()
        self._flush_due = False

    def subscribe(self) -> None:
        engine = self.book.engine
        self.unsubscribers = [engine.subscribe(self._on_status, OrderStatusChanged),
                              engine.subscribe(self._on_modified, OrderModified),
                              engine.subscribe(self._on_execution, ExecutionReported),
                              engine.subscribe(self._on_correction, ExecutionCorrected)]

    def unsubscribe(self) -> None:
        for unsubscribe in self.unsubscribers:
            unsubscribe()
        self.unsubscribers = []

    def sees(self, order: Order) -> bool:
        """Whether this client hears of ``order``: its own; every order for the master client, and for client
        0 once it asked reqAutoOpenOrders(true) (the GUI's orders included)."""
        ids = self.book.api_ids.get(order.order_id)
        if ids is not None and ids[0] == self.client_id:
            return True
        if order.parent_id is not None or order.account not in self.visible:
            return False
        return self.sees_all or (self.client_id == 0 and self.session.auto_open_orders)

    def _order_if_seen(self, order_id: int) -> Order | None:
        ids = self.book.api_ids.get(order_id)
        mine = ids is not None and ids[0] == self.client_id
        if not mine and not (self.sees_all or (self.client_id == 0 and self.session.auto_open_orders)):
            return None  # spares the order's copy for the events of other clients' orders
        order = self.book.engine.order(order_id)
        return order if self.sees(order) else None

    def _send(self, fields: list[str]) -> None:
        """On the engine's thread: queue a message, asking the server's loop to flush unless it already will."""
        self._outbox.append(fields)
        if not self._flush_due:
            self._flush_due = True
            self.session.host.link.publish(self._flush)

    def _flush(self) -> None:
        """On the server's loop. The flag drops before the queue is read, so a message queued meanwhile is
        either read now or asks for a flush of its own (deque appends and pops are atomic)."""
        self._flush_due = False
        while self._outbox:
            self.session.send(self._outbox.popleft())

    def _on_status(self, event: OrderStatusChanged) -> None:
        order = self._order_if_seen(event.order_id)
        if order is None:
            return
        if event.status is OrderStatus.CANCELLED:
            self._send(self.book.status_message(self.v, order, event))
            client_id, order_id = self.book.ids_of(order.order_id)
            if client_id == self.client_id and order_id:
                reason = event.reason if event.reason else ""
                self._send(outgoing.error_message(self.v, order_id, CANCELLED, f"Order Canceled - reason:{reason}"))
            return
        for message in self.book.order_messages(self.v, order, event):
            self._send(message)

    def _on_modified(self, event: OrderModified) -> None:
        order = self._order_if_seen(event.order_id)
        if order is not None:
            for message in self.book.order_messages(self.v, order):
                self._send(message)

    def _on_execution(self, event: ExecutionReported) -> None:
        order = self.book.engine.order(event.order_id)
        owner_id = order.parent_id if order.parent_id is not None else order.order_id
        owner = self._order_if_seen(owner_id)
        if owner is None:
            return
        fills = self.book.fills.get(event.order_id) or Fills()
        for message in self.book.execution_messages(self.v, -1, event, fills.quantity, fills.avg_price):
            self._send(message)

    def _on_correction(self, event: ExecutionCorrected) -> None:
        """A corrected execution is reported again, at its new price under its next exec id (IB's corrections)."""
        order = self.book.engine.order(event.order_id)
        owner = self._order_if_seen(order.parent_id if order.parent_id is not None else order.order_id)
        if owner is None:
            return
        for execution in self.book.engine.executions(event.order_id):
            if execution.exec_id == event.exec_id:
                cum = self.book.fills.get(event.order_id) or Fills()
                for message in self.book.execution_messages(self.v, -1, execution, cum.quantity, order.avg_fill_price):
                    self._send(message)
