"""The pre-trade margin check and the what-if (Order Preview's Margin Impact): refusals with the
figures, an advisor's clients, the commission range, warnings and the order's value."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import C230, OPEN_TIME, assert_refused, ok, placed_id, trade
from workstation.engine.api import Engine
from workstation.engine.core.terms import AccountType, Action, OrderType
from workstation.engine.messages.commands import OpenAccount, PlaceOrder, SetPrice

D = Decimal


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
    assert desk.account_values("M1")["AvailableFunds"] < 0 and desk.account_values("M1")["ExcessLiquidity"] < 0
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
