"""Reference data over the TWS API with the real clients: option chain parameters (reqSecDefOptParams),
symbol search (reqMatchingSymbols) and the earliest bar (reqHeadTimeStamp), each compared with the engine.

Layouts: ib_async decoder.py securityDefinitionOptionParameter, symbolSamples (description and issuerId
from 176) and the wrap of 76 and 88; ibapi decoder.py processSymbolSamplesMsg."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import ib_async
import pytest
from ibapi.client import EClient
from ibapi.wrapper import EWrapper

from tests.tws_api.conftest import SERVER_VERSIONS, TIMEOUT, connect_ib, run
from workstation.engine import SecType
from workstation.tws_api.contracts import contract_book


def _options_of(engine, underlying: str) -> tuple[set[str], set[float]]:
    options = [i for i in engine.catalog if i.sec_type in (SecType.OPT, SecType.FOP) and i.underlying == underlying]
    return {i.expiry.strftime("%Y%m%d") for i in options}, {float(i.strike) for i in options}


@pytest.mark.parametrize("version", SERVER_VERSIONS)
def test_an_option_chains_expirations_and_strikes_are_the_universes(open_gateway, version):
    gateway = open_gateway(max_server_version=version)

    async def ask():
        ib = await connect_ib(gateway, 1)
        try:
            stock = await ib.reqSecDefOptParamsAsync("AAPL", "", "STK", 265598)
            [future] = await ib.qualifyContractsAsync(ib_async.Future(localSymbol="ESZ6", exchange="CME"))
            on_future = await ib.reqSecDefOptParamsAsync("ES", "CME", "FUT", future.conId)
            return stock, future, on_future
        finally:
            ib.disconnect()

    stock, future, on_future = run(ask())
    [row] = stock
    expirations, strikes = gateway.on_engine(lambda e: _options_of(e, "AAPL"))
    # ib_async hands underlyingConId on as the text it read (decoder.py securityDefinitionOptionParameter)
    assert (row.exchange, int(row.underlyingConId), row.tradingClass, row.multiplier) == (
        "SMART", 265598, "AAPL", "100")
    assert (set(row.expirations), set(row.strikes)) == (expirations, strikes)
    [fop_row] = on_future
    assert int(fop_row.underlyingConId) == future.conId
    assert (set(fop_row.expirations), set(fop_row.strikes)) == gateway.on_engine(lambda e: _options_of(e, "ESZ6"))


def test_an_unknown_underlying_is_answered_200(open_gateway, expected_client_errors):
    gateway = open_gateway()
    expected_client_errors.add(200)

    async def ask():
        ib = await connect_ib(gateway, 1)
        errors = []
        ib.errorEvent += lambda req_id, code, text, contract: errors.append(code)
        try:
            chains = await ib.reqSecDefOptParamsAsync("NOPE", "", "STK", 0)
            return chains, errors
        finally:
            ib.disconnect()

    chains, errors = run(ask())
    assert chains == [] and errors == [200]


@pytest.mark.parametrize("version", SERVER_VERSIONS)
def test_a_symbol_search_finds_the_exact_symbol_first_with_its_derivatives(open_gateway, version):
    gateway = open_gateway(max_server_version=version)

    async def ask():
        ib = await connect_ib(gateway, 1)
        try:
            return await ib.reqMatchingSymbolsAsync("aapl"), await ib.reqMatchingSymbolsAsync("MICRO")
        finally:
            ib.disconnect()

    by_symbol, by_name = run(ask())
    first = by_symbol[0]
    assert (first.contract.conId, first.contract.symbol, first.contract.secType) == (265598, "AAPL", "STK")
    assert first.contract.primaryExchange == "NASDAQ" and first.derivativeSecTypes == ["OPT"]
    assert first.contract.description == ("APPLE INC" if version >= 176 else "")  # symbolSamples gains it at 176
    assert [d.contract.symbol for d in by_name] == ["MSFT"]  # a name matches too: MICROSOFT CORP


@pytest.mark.parametrize("format_date", [1, 2])
def test_the_head_timestamp_is_the_engines_first_bar(open_gateway, format_date):
    gateway = open_gateway()

    async def ask():
        ib = await connect_ib(gateway, 1)
        try:
            stock = ib_async.Stock("MSFT", "SMART", "USD")
            return await ib.reqHeadTimeStampAsync(stock, "TRADES", useRTH=False, formatDate=format_date)
        finally:
            ib.disconnect()

    head = run(ask())
    first = gateway.on_engine(lambda e: float(e.bars("MSFT").time[0]))
    assert head.astimezone(UTC) == datetime.fromtimestamp(first, UTC)


def test_the_symbol_search_lists_each_underlying_once_and_no_option(open_gateway):
    gateway = open_gateway()

    async def ask():
        ib = await connect_ib(gateway, 1)
        try:
            return await ib.reqMatchingSymbolsAsync("S")
        finally:
            ib.disconnect()

    found = run(ask())
    con_ids = [d.contract.conId for d in found]
    assert len(con_ids) == len(set(con_ids)) <= 16
    book = gateway.on_engine(contract_book)
    assert all(book.instrument(c).sec_type not in (SecType.OPT, SecType.FOP) for c in con_ids)
    assert "SPY" in {d.contract.symbol for d in found}


class ReferenceWrapper(EWrapper):
    """ibapi's reference-data callbacks (ibapi/wrapper.py), recorded."""

    def __init__(self) -> None:
        super().__init__()
        self.samples: list = []
        self.chains: list[tuple] = []
        self.errors: list[int] = []
        self.done = threading.Event()

    def error(self, reqId, *rest) -> None:  # noqa: ANN001, N803 - the arity depends on the server version
        self.errors.append(next(item for item in rest if isinstance(item, int) and item > 0))

    def symbolSamples(self, reqId, contractDescriptions) -> None:  # noqa: N802, N803, ANN001 - ibapi's names
        self.samples = list(contractDescriptions)

    def securityDefinitionOptionParameter(self, reqId, exchange, underlyingConId, tradingClass, multiplier,  # noqa: N802, N803, ANN001, PLR0913
                                          expirations, strikes) -> None:
        self.chains.append((exchange, underlyingConId, tradingClass, multiplier, expirations, strikes))

    def securityDefinitionOptionParameterEnd(self, reqId) -> None:  # noqa: N802, N803, ANN001
        self.done.set()


@pytest.mark.parametrize("version", SERVER_VERSIONS)
def test_ibapi_reads_symbol_samples_and_option_chains(open_gateway, version):
    gateway = open_gateway(max_server_version=version)
    wrapper = ReferenceWrapper()
    client = EClient(wrapper)
    client.connect(gateway.host, gateway.port, clientId=2)
    reader = threading.Thread(target=client.run, daemon=True)
    reader.start()
    try:
        client.reqMatchingSymbols(21, "SPY")
        client.reqSecDefOptParams(22, "SPY", "", "STK", 756733)  # answered after the samples: one connection
        assert wrapper.done.wait(TIMEOUT)
    finally:
        client.disconnect()
        reader.join(TIMEOUT)
    assert set(wrapper.errors) == {2104, 2106, 2158}  # the farm messages only
    assert (wrapper.samples[0].contract.symbol, wrapper.samples[0].derivativeSecTypes) == ("SPY", ["OPT"])
    [(exchange, under_id, trading_class, multiplier, expirations, strikes)] = wrapper.chains
    assert (exchange, under_id, trading_class, multiplier) == ("SMART", 756733, "SPY", "100")
    assert (expirations, strikes) == gateway.on_engine(lambda e: _options_of(e, "SPY"))
