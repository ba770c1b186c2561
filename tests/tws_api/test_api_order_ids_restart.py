"""An API order's (client id, order id) outlives the gateway: the engine keeps them on the order (IB's
Order.clientId and orderId, ibapi order.py; permId is the engine's order id), so a gateway restarted on the same
database reports the order to its client under the same ids, takes a modification by them and answers 103 for
a done order's id, and nextValidId continues past the ids used.

Client side: ib_async 2.1.0 (ib.py connectAsync sends reqOpenOrders, reqCompletedOrders and reqExecutions at
connect; wrapper.py openOrder keys a trade by (clientId, orderId), completedOrder by permId; client.py getReqId
hands out the ids from nextValidId).
"""

from __future__ import annotations

import asyncio
from decimal import Decimal
from pathlib import Path

import ib_async

from tests.tws_api.conftest import TIMEOUT, connect_ib, on_engine, run
from workstation.engine import ForceExecution, OrderStatus, PlaceOrder

MSFT = ib_async.Stock("MSFT", "SMART", "USD")
CLIENT = 5
DUPLICATE_ORDER_ID = 103  # IB "Message Codes": 103, duplicate order id


def _limit(order_id: int, price: float, account: str) -> ib_async.LimitOrder:
    order = ib_async.LimitOrder("BUY", 10, price, account=account, tif="GTC")
    order.orderId = order_id
    return order


async def _status(trade: ib_async.Trade, *statuses: str) -> None:
    while trade.orderStatus.status not in statuses:
        await trade.statusEvent


def _place_and_stop(open_gateway, db: Path) -> dict[str, int]:
    """On a first gateway: client 5 places order 12 (left working) and 13 (filled); a GUI order is placed too.
    The engine order ids, by name."""
    gateway = open_gateway(db=db)
    account = gateway.login

    async def scenario() -> tuple[int, int]:
        ib = await connect_ib(gateway, CLIENT)
        try:
            working = ib.placeOrder(MSFT, _limit(12, 50.0, account))
            filled = ib.placeOrder(MSFT, _limit(13, 51.0, account))
            await _status(working, "Submitted", "PreSubmitted")
            await _status(filled, "Submitted", "PreSubmitted")
            done = asyncio.ensure_future(_status(filled, "Filled"))
            await on_engine(gateway, lambda e: e.execute(ForceExecution(filled.order.permId, Decimal(10),
                                                                        Decimal("51.00"))))
            await done
            return working.order.permId, filled.order.permId
        finally:
            ib.disconnect()

    working, filled = run(scenario())
    gui = gateway.on_engine(lambda e: e.execute(PlaceOrder(account, "MSFT", "BUY", Decimal(10), "LMT",
                                                           Decimal("52.00"), tif="GTC")).events[0].order_id)
    gateway.stop()
    return {"working": working, "filled": filled, "gui": gui}


def test_a_restarted_gateway_reports_an_order_to_its_client_under_the_same_ids(open_gateway, tmp_path):
    # Arrange
    db = tmp_path / "ws.db"
    ids = _place_and_stop(open_gateway, db)
    gateway = open_gateway(db=db)

    async def scenario():
        ib = ib_async.IB()
        next_ids: list[int] = []
        ib.wrapper.nextValidId = next_ids.append  # decoder.py wrap() looks the wrapper's method up per message
        await ib.connectAsync(gateway.host, gateway.port, clientId=CLIENT, timeout=TIMEOUT, raiseSyncErrors=True)
        try:
            [next_id] = next_ids
            open_trades = {t.order.permId: t for t in ib.openTrades()}
            every_open = {t.order.permId: (t.order.clientId, t.order.orderId) for t in await ib.reqAllOpenOrdersAsync()}
            api_done = [t.order.permId for t in await ib.reqCompletedOrdersAsync(apiOnly=True)]
            fills = [(f.execution.clientId, f.execution.orderId, f.execution.permId) for f in ib.fills()]
            return next_id, open_trades, every_open, api_done, fills
        finally:
            ib.disconnect()

    # Act
    next_id, open_trades, every_open, api_done, fills = run(scenario())

    # Assert
    assert next_id == 14  # nextValidId: one past the highest id client 5's orders used
    assert list(open_trades) == [ids["working"]]  # reqOpenOrders at connect: this client's own only
    trade = open_trades[ids["working"]]
    assert (trade.order.clientId, trade.order.orderId, trade.order.lmtPrice) == (CLIENT, 12, 50.0)
    assert every_open == {ids["working"]: (CLIENT, 12), ids["gui"]: (0, 0)}  # the GUI's order has no API ids
    assert api_done == [ids["filled"]]  # apiOnly: placed over the API, before the restart too
    assert fills == [(CLIENT, 13, ids["filled"])]  # reqExecutions at connect


def test_after_a_restart_the_same_ids_modify_the_working_order_and_a_done_ones_are_103(open_gateway, tmp_path,
                                                                                        expected_client_errors):
    # Arrange
    db = tmp_path / "ws.db"
    ids = _place_and_stop(open_gateway, db)
    gateway = open_gateway(db=db)
    expected_client_errors.add(DUPLICATE_ORDER_ID)

    async def scenario():
        ib = await connect_ib(gateway, CLIENT)
        try:
            [trade] = ib.openTrades()
            trade.order.lmtPrice = 49.0
            modified = asyncio.ensure_future(_modified(ib))
            ib.placeOrder(MSFT, trade.order)
            await modified
            errors = asyncio.get_running_loop().create_future()
            ib.errorEvent += lambda req_id, code, text, _c: errors.done() or errors.set_result((req_id, code))
            ib.placeOrder(MSFT, _limit(13, 52.0, gateway.login))
            return await errors
        finally:
            ib.disconnect()

    # Act
    error = run(scenario())

    # Assert
    working = gateway.on_engine(lambda e: e.order(ids["working"]))
    assert (working.lmt_price, working.status) == (Decimal("49.0"), OrderStatus.SUBMITTED)
    assert (working.api_client_id, working.api_order_id) == (CLIENT, 12)
    assert error == (13, DUPLICATE_ORDER_ID)
    assert gateway.on_engine(lambda e: [o.order_id for o in e.orders()]) == sorted(ids.values())  # no new order


async def _modified(ib: ib_async.IB) -> None:
    """The openOrder that confirms a modification (reference §4.4: openOrder + orderStatus after a change)."""
    while True:
        trade = await ib.openOrderEvent
        if trade.order.lmtPrice == 49.0:
            return


def test_a_negative_order_id_is_refused_201_and_places_nothing(open_gateway, expected_client_errors):
    # Arrange: no order has a negative id (IB numbers them from nextValidId up); the engine refuses one
    gateway = open_gateway()
    expected_client_errors.add(201)

    async def scenario():
        ib = await connect_ib(gateway, CLIENT)
        try:
            errors = asyncio.get_running_loop().create_future()
            ib.errorEvent += lambda req_id, code, text, _c: errors.done() or errors.set_result((req_id, code, text))
            ib.placeOrder(MSFT, _limit(-4, 50.0, gateway.login))
            return await errors
        finally:
            ib.disconnect()

    # Act
    before = gateway.on_engine(lambda e: len(e.orders()))
    req_id, code, text = run(scenario())

    # Assert
    assert (req_id, code) == (-4, 201)
    assert text.startswith("Order rejected - reason:api_order_id: ")
    assert gateway.on_engine(lambda e: len(e.orders())) == before
