"""IB's average cost of derivatives: per contract (price x multiplier, commission included), while
the ledger keeps it per unit for P&L, transfers and margin.

Sources:
- TWS API ``position``/``updatePortfolio``: avgCost includes the multiplier for derivatives and the
  commission ("averageCost includes commission"):
  https://www.interactivebrokers.com.hk/en/software/api/apiguide/java/updateportfolio.htm
- a gold future (multiplier 100) filled at 1,477.3 reports avgCost 147,732.37 = 147,730.00 + 2.37
  commission: https://github.com/erdewit/ib_insync/issues/175
- futures avgCost = price x contract size, stocks = price: https://github.com/vnpy/vnpy/issues/1340
"""

from decimal import Decimal

import pytest

from tests.factories import ok, trade
from workstation.engine import avg_cost_per_contract, avg_cost_per_unit
from workstation.engine.api import Engine
from workstation.engine.core.terms import Action
from workstation.engine.messages.commands import SetPrice

D = Decimal
CALL_230 = "AAPL  261218C00230000"  # multiplier 100
CALL_240 = "AAPL  261218C00240000"
ES_CALL = "ESZ6 C5900"  # futures option, multiplier 50
ES = "ESZ6"  # future, multiplier 50


@pytest.fixture
def engine(engine: Engine) -> Engine:
    """The conftest's engine with the underlyings near the strikes (AAPL at 150.00 would put the 230
    call's ask at a tick, where the unreachable buy limit of ``trade`` would fill at once)."""
    for symbol, price in (("AAPL", "232.50"), (ES, "5931.75")):
        ok(engine.execute(SetPrice(symbol, D(price))))
    return engine


def avg_cost(engine: Engine, symbol: str) -> Decimal:
    """What IB reports for the position of U1 in ``symbol``: the ledger's per-unit cost, converted."""
    return avg_cost_per_contract(engine.account("U1").positions[symbol].avg_cost, engine.catalog[symbol])


def test_the_published_option_examples_per_contract(engine: Engine):
    option = engine.catalog[CALL_230]
    # BUY 1 @ 5.00, commission 0.65: 5.00 x 100 + 0.65 = 500.65 (the ledger: 5.0065 a share)
    assert avg_cost_per_contract(D("5.0065"), option) == D("500.65")
    # SELL 1 @ 5.00 to open: 500.00 - 0.65 = 499.35 (the ledger: 4.9935, which TWS's 2 places show as 4.99)
    assert avg_cost_per_contract(D("4.9935"), option) == D("499.35")
    # and back: a seed position given per contract is booked per unit
    assert avg_cost_per_unit(D("500.65"), option) == D("5.0065")


def test_an_option_bought_costs_price_times_multiplier_plus_commission(engine: Engine):
    # BUY 2 @ 5.00: commission 2 x 0.65 = 1.30; (1,000.00 + 1.30) / 2 = 500.65 a contract
    trade(engine, CALL_230, Action.BUY, 2, "5.00", "U1")

    assert avg_cost(engine, CALL_230) == D("500.65")
    assert engine.account("U1").positions[CALL_230].avg_cost == D("5.0065")  # the ledger stays per share


def test_an_option_sold_to_open_costs_its_proceeds_less_commission(engine: Engine):
    # SELL 2 @ 5.00 to open: (1,000.00 - 1.30) / 2 = 499.35 a contract (the old output: 4.9935)
    trade(engine, CALL_240, Action.SELL, 2, "5.00", "U1")

    assert avg_cost(engine, CALL_240) == D("499.35")


def test_two_fills_average_per_contract_and_leave_the_unrealized_pnl_alone(engine: Engine):
    # BUY 2 @ 5.00 and 2 @ 6.00 (0.65 a contract): (1,000.00 + 1,200.00 + 2.60) / 4 = 550.65
    trade(engine, CALL_230, Action.BUY, 2, "5.00", "U1")
    trade(engine, CALL_230, Action.BUY, 2, "6.00", "U1")

    assert avg_cost(engine, CALL_230) == D("550.65")
    # Unrealized P&L is (mark x 100 - 550.65) x 4, the same as per unit, (mark - 5.5065) x 400:
    # at a mark of 5.20, -122.60 either way. The ledger's P&L is untouched by the conversion.
    [position] = [p for p in engine.positions("U1") if p.symbol == CALL_230]
    assert position.unrealized_pnl == ((position.market_price * 100 - D("550.65")) * 4).quantize(D("0.01"))


def test_a_futures_option_carries_its_multiplier(engine: Engine):
    # BUY 1 ESZ6 5900 call @ 50.00 x 50, commission 0.85: 2,500.00 + 0.85 = 2,500.85
    trade(engine, ES_CALL, Action.BUY, 1, "50.00", "U1")

    assert avg_cost(engine, ES_CALL) == D("2500.85")


def test_a_future_carries_its_multiplier_too(engine: Engine):
    # Decision D10.1 (derivatives carry the multiplier), as ib_insync #175 shows for gold futures.
    # BUY 1 ESZ6 @ 5,931.75, commission 0.85: 5,931.75 x 50 + 0.85 = 296,587.50 + 0.85 = 296,588.35
    trade(engine, ES, Action.BUY, 1, "5931.75", "U1")

    assert avg_cost(engine, ES) == D("296588.35")
    assert engine.account("U1").positions[ES].avg_cost == D("5931.767")  # per point, as margin reads it


@pytest.mark.parametrize("symbol", ["AAPL", "EUR.USD"])
def test_stocks_and_currencies_stay_per_unit(engine: Engine, symbol: str):
    # vnpy #1340: a stock's avgCost is its price (commission included): 150.01 for 100 @ 150.00 + 1.00
    instrument = engine.catalog[symbol]

    assert avg_cost_per_contract(D("150.01"), instrument) == D("150.01")
    assert avg_cost_per_unit(D("150.01"), instrument) == D("150.01")
