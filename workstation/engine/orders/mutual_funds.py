"""Mutual-fund orders for an amount of cash (IB's ``cashQty``), and the NAV that turns them into
shares.

A fund trades once a day at its net asset value, which is not known when the order is entered.
A buy may therefore be for an amount: the order is accepted (and an advisor's order is shared
among its accounts by value, the first step of IB's two-step fund allocation) and at the close
each amount becomes the whole shares it buys at the day's NAV (the second step). What an amount
does not spend on a whole share stays in cash.
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal
from typing import TYPE_CHECKING

from workstation.engine.core.errors import Rejection
from workstation.engine.core.instruments import Instrument, SecType
from workstation.engine.core.terms import Action, AllocationMethod

if TYPE_CHECKING:
    from workstation.engine.messages.commands import PlaceOrder
    from workstation.engine.orders.order import Order

_LARGEST_AMOUNT = Decimal("1e10")
CENT = Decimal("0.01")
# Methods that share an amount of money: by weights, or by each account's own amount.
_BY_VALUE = frozenset({AllocationMethod.EQUAL, AllocationMethod.NET_LIQ, AllocationMethod.AVAILABLE_EQUITY,
                       AllocationMethod.PERCENT, AllocationMethod.RATIO, AllocationMethod.MONETARY_AMOUNT,
                       AllocationMethod.MODEL})


def shares_for(amount: Decimal, nav: Decimal, multiplier: Decimal = Decimal(1)) -> int:
    """The whole shares ``amount`` buys at ``nav``."""
    if nav <= 0:
        return 0
    return int((amount / (nav * multiplier)).to_integral_value(rounding=ROUND_FLOOR))


def check_cash_quantity(command: PlaceOrder, instrument: Instrument) -> None:
    """An order for an amount of cash: a buy of a mutual fund, with no share quantity."""
    amount = command.cash_qty
    if amount is None:
        return
    if instrument.sec_type is not SecType.FUND:
        raise Rejection("INVALID_CASH_QTY", "cash_qty", f"{instrument.symbol} is not a mutual fund; order it in "
                        "shares or contracts")
    if command.action is not Action.BUY:
        raise Rejection("INVALID_CASH_QTY", "cash_qty", "a fund is sold in shares; give total_quantity")
    if command.total_quantity != 0:
        raise Rejection("INVALID_CASH_QTY", "cash_qty", "give an amount or a quantity, not both")
    if amount <= 0 or amount >= _LARGEST_AMOUNT or amount != amount.quantize(CENT):
        raise Rejection("INVALID_CASH_QTY", "cash_qty", f"{amount} must be a positive amount in whole cents")


def check_cash_method(method: AllocationMethod) -> None:
    if method not in _BY_VALUE:
        raise Rejection("INVALID_ALLOCATION_METHOD", "fa_method", f"{method.value} shares quantities, not an amount "
                        f"of cash; use one of {', '.join(sorted(m.value for m in _BY_VALUE))}")


def convert_at_nav(order: Order, nav: Decimal, multiplier: Decimal) -> int:
    """The second step: set the order's quantity (and each account's share) to the whole shares its
    amount buys at ``nav``; returns the order's new quantity."""
    assert order.cash_qty is not None
    plan = order.allocation
    if plan is None:
        order.total_quantity = Decimal(shares_for(order.cash_qty, nav, multiplier))
        return int(order.total_quantity)
    for row in plan.rows:
        shares = shares_for(row.amount, nav, multiplier)
        row.desired_quantity = row.allowed_quantity = shares
        if row.amount and not shares:
            row.note = f"{row.amount:,.2f} buys no whole share at the NAV {nav}"
    order.total_quantity = Decimal(plan.total_allowed)
    return plan.total_allowed
