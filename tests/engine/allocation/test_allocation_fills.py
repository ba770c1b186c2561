"""IB's "Allocation of Partial Fills": the article's examples, and the rules as properties."""

from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workstation.engine.allocation.fills import (
    allocate_closing_first,
    allocate_execution,
    allocate_in_lots,
    final_closing_first,
    final_distribution,
    final_in_lots,
)

XYZ_PROFILE = np.array([25, 15, 10])  # "XYZ commodities": A 25, B 15, C 10 of a 50-lot order


@pytest.mark.parametrize(("filled", "expected"), [
    # Example 1: 7 filled (14%). Floors 3 / 2 / 1 (ratios .12 / .134 / .10); the last unit goes to
    # C, the smallest ratio: 3 / 2 / 2.
    (7, [3, 2, 2]),
    # Example 2: 5 filled (10%). Floors 2 / 1 / 1 (ratios .08 / .067 / .10); the last unit goes to
    # B: 2 / 2 / 1.
    (5, [2, 2, 1]),
])
def test_the_articles_rounding_examples(filled, expected):
    result = final_distribution(XYZ_PROFILE, filled, np.random.default_rng(0))
    assert result.quantities.tolist() == expected
    assert result.random_picks == ()


def test_the_articles_small_fill_example_goes_one_unit_at_a_time_at_random():
    # Example 3: 3 filled, fewer than 4, so no rounding step. The first unit is drawn among all
    # three (all at ratio 0), the second among the two still at 0, the third goes to the last
    # account at 0 without a draw: everyone ends with 1 (ratios .04 / .067 / .10).
    for seed in range(20):
        result = final_distribution(XYZ_PROFILE, 3, np.random.default_rng(seed))
        assert result.quantities.tolist() == [1, 1, 1]
        assert len(result.random_picks) == 2 and len(set(result.random_picks)) == 2


def test_the_random_path_picks_tied_accounts_about_evenly():
    first_picks = Counter(final_distribution(XYZ_PROFILE, 1, np.random.default_rng(seed)).random_picks[0]
                          for seed in range(3000))
    # each of A, B, C expects 1,000 of 3,000 draws; a fair draw stays well within +-10%
    assert all(900 <= first_picks[i] <= 1100 for i in range(3)), first_picks


def test_the_same_seed_gives_the_same_allocation():
    desired = np.arange(1, 40)
    draws = [final_distribution(desired, 123, np.random.default_rng([9, 1, 7])) for _ in range(2)]
    assert draws[0].quantities.tolist() == draws[1].quantities.tolist()
    assert draws[0].random_picks == draws[1].random_picks


def test_an_execution_past_the_desired_total_is_refused():
    with pytest.raises(ValueError, match="quantity: 51 more would exceed the 50 desired"):
        allocate_execution(XYZ_PROFILE, np.zeros(3, dtype=np.int64), 51, np.random.default_rng(0))


desired_lists = st.lists(st.integers(min_value=1, max_value=400), min_size=1, max_size=30)


@settings(max_examples=200, deadline=None)
@given(desired_lists, st.data())
def test_executions_always_sum_exactly_and_never_exceed_desired(desired, data):
    desired = np.array(desired)
    allocated = np.zeros(desired.size, dtype=np.int64)
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    left = int(desired.sum())
    while left:
        quantity = data.draw(st.integers(min_value=1, max_value=left))
        result = allocate_execution(desired, allocated, quantity, rng)
        assert int(result.quantities.sum()) == quantity and (result.quantities >= 0).all()
        allocated += result.quantities
        assert (allocated <= desired).all()
        left -= quantity
    assert allocated.tolist() == desired.tolist()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=400), min_size=1, max_size=30).filter(lambda d: sum(d) >= 4),
       st.integers(min_value=0, max_value=2**32 - 1), st.data())
def test_every_account_gets_the_floor_or_one_more_of_its_share(desired, seed, data):
    desired = np.array(desired)
    filled = data.draw(st.integers(min_value=4, max_value=int(desired.sum())))
    result = final_distribution(desired, filled, np.random.default_rng(seed))
    floor = filled * desired // desired.sum()
    assert ((result.quantities == floor) | (result.quantities == floor + 1)).all()
    assert int(result.quantities.sum()) == filled


@settings(max_examples=150, deadline=None)
@given(desired_lists, st.integers(min_value=0, max_value=2**32 - 1), st.data())
def test_the_final_distribution_confirms_a_running_allocation_the_rules_allow(desired, seed, data):
    # Executions allocated one by one, then the order is cancelled: where the final rules leave a
    # choice, accounts keep what they already hold, so a fill allocated in one execution is
    # never reshuffled.
    desired = np.array(desired)
    filled = data.draw(st.integers(min_value=0, max_value=int(desired.sum())))
    running = allocate_execution(desired, np.zeros(desired.size, dtype=np.int64), filled,
                                 np.random.default_rng(seed)).quantities
    final = final_distribution(desired, filled, np.random.default_rng(seed + 1), running=running)
    assert final.quantities.tolist() == running.tolist()


def test_close_positions_first_fills_every_closing_part_before_any_opening():
    # A sells 30 of its 30 long (closing); B and C hold nothing and would open shorts of 30 each.
    closing = np.array([30, 0, 0])
    allowed = np.array([30, 30, 30])
    first = allocate_closing_first(closing, allowed, np.zeros(3, dtype=np.int64), 20, np.random.default_rng(0))
    assert first.quantities.tolist() == [20, 0, 0]
    second = allocate_closing_first(closing, allowed, first.quantities, 16, np.random.default_rng(1))
    # 10 finish A's closing part, the other 6 open B and C evenly
    assert second.quantities.tolist() == [10, 3, 3]
    final = final_closing_first(closing, allowed, 36, np.random.default_rng(2),
                                running=first.quantities + second.quantities)
    assert final.quantities.tolist() == [30, 3, 3]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 50), st.integers(1, 50)), min_size=1, max_size=12), st.data())
def test_close_first_never_opens_while_a_closing_part_is_unfilled(parts, data):
    closing = np.array([min(c, a) for c, a in parts])
    allowed = np.array([a for _c, a in parts])
    allocated = np.zeros(closing.size, dtype=np.int64)
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    left = int(allowed.sum())
    while left:
        quantity = data.draw(st.integers(1, left))
        allocated += allocate_closing_first(closing, allowed, allocated, quantity, rng).quantities
        left -= quantity
        opened = (allocated - np.minimum(allocated, closing)).sum()
        assert opened == 0 or (np.minimum(allocated, closing) == closing).all()
        assert (allocated <= allowed).all()
    assert allocated.tolist() == allowed.tolist()


LOT = 100


def part_lots(allocated, desired):
    """Accounts holding part of a lot inside their whole-lot capacity."""
    in_lots = (desired // LOT) * LOT
    return int(np.count_nonzero((allocated % LOT != 0) & (allocated < in_lots)))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=1200), min_size=1, max_size=12).filter(lambda d: sum(d) > 0),
       st.integers(min_value=0, max_value=2**32 - 1), st.data())
def test_fills_in_board_lots_open_one_lot_at_a_time(desired, seed, data):
    desired = np.array(desired)
    rng = np.random.default_rng(seed)
    allocated = np.zeros_like(desired)
    while allocated.sum() < desired.sum():
        quantity = data.draw(st.integers(1, int(desired.sum() - allocated.sum())))
        allocated += allocate_in_lots(desired, allocated, quantity, LOT, rng).quantities
        assert np.all(allocated <= desired)
        # whole lots first, one at a time: at most one account holds a part of a lot ...
        assert part_lots(allocated, desired) <= 1
        # ... and no odd unit goes out while a whole lot is still to come
        if np.any(allocated > (desired // LOT) * LOT):
            assert np.all(allocated >= (desired // LOT) * LOT)
    assert allocated.tolist() == desired.tolist()
    final = final_in_lots(desired, int(allocated.sum()), LOT, rng, allocated)
    assert final.quantities.tolist() == desired.tolist()


@given(st.lists(st.integers(min_value=0, max_value=1200), min_size=1, max_size=12).filter(lambda d: sum(d) > 0),
       st.integers(min_value=0, max_value=2**32 - 1), st.data())
def test_a_final_distribution_in_lots_is_whole_lots_but_one(desired, seed, data):
    desired = np.array(desired)
    filled = data.draw(st.integers(0, int(desired.sum())))
    final = final_in_lots(desired, filled, LOT, np.random.default_rng(seed))
    assert final.quantities.sum() == filled and np.all(final.quantities <= desired)
    assert part_lots(final.quantities, desired) <= 1
