"""Market data without a subscription, with the real client: a program that accepts delayed data gets
marketDataType 3, the notice 10167 and the engine's delayed quote (15 minutes late) under the delayed tick
types; a program asking for live data only (reqMarketDataType 1) is answered 354.

Layouts and handling are ib_async 2.1.0's (ib.py reqMarketDataType, reqTickersAsync, reqMktData; wrapper.py
``error``, whose ``warningCodes`` holds 10167, so the data keeps coming, while 354 ends the request). Codes
and texts: IB "Message Codes" (354, "Requested market data is not subscribed. Check API status by selecting
the Account menu then under Management choose Market Data Subscription Manager and/or availability of delayed
data."), 10167 "Requested market data is not subscribed. Displaying delayed market data." as the clients
log it (reference account-management.md §4); IB "Market Data Types" (1 live, 3 delayed) and "Tick Types"
(delayed bid 66, ask 67, last 68, high 72, low 73, volume 74, close 75, open 76).
"""

from __future__ import annotations

from datetime import timedelta

import ib_async
import pytest

from tests.tws_api.conftest import ADVISOR_SCENARIO, SERVER_VERSIONS, connect_ib, run
from workstation.engine import AdvanceClock, LoginReads, UnsubscribeMarketData

AAPL = 265598  # IB's conId for AAPL (IB API documentation, Contract examples)
DEMO = "Demo Market Data"


def _without_subscriptions(gateway) -> None:
    """Every account leaves the demo's data (free delayed data), and 20 minutes pass: AAPL is 15 minutes late."""
    def leave(engine):
        for account in engine.account_ids():
            engine.execute(UnsubscribeMarketData(account, DEMO))
        engine.execute(AdvanceClock(engine.now + timedelta(minutes=20)))

    gateway.on_engine(leave)


def _seen(gateway):
    """AAPL as an account without a subscription sees it (delayed), and live."""
    return gateway.on_engine(lambda engine: (LoginReads(engine, engine.account_ids()[0]).quote("AAPL"),
                                             engine.quote("AAPL")))


@pytest.mark.parametrize("version", SERVER_VERSIONS)
def test_delayed_data_without_a_subscription_is_type_3_with_10167_and_the_quote_of_15_minutes_ago(
        open_gateway, version, expected_client_errors):
    gateway = open_gateway(ADVISOR_SCENARIO, max_server_version=version)
    expected_client_errors.add(10167)
    _without_subscriptions(gateway)
    stock = ib_async.Stock("AAPL", "SMART", "USD", conId=AAPL)

    async def scenario():
        ib = await connect_ib(gateway, 4)
        notices = []
        ib.errorEvent += lambda req_id, code, text, contract: notices.append((code, text))
        try:
            ib.reqMarketDataType(3)  # delayed accepted (IB "Market Data Types")
            (ticker,) = await ib.reqTickersAsync(stock)
            return ticker, notices
        finally:
            ib.disconnect()

    ticker, notices = run(scenario())
    delayed, live = _seen(gateway)
    assert delayed != live
    assert ticker.marketDataType == 3
    assert (10167, "Requested market data is not subscribed. Displaying delayed market data.") in notices
    assert {tick.tickType for tick in ticker.ticks} == {66, 67, 68, 72, 73, 74, 75, 76}
    assert (ticker.bid, ticker.ask, ticker.last, ticker.volume) == (
        float(delayed.bid), float(delayed.ask), float(delayed.last), float(delayed.volume))


@pytest.mark.parametrize("version", SERVER_VERSIONS)
def test_live_only_without_a_subscription_is_refused_354(open_gateway, version, expected_client_errors):
    gateway = open_gateway(ADVISOR_SCENARIO, max_server_version=version)
    expected_client_errors.add(354)
    _without_subscriptions(gateway)
    stock = ib_async.Stock("AAPL", "SMART", "USD", conId=AAPL)

    async def scenario():
        ib = await connect_ib(gateway, 4)
        ib.RaiseRequestErrors = True
        try:
            ib.reqMarketDataType(1)  # live only
            with pytest.raises(ib_async.RequestError) as refused:
                await ib.reqTickersAsync(stock)
            return refused.value
        finally:
            ib.disconnect()

    refused = run(scenario())
    assert refused.code == 354
    assert refused.message == ("Requested market data is not subscribed. Check API status by selecting the Account "
                               "menu then under Management choose Market Data Subscription Manager and/or "
                               "availability of delayed data.")
