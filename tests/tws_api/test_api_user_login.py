"""The API server enters its clients' orders as the user's login (``LiveEngineAdapter.entered_by``), as
``workstation gateway --user`` and the window's server do, so the engine checks the user's role
(partitions/users.py): a trader's order is placed and its Audit Trail names the user, a viewer's is refused
with the engine's reason as error 201 ("Order rejected - reason:", IB's Campus message codes), its cancel
too. Users from tests/scenarios/users.yaml: tom a trader of U1, vera a viewer of U1."""

from __future__ import annotations

from pathlib import Path

import ib_async
import pytest

from tests.tws_api.conftest import connect_ib, run
from tests.tws_api.test_api_orders import expect_client_errors, first_error
from workstation.tws_api.adapter import login_is_read_only

USERS = Path(__file__).parents[1] / "scenarios" / "users.yaml"
AAPL = ib_async.Stock("AAPL", "SMART", "USD")


def serving_as(open_gateway, entered_by: str):
    gateway = open_gateway(USERS, login="U1")
    gateway._gateway.adapter.entered_by = entered_by  # what cli_gateway passes as Gateway(entered_by=...)
    return gateway


def test_a_trader_s_api_order_is_entered_by_the_user(open_gateway):
    gateway = serving_as(open_gateway, "tom")

    async def scenario() -> int:
        ib = await connect_ib(gateway, 5)
        try:
            trade = ib.placeOrder(AAPL, ib_async.LimitOrder("BUY", 3, 1.0, account="U1"))
            while trade.orderStatus.status not in ("PreSubmitted", "Submitted"):
                await trade.statusEvent
            return trade.order.permId
        finally:
            ib.disconnect()

    order_id = run(scenario())
    trail = gateway.on_engine(lambda engine: engine.audit_trail(order_id))
    assert any("tom" in str(entry) for entry in trail)


def test_a_viewer_s_api_order_is_refused_by_the_engine(open_gateway, caplog):
    gateway = serving_as(open_gateway, "vera")
    before = gateway.on_engine(lambda engine: len(engine.orders()))

    async def scenario() -> tuple[int, str]:
        ib = await connect_ib(gateway, 6)
        try:
            errors = first_error(ib)
            ib.placeOrder(AAPL, ib_async.LimitOrder("BUY", 3, 1.0, account="U1"))
            _req, code, text = await errors
            return code, text
        finally:
            ib.disconnect()

    code, text = run(scenario())
    expect_client_errors(caplog, 201)
    assert code == 201 and "vera is a viewer of U1 (read-only) and may not trade there" in text
    assert gateway.on_engine(lambda engine: len(engine.orders())) == before


@pytest.mark.parametrize("login, read_only", [("vera", True), ("tom", False), ("olive:read-only", True),
                                              ("olive", False), (None, False), ("U1", False)])
def test_which_logins_the_server_serves_as_the_read_only_api(open_gateway, login, read_only):
    gateway = open_gateway(USERS, login="U1")
    assert gateway.on_engine(lambda engine: login_is_read_only(engine, login)) is read_only
