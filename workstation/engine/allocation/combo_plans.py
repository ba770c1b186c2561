"""Advisor combination orders: IB allocates a combo as a unit, and a non-guaranteed smart combo
leg by leg (the seed article's "other factors" 3 and 5).

A combo order's own plan counts units of the combo. Each leg has a plan of its own whose rows
are the units times the leg's ratio, with the closing part of that leg for the account:

- guaranteed: every execution is shared in units by the article's methodology, and each leg
  books each account's units times its ratio, so every account always holds whole combos; the
  final distribution is likewise made in units;
- non-guaranteed: the legs trade separately, and each leg's executions are shared on their own
  by the methodology over the leg's plan, closing parts first, as for any single order.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import numpy as np

from workstation.engine.allocation.book import AllocationState
from workstation.engine.allocation.booking import execution_rng, final_rng
from workstation.engine.allocation.fills import FillAllocation, allocate_execution, final_distribution
from workstation.engine.allocation.methods import desired_quantities
from workstation.engine.allocation.planner import (
    RateOf,
    ValuesOf,
    account_facts,
    allowance,
    check_strict,
    closing_units,
    resolve_target,
)
from workstation.engine.allocation.setup import presets_of
from workstation.engine.core.errors import Rejection
from workstation.engine.core.instruments import Instrument, InstrumentCatalog
from workstation.engine.core.price_checks import check_quantity
from workstation.engine.core.terms import AccountType, Action, AllocationMethod, ComboLeg, OrderType
from workstation.engine.ledger.accounts import Account
from workstation.engine.margin import MarginModel
from workstation.engine.messages.commands import PlaceOrder
from workstation.engine.messages.events import AllocationFinalized
from workstation.engine.orders.allocation_plan import AccountAllocation, AllocationPlan
from workstation.engine.orders.order import Order
from workstation.engine.orders.price_estimate import estimate_price
from workstation.engine.risk.cash_account import OrderTerms, check_cash_account

Fits = Callable[[int], bool]
# Methods that need one contract (a position to change, a price per unit) cannot share a combo.
_SINGLE_CONTRACT_METHODS = (AllocationMethod.PCT_CHANGE, AllocationMethod.MONETARY_AMOUNT)


class ComboPlans:
    """The unit plan of an advisor combo order and its legs' plans, in the order of the legs."""

    __slots__ = ("units", "legs")

    def __init__(self, units: AllocationPlan, legs: list[AllocationPlan]) -> None:
        self.units = units
        self.legs = legs


def plan_combo_allocation(state: AllocationState, catalog: InstrumentCatalog, values_of: ValuesOf, rate_of: RateOf,
                          command: PlaceOrder, legs: list[tuple[ComboLeg, Instrument]],
                          margin: MarginModel | None = None) -> ComboPlans:
    """Desired units per account by the method, and the units every leg's checks allow."""
    if command.model_code is not None:
        raise Rejection("INVALID_ALLOCATION", "model_code", "a combo cannot be ordered for a model; use a group or "
                        "an inline profile")
    target = resolve_target(state, command)
    if target.method in _SINGLE_CONTRACT_METHODS:
        raise Rejection("INVALID_ALLOCATION_METHOD", "fa_method", f"{target.method.value} needs a single contract; a "
                        "combo is shared in units by Equal, NetLiq, AvailableEquity, Percent, Ratio or "
                        "ContractsOrShares")
    if command.fa_percentage is not None:
        raise Rejection("INVALID_ALLOCATION_METHOD", "fa_percentage", "only PctChange uses a percentage")
    if not target.method.sets_order_size:
        check_quantity(command.total_quantity, "total_quantity")
    accounts = list(target.amounts)
    facts = account_facts(state, values_of, rate_of, command.account, accounts, None)
    desired = desired_quantities(target.method, action=command.action, order_quantity=command.total_quantity,
                                 accounts=accounts, amounts=target.amounts, facts=facts)
    unit_rows, leg_rows, credit_failures = [], [[] for _ in legs], []
    for account_id in accounts:
        account = state.accounts[account_id]
        allowed, note, credit = desired[account_id], "", False
        checks = []
        cash = account.account_type is AccountType.CASH
        for leg, instrument in legs:
            side = leg.side(command.action)
            position = account.position_quantity(leg.symbol)
            want = desired[account_id] * leg.ratio
            closable = min(want, closing_units(position, side))
            terms = OrderTerms(command.account, leg.symbol, side, Decimal(0), command.order_type, None, None)
            leg_allowance = allowance(state, catalog, account, instrument, terms, want, closable)
            checks.append((position, closable))
            # A cash account's legs are paid and covered together below: a short leg alone may not be covered.
            if leg_allowance.quantity // leg.ratio < allowed and not (cash and leg_allowance.credit):
                allowed = leg_allowance.quantity // leg.ratio
                note, credit = f"{leg.symbol.strip()}: {leg_allowance.note}", leg_allowance.credit
        # Every leg together: each leg alone may fit what the legs together do not.
        if account.account_type is AccountType.CASH:
            fits, reason = _cash_fits(state, catalog, account, command), "not enough cash"
            if any(instrument.is_option and leg.side(command.action) is Action.SELL for leg, instrument in legs):
                reason = "not enough cash, or shares to cover its short calls"
        elif margin is not None:
            fits, reason = _margin_fits(state, margin, account, command), "not enough available funds for the margin"
        else:
            fits, reason = None, ""
        if fits is not None and allowed:
            fitting = _most_that_fit(fits, allowed)
            if fitting < allowed:
                note = f"Reduced from {desired[account_id]}: {reason}" if fitting else f"Excluded: {reason}"
                allowed, credit = fitting, True
        unit_rows.append(AccountAllocation(account_id, Decimal(0), desired[account_id], allowed, note=note))
        for (leg, _), rows, (position, closable) in zip(legs, leg_rows, checks, strict=True):
            units = allowed * leg.ratio
            rows.append(AccountAllocation(account_id, position, desired[account_id] * leg.ratio, units, note=note,
                                          closing_quantity=min(units, closable)))
        if credit:
            credit_failures.append(unit_rows[-1])
    presets = presets_of(state, command.account)
    check_strict(presets.strict, credit_failures)
    units = AllocationPlan(target.name, target.method, command.action.sign, unit_rows,
                           requested=int(command.total_quantity))
    if units.total_allowed == 0:
        raise Rejection("NOTHING_TO_ALLOCATE", "total_quantity", f"no account of {target.name!r} receives anything "
                        f"by {target.method.value}")
    check_quantity(Decimal(units.total_allowed), "total_quantity")
    leg_plans = [AllocationPlan(target.name, target.method, leg.side(command.action).sign, rows,
                                requested=units.total_allowed * leg.ratio, close_first=presets.close_positions_first)
                 for (leg, _), rows in zip(legs, leg_rows, strict=True)]
    return ComboPlans(units, leg_plans)


def _margin_fits(state: AllocationState, margin: MarginModel, account: Account, command: PlaceOrder) -> Fits:
    prices = [estimate_price(leg.side(command.action), OrderType.MKT, None, None, state.market.quote(leg.symbol))
              for leg in command.legs]

    def fits(count: int) -> bool:
        fills = [margin.proposed_fill(leg.symbol, leg.side(command.action), Decimal(count * leg.ratio), price)
                 for leg, price in zip(command.legs, prices, strict=True)]
        return margin.check(account, fills, state.now) is None
    return fits


def _cash_fits(state: AllocationState, catalog: InstrumentCatalog, account: Account, command: PlaceOrder) -> Fits:
    def fits(count: int) -> bool:
        legs = [OrderTerms(account.account_id, leg.symbol, leg.side(command.action), Decimal(count * leg.ratio),
                           command.order_type, None, None, together=True) for leg in command.legs]
        try:
            for i, terms in enumerate(legs):  # each leg with every other (a spread's short leg with its long one)
                check_cash_account(state, catalog, account, terms, also=legs[:i] + legs[i + 1:])
        except Rejection:
            return False
        return True
    return fits


def _most_that_fit(fits: Fits, units: int) -> int:
    """The most units, up to ``units``, that ``fits`` accepts (what they need grows with them)."""
    if fits(units):
        return units
    low, high = 0, units
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if fits(middle) else (low, middle - 1)
    return low


def share_units(state: AllocationState, order: Order, units: int) -> FillAllocation:
    """Share one execution of ``units`` combos among the accounts by the article's methodology."""
    plan = order.allocation
    assert plan is not None
    shared = allocate_execution(plan.allowed_array(), plan.allocated_array(), units, execution_rng(state, order))
    for row, part in zip(plan.rows, shared.quantities.tolist(), strict=True):
        row.allocated += part
    plan.random_picks.extend(plan.rows[i].account for i in shared.random_picks)
    return shared


def distribute_units(state: AllocationState, order: Order, average: Decimal, sink: list,
                     end_of_day: bool) -> FillAllocation | None:
    """The final distribution of the units filled since the last one, or None if there are none
    (or the order was distributed already). Each leg then distributes these units times its ratio."""
    plan = order.allocation
    if plan is None or plan.finalized:
        return None
    if not end_of_day:
        plan.finalized = True
    base = np.array([row.distributed for row in plan.rows], dtype=np.int64)
    filled = int(order.filled) - int(base.sum())
    if filled == 0:
        return None
    plan.distributions += 1
    final = final_distribution(plan.allowed_array() - base, filled, final_rng(state, order, plan.distributions),
                               running=plan.allocated_array() - base)
    adjustments = []
    for row, share in zip(plan.rows, final.quantities.tolist(), strict=True):
        target = row.distributed + share
        if target != row.allocated:
            adjustments.append((row.account, Decimal(target - row.allocated)))
        row.allocated = row.distributed = target
    picks = tuple(plan.rows[i].account for i in final.random_picks)
    sink.append(AllocationFinalized(order.order_id, tuple((r.account, Decimal(r.allocated)) for r in plan.rows),
                                    tuple(adjustments), picks, average, state.now, end_of_day))
    return final


def per_leg(shared: FillAllocation, leg: ComboLeg) -> FillAllocation:
    """A unit allocation as one leg's contracts."""
    return FillAllocation(shared.quantities * leg.ratio, shared.random_picks)
