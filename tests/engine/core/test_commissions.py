from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workstation.engine.core.commissions import commission_currency, order_commission


@pytest.mark.parametrize(("symbol", "quantity", "price", "expected"), [
    ("AAPL", 100, "150", "1.00"),        # 100 x 0.005 = 0.50 -> minimum 1.00
    ("AAPL", 1000, "150", "5.00"),       # 1,000 x 0.005 = 5.00
    ("SNDL", 10000, "0.20", "20.00"),    # 50.00 per share, capped at 1% of 2,000.00 = 20.00
    ("SAP", 10, "200", "3.00"),          # 0.05% of 2,000 EUR = 1.00 -> minimum EUR 3.00
    ("SAP", 2000, "200", "90.00"),       # 0.05% of 400,000 = 200 -> maximum EUR 90.00
    ("AAPL  261218C00230000", 3, "7.40", "1.95"),  # 3 x 0.65
    ("AAPL  261218C00230000", 1, "7.40", "1.00"),  # 0.65 -> minimum 1.00
    ("ESZ6", 2, "5900", "1.70"),         # 2 x 0.85
    ("EUR.USD", 20000, "1.0842", "2.00"),  # 0.2 bp of 21,684 USD = 0.43 -> minimum USD 2.00
])
def test_ibkr_pro_fixed_rates(universe, symbol, quantity, price, expected):
    instrument = universe.catalog[symbol]
    value = Decimal(quantity) * Decimal(price) * instrument.multiplier
    assert order_commission(instrument, Decimal(quantity), value) == Decimal(expected)


def test_fx_commission_is_charged_in_usd(universe):
    assert commission_currency(universe.catalog["USD.JPY"]) == "USD"
    assert commission_currency(universe.catalog["SAP"]) == "EUR"


@given(st.lists(st.integers(min_value=1, max_value=500), min_size=1, max_size=12))
def test_an_order_filled_in_pieces_pays_the_same_as_in_one(universe, pieces):
    # Each execution is charged the order's commission after it minus before it, so the pieces
    # always add up to the commission of the whole order (the minimum is paid once).
    aapl = universe.catalog["AAPL"]
    price = Decimal("150.00")
    charged, filled = Decimal(0), Decimal(0)
    for piece in pieces:
        before = order_commission(aapl, filled, filled * price)
        filled += piece
        charged += order_commission(aapl, filled, filled * price) - before
    assert charged == order_commission(aapl, filled, filled * price)
