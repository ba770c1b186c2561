"""Every request parser fed with requests built by the clients' own encoders, at 157, 176 and 178.

The requests are captured at the clients' connection (ib_async client.Client.send/sendMsg, ibapi
client.EClient.sendMsg) and parsed with parse_request, which refuses any field left over: a passing test
means every field was consumed. placeOrder has its own file (test_api_incoming_orders.py).
"""

from __future__ import annotations

import ib_async
import ibapi.contract
import ibapi.execution
import ibapi.order_cancel
import pytest

from tests.tws_api.clients import ib_async_requests, ibapi_requests
from tests.tws_api.conftest import SERVER_VERSIONS
from workstation.tws_api import incoming as inc
from workstation.tws_api.ids import Incoming

pytestmark = pytest.mark.parametrize("v", SERVER_VERSIONS)


def parsed_from_both(v, ib_async_call, ibapi_call):
    """The one request each client sends for its call, parsed; both clients must send exactly one."""
    (a,) = ib_async_requests(v, ib_async_call)
    (b,) = ibapi_requests(v, ibapi_call)
    return inc.parse_request(a, v), inc.parse_request(b, v)


def ibapi_stock(symbol="AAPL", con_id=0):
    contract = ibapi.contract.Contract()
    contract.symbol, contract.secType, contract.exchange, contract.currency = symbol, "STK", "SMART", "USD"
    contract.conId = con_id
    return contract


def ibapi_spread():
    contract = ibapi_stock()
    contract.secType = "BAG"
    legs = []
    for con_id, action in ((265598, "BUY"), (272093, "SELL")):
        leg = ibapi.contract.ComboLeg()
        leg.conId, leg.ratio, leg.action, leg.exchange = con_id, 1, action, "SMART"
        legs.append(leg)
    contract.comboLegs = legs
    return contract


IB_ASYNC_SPREAD = ib_async.Contract(
    symbol="AAPL", secType="BAG", exchange="SMART", currency="USD",
    comboLegs=[ib_async.ComboLeg(conId=265598, ratio=1, action="BUY", exchange="SMART"),
               ib_async.ComboLeg(conId=272093, ratio=1, action="SELL", exchange="SMART")])


def test_session_requests(v):
    def start(client):
        client.clientId = 7
        client.optCapab = ""
        client.startApi()

    def start_ibapi(client):
        client.clientId = 7
        client.startApi()

    for request in parsed_from_both(v, start, start_ibapi):
        assert isinstance(request, inc.StartApi) and request.client_id == 7
    for request in parsed_from_both(v, lambda c: c.reqIds(5), lambda c: c.reqIds(5)):
        assert request == inc.ReqIds(num_ids=5)
    a, b = parsed_from_both(v, lambda c: c.reqCurrentTime(), lambda c: c.reqCurrentTime())
    assert isinstance(a, inc.ReqCurrentTime) and isinstance(b, inc.ReqCurrentTime)
    a, b = parsed_from_both(v, lambda c: c.reqManagedAccts(), lambda c: c.reqManagedAccts())
    assert isinstance(a, inc.ReqManagedAccts) and isinstance(b, inc.ReqManagedAccts)


def test_account_requests(v):
    tags = "NetLiquidation,TotalCashValue,RegTEquity,$LEDGER:ALL"
    for r in parsed_from_both(v, lambda c: c.reqAccountSummary(3, "All", tags),
                              lambda c: c.reqAccountSummary(3, "All", tags)):
        assert r == inc.ReqAccountSummary(3, "All", tags) and r.tag_list[-1] == "$LEDGER:ALL"
    for r in parsed_from_both(v, lambda c: c.cancelAccountSummary(3), lambda c: c.cancelAccountSummary(3)):
        assert r == inc.CancelAccountSummary(3)
    for r in parsed_from_both(v, lambda c: c.reqAccountUpdates(True, "U1000001"),
                              lambda c: c.reqAccountUpdates(True, "U1000001")):
        assert r == inc.ReqAccountUpdates(True, "U1000001")
    for r in parsed_from_both(v, lambda c: c.reqAccountUpdatesMulti(4, "U1000002", "", False),
                              lambda c: c.reqAccountUpdatesMulti(4, "U1000002", "", False)):
        assert r == inc.ReqAccountUpdatesMulti(4, "U1000002", "", False)
    for r in parsed_from_both(v, lambda c: c.cancelAccountUpdatesMulti(4), lambda c: c.cancelAccountUpdatesMulti(4)):
        assert r == inc.CancelAccountUpdatesMulti(4)
    for r in parsed_from_both(v, lambda c: c.reqPositions(), lambda c: c.reqPositions()):
        assert isinstance(r, inc.ReqPositions)
    for r in parsed_from_both(v, lambda c: c.cancelPositions(), lambda c: c.cancelPositions()):
        assert isinstance(r, inc.CancelPositions)
    for r in parsed_from_both(v, lambda c: c.reqPositionsMulti(5, "U1000001", "M1"),
                              lambda c: c.reqPositionsMulti(5, "U1000001", "M1")):
        assert r == inc.ReqPositionsMulti(5, "U1000001", "M1")
    for r in parsed_from_both(v, lambda c: c.cancelPositionsMulti(5), lambda c: c.cancelPositionsMulti(5)):
        assert r == inc.CancelPositionsMulti(5)
    for r in parsed_from_both(v, lambda c: c.reqPnL(6, "U1000001", ""), lambda c: c.reqPnL(6, "U1000001", "")):
        assert r == inc.ReqPnL(6, "U1000001", "")
    for r in parsed_from_both(v, lambda c: c.cancelPnL(6), lambda c: c.cancelPnL(6)):
        assert r == inc.CancelPnL(6)
    for r in parsed_from_both(v, lambda c: c.reqPnLSingle(7, "U1000001", "", 265598),
                              lambda c: c.reqPnLSingle(7, "U1000001", "", 265598)):
        assert r == inc.ReqPnLSingle(7, "U1000001", "", 265598)
    for r in parsed_from_both(v, lambda c: c.cancelPnLSingle(7), lambda c: c.cancelPnLSingle(7)):
        assert r == inc.CancelPnLSingle(7)


def test_contract_details_with_issuer_id_from_176(v):
    a, b = parsed_from_both(v, lambda c: c.reqContractDetails(8, ib_async.Stock("AAPL", "SMART", "USD")),
                            lambda c: c.reqContractDetails(8, ibapi_stock()))
    for r in (a, b):
        assert (r.req_id, r.contract.symbol, r.contract.sec_type, r.contract.exchange) == (8, "AAPL", "STK", "SMART")
        assert r.contract.currency == "USD" and r.contract.strike in (0.0, None)
    by_con_id = ib_async.Contract(conId=265598)
    (fields,) = ib_async_requests(v, lambda c: c.reqContractDetails(9, by_con_id))
    assert inc.parse_request(fields, v).contract.con_id == 265598
    assert len(fields) == (19 if v >= 176 else 18)  # ib_async client.reqContractDetails: +issuerId at 176


def test_market_data_requests_with_bag_legs_and_delta_neutral_contract(v):
    stock = ib_async.Stock("AAPL", "SMART", "USD")
    a, b = parsed_from_both(v, lambda c: c.reqMktData(11, stock, "233", True, False, []),
                            lambda c: c.reqMktData(11, ibapi_stock(), "233", True, False, []))
    for r in (a, b):
        assert (r.req_id, r.contract.symbol, r.generic_tick_list, r.snapshot, r.regulatory_snapshot) == (
            11, "AAPL", "233", True, False)
    a, b = parsed_from_both(v, lambda c: c.reqMktData(12, IB_ASYNC_SPREAD, "", False, False, []),
                            lambda c: c.reqMktData(12, ibapi_spread(), "", False, False, []))
    for r in (a, b):
        assert [(leg.con_id, leg.ratio, leg.action, leg.exchange) for leg in r.contract.combo_legs] == [
            (265598, 1, "BUY", "SMART"), (272093, 1, "SELL", "SMART")]
    hedged = ib_async.Stock("AAPL", "SMART", "USD")
    hedged.deltaNeutralContract = ib_async.DeltaNeutralContract(265598, 0.5, 190.0)
    (fields,) = ib_async_requests(v, lambda c: c.reqMktData(13, hedged, "", False, False, []))
    dnc = inc.parse_request(fields, v).contract.delta_neutral_contract
    assert (dnc.con_id, dnc.delta, dnc.price) == (265598, 0.5, 190.0)
    for r in parsed_from_both(v, lambda c: c.cancelMktData(11), lambda c: c.cancelMktData(11)):
        assert r == inc.CancelMktData(11)
    for r in parsed_from_both(v, lambda c: c.reqMarketDataType(3), lambda c: c.reqMarketDataType(3)):
        assert r == inc.ReqMarketDataType(3)


def test_historical_data_request_and_cancel(v):
    def ib_async_call(contract):
        return lambda c: c.reqHistoricalData(14, contract, "20261207 21:00:00 UTC", "5 D", "1 day", "TRADES", 1, 1,
                                             False, [])

    def ibapi_call(contract):
        return lambda c: c.reqHistoricalData(14, contract, "20261207 21:00:00 UTC", "5 D", "1 day", "TRADES", 1, 1,
                                             False, [])

    for r in parsed_from_both(v, ib_async_call(ib_async.Stock("AAPL", "SMART", "USD")), ibapi_call(ibapi_stock())):
        assert (r.req_id, r.contract.symbol, r.end_date_time, r.duration, r.bar_size) == (
            14, "AAPL", "20261207 21:00:00 UTC", "5 D", "1 day")
        assert (r.what_to_show, r.use_rth, r.format_date, r.keep_up_to_date) == ("TRADES", 1, 1, False)
    for r in parsed_from_both(v, ib_async_call(IB_ASYNC_SPREAD), ibapi_call(ibapi_spread())):
        assert len(r.contract.combo_legs) == 2
    for r in parsed_from_both(v, lambda c: c.cancelHistoricalData(14), lambda c: c.cancelHistoricalData(14)):
        assert r == inc.CancelHistoricalData(14)


def test_order_housekeeping_requests(v):
    cancel = ibapi.order_cancel.OrderCancel()
    cancel.manualOrderCancelTime = "20261207 15:00:00" if v >= 169 else ""
    a, b = parsed_from_both(v, lambda c: c.cancelOrder(17, cancel.manualOrderCancelTime),
                            lambda c: c.cancelOrder(17, cancel))
    for r in (a, b):
        assert r == inc.CancelOrder(17, cancel.manualOrderCancelTime)
    simple = [("reqOpenOrders", inc.ReqOpenOrders), ("reqAllOpenOrders", inc.ReqAllOpenOrders)]
    for name, cls in simple:
        for r in parsed_from_both(v, lambda c, n=name: getattr(c, n)(), lambda c, n=name: getattr(c, n)()):
            assert isinstance(r, cls)
    for r in parsed_from_both(v, lambda c: c.reqAutoOpenOrders(True), lambda c: c.reqAutoOpenOrders(True)):
        assert r == inc.ReqAutoOpenOrders(True)
    for r in parsed_from_both(v, lambda c: c.reqCompletedOrders(False), lambda c: c.reqCompletedOrders(False)):
        assert r == inc.ReqCompletedOrders(False)
    for r in parsed_from_both(v, lambda c: c.reqGlobalCancel(), lambda c: c.reqGlobalCancel(cancel)):
        assert isinstance(r, inc.ReqGlobalCancel)


def test_executions_request_with_its_filter(v):
    flt = ibapi.execution.ExecutionFilter()
    flt.clientId, flt.acctCode, flt.time, flt.symbol, flt.side = 3, "U1000002", "20261207 09:30:00", "AAPL", "BUY"
    mine = ib_async.ExecutionFilter(clientId=3, acctCode="U1000002", time="20261207 09:30:00", symbol="AAPL",
                                    side="BUY")
    for r in parsed_from_both(v, lambda c: c.reqExecutions(15, mine), lambda c: c.reqExecutions(15, flt)):
        assert r.req_id == 15
        f = r.filter
        assert (f.client_id, f.acct_code, f.time, f.symbol, f.sec_type, f.exchange, f.side) == (
            3, "U1000002", "20261207 09:30:00", "AAPL", "", "", "BUY")


def test_fa_requests(v):
    xml = "<?xml version='1.0'?><ListOfGroups><Group><name>Everyone</name></Group></ListOfGroups>"
    for r in parsed_from_both(v, lambda c: c.requestFA(1), lambda c: c.requestFA(1)):
        assert r == inc.RequestFA(1)
    for r in parsed_from_both(v, lambda c: c.replaceFA(16, 1, xml), lambda c: c.replaceFA(16, 1, xml)):
        assert r == inc.ReplaceFA(1, xml, 16)


def test_the_registry_holds_each_request_class_under_its_own_id(v):
    assert {reg.cls.MSG_ID for reg in inc.REQUESTS.values()} == set(inc.REQUESTS)
    assert Incoming.PLACE_ORDER in inc.REQUESTS and inc.REQUESTS[Incoming.PLACE_ORDER].name == "placeOrder"
    assert set(inc.REQUESTS) == set(Incoming)
