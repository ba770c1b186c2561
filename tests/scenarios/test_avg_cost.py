"""A scenario's ``avg_cost``, in its output and in its seed positions, is IB's average cost: per
contract (price x multiplier, commission included) for options, futures options and futures.

Source: TWS API avgCost includes the multiplier and commission for derivatives,
https://www.interactivebrokers.com.hk/en/software/api/apiguide/java/updateportfolio.htm and
https://github.com/erdewit/ib_insync/issues/175 (gold futures: fill 1,477.3, avgCost 147,732.37).
"""

from decimal import Decimal

from workstation.scenario import parse_scenario, run_scenario
from workstation.scenario.demo import demo_engine

D = Decimal
CALL = "AAPL  261218C00230000"

FILLED = f"""
market: {{random_walk: false}}
accounts:
  - {{id: U1, type: margin, cash: {{USD: 100000}}}}
prices: {{AAPL: 232.50, ESZ6: 5931.75}}
steps:
  - place: {{id: call, account: U1, action: BUY, quantity: 2, symbol: "{CALL}", order_type: LMT, lmt_price: 0.01}}
  - fill: {{order: call, quantity: 2, price: 5.00}}
  - place: {{id: es, account: U1, action: BUY, quantity: 1, symbol: ESZ6, order_type: LMT, lmt_price: 0.25}}
  - fill: {{order: es, quantity: 1, price: 5931.75}}
  - place: {{id: ko, account: U1, action: BUY, quantity: 100, symbol: KO, order_type: LMT, lmt_price: 0.01}}
  - fill: {{order: ko, quantity: 100, price: 60.00}}
"""


def test_the_output_reports_derivatives_per_contract_and_stocks_per_share(universe):
    positions = run_scenario(parse_scenario(FILLED), universe).output["accounts"]["U1"]["positions"]

    # BUY 2 @ 5.00, 0.65 a contract: 5.00 x 100 + 0.65 = 500.65 (per share it was 5.0065)
    assert positions[CALL]["avg_cost"] == 500.65
    # BUY 1 ESZ6 @ 5,931.75, 0.85: 5,931.75 x 50 + 0.85 = 296,588.35 (per point it was 5,931.767)
    assert positions["ESZ6"]["avg_cost"] == 296588.35
    # BUY 100 KO @ 60.00, 1.00: 60.01 a share, as before
    assert positions["KO"]["avg_cost"] == 60.01


SEEDED = f"""
market: {{random_walk: false}}
accounts:
  - id: U1
    type: margin
    cash: {{USD: 100000}}
    positions:
      - {{symbol: "{CALL}", quantity: 2, avg_cost: 500.65}}
      - {{symbol: ESZ6, quantity: -1, avg_cost: 296588.35}}
      - {{symbol: KO, quantity: 100, avg_cost: 60.01}}
prices: {{AAPL: 232.50, ESZ6: 5931.75, KO: 60.00}}
"""


def test_seed_positions_are_given_per_contract_and_booked_per_unit(universe):
    result = run_scenario(parse_scenario(SEEDED), universe)
    ledger = result.engine.account("U1").positions
    positions = result.output["accounts"]["U1"]["positions"]

    # Decision D10.3: the file means what the output means; 500.65 a contract is 5.0065 a share
    assert (ledger[CALL].avg_cost, ledger["ESZ6"].avg_cost, ledger["KO"].avg_cost) == (
        D("5.0065"), D("5931.767"), D("60.01"))
    assert (positions[CALL]["avg_cost"], positions["ESZ6"]["avg_cost"]) == (500.65, 296588.35)
    # short 1 ESZ6 at 5,931.767 a point, marked at 5,931.75: (5,931.75 - 5,931.767) x -50 = 0.85
    assert positions["ESZ6"]["unrealized_pnl"] == 0.85


def test_the_demo_profile_gives_derivatives_per_contract_and_opens_the_same_ledger():
    engine, profile = demo_engine()
    positions = engine.account(profile.account).positions

    # resources/demo_profile.yaml: 610.00 a contract = 6.10 a share; 294,512.50 a contract = 5,890.25 a point
    assert positions["AAPL  261218C00240000"].avg_cost == D("6.10")
    assert positions["ESZ6"].avg_cost == positions["ESZ6"].avg_price == D("5890.25")
    assert positions["AAPL"].avg_cost == D("198.40")
