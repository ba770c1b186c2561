"""The engine's field names in TWS's words, for every refusal the workstation shows.

The engine names the field of each refusal (``Rejected.field``) by its Python name
(``total_quantity``, ``lmt_price``); a person sees the label of the input it is about
(``Quantity``, ``Limit price``). This is the one mapping; windows show refusals through
:func:`refusal_text` and mark the input the refusal's ``field`` names.
"""

from __future__ import annotations

from typing import Protocol

from workstation.engine.views.advisor_setup import MEMBERS_FIELD

__all__ = ["FIELD_LABELS", "Refusal", "field_label", "refusal_shown", "refusal_text"]

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
    "bank": "Bank",
    # Account Management's settings pages
    "to": "Account type",
    "signature": "Signature",
    "permissions": "Permissions",
    "device": "Security device",
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


def refusal_text(field: str, reason: str) -> str:
    """A refusal of ``field`` (``Rejected.field``, "" for none) for ``reason`` as a person reads
    it: ``Limit price: reason``; the reason alone, capitalised, for a field whose label is ""."""
    if not field:
        return reason
    label = field_label(field)
    return f"{label}: {reason}" if label else reason[:1].upper() + reason[1:]


class Refusal(Protocol):
    """Anything that refuses one field for a reason: ``Rejected``, ``CommandRejected``,
    ``FieldProblem``, ``FieldValueError``."""

    @property
    def field(self) -> str: ...

    @property
    def message(self) -> str: ...


def refusal_shown(refusal: Refusal) -> str:
    """``refusal`` as a person reads it (see :func:`refusal_text`)."""
    return refusal_text(refusal.field, refusal.message)
