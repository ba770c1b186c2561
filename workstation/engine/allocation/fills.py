"""IB's partial-fill allocation ("Allocation of Partial Fills"), vectorised over accounts.

For a filled quantity F of an order whose accounts desire d_i (summing to D):

1. each account first gets floor(F x d_i / D), its pro-rata share rounded down;
2. the units left go one at a time to the account with the smallest fill ratio (allocated /
   desired), chosen at random among accounts tied at that ratio.

For a fill of fewer than 4 units step 1 is skipped: every unit goes by step 2 (footnote 3).

Executions are allocated as they arrive (``allocate_execution``), so margin stays real time;
when the order is done ``final_distribution`` recomputes the whole filled quantity by the same
rules, which is what the client sees at the order's average price.

Random draws come from a generator the caller seeds (the engine: counter-based from its seed and
the order), and every account that won a tie at the smallest ratio is returned, so an allocation
can be audited and replayed.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

SMALL_FILL = 4  # fills below this many units skip the rounding step

IntArray = NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class FillAllocation:
    """Units given to each account (aligned with the desired array) and the accounts, by index,
    that received a unit by random choice among tied fill ratios, in the order drawn."""

    quantities: IntArray
    random_picks: tuple[int, ...]


def _by_smallest_ratio(allocated: IntArray, desired: IntArray, units: int, rng: np.random.Generator,
                       picks: list[int], prefer: IntArray | None) -> None:
    """Step 2, general case: ``units`` one at a time to the smallest allocated/desired ratio,
    random among ties, never above desired. Mutates ``allocated``; appends tie winners."""
    eligible = np.flatnonzero(allocated < desired)
    # One draw per eligible account, in index order, whether or not a unit is left to give: the
    # generator is shared with the allocation's next part, whose draws must not move.
    draws = rng.random(eligible.size)
    if units <= 0:
        return

    def key(i: int) -> tuple[float, int, float, int]:
        # Equal rationals of small integers round to the same float, so ties are exact ties; an
        # account already holding the unit (``prefer``) wins a tie, else the random draw decides.
        kept = 0 if prefer is not None and prefer[i] > allocated[i] else 1
        return (allocated[i] / desired[i], kept, rng.random(), int(i))

    ratios = (allocated[eligible] / desired[eligible]).tolist()
    kept = [1] * eligible.size if prefer is None else (prefer[eligible] <= allocated[eligible]).astype(int).tolist()
    heap = list(zip(ratios, kept, draws.tolist(), eligible.tolist(), strict=True))
    heapq.heapify(heap)
    while units > 0 and heap:
        ratio, kept, _draw, index = heapq.heappop(heap)
        if heap and heap[0][0] == ratio and heap[0][1] == kept:  # the draw, not a holding, decided
            picks.append(index)
        allocated[index] += 1
        units -= 1
        if allocated[index] < desired[index]:
            heapq.heappush(heap, key(index))


def _one_each_to_smallest(allocated: IntArray, desired: IntArray, units: int, rng: np.random.Generator,
                          picks: list[int], prefer: IntArray | None) -> None:
    """Step 2 after the rounding step: no account is owed more than one unit, so the ``units``
    accounts with the smallest ratios each get one; accounts tied at the cut are drawn at random
    (an account already holding the unit, per ``prefer``, wins the tie)."""
    eligible = np.flatnonzero(allocated < desired)
    ratios = allocated[eligible] / desired[eligible]
    kept = np.ones(eligible.size) if prefer is None else (prefer[eligible] <= allocated[eligible]).astype(float)
    order = np.lexsort((rng.random(eligible.size), kept, ratios))
    chosen = eligible[order[:units]]
    last = order[units - 1]
    cut, cut_kept = ratios[last], kept[last]
    at_cut = (ratios == cut) & (kept == cut_kept)  # tied on ratio and on holding: only a draw separates them
    drawn = at_cut[order[:units]]
    if int(np.count_nonzero(at_cut)) > int(np.count_nonzero(drawn)):
        picks.extend(int(i) for i in chosen[drawn])
    allocated[chosen] += 1


def _distribute(allocated: IntArray, desired: IntArray, total: int, units: int, rng: np.random.Generator,
                prefer: IntArray | None = None) -> list[int]:
    """Give ``units`` more so that ``total`` units are allocated in all; returns the tie winners."""
    picks: list[int] = []
    owed_total = int(desired.sum())
    if units <= 0:
        return picks
    if total >= SMALL_FILL and owed_total > 0:
        target = (total * desired) // owed_total          # step 1: floor of the pro-rata share
        deficit = np.maximum(target - allocated, 0)
        if int(deficit.sum()) <= units:
            allocated += deficit
            units -= int(deficit.sum())
            if units and int(np.count_nonzero(allocated == target)) >= units and np.all(allocated >= target):
                _one_each_to_smallest(allocated, desired, units, rng, picks, prefer)
                return picks
    _by_smallest_ratio(allocated, desired, units, rng, picks, prefer)
    return picks


def allocate_execution(desired: IntArray, allocated: IntArray, quantity: int,
                       rng: np.random.Generator) -> FillAllocation:
    """Share one execution of ``quantity`` units given what each account already received.

    Raises ``ValueError`` if the execution would take the order past the accounts' desired total.
    """
    desired = np.asarray(desired, dtype=np.int64)
    before = np.asarray(allocated, dtype=np.int64)
    if quantity < 0 or int(before.sum()) + quantity > int(desired.sum()):
        raise ValueError(f"quantity: {quantity} more would exceed the {int(desired.sum())} desired in all")
    after = before.copy()
    picks = _distribute(after, desired, int(before.sum()) + quantity, quantity, rng)
    return FillAllocation(after - before, tuple(picks))


def final_distribution(desired: IntArray, filled: int, rng: np.random.Generator,
                       running: IntArray | None = None) -> FillAllocation:
    """The distribution of the whole filled quantity, computed afresh by the article's rules.

    ``running`` is the allocation made execution by execution; where the rules leave a tie, the
    account that already holds the unit keeps it, so a running allocation the rules could have
    produced is confirmed as it is, and only one they could not is corrected.
    """
    desired = np.asarray(desired, dtype=np.int64)
    if filled < 0 or filled > int(desired.sum()):
        raise ValueError(f"filled: {filled} is outside 0..{int(desired.sum())}")
    allocated = np.zeros(desired.size, dtype=np.int64)
    prefer = None if running is None else np.asarray(running, dtype=np.int64)
    picks = _distribute(allocated, desired, filled, filled, rng, prefer)
    return FillAllocation(allocated, tuple(picks))


def allocate_in_lots(desired: IntArray, allocated: IntArray, quantity: int, lot: int,
                     rng: np.random.Generator) -> FillAllocation:
    """``allocate_execution`` in whole board lots: the article's rules pick which account gets
    each lot (its pro-rata share and fill ratio counted in lots), and a lot is filled to the end
    before another one opens, so at most one account holds a part of a lot at any time. The
    units of each account's desired quantity that make no whole lot (the odd-lot account's
    remainder) go last, by the same rules."""
    desired = np.asarray(desired, dtype=np.int64)
    before = np.asarray(allocated, dtype=np.int64)
    if lot <= 1:
        return allocate_execution(desired, before, quantity, rng)
    if quantity < 0 or int(before.sum()) + quantity > int(desired.sum()):
        raise ValueError(f"quantity: {quantity} more would exceed the {int(desired.sum())} desired in all")
    after = before.copy()
    lots_wanted = desired // lot
    in_lots = lots_wanted * lot
    picks: list[int] = []
    units = quantity
    while units > 0:
        partial = np.flatnonzero((after % lot != 0) & (after < in_lots))
        if partial.size:  # finish the lot that is open
            index = int(partial[0])
            given = min(lot - int(after[index]) % lot, units)
            after[index] += given
            units -= given
            continue
        lots_held = np.minimum(after // lot, lots_wanted)
        lots_left = int((lots_wanted - lots_held).sum())
        if lots_left == 0:  # every whole lot is out: the odd units
            part = allocate_execution(desired - in_lots, after - in_lots, units, rng)
            after += part.quantities
            picks.extend(part.random_picks)
            break
        whole = min(units // lot, lots_left)
        part = allocate_execution(lots_wanted, lots_held, max(whole, 1), rng)
        picks.extend(part.random_picks)
        if whole:
            after += part.quantities * lot
            units -= whole * lot
        else:  # less than a lot left: it opens a lot for the account the rules choose next
            after[int(np.argmax(part.quantities))] += units
            units = 0
    return FillAllocation(after - before, tuple(picks))


def final_in_lots(desired: IntArray, filled: int, lot: int, rng: np.random.Generator,
                  running: IntArray | None = None) -> FillAllocation:
    """``final_distribution`` in whole board lots: whole lots by the article's rules, a part lot
    left to the account already holding it (else to the account the rules choose next), and,
    once every whole lot is out, the odd units by the same rules."""
    desired = np.asarray(desired, dtype=np.int64)
    if lot <= 1:
        return final_distribution(desired, filled, rng, running)
    if filled < 0 or filled > int(desired.sum()):
        raise ValueError(f"filled: {filled} is outside 0..{int(desired.sum())}")
    lots_wanted = desired // lot
    in_lots = lots_wanted * lot
    held = None if running is None else np.asarray(running, dtype=np.int64)
    lots = min(filled // lot, int(lots_wanted.sum()))
    first = final_distribution(lots_wanted, lots, rng, None if held is None else np.minimum(held // lot, lots_wanted))
    allocated = first.quantities * lot
    picks = list(first.random_picks)
    rest = filled - lots * lot
    if lots < int(lots_wanted.sum()):
        if rest:
            open_lot = [] if held is None else np.flatnonzero((held % lot != 0) & (allocated < in_lots)).tolist()
            if open_lot:
                allocated[open_lot[0]] += rest
            else:
                part = allocate_execution(lots_wanted, first.quantities, 1, rng)
                picks.extend(part.random_picks)
                allocated[int(np.argmax(part.quantities))] += rest
    elif rest:
        odd = final_distribution(desired - in_lots, rest, rng, None if held is None else np.maximum(held - in_lots, 0))
        allocated += odd.quantities
        picks.extend(odd.random_picks)
    return FillAllocation(allocated, tuple(picks))


def allocate_closing_first(closing: IntArray, allowed: IntArray, allocated: IntArray, quantity: int,
                           rng: np.random.Generator, lot: int = 1) -> FillAllocation:
    """IB's "close positions first": units go to the parts that close positions until every one
    is filled, and only then to the parts that open (for a sale of stock, this is also the long
    sale going only to accounts holding long positions). With ``lot`` > 1 each part is shared in
    whole board lots.

    ``closing`` is each account's closing part of ``allowed``; because closing parts fill first,
    an account's allocation up to its closing part is its closing fill.
    """
    closing = np.asarray(closing, dtype=np.int64)
    opening = np.asarray(allowed, dtype=np.int64) - closing
    allocated = np.asarray(allocated, dtype=np.int64)
    closed = np.minimum(allocated, closing)
    to_close = min(quantity, int((closing - closed).sum()))
    shares = np.zeros(closing.size, dtype=np.int64)
    picks: list[int] = []
    for desired, before, units in ((closing, closed, to_close), (opening, allocated - closed, quantity - to_close)):
        if units:
            part = allocate_in_lots(desired, before, units, lot, rng)
            shares += part.quantities
            picks.extend(part.random_picks)
    return FillAllocation(shares, tuple(picks))


def final_closing_first(closing: IntArray, allowed: IntArray, filled: int, rng: np.random.Generator,
                        running: IntArray | None = None, lot: int = 1) -> FillAllocation:
    """The final distribution under close-positions-first: the closing parts by the article's
    rules first, what is left over the opening parts (each in whole lots when ``lot`` > 1)."""
    closing = np.asarray(closing, dtype=np.int64)
    opening = np.asarray(allowed, dtype=np.int64) - closing
    to_close = min(filled, int(closing.sum()))
    running_closed = None if running is None else np.minimum(running, closing)
    running_opened = None if running is None else np.asarray(running) - running_closed
    first = final_in_lots(closing, to_close, lot, rng, running_closed)
    second = final_in_lots(opening, filled - to_close, lot, rng, running_opened)
    return FillAllocation(first.quantities + second.quantities, first.random_picks + second.random_picks)
