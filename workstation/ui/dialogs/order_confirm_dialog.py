"""The confirmation TWS shows before an order goes out: from Order Entry's Submit (a new order or a
modification) and from Activity's Staged page. Precautionary warnings turn it into a warning whose
button says "Override and ..." and whose default is Cancel.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from workstation.engine import MarginImpact, ModifyOrder, Order, OrderPreview
from workstation.ui import formatting
from workstation.ui import object_names as names
from workstation.ui.field_labels import refusal_shown
from workstation.ui.models.orders_table_model import quantity_text


def confirm_order(parent: QWidget, title: str, text: str, verb: str, warnings: Sequence[str],
                  on_transmit: Callable[[], object], details: Sequence[str] = ()) -> QMessageBox:
    """Open the confirmation (window-modal, deleted when closed): ``text`` says what goes out,
    ``details`` and ``warnings`` follow it; the button ``verb`` (``Override and {verb}`` when there
    are warnings) calls ``on_transmit``, Cancel sends nothing."""
    box = QMessageBox(QMessageBox.Icon.Warning if warnings else QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.Cancel, parent)
    box.setObjectName(names.ORDER_CONFIRM_DIALOG)
    # Wide enough for the order and its figures on one line each.
    box.setStyleSheet("QLabel#qt_msgbox_label, QLabel#qt_msgbox_informativelabel { min-width: 440px; }")
    transmit = box.addButton(f"Override and {verb}" if warnings else verb, QMessageBox.ButtonRole.AcceptRole)
    transmit.setObjectName(names.ORDER_TRANSMIT)
    # The figures, then (after a blank line) what would stop or should give pause: never one block.
    informative = "\n\n".join(part for part in ("\n".join(details), "\n".join(warnings)) if part)
    if informative:
        box.setInformativeText(informative)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel if warnings else transmit)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.buttonClicked.connect(lambda button: on_transmit() if button is transmit else None)
    box.open()
    return box


_LISTED_ACCOUNTS = 5
"""An advisor order's confirmation lists the margin change of this many accounts, then a count."""


def order_summary(preview: OrderPreview) -> list[str]:
    """What TWS's confirmation shows under the order, all from the engine's what-if: the value,
    the commission estimate, the margin change (each account's, for an advisor order), and the
    reason the engine would refuse it."""
    lines = []
    if preview.value is not None:
        lines.append(f"Value: {formatting.money(preview.value)} {preview.value_currency}")
    lines.append(f"Commission (estimate): {formatting.commission_estimate(preview)}")
    impacts = [preview.margin] if preview.margin is not None else list(preview.account_margins)
    for impact in impacts[:_LISTED_ACCOUNTS]:
        lines.extend(_margin_lines(impact, named=preview.margin is None))
    if len(impacts) > _LISTED_ACCOUNTS:
        lines.append(f"… and {len(impacts) - _LISTED_ACCOUNTS} more accounts (Check Margin shows each)")
    if preview.rejected is not None:
        lines += ["", f"The order would be rejected: {refusal_shown(preview.rejected)}"]
    return lines


def _margin_lines(impact: MarginImpact, *, named: bool) -> list[str]:
    """``Initial margin: +5,812.50 USD (to 5,812.50)`` and the maintenance margin likewise; for an
    advisor order's account, one line naming it."""
    initial, maintenance = impact.initial_margin, impact.maintenance_margin
    if named:
        return [f"{impact.account}: initial margin {formatting.signed(initial.change)} {impact.currency}, "
                f"maintenance {formatting.signed(maintenance.change)} {impact.currency}"]
    return [f"Initial margin: {formatting.signed(initial.change)} {impact.currency} "
            f"(to {formatting.money(initial.after)})",
            f"Maintenance margin: {formatting.signed(maintenance.change)} {impact.currency} "
            f"(to {formatting.money(maintenance.after)})"]


def describe_changes(order: Order, change: ModifyOrder, places: int) -> list[str]:
    """What a modification changes, one line per field: ``Quantity: 100 → 150``."""
    def price(value: Decimal | None) -> str:
        return "none" if value is None else formatting.price(value, places)

    lines = []
    if change.total_quantity is not None:
        lines.append(f"Quantity: {quantity_text(order.total_quantity)} → {quantity_text(change.total_quantity)}")
    if change.lmt_price is not None:
        lines.append(f"Lmt Price: {price(order.lmt_price)} → {price(change.lmt_price)}")
    if change.aux_price is not None:
        lines.append(f"Aux Price: {price(order.aux_price)} → {price(change.aux_price)}")
    if change.tif is not None:
        lines.append(f"TIF: {order.tif.value} → {change.tif.value}")
    return lines
