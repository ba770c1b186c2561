"""Orders over the API with the real clients: placing, filling, modifying, cancelling, whatIf, advisor
allocations, executions and the order error codes (reference §4.2-§4.4; ib_async 2.1.0 ib.py placeOrder,
wrapper.py openOrder/orderStatus/execDetails/error; ibapi 10.51 client.py placeOrder, wrapper.py orderStatus).

The engine is driven on its own thread (``gateway.on_engine``); every wait ends on a client event.
"""

from __future__ import annotations

import asyncio
from decimal import Decimal

import ib_async
import pytest

from tests.tws_api.conftest import ADVISOR_SCENARIO, SERVER_VERSIONS, TIMEOUT, connect_ib, on_engine, run
from workstation.engine import DefineGroup, ForceExecution, OrderStatus, PlaceOrder, SetPrice

MSFT = ib_async.Stock("MSFT", "SMART", "USD")


def expect_client_errors(caplog: pytest.LogCaptureFixture, *codes: int) -> None:
    """ib_async logs every order error at ERROR ("Error 201, reqId ...", wrapper.py error): take out the ones a
    test expects (each must be there), so the log guard still fails the test on anything else."""
    records = caplog.get_records("call")
    for code in codes:
        expected = [r for r in records if r.name.startswith("ib_async")
                    and r.getMessage().startswith(f"Error {code}, ")]
        assert expected, f"ib_async did not report error {code}"
        for record in expected:
            records.remove(record)


async def status_reaches(trade: ib_async.Trade, status: str) -> None:
    while trade.orderStatus.status != status:
        await trade.statusEvent


def first_error(ib: ib_async.IB) -> asyncio.Future:
    future = asyncio.get_running_loop().create_future()
    ib.errorEvent += lambda req_id, code, text, _c: future.done() or future.set_result((req_id, code, text))
    return future


@pytest.mark.parametrize("version", SERVER_VERSIONS)
def test_a_limit_order_is_presubmitted_submitted_and_filled_when_the_price_crosses(open_gateway, version):
    gateway = open_gateway(ADVISOR_SCENARIO, max_server_version=version)

    async def scenario():
        ib = await connect_ib(gateway, 3)
        try:
            trade = ib.placeOrder(MSFT, ib_async.LimitOrder("BUY", 10, 410.0, account="K1", tif="GTC"))
            statuses: list[str] = []
            trade.statusEvent += lambda t: statuses.append(t.orderStatus.status)
            await status_reaches(trade, "Submitted")
            filled = asyncio.ensure_future(status_reaches(trade, "Filled"))
            await on_engine(gateway, lambda engine: engine.execute(SetPrice("MSFT", Decimal("405"))))
            await filled
            return trade, statuses
        finally:
            ib.disconnect()

    trade, statuses = run(scenario())
    assert statuses == ["PreSubmitted", "Submitted", "Filled"]  # reference §4.4 "New order"
    [engine_order] = gateway.on_engine(lambda e: [o for o in e.orders() if o.order_id == trade.order.permId])
    [execution] = gateway.on_engine(lambda e: e.executions(engine_order.order_id))
    assert (engine_order.account, engine_order.total_quantity, engine_order.lmt_price) == ("K1", 10, Decimal("410"))
    assert engine_order.tif.value == "GTC" and engine_order.status is OrderStatus.FILLED
    [fill] = trade.fills
    assert fill.execution.execId == execution.exec_id and fill.execution.acctNumber == "K1"
    assert (fill.execution.shares, fill.execution.price) == (10, float(execution.price))
    assert fill.execution.orderId == trade.order.orderId and fill.execution.clientId == 3
    assert fill.commissionReport.commission == float(execution.commission)  # commissionReport after execDetails
    assert trade.orderStatus.avgFillPrice == float(execution.price) and trade.orderStatus.remaining == 0


def test_a_partial_fill_reports_filled_and_remaining_then_the_rest(open_gateway):
    gateway = open_gateway(ADVISOR_SCENARIO)

    async def scenario():
        ib = await connect_ib(gateway, 3)
        try:
            trade = ib.placeOrder(MSFT, ib_async.LimitOrder("SELL", 10, 430.0, account="K1"))
            await status_reaches(trade, "Submitted")
            perm_id = trade.order.permId
            await on_engine(gateway, lambda e: e.execute(ForceExecution(perm_id, Decimal(4), Decimal("430"))))
            while trade.orderStatus.filled != 4:
                await trade.statusEvent
            partial = (trade.orderStatus.status, trade.orderStatus.filled, trade.orderStatus.remaining)
            filled = asyncio.ensure_future(status_reaches(trade, "Filled"))
            await on_engine(gateway, lambda e: e.execute(ForceExecution(perm_id, Decimal(6), Decimal("431"))))
            await filled
            return partial, trade
        finally:
            ib.disconnect()

    partial, trade = run(scenario())
    assert partial == ("Submitted", 4, 6)
    assert [(f.execution.shares, f.execution.cumQty) for f in trade.fills] == [(4, 4), (6, 10)]
    assert trade.orderStatus.avgFillPrice == pytest.approx(430.6) and trade.orderStatus.lastFillPrice == 431


def test_placing_the_same_order_id_again_modifies_the_order(open_gateway):
    gateway = open_gateway(ADVISOR_SCENARIO)

    async def scenario():
        ib = await connect_ib(gateway, 3)
        try:
            order = ib_async.LimitOrder("BUY", 10, 400.0, account="K1")
            trade = ib.placeOrder(MSFT, order)
            await status_reaches(trade, "Submitted")
            order.lmtPrice = 401.5
            ib.placeOrder(MSFT, order)
            while trade.log[-1].message != "Modified":
                await trade.statusEvent
            return trade
        finally:
            ib.disconnect()

    trade = run(scenario())
    engine_order = gateway.on_engine(lambda e: e.order(trade.order.permId))
    assert engine_order.lmt_price == Decimal("401.5") and engine_order.total_quantity == 10
    assert trade.order.lmtPrice == 401.5  # the openOrder that confirmed it


def test_cancel_reports_cancelled_then_202_and_unknown_or_done_orders_get_10147_and_10148(open_gateway, caplog):
    gateway = open_gateway(ADVISOR_SCENARIO)

    async def scenario():
        ib = await connect_ib(gateway, 3)
        try:
            trade = ib.placeOrder(MSFT, ib_async.LimitOrder("BUY", 10, 400.0, account="K1"))
            await status_reaches(trade, "Submitted")
            errors: list[tuple[int, int, str]] = []
            ib.errorEvent += lambda req_id, code, text, _c: errors.append((req_id, code, text))
            ib.cancelOrder(trade.order)
            await status_reaches(trade, "Cancelled")
            ib.client.cancelOrder(trade.order.orderId, "")  # already cancelled
            ib.client.cancelOrder(999, "")  # never placed
            await ib.reqCurrentTimeAsync()  # answered after both cancels
            return trade, errors
        finally:
            ib.disconnect()

    trade, errors = run(scenario())
    assert gateway.on_engine(lambda e: e.order(trade.order.permId).status) is OrderStatus.CANCELLED
    order_id = trade.order.orderId
    assert [(req_id, code) for req_id, code, _text in errors] == [(order_id, 202), (order_id, 10148), (999, 10147)]
    assert errors[0][2].startswith("Order Canceled - reason:")
    expect_client_errors(caplog, 202, 10147, 10148)


@pytest.mark.parametrize("version", SERVER_VERSIONS)
def test_what_if_carries_the_engines_preview(open_gateway, version):
    gateway = open_gateway(ADVISOR_SCENARIO, max_server_version=version)

    async def scenario():
        ib = await connect_ib(gateway, 3)
        try:
            return await ib.whatIfOrderAsync(MSFT, ib_async.LimitOrder("BUY", 10, 410.0, account="K1"))
        finally:
            ib.disconnect()

    state = run(scenario())
    preview = gateway.on_engine(lambda e: e.preview(PlaceOrder("K1", "MSFT", "BUY", 10, "LMT", Decimal("410"))))
    impact = preview.margin
    assert state.initMarginBefore == f"{impact.initial_margin.before:.2f}"
    assert state.initMarginChange == f"{impact.initial_margin.change:.2f}"
    assert state.maintMarginAfter == f"{impact.maintenance_margin.after:.2f}"
    assert state.equityWithLoanChange == f"{impact.equity_with_loan.change:.2f}"
    assert (state.commission, state.minCommission, state.maxCommission) == (
        float(preview.commission), float(preview.min_commission), float(preview.max_commission))
    assert gateway.on_engine(lambda e: [o for o in e.working_orders() if o.account == "K1"]) == []  # not placed


def test_an_advisor_what_if_sums_the_client_accounts(open_gateway):
    gateway = open_gateway(ADVISOR_SCENARIO)

    async def scenario():
        ib = await connect_ib(gateway, 3)
        try:
            order = ib_async.MarketOrder("BUY", 30, faGroup="Growth", faMethod="NetLiq")
            return await ib.whatIfOrderAsync(MSFT, order)
        finally:
            ib.disconnect()

    state = run(scenario())
    preview = gateway.on_engine(lambda e: e.preview(PlaceOrder("FA9", "MSFT", "BUY", 30, fa_group="Growth",
                                                               fa_method="NetLiq")))
    assert len(preview.account_margins) > 1
    assert state.initMarginChange == f"{sum(m.initial_margin.change for m in preview.account_margins):.2f}"
    assert state.equityWithLoanBefore == f"{sum(m.equity_with_loan.before for m in preview.account_margins):.2f}"


@pytest.mark.parametrize("version", SERVER_VERSIONS)
def test_an_equal_quantity_group_order_fills_as_one_block_and_each_client_reads_its_share(open_gateway, version):
    gateway = open_gateway(ADVISOR_SCENARIO, max_server_version=version)
    gateway.on_engine(lambda e: e.execute(DefineGroup("FA9", "Pair", "Equal", (("K1", 0), ("K2", 0)))))

    async def scenario():
        ib = await connect_ib(gateway, 3)
        try:
            order = ib_async.MarketOrder("BUY", 101, faGroup="Pair", faMethod="EqualQuantity")  # the legacy name
            trade = ib.placeOrder(MSFT, order)
            await status_reaches(trade, "Filled")
            live = list(trade.fills)
            shares = {}
            for account in ("K1", "K2"):
                fills = await ib.reqExecutionsAsync(ib_async.ExecutionFilter(acctCode=account))
                shares[account] = [(f.execution.acctNumber, f.execution.shares, f.execution.execId) for f in fills
                                   if f.execution.permId == trade.order.permId]
            return trade, live, shares
        finally:
            ib.disconnect()

    trade, live, shares = run(scenario())
    [block] = live  # the placing client sees the block on the master (reference §4.4 "FA block orders")
    assert (block.execution.acctNumber, block.execution.shares) == ("FA9", 101)
    [execution] = gateway.on_engine(lambda e: e.executions(trade.order.permId))
    allocated = dict(execution.allocations)
    assert sorted(allocated.values()) == [50, 51]
    for account in ("K1", "K2"):
        [(acct, quantity, exec_id)] = shares[account]
        assert (acct, quantity) == (account, float(allocated[account]))
        assert exec_id != execution.exec_id  # each allocation has its own exec id


def test_an_engine_rejection_is_201_with_the_engines_reason(open_gateway, caplog):
    gateway = open_gateway(ADVISOR_SCENARIO)

    async def scenario():
        ib = await connect_ib(gateway, 3)
        try:
            refused = first_error(ib)
            trade = ib.placeOrder(MSFT, ib_async.MarketOrder("BUY", 5000, account="K3"))  # a 10k cash account
            return trade, await refused
        finally:
            ib.disconnect()

    trade, (req_id, code, text) = run(scenario())
    reason = gateway.on_engine(lambda e: e.refusal_for(e.rejected_orders()[-1].order_id).message)
    assert (req_id, code, text) == (trade.order.orderId, 201, f"Order rejected - reason:{reason}")
    assert trade.orderStatus.status == "Cancelled"
    expect_client_errors(caplog, 201)


def test_an_unknown_contract_is_200_and_an_advisor_order_without_allocation_436(open_gateway, caplog):
    gateway = open_gateway(ADVISOR_SCENARIO)

    async def scenario():
        ib = await connect_ib(gateway, 3)
        try:
            errors: list[tuple[int, int]] = []
            ib.errorEvent += lambda req_id, code, _text, _c: errors.append((req_id, code))
            unknown = ib.placeOrder(ib_async.Stock("NOSUCH", "SMART", "USD"), ib_async.MarketOrder("BUY", 1))
            unallocated = ib.placeOrder(MSFT, ib_async.MarketOrder("BUY", 1))  # the login FA9 is an advisor
            await ib.reqCurrentTimeAsync()
            return errors, unknown.order.orderId, unallocated.order.orderId
        finally:
            ib.disconnect()

    errors, unknown_id, unallocated_id = run(scenario())
    assert errors == [(unknown_id, 200), (unallocated_id, 436)]
    assert gateway.on_engine(lambda e: e.working_orders()) == []
    expect_client_errors(caplog, 200, 436)


def test_a_filled_orders_id_placed_again_is_103(open_gateway, caplog):
    gateway = open_gateway(ADVISOR_SCENARIO)

    async def scenario():
        ib = await connect_ib(gateway, 3)
        try:
            trade = ib.placeOrder(MSFT, ib_async.MarketOrder("BUY", 1, account="K1"))
            await status_reaches(trade, "Filled")
            refused = first_error(ib)
            ib.client.placeOrder(trade.order.orderId, MSFT, ib_async.MarketOrder("BUY", 2, account="K1"))
            return trade.order.orderId, await refused
        finally:
            ib.disconnect()

    order_id, (req_id, code, _text) = run(scenario())
    assert (req_id, code) == (order_id, 103)
    expect_client_errors(caplog, 103)


def test_open_orders_survive_a_reconnect_and_other_clients_do_not_see_them(open_gateway):
    gateway = open_gateway(ADVISOR_SCENARIO)

    async def scenario():
        first = await connect_ib(gateway, client_id=5)
        trade = first.placeOrder(MSFT, ib_async.LimitOrder("BUY", 10, 400.0, account="K2"))
        await status_reaches(trade, "Submitted")
        first.disconnect()
        again = await connect_ib(gateway, client_id=5)
        other = await connect_ib(gateway, client_id=6)
        try:
            mine = await again.reqOpenOrdersAsync()
            theirs = await other.reqOpenOrdersAsync()
            every = await other.reqAllOpenOrdersAsync()
            return trade.order.orderId, mine, theirs, every
        finally:
            again.disconnect()
            other.disconnect()

    order_id, mine, theirs, every = run(scenario())
    assert [(t.order.orderId, t.order.clientId, t.orderStatus.status) for t in mine] == [(order_id, 5, "Submitted")]
    assert theirs == []
    assert [t.order.orderId for t in every] == [order_id]


def test_client_zero_and_the_master_client_see_an_order_placed_in_the_gui(open_gateway):
    gateway = open_gateway(ADVISOR_SCENARIO, master_client_id=9)

    async def scenario():
        zero, master, other = [await connect_ib(gateway, client_id=n) for n in (0, 9, 4)]
        try:
            await on_engine(gateway, lambda e: e.execute(PlaceOrder("K1", "MSFT", "BUY", 5, "LMT", Decimal("400"))))
            for ib in (zero, master):  # its openOrder may already be in when the engine answers
                while not ib.openTrades():
                    await ib.openOrderEvent
            trades = [ib.openTrades()[0] for ib in (zero, master)]
            await other.reqCurrentTimeAsync()
            return trades, other.openTrades()
        finally:
            for ib in (zero, master, other):
                ib.disconnect()

    trades, others = run(scenario())
    for trade in trades:  # ib_async keys an order with id 0 by its permId (wrapper.py orderKey)
        assert (trade.order.orderId, trade.order.account, trade.order.totalQuantity) == (0, "K1", 5)
    assert others == []


def test_global_cancel_and_completed_orders(open_gateway, caplog):
    gateway = open_gateway(ADVISOR_SCENARIO)

    async def scenario():
        ib = await connect_ib(gateway, 3)
        try:
            trades = [ib.placeOrder(MSFT, ib_async.LimitOrder("BUY", n, 400.0, account="K1")) for n in (1, 2)]
            for trade in trades:
                await status_reaches(trade, "Submitted")
            ib.reqGlobalCancel()
            for trade in trades:
                await status_reaches(trade, "Cancelled")
            completed = await ib.reqCompletedOrdersAsync(apiOnly=True)
            return trades, completed
        finally:
            ib.disconnect()

    trades, completed = run(scenario())
    assert {t.order.permId for t in completed} == {t.order.permId for t in trades}
    assert {t.orderStatus.status for t in completed} == {"Cancelled"}
    expect_client_errors(caplog, 202)


def test_executions_are_filtered_by_symbol_side_and_time(open_gateway):
    gateway = open_gateway(ADVISOR_SCENARIO)

    async def scenario():
        ib = await connect_ib(gateway, 3)
        try:
            trade = ib.placeOrder(MSFT, ib_async.MarketOrder("SELL", 3, account="K1"))
            await status_reaches(trade, "Filled")
            sells = await ib.reqExecutionsAsync(ib_async.ExecutionFilter(symbol="MSFT", side="SELL", clientId=3))
            kos = await ib.reqExecutionsAsync(ib_async.ExecutionFilter(symbol="KO"))
            later = await ib.reqExecutionsAsync(ib_async.ExecutionFilter(time="20991231 00:00:00 UTC"))
            since = await ib.reqExecutionsAsync(ib_async.ExecutionFilter(time="20261124-14:59:59"))  # UTC
            return trade, sells, kos, later, since
        finally:
            ib.disconnect()

    trade, sells, kos, later, since = run(scenario())
    assert [f.execution.permId for f in sells] == [trade.order.permId]
    assert kos and {f.contract.symbol for f in kos} == {"KO"}  # the scenario's model order, placed in no client
    assert later == []
    every = gateway.on_engine(lambda e: [x.exec_id for x in e.executions() if not e.is_busted(x.exec_id)])
    assert [f.execution.execId for f in since] == every  # the scenario trades at 10:00 New York, 15:00 UTC


@pytest.mark.parametrize("version", SERVER_VERSIONS)
def test_ibapi_places_an_order_and_hears_it_filled(open_gateway, version):
    import threading

    from ibapi.client import EClient
    from ibapi.contract import Contract
    from ibapi.order import Order
    from ibapi.wrapper import EWrapper

    gateway = open_gateway(ADVISOR_SCENARIO, max_server_version=version)

    class Wrapper(EWrapper):
        def __init__(self) -> None:
            super().__init__()
            self.ready, self.filled = threading.Event(), threading.Event()
            self.statuses: list[tuple[int, str, float]] = []
            self.executions: list[tuple[str, float]] = []
            self.errors: list[tuple] = []

        def nextValidId(self, orderId: int) -> None:  # noqa: N802, N803 - ibapi's names
            self.ready.set()

        def error(self, reqId, *rest) -> None:  # noqa: ANN001, N802, N803 - EWrapper.error logs at ERROR
            self.errors.append((reqId, *rest))

        def orderStatus(self, orderId, status, filled, *_rest) -> None:  # noqa: N802, N803, ANN001
            self.statuses.append((orderId, status, float(filled)))
            if status == "Filled":
                self.filled.set()

        def execDetails(self, reqId, contract, execution) -> None:  # noqa: N802, N803, ANN001
            self.executions.append((execution.acctNumber, float(execution.shares)))

    wrapper = Wrapper()
    client = EClient(wrapper)
    client.connect(gateway.host, gateway.port, clientId=11)
    reader = threading.Thread(target=client.run, daemon=True)
    reader.start()
    try:
        assert wrapper.ready.wait(TIMEOUT)
        contract = Contract()
        contract.symbol, contract.secType, contract.exchange, contract.currency = "MSFT", "STK", "SMART", "USD"
        order = Order()
        order.action, order.orderType, order.totalQuantity, order.account = "BUY", "MKT", Decimal(7), "K2"
        client.placeOrder(20, contract, order)
        assert wrapper.filled.wait(TIMEOUT)
    finally:
        client.disconnect()
        reader.join(TIMEOUT)
    assert wrapper.statuses[-1] == (20, "Filled", 7.0)
    assert wrapper.executions == [("K2", 7.0)]


def test_a_correction_is_reported_again_under_the_next_exec_id_and_a_bust_cancels_the_order(open_gateway, caplog):
    from workstation.engine import Accepted, BustExecution, CorrectExecution

    gateway = open_gateway(ADVISOR_SCENARIO)

    async def scenario():
        ib = await connect_ib(gateway, 3)
        try:
            trade = ib.placeOrder(MSFT, ib_async.MarketOrder("BUY", 10, account="K1"))
            await status_reaches(trade, "Filled")
            first = trade.fills[0].execution.execId
            corrected = await on_engine(gateway, lambda e: e.execute(CorrectExecution(first, Decimal("421"))))
            assert isinstance(corrected, Accepted), corrected  # a refusal fails here, never as a timeout
            while len(trade.fills) < 2:  # the corrected fill may already be in when the engine answers
                await trade.fillEvent
            busted = await on_engine(gateway, lambda e: e.execute(BustExecution(first)))
            assert isinstance(busted, Accepted), busted
            await status_reaches(trade, "Cancelled")
            return first, trade.fills[1]
        finally:
            ib.disconnect()

    first, fill = run(scenario())
    # reference §4.3 execDetails: "The .01 suffix increments for corrections".
    assert first.endswith(".01") and fill.execution.execId == first[:-3] + ".02"
    assert (fill.execution.price, fill.execution.shares) == (421.0, 10)
    expect_client_errors(caplog, 202)
