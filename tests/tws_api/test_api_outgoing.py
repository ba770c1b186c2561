"""Every server -> client builder decoded by both real clients at 157, 176 and 178, with nothing logged.

Sources: ib_async 2.1.0 decoder.py (Decoder.handlers and the methods named per test) and ibapi 10.51.1
decoder.py (msgId2handleInfo, process*Msg) / orderdecoder.py; layouts in reference tws-api.md 4.3.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.tws_api.clients import ib_async_decode, ibapi_decode
from tests.tws_api.conftest import SERVER_VERSIONS
from workstation.tws_api import outgoing as out
from workstation.tws_api.model import ApiContract, ApiContractDetails, BarData, TagValue

AAPL = ApiContract(con_id=265598, symbol="AAPL", sec_type="STK", exchange="SMART", primary_exchange="NASDAQ",
                   currency="USD", local_symbol="AAPL", trading_class="NMS")
ES = ApiContract(con_id=495512563, symbol="ES", sec_type="FUT", last_trade_date="20261218", multiplier="50",
                 exchange="CME", currency="USD", local_symbol="ESZ6", trading_class="ES")

pytestmark = pytest.mark.parametrize("v", SERVER_VERSIONS)


def both(fields: list[str], v: int):
    """The two clients' recordings of one message."""
    return ib_async_decode(fields, v), ibapi_decode(fields, v)


def texts(args) -> list[str]:
    return [str(a) for a in args]


def test_managed_accounts_and_next_valid_id_have_the_three_fields_ib_async_unpacks_at_connect(v):
    # ib_async client._onSocketHasData unpacks `_, _, accts = fields` and `_, _, validId = fields`
    accounts = out.managed_accounts(v, ["F1000000", "U1000001", "U1000002"])
    next_id = out.next_valid_id(v, 42)
    assert len(accounts) == 3 and len(next_id) == 3
    a, b = both(accounts, v)
    assert a.only("managedAccounts") == ("F1000000,U1000001,U1000002",)
    assert b.only("managedAccounts") == ("F1000000,U1000001,U1000002",)
    a, b = both(next_id, v)
    assert a.only("nextValidId") == (42,) and texts(b.only("nextValidId")) == ["42"]


def test_current_time(v):
    a, b = both(out.current_time(v, 1_790_000_000), v)
    assert a.only("currentTime") == (1_790_000_000,) and texts(b.only("currentTime")) == ["1790000000"]


def test_error_message_carries_advanced_reject_json_from_166_and_non_ascii_text_survives_ibapi(v):
    fields = out.error_message(v, 7, 201, "Order rejected - reason: caf\u00e9 \\ margin", '{"k":1}')
    assert len(fields) == (6 if v >= 166 else 5)
    a, b = both(fields, v)
    assert a.only("error")[:3] == (7, 201, "Order rejected - reason: caf\\u00e9 \\\\ margin")
    assert a.only("error")[3] == ('{"k":1}' if v >= 166 else "")
    req_id, _time, code, text, json = b.only("error")
    assert (req_id, code, text) == (7, 201, "Order rejected - reason: caf\u00e9 \\ margin")
    assert json == ('{"k":1}' if v >= 166 else "")


def test_account_values_portfolio_time_and_download_end(v):
    a, b = both(out.update_account_value(v, "NetLiquidation", "100000.00", "USD", "U1000001"), v)
    assert a.only("updateAccountValue") == ("NetLiquidation", "100000.00", "USD", "U1000001")
    assert b.only("updateAccountValue") == ("NetLiquidation", "100000.00", "USD", "U1000001")
    fields = out.update_portfolio(v, AAPL, Decimal("150"), 190.5, 28575.0, 180.25, 1537.5, -12.0, "U1000001")
    assert len(fields) == 20  # ib_async decoder.updatePortfolio unpacks exactly 20
    a, b = both(fields, v)
    contract, *rest = a.only("updatePortfolio")
    assert (contract.conId, contract.primaryExchange, contract.tradingClass) == (265598, "NASDAQ", "NMS")
    assert rest == [150.0, 190.5, 28575.0, 180.25, 1537.5, -12.0, "U1000001"]
    contract, *rest = b.only("updatePortfolio")
    assert (contract.conId, contract.primaryExchange) == (265598, "NASDAQ")
    assert rest == [Decimal("150"), 190.5, 28575.0, 180.25, 1537.5, -12.0, "U1000001"]
    a, b = both(out.update_account_time(v, "14:35"), v)
    assert a.only("updateAccountTime") == ("14:35",) and b.only("updateAccountTime") == ("14:35",)
    a, b = both(out.account_download_end(v, "U1000001"), v)
    assert a.only("accountDownloadEnd") == ("U1000001",) and b.only("accountDownloadEnd") == ("U1000001",)


def test_positions_and_positions_multi_with_fractional_quantities_never_in_exponent_form(v):
    fields = out.position(v, "U1000001", ES, Decimal("1E+2"), 251234.5)
    assert len(fields) == 16 and fields[-2] == "100"  # ib_async decoder.position unpacks exactly 16
    a, b = both(fields, v)
    account, contract, quantity, cost = a.only("position")
    assert (account, contract.symbol, contract.multiplier, quantity, cost) == ("U1000001", "ES", "50", 100.0, 251234.5)
    account, contract, quantity, cost = b.only("position")
    assert (account, contract.lastTradeDateOrContractMonth, quantity) == ("U1000001", "20261218", Decimal("100"))
    a, b = both(out.position_end(v), v)
    assert a.only("positionEnd") == () and b.only("positionEnd") == ()
    fields = out.position_multi(v, 9, "U1000002", "", AAPL, Decimal("0.5"), 190.0)
    assert len(fields) == 18  # ib_async decoder.positionMulti unpacks exactly 18
    a, b = both(fields, v)
    req_id, account, model, contract, quantity, cost = a.only("positionMulti")
    assert (req_id, account, model, contract.symbol, quantity, cost) == (9, "U1000002", "", "AAPL", 0.5, 190.0)
    req_id, account, model, contract, quantity, cost = b.only("positionMulti")
    assert (req_id, account, quantity) == (9, "U1000002", Decimal("0.5"))
    a, b = both(out.position_multi_end(v, 9), v)
    assert a.only("positionMultiEnd") == (9,) and texts(b.only("positionMultiEnd")) == ["9"]


def test_account_summary_and_account_update_multi(v):
    a, b = both(out.account_summary(v, 3, "U1000001", "TotalCashValue", "5000.00", "EUR"), v)
    assert a.only("accountSummary") == (3, "U1000001", "TotalCashValue", "5000.00", "EUR")
    assert texts(b.only("accountSummary")) == ["3", "U1000001", "TotalCashValue", "5000.00", "EUR"]
    a, b = both(out.account_summary_end(v, 3), v)
    assert a.only("accountSummaryEnd") == (3,) and texts(b.only("accountSummaryEnd")) == ["3"]
    a, b = both(out.account_update_multi(v, 4, "U1000001", "", "CashBalance", "12.5", "BASE"), v)
    assert a.only("accountUpdateMulti") == (4, "U1000001", "", "CashBalance", "12.5", "BASE")
    assert texts(b.only("accountUpdateMulti")) == ["4", "U1000001", "", "CashBalance", "12.5", "BASE"]
    a, b = both(out.account_update_multi_end(v, 4), v)
    assert a.only("accountUpdateMultiEnd") == (4,) and texts(b.only("accountUpdateMultiEnd")) == ["4"]


def test_pnl_and_pnl_single(v):
    a, b = both(out.pnl(v, 5, 120.5, -30.25, 10.0), v)
    assert a.only("pnl") == (5, 120.5, -30.25, 10.0) and b.only("pnl") == (5, 120.5, -30.25, 10.0)
    a, b = both(out.pnl_single(v, 6, Decimal(200), 15.0, 40.0, 0.0, 38000.0), v)
    assert a.only("pnlSingle") == (6, 200.0, 15.0, 40.0, 0.0, 38000.0)
    assert b.only("pnlSingle") == (6, Decimal(200), 15.0, 40.0, 0.0, 38000.0)


def test_market_data_ticks_params_type_and_snapshot_end(v):
    a, b = both(out.tick_price(v, 11, 1, 189.99, Decimal(300), 1), v)
    assert a.only("priceSizeTick") == (11, 1, 189.99, 300.0)
    (req_id, tick, price, attrib), sizes = b.named("tickPrice")[0], b.named("tickSize")
    assert (req_id, tick, price, attrib.canAutoExecute, attrib.pastLimit) == (11, 1, 189.99, True, False)
    assert sizes == [(11, 0, Decimal(300))]  # ibapi synthesises the bid size tick
    a, b = both(out.tick_price(v, 11, 9, 187.5), v)  # close: no size
    assert a.only("priceSizeTick") == (11, 9, 187.5, 0.0) and b.only("tickPrice")[:3] == (11, 9, 187.5)
    a, b = both(out.tick_size(v, 11, 8, Decimal(1234567)), v)
    assert a.only("tickSize") == (11, 8, 1234567.0) and b.only("tickSize") == (11, 8, Decimal(1234567))
    a, b = both(out.tick_req_params(v, 11, 0.01, "9c0001", 3), v)
    assert a.only("tickReqParams") == (11, 0.01, "9c0001", 3) and b.only("tickReqParams") == (11, 0.01, "9c0001", 3)
    a, b = both(out.market_data_type(v, 11, 3), v)
    assert a.only("marketDataType") == (11, 3) and texts(b.only("marketDataType")) == ["11", "3"]
    a, b = both(out.tick_snapshot_end(v, 11), v)
    assert a.only("tickSnapshotEnd") == (11,) and texts(b.only("tickSnapshotEnd")) == ["11"]


def test_contract_details_below_and_from_164_and_its_end(v):
    details = ApiContractDetails(
        contract=AAPL, market_name="NMS", min_tick=0.01, order_types="LMT,MKT,STP", valid_exchanges="SMART,NASDAQ",
        long_name="APPLE INC \u00e9", industry="Technology", category="Computers", time_zone_id="US/Eastern",
        trading_hours="20261207:0930-20261207:1600", sec_id_list=[TagValue("ISIN", "US0378331005")], agg_group=1,
        market_rule_ids="26", stock_type="COMMON", min_size=Decimal(1), size_increment=Decimal(1),
        suggested_size_increment=Decimal(100))
    fields = out.contract_details(v, 21, details)
    assert (fields[1] == "8") is (v < 164)
    a, b = both(fields, v)
    req_id, cd = a.only("contractDetails")
    assert (req_id, cd.contract.conId, cd.contract.primaryExchange) == (21, 265598, "NASDAQ")
    assert cd.longName == "APPLE INC \u00e9"
    assert (cd.marketRuleIds, cd.stockType, cd.secIdList[0].value) == ("26", "COMMON", "US0378331005")
    assert cd.suggestedSizeIncrement == (100.0 if v >= 164 else 0.0)
    req_id, cd = b.only("contractDetails")
    assert (req_id, cd.contract.symbol, cd.contract.conId, cd.longName) == (21, "AAPL", 265598, "APPLE INC \u00e9")
    assert (cd.validExchanges, cd.industry) == ("SMART,NASDAQ", "Technology")
    assert cd.tradingHours == "20261207:0930-20261207:1600"
    if v >= 164:
        assert (cd.minSize, cd.suggestedSizeIncrement) == (Decimal(1), Decimal(100))
    a, b = both(out.contract_details_end(v, 8), v)
    assert a.only("contractDetailsEnd") == (8,) and texts(b.only("contractDetailsEnd")) == ["8"]


def test_historical_data_bars_and_their_end(v):
    bars = [BarData("20261204", 180.0, 182.5, 179.25, 181.0, Decimal(1000), Decimal("180.7"), 55),
            BarData("20261207", 181.0, 183.0, 180.5, 182.75, Decimal(2000), Decimal("181.9"), 60)]
    fields = out.historical_data(v, 12, "20261204 00:00:00 UTC", "20261207 21:00:00 UTC", bars)
    a, b = both(fields, v)
    assert [(bar.date, bar.close, bar.volume, bar.barCount) for (_r, bar) in a.named("historicalData")] == [
        ("20261204", 181.0, 1000.0, 55), ("20261207", 182.75, 2000.0, 60)]
    assert a.named("historicalDataEnd") == [(12, "20261204 00:00:00 UTC", "20261207 21:00:00 UTC")]
    assert [(bar.date, bar.high, bar.volume, bar.wap) for (_r, bar) in b.named("historicalData")] == [
        ("20261204", 182.5, Decimal(1000), Decimal("180.7")), ("20261207", 183.0, Decimal(2000), Decimal("181.9"))]
    assert b.named("historicalDataEnd") == [(12, "20261204 00:00:00 UTC", "20261207 21:00:00 UTC")]


def test_receive_fa_xml_and_replace_fa_end(v):
    xml = '<?xml version="1.0" encoding="UTF-8"?><ListOfGroups><Group><name>Everyone</name></Group></ListOfGroups>'
    a, b = both(out.receive_fa(v, out.FA_GROUPS, xml), v)
    assert a.only("receiveFA") == (1, xml) and texts(b.only("receiveFA")) == ["1", xml]
    a, b = both(out.replace_fa_end(v, 13, "FA groups replaced"), v)
    assert a.only("replaceFAEnd") == (13, "FA groups replaced") and b.only("replaceFAEnd") == (13, "FA groups replaced")
