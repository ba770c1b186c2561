"""The engine's field names in TWS's words, for every refusal the workstation shows.

The engine words each refusal ``field: reason`` with the field's Python name (``total_quantity``,
``lmt_price``); a person sees the label of the input it is about (``Quantity``, ``Limit price``).
This is the one mapping; windows show refusals through :func:`refusal_text` and mark the input
that :func:`field_of` names.
"""

from __future__ import annotations

from workstation.engine.views.advisor_setup import MEMBERS_FIELD, field_of

__all__ = ["FIELD_LABELS", "field_label", "field_of", "refusal_text"]

FIELD_LABELS: dict[str, str] = {
    # an order (Order Entry, Order Preview, the confirmation, Activity)
    "symbol": "Symbol",
    "action": "Action",
    "quantity": "Quantity",
    "total_quantity": "Quantity",
    "fa_percentage": "% Change",
    "order_type": "Order type",
    "lmt_price": "Limit price",
    "aux_price": "Stop price",
    "tif": "Time in force",
    "outside_rth": "Outside RTH",
    "cash_qty": "Cash quantity",
    "legs": "Legs",
    "account": "Account",
    "allocation": "Allocation",
    "fa_group": "Allocation",
    "fa_method": "Allocation method",
    "fa_allocations": "Inline profile",
    "model_code": "Model",
    "entered_by": "Login",
    "order_id": "",            # the message names the order itself
    # Advisor Setup and the inline profile editor
    "name": "Name",
    "method": "Method",
    MEMBERS_FIELD: "Accounts",
    "default_method": "Method for All",
    "odd_lot_account": "Odd-lot account",
    "advisor": "Advisor",
    # Transfers, deposits and withdrawals
    "from_account": "From",
    "to_account": "To",
    "currency": "Currency",
    "amount": "Amount",
    # the partition wizard
    "listing_id": "Advisor",
    "entitlements": "Permissions",
}
"""Engine field -> the label of its input in the workstation ("" when the reason says it all)."""


def field_label(field: str) -> str:
    """TWS's label for ``field``: ``lmt_price`` -> ``Limit price``, a member's amount
    ``accounts.C1`` -> ``Amount for C1``; a field with no label keeps its name."""
    head, dot, member = field.partition(".")
    if dot and head == MEMBERS_FIELD:
        return f"Amount for {member}"
    return FIELD_LABELS.get(field, field)


def refusal_text(message: str) -> str:
    """An engine message ``field: reason`` as a person reads it: ``Limit price: reason``."""
    field = field_of(message)
    if not field:
        return message
    reason = message.partition(":")[2].strip()
    label = field_label(field)
    return f"{label}: {reason}" if label else reason[:1].upper() + reason[1:]
