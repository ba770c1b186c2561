"""Properties of the margin figures over any positions: independent of listing order, never lower
for a bigger position in the same direction, SPAN linear in the futures held."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import C230, C240, OPEN_TIME, P210
from workstation.engine.core.terms import AccountType
from workstation.engine.ledger.accounts import Account, Position
from workstation.engine.ledger.valuation import FxRates, account_values
from workstation.engine.margin import MarginModel
from workstation.engine.margin.holdings import InstrumentTable
from workstation.engine.market.simulator import MarketSimulator

D = Decimal


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
