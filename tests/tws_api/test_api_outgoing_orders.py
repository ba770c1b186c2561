"""Order and execution builders decoded by both real clients at 157, 176 and 178, with nothing logged.

Sources: ib_async 2.1.0 decoder.py (openOrder, completedOrder, execDetails, commissionReport, orderStatus
wrap) and ibapi 10.51.1 decoder.py (processOpenOrder, processCompletedOrderMsg, processExecutionDataMsg,
processCommissionAndFeesReportMsg, processOrderStatusMsg) with orderdecoder.py; reference tws-api.md 4.3/4.4.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from ib_async.util import UNSET_DOUBLE

from tests.tws_api.clients import ib_async_decode, ibapi_decode
from tests.tws_api.conftest import SERVER_VERSIONS
from workstation.tws_api import outgoing_orders as out
from workstation.tws_api.model import (
    ApiCommissionReport,
    ApiContract,
    ApiExecution,
    ApiOrder,
    ApiOrderState,
    ComboLeg,
    DeltaNeutralContract,
    OrderCondition,
    TagValue,
)

AAPL = ApiContract(con_id=265598, symbol="AAPL", sec_type="STK", exchange="SMART", currency="USD",
                   local_symbol="AAPL", trading_class="NMS")
SPREAD = ApiContract(con_id=28812380, symbol="AAPL", sec_type="BAG", exchange="SMART", currency="USD",
                     combo_legs_descrip="265598|1,272093|-1",
                     combo_legs=[ComboLeg(265598, 1, "BUY", "SMART"), ComboLeg(272093, 1, "SELL", "SMART")])

pytestmark = pytest.mark.parametrize("v", SERVER_VERSIONS)


def fa_group_order() -> ApiOrder:
    return ApiOrder(order_id=17, client_id=3, perm_id=900017, action="BUY", total_quantity=Decimal(101),
                    order_type="LMT", lmt_price=189.5, tif="DAY", fa_group="Everyone", fa_method="EqualQuantity",
                    fa_profile="", outside_rth=True, exempt_code=-1)


def everything_conditional() -> ApiOrder:
    """An order that switches on every conditional run of openOrder."""
    return ApiOrder(
        order_id=18, client_id=3, perm_id=900018, action="SELL", total_quantity=Decimal("0.5"), order_type="PEG BENCH",
        delta_neutral_order_type="LMT", delta_neutral_con_id=12087792, delta_neutral_short_sale=True,
        scale_price_increment=0.05, scale_price_adjust_value=0.01, scale_auto_reset=True, scale_init_position=10,
        hedge_type="D", hedge_param="0.5", algo_strategy="Adaptive",
        algo_params=[TagValue("adaptivePriority", "Normal")],
        reference_contract_id=265598, pegged_change_amount=0.5, reference_exchange_id="NASDAQ",
        conditions=[
            OrderCondition(1, "a", True, price=200.0, con_id=265598, exchange="SMART", trigger_method=2),
            OrderCondition(3, "o", False, time="20261207 15:00:00 UTC"),
            OrderCondition(4, "a", True, percent=30),
            OrderCondition(5, "a", sec_type="STK", exchange="SMART", symbol="MSFT"),
            OrderCondition(6, "a", True, volume=100000, con_id=265598, exchange="SMART"),
            OrderCondition(7, "a", True, change_percent=2.5, con_id=265598, exchange="SMART"),
        ],
        conditions_cancel_order=True, cash_qty=1000.0, duration=60, post_to_ats=1, auto_cancel_parent=True,
        min_trade_qty=10, compete_against_best_offset=math.inf,
    )


def test_open_order_for_an_fa_group_carries_the_allocation_and_fa_profile_below_177(v):
    order = fa_group_order()
    order.fa_profile = "Prof" if v < 177 else ""
    fields = out.open_order(v, AAPL, order, ApiOrderState(status="Submitted"))
    a, b = ib_async_decode(fields, v), ibapi_decode(fields, v)
    for order_id, contract, got, state in (a.only("openOrder"), b.only("openOrder")):
        assert (order_id, got.orderId, got.clientId, got.permId) == (17, 17, 3, 900017)
        assert (contract.conId, contract.symbol, contract.tradingClass) == (265598, "AAPL", "NMS")
        assert (got.action, got.totalQuantity, got.orderType, got.lmtPrice) == ("BUY", 101, "LMT", 189.5)
        assert (got.faGroup, got.faMethod, got.outsideRth) == ("Everyone", "EqualQuantity", True)
        assert (got.tif, state.status) == ("DAY", "Submitted")
        assert got.whatIf is False
    if v < 177:  # ibapi orderdecoder.decodeFAParams reads and drops it; ib_async keeps it
        assert a.only("openOrder")[2].faProfile == "Prof"


def test_what_if_open_order_carries_margins_and_commission_ib_async_recognises(v):
    order = fa_group_order()
    order.what_if = True
    state = ApiOrderState(status="PreSubmitted", init_margin_before=1000.0, maint_margin_before=800.0,
                          equity_with_loan_before=50000.0, init_margin_change=4790.5, maint_margin_change=4300.25,
                          equity_with_loan_change=-1.3, init_margin_after=5790.5, maint_margin_after=5100.25,
                          equity_with_loan_after=49998.7, commission=1.01, min_commission=1.0, max_commission=2.5,
                          commission_currency="USD", warning_text="Margin is tight")
    fields = out.open_order(v, AAPL, order, state)
    _, _, got, st = ib_async_decode(fields, v).only("openOrder")
    # ib_async ib.py openOrder: a whatIf reply is one with whatIf and float(initMarginChange) != UNSET_DOUBLE
    assert got.whatIf and float(st.initMarginChange) != UNSET_DOUBLE
    assert (st.initMarginBefore, st.initMarginChange, st.initMarginAfter) == ("1000.00", "4790.50", "5790.50")
    assert (st.equityWithLoanChange, st.commission, st.minCommission, st.maxCommission) == ("-1.30", 1.01, 1.0, 2.5)
    assert (st.commissionCurrency, st.warningText, st.status) == ("USD", "Margin is tight", "PreSubmitted")
    _, _, got, st = ibapi_decode(fields, v).only("openOrder")
    assert got.whatIf and (st.maintMarginChange, st.equityWithLoanAfter) == ("4300.25", "49998.70")
    assert (st.commissionAndFees, st.maxCommissionAndFees, st.warningText) == (1.01, 2.5, "Margin is tight")


def test_what_if_without_a_margin_figure_sends_unset_not_empty_text(v):
    order = fa_group_order()
    order.what_if = True
    fields = out.open_order(v, AAPL, order, ApiOrderState(status="PreSubmitted"))
    _, _, _, st = ib_async_decode(fields, v).only("openOrder")
    assert float(st.initMarginChange) == UNSET_DOUBLE  # float("") would raise inside ib_async's IB.openOrder


def test_open_order_for_a_bag_combo_carries_legs_order_leg_prices_and_routing_params(v):
    order = ApiOrder(order_id=19, client_id=1, perm_id=5, action="BUY", total_quantity=Decimal(2), order_type="LMT",
                     lmt_price=1.25, order_combo_legs=[1.0, None],
                     smart_combo_routing_params=[TagValue("NonGuaranteed", "1")])
    fields = out.open_order(v, SPREAD, order, ApiOrderState(status="Submitted"))
    decoded = (ib_async_decode(fields, v).only("openOrder"), ibapi_decode(fields, v).only("openOrder"))
    for _, contract, got, _ in decoded:
        assert contract.comboLegsDescrip == "265598|1,272093|-1"
        assert [(leg.conId, leg.ratio, leg.action) for leg in contract.comboLegs] == [
            (265598, 1, "BUY"), (272093, 1, "SELL")]
        assert len(got.orderComboLegs) == 2 and got.orderComboLegs[0].price == 1.0
        assert [(t.tag, t.value) for t in got.smartComboRoutingParams] == [("NonGuaranteed", "1")]


def test_open_order_with_every_conditional_run(v):
    contract = ApiContract(**{**AAPL.__dict__, "exchange": "IBKRATS",
                              "delta_neutral_contract": DeltaNeutralContract(12087792, 0.5, 190.0)})
    fields = out.open_order(v, contract, everything_conditional(), ApiOrderState(status="PreSubmitted"))
    for _, c, got, _ in (ib_async_decode(fields, v).only("openOrder"), ibapi_decode(fields, v).only("openOrder")):
        assert (got.deltaNeutralOrderType, got.deltaNeutralConId, got.deltaNeutralShortSale) == ("LMT", 12087792, True)
        assert (got.scalePriceIncrement, got.scaleAutoReset, got.scaleInitPosition) == (0.05, True, 10)
        assert (got.hedgeType, got.hedgeParam, got.algoStrategy) == ("D", "0.5", "Adaptive")
        assert [(t.tag, t.value) for t in got.algoParams] == [("adaptivePriority", "Normal")]
        assert (got.referenceContractId, got.peggedChangeAmount, got.referenceExchangeId) == (265598, 0.5, "NASDAQ")
        assert (c.deltaNeutralContract.conId, c.deltaNeutralContract.delta) == (12087792, 0.5)
        assert len(got.conditions) == 6 and got.conditionsCancelOrder
        assert (got.totalQuantity, got.cashQty) == (0.5, 1000.0)
        if v >= 162:
            assert got.autoCancelParent
        if v >= 170:
            assert (got.minTradeQty, got.competeAgainstBestOffset) == (10, math.inf)
    ib_conditions = ib_async_decode(fields, v).only("openOrder")[2].conditions
    assert (ib_conditions[0].price, ib_conditions[0].triggerMethod, ib_conditions[1].time) == (
        200.0, 2, "20261207 15:00:00 UTC")
    assert (ib_conditions[3].symbol, ib_conditions[4].volume, ib_conditions[5].changePercent) == ("MSFT", 100000, 2.5)


def test_order_status_and_open_order_end(v):
    fields = out.order_status(v, 17, "Filled", Decimal(101), Decimal(0), 189.43, 900017, 0, 189.4, 3)
    (order_id, status, filled, remaining, avg, perm, parent, last, client, why, cap) = ib_async_decode(
        fields, v).only("orderStatus")
    assert (order_id, status, filled, remaining, avg, perm, last, client) == (
        17, "Filled", 101.0, 0.0, 189.43, 900017, 189.4, 3)
    got = ibapi_decode(fields, v).only("orderStatus")
    assert got[:5] == (17, "Filled", Decimal(101), Decimal(0), 189.43) and got[8] == 3
    assert ib_async_decode(out.open_order_end(v), v).only("openOrderEnd") == ()
    assert ibapi_decode(out.open_order_end(v), v).only("openOrderEnd") == ()


def test_completed_order_and_its_end(v):
    order = everything_conditional()
    order.filled_quantity = Decimal("0.5")
    order.parent_perm_id = 77
    state = ApiOrderState(status="Filled", completed_time="20261207 15:01:02 UTC", completed_status="Filled")
    fields = out.completed_order(v, AAPL, order, state)
    for c, got, st in (ib_async_decode(fields, v).only("completedOrder"),
                       ibapi_decode(fields, v).only("completedOrder")):
        assert (c.symbol, got.permId, got.action, got.totalQuantity, got.orderType) == (
            "AAPL", 900018, "SELL", 0.5, "PEG BENCH")
        assert (got.filledQuantity, got.parentPermId, len(got.conditions), got.hedgeParam) == (0.5, 77, 6, "0.5")
        assert (st.status, st.completedTime, st.completedStatus) == ("Filled", "20261207 15:01:02 UTC", "Filled")
    assert ib_async_decode(out.completed_orders_end(v), v).only("completedOrdersEnd") == ()
    assert ibapi_decode(out.completed_orders_end(v), v).only("completedOrdersEnd") == ()


@pytest.mark.parametrize("when", [datetime(2026, 12, 7, 14, 15, 23, tzinfo=ZoneInfo("America/New_York")),
                                  datetime(2026, 12, 7, 19, 15, 23, tzinfo=UTC)])
def test_exec_details_commission_report_and_end(v, when):
    execution = ApiExecution(order_id=17, exec_id="0000e0d5.6643b3c7.01.01", time=when, acct_number="F1000000",
                             exchange="NASDAQ", side="BOT", shares=Decimal(101), price=189.43, perm_id=900017,
                             client_id=3, cum_qty=Decimal(101), avg_price=189.43, last_liquidity=2,
                             pending_price_revision=True)
    fields = out.exec_details(v, -1, AAPL, execution)
    req_id, contract, ex = ib_async_decode(fields, v).only("execDetails")
    assert (req_id, contract.conId, ex.execId, ex.acctNumber, ex.side, ex.shares, ex.price) == (
        -1, 265598, "0000e0d5.6643b3c7.01.01", "F1000000", "BOT", 101.0, 189.43)
    assert ex.time == datetime(2026, 12, 7, 19, 15, 23, tzinfo=UTC)  # the zone travelled (ib_async parseIBDatetime)
    assert ex.pendingPriceRevision is (v >= 178)
    req_id, contract, ex = ibapi_decode(fields, v).only("execDetails")
    assert (req_id, ex.orderId, ex.clientId, ex.cumQty, ex.lastLiquidity) == (-1, 17, 3, Decimal(101), 2)
    report = ApiCommissionReport("0000e0d5.6643b3c7.01.01", 1.01, "USD")
    fields = out.commission_report(v, report)
    assert len(fields) == 8  # ib_async decoder.commissionReport unpacks exactly 8
    (got,) = ib_async_decode(fields, v).only("commissionReport")
    assert (got.execId, got.commission, got.currency, got.realizedPNL) == ("0000e0d5.6643b3c7.01.01", 1.01, "USD", 0.0)
    (got,) = ibapi_decode(fields, v).only("commissionAndFeesReport")
    assert (got.execId, got.commissionAndFees, got.currency) == ("0000e0d5.6643b3c7.01.01", 1.01, "USD")
    assert ib_async_decode(out.exec_details_end(v, 5), v).only("execDetailsEnd") == (5,)
    assert [str(a) for a in ibapi_decode(out.exec_details_end(v, 5), v).only("execDetailsEnd")] == ["5"]
