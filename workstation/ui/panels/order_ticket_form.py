"""OrderTicketForm: the fields of Mosaic's Order Entry and how they are read, filled and marked.

Symbol (with completion), side (the form turns blue to buy, red to sell), quantity, type, prices
with bid/mid/ask helpers, time in force, outside RTH, and for advisors the Allocation field with a
method override; the message line and the buttons; and modify mode, where a banner names a
working order whose fields are shown, those a modification cannot change fixed. What the buttons do is
``OrderEntryPanel``'s business; the rules are ``client.ticket``'s.
"""

from __future__ import annotations

import functools

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workstation.client.allocation_choices import AllocationChoice, AllocationKind, allocation_choices
from workstation.client.ticket import OrderTicket, PriceHelper, default_quantity, helper_price, modified_order
from workstation.engine import Action, AllocationMethod, ModifyOrder, Order, OrderType, TimeInForce
from workstation.engine.core.errors import Rejected
from workstation.ui import formatting
from workstation.ui import object_names as names
from workstation.ui.bridge import EngineBridge, QuoteChanges
from workstation.ui.dialogs.inline_profile_dialog import InlineProfileDialog
from workstation.ui.field_labels import refusal_text
from workstation.ui.models.activity_log_model import describe_order

_TICKET_TYPES = (OrderType.LMT, OrderType.MKT, OrderType.STP, OrderType.STP_LMT)
"""The order types the ticket offers, in its menu's order."""
_GROUP_DEFAULT = "Group default"


class OrderTicketForm(QWidget):
    """One ticket's fields over the engine's catalog, quotes and allocation choices."""

    def __init__(self, bridge: EngineBridge, login: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(names.ORDER_ENTRY_PANEL)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._bridge = bridge
        self._login = login
        self._symbol = ""
        self._shown_order: int | None = None
        """the working order shown for modification, None for a new order"""
        self._build()
        engine = bridge.engine
        self.profile_button.setVisible(login in engine.account_ids() and engine.account(login).is_advisor)
        self._load_allocations()
        self.set_side(Action.BUY)
        self._on_type_changed()
        bridge.sig_quotes_updated.connect(self._on_quotes)
        bridge.sig_account_opened.connect(lambda _event: self._load_allocations())

    # -- what a person does ----------------------------------------------------------------------

    def load_symbol(self, symbol: str) -> None:
        """Show ``symbol`` on the ticket (typed, or chosen in a linked panel) with its default size,
        as a new order (a ticket modifying an order leaves modify mode)."""
        instrument = self._bridge.engine.catalog.get(symbol.strip().upper())
        if instrument is None:
            # Nothing of the previous contract stays: its name and quote would describe another order.
            self._symbol = ""
            self.symbol_input.setText(symbol.strip().upper())
            self.description.clear()
            self.quote_label.clear()
            self._show_done("")
            if symbol.strip():
                self._show_error("symbol", f"{symbol.strip().upper()} is not a known contract")
            else:
                self._clear_error()
            return
        self.unlock()
        self._symbol = instrument.symbol
        self.symbol_input.setText(instrument.symbol)
        self.description.setText(instrument.description)
        self.quantity_input.setText(f"{default_quantity(instrument):f}")
        self.limit_input.clear()
        self.stop_input.clear()
        self._clear_error()
        self._show_done("")
        self._show_quote()

    def set_side(self, action: Action) -> None:
        """Buy or Sell: the panel takes the side's colour (blue to buy, red to sell)."""
        (self.buy_button if action is Action.BUY else self.sell_button).setChecked(True)
        self.setProperty("side", action.value.lower())
        self.style().unpolish(self)
        self.style().polish(self)

    @property
    def side(self) -> Action:
        return Action.BUY if self.buy_button.isChecked() else Action.SELL

    def fill_price(self, which: PriceHelper) -> None:
        """The bid/mid/ask helper: puts that price in the limit field."""
        if not self._symbol:
            return
        engine = self._bridge.engine
        price = helper_price(engine.quote(self._symbol), which, engine.catalog[self._symbol].tick_size)
        self.limit_input.setText(formatting.price(price, formatting.places_for_tick(
            engine.catalog[self._symbol].tick_size)).replace(",", ""))

    def ticket(self) -> OrderTicket:
        """The fields as typed."""
        method = self.method_input.currentData()
        percent_mode = method is AllocationMethod.PCT_CHANGE
        return OrderTicket(
            symbol=self.symbol_input.text(), action=self.side,
            quantity="" if percent_mode else self.quantity_input.text(),
            order_type=self.type_input.currentData(), lmt_price=self.limit_input.text(),
            aux_price=self.stop_input.text(), tif=self.tif_input.currentData(),
            outside_rth=self.outside_rth_input.isChecked(), allocation=self.allocation_input.currentData(),
            fa_method=method, fa_percentage=self.quantity_input.text() if percent_mode else "")

    # -- a working order, for modification --------------------------------------------------------

    @property
    def shown_order_id(self) -> int | None:
        """The working order shown for modification, or None for a new order."""
        return self._shown_order

    def show_order(self, order: Order) -> None:
        """Fill the fields from working ``order`` and fix those a modification cannot change (the
        contract, side, type, outside RTH, allocation), with the banner naming the order."""
        instrument = self._bridge.engine.catalog[order.symbol]
        self._shown_order = order.order_id
        self._symbol = instrument.symbol
        self.symbol_input.setText(instrument.symbol)
        self.description.setText(instrument.description)
        self.set_side(order.action)
        _select(self.type_input, order.order_type)
        self.quantity_input.setText(f"{order.total_quantity.normalize():f}")
        self.limit_input.setText("" if order.lmt_price is None else f"{order.lmt_price:f}")
        self.stop_input.setText("" if order.aux_price is None else f"{order.aux_price:f}")
        _select(self.tif_input, order.tif)
        self.outside_rth_input.setChecked(order.outside_rth)
        with QSignalBlocker(self.allocation_input):
            self.allocation_input.clear()
            self.allocation_input.addItem(_allocation_of(order), None)
        self.method_input.setCurrentIndex(0)
        current = modified_order(order, ModifyOrder(order.order_id))  # the order as it stands, whole size
        self.modifying_label.setText(f"Modifying order {order.order_id}: {_terms(order)}")
        self.modifying_label.setToolTip(formatting.order_description(current))
        self._show_modify_mode(True)
        self._clear_error()
        self._show_done("")
        self._show_quote()

    def unlock(self) -> None:
        """Back to a new order's fields, if a working order was shown: they unlock and the
        Allocation field lists the choices again (the values stay until a symbol is loaded)."""
        if self._shown_order is None:
            return
        self._shown_order = None
        self._show_modify_mode(False)
        self._load_allocations()

    def _show_modify_mode(self, modifying: bool) -> None:
        """Modify mode in place of a new order's widgets, so the ticket keeps its height: the banner
        instead of the contract's name, New Order instead of Check Margin and Save (which do not apply
        to a modification), and the fields a modification cannot change disabled."""
        for widget in (self.symbol_input, self.buy_button, self.sell_button, self.type_input,
                       self.outside_rth_input, self.allocation_input, self.method_input):
            widget.setEnabled(not modifying)
        for widget in (self.description, self.check_margin_button, self.save_button):
            widget.setHidden(modifying)
        for widget in (self.modifying_label, self.cancel_modify_button):
            widget.setHidden(not modifying)

    # -- construction ---------------------------------------------------------------------------

    def _build(self) -> None:
        catalog = self._bridge.engine.catalog
        self.symbol_input = self._line(names.ORDER_SYMBOL, "Symbol", 110)
        completer = QCompleter(sorted(i.symbol for i in catalog if i.tradable), self.symbol_input)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.symbol_input.setCompleter(completer)
        self.symbol_input.editingFinished.connect(self._on_symbol_typed)
        self.symbol_input.textEdited.connect(self._on_symbol_edited)
        self.description = self._label(names.ORDER_DESCRIPTION)
        self.quote_label = self._label(names.ORDER_QUOTE)

        self.buy_button = self._side_button(names.ORDER_BUY, "BUY", Action.BUY)
        self.sell_button = self._side_button(names.ORDER_SELL, "SELL", Action.SELL)
        sides = QButtonGroup(self)
        sides.setExclusive(True)
        sides.addButton(self.buy_button)
        sides.addButton(self.sell_button)

        self.quantity_label = QLabel("Quantity", self)
        self.quantity_input = self._line(names.ORDER_QUANTITY, "Quantity", 80)
        self.type_input = self._combo(names.ORDER_TYPE, [(t.value, t) for t in _TICKET_TYPES])
        self.type_input.currentIndexChanged.connect(self._on_type_changed)
        self.limit_input = self._line(names.ORDER_LIMIT_PRICE, "Lmt Price", 80)
        self.stop_input = self._line(names.ORDER_STOP_PRICE, "Aux Price", 80)
        helpers = QHBoxLayout()
        helpers.setSpacing(2)
        self._price_helpers: list[QToolButton] = []
        for which, name in ((PriceHelper.BID, names.ORDER_PRICE_BID), (PriceHelper.MID, names.ORDER_PRICE_MID),
                            (PriceHelper.ASK, names.ORDER_PRICE_ASK)):
            button = QToolButton(self)
            button.setObjectName(name)
            button.setText(which.value)
            button.setToolTip(f"Set the limit price to the {which.value.lower()}")
            button.clicked.connect(functools.partial(self.fill_price, which))
            helpers.addWidget(button)
            self._price_helpers.append(button)
        self.tif_input = self._combo(names.ORDER_TIF, [(t.value, t) for t in TimeInForce])
        self.outside_rth_input = QCheckBox("Outside RTH", self)
        self.outside_rth_input.setObjectName(names.ORDER_OUTSIDE_RTH)
        self.outside_rth_input.clicked.connect(lambda _checked: self._on_edited())
        self.allocation_input = self._combo(names.ORDER_ALLOCATION, [])
        self.allocation_input.setMinimumContentsLength(22)
        self.allocation_input.currentIndexChanged.connect(self._on_allocation_changed)
        self.method_input = self._combo(names.ORDER_ALLOCATION_METHOD,
                                        [(_GROUP_DEFAULT, None)] + [(m.value, m) for m in AllocationMethod
                                                                    if m is not AllocationMethod.MODEL])
        self.method_input.currentIndexChanged.connect(self._on_method_changed)
        self.profile_button = QPushButton("Profile…", self)
        self.profile_button.setObjectName(names.ORDER_PROFILE_EDIT)
        self.profile_button.setToolTip("Allocate this order by an inline profile: accounts and amounts for it alone")
        self.profile_button.clicked.connect(self.edit_inline_profile)

        self.message = self._label(names.ORDER_MESSAGE)
        self.message.setWordWrap(True)
        self.check_margin_button = QPushButton("Check Margin", self)
        self.check_margin_button.setObjectName(names.ORDER_CHECK_MARGIN)
        self.check_margin_button.setToolTip("Advanced: preview the order's margin impact and commission")
        self.save_button = QPushButton("Save", self)
        self.save_button.setObjectName(names.ORDER_SAVE)
        self.save_button.setToolTip("Stage the order to transmit later from Activity's Staged page")
        self.submit_button = QPushButton("Submit", self)
        self.submit_button.setObjectName(names.ORDER_SUBMIT)
        self.submit_button.setDefault(True)
        self.modifying_label = self._label(names.ORDER_MODIFYING)
        self.cancel_modify_button = QPushButton("New Order", self)
        self.cancel_modify_button.setObjectName(names.ORDER_CANCEL_MODIFY)
        self.cancel_modify_button.setToolTip("Stop modifying: leave the order as it is and start a new one")

        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        top = QHBoxLayout()
        top.addWidget(self.symbol_input)
        top.addWidget(self.description, 1)
        top.addWidget(self.modifying_label, 1)
        top.addWidget(self.quote_label)
        row = 0
        for column, (label, widget) in enumerate((
                (None, self.buy_button), (None, self.sell_button), (self.quantity_label, self.quantity_input),
                ("Type", self.type_input), ("Lmt Price", self.limit_input), ("Aux Price", self.stop_input),
                ("TIF", self.tif_input))):
            if label is not None:
                grid.addWidget(label if isinstance(label, QLabel) else QLabel(label, self), row, column)
            grid.addWidget(widget, row + 1, column)
        grid.addLayout(helpers, row + 2, 4)
        grid.addWidget(self.outside_rth_input, row + 1, 7)
        allocation_row = QHBoxLayout()
        allocation_row.addWidget(QLabel("Allocation", self))
        allocation_row.addWidget(self.allocation_input)
        allocation_row.addWidget(QLabel("Method", self))
        allocation_row.addWidget(self.method_input)
        allocation_row.addWidget(self.profile_button)
        allocation_row.addStretch(1)
        # The message has a row of its own, the ticket's full width: a long refusal wraps to two
        # lines there instead of squeezing the buttons and growing the panel a scroll bar.
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.check_margin_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_modify_button)
        buttons.addWidget(self.submit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(top)
        layout.addLayout(grid)
        layout.addLayout(allocation_row)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self._show_modify_mode(False)

    def _line(self, name: str, placeholder: str, width: int) -> QLineEdit:
        line = QLineEdit(self)
        line.setObjectName(name)
        line.setPlaceholderText(placeholder)
        line.setMinimumWidth(width)
        line.textEdited.connect(lambda _text: self._on_edited())
        return line

    def _label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        return label

    def _combo(self, name: str, items: list[tuple[str, object]]) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        for text, data in items:
            combo.addItem(text, data)
        combo.activated.connect(lambda _index: self._on_edited())  # chosen by the person, not filled in
        return combo

    def _side_button(self, name: str, text: str, action: Action) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setCheckable(True)
        button.clicked.connect(functools.partial(self.set_side, action))
        button.clicked.connect(lambda _checked: self._on_edited())
        return button

    def edit_inline_profile(self) -> InlineProfileDialog:
        """Open the inline profile editor (on the profile in use, if any); OK puts the profile in
        Allocation for this ticket."""
        current = self.allocation_input.currentData()
        profile = current if isinstance(current, AllocationChoice) and current.kind is AllocationKind.PROFILE else None
        dialog = InlineProfileDialog(self._bridge, self._login, profile, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.use_allocation(dialog.choice()))
        dialog.open()
        return dialog

    def use_allocation(self, choice: AllocationChoice) -> None:
        """Show ``choice`` in Allocation and select it (an inline profile replaces the previous one)."""
        with QSignalBlocker(self.allocation_input):
            for index in reversed(range(self.allocation_input.count())):
                listed = self.allocation_input.itemData(index)
                if isinstance(listed, AllocationChoice) and listed.kind is AllocationKind.PROFILE:
                    self.allocation_input.removeItem(index)
            self.allocation_input.insertItem(0, choice.label, choice)
            self.allocation_input.setItemData(0, choice.label, Qt.ItemDataRole.ToolTipRole)  # the field truncates it
            self.allocation_input.setCurrentIndex(0)
        self._on_allocation_changed()

    def _load_allocations(self) -> None:
        if self._shown_order is not None:
            return  # the order's allocation stays shown until the ticket leaves modify mode
        current = self.allocation_input.currentData()
        if isinstance(current, AllocationChoice) and current.kind is AllocationKind.PROFILE:
            self._load_choices(current)
            self.use_allocation(current)  # an inline profile is the ticket's own: it stays chosen
            return
        self._load_choices(current)
        self._on_allocation_changed()

    def _load_choices(self, current: object) -> None:
        choices = allocation_choices(self._bridge.engine, self._login)
        with QSignalBlocker(self.allocation_input):
            self.allocation_input.clear()
            for choice in choices:
                self.allocation_input.addItem(choice.label, choice)
            if current in choices:
                self.allocation_input.setCurrentIndex(choices.index(current))
        self.allocation_input.setEnabled(len(choices) > 1)

    # -- reactions ------------------------------------------------------------------------------

    def _on_symbol_edited(self, text: str) -> None:
        """While another symbol is typed, the loaded contract's name and live quote no longer
        describe the ticket: they go at the first keystroke, not only when the field is left."""
        if self._symbol and text.strip().upper() != self._symbol:
            self._symbol = ""
            self.description.clear()
            self.quote_label.clear()

    def _on_symbol_typed(self) -> None:
        if self.symbol_input.text().strip().upper() != self._symbol:
            self.load_symbol(self.symbol_input.text())

    def _on_type_changed(self) -> None:
        order_type: OrderType = self.type_input.currentData()
        uses_limit, uses_stop = order_type.takes_limit, order_type.takes_stop
        self.limit_input.setEnabled(uses_limit)
        self.stop_input.setEnabled(uses_stop)
        for button in self._price_helpers:
            button.setEnabled(uses_limit)

    def _on_allocation_changed(self) -> None:
        choice = self.allocation_input.currentData()
        allocates = isinstance(choice, AllocationChoice) and choice.kind is not AllocationKind.ACCOUNT
        # A model shares by its investments and an inline profile by its own method's amounts.
        fixed = allocates and choice.kind in (AllocationKind.MODEL, AllocationKind.PROFILE)
        self.method_input.setEnabled(allocates and not fixed)
        self.method_input.setToolTip(_METHOD_FIXED.get(choice.kind, "") if fixed else "")
        if not self.method_input.isEnabled():
            self.method_input.setCurrentIndex(0)

    def _on_method_changed(self) -> None:
        percent_mode = self.method_input.currentData() is AllocationMethod.PCT_CHANGE
        self.quantity_label.setText("% Change" if percent_mode else "Quantity")
        self.quantity_input.setPlaceholderText("% Change" if percent_mode else "Quantity")

    def _on_quotes(self, changes: QuoteChanges) -> None:
        if self._symbol and changes.includes(self._symbol):
            self._show_quote()

    def _show_quote(self) -> None:
        engine = self._bridge.engine
        quote = engine.quote(self._symbol)
        places = formatting.places_for_tick(engine.catalog[self._symbol].tick_size)
        self.quote_label.setText(f"Bid {formatting.price(quote.bid, places)}  Ask {formatting.price(quote.ask, places)}"
                                 f"  Last {formatting.price(quote.last, places)}")

    # -- validation display ---------------------------------------------------------------------

    def _checked_inputs(self) -> tuple[QWidget, ...]:
        """The inputs a ticket error can be marked on."""
        return (self.symbol_input, self.quantity_input, self.limit_input, self.stop_input, self.allocation_input,
                self.method_input)

    def _field_widget(self, field: str) -> QWidget | None:
        return {"fa_method": self.method_input,
                "symbol": self.symbol_input, "quantity": self.quantity_input, "total_quantity": self.quantity_input,
                "fa_percentage": self.quantity_input, "lmt_price": self.limit_input, "aux_price": self.stop_input,
                "allocation": self.allocation_input, "fa_group": self.allocation_input,
                "account": self.allocation_input}.get(field)

    def _show_error(self, field: str, reason: str) -> None:
        """``reason`` (without the field) on the message line in TWS's words, and marked on the
        field's input."""
        self._clear_error()
        text = refusal_text(field, reason)
        widget = self._field_widget(field)
        if widget is not None:
            widget.setProperty("invalid", True)
            widget.setToolTip(text)
            self._repolish(widget)
        self.message.setText(text)
        self.message.setToolTip(text)
        self.message.setProperty("state", "error")
        self._repolish(self.message)

    def _show_refusal(self, refusal: Rejected) -> None:
        """An engine refusal, marked on the field it names."""
        self._show_error(refusal.field, refusal.message)

    def _on_edited(self) -> None:
        """The person changed the ticket: the last error and the last "Transmitted" no longer apply."""
        self._clear_error()
        if self.message.property("state") == "ok":
            self._show_done("")

    def _show_done(self, text: str) -> None:
        """What the last action did (transmitted, saved, modified), in the message line."""
        self.message.setText(text)
        self.message.setToolTip(text)
        state = "ok" if text else ""
        if self.message.property("state") != state:  # the style sheet reads only the state: restyle on a change
            self.message.setProperty("state", state)
            self._repolish(self.message)

    def _clear_error(self) -> None:
        for widget in self._checked_inputs():
            if widget.property("invalid"):
                widget.setProperty("invalid", False)
                widget.setToolTip("")
                self._repolish(widget)
        if self.message.property("state") == "error":
            self.message.clear()
            self.message.setProperty("state", "")
            self._repolish(self.message)

    @property
    def error_field(self) -> str | None:
        """The objectName of the input marked invalid, if any (for automation)."""
        for widget in self._checked_inputs():
            if widget.property("invalid"):
                return widget.objectName()
        return None

    def _repolish(self, widget: QWidget) -> None:
        widget.style().unpolish(widget)
        widget.style().polish(widget)


_METHOD_FIXED = {
    AllocationKind.MODEL: "A model shares the order by each account's investment in it.",
    AllocationKind.PROFILE: "An inline profile carries its own method: change it with Profile….",
}
"""Why the method override is disabled for an allocation that fixes its method."""


def _select(combo: QComboBox, data: object) -> None:
    """Choose the item of ``combo`` whose data is ``data`` (an enum member)."""
    for index in range(combo.count()):
        if combo.itemData(index) is data:
            combo.setCurrentIndex(index)
            return


def _terms(order: Order) -> str:
    """A working order in the banner's few words: ``BUY 100 AAPL LMT 200.00 DAY``."""
    lmt = "" if order.lmt_price is None else f" {order.lmt_price:f}"
    stop = "" if order.aux_price is None else f" stop {order.aux_price:f}"
    return f"{describe_order(order)}{lmt}{stop} {order.tif.value}"


def _allocation_of(order: Order) -> str:
    """Who a working order is for, as its fixed Allocation field shows it."""
    plan = order.allocation
    if plan is None:
        return order.account
    return f"{plan.model} (model)" if plan.model is not None else f"{plan.group} (group, {plan.method.value})"


