"""The engine's instruments named as IB names contracts: conIds (IB's own for the best-known, stable and
unique for the rest) and the contract block and lookup the API's requests need (IB's Contract class:
https://interactivebrokers.github.io/tws-api/classIBApi_1_1Contract.html)."""

from __future__ import annotations

import pytest

from workstation.engine import build_universe
from workstation.resources import demo_universe_spec
from workstation.tws_api.contracts import IB_CON_IDS, ContractBook
from workstation.tws_api.model import ApiContract


@pytest.fixture(scope="module")
def book() -> ContractBook:
    return ContractBook.of(build_universe(demo_universe_spec()).catalog)


def test_every_instrument_has_one_con_id_and_the_best_known_have_ibs(book: ContractBook) -> None:
    assert book.con_id("AAPL") == 265598 and book.con_id("MSFT") == 272093  # IB's API documentation
    assert len(set(book.con_ids.values())) == len(book.con_ids)
    assert all(book.instrument(con_id).symbol == symbol for symbol, con_id in book.con_ids.items())
    rebuilt = ContractBook.of(build_universe(demo_universe_spec()).catalog)
    assert rebuilt.con_ids == book.con_ids  # stable from run to run
    assert set(IB_CON_IDS) - set(book.con_ids) <= {"IBM"}  # the table names contracts the demo has


def test_contract_blocks_follow_ibs_naming(book: ContractBook) -> None:
    stock = book.contract(book.instrument(265598))
    assert (stock.symbol, stock.sec_type, stock.exchange, stock.primary_exchange, stock.currency) == (
        "AAPL", "STK", "SMART", "NASDAQ", "USD")
    option = book.contract(book.instrument(book.con_id("AAPL  261218C00230000")))
    assert (option.symbol, option.last_trade_date, option.strike, option.right, option.multiplier,
            option.local_symbol, option.trading_class) == ("AAPL", "20261218", 230.0, "C", "100",
                                                           "AAPL  261218C00230000", "AAPL")
    future = book.contract(book.instrument(book.con_id("ESZ6")))
    assert (future.symbol, future.sec_type, future.exchange, future.last_trade_date, future.multiplier,
            future.local_symbol) == ("ES", "FUT", "CME", "20261218", "50", "ESZ6")
    pair = book.contract(book.instrument(book.con_id("EUR.USD")))
    assert (pair.symbol, pair.currency, pair.exchange, pair.local_symbol) == ("EUR", "USD", "IDEALPRO", "EUR.USD")


def test_a_requests_contract_is_found_by_con_id_or_by_its_fields(book: ContractBook) -> None:
    assert [i.symbol for i in book.matching(ApiContract(con_id=272093))] == ["MSFT"]
    assert [i.symbol for i in book.matching(ApiContract(symbol="MSFT", sec_type="STK", exchange="SMART",
                                                        currency="USD"))] == ["MSFT"]
    calls = book.matching(ApiContract(symbol="AAPL", sec_type="OPT", last_trade_date="20261218", strike=230.0,
                                      right="CALL", exchange="SMART", currency="USD"))
    assert [i.symbol for i in calls] == ["AAPL  261218C00230000"]
    chain = book.matching(ApiContract(symbol="AAPL", sec_type="OPT", last_trade_date="202612"))
    assert len(chain) == 14  # seven strikes, calls and puts, for the December expiry
    assert [i.symbol for i in book.matching(ApiContract(local_symbol="ESZ6", sec_type="FUT"))] == ["ESZ6"]
    assert book.matching(ApiContract(symbol="NOPE", sec_type="STK")) == []
    assert book.matching(ApiContract(con_id=1)) == []
