"""The confirmation TWS shows before an order goes out: from Order Entry's Submit (a new order or a
modification) and from Activity's Staged page. Precautionary warnings turn it into a warning whose
button says "Override and ..." and whose default is Cancel.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from workstation.engine.commands import ModifyOrder
from workstation.engine.orders import Order
from workstation.ui import formatting
from workstation.ui import object_names as names
from workstation.ui.models.orders_table_model import quantity_text


def confirm_order(parent: QWidget, title: str, text: str, verb: str, warnings: Sequence[str],
                  on_transmit: Callable[[], object], details: Sequence[str] = ()) -> QMessageBox:
    """Open the confirmation (window-modal, deleted when closed): ``text`` says what goes out,
    ``details`` and ``warnings`` follow it; the button ``verb`` (``Override and {verb}`` when there
    are warnings) calls ``on_transmit``, Cancel sends nothing."""
    box = QMessageBox(QMessageBox.Icon.Warning if warnings else QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.Cancel, parent)
    box.setObjectName(names.ORDER_CONFIRM_DIALOG)
    transmit = box.addButton(f"Override and {verb}" if warnings else verb, QMessageBox.ButtonRole.AcceptRole)
    transmit.setObjectName(names.ORDER_TRANSMIT)
    informative = [*details, *warnings]
    if informative:
        box.setInformativeText("\n".join(informative))
    box.setDefaultButton(QMessageBox.StandardButton.Cancel if warnings else transmit)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.buttonClicked.connect(lambda button: on_transmit() if button is transmit else None)
    box.open()
    return box


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
