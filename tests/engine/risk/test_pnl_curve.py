"""Risk Navigator's P&L curve: an account's gain or loss on one underlying as its price moves
-30%..+30%, stocks and futures linearly, options repriced."""

from decimal import Decimal

import numpy as np
import pytest

from tests.factories import ok
from workstation.engine.core.terms import AccountType
from workstation.engine.messages.commands import OpenAccount, SeedPosition, SetPrice
from workstation.engine.risk.pnl_curve import CURVE_MOVES

D = Decimal
CALL = "AAPL  261218C00230000"
PUT = "AAPL  261218P00200000"


@pytest.fixture
def risk(engine):
    """Accounts holding AAPL, marked at 230.00, in different ways."""
    ok(engine.execute(SetPrice("AAPL", D("230.00"))))

    def holding(account_id: str, *positions: tuple[str, str]) -> None:
        seeded = tuple(SeedPosition(symbol, D(quantity), D(1)) for symbol, quantity in positions)
        ok(engine.execute(OpenAccount(account_id, AccountType.MARGIN, cash=(("USD", D(1_000_000)),),
                                      positions=seeded)))

    holding("LONG", ("AAPL", "100"))
    holding("SHORT", ("AAPL", "-100"))
    holding("CALLS", (CALL, "2"))
    holding("WRITER", (CALL, "-2"))
    holding("PUTS", (PUT, "1"))
    holding("MIXED", ("AAPL", "100"), (PUT, "1"), ("SPY   261218C00600000", "-1"), ("ESZ6", "1"))
    return engine


def test_a_stock_position_gains_its_quantity_times_the_move(risk):
    curve = risk.pnl_curve("LONG", "AAPL")
    assert curve.moves == CURVE_MOVES and curve.moves[0] == -0.30 and curve.moves[-1] == 0.30
    # 100 shares x 230.00 x move: -6,900.00 at -30%, +6,900.00 at +30%
    assert curve.pnl == tuple(round(100 * 230.0 * move, 2) for move in curve.moves)
    assert curve.pnl[0] == -6900.0 and curve.pnl[-1] == 6900.0
    assert (curve.underlying_price, curve.currency, curve.symbols) == (230.0, "USD", ("AAPL",))


def test_no_move_is_no_pnl(risk):
    for account in ("LONG", "SHORT", "CALLS", "WRITER", "MIXED"):
        curve = risk.pnl_curve(account, "AAPL")
        assert curve.pnl[curve.moves.index(0.0)] == 0.0


def test_a_short_position_mirrors_the_long_one(risk):
    long, short = risk.pnl_curve("LONG", "AAPL"), risk.pnl_curve("SHORT", "AAPL")
    assert short.pnl == tuple(-value for value in long.pnl)
    calls, written = risk.pnl_curve("CALLS", "AAPL"), risk.pnl_curve("WRITER", "AAPL")
    assert written.pnl == tuple(-value for value in calls.pnl)


def test_a_long_option_is_convex_and_loses_at_most_its_value(risk):
    curve = risk.pnl_curve("CALLS", "AAPL")
    second_differences = np.diff(curve.pnl, n=2)
    assert np.all(second_differences >= -0.02)                # convex, to the cent of rounding
    assert second_differences.max() > 0
    assert np.all(np.diff(curve.pnl) >= 0)                    # a call gains as the stock rises
    # two calls at the money: at worst their premium is lost, and it nearly is at -30%
    premium = 2 * 100 * float(risk.quote(CALL).last)
    assert -premium - 1.0 <= curve.pnl[0] < -0.9 * premium
    assert curve.pnl[-1] > premium                            # while +30% gains more than it cost


def test_the_curve_moves_with_the_market(risk):
    before = risk.pnl_curve("CALLS", "AAPL")
    ok(risk.execute(SetPrice("AAPL", D("150.00"))))
    after = risk.pnl_curve("CALLS", "AAPL")
    assert after.underlying_price == 150.0
    assert after.pnl[-1] < before.pnl[-1] / 10                # far out of the money, little upside is left


def test_only_the_positions_on_the_underlying_count(risk):
    mixed = risk.pnl_curve("MIXED", "AAPL")
    assert set(mixed.symbols) == {"AAPL", PUT}
    stock, put = np.array(risk.pnl_curve("LONG", "AAPL").pnl), np.array(risk.pnl_curve("PUTS", "AAPL").pnl)
    assert np.allclose(mixed.pnl, stock + put, atol=0.011)   # positions add up, to the cent
    # the 200 put hedges the stock: through the strike, a 30% fall (to 161) costs far less
    assert mixed.pnl[0] > stock[0] + 2500
    futures = risk.pnl_curve("MIXED", "ESZ6")
    price = float(risk.price_of("ESZ6"))
    # one E-mini future: 50 x price x move
    assert futures.pnl == tuple(round(50 * price * move, 2) for move in futures.moves)


def test_the_underlyings_an_account_holds(risk):
    assert risk.underlyings("MIXED") == ["AAPL", "ESZ6", "SPY"]
    assert risk.underlyings("WRITER") == ["AAPL"]
    assert risk.underlyings("C1") == []


def test_an_underlying_not_held_is_a_flat_curve(risk):
    curve = risk.pnl_curve("LONG", "MSFT")
    assert curve.symbols == () and set(curve.pnl) == {0.0}
