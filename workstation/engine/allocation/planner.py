"""Plan an advisor order before it trades: which accounts, each one's desired quantity by the
method, and the quantity the pre-trade credit check allows (IB's ``OrderAllocation``).

The credit check today covers trading permissions and cash accounts (cash in full, no shorts, no
futures); margin accounts join it with the margin model.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal

from workstation.engine.allocation.book import AllocationState
from workstation.engine.allocation.methods import AccountFacts, desired_quantities, split_by_weights, validate_amounts
from workstation.engine.allocation.models import Model, model_amounts, model_label
from workstation.engine.allocation.setup import ALL_ACCOUNTS, presets_of
from workstation.engine.core.account_tags import AccountTag
from workstation.engine.core.errors import Rejection
from workstation.engine.core.instruments import Instrument, InstrumentCatalog, SecType
from workstation.engine.core.price_checks import check_quantity
from workstation.engine.core.terms import AccountType, Action, AllocationMethod
from workstation.engine.ledger.accounts import Account, Restriction
from workstation.engine.margin import MarginModel
from workstation.engine.messages.commands import PlaceOrder
from workstation.engine.orders.allocation_plan import AccountAllocation, AllocationPlan
from workstation.engine.orders.mutual_funds import CENT, check_cash_method
from workstation.engine.orders.order import Order
from workstation.engine.orders.price_estimate import estimate_price
from workstation.engine.risk.cash_account import OrderTerms, check_cash_account

INLINE_PROFILE = "Inline Profile"
BOARD_LOT = 100  # US stocks
ValuesOf = Callable[[str], dict[str, Decimal]]
RateOf = Callable[[str, str], Decimal]


@dataclass(frozen=True, slots=True)
class AllocationTarget:
    """Where an order goes: the group's name, its method and its accounts with their amounts;
    ``model`` names the model portfolio for model orders."""

    name: str
    method: AllocationMethod
    amounts: dict[str, Decimal]
    model: str | None = None


def resolve_target(state: AllocationState, command: PlaceOrder) -> AllocationTarget:
    """The group, "All", inline profile or model an advisor order names, with the method to use."""
    advisor = command.account
    presets = presets_of(state, advisor)
    override = command.fa_method
    if sum(x is not None for x in (command.fa_group, command.fa_allocations, command.model_code)) > 1:
        raise Rejection("INVALID_ALLOCATION", "fa_group", "give one of a group, an inline profile or a model")
    if command.model_code is not None:
        model = state.models.get((advisor, command.model_code))
        if model is None:
            raise Rejection("UNKNOWN_MODEL", "model_code",
                            f"advisor {advisor} has no model named {command.model_code!r}")
        if override is not None:
            raise Rejection("INVALID_ALLOCATION_METHOD", "fa_method", "a model allocates by the NLV invested in it")
        return AllocationTarget(model_label(model.name), AllocationMethod.MODEL, model_amounts(model), model.name)
    if command.fa_allocations is not None:
        if override is None or not override.needs_amounts or override is AllocationMethod.MODEL:
            raise Rejection("INVALID_ALLOCATION_METHOD",
                            "fa_method", "an inline profile needs a method that uses its amounts (Percent, Ratio, "
                            "ContractsOrShares or MonetaryAmount)")
        accounts = [account for account, _ in command.fa_allocations]
        if len(set(accounts)) != len(accounts):
            raise Rejection("DUPLICATE_ACCOUNT", "fa_allocations", "an account is listed twice")
        amounts = dict(command.fa_allocations)
        _check_clients(state, advisor, amounts, "fa_allocations")
        validate_amounts(override, amounts, "fa_allocations")
        return AllocationTarget(INLINE_PROFILE, override, amounts)
    if command.fa_group == ALL_ACCOUNTS:
        clients = [a.account_id for a in state.accounts.values() if a.advisor == advisor]
        if not clients:
            raise Rejection("EMPTY_ALLOCATION_GROUP", "fa_group", f"advisor {advisor} has no client accounts")
        method = override or presets.default_method
        _check_override(method, ALL_ACCOUNTS, None)
        return AllocationTarget(ALL_ACCOUNTS, method, dict.fromkeys(clients, Decimal(0)))
    group = state.groups.get((advisor, command.fa_group or ""))
    if group is None:
        raise Rejection("UNKNOWN_GROUP", "fa_group", f"advisor {advisor} has no group named {command.fa_group!r}")
    method = override or group.method
    if method is not group.method:
        _check_override(method, group.name, group.method)
    return AllocationTarget(group.name, method, dict(group.amounts))


_PROPORTIONS = (AllocationMethod.PERCENT, AllocationMethod.RATIO)


def _check_override(method: AllocationMethod, group: str, group_method: AllocationMethod | None) -> None:
    """A method override may switch between computed methods, or between Percent and Ratio (a set
    of percentages is a valid set of ratios); other user-specified methods need their own amounts."""
    if method.needs_amounts and not (method in _PROPORTIONS and group_method in _PROPORTIONS):
        raise Rejection("INVALID_ALLOCATION_METHOD",
                        "fa_method", f"{method.value} needs an amount per account, which group {group!r} does not "
                        "carry; use a group or inline profile defined with it")


def _check_clients(state: AllocationState, advisor: str, amounts: dict[str, Decimal], field: str) -> None:
    for account_id in amounts:
        account = state.accounts.get(account_id)
        if account is None:
            raise Rejection("UNKNOWN_ACCOUNT", f"{field}.{account_id}", f"account {account_id} does not exist")
        if account.advisor != advisor:
            raise Rejection("NOT_A_CLIENT", f"{field}.{account_id}",
                            f"account {account_id} is not a client of {advisor}")


_EXCLUDING = {
    Restriction.EMPLOYEE: "employee restriction",
    Restriction.BROKER: "broker restriction",
    Restriction.PROP_ACCOUNT: "prop account restriction",
    Restriction.DYNAMIC_SIZE: "dynamic size violation",
}


@dataclass(frozen=True, slots=True)
class Allowance:
    """What one account may take: ``credit`` is True when the credit check (not an exclusion rule)
    cut it, which is what the strict per-account preset rejects orders for."""

    quantity: int
    note: str = ""
    credit: bool = False


def allowance(state: AllocationState, catalog: InstrumentCatalog, account: Account, instrument: Instrument,
              terms: OrderTerms, desired: int, closing: int, replacing: int | None = None,
              margin: MarginModel | None = None) -> Allowance:
    """The part of ``desired`` this account may take now, and why it is less when it is: the
    exclusion rules, then the credit check (cash in full for cash accounts; for margin accounts,
    the pre-trade margin check when ``margin`` is given)."""
    if desired == 0:
        return Allowance(0)
    for restriction, label in _EXCLUDING.items():
        if restriction in account.restrictions:
            return Allowance(0, f"Excluded: {label}")
    if Restriction.MONEY_MARKET in account.restrictions and instrument.sec_type is SecType.FUND:
        return Allowance(0, "Excluded: money market rules")
    if not account.may_trade(instrument):
        return Allowance(0, f"Excluded: no trading permission for {instrument.permission_class} in "
                            f"{instrument.country or 'FX'}")
    if Restriction.REJECT_IF_OPENING in account.restrictions and desired > closing:
        if closing == 0:
            return Allowance(0, "Excluded: RejectIfOpening (the account may only close positions)")
        return Allowance(closing, f"Reduced from {desired}: RejectIfOpening (closes {closing}, opens nothing)")
    if account.account_type is not AccountType.CASH:
        if margin is None or terms.cash_qty is not None:
            return Allowance(desired)
        fits = _margin_fits(state, margin, account, terms)
        reason = "not enough available funds for the margin"
    else:
        fits = _cash_fits(state, catalog, account, terms, replacing)
        reason = "not enough cash" if terms.action is Action.BUY or instrument.sec_type is SecType.CASH \
            else _CASH_WRITES if instrument.is_option else "cash accounts cannot sell short"
    if fits(desired):
        return Allowance(desired)
    low, high = 0, desired  # largest quantity that fits: what an order needs grows with its size
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if fits(middle) else (low, middle - 1)
    if account.account_type is not AccountType.CASH and margin is not None \
            and _borrows_under_minimum(state, margin, account, terms, low + 1):
        reason = "under USD 2,000 of equity IB may not lend, so only what the cash pays for"
    if low == 0:
        return Allowance(0, f"Excluded: {reason}", credit=True)
    # A fund order for cash is shared in cents: its note speaks of money.
    was = f"{desired * CENT:,.2f}" if terms.cash_qty is not None else desired
    return Allowance(low, f"Reduced from {was}: {reason}", credit=True)


_CASH_WRITES = "a cash account writes only covered calls and cash-secured puts it has the shares or cash for"


def _cash_fits(state: AllocationState, catalog: InstrumentCatalog, account: Account, terms: OrderTerms,
               replacing: int | None) -> Callable[[int], bool]:
    def fits(quantity: int) -> bool:
        try:
            size = {"cash_qty": quantity * CENT} if terms.cash_qty is not None else {"quantity": Decimal(quantity)}
            check_cash_account(state, catalog, account, replace(terms, account=account.account_id, **size),
                               replacing=replacing)
        except Rejection:
            return False
        return True
    return fits


def _margin_fits(state: AllocationState, margin: MarginModel, account: Account,
                 terms: OrderTerms) -> Callable[[int], bool]:
    price = estimate_price(terms.action, terms.order_type, terms.lmt_price, terms.aux_price,
                           state.market.quote(terms.symbol))

    def fits(quantity: int) -> bool:
        fill = margin.proposed_fill(terms.symbol, terms.action, Decimal(quantity), price)
        return margin.check(account, [fill], state.now) is None
    return fits


def _borrows_under_minimum(state: AllocationState, margin: MarginModel, account: Account, terms: OrderTerms,
                           quantity: int) -> bool:
    """Whether the first quantity that does not fit is refused by IB's USD 2,000 minimum for borrowing."""
    price = estimate_price(terms.action, terms.order_type, terms.lmt_price, terms.aux_price,
                           state.market.quote(terms.symbol))
    fills = [margin.proposed_fill(terms.symbol, terms.action, Decimal(quantity), price)]
    impact = margin.impact(account, fills, state.now)
    return margin.minimum_equity_refusal(account, fills, impact, state.now) is not None


def closing_units(position: Decimal, action: Action) -> int:
    """Units of an existing position this order's side would close."""
    return int(abs(position)) if position * action.sign < 0 else 0


def account_facts(state: AllocationState, values_of: ValuesOf, rate_of: RateOf, advisor: str, accounts: list[str],
                  symbol: str | None) -> dict[str, AccountFacts]:
    """What the computed methods weigh each account by, and its position in ``symbol`` (none for a combo)."""
    advisor_base = state.accounts[advisor].base_currency
    facts = {}
    for account_id in accounts:
        client = state.accounts[account_id]
        # Weights compare across accounts, so every account's NLV is taken in the advisor's currency.
        nlv = values_of(account_id)[AccountTag.NET_LIQUIDATION] * rate_of(client.base_currency, advisor_base)
        # AvailableEquity is AvailableFunds under a margin model; until margin exists, net liquidation.
        position = client.position_quantity(symbol) if symbol is not None else Decimal(0)
        facts[account_id] = AccountFacts(nlv, nlv, position)
    return facts


def check_strict(strict: bool, credit_failures: list[AccountAllocation]) -> None:
    """The strict per-account preset: an account the credit check cut rejects the whole order."""
    if credit_failures and strict:
        detail = "; ".join(f"{row.account} {row.note.lower()}" for row in credit_failures)
        raise Rejection("ALLOCATION_REJECTED", "fa_group", f"{detail}. The strict per-account preset rejects the "
                        "whole order")


def plan_allocation(state: AllocationState, catalog: InstrumentCatalog, values_of: ValuesOf, rate_of: RateOf,
                    command: PlaceOrder, instrument: Instrument, margin: MarginModel | None = None) -> AllocationPlan:
    """Desired and allowed quantities per account; refuses what IB's presets would refuse."""
    target = resolve_target(state, command)
    by_value = command.cash_qty is not None
    if by_value:
        check_cash_method(target.method)
    elif not target.method.sets_order_size:
        check_quantity(command.total_quantity, "total_quantity")
    if command.fa_percentage is not None:
        if target.method is not AllocationMethod.PCT_CHANGE:
            raise Rejection("INVALID_ALLOCATION_METHOD", "fa_percentage", "only PctChange uses a percentage, "
                            f"not {target.method.value}")
        if command.fa_percentage == 0 or not -100 <= command.fa_percentage <= 1000:
            raise Rejection("INVALID_PERCENTAGE", "fa_percentage", f"{command.fa_percentage} must be non-zero, "
                            "from -100 (close) to 1000")
    accounts = list(target.amounts)
    facts = account_facts(state, values_of, rate_of, command.account, accounts, instrument.symbol)
    unit_value = None
    if by_value:
        # The first step of a fund order for cash: the amount is shared, in cents, by the method.
        order_units, unit_value = Decimal(int(command.cash_qty / CENT)), CENT
    elif target.method is AllocationMethod.MONETARY_AMOUNT:
        price = estimate_price(command.action, command.order_type, command.lmt_price, command.aux_price,
                               state.market.quote(instrument.symbol))
        unit_value = price * instrument.multiplier
    presets = presets_of(state, command.account)
    lot = BOARD_LOT if presets.round_lots and instrument.sec_type is SecType.STK else 1
    if not by_value:
        order_units = command.total_quantity
    desired = desired_quantities(target.method, action=command.action, order_quantity=order_units,
                                 accounts=accounts, amounts=target.amounts, facts=facts,
                                 fa_percentage=command.fa_percentage, unit_value=unit_value, lot=lot,
                                 odd_lot_account=presets.odd_lot_account, equal_positions=presets.equal_positions)
    terms = OrderTerms(command.account, command.symbol, command.action, Decimal(0), command.order_type,
                       command.lmt_price, command.aux_price, Decimal(0) if by_value else None)
    rows, credit_failures = [], []
    for account_id in accounts:
        position = facts[account_id].position
        closable = 0 if by_value else closing_units(position, command.action)
        allowed = allowance(state, catalog, state.accounts[account_id], instrument, terms, desired[account_id],
                            min(desired[account_id], closable), margin=margin)
        if by_value:
            rows.append(AccountAllocation(account_id, position, 0, 0, note=allowed.note,
                                          desired_amount=desired[account_id] * CENT, amount=allowed.quantity * CENT))
        else:
            rows.append(AccountAllocation(account_id, position, desired[account_id], allowed.quantity,
                                          note=allowed.note, closing_quantity=min(allowed.quantity, closable)))
        if allowed.credit:
            credit_failures.append(rows[-1])
    check_strict(presets.strict, credit_failures)
    plan = AllocationPlan(target.name, target.method, command.action.sign, rows, model=target.model,
                          requested=int(command.total_quantity), lot=lot,
                          close_first=presets.close_positions_first)
    if by_value:
        plan.cash_qty = sum((row.amount for row in rows), Decimal(0))
        if not plan.cash_qty:
            raise Rejection("NOTHING_TO_ALLOCATE", "cash_qty", f"no account of {target.name!r} receives any of it "
                            f"by {target.method.value}")
        return plan
    if plan.total_allowed == 0:
        raise Rejection("NOTHING_TO_ALLOCATE", "total_quantity", f"no account of {target.name!r} receives anything "
                        f"by {target.method.value}")
    check_quantity(Decimal(plan.total_allowed), "total_quantity")
    return plan


def reshare_model_order(state: AllocationState, catalog: InstrumentCatalog, order: Order, model: Model,
                        margin: MarginModel | None = None) -> list[str]:
    """After an investment or divestment, split what is still unfilled of a model order afresh by
    the model's investments. The ticket's size counts, not the order's current one: a model order
    reduced by a divestment grows back when investors return. Returns the credit notes, which the
    strict preset rejects (see ``reshare_unfilled``)."""
    assert order.allocation is not None
    return reshare_unfilled(state, catalog, order, order.allocation, dict(model.investments), margin=margin)


def resized_plan(state: AllocationState, catalog: InstrumentCatalog, order: Order, total: Decimal,
                 terms: OrderTerms, margin: MarginModel | None = None) -> tuple[AllocationPlan, list[str]]:
    """A copy of the order's plan for a new size: the unfilled part shared again in the proportions
    the accounts had (a model's, by its investments), through the exclusions and credit check. The
    order's own plan is left untouched, so a refused modification changes nothing."""
    plan = copy.deepcopy(order.allocation)
    assert plan is not None
    if plan.method.sets_order_size:
        raise Rejection("NOT_MODIFIABLE", "total_quantity", f"a {plan.method.value} order's size is the sum of its "
                        "accounts' quantities; change the group, or cancel the order and place a new one")
    plan.requested = int(total)
    if plan.model is not None:
        weights = dict(state.models[(order.account, plan.model)].investments)
    else:
        weights = {row.account: Decimal(row.desired_quantity) for row in plan.rows}
    return plan, reshare_unfilled(state, catalog, order, plan, weights, terms, margin)


def reshare_unfilled(state: AllocationState, catalog: InstrumentCatalog, order: Order, plan: AllocationPlan,
                     weights: dict[str, Decimal], terms: OrderTerms | None = None,
                     margin: MarginModel | None = None) -> list[str]:
    """Share what is still unfilled of ``plan.requested`` by ``weights``, through the same
    exclusions and credit check as at placement. Each account keeps what it has been allocated
    and accounts new to the weights join; the plan's total may end below the requested size.
    Returns the notes of the accounts the credit check cut."""
    instrument = catalog[order.symbol]
    remaining = max(plan.requested - int(order.filled), 0)
    accounts = [account for account, weight in weights.items() if weight > 0]
    shares = split_by_weights(remaining, accounts, [weights[a] for a in accounts], plan.lot) if accounts else {}
    rows = {row.account: row for row in plan.rows}
    for account_id in accounts:
        if account_id not in rows:
            position = state.accounts[account_id].position_quantity(order.symbol)
            rows[account_id] = AccountAllocation(account_id, position, 0, 0)
            plan.rows.append(rows[account_id])
    terms = terms or OrderTerms.of(order)
    credit_failures = []
    for row in plan.rows:
        share = shares.get(row.account, 0)
        closable = max(closing_units(row.position, order.action) - row.allocated, 0)
        allowed = allowance(state, catalog, state.accounts[row.account], instrument, terms, share,
                            min(share, closable), replacing=order.order_id, margin=margin)
        row.desired_quantity = row.allocated + share
        row.allowed_quantity = row.allocated + allowed.quantity
        row.closing_quantity = min(row.allocated, row.closing_quantity) + min(allowed.quantity, closable)
        row.note = allowed.note
        if allowed.credit:
            credit_failures.append(f"{row.account} {allowed.note.lower()}")
    return credit_failures
