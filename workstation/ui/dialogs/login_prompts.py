"""The dialogs the Login window opens: the second factor, "Existing session detected" and, after a paper
log-in, "This is not a brokerage account".

Titles and buttons are TWS's as IBC drives them (reference account-management.md §1.3, §1.5, §1.6):
"Second Factor Authentication" (or "Security Code Card Authentication" for a card, its two index numbers
shown and the "Card Values" typed) with OK and "Enter Read Only"; "Existing session detected" with
"Continue Login" and "Exit Application"; "I understand and accept". The dialogs decide nothing: the Login
window hands what was typed or chosen to the log-in service.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workstation.login import ExistingSession, SecondFactor
from workstation.ui import object_names as names

NOT_BROKERAGE = "This is not a brokerage account"
ACCEPT_NOT_BROKERAGE = "I understand and accept"


class SecondFactorDialog(QDialog):
    """Asks for the card's two values or the authenticator's code; ``sig_answer`` carries what was typed,
    ``sig_read_only`` is "Enter Read Only" (logged in without the second factor, read-only)."""

    sig_answer = Signal(str)
    sig_read_only = Signal()

    def __init__(self, challenge: SecondFactor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(names.SECOND_FACTOR_DIALOG)
        self.setWindowTitle(challenge.title)
        self.challenge = challenge
        card = challenge.kind == "card" and challenge.indices is not None
        heading = QLabel(f"<b>{challenge.title}</b>", self)
        self.prompt = QLabel(self)
        self.prompt.setObjectName(names.SECOND_FACTOR_PROMPT)
        self.prompt.setWordWrap(True)
        if card:
            first, second = challenge.indices  # type: ignore[misc]
            self.prompt.setText(f"Index numbers: <b>{first}</b> and <b>{second}</b><br>"
                                "Type the values of both cells from your Security Code Card, no space.")
        else:
            self.prompt.setText(challenge.prompt)
        self.response = QLineEdit(self)
        self.response.setObjectName(names.SECOND_FACTOR_RESPONSE)
        self.response.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow("Card Values" if card else "Response", self.response)
        ok = QPushButton("OK", self)
        ok.setObjectName(names.SECOND_FACTOR_OK)
        ok.setDefault(True)  # Enter in the field is one OK: the dialog presses its default button
        ok.clicked.connect(self.ok)
        read_only = QPushButton("Enter Read Only", self)
        read_only.setObjectName(names.SECOND_FACTOR_READ_ONLY)
        read_only.setToolTip("Log in without the second factor: see everything, place or change nothing")
        read_only.clicked.connect(self.enter_read_only)
        cancel = QPushButton("Cancel", self)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(read_only)
        buttons.addStretch(1)
        buttons.addWidget(ok)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.prompt)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.setMinimumWidth(420)

    def ok(self) -> None:
        answer = self.response.text().strip()
        self.response.clear()
        self.accept()
        self.sig_answer.emit(answer)

    def enter_read_only(self) -> None:
        self.response.clear()
        self.accept()
        self.sig_read_only.emit()


def existing_session_box(username: str, existing: ExistingSession, parent: QWidget) -> QMessageBox:
    """"Existing session detected": "Continue Login" disconnects the other session, "Exit Application" gives
    up (IB: "either disconnect the other system or cancel the current login")."""
    box = QMessageBox(QMessageBox.Icon.Warning, existing.text,
                      f"{username} is logged in to another session (process {existing.pid}).", parent=parent)
    box.setObjectName(names.EXISTING_SESSION_DIALOG)
    box.setInformativeText("You can only be logged into one trading session at a time. Continue Login "
                           "disconnects the other session; Exit Application leaves it as it is.")
    go_on = box.addButton("Continue Login", QMessageBox.ButtonRole.AcceptRole)
    go_on.setObjectName(names.EXISTING_SESSION_CONTINUE)
    leave = box.addButton("Exit Application", QMessageBox.ButtonRole.RejectRole)
    leave.setObjectName(names.EXISTING_SESSION_EXIT)
    box.setDefaultButton(leave)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    return box


def non_brokerage_box(account: str, parent: QWidget) -> QMessageBox:
    """After a paper log-in, as TWS shows it (IBC NonBrokerageAccountDialogHandler)."""
    box = QMessageBox(QMessageBox.Icon.Information, "Paper Trading", NOT_BROKERAGE, parent=parent)
    box.setObjectName(names.NON_BROKERAGE_DIALOG)
    box.setInformativeText(f"{account} is a paper trading account: its orders are simulated and its money is "
                           "not real.")
    accept = box.addButton(ACCEPT_NOT_BROKERAGE, QMessageBox.ButtonRole.AcceptRole)
    accept.setObjectName(names.NON_BROKERAGE_ACCEPT)
    box.setDefaultButton(accept)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    return box
