"""Margin: Reg T stocks and options (with strategies), SPAN, the account-value tags, the pre-trade
check and the what-if Margin Impact. Figures are ib-domain §9's worked cases, by hand in comments."""

from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import OPEN_TIME, assert_refused, ok, placed_id
from workstation.engine.api import Accepted, Engine
from workstation.engine.core.instruments import ProductClass
from workstation.engine.core.terms import AccountType, Action, OrderType
from workstation.engine.ledger.accounts import Account, Position
from workstation.engine.ledger.valuation import FxRates, account_values
from workstation.engine.margin import MarginModel
from workstation.engine.margin.account_margin import MarginFigures, margin_tags
from workstation.engine.margin.holdings import InstrumentTable, build_holdings
from workstation.engine.margin.rates import DEFAULT_RATES, MarginRates
from workstation.engine.margin.regt import stock_requirement
from workstation.engine.margin.span import risk_arrays, scan_risk, span_requirements
from workstation.engine.market.simulator import MarketSimulator
from workstation.engine.messages.commands import ForceExecution, OpenAccount, PlaceOrder, SeedPosition, SetPrice

D = Decimal
C220, C230, C240, C250 = (f"AAPL  261218C00{k}000" for k in (220, 230, 240, 250))
P210, P220 = "AAPL  261218P00210000", "AAPL  261218P00220000"


@pytest.fixture
def desk(make_engine) -> Engine:
    """A margin account M1 with USD 100,000 and every permission; AAPL at 232.50."""
    engine = make_engine()
    ok(engine.execute(OpenAccount("M1", AccountType.MARGIN, cash=(("USD", D(100000)),),
                                  permissions=("STK", "OPT", "FUT", "FOP", "FUND"))))
    ok(engine.execute(SetPrice("AAPL", D("232.50"))))
    return engine


def trade(engine, symbol, action, quantity, price, account="M1"):
    """Execute at ``price`` through an order the market cannot fill (a buy limit at one tick, a
    sell limit at 99,999), as a scenario's ``fill`` does."""
    limit = engine.catalog[symbol].tick_size if action is Action.BUY else D(99999)
    order_id = placed_id(engine.execute(PlaceOrder(account, symbol, action, D(quantity), OrderType.LMT, limit)))
    ok(engine.execute(ForceExecution(order_id, D(quantity), D(price))))


def values(engine, account="M1"):
    return engine.account_values(account)


# -- Reg T stocks (ib-domain §9.4) -------------------------------------------------------------------

def test_a_long_stock_needs_a_quarter_now_and_half_at_the_close(desk):
    trade(desk, "KO", Action.BUY, 100, "50.00")
    ok(desk.execute(SetPrice("KO", D("50.00"))))
    tags = values(desk)
    assert tags["InitMarginReq"] == D("1250.00")    # 25% x 5,000 (R1)
    assert tags["MaintMarginReq"] == D("1250.00")
    assert tags["RegTMargin"] == D("2500.00")       # 50% x 5,000 at the end of the day
    # ELV = cash 94,999 (after 5,000 and 1.00 commission) + stock 5,000
    assert tags["EquityWithLoanValue"] == D("99999.00")
    assert tags["AvailableFunds"] == D("99999.00") - D("1250.00")
    assert tags["BuyingPower"] == 4 * tags["AvailableFunds"]


@pytest.mark.parametrize(("price", "maintenance"), [
    ("20.00", "600.00"),   # 30% x 2,000 (R2)
    ("10.00", "500.00"),   # $5.00 a share beats 30% x 1,000 (R3)
    ("3.00", "300.00"),    # 100% of 300 beats $2.50 a share (R4)
    ("1.00", "250.00"),    # $2.50 a share (R5)
])
def test_short_stock_maintenance_follows_the_low_priced_rules(desk, price, maintenance):
    trade(desk, "KO", Action.SELL, 100, price)
    ok(desk.execute(SetPrice("KO", D(price))))
    assert values(desk)["MaintMarginReq"] == D(maintenance)


def test_a_holding_above_one_percent_of_the_shares_outstanding_is_margined_more_up_to_full_at_five(desk):
    outstanding = float(desk.universe.catalog["F"].shares_outstanding)

    def requirement(fraction):
        shares = fraction * outstanding
        initial, maintenance, _ = stock_requirement(shares, 10.0, 1.0, 1.0, True, DEFAULT_RATES,
                                                    outstanding=outstanding)
        return initial / (shares * 10.0), maintenance / (shares * 10.0)

    assert requirement(0.01) == pytest.approx((0.25, 0.25))         # the normal rates up to 1%
    assert requirement(0.03) == pytest.approx((0.625, 0.625))       # halfway: 25% + 75% x 1/2
    assert requirement(0.05) == pytest.approx((1.0, 1.0))           # fully margined from 5%
    assert requirement(0.20) == pytest.approx((1.0, 1.0))
    # Through the account: 3% of Ford's shares needs 62.5% of their value.
    engine = desk
    shares = D(int(outstanding * 0.03))
    ok(engine.execute(OpenAccount("BIG", AccountType.MARGIN, cash=(("USD", D(10**10)),),
                                  positions=(SeedPosition("F", shares, D(10)),))))
    ok(engine.execute(SetPrice("F", D(10))))
    assert values(engine, "BIG")["MaintMarginReq"] == (shares * 10 * D("0.625")).quantize(D("0.01"))


def test_a_leveraged_etf_multiplies_the_rates_and_a_fund_is_paid_in_full(desk):
    trade(desk, "TQQQ", Action.BUY, 100, "80.00")
    ok(desk.execute(SetPrice("TQQQ", D("80.00"))))
    tags = values(desk)
    assert tags["InitMarginReq"] == D("6000.00")   # min(3 x 25%, 100%) x 8,000 (R6)
    assert tags["RegTMargin"] == D("8000.00")      # min(3 x 50%, 100%)


# -- Reg T options (ib-domain §5.4, §9.5) --------------------------------------------------------------

def option_margin(engine, legs):
    for symbol, action, quantity, price in legs:
        trade(engine, symbol, action, quantity, price)
    return values(engine)["MaintMarginReq"]


def test_a_naked_call_needs_its_value_and_20_percent_of_the_underlying_less_out_of_the_money(desk):
    value = desk.quote(C240).last
    # 240 call with AAPL at 232.50: value + max(20% x 232.50 - 7.50, 10% x 232.50) = value + 39.00
    expected = (value + D("39.00")) * 100
    assert option_margin(desk, [(C240, Action.SELL, 1, "3.00")]) == expected


def test_a_naked_put_floor_is_ten_percent_of_the_strike(desk):
    value = desk.quote(P210).last
    # 210 put: 20% x 232.50 - 22.50 = 24.00 beats 10% x 210 = 21.00
    assert option_margin(desk, [(P210, Action.SELL, 2, "1.00")]) == (value + D("24.00")) * 200


def test_a_credit_call_spread_needs_its_width_and_a_debit_spread_nothing(desk):
    assert option_margin(desk, [(C240, Action.BUY, 1, "3.00"), (C230, Action.SELL, 1, "7.40")]) == D("1000.00")
    # The other way round it is a debit spread: paid for, no margin (O8's mirror).
    ok(desk.execute(OpenAccount("M2", AccountType.MARGIN, cash=(("USD", D(100000)),), permissions=("OPT",))))
    trade(desk, C230, Action.BUY, 1, "7.40", account="M2")
    trade(desk, C240, Action.SELL, 1, "3.00", account="M2")
    assert values(desk, "M2")["MaintMarginReq"] == 0


def test_butterflies_and_iron_condors_are_margined_by_their_worst_loss_at_expiry(desk):
    long_fly = [(C220, Action.BUY, 1, "14"), (C230, Action.SELL, 2, "7.40"), (C240, Action.BUY, 1, "3.00")]
    assert option_margin(desk, long_fly) == 0                      # O10: nothing beyond the debit


def test_a_short_butterfly_needs_its_wing(desk):
    short_fly = [(C230, Action.BUY, 2, "7.40"), (C220, Action.SELL, 1, "14"), (C240, Action.SELL, 1, "3.00")]
    assert option_margin(desk, short_fly) == D("1000.00")          # O11: the 10-point wing


def test_an_iron_condor_needs_the_greater_wing(desk):
    condor = [(P210, Action.BUY, 1, "1.00"), (P220, Action.SELL, 1, "2.50"),
              (C240, Action.SELL, 1, "3.00"), (C250, Action.BUY, 1, "1.20")]
    assert option_margin(desk, condor) == D("1000.00")


def test_a_covered_call_needs_the_stock_margin_only(desk):
    # O12 with the demo's prices: long 100 AAPL, short 1 240 call, out of the money:
    # max(0 + 25% x 100 x min(232.50, 240), min(23,250, max(call value, 5,812.50))) = 5,812.50
    ok(desk.execute(OpenAccount("M3", AccountType.MARGIN, cash=(("USD", D(100000)),), permissions=("STK", "OPT"),
                                positions=(SeedPosition("AAPL", D(100), D("232.50")),))))
    trade(desk, C240, Action.SELL, 1, "3.00", account="M3")
    assert values(desk, "M3")["InitMarginReq"] == D("5812.50")


def test_a_short_straddle_needs_the_larger_side_and_the_other_sides_value(desk):
    put = "AAPL  261218P00230000"
    call_value, put_value = desk.quote(C230).last, desk.quote(put).last
    # call: value + max(46.50 - 0, 23.25) = value + 46.50; put: value + max(46.50 - 2.50, 23.00) = value + 44.00
    call_naked, put_naked = call_value + D("46.50"), put_value + D("44.00")
    expected = (max(call_naked, put_naked) + (put_value if call_naked >= put_naked else call_value)) * 100
    assert option_margin(desk, [(C230, Action.SELL, 1, "7.40"), (put, Action.SELL, 1, "5.00")]) == expected


# -- SPAN (ib-domain §5.6, §9.6) -------------------------------------------------------------------

def es_holdings(universe, positions, price="5000"):
    """Holdings over a market where ESZ6 is at ``price`` (everything else at 10, volatility 20%)."""
    table = InstrumentTable(list(universe.catalog))
    marks = np.full(len(table.instruments), 10.0)
    marks[table.index["ESZ6"]] = float(price)
    rows = table.indices([symbol for symbol, _ in positions])
    quantity = np.array([q for _, q in positions], dtype=float)
    return build_holdings(table, rows, quantity, marks, np.full(marks.size, 0.2), np.ones(rows.size), OPEN_TIME)


def test_a_long_future_loses_the_scan_range_down_a_full_range(universe):
    # ES at 5,000 with a 4% scan: 200 points x 50 = USD 10,000 (the McMillan example's PSR)
    rates = MarginRates(span_price_scan={ProductClass.EQUITY: 0.04})
    holdings = es_holdings(universe, [("ESZ6", 1.0)])
    arrays = risk_arrays(holdings, np.array([True]), np.array([200.0]), rates)
    pnl = -arrays[0]
    third = 10000 / 3
    expected = [0, 0, third, third, -third, -third, 2 * third, 2 * third, -2 * third, -2 * third,
                10000, 10000, -10000, -10000, 7000, -7000]  # S1; the extreme moves count 35% of 20,000
    assert np.allclose(pnl, expected)
    assert scan_risk(arrays) == (pytest.approx(10000.0), 12)  # scenario 13: down 3/3
    span = span_requirements(holdings, rates)
    assert span.maintenance == {"ES": pytest.approx(10000.0)}


def test_the_covered_write_scan_risk_is_its_worst_scenario():
    # McMillan's long future + short Dec 410 call, P/L per scenario (S2): worst is scenario 13.
    pnl = [-460, 610, 690, 1600, -2060, -990, 1460, 2130, -4130, -3240, 1940, 2360, -6620, -6010, 3870, -5500]
    assert scan_risk(-np.array([pnl], dtype=float)) == (6620.0, 12)


def test_span_adds_positions_scenario_by_scenario_so_a_spread_offsets(universe):
    long_only = span_requirements(es_holdings(universe, [("ESZ6", 2.0)], "5900"), DEFAULT_RATES)
    hedged = span_requirements(es_holdings(universe, [("ESZ6", 2.0), ("ESZ6 C5900", -2.0)], "5900"), DEFAULT_RATES)
    assert hedged.scan_risk["ES"] < long_only.scan_risk["ES"]


def test_a_calendar_spread_pays_the_intra_commodity_charge_on_top_of_its_small_scan_risk(universe):
    table = InstrumentTable(list(universe.catalog))
    marks = np.full(len(table.instruments), 10.0)
    marks[table.index["ESZ6"]], marks[table.index["ESH7"]] = 6000.0, 6050.0

    def span_of(positions):
        rows = table.indices([symbol for symbol, _ in positions])
        quantity = np.array([q for _, q in positions], dtype=float)
        return span_requirements(build_holdings(table, rows, quantity, marks, np.full(marks.size, 0.2),
                                                np.ones(rows.size), OPEN_TIME), DEFAULT_RATES)

    spread = span_of([("ESZ6", 2.0), ("ESH7", -2.0)])
    # Two spreads: the smaller side is the long Dec, 2 x 6,000 x 50 = 600,000 of notional, at 0.2%.
    assert spread.spread_charge["ES"] == pytest.approx(1200.0)
    # Both months move by the same fraction, so the scan sees only the 50-point gap: 6% of it x 100.
    assert spread.scan_risk["ES"] == pytest.approx(0.06 * 50 * 100)
    assert spread.maintenance["ES"] == pytest.approx(1200.0 + 300.0)
    outright = span_of([("ESZ6", 2.0)])
    assert outright.spread_charge["ES"] == 0.0
    assert spread.maintenance["ES"] < outright.maintenance["ES"] / 10
    # A month against itself forms no spread, and unequal sizes spread only the smaller side.
    assert span_of([("ESZ6", 3.0), ("ESH7", -1.0)]).spread_charge["ES"] == pytest.approx(0.002 * 6050 * 50)


# -- the account tags (ib-domain §3.3, §9.3) --------------------------------------------------------

def test_available_funds_excess_liquidity_cushion_and_leverage_follow_ibs_formulas():
    account = Account("X", AccountType.MARGIN, "USD")
    figures = MarginFigures(100000.0, 0.0, 30000.0, 0.0, 25000.0, 0.0, 50000.0)
    balances = {"NetLiquidation": D(102000), "GrossPositionValue": D(150000), "TotalCashValue": D(0),
                "FuturesPNL": D(0), "FutureOptionValue": D(0)}
    tags = margin_tags(account, figures, balances, None)
    assert tags["AvailableFunds-S"] == D("70000.00")          # V1: ELV - IM
    assert tags["ExcessLiquidity-S"] == D("75000.00")         # ELV - MM
    assert tags["Cushion"] == D("0.7353")                     # 75,000 / 102,000
    assert tags["Leverage"] == D("1.47")                      # 150,000 / 102,000


def test_the_commodities_segment_uses_net_liquidation():
    account = Account("X", AccountType.MARGIN, "USD")
    figures = MarginFigures(0.0, 0.0, 0.0, 12000.0, 0.0, 10000.0, 0.0)
    balances = {"NetLiquidation": D(50000), "GrossPositionValue": D(0), "TotalCashValue": D(50000),
                "FuturesPNL": D(50000), "FutureOptionValue": D(0)}
    tags = margin_tags(account, figures, balances, None)
    assert (tags["AvailableFunds-C"], tags["ExcessLiquidity-C"]) == (D("38000.00"), D("40000.00"))  # V2


def test_a_cash_account_has_no_margin_and_buys_with_its_cash(engine):
    tags = values(engine, "C1")
    assert tags["InitMarginReq"] == 0 and tags["EquityWithLoanValue"] == D("10000.00")
    assert tags["BuyingPower"] == D("10000.00")  # min(ELV, previous day's ELV) - IM


# -- the pre-trade check and the what-if ------------------------------------------------------------

def test_an_order_the_account_cannot_margin_is_refused_with_the_figures(desk):
    # 1,000 AAPL at ~232.52 needs ~58,130 of initial margin: fits. 2,000 does not.
    ok(desk.execute(PlaceOrder("M1", "AAPL", Action.BUY, D(1000))))
    result = assert_refused(desk, PlaceOrder("M1", "AAPL", Action.BUY, D(2000)), "INSUFFICIENT_MARGIN",
                            "total_quantity")
    assert "available funds" in result.message and "USD" in result.message


def test_an_order_that_reduces_risk_is_accepted_even_in_a_deficit(desk):
    trade(desk, "AAPL", Action.BUY, 1500, "232.50")
    # At 218 the equity (about 78,200) is under the maintenance margin (81,750) but above 90% of it:
    # Soft Edge Margin spares the account until 15:45, and it may trade to cure the deficit.
    ok(desk.execute(SetPrice("AAPL", D("218.00"))))
    assert values(desk)["AvailableFunds"] < 0 and values(desk)["ExcessLiquidity"] < 0
    assert_refused(desk, PlaceOrder("M1", "KO", Action.BUY, D(100)), "INSUFFICIENT_MARGIN", "total_quantity")
    ok(desk.execute(PlaceOrder("M1", "AAPL", Action.SELL, D(500))))


def test_the_what_if_of_a_stock_buy_shows_before_change_and_after(desk):
    ok(desk.execute(SetPrice("KO", D("50.00"))))
    preview = desk.preview(PlaceOrder("M1", "KO", Action.BUY, D(100), OrderType.LMT, D("50.00")))
    impact = preview.margin
    assert impact.initial_margin.change == D("1250.00")        # W3: 25% x 5,000
    assert impact.equity_with_loan.change == D("-1.00")         # the commission
    for row in (impact.equity_with_loan, impact.initial_margin, impact.maintenance_margin):
        assert row.after == row.before + row.change


def test_an_advisor_preview_shows_every_clients_margin_impact(make_engine):
    engine = make_engine()
    ok(engine.execute(OpenAccount("FA", AccountType.ADVISOR)))
    for name in ("A", "B"):
        ok(engine.execute(OpenAccount(name, AccountType.MARGIN, cash=(("USD", D(50000)),), advisor="FA")))
    preview = engine.preview(PlaceOrder("FA", "KO", Action.BUY, D(300), fa_group="All",
                                        fa_method="Equal"))
    assert preview.margin is None
    assert [impact.account for impact in preview.account_margins] == ["A", "B"]
    assert all(impact.initial_margin.change > 0 for impact in preview.account_margins)


def test_an_advisor_client_short_of_margin_is_reduced(make_engine):
    engine = make_engine()
    ok(engine.execute(OpenAccount("FA", AccountType.ADVISOR)))
    ok(engine.execute(OpenAccount("RICH", AccountType.MARGIN, cash=(("USD", D(1000000)),), advisor="FA")))
    ok(engine.execute(OpenAccount("POOR", AccountType.MARGIN, cash=(("USD", D(10000)),), advisor="FA")))
    order_id = placed_id(engine.execute(PlaceOrder("FA", "AAPL", Action.BUY, D(1000), OrderType.LMT, D("232.00"),
                                                   fa_group="All", fa_method="Equal")))
    rows = {row.account: row for row in engine.allocation_drift(order_id)}
    assert rows["RICH"].allowed_quantity == 500
    # POOR after 173 (bought 0.50 under the 232.50 mark, 1.00 commission): ELV 10,085.50 covers
    # 25% x 173 x 232.50 = 10,055.63; after 174, ELV 10,086.00 does not cover 10,113.75.
    assert rows["POOR"].allowed_quantity == 173
    assert rows["POOR"].note == "Reduced from 500: not enough available funds for the margin"


def test_the_preview_commission_ranges_over_the_prices_a_limit_order_may_fill_at(desk):
    ok(desk.execute(SetPrice("SAP", D("229.80"))))
    ask = desk.quote("SAP").ask
    preview = desk.preview(PlaceOrder("M1", "SAP", Action.BUY, D(100), OrderType.LMT, D(240)))
    # German stocks pay 0.05% of the value: filled at the ask it is the least, at the limit the most.
    assert preview.min_commission == (100 * ask * D("0.0005")).quantize(D("0.01"))
    assert preview.max_commission == preview.commission == D("12.00")      # 100 x 240 x 0.05%
    # Per-share pricing does not move with the price; a market order's estimate is its only figure.
    aapl = desk.preview(PlaceOrder("M1", "AAPL", Action.BUY, D(1000), OrderType.LMT, D(240)))
    assert aapl.min_commission == aapl.max_commission == aapl.commission == D("5.00")
    market = desk.preview(PlaceOrder("M1", "SAP", Action.SELL, D(100)))
    assert market.min_commission == market.max_commission == market.commission


@settings(max_examples=30, deadline=None)
@given(quantity=st.integers(1, 3000), side=st.sampled_from([Action.BUY, Action.SELL]),
       symbol=st.sampled_from(["AAPL", "KO", "TQQQ", C230, "ESZ6"]))
def test_a_preview_changes_nothing_and_after_is_before_plus_change(universe, quantity, side, symbol):
    engine = Engine.new(universe, 3, OPEN_TIME, random_walk=True)
    ok(engine.execute(OpenAccount("M1", AccountType.MARGIN, cash=(("USD", D(250000)),),
                                  permissions=("STK", "OPT", "FUT"))))
    before = engine.snapshot()
    preview = engine.preview(PlaceOrder("M1", symbol, side, D(quantity)))
    assert engine.snapshot() == before
    impact = preview.margin
    for row in (impact.equity_with_loan, impact.initial_margin, impact.maintenance_margin):
        assert row.after == row.before + row.change


def margin_model(universe):
    """Margin figures over a frozen demo market, for accounts built by hand."""
    market = MarketSimulator(universe, 3, random_walk=False)
    market.start(OPEN_TIME)
    catalog = universe.catalog
    fx = FxRates(catalog, market.last_price)

    def balances(account):
        return account_values(account, catalog, market.last_price, fx)

    model = MarginModel(InstrumentTable(market.instruments), catalog, market.marks, fx.rate, balances)

    def maintenance_and_initial(positions):
        account = Account("X", AccountType.MARGIN, "USD")
        for symbol, quantity in positions:
            if quantity:
                account.positions[symbol] = Position(symbol, D(quantity), D(1), D(1))
        figures = model.figures(account, balances(account), OPEN_TIME)
        return figures.maintenance, figures.initial
    return maintenance_and_initial


@settings(max_examples=40, deadline=None)
@given(positions=st.lists(st.tuples(st.sampled_from(["AAPL", "KO", "TQQQ", C230, C240, P210, "SPY", "ESZ6"]),
                                    st.integers(-500, 500)), min_size=1, max_size=6, unique_by=lambda p: p[0]),
       order=st.randoms(use_true_random=False))
def test_margin_does_not_depend_on_the_order_positions_are_listed_in(universe, positions, order):
    figures_of = margin_model(universe)
    shuffled = list(positions)
    order.shuffle(shuffled)
    assert figures_of(positions) == pytest.approx(figures_of(shuffled))


@settings(max_examples=40, deadline=None)
@given(symbol=st.sampled_from(["AAPL", "KO", "TQQQ", "SPY", C230, P210, "ESZ6"]), held=st.integers(-300, 300),
       added=st.integers(1, 300))
def test_adding_to_a_position_in_the_same_direction_never_lowers_margin(universe, symbol, held, added):
    figures_of = margin_model(universe)
    direction = 1 if held >= 0 else -1
    bigger, _ = figures_of([(symbol, held + direction * added)])
    smaller, _ = figures_of([(symbol, held)])
    assert bigger >= smaller - 1e-6


@settings(max_examples=30, deadline=None)
@given(positions=st.lists(st.tuples(st.sampled_from(["ESZ6", "ESZ6 C5900", "ESZ6 P5800", "CLF7", "CLF7 C70"]),
                                    st.integers(-20, 20)), min_size=1, max_size=4, unique_by=lambda p: p[0]))
def test_doubling_every_futures_position_doubles_its_span_margin(universe, positions):
    figures_of = margin_model(universe)
    single, _ = figures_of(positions)
    double, _ = figures_of([(symbol, 2 * quantity) for symbol, quantity in positions])
    assert double == pytest.approx(2 * single, rel=1e-9, abs=1e-6)


# -- SMA and the Reg T check at the close (ib-domain §5.2, §9.4) -------------------------------------

def test_sma_follows_the_kb_sequence(make_engine):
    engine = make_engine()
    ok(engine.execute(OpenAccount("S1", AccountType.MARGIN, cash=(("USD", D(5000)),))))
    assert values(engine, "S1")["SMA"] == D("5000.00")                      # R7: the deposit
    ok(engine.execute(SetPrice("KO", D("100.00"))))
    trade(engine, "KO", Action.BUY, 100, "100.00", account="S1")
    assert values(engine, "S1")["SMA"] == 0                                 # R8: 50% of 10,000 used
    ok(engine.execute(SetPrice("KO", D("120.00"))))
    # R9: ELV 6,999 (cash -5,001 after the 1.00 commission, stock 12,000) less Reg T 6,000
    assert values(engine, "S1")["SMA"] == D("999.00")
    ok(engine.execute(SetPrice("KO", D("110.00"))))
    assert values(engine, "S1")["SMA"] == D("999.00")                       # R10: a loss never lowers it
    trade(engine, "KO", Action.SELL, 20, "110.00", account="S1")
    assert values(engine, "S1")["SMA"] == D("999.00") + D("1100.00")        # R11: 50% of the 2,200 sold


def test_a_negative_sma_after_a_days_trading_is_liquidated_at_the_1550_reg_t_check(make_engine):
    from datetime import datetime

    from workstation.engine.market.calendar import EASTERN
    from workstation.engine.messages.commands import AdvanceClock
    from workstation.engine.messages.events import LiquidationStarted, RegTCallIssued

    engine = make_engine()
    for name in ("S1", "S2"):
        ok(engine.execute(OpenAccount(name, AccountType.MARGIN, cash=(("USD", D(10000)),),
                                      positions=((SeedPosition("KO", D(100), D(50)),) if name == "S2" else ()))))
    ok(engine.execute(SetPrice("KO", D("50.00"))))
    trade(engine, "KO", Action.BUY, 600, "50.00", account="S1")  # 30,000 of stock on 10,000: SMA -5,000
    assert values(engine, "S1")["SMA"] == D("-5000.00")
    # Nothing happens before 15:50 ET: the intraday requirement (25%) is met.
    early = ok(engine.execute(AdvanceClock(datetime(2026, 11, 24, 15, 49, tzinfo=EASTERN))))
    assert not [e for e in early.events if isinstance(e, LiquidationStarted)]
    result = ok(engine.execute(AdvanceClock(datetime(2026, 11, 24, 16, 1, tzinfo=EASTERN))))
    started = [e for e in result.events if isinstance(e, LiquidationStarted)]
    assert [e.account_id for e in started] == ["S1"]                      # S2 did not trade
    assert started[0].time.time().strftime("%H:%M") == "15:50" and "SMA" in started[0].reason
    # A sale releases half its proceeds: 5,000 needs about 200 shares, 220 with the slippage margin.
    (symbol, side, units), = started[0].orders
    assert (symbol, side) == ("KO", Action.SELL) and 200 <= units <= 230
    assert values(engine, "S1")["SMA"] >= 0
    assert not [e for e in result.events if isinstance(e, RegTCallIssued)]   # cured before the close


# -- pattern day trading (ib-domain §5.3, §9.4) -----------------------------------------------------

def day_trader(make_engine, cash):
    engine = make_engine()
    ok(engine.execute(OpenAccount("DT", AccountType.MARGIN, cash=(("USD", D(cash)),),
                                  positions=(SeedPosition("AAPL", D(10), D(200)),))))
    ok(engine.execute(SetPrice("KO", D("50.00"))))
    for _ in range(3):
        trade(engine, "KO", Action.BUY, 10, "50.00", account="DT")
        trade(engine, "KO", Action.SELL, 10, "50.00", account="DT")
    return engine


def remaining(engine):
    tags = values(engine, "DT")
    return [tags["DayTradesRemaining"], *(tags[f"DayTradesRemainingT+{k}"] for k in range(1, 5))]


def test_three_day_trades_under_25000_leave_only_closing_orders(make_engine):
    engine = day_trader(make_engine, 20000)   # NLV about 22,300 with the AAPL held
    assert remaining(engine) == [0, 0, 0, 0, 0]
    result = assert_refused(engine, PlaceOrder("DT", "KO", Action.BUY, D(10)), "PATTERN_DAY_TRADER", "action")
    assert "3 day trades in the last 5 business days" in result.message              # R13
    ok(engine.execute(PlaceOrder("DT", "AAPL", Action.SELL, D(10))))                # closing is still allowed


def test_an_account_over_25000_day_trades_without_limit(make_engine):
    engine = day_trader(make_engine, 26000)
    assert remaining(engine) == [-1] * 5                                            # R14
    ok(engine.execute(PlaceOrder("DT", "KO", Action.BUY, D(10))))


def test_day_trades_roll_out_of_the_five_day_window(make_engine):
    from datetime import datetime

    from workstation.engine.market.calendar import EASTERN
    from workstation.engine.messages.commands import AdvanceClock

    engine = day_trader(make_engine, 20000)
    # Traded Tue 24 Nov; Thanksgiving (Thu 26) is no business day, so the five days from the 24th
    # run Tue 24, Wed 25, Fri 27, Mon 30, Tue 1 Dec: the trades count until then, not on Wed 2 Dec.
    ok(engine.execute(AdvanceClock(datetime(2026, 12, 1, 10, 0, tzinfo=EASTERN))))
    assert remaining(engine) == [0, 3, 3, 3, 3]


# -- portfolio margin (ib-domain §5.5, §9.6) ---------------------------------------------------------

def pm_account(make_engine, cash="200000", positions=()):
    engine = make_engine()
    ok(engine.execute(OpenAccount("PM", AccountType.PORTFOLIO, cash=(("USD", D(cash)),), positions=positions,
                                  permissions=("STK", "OPT", "FUT"))))
    return engine


def test_a_portfolio_margin_stock_needs_its_loss_on_a_15_percent_fall(make_engine):
    engine = pm_account(make_engine, positions=(SeedPosition("KO", D(100), D(50)),))
    ok(engine.execute(SetPrice("KO", D("50.00"))))
    assert values(engine, "PM")["MaintMarginReq"] == D("750.00")    # P1: 15% of 5,000
    assert values(engine, "PM")["InitMarginReq"] == D("750.00")


def test_a_concentrated_portfolio_margin_holding_needs_its_concentration_share_of_value(make_engine):
    engine = make_engine()
    shares = D(int(float(engine.universe.catalog["KO"].shares_outstanding) * 0.03))   # 3% of Coca-Cola
    ok(engine.execute(OpenAccount("PM", AccountType.PORTFOLIO, cash=(("USD", D(10**10)),),
                                  positions=(SeedPosition("KO", shares, D(50)),))))
    ok(engine.execute(SetPrice("KO", D("50.00"))))
    # Halfway through the 1%..5% band: half the value, above the grid's 15%.
    assert values(engine, "PM")["MaintMarginReq"] == (shares * 50 * D("0.5")).quantize(D("0.01"))


def test_a_protective_put_lowers_the_portfolio_margin_of_stock(make_engine):
    engine = pm_account(make_engine, positions=(SeedPosition("AAPL", D(1000), D(232)),))
    bare = values(engine, "PM")["MaintMarginReq"]
    assert bare == D("34875.00")                                      # 15% of 1,000 x 232.50
    trade(engine, "AAPL  261218P00220000", Action.BUY, 10, "2.50", account="PM")
    assert values(engine, "PM")["MaintMarginReq"] < bare / 2


def test_a_short_far_out_of_the_money_put_is_margined_by_the_house_extreme_move(universe):
    from workstation.engine.margin.portfolio import portfolio_requirements
    from workstation.engine.market.pricing import black_scholes
    from workstation.engine.market.simulator import RISK_FREE_RATE

    table = InstrumentTable(list(universe.catalog))
    put = "AAPL  261218P00200000"
    marks, ivs = np.full(len(table.instruments), 10.0), np.full(len(table.instruments), 0.30)
    marks[table.index["AAPL"]] = 260.0
    holdings = build_holdings(table, table.indices([put]), np.array([-10.0]), marks, ivs, np.ones(1), OPEN_TIME)
    years = float(holdings.years[0])
    now = float(black_scholes(260.0, 200.0, years, 0.30, RISK_FREE_RATE, False))
    marks[table.index[put]] = now
    holdings = build_holdings(table, table.indices([put]), np.array([-10.0]), marks, ivs, np.ones(1), OPEN_TIME)
    grid_only = portfolio_requirements(holdings, MarginRates(pm_extreme_weight=0.0)).sum()
    with_house = portfolio_requirements(holdings, DEFAULT_RATES).sum()
    # -15% leaves the 200 put out of the money (221); the house move to -30% (182) puts it 18 in,
    # and 35% of that loss, with volatility stressed up 15%, is the requirement.
    at_extreme = float(black_scholes(182.0, 200.0, years, 0.30 * 1.15, RISK_FREE_RATE, False))
    assert with_house == pytest.approx(0.35 * (at_extreme - now) * 1000, rel=1e-5)
    assert with_house > grid_only


def test_a_portfolio_margin_account_opens_with_110000(make_engine):
    engine = make_engine()
    assert_refused(engine, OpenAccount("PM", AccountType.PORTFOLIO, cash=(("USD", D(105000)),)),
                   "PORTFOLIO_MARGIN_MINIMUM", "account_type")                                      # P3


def test_under_100000_a_portfolio_margin_account_may_only_reduce_margin(make_engine):
    engine = pm_account(make_engine, cash="80000", positions=(SeedPosition("KO", D(500), D("64.30")),))
    ok(engine.execute(SetPrice("KO", D("1.00"))))   # KO collapses: NLV 80,500
    assert values(engine, "PM")["NetLiquidation"] < 100000
    result = assert_refused(engine, PlaceOrder("PM", "AAPL", Action.BUY, D(10)), "INSUFFICIENT_MARGIN",
                            "total_quantity")                                                       # P4
    assert "only orders that reduce margin" in result.message
    ok(engine.execute(PlaceOrder("PM", "KO", Action.SELL, D(500))))


# -- many accounts at once --------------------------------------------------------------------------

@settings(max_examples=25, deadline=None)
@given(books=st.lists(st.lists(st.tuples(st.sampled_from(["AAPL", "KO", "TQQQ", "SAP", "VFIAX", C230, C240, P210,
                                                          "ESZ6", "ESZ6 C5900", "EUR.USD"]),
                                         st.integers(-300, 300)), max_size=5, unique_by=lambda p: p[0]),
                      min_size=1, max_size=6),
       kinds=st.lists(st.sampled_from([AccountType.MARGIN, AccountType.CASH]), min_size=6, max_size=6))
def test_the_vectorised_summary_of_many_accounts_matches_each_accounts_own_figures(universe, books, kinds):
    engine = Engine.new(universe, 3, OPEN_TIME, random_walk=True)
    ids = []
    for i, (positions, kind) in enumerate(zip(books, kinds, strict=False)):
        held = tuple(SeedPosition(s, D(q), D(5)) for s, q in positions if q and s != "EUR.USD"
                     and (kind is AccountType.MARGIN or q > 0) and not (kind is AccountType.CASH and "Z6" in s))
        ok(engine.execute(OpenAccount(f"A{i}", kind, cash=(("USD", D(200000)), ("EUR", D(-1000))), positions=held)
                          if kind is AccountType.MARGIN else
                          OpenAccount(f"A{i}", kind, cash=(("USD", D(200000)),), positions=held)))
        ids.append(f"A{i}")
    from workstation.engine.messages.commands import AdvanceClock
    ok(engine.execute(AdvanceClock(OPEN_TIME.replace(hour=11))))  # the market moves
    summary = engine.margin_summary(ids)
    for i, account_id in enumerate(ids):
        tags = engine.account_values(account_id)
        assert summary.net_liquidation[i] == pytest.approx(float(tags["NetLiquidation"]), abs=0.02)
        assert summary.equity_with_loan[i] == pytest.approx(float(tags["EquityWithLoanValue"]), abs=0.02)
        assert summary.initial[i] == pytest.approx(float(tags["InitMarginReq"]), abs=0.02)
        assert summary.maintenance[i] == pytest.approx(float(tags["MaintMarginReq"]), abs=0.02)


@settings(max_examples=30, deadline=None)
@given(trades=st.lists(st.tuples(st.sampled_from(["AAPL", "KO", "TQQQ", "SAP", C230, C240, P210, "ESZ6",
                                                  "ESZ6 C5900", "SPY"]),
                                 st.sampled_from([Action.BUY, Action.SELL]), st.integers(1, 40),
                                 st.booleans()), min_size=1, max_size=8),
       kind=st.sampled_from([AccountType.MARGIN, AccountType.PORTFOLIO]))
def test_the_pre_trade_figures_kept_group_by_group_equal_the_whole_accounts(universe, trades, kind):
    from workstation.engine.messages.commands import AdvanceClock

    engine = Engine.new(universe, 4, OPEN_TIME, random_walk=True)
    ok(engine.execute(OpenAccount("M", kind, cash=(("USD", D(2000000)), ("EUR", D(5000))),
                                  permissions=("STK", "OPT", "FUT", "FOP"))))
    minute = 0
    for symbol, action, quantity, tick in trades:
        engine.execute(PlaceOrder("M", symbol, action, D(quantity)))   # refusals are fine: nothing changes
        if tick:
            minute += 1
            ok(engine.execute(AdvanceClock(OPEN_TIME.replace(minute=minute))))
        impact = engine.preview(PlaceOrder("M", "KO", Action.BUY, D(1))).margin
        tags = values(engine, "M")
        assert abs(impact.equity_with_loan.before - tags["EquityWithLoanValue"]) <= D("0.02")
        assert abs(impact.initial_margin.before - tags["InitMarginReq"]) <= D("0.02")
        assert abs(impact.maintenance_margin.before - tags["MaintMarginReq"]) <= D("0.02")


# -- compliance: liquidation and Soft Edge Margin ----------------------------------------------------

def test_soft_edge_margin_waits_until_1545_then_liquidates_the_deficit(desk):
    from datetime import datetime

    from workstation.engine.market.calendar import EASTERN
    from workstation.engine.messages.commands import AdvanceClock
    from workstation.engine.messages.events import LiquidationStarted

    trade(desk, "AAPL", Action.BUY, 1500, "232.50")
    result = ok(desk.execute(SetPrice("AAPL", D("218.00"))))
    assert not [e for e in result.events if isinstance(e, LiquidationStarted)]
    result = ok(desk.execute(AdvanceClock(datetime(2026, 11, 24, 15, 50, tzinfo=EASTERN))))
    started, *_ = [e for e in result.events if isinstance(e, LiquidationStarted)]
    assert started.time.hour == 15 and started.time.minute == 45
    assert "below the maintenance margin" in started.reason and started.orders[0][:2] == ("AAPL", Action.SELL)
    assert values(desk)["ExcessLiquidity"] >= 0


def test_a_deficit_beyond_soft_edge_is_liquidated_at_once_with_market_orders(desk):
    from workstation.engine.messages.events import LiquidationStarted

    trade(desk, "AAPL", Action.BUY, 1500, "232.50")
    result = ok(desk.execute(SetPrice("AAPL", D("200.00"))))   # equity 51,200 against 75,000 of maintenance
    [started] = [e for e in result.events if isinstance(e, LiquidationStarted)]
    assert started.deficit > 0
    liquidation = [o for o in desk.orders() if o.order_ref == "Liquidation"]
    assert liquidation and all(o.order_type is OrderType.MKT and o.action is Action.SELL for o in liquidation)
    assert values(desk)["ExcessLiquidity"] >= 0
    assert desk.account("M1").position_quantity("AAPL") > 0   # only what the deficit needs is sold


@settings(max_examples=40, deadline=None)
@given(trades=st.lists(st.tuples(st.sampled_from(["AAPL", "KO", "TQQQ", C230, C240, P210, "ESZ6", "ESZ6 C5900",
                                                  "SPY", "SAP"]),
                                 st.sampled_from([Action.BUY, Action.SELL]), st.integers(1, 60),
                                 st.sampled_from(["0.8", "1", "1.2"]), st.booleans()),
                       min_size=1, max_size=8))
def test_the_quick_checks_bound_bounds_every_change_trades_can_make(universe, trades):
    """Checks that skip computing trust the stale figures within a slack: the slack must cover how
    far the trades really moved them."""
    engine = Engine.new(universe, 5, OPEN_TIME, random_walk=False)
    ok(engine.execute(OpenAccount("M", AccountType.MARGIN, cash=(("USD", D(3000000)), ("EUR", D(20000))),
                                  permissions=("STK", "OPT", "FUT", "FOP"))))
    risk = engine._margin.risk  # the cache under test
    account = engine.account("M")
    risk.totals(account, engine.now)
    for symbol, action, quantity, away, recompute in trades:
        tick = engine.catalog[symbol].tick_size
        price = max((engine.quote(symbol).last * D(away) / tick).to_integral_value() * tick, tick)
        limit = tick if action is Action.BUY else D(99999)
        placed = engine.execute(PlaceOrder("M", symbol, action, D(quantity), OrderType.LMT, limit))
        if not isinstance(placed, Accepted):
            continue  # refused by the pre-trade check: nothing traded
        ok(engine.execute(ForceExecution(placed.events[0].order_id, D(quantity), price)))
        stale, slack = risk.loose_totals(account, engine.now)
        if not recompute:
            continue  # the slack of several trades adds up
        exact = risk.totals(account, engine.now)
        for measure in (lambda t: t.equity_with_loan - t.initial, lambda t: t.equity_with_loan - t.maintenance,
                        lambda t: t.equity_with_loan_s - t.reg_t, lambda t: t.equity_with_loan,
                        lambda t: t.net_liquidation):
            assert abs(measure(exact) - measure(stale)) <= slack + 1e-6


def test_values_by_currency_add_up_to_the_base_currency_figures(make_engine):
    engine = make_engine()
    ok(engine.execute(OpenAccount("X", AccountType.MARGIN, cash=(("USD", D(50000)), ("EUR", D(-10000))),
                                  positions=(SeedPosition("SAP", D(100), D(200)), SeedPosition("KO", D(50), D(60))))))
    by_currency = engine.account_values_by_currency("X")
    assert set(by_currency) == {"USD", "EUR"}
    euro = by_currency["EUR"]
    assert euro["TotalCashValue"] == D(-10000)
    assert euro["StockMarketValue"] == 100 * engine.price_of("SAP")
    assert euro["ExchangeRate"] == engine.price_of("EUR.USD")
    total = sum(tags["NetLiquidation"] * tags["ExchangeRate"] for tags in by_currency.values())
    assert abs(total - values(engine, "X")["NetLiquidation"]) <= D("0.01")


def test_the_preview_warns_of_a_short_sale_and_funds_running_out(desk):
    preview = desk.preview(PlaceOrder("M1", "KO", Action.SELL, D(100)))
    assert preview.warnings == ("the order opens a short position in KO",)
    too_much = desk.preview(PlaceOrder("M1", "AAPL", Action.BUY, D(2000)))
    assert too_much.rejected is not None
    assert any(w.startswith("available funds after the order would be -") for w in too_much.warnings)


def test_the_preview_values_the_order_at_its_estimated_price_in_the_contracts_currency(desk):
    aapl = desk.preview(PlaceOrder("M1", "AAPL", Action.BUY, D(100), OrderType.LMT, D("150.00")))
    assert (aapl.value, aapl.value_currency) == (D("15000.00"), "USD")      # 100 x 150.00
    sap = desk.preview(PlaceOrder("M1", "SAP", Action.BUY, D(10), OrderType.LMT, D(240)))
    assert (sap.value, sap.value_currency) == (D(2400), "EUR")              # 10 x 240, in euros
