"""placeOrder parsed from the bytes ib_async (client.placeOrder) and ibapi (EClient.placeOrder) send, at 157,
176 and 178: FA group orders, whatIf, BAG combos, cashQty fund orders, conditions, and an order that switches
on every conditional run. parse_request refuses fields left over, so passing means every field was consumed.
"""

from __future__ import annotations

import math
from decimal import Decimal

import ib_async
import ibapi.contract
import ibapi.order
import ibapi.order_condition
import ibapi.tag_value
import pytest

from tests.tws_api.clients import ib_async_requests, ibapi_requests
from tests.tws_api.conftest import SERVER_VERSIONS
from workstation.tws_api.incoming import PlaceOrder, parse_request

pytestmark = pytest.mark.parametrize("v", SERVER_VERSIONS)


def from_ib_async(v, order_id, contract, order) -> PlaceOrder:
    (fields,) = ib_async_requests(v, lambda c: c.placeOrder(order_id, contract, order))
    return parse_request(fields, v)


def from_ibapi(v, order_id, contract, order) -> PlaceOrder:
    (fields,) = ibapi_requests(v, lambda c: c.placeOrder(order_id, contract, order))
    return parse_request(fields, v)


def ibapi_contract(symbol="AAPL", sec_type="STK", exchange="SMART", con_id=0):
    contract = ibapi.contract.Contract()
    contract.symbol, contract.secType, contract.exchange, contract.currency, contract.conId = (
        symbol, sec_type, exchange, "USD", con_id)
    return contract


def ibapi_order(action="BUY", quantity="100", order_type="MKT", **fields):
    order = ibapi.order.Order()
    order.action, order.totalQuantity, order.orderType = action, Decimal(quantity), order_type
    for name, value in fields.items():
        setattr(order, name, value)
    return order


def test_fa_group_order_with_equal_quantity(v):
    # reference 4.2 wire example: ib_async MKT BUY 100 on an FA group
    a = from_ib_async(v, 21, ib_async.Stock("AAPL", "SMART", "USD"),
                      ib_async.LimitOrder("BUY", 101, 189.5, faGroup="Everyone", faMethod="EqualQuantity", tif="DAY"))
    b = from_ibapi(v, 21, ibapi_contract(), ibapi_order("BUY", "101", "LMT", lmtPrice=189.5, faGroup="Everyone",
                                                        faMethod="EqualQuantity", tif="DAY"))
    for r in (a, b):
        o = r.order
        assert (r.order_id, r.contract.symbol, o.action, o.total_quantity, o.order_type, o.lmt_price) == (
            21, "AAPL", "BUY", Decimal(101), "LMT", 189.5)
        assert (o.fa_group, o.fa_method, o.fa_percentage, o.fa_profile, o.account) == (
            "Everyone", "EqualQuantity", "", "", "")
        assert (o.tif, o.transmit, o.what_if, o.aux_price) == ("DAY", True, False, None)


def test_fa_profile_travels_below_177_only(v):
    (fields,) = ib_async_requests(v, lambda c: c.placeOrder(
        22, ib_async.Stock("AAPL", "SMART", "USD"), ib_async.MarketOrder("BUY", 10, faProfile="Prof")))
    assert parse_request(fields, v).order.fa_profile == ("Prof" if v < 177 else "")


def test_what_if_order_on_an_account(v):
    a = from_ib_async(v, 23, ib_async.Stock("AAPL", "SMART", "USD"),
                      ib_async.MarketOrder("SELL", 50, account="U1000001", whatIf=True))
    b = from_ibapi(v, 23, ibapi_contract(), ibapi_order("SELL", "50", account="U1000001", whatIf=True))
    for r in (a, b):
        assert (r.order.what_if, r.order.account, r.order.action, r.order.total_quantity) == (
            True, "U1000001", "SELL", Decimal(50))


def test_bag_combo_order_with_leg_prices_and_routing_params(v):
    contract = ib_async.Contract(
        symbol="AAPL", secType="BAG", exchange="SMART", currency="USD",
        comboLegs=[ib_async.ComboLeg(conId=265598, ratio=1, action="BUY", exchange="SMART"),
                   ib_async.ComboLeg(conId=272093, ratio=2, action="SELL", exchange="SMART")])
    order = ib_async.LimitOrder("BUY", 1, 1.25, orderComboLegs=[ib_async.OrderComboLeg(1.0)],
                                smartComboRoutingParams=[ib_async.TagValue("NonGuaranteed", "1")])
    spread = ibapi_contract(sec_type="BAG")
    legs = []
    for con_id, ratio, action in ((265598, 1, "BUY"), (272093, 2, "SELL")):
        leg = ibapi.contract.ComboLeg()
        leg.conId, leg.ratio, leg.action, leg.exchange = con_id, ratio, action, "SMART"
        legs.append(leg)
    spread.comboLegs = legs
    price = ibapi.order.OrderComboLeg()
    price.price = 1.0
    mine = ibapi_order("BUY", "1", "LMT", lmtPrice=1.25, orderComboLegs=[price],
                       smartComboRoutingParams=[ibapi.tag_value.TagValue("NonGuaranteed", "1")])
    for r in (from_ib_async(v, 24, contract, order), from_ibapi(v, 24, spread, mine)):
        assert [(leg.con_id, leg.ratio, leg.action, leg.exchange) for leg in r.contract.combo_legs] == [
            (265598, 1, "BUY", "SMART"), (272093, 2, "SELL", "SMART")]
        assert r.order.order_combo_legs == [1.0]
        assert [(t.tag, t.value) for t in r.order.smart_combo_routing_params] == [("NonGuaranteed", "1")]


def test_cash_quantity_fund_order(v):
    fund = ib_async.Contract(symbol="VFIAX", secType="FUND", exchange="FUNDSERV", currency="USD")
    a = from_ib_async(v, 25, fund, ib_async.MarketOrder("BUY", 0, cashQty=5000.0, account="U1000002"))
    b = from_ibapi(v, 25, ibapi_contract("VFIAX", "FUND", "FUNDSERV"),
                   ibapi_order("BUY", "0", cashQty=5000.0, account="U1000002"))
    for r in (a, b):
        assert (r.contract.sec_type, r.order.cash_qty, r.order.total_quantity, r.order.account) == (
            "FUND", 5000.0, Decimal(0), "U1000002")


def test_order_with_every_condition_type(v):
    conditions = [
        ib_async.PriceCondition(price=200.0, conId=265598, exch="SMART", triggerMethod=2),
        ib_async.TimeCondition(conjunction="o", isMore=False, time="20261207 15:00:00 UTC"),
        ib_async.MarginCondition(percent=30),
        ib_async.ExecutionCondition(secType="STK", exch="SMART", symbol="MSFT"),
        ib_async.VolumeCondition(volume=100000, conId=265598, exch="SMART"),
        ib_async.PercentChangeCondition(changePercent=2.5, conId=265598, exch="SMART"),
    ]
    order = ib_async.LimitOrder("BUY", 10, 190.0, conditions=conditions, conditionsCancelOrder=True)
    price = ibapi.order_condition.Create(ibapi.order_condition.OrderCondition.Price)
    price.price, price.conId, price.exchange, price.isMore, price.triggerMethod = 200.0, 265598, "SMART", True, 2
    margin = ibapi.order_condition.Create(ibapi.order_condition.OrderCondition.Margin)
    margin.percent, margin.isMore = 30, True
    mine = ibapi_order("BUY", "10", "LMT", lmtPrice=190.0, conditions=[price, margin], conditionsCancelOrder=True)
    a = from_ib_async(v, 26, ib_async.Stock("AAPL", "SMART", "USD"), order)
    b = from_ibapi(v, 26, ibapi_contract(), mine)
    assert [c.cond_type for c in a.order.conditions] == [1, 3, 4, 5, 6, 7] and a.order.conditions_cancel_order
    first, time, margin_got, execution, volume, change = a.order.conditions
    assert (first.price, first.con_id, first.exchange, first.trigger_method, first.is_more) == (
        200.0, 265598, "SMART", 2, True)
    assert (time.conjunction, time.is_more, time.time) == ("o", False, "20261207 15:00:00 UTC")
    assert (margin_got.percent, execution.symbol, volume.volume, change.change_percent) == (30, "MSFT", 100000, 2.5)
    assert [c.cond_type for c in b.order.conditions] == [1, 4] and b.order.conditions_cancel_order
    assert (b.order.conditions[0].price, b.order.conditions[1].percent) == (200.0, 30)


def test_order_with_every_conditional_run(v):
    contract = ib_async.Stock("AAPL", "IBKRATS", "USD")
    contract.deltaNeutralContract = ib_async.DeltaNeutralContract(12087792, 0.5, 190.0)
    order = ib_async.Order(
        action="SELL", totalQuantity=0.5, orderType="PEG BENCH", deltaNeutralOrderType="LMT",
        deltaNeutralConId=12087792, deltaNeutralShortSale=True, scalePriceIncrement=0.05, scalePriceAdjustValue=0.01,
        scaleAutoReset=True, hedgeType="D", hedgeParam="0.5", algoStrategy="Adaptive",
        algoParams=[ib_async.TagValue("adaptivePriority", "Normal")], referenceContractId=265598,
        peggedChangeAmount=0.5, referenceExchangeId="NASDAQ", minTradeQty=10)
    r = from_ib_async(v, 27, contract, order)
    o = r.order
    assert (o.delta_neutral_order_type, o.delta_neutral_con_id, o.delta_neutral_short_sale) == ("LMT", 12087792, True)
    assert (o.scale_price_increment, o.scale_price_adjust_value, o.scale_auto_reset) == (0.05, 0.01, True)
    assert (o.hedge_type, o.hedge_param, o.algo_strategy, o.algo_params[0].value) == ("D", "0.5", "Adaptive", "Normal")
    assert (o.reference_contract_id, o.pegged_change_amount, o.reference_exchange_id) == (265598, 0.5, "NASDAQ")
    assert r.contract.delta_neutral_contract.con_id == 12087792 and o.total_quantity == Decimal("0.5")
    assert o.min_trade_qty == (10 if v >= 170 else None)


@pytest.mark.parametrize("order_type", ["PEG BEST", "PEG MID"])
def test_peg_best_and_peg_mid_offsets_from_170(v, order_type):
    order = ib_async.Order(action="BUY", totalQuantity=100, orderType=order_type, minCompeteSize=100,
                           competeAgainstBestOffset=math.inf, midOffsetAtWhole=0.01, midOffsetAtHalf=0.005)
    mine = ibapi_order("BUY", "100", order_type, minCompeteSize=100, competeAgainstBestOffset=math.inf,
                       midOffsetAtWhole=0.01, midOffsetAtHalf=0.005)
    parsed = [from_ib_async(v, 28, ib_async.Stock("AAPL", "SMART", "USD"), order)]
    if v >= 170:  # below, ibapi refuses to send them (error 503 "The TWS is out of date")
        parsed.append(from_ibapi(v, 28, ibapi_contract(), mine))
    for r in parsed:
        if v < 170:
            assert r.order.mid_offset_at_whole is None
            continue
        assert (r.order.mid_offset_at_whole, r.order.mid_offset_at_half) == (0.01, 0.005)
        if order_type == "PEG BEST":
            assert (r.order.min_compete_size, r.order.compete_against_best_offset) == (100, math.inf)
