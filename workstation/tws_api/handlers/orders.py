"""Order requests: placing, modifying and cancelling orders, whatIf, open and completed orders, executions.

A session opens its order feed (:class:`~workstation.tws_api.order_feed.SessionFeed`) with its first order
request (ib_async sends reqOpenOrders and reqExecutions at connect), and closes it with the connection; the
orders themselves stay live. Read-only mode refuses every order, cancel and global cancel with 321 (TWS's
Read-Only API setting). Codes and sequences: reference §4.4; IB's "Message Codes" for 103, 200, 201, 202,
436, 10147 and 10148.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workstation.engine import CancelOrder as EngineCancelOrder
from workstation.engine import Rejected
from workstation.tws_api import outgoing_orders, replies
from workstation.tws_api.handlers import handles
from workstation.tws_api.incoming import (
    CancelOrder,
    ReqAllOpenOrders,
    ReqAutoOpenOrders,
    ReqCompletedOrders,
    ReqExecutions,
    ReqGlobalCancel,
    ReqOpenOrders,
)
from workstation.tws_api.incoming_orders import PlaceOrder
from workstation.tws_api.order_feed import ApiOrderBook, ApiOrderRecord, SessionFeed, order_book
from workstation.tws_api.order_queries import execution_messages, what_if_state
from workstation.tws_api.order_routing import OrderRefusal, refused, to_modify_order, to_place_order

if TYPE_CHECKING:
    from workstation.tws_api.session import Session

DUPLICATE_ORDER_ID = 103
CANCEL_NOT_FOUND = 10147
CANCEL_DONE = 10148
Answer = tuple[int, str] | list[list[str]]  # an error (code, text), or the messages a request is answered with
_FEED = "order_feed"  # the session's SessionFeed, set on it when opened


async def open_feed(session: Session) -> None:
    """Subscribe the session to its orders' live messages, once."""
    if getattr(session, _FEED, None) is not None:
        return
    config = getattr(session.host, "config", None)
    master = getattr(config, "master_client_id", None)

    opened: list[SessionFeed] = []

    def subscribe(adapter: Any) -> SessionFeed:
        feed = SessionFeed(order_book(adapter), session, master, frozenset(adapter.managed_accounts()))
        feed.subscribe()
        opened.append(feed)
        return feed

    def unsubscribe(_adapter: Any) -> None:
        for feed in opened:
            feed.unsubscribe()

    # Registered before the wait: a connection that ends meanwhile still ends the subscription, whose
    # unsubscription the engine's thread runs after it (its work runs in the order posted).
    session.on_close(lambda: session.host.link.call(unsubscribe))
    setattr(session, _FEED, await session.host.link.call(subscribe))


def _visible(session: Session) -> frozenset[str]:
    return getattr(session, _FEED).visible


@handles(ReqOpenOrders, ReqAllOpenOrders)
async def req_open_orders(session: Session, request: object) -> None:
    await open_feed(session)
    v, every = session.server_version, isinstance(request, ReqAllOpenOrders)
    feed: SessionFeed = getattr(session, _FEED)

    def read(adapter: Any) -> list[list[str]]:
        book = order_book(adapter)
        out: list[list[str]] = []
        for order in adapter.engine.working_orders():
            if order.parent_id is not None or order.account not in feed.visible:
                continue
            client_id, _ = book.ids_of(order.order_id)
            mine = client_id == session.client_id and (session.client_id != 0 or book.placed_over_api(order.order_id)
                                                         or session.auto_open_orders)
            if every or mine or feed.sees_all:
                out += book.order_messages(v, order)
        return out

    for message in await session.host.link.call(read):
        session.send(message)
    session.send(outgoing_orders.open_order_end(v))


@handles(ReqAutoOpenOrders)
async def req_auto_open_orders(session: Session, request: ReqAutoOpenOrders) -> None:
    session.auto_open_orders = session.client_id == 0 and bool(request.auto_bind)
    await open_feed(session)


@handles(ReqCompletedOrders)
async def req_completed_orders(session: Session, request: ReqCompletedOrders) -> None:
    await open_feed(session)
    v, visible = session.server_version, _visible(session)

    def read(adapter: Any) -> list[list[str]]:
        book = order_book(adapter)
        return [book.completed_message(v, order) for order in adapter.engine.orders()
                if order.is_done and order.parent_id is None and order.account in visible
                and (not request.api_only or book.placed_over_api(order.order_id))]

    for message in await session.host.link.call(read):
        session.send(message)
    session.send(outgoing_orders.completed_orders_end(v))


@handles(ReqExecutions)
async def req_executions(session: Session, request: ReqExecutions) -> None:
    await open_feed(session)
    v, visible = session.server_version, _visible(session)
    messages = await session.host.link.call(
        lambda adapter: execution_messages(order_book(adapter), v, request.req_id, request.filter, visible))
    for message in messages:
        session.send(message)
    session.send(outgoing_orders.exec_details_end(v, request.req_id))


@handles(PlaceOrder)
async def place_order(session: Session, request: PlaceOrder) -> None:
    order_id, client_id, v = request.order_id, session.client_id, session.server_version
    assert client_id is not None
    if session.host.read_only:
        await session.host.link.call(lambda adapter: adapter.note_order_id(client_id, order_id))
        session.send_error(order_id, *replies.READ_ONLY)
        return
    await open_feed(session)

    def place(adapter: Any) -> Answer:
        """On the engine thread: an error (code, text), or the messages to answer with (the feed sends the rest)."""
        adapter.note_order_id(client_id, order_id)  # in the same engine call: one crossing per order
        book = order_book(adapter)
        login = adapter.login
        try:
            command = to_place_order(request.contract, request.order, login, adapter.engine.account(login).is_advisor,
                                     book.contracts, client_id, adapter.entered_by)
        except OrderRefusal as refusal:
            return refusal.code, refusal.text
        if request.order.what_if:
            preview = adapter.engine.preview(command)
            if preview.rejected is not None:
                refusal = refused(preview.rejected)
                return refusal.code, refusal.text
            answer = request.order
            answer.client_id, answer.account = client_id, command.account
            return [outgoing_orders.open_order(v, request.contract, answer, what_if_state(preview))]
        engine_id = book.engine_id(client_id, order_id)
        if engine_id is not None:
            return _modify(adapter, book, engine_id, ApiOrderRecord(request.contract, request.order, command), v)
        record = ApiOrderRecord(request.contract, request.order, command)
        result = book.place(record)
        if isinstance(result, Rejected):
            refusal = refused(result)
            return refusal.code, refusal.text
        return []

    answer = await session.host.link.call(place)
    if isinstance(answer, tuple):
        session.send_error(order_id, *answer)
        return
    for message in answer:
        session.send(message)


def _modify(adapter: Any, book: ApiOrderBook, engine_id: int, placed: ApiOrderRecord, v: int) -> Answer:
    """A placeOrder for a (client, order id) already placed: a modification, or 103 once the order is done.

    It is compared with the order as last placed; one placed before the server started (a restart) is compared
    with the engine's order, and kept as placed now."""
    order = adapter.engine.order(engine_id)
    if order.is_done:
        return DUPLICATE_ORDER_ID, "Duplicate order id"
    record = book.as_placed.get(engine_id)
    change = to_modify_order(engine_id, placed.command, order if record is None else record.command)
    if change is not None:
        result = adapter.engine.execute(change)
        if isinstance(result, Rejected):
            refusal = refused(result)
            return refusal.code, refusal.text
    if record is None:
        book.as_placed[engine_id] = placed
    else:
        record.command = placed.command
    # When nothing the engine keeps changed, TWS still confirms the order as it stands.
    return book.order_messages(v, order) if change is None else []


@handles(CancelOrder)
async def cancel_order(session: Session, request: CancelOrder) -> None:
    order_id, client_id = request.order_id, session.client_id
    if session.host.read_only:
        session.send_error(order_id, *replies.READ_ONLY)
        return
    await open_feed(session)

    def cancel(adapter: Any) -> tuple[int, str] | None:
        engine_id = order_book(adapter).engine_id(client_id, order_id)
        if engine_id is None:
            return CANCEL_NOT_FOUND, f"OrderId {order_id} that needs to be cancelled is not found."
        order = adapter.engine.order(engine_id)
        if order.is_done:
            return CANCEL_DONE, (f"OrderId {order_id} that needs to be cancelled cannot be cancelled, state: "
                                 f"{order.status.value}.")
        result = adapter.engine.execute(EngineCancelOrder(engine_id, entered_by=adapter.entered_by))
        if isinstance(result, Rejected):
            return CANCEL_DONE, f"OrderId {order_id} that needs to be cancelled cannot be cancelled: {result.message}"
        return None

    answer = await session.host.link.call(cancel)
    if answer is not None:
        session.send_error(order_id, *answer)


@handles(ReqGlobalCancel)
async def req_global_cancel(session: Session, _request: ReqGlobalCancel) -> None:
    if session.host.read_only:
        session.send_error(replies.NO_REQUEST, *replies.READ_ONLY)
        return
    await open_feed(session)
    visible = _visible(session)

    def cancel_all(adapter: Any) -> None:
        for order in adapter.engine.working_orders():
            if order.parent_id is None and order.account in visible:
                adapter.engine.execute(EngineCancelOrder(order.order_id, entered_by=adapter.entered_by))

    await session.host.link.call(cancel_all)
