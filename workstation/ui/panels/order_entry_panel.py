"""OrderEntryPanel: Mosaic's Order Entry, what its buttons do over the fields of ``OrderTicketForm``.

Submit transmits after a confirmation (Override and Transmit with precautionary warnings); Save
stages the ticket for Activity's Staged page; Check Margin asks for the Order Preview. Modify, from
an order line, loads a working order: a banner names it, Submit then sends the modification, and
New Order goes back. The rules live in ``engine.order_ticket``; the panel shows their answers and
the engine's refusals on the field at fault, and transmits through the bridge.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from workstation.engine.api import Result
from workstation.engine.core.errors import Rejected
from workstation.engine.messages.commands import ModifyOrder, PlaceOrder
from workstation.engine.messages.events import OrderStatusChanged
from workstation.engine.views.order_ticket import TicketError, can_modify, modified_order
from workstation.engine.views.staged_orders import StagedOrder, StagedOrders
from workstation.ui import formatting
from workstation.ui.bridge import EngineBridge
from workstation.ui.dialogs.order_confirm_dialog import confirm_order, describe_changes, order_summary
from workstation.ui.panels.order_ticket_form import OrderTicketForm


class OrderEntryPanel(OrderTicketForm):
    """One ticket. ``sig_preview_requested`` carries the order for Advanced -> Check Margin;
    ``sig_transmitted`` the engine's answer to a transmitted order or modification. Save adds to
    ``staged`` (the main window shares it with Activity)."""

    sig_preview_requested = Signal(object)
    sig_transmitted = Signal(object)

    def __init__(self, bridge: EngineBridge, login: str, parent: QWidget | None = None, *,
                 staged: StagedOrders | None = None) -> None:
        super().__init__(bridge, login, parent)
        self._staged = StagedOrders(login) if staged is None else staged
        self.check_margin_button.clicked.connect(self.check_margin)
        self.save_button.clicked.connect(self.save)
        self.submit_button.clicked.connect(self.submit)
        self.cancel_modify_button.clicked.connect(self.new_order)
        bridge.sig_order_status_changed.connect(self._on_order_status_changed)

    # -- a new order ----------------------------------------------------------------------------

    def order(self) -> PlaceOrder | None:
        """The order the ticket asks for, or None with the field at fault marked and explained."""
        try:
            command = self.ticket().to_order(self._login, self._bridge.engine.catalog)
        except TicketError as error:
            self._show_error(error.field, error.reason)
            return None
        self._clear_error()
        return command

    def submit(self) -> QMessageBox | None:
        """Submit: the confirmation (with any precautionary warnings) opens; Transmit sends the
        order, or in modify mode the modification."""
        if self.modifying_order_id is not None:
            return self._submit_modification()
        command = self.order()
        if command is None:
            return None
        return confirm_order(self, "Transmit Order", formatting.order_description(command), "Transmit",
                             self._bridge.engine.precautions(command), lambda: self.transmit(command),
                             details=order_summary(self._bridge.preview(command)))

    def transmit(self, command: PlaceOrder) -> Result:
        """Send the order to the engine; a refusal is shown on the ticket, nothing is lost."""
        result = self._bridge.submit(command)
        if isinstance(result, Rejected):
            self._show_refusal(result.message)
        else:
            self._show_done(f"Transmitted: {formatting.order_description(command)}")
        self.sig_transmitted.emit(result)
        return result

    def save(self) -> StagedOrder | None:
        """Save: check the ticket as Submit does and stage it for Activity's Staged page, sending
        nothing; None (with the field at fault marked) if it does not check, or in modify mode."""
        if self.modifying_order_id is not None:
            return None
        command = self.order()
        if command is None:
            return None
        staged = self._staged.add(self.ticket(), self._bridge.engine.now)
        self._show_done(f"Saved to Activity's Staged page: {formatting.order_description(command)}")
        return staged

    def check_margin(self) -> None:
        """Advanced -> Check Margin: ask for the Order Preview of the ticket."""
        command = self.order()
        if command is not None:
            self.sig_preview_requested.emit(command)

    # -- modifying a working order --------------------------------------------------------------

    @property
    def modifying_order_id(self) -> int | None:
        """The order Modify loaded into the ticket, or None for a new order."""
        return self.shown_order_id

    def modify_order(self, order_id: int) -> bool:
        """Modify: load working order ``order_id``. Its quantity, prices and time in force can change;
        its contract, side, type and allocation are shown but fixed. False, with the reason on the
        ticket, if it cannot be modified here (done, being cancelled, a combo)."""
        order = self._bridge.engine.order(order_id)
        if not can_modify(order):
            self._show_error("order_id", f"order {order_id} is {order.status.value} and cannot be modified here")
            return False
        self.show_order(order)
        return True

    def new_order(self) -> None:
        """New Order (in modify mode): leave the order as it is and start a new ticket for its symbol."""
        if self.modifying_order_id is not None:
            self.load_symbol(self._symbol)

    def modification(self) -> ModifyOrder | None:
        """The change the ticket asks of the loaded order, or None with the field at fault marked."""
        order_id = self.modifying_order_id
        if order_id is None:
            return None
        engine = self._bridge.engine
        try:
            change = self.ticket().to_modify(engine.order(order_id), engine.catalog)
        except TicketError as error:
            self._show_error(error.field, error.reason)
            return None
        self._clear_error()
        return change

    def transmit_modification(self, change: ModifyOrder) -> Result:
        """Send the modification. Accepted, the ticket goes back to a new order; refused, the
        engine's reason is shown on the field it names and the ticket stays as typed."""
        order = self._bridge.engine.order(change.order_id)
        description = formatting.order_description(modified_order(order, change))
        result = self._bridge.submit(change)
        if isinstance(result, Rejected):
            self._show_refusal(result.message)
        else:
            self.new_order()
            self._show_done(f"Modified order {change.order_id}: {description}")
        self.sig_transmitted.emit(result)
        return result

    def _submit_modification(self) -> QMessageBox | None:
        change = self.modification()
        if change is None:
            return None
        engine = self._bridge.engine
        order = engine.order(change.order_id)
        after = modified_order(order, change)
        places = formatting.places_for_tick(engine.catalog[order.symbol].tick_size)
        return confirm_order(self, "Modify Order",
                             f"Modify order {order.order_id}: {formatting.order_description(after)}", "Modify",
                             engine.precautions(after), lambda: self.transmit_modification(change),
                             details=describe_changes(order, change, places))

    def _on_order_status_changed(self, event: OrderStatusChanged) -> None:
        """The order being modified filled or was cancelled meanwhile: nothing is left to modify."""
        if event.order_id == self.modifying_order_id and not can_modify(self._bridge.engine.order(event.order_id)):
            self.new_order()
            self._show_error("order_id", f"order {event.order_id} is {event.status.value}; there is nothing left "
                                         "to modify")
