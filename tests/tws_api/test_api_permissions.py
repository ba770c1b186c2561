"""An order for a contract the account may not trade is answered error 203 with IB's text, as TWS does
(IBKR Campus "Message Codes": 203 "The security is not available or allowed for this account."; account
management reference §6), and nothing is placed; a permitted one in the same session is placed."""

from __future__ import annotations

import ib_async

from tests.tws_api.conftest import connect_ib, run
from workstation.engine import OrderStatus

SCENARIO = """
seed: 5
clock: 2026-11-24T10:00:00-05:00
market: {random_walk: false}
accounts:
  - {id: C1, type: margin, name: Jane Doe, cash: {USD: 100000}, permissions: [STK:US]}
steps: []
"""


def test_an_order_the_account_is_not_permitted_is_203_and_a_permitted_one_is_placed(open_gateway, tmp_path,
                                                                                    expected_client_errors):
    scenario = tmp_path / "permissions.yaml"
    scenario.write_text(SCENARIO)
    gateway = open_gateway(scenario)
    expected_client_errors.add(203)

    async def place():
        ib = await connect_ib(gateway, 1)
        errors = []
        ib.errorEvent += lambda req_id, code, text, contract: errors.append((req_id, code, text))
        try:
            [sap] = await ib.qualifyContractsAsync(ib_async.Stock("SAP", "SMART", "EUR"))
            refused = ib.placeOrder(sap, ib_async.LimitOrder("BUY", 10, 100.0))
            [aapl] = await ib.qualifyContractsAsync(ib_async.Stock("AAPL", "SMART", "USD"))
            placed = ib.placeOrder(aapl, ib_async.LimitOrder("BUY", 10, 100.0))
            while placed.orderStatus.status != "Submitted" or not errors:
                await ib.updateEvent
            return refused, placed, errors
        finally:
            ib.disconnect()

    refused, placed, errors = run(place())
    [(req_id, code, text)] = errors
    assert (req_id, code) == (refused.order.orderId, 203)
    assert text.startswith("The security is not available or allowed for this account.")
    orders = gateway.on_engine(lambda e: [(o.symbol, o.status) for o in e.orders()])
    assert orders == [("AAPL", OrderStatus.SUBMITTED)]
