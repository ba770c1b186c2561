"""Contracts and market data with the real clients: qualification, option chains, snapshots and streaming
ticks that follow the engine's quotes, the line limit, pacing and historical bars.

Layouts are the clients' own: ib_async 2.1.0 (ib.py qualifyContractsAsync, reqTickersAsync, reqMktData,
reqHistoricalDataAsync; decoder.py contractDetails, which changes at server version 164) and ibapi 10.51
(decoder.py processContractDataMsg, EWrapper.contractDetails/contractDetailsEnd/error). Codes and texts:
IB "Message Codes" (200 no security definition, 101 max tickers, 100 pacing, 162 historical data).
"""

from __future__ import annotations

import threading
from decimal import Decimal

import ib_async
import pytest
from ibapi.client import EClient
from ibapi.contract import Contract
from ibapi.wrapper import EWrapper

from tests.tws_api.conftest import ADVISOR_SCENARIO, TIMEOUT, RawClient, connect_ib, run
from workstation.engine import SecType, SetPrice

VERSIONS = [157, 176, 178]
AAPL = 265598  # IB's conId for AAPL (IB API documentation, Contract examples)


async def until(ticker: ib_async.Ticker, condition) -> None:
    """Wait on the ticker's updateEvent (ib_async ticker.py) until ``condition()`` holds."""
    while not condition():
        await ticker.updateEvent


@pytest.mark.parametrize("version", VERSIONS)
def test_qualify_and_snapshot_equal_the_engines_contract_and_quote(open_gateway, version):
    gateway = open_gateway(ADVISOR_SCENARIO, max_server_version=version)

    async def scenario():
        ib = await connect_ib(gateway, 4)
        try:
            stock = ib_async.Stock("AAPL", "SMART", "USD")
            await ib.qualifyContractsAsync(stock)
            details = (await ib.reqContractDetailsAsync(stock))[0]
            (ticker,) = await ib.reqTickersAsync(stock)
            return stock, details, ticker
        finally:
            ib.disconnect()

    stock, details, ticker = run(scenario())
    quote, instrument = gateway.on_engine(lambda engine: (engine.quote("AAPL"), engine.catalog["AAPL"]))
    assert (stock.conId, stock.primaryExchange, stock.localSymbol) == (AAPL, "NASDAQ", "AAPL")
    assert details.minTick == float(instrument.tick_size) and details.longName == instrument.description
    assert details.validExchanges == "SMART,NASDAQ" and details.timeZoneId == "US/Eastern"
    assert "LMT" in details.orderTypes.split(",") and details.liquidHours.count(":0930-") >= 1
    values = (ticker.bid, ticker.bidSize, ticker.ask, ticker.askSize, ticker.last, ticker.high, ticker.low,
              ticker.open, ticker.close, ticker.volume)
    assert values == tuple(float(getattr(quote, name)) for name in (
        "bid", "bid_size", "ask", "ask_size", "last", "high", "low", "open", "close", "volume"))
    assert ticker.minTick == float(instrument.tick_size) and ticker.marketDataType == 1


def test_an_option_chain_holds_the_universes_strikes_and_names_its_underlying(open_gateway):
    gateway = open_gateway(ADVISOR_SCENARIO)

    async def scenario():
        ib = await connect_ib(gateway, 4)
        try:
            return await ib.reqContractDetailsAsync(ib_async.Option("AAPL", "", 0, "C", "SMART"))
        finally:
            ib.disconnect()

    chain = run(scenario())
    universe = gateway.on_engine(lambda engine: sorted(
        (i.expiry.strftime("%Y%m%d"), float(i.strike)) for i in engine.catalog
        if i.sec_type is SecType.OPT and i.underlying == "AAPL" and i.right.value == "C"))
    assert sorted((d.contract.lastTradeDateOrContractMonth, d.contract.strike) for d in chain) == universe
    assert {d.underConId for d in chain} == {AAPL} and {d.contract.multiplier for d in chain} == {"100"}


def test_a_futures_chain_by_root(open_gateway):
    gateway = open_gateway(ADVISOR_SCENARIO)

    async def scenario():
        ib = await connect_ib(gateway, 4)
        try:
            return await ib.reqContractDetailsAsync(ib_async.Future("ES", exchange="CME"))
        finally:
            ib.disconnect()

    chain = run(scenario())
    futures = gateway.on_engine(lambda engine: sorted(
        i.symbol for i in engine.catalog if i.sec_type is SecType.FUT and (i.underlying or i.symbol) == "ES"))
    assert futures and sorted(d.contract.localSymbol for d in chain) == futures


def test_an_unknown_symbol_is_answered_200(open_gateway, expected_client_errors):
    gateway = open_gateway(ADVISOR_SCENARIO)
    expected_client_errors.add(200)

    async def scenario():
        ib = await connect_ib(gateway, 4)
        ib.RaiseRequestErrors = True
        try:
            with pytest.raises(ib_async.RequestError) as refused:
                await ib.reqContractDetailsAsync(ib_async.Stock("NOSUCH", "SMART", "USD"))
            return refused.value
        finally:
            ib.disconnect()

    refused = run(scenario())
    assert (refused.code, refused.message) == (200, "No security definition has been found for the request")


class DetailsWrapper(EWrapper):
    """ibapi's contract detail callbacks (ibapi/wrapper.py), recorded."""

    def __init__(self) -> None:
        super().__init__()
        self.details: list = []
        self.errors: list[tuple[int, int]] = []
        self.done = threading.Event()

    def contractDetails(self, reqId, contractDetails) -> None:  # noqa: N802, N803, ANN001 - ibapi's names
        self.details.append(contractDetails)

    def contractDetailsEnd(self, reqId) -> None:  # noqa: N802, N803, ANN001
        self.done.set()

    def error(self, reqId, *rest) -> None:  # noqa: ANN001 - the arity depends on the server version
        code = next(item for item in rest if isinstance(item, int) and item > 0)
        self.errors.append((reqId, code))
        if code == 200:
            self.done.set()


@pytest.mark.parametrize("version", VERSIONS)
def test_ibapi_reads_contract_details_and_200(open_gateway, version):
    gateway = open_gateway(ADVISOR_SCENARIO, max_server_version=version)
    wrapper = DetailsWrapper()
    client = EClient(wrapper)
    client.connect(gateway.host, gateway.port, clientId=2)
    reader = threading.Thread(target=client.run, daemon=True)
    reader.start()
    try:
        contract = Contract()
        contract.conId = AAPL
        client.reqContractDetails(11, contract)
        assert wrapper.done.wait(TIMEOUT)
        wrapper.done.clear()
        unknown = Contract()
        unknown.symbol, unknown.secType, unknown.exchange, unknown.currency = "NOSUCH", "STK", "SMART", "USD"
        client.reqContractDetails(12, unknown)
        assert wrapper.done.wait(TIMEOUT)
    finally:
        client.disconnect()
        reader.join(TIMEOUT)
    (details,) = wrapper.details
    assert (details.contract.conId, details.contract.symbol, details.longName, details.minTick) == (
        AAPL, "AAPL", "APPLE INC", 0.01)
    assert (12, 200) in wrapper.errors


def test_streaming_ticks_follow_the_engine_and_stop_when_cancelled(open_gateway):
    gateway = open_gateway(ADVISOR_SCENARIO)
    stock = ib_async.Stock("AAPL", "SMART", "USD", conId=AAPL)

    def subscribers() -> int:
        return gateway.on_engine(lambda engine: len(engine._subscribers))  # noqa: SLF001 - the engine's own list

    async def scenario():
        ib = await connect_ib(gateway, 4)
        try:
            before = subscribers()
            ticker = ib.reqMktData(stock)
            await until(ticker, lambda: ticker.last == ticker.last and ticker.volume == ticker.volume)
            first, during = ticker.last, subscribers()
            gateway.on_engine(lambda engine: engine.execute(SetPrice("AAPL", Decimal("250.00"))))
            await until(ticker, lambda: ticker.last == 250.0)
            moved = {tick.tickType for tick in ticker.ticks}  # the update's ticks (ib_async clears them per update)
            ib.cancelMktData(stock)
            await ib.reqCurrentTimeAsync()  # the cancel has reached the engine: answers come in order
            gateway.on_engine(lambda engine: engine.execute(SetPrice("AAPL", Decimal("260.00"))))
            await ib.reqCurrentTimeAsync()  # any tick sent after the move would have arrived before this
            return first, ticker.last, (before, during, subscribers()), moved
        finally:
            ib.disconnect()

    first, after_cancel, (before, during, after), moved = run(scenario())
    assert first != 250.0
    assert 4 in moved and 9 not in moved  # only changed values go out: the prior close did not move
    assert after_cancel == 250.0  # the move to 260 after cancelMktData sent nothing
    assert during == before + 1 and after == before  # one engine subscription per client, gone with its lines


def test_the_101st_line_is_refused_with_101(open_gateway, expected_client_errors):
    gateway = open_gateway(ADVISOR_SCENARIO)
    expected_client_errors.add(101)

    async def scenario():
        ib = await connect_ib(gateway, 4)
        refused = ib_async.util.getLoop().create_future()
        ib.errorEvent += lambda req_id, code, text, _contract: refused.done() or refused.set_result((req_id, code))
        try:
            options = await ib.reqContractDetailsAsync(ib_async.Contract(secType="OPT", exchange="SMART"))
            assert len(options) > 100  # every option of the universe
            for details in options[:101]:  # requests are served in order: the last is the 101st line
                ib.reqMktData(details.contract)
            return await refused
        finally:
            ib.disconnect()

    _req_id, code = run(scenario())
    assert code == 101


def test_more_than_50_messages_a_second_are_answered_100(open_gateway):
    gateway = open_gateway(ADVISOR_SCENARIO)

    async def scenario() -> list[list[str]]:
        client = await RawClient.started(gateway.port, client_id=6)
        for _ in range(60):
            client.send(59, 1, 1)  # reqMarketDataType (ibapi client.py: 59, version 1, type): answered at once
        answers = [await client.read() for _ in range(60)]
        client.close()
        return answers

    answers = run(scenario())
    errors = [a for a in answers if a[0] == "4"]
    assert len([a for a in answers if a[0] == "58"]) >= 45  # the start took a few of the second's 50
    assert errors and all(a[3] == "100" and a[4].startswith("Max rate of messages per second has been exceeded")
                          for a in errors)


@pytest.mark.parametrize("version", VERSIONS)
def test_historical_bars_equal_the_engines(open_gateway, version):
    gateway = open_gateway(ADVISOR_SCENARIO, max_server_version=version)
    stock = ib_async.Stock("AAPL", "SMART", "USD", conId=AAPL)

    async def scenario():
        ib = await connect_ib(gateway, 4)
        try:
            five = await ib.reqHistoricalDataAsync(stock, "", "1 D", "5 mins", "TRADES", True, formatDate=2)
            hours = await ib.reqHistoricalDataAsync(stock, "", "1 D", "1 hour", "TRADES", True, formatDate=2)
            return five, hours
        finally:
            ib.disconnect()

    five, hours = run(scenario())
    bars = gateway.on_engine(lambda engine: engine.bars("AAPL"))
    recent = [(int(t), o, h, lo, c, v) for t, o, h, lo, c, v in zip(
        bars.time, bars.open, bars.high, bars.low, bars.close, bars.volume, strict=True)][-len(five):]
    assert five and [(int(b.date.timestamp()), b.open, b.high, b.low, b.close, b.volume) for b in five] == recent
    assert recent[0][0] % 86400 and hours[0].open == five[0].open and hours[-1].close == five[-1].close
    assert sum(b.volume for b in hours) == sum(b.volume for b in five)
    assert max(b.high for b in hours) == max(b.high for b in five)


def test_history_refuses_bar_sizes_the_engine_lacks_and_invalid_ones(open_gateway, expected_client_errors):
    gateway = open_gateway(ADVISOR_SCENARIO)
    expected_client_errors.add(162)
    stock = ib_async.Stock("AAPL", "SMART", "USD", conId=AAPL)

    async def scenario():
        ib = await connect_ib(gateway, 4)
        errors: list[tuple[int, str]] = []
        ib.errorEvent += lambda _req_id, code, text, _contract: errors.append((code, text))
        try:
            finer = await ib.reqHistoricalDataAsync(stock, "", "1 D", "1 min", "TRADES", True)
            invalid = await ib.reqHistoricalDataAsync(stock, "", "1 D", "7 mins", "TRADES", True)
            return finer, invalid, errors
        finally:
            ib.disconnect()

    finer, invalid, errors = run(scenario())
    assert len(finer) == len(invalid) == 0
    assert [code for code, _text in errors] == [162, 162]
    assert "5 mins" in errors[0][1] and "bar size" in errors[1][1]


def test_delayed_data_carries_the_same_values_under_the_delayed_tick_types(open_gateway):
    gateway = open_gateway(ADVISOR_SCENARIO)
    stock = ib_async.Stock("AAPL", "SMART", "USD", conId=AAPL)

    async def scenario():
        ib = await connect_ib(gateway, 4)
        try:
            ib.reqMarketDataType(3)  # delayed (IB "Market Data Types")
            (ticker,) = await ib.reqTickersAsync(stock)
            return ticker
        finally:
            ib.disconnect()

    ticker = run(scenario())
    quote = gateway.on_engine(lambda engine: engine.quote("AAPL"))
    assert ticker.marketDataType == 3
    # IB "Tick Types": delayed bid 66, ask 67, last 68, high 72, low 73, volume 74 (tickSize), close 75, open 76
    assert {tick.tickType for tick in ticker.ticks} == {66, 67, 68, 72, 73, 74, 75, 76}
    assert (ticker.bid, ticker.ask, ticker.last, ticker.close) == (
        float(quote.bid), float(quote.ask), float(quote.last), float(quote.close))
