"""Plan an advisor order before it trades: which accounts, each one's desired quantity by the
method, and the quantity the pre-trade credit check allows (IB's ``OrderAllocation``).

The credit check today covers trading permissions and cash accounts (cash in full, no shorts, no
futures); margin accounts join it with the margin model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from workstation.engine.accounts import Account, AccountType, Restriction
from workstation.engine.allocation.methods import AccountFacts, AllocationMethod, desired_quantities, validate_amounts
from workstation.engine.allocation.models import model_amounts, model_label
from workstation.engine.allocation.plan import AccountAllocation, AllocationPlan
from workstation.engine.allocation.setup import ALL_ACCOUNTS, AllocationPresets
from workstation.engine.cash_account import OrderTerms, check_cash_account
from workstation.engine.commands import PlaceOrder
from workstation.engine.errors import Rejection
from workstation.engine.instruments import Instrument, InstrumentCatalog, SecType
from workstation.engine.orders import Action
from workstation.engine.preview import estimate_price
from workstation.engine.state import EngineState

INLINE_PROFILE = "Inline Profile"
BOARD_LOT = 100  # US stocks
ValuesOf = Callable[[str], dict[str, Decimal]]


@dataclass(frozen=True, slots=True)
class AllocationTarget:
    """Where an order goes: the group's name, its method and its accounts with their amounts."""

    name: str
    method: AllocationMethod
    amounts: dict[str, Decimal]


def resolve_target(state: EngineState, command: PlaceOrder) -> AllocationTarget:
    """The group, "All", or inline profile an advisor order names, with the method to use."""
    advisor = command.account
    presets = state.presets.get(advisor, AllocationPresets())
    override = command.fa_method
    if sum(x is not None for x in (command.fa_group, command.fa_allocations, command.model_code)) > 1:
        raise Rejection("INVALID_ALLOCATION", "fa_group: give one of a group, an inline profile or a model")
    if command.model_code is not None:
        model = state.models.get((advisor, command.model_code))
        if model is None:
            raise Rejection("UNKNOWN_MODEL", f"model_code: advisor {advisor} has no model named {command.model_code!r}")
        if override is not None:
            raise Rejection("INVALID_ALLOCATION_METHOD", "fa_method: a model allocates by the NLV invested in it")
        return AllocationTarget(model_label(model.name), AllocationMethod.MODEL, model_amounts(model))
    if command.fa_allocations is not None:
        if override is None or override is AllocationMethod.MODEL:
            raise Rejection("INVALID_ALLOCATION_METHOD",
                            "fa_method: an inline profile needs its method (Percent, Ratio, ContractsOrShares or "
                            "MonetaryAmount)")
        amounts = dict(command.fa_allocations)
        _check_clients(state, advisor, amounts, "fa_allocations")
        validate_amounts(override, amounts, "fa_allocations")
        return AllocationTarget(INLINE_PROFILE, override, amounts)
    if command.fa_group == ALL_ACCOUNTS:
        clients = [a.account_id for a in state.accounts.values() if a.advisor == advisor]
        if not clients:
            raise Rejection("EMPTY_ALLOCATION_GROUP", f"fa_group: advisor {advisor} has no client accounts")
        method = override or presets.default_method
        _check_override(method, "All")
        return AllocationTarget(ALL_ACCOUNTS, method, dict.fromkeys(clients, Decimal(0)))
    group = state.groups.get((advisor, command.fa_group or ""))
    if group is None:
        raise Rejection("UNKNOWN_GROUP", f"fa_group: advisor {advisor} has no group named {command.fa_group!r}")
    method = override or group.method
    if method is not group.method:
        _check_override(method, group.name)
    return AllocationTarget(group.name, method, dict(group.amounts))


def _check_override(method: AllocationMethod, group: str) -> None:
    if method.needs_amounts:
        raise Rejection("INVALID_ALLOCATION_METHOD",
                        f"fa_method: {method.value} needs an amount per account, which group {group!r} does not "
                        "carry; use a group or inline profile defined with it")


def _check_clients(state: EngineState, advisor: str, amounts: dict[str, Decimal], field: str) -> None:
    for account_id in amounts:
        account = state.accounts.get(account_id)
        if account is None:
            raise Rejection("UNKNOWN_ACCOUNT", f"{field}.{account_id}: account {account_id} does not exist")
        if account.advisor != advisor:
            raise Rejection("NOT_A_CLIENT", f"{field}.{account_id}: account {account_id} is not a client of {advisor}")


def _floor(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_FLOOR))


_EXCLUDING = {
    Restriction.EMPLOYEE: "employee restriction",
    Restriction.BROKER: "broker restriction",
    Restriction.PROP_ACCOUNT: "prop account restriction",
}


def _allowed_by_credit(state: EngineState, catalog: InstrumentCatalog, account: Account, instrument: Instrument,
                       command: PlaceOrder, desired: int, closing: int) -> tuple[int, str]:
    """The part of ``desired`` this account may take now, and why it is less when it is."""
    if desired == 0:
        return 0, ""
    for restriction, label in _EXCLUDING.items():
        if restriction in account.restrictions:
            return 0, f"Excluded: {label}"
    if not account.may_trade(instrument):
        return 0, f"Excluded: no trading permission for {instrument.permission_class} in {instrument.country or 'FX'}"
    if Restriction.REJECT_IF_OPENING in account.restrictions and desired > closing:
        if closing == 0:
            return 0, "Excluded: RejectIfOpening (the account may only close positions)"
        return closing, f"Reduced from {desired}: RejectIfOpening (closes {closing}, opens nothing)"
    if account.account_type is not AccountType.CASH:
        return desired, ""

    def fits(quantity: int) -> bool:
        terms = OrderTerms(account.account_id, instrument.symbol, command.action, Decimal(quantity),
                           command.order_type, command.lmt_price, command.aux_price)
        try:
            check_cash_account(state, catalog, account, terms)
        except Rejection:
            return False
        return True

    if fits(desired):
        return desired, ""
    low, high = 0, desired  # largest quantity that fits: outflow grows with quantity
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if fits(middle) else (low, middle - 1)
    reason = "not enough cash" if command.action is Action.BUY or instrument.sec_type is SecType.CASH \
        else "cash accounts cannot sell short"
    if low == 0:
        return 0, f"Excluded: {reason}"
    return low, f"Reduced from {desired}: {reason}"


def plan_allocation(state: EngineState, catalog: InstrumentCatalog, values_of: ValuesOf, command: PlaceOrder,
                    instrument: Instrument) -> AllocationPlan:
    """Desired and allowed quantities per account; refuses what IB's presets would refuse."""
    target = resolve_target(state, command)
    if command.fa_percentage is not None and target.method is not AllocationMethod.PCT_CHANGE:
        raise Rejection("INVALID_ALLOCATION_METHOD", f"fa_percentage: only PctChange uses a percentage, "
                        f"not {target.method.value}")
    accounts = list(target.amounts)
    facts = {}
    for account_id in accounts:
        values = values_of(account_id)
        # AvailableEquity is AvailableFunds under a margin model; until margin exists, net liquidation.
        facts[account_id] = AccountFacts(values["NetLiquidation"], values["NetLiquidation"],
                                         state.accounts[account_id].position_quantity(instrument.symbol))
    unit_value = None
    if target.method is AllocationMethod.MONETARY_AMOUNT:
        price = estimate_price(command.action, command.order_type, command.lmt_price, command.aux_price,
                               state.market.quote(instrument.symbol))
        unit_value = price * instrument.multiplier
    presets = state.presets.get(command.account, AllocationPresets())
    lot = BOARD_LOT if presets.round_lots and instrument.sec_type is SecType.STK else 1
    desired = desired_quantities(target.method, action=command.action, order_quantity=command.total_quantity,
                                 accounts=accounts, amounts=target.amounts, facts=facts,
                                 fa_percentage=command.fa_percentage, unit_value=unit_value, lot=lot,
                                 odd_lot_account=presets.odd_lot_account)
    rows = []
    for account_id in accounts:
        position = facts[account_id].position
        # The part that reduces an existing position of the other side: allocated first.
        can_close = int(abs(position)) if position * command.action.sign < 0 else 0
        allowed, note = _allowed_by_credit(state, catalog, state.accounts[account_id], instrument, command,
                                           desired[account_id], min(desired[account_id], can_close))
        rows.append(AccountAllocation(account_id, position, desired[account_id], allowed, note=note,
                                      closing_quantity=min(allowed, can_close)))
    failing = [row for row in rows if row.allowed_quantity < row.desired_quantity]
    if failing and presets.strict:
        detail = "; ".join(f"{row.account} {row.note.lower()}" for row in failing)
        raise Rejection("ALLOCATION_REJECTED", f"fa_group: {detail}. The strict per-account preset rejects the "
                        "whole order")
    plan = AllocationPlan(target.name, target.method, command.action.sign, rows)
    if plan.total_allowed == 0:
        raise Rejection("NOTHING_TO_ALLOCATE", f"total_quantity: no account of {target.name!r} receives anything "
                        f"by {target.method.value}")
    return plan
