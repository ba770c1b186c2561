"""The gate numbers pass to enter the ledger (to_decimal) and the rounding of money to cents."""

from decimal import Decimal

import pytest

from workstation.engine.core.money import round_cents, to_decimal


def test_floats_are_refused_at_the_boundary():
    with pytest.raises(TypeError, match="price: floats are not accepted"):
        to_decimal(0.1, "price")
    with pytest.raises(TypeError, match="quantity: floats are not accepted"):
        to_decimal(True, "quantity")


def test_exact_spellings_are_accepted():
    assert to_decimal("1,234.50", "amount") == Decimal("1234.50")
    assert to_decimal(7) == Decimal(7)


@pytest.mark.parametrize("text", ["abc", "NaN", "Infinity"])
def test_text_that_is_not_a_finite_number_names_the_field(text):
    with pytest.raises(ValueError, match="^amount: "):
        to_decimal(text, "amount")


def test_cents_round_half_to_even_as_statements_do():
    assert round_cents(Decimal("2.675")) == Decimal("2.68")
    assert round_cents(Decimal("2.665")) == Decimal("2.66")
