from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workstation.engine.core.money import CurrencyMismatchError, Money, to_decimal


def test_floats_are_refused_at_the_boundary():
    with pytest.raises(TypeError, match="price: floats are not accepted"):
        to_decimal(0.1, "price")
    with pytest.raises(TypeError):
        Money(0.1, "USD")  # type: ignore[arg-type]


def test_exact_spellings_are_accepted():
    assert to_decimal("1,234.50", "amount") == Decimal("1234.50")
    assert to_decimal(7) == Decimal(7)


@pytest.mark.parametrize("text", ["abc", "NaN", "Infinity"])
def test_text_that_is_not_a_finite_number_names_the_field(text):
    with pytest.raises(ValueError, match="^amount: "):
        to_decimal(text, "amount")


def test_currencies_never_mix():
    with pytest.raises(CurrencyMismatchError, match="USD with EUR"):
        Money.of("1", "USD") + Money.of("1", "EUR")


@given(st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-10**9, max_value=10**9),
       st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-10**9, max_value=10**9))
def test_addition_and_subtraction_are_exact(a, b):
    total = Money(a, "USD") + Money(b, "USD")
    assert (total - Money(b, "USD")).amount == a
