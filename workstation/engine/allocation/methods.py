"""Allocation methods: each account's desired quantity before the order trades.

IB's current names (TWS 10.20+, groups unified with profiles) with the legacy aliases accepted:
Equal (EqualQuantity), NetLiq, AvailableEquity, PctChange, Percent (Percentages), Ratio
(Financial Ratios), ContractsOrShares (Shares), MonetaryAmount (Cash Quantity).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from workstation.engine.core.errors import Rejection
from workstation.engine.core.terms import Action, AllocationMethod

HUNDRED = Decimal(100)
_TOO_LARGE = Decimal("1e9")






@dataclass(frozen=True, slots=True)
class AccountFacts:
    """What the IB-computed methods read from an account at order time."""

    net_liquidation: Decimal
    available_equity: Decimal
    position: Decimal


def validate_amounts(method: AllocationMethod, amounts: Mapping[str, Decimal], field: str) -> None:
    """A group's or inline profile's per-account amounts, as IB's Advisor Setup checks them: raises
    the first of :func:`amount_problems`."""
    first = next(amount_problems(method, amounts, field), None)
    if first is not None:
        raise first


def amount_problems(method: AllocationMethod, amounts: Mapping[str, Decimal], field: str) -> Iterator[Rejection]:
    """Every problem with the amounts, in the order they are checked (each names its field:
    ``field`` for the set as a whole, ``field.ACCOUNT`` for one account's amount)."""
    if not amounts:
        yield Rejection("EMPTY_ALLOCATION_GROUP", field, "the group has no member accounts")
        return
    if not method.needs_amounts:
        return
    for account, amount in amounts.items():
        if amount <= 0:
            yield Rejection("INVALID_ALLOCATION_AMOUNT",
                            f"{field}.{account}", f"{amount} must be greater than zero for {method.value}")
        elif method is AllocationMethod.CONTRACTS_OR_SHARES and amount % 1:
            yield Rejection("INVALID_ALLOCATION_AMOUNT", f"{field}.{account}", f"{amount} must be a whole number")
    for account, amount in amounts.items():
        if amount >= _TOO_LARGE:  # non-positive amounts were reported above
            yield Rejection("INVALID_ALLOCATION_AMOUNT", f"{field}.{account}", f"{amount} is too large")
    if method is AllocationMethod.PERCENT and sum(amounts.values()) != HUNDRED:
        yield Rejection("PERCENTAGES_NOT_100", field, f"percentages total {sum(amounts.values())}, not 100")


def _floor(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_FLOOR))


def split_by_weights(quantity: int, accounts: Sequence[str], weights: Sequence[Decimal], lot: int = 1,
                     odd_lot_account: str | None = None) -> dict[str, int]:
    """Each account's weighted share of ``quantity`` in whole units.

    With an ``odd_lot_account`` (IB's post-trade odd-lot designation), shares round to the nearest
    lot and everything left over goes to it. Otherwise shares are floored (to whole lots when
    ``lot`` > 1, whole lots left going one each to the largest remainders) and the units left go
    one each to the largest remainders, earlier accounts first on equal remainders (with lots,
    all to the largest).
    """
    total = sum((w for w in weights if w > 0), Decimal(0))  # accounts with no positive weight get nothing
    if total <= 0:
        return dict.fromkeys(accounts, 0)
    exact = [quantity * w / total if w > 0 else Decimal(0) for w in weights]
    if odd_lot_account in accounts:
        # IB's post-trade odd-lot designation: shares to the nearest lot (floored if that would
        # overshoot), everything left over to the odd-lot account.
        shares = [int((x / lot).to_integral_value(rounding=ROUND_HALF_UP)) * lot for x in exact]
        if sum(shares) > quantity:
            shares = [_floor(x / lot) * lot for x in exact]
        shares[list(accounts).index(odd_lot_account)] += quantity - sum(shares)
        return dict(zip(accounts, shares, strict=True))
    shares = [_floor(x / lot) * lot for x in exact]
    by_remainder = sorted(range(len(accounts)), key=lambda i: (-(exact[i] - shares[i]), i))
    if lot > 1:
        # Whole lots left go one each to the largest remainders, the odd units to the largest.
        for i in by_remainder[:(quantity - sum(shares)) // lot]:
            shares[i] += lot
        shares[by_remainder[0]] += quantity - sum(shares)
    else:
        for i in by_remainder[:quantity - sum(shares)]:
            shares[i] += 1
    return dict(zip(accounts, shares, strict=True))


def equalize_positions(quantity: int, accounts: Sequence[str], positions: Sequence[Decimal],
                       action: Action) -> dict[str, int]:
    """Advisor Portal "Equal": top accounts up to equal post-trade positions (a sale trims the
    largest first). A holds 100 and B 50: buying 150 gives A 50 and B 100, both ending at 150.

    Water-filling in whole units: the smallest positions (largest, for a sale) are raised (lowered)
    together to a common level; units that do not divide evenly go to accounts in group order.
    """
    side = action.sign
    level_of = [side * p for p in positions]  # work as if buying: raise the lowest "levels"
    order = sorted(range(len(accounts)), key=lambda i: (level_of[i], i))
    shares = [0] * len(accounts)
    left = quantity
    filled = 0  # accounts in ``order`` already raised to the current level
    while left > 0:
        filled += 1
        while filled < len(order) and level_of[order[filled]] == level_of[order[filled - 1]]:
            filled += 1
        current = level_of[order[filled - 1]] + Decimal(shares[order[filled - 1]])
        target = level_of[order[filled]] if filled < len(order) else None
        room = left if target is None else min(left, int(target - current) * filled)
        each, extra = divmod(room, filled)
        group = sorted(order[:filled])
        for rank, i in enumerate(group):
            shares[i] += each + (1 if rank < extra else 0)
        left -= room
        if target is None or extra:
            break
    return dict(zip(accounts, shares, strict=True))


def _pct_change_quantity(action: Action, position: Decimal, percentage: Decimal) -> int:
    """IB's sign matrix: a BUY adds to longs (+%) or covers shorts (-%); a SELL adds to shorts (+%)
    or reduces longs (-%). Anything else, and flat accounts, get nothing."""
    if position == 0 or percentage == 0:
        return 0
    increases = percentage > 0
    effect = (action is Action.BUY and ((position > 0) == increases)) or (
        action is Action.SELL and ((position < 0) == increases))
    if not effect:
        return 0
    quantity = _floor(abs(position) * abs(percentage) / HUNDRED)
    # A decrease stops at flat: -100% closes, and nothing beyond it opens the other side.
    return min(quantity, int(abs(position))) if percentage < 0 else quantity


def desired_quantities(method: AllocationMethod, *, action: Action, order_quantity: Decimal,
                       accounts: Sequence[str], amounts: Mapping[str, Decimal], facts: Mapping[str, AccountFacts],
                       fa_percentage: Decimal | None = None, unit_value: Decimal | None = None, lot: int = 1,
                       odd_lot_account: str | None = None, equal_positions: bool = False) -> dict[str, int]:
    """Whole units each account should receive. ``unit_value`` (price x multiplier) is needed by
    MonetaryAmount; ``fa_percentage`` by PctChange; ``lot`` and ``odd_lot_account`` come from the
    presets and shape how the order size is split."""
    quantity = _floor(order_quantity)
    if method is AllocationMethod.EQUAL and equal_positions:
        return equalize_positions(quantity, accounts, [facts[a].position for a in accounts], action)
    if method is AllocationMethod.EQUAL:
        if lot > 1 or odd_lot_account in accounts:
            return split_by_weights(quantity, accounts, [Decimal(1)] * len(accounts), lot, odd_lot_account)
        each, left = divmod(quantity, len(accounts))
        return {a: each + (1 if i < left else 0) for i, a in enumerate(accounts)}
    weights = {
        AllocationMethod.NET_LIQ: lambda a: facts[a].net_liquidation,
        AllocationMethod.AVAILABLE_EQUITY: lambda a: facts[a].available_equity,
        AllocationMethod.PERCENT: lambda a: amounts[a],
        AllocationMethod.RATIO: lambda a: amounts[a],
        AllocationMethod.MODEL: lambda a: amounts[a],
    }.get(method)
    if weights is not None:
        return split_by_weights(quantity, accounts, [weights(a) for a in accounts], lot, odd_lot_account)
    if method is AllocationMethod.CONTRACTS_OR_SHARES:
        return {a: _floor(amounts[a]) for a in accounts}
    if method is AllocationMethod.MONETARY_AMOUNT:
        if not unit_value or unit_value <= 0:
            raise Rejection("NO_PRICE", "lmt_price", "MonetaryAmount needs a price to turn amounts into units")
        return {a: _floor(amounts[a] / unit_value) for a in accounts}
    if fa_percentage is None:
        raise Rejection("MISSING_FA_PERCENTAGE", "fa_percentage", "PctChange needs a percentage such as 50 or -100")
    return {a: _pct_change_quantity(action, facts[a].position, fa_percentage) for a in accounts}
