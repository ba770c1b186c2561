"""Order requests: placing, modifying and cancelling orders, open and completed orders, executions.

So far: read-only mode refuses every order with 321 (TWS's Read-Only API setting); orders are not
placed yet (201), and the requests ib_async sends at connect get their end markers (reference §1.5).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from workstation.tws_api.session import Session


@handles(ReqOpenOrders, ReqAllOpenOrders)
def req_open_orders(session: Session, _request: object) -> None:
    session.send(outgoing_orders.open_order_end(session.server_version))


@handles(ReqAutoOpenOrders)
def req_auto_open_orders(session: Session, request: ReqAutoOpenOrders) -> None:
    session.auto_open_orders = session.client_id == 0 and bool(request.auto_bind)


@handles(ReqCompletedOrders)
def req_completed_orders(session: Session, _request: ReqCompletedOrders) -> None:
    session.send(outgoing_orders.completed_orders_end(session.server_version))


@handles(ReqExecutions)
def req_executions(session: Session, request: ReqExecutions) -> None:
    session.send(outgoing_orders.exec_details_end(session.server_version, request.req_id))


@handles(PlaceOrder)
async def place_order(session: Session, request: PlaceOrder) -> None:
    order_id, client_id = request.order_id, session.client_id
    await session.host.link.call(lambda adapter: adapter.note_order_id(client_id, order_id))
    if session.host.read_only:
        session.send_error(order_id, *replies.READ_ONLY)
        return
    session.send_error(order_id, 201, "Order rejected - reason: orders over the API are not handled by this "
                                      "server yet")


@handles(CancelOrder)
def cancel_order(session: Session, request: CancelOrder) -> None:
    if session.host.read_only:
        session.send_error(request.order_id, *replies.READ_ONLY)
        return
    session.send_error(request.order_id, 10147, f"OrderId {request.order_id} that needs to be cancelled is not "
                                                "found.")


@handles(ReqGlobalCancel)
def req_global_cancel(session: Session, _request: ReqGlobalCancel) -> None:
    if session.host.read_only:
        session.send_error(replies.NO_REQUEST, *replies.READ_ONLY)
