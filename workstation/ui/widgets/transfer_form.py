"""TransferForm: one tab of the Transfers dialog, a form whose command the engine checks.

It shows a notice instead of the fields while they cannot be used, then the fields, the message
line and Submit. Submit asks for confirmation before anything moves. An engine refusal names its
field (``amount: ...``): that field is marked and the message moves under it, so the reason is read
where the value was typed; changing any field clears it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workstation.engine import Command, Rejected, Result
from workstation.engine.core.errors import FIELD_ERRORS
from workstation.ui import object_names as names
from workstation.ui.bridge import EngineBridge
from workstation.ui.field_labels import refusal_text
from workstation.ui.widgets.marking import mark_invalid, repolish


class TransferForm(QWidget):
    """One tab: a notice (when the tab cannot be used yet), the fields, the message line and Submit.
    The message sits under the field an engine refusal names, else under the last field."""

    def __init__(self, name: str, submit_name: str, message_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.fields: dict[str, QWidget] = {}
        """The engine's field name -> the widget it is entered in."""
        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        self.notice.setProperty("state", "warning")
        self.notice.hide()
        self.body = QWidget(self)
        self.form = QFormLayout(self.body)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.submit = QPushButton("Submit", self)
        self.submit.setObjectName(submit_name)
        self.submit.setAutoDefault(False)
        self.message = QLabel(self.body)
        self.message.setObjectName(message_name)
        self.message.setWordWrap(True)
        self.message.hide()
        self._message_caption = QLabel(self.body)
        self._message_after: QWidget | None = None
        footer = QHBoxLayout()
        footer.addStretch(1)
        footer.addWidget(self.submit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addWidget(self.body)
        layout.addLayout(footer)
        layout.addStretch(1)

    def combo(self, field: str, caption: str, name: str) -> QComboBox:
        combo = QComboBox(self.body)
        combo.setObjectName(name)
        combo.setMinimumContentsLength(24)
        self.fields[field] = combo
        self.form.addRow(caption, combo)
        combo.currentIndexChanged.connect(lambda _index: self.clear_error())
        return combo

    def line(self, field: str, caption: str, name: str, placeholder: str) -> QLineEdit:
        line = QLineEdit(self.body)
        line.setObjectName(name)
        line.setPlaceholderText(placeholder)
        line.returnPressed.connect(self.submit.click)
        line.textEdited.connect(lambda _text: self.clear_error())
        self.fields[field] = line
        self.form.addRow(caption, line)
        return line

    def note(self, text: str = "", name: str = "") -> QLabel:
        label = QLabel(text, self.body)
        label.setWordWrap(True)
        label.setProperty("hint", True)
        if name:
            label.setObjectName(name)
        self.form.addRow("", label)
        return label

    def set_usable(self, notice: str) -> None:
        """Disable the fields and Submit while ``notice`` says why (an empty notice enables them)."""
        self.notice.setText(notice)
        self.notice.setVisible(bool(notice))
        self.body.setEnabled(not notice)
        self.submit.setEnabled(not notice)

    def send(self, bridge: EngineBridge, build: Callable[[], Command], success: Callable[[], str], question: str,
             verb: str, done: Callable[[Result], object]) -> QMessageBox | None:
        """Build the command from the fields and ask ``question`` (window-modal); ``verb`` submits
        it, shows the engine's answer and calls ``done`` with it, Cancel sends nothing. None, with
        nothing asked, when a field cannot even make a command (text that is not a number), which
        is marked instead."""
        try:
            command = build()
        except FIELD_ERRORS as error:
            self._show_refusal(error.field, error.message)
            return None
        except (ValueError, TypeError) as error:  # names no field: shown as it is
            self._show(str(error), "error")
            return None
        box = QMessageBox(QMessageBox.Icon.Question, "Confirm", question, QMessageBox.StandardButton.Cancel, self)
        box.setObjectName(names.TRANSFER_CONFIRM_DIALOG)
        box.setStyleSheet("QLabel#qt_msgbox_label { min-width: 380px; }")
        confirm = box.addButton(verb, QMessageBox.ButtonRole.AcceptRole)
        confirm.setObjectName(names.TRANSFER_CONFIRM)
        box.setDefaultButton(confirm)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda button: done(self._submit(bridge, command, success))
                                  if button is confirm else None)
        box.open()
        return box

    def _submit(self, bridge: EngineBridge, command: Command, success: Callable[[], str]) -> Result:
        text = success()  # worded before the ledger moves, from what was asked
        result = bridge.submit(command)
        if isinstance(result, Rejected):
            self._show_refusal(result.field, result.message)
        else:
            self._show(text, "ok")
        return result

    def show_done(self, text: str) -> None:
        """Replace the success line with ``text`` (worded from what the engine answered)."""
        self._show(text, "ok")

    def clear_error(self) -> None:
        """A field changed: the last refusal no longer applies to what is typed."""
        if self.message.property("state") != "error":
            return
        for widget in self.fields.values():
            mark_invalid(widget, False)
        self.message.clear()
        self.message.hide()
        self.message.setProperty("state", "")
        repolish(self.message)

    def _show_refusal(self, field: str, reason: str) -> None:
        """A refusal of ``field`` in TWS's words, marked on its input and shown under it."""
        self._show(refusal_text(field, reason), "error", field)

    def _show(self, text: str, state: str, field: str = "") -> None:
        for name, widget in self.fields.items():
            mark_invalid(widget, name == field, text)
        self._place_message(self.fields.get(field) or list(self.fields.values())[-1])
        self.message.setText(text)
        self.message.setVisible(bool(text))
        if self.message.property("state") != state:
            self.message.setProperty("state", state)
            repolish(self.message)

    def _place_message(self, field: QWidget) -> None:
        """Move the message line to the row under ``field``."""
        if field is self._message_after:
            return
        if self._message_after is not None:
            self.form.takeRow(self.message)
        row, _role = self.form.getWidgetPosition(field)
        self.form.insertRow(row + 1, self._message_caption, self.message)
        self._message_after = field
