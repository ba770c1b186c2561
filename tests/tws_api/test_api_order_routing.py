"""What an API order becomes in the engine: order types, time in force, outside RTH, allocation by profile,
group or model, cashQty and combos, each placed by ib_async 2.1.0 (client.py placeOrder: faProfile below 177,
reference §4.2) and read back from the engine's order."""

from __future__ import annotations

from decimal import Decimal

import ib_async
import pytest

from tests.tws_api.conftest import ADVISOR_SCENARIO, SCENARIOS, TIMEOUT, run
from tests.tws_api.test_api_orders import expect_client_errors, first_error
from workstation.tws_api.contracts import ContractBook

MSFT = ib_async.Stock("MSFT", "SMART", "USD")


def place(gateway, contract: ib_async.Contract, order: ib_async.Order):
    """Place with ib_async and return the engine's order once the client saw it working (a stop waits
    PreSubmitted; the others go on to Submitted)."""

    async def scenario() -> int:
        ib = ib_async.IB()
        await ib.connectAsync(gateway.host, gateway.port, clientId=4, timeout=TIMEOUT, raiseSyncErrors=True)
        try:
            trade = ib.placeOrder(contract, order)
            while trade.orderStatus.status not in ("PreSubmitted", "Submitted"):
                await trade.statusEvent
            return trade.order.permId
        finally:
            ib.disconnect()

    perm_id = run(scenario())
    return gateway.on_engine(lambda engine: engine.order(perm_id))  # permId is the engine's order id


def test_a_stop_limit_order_keeps_its_prices_time_in_force_and_outside_rth(open_gateway):
    gateway = open_gateway(ADVISOR_SCENARIO)
    order = ib_async.StopLimitOrder("SELL", 20, 380.0, 385.0, account="K1", tif="GTC", outsideRth=True)
    placed = place(gateway, MSFT, order)
    assert (placed.order_type.value, placed.lmt_price, placed.aux_price) == ("STP LMT", Decimal("380.0"),
                                                                               Decimal("385.0"))
    assert (placed.tif.value, placed.outside_rth, placed.total_quantity) == ("GTC", True, 20)


@pytest.mark.parametrize(("version", "fields"), [
    (157, {"faProfile": "Growth"}),  # a profile below 177 (client.py placeOrder sends faProfile)
    (178, {"faGroup": "Growth"}),  # from 177 profiles are groups
    (176, {"faGroup": "Growth", "faMethod": "AvailableEquity"}),
])
def test_a_profile_or_a_group_allocates_by_that_group(open_gateway, version, fields):
    gateway = open_gateway(ADVISOR_SCENARIO, max_server_version=version)
    placed = place(gateway, MSFT, ib_async.LimitOrder("BUY", 30, 400.0, **fields))
    assert placed.account == "FA9" and placed.allocation.group == "Growth"
    assert placed.allocation.method.value == fields.get("faMethod", "NetLiq")  # else the group's own method


def test_a_model_code_orders_for_the_model(open_gateway):
    gateway = open_gateway(ADVISOR_SCENARIO)
    placed = place(gateway, ib_async.Stock("KO", "SMART", "USD"),
                   ib_async.LimitOrder("BUY", 100, 60.0, modelCode="Dividend"))
    assert placed.allocation.method.value == "Model"


def test_a_fund_order_for_cash(open_gateway):
    gateway = open_gateway(SCENARIOS / "fund_orders.yaml")
    order = ib_async.MarketOrder("BUY", 0, cashQty=30000.0, faGroup="Income")
    placed = place(gateway, ib_async.Contract(symbol="VFIAX", secType="FUND", currency="USD"), order)
    # A fund order for an amount waits for the NAV; the engine trims what its cash client cannot pay.
    assert placed.awaiting_nav and placed.account == "FA7" and placed.allocation.group == "Income"
    assert 0 < placed.cash_qty <= Decimal(30000)


def test_a_combo_order_names_its_legs_by_con_id(open_gateway):
    gateway = open_gateway(SCENARIOS / "combos.yaml")
    legs = ("AAPL  261218C00230000", "AAPL  261218C00240000")
    con_ids = gateway.on_engine(lambda engine: [ContractBook.of(engine.catalog).con_id(leg) for leg in legs])
    bag = ib_async.Bag(symbol="AAPL", exchange="SMART", currency="USD", comboLegs=[
        ib_async.ComboLeg(conId=con_ids[0], ratio=1, action="BUY", exchange="SMART"),
        ib_async.ComboLeg(conId=con_ids[1], ratio=1, action="SELL", exchange="SMART")])
    placed = place(gateway, bag, ib_async.LimitOrder("BUY", 2, 0.5, account="A"))
    assert [(leg.symbol, leg.action.value, leg.ratio) for leg in placed.combo.legs] == [
        (legs[0], "BUY", 1), (legs[1], "SELL", 1)]
    assert placed.lmt_price == Decimal("0.5")


def test_an_order_type_the_engine_does_not_have_is_refused_201(open_gateway, caplog):
    gateway = open_gateway(ADVISOR_SCENARIO)

    async def scenario():
        ib = ib_async.IB()
        await ib.connectAsync(gateway.host, gateway.port, clientId=4, timeout=TIMEOUT, raiseSyncErrors=True)
        try:
            refused = first_error(ib)
            ib.placeOrder(MSFT, ib_async.Order(action="BUY", totalQuantity=1, orderType="TRAIL", account="K1"))
            return await refused
        finally:
            ib.disconnect()

    _req_id, code, text = run(scenario())
    assert (code, text) == (201, "Order rejected - reason:order type TRAIL is not supported by this server")
    expect_client_errors(caplog, 201)


def test_an_attached_order_is_refused_rather_than_placed_alone(open_gateway, caplog):
    gateway = open_gateway(ADVISOR_SCENARIO)

    async def scenario():
        ib = ib_async.IB()
        await ib.connectAsync(gateway.host, gateway.port, clientId=4, timeout=TIMEOUT, raiseSyncErrors=True)
        try:
            refused = first_error(ib)
            ib.placeOrder(MSFT, ib_async.LimitOrder("SELL", 1, 450.0, account="K1", parentId=77))
            return await refused
        finally:
            ib.disconnect()

    _req_id, code, text = run(scenario())
    assert (code, text) == (201, "Order rejected - reason:an attached order (parentId) is not supported by this server")
    assert gateway.on_engine(lambda e: [o for o in e.working_orders() if o.account == "K1"]) == []
    expect_client_errors(caplog, 201)
