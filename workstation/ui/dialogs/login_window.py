"""LoginWindow: TWS's "Login" window, shown on start when the database has users with passwords.

Username, password, the Live Trading / Paper Trading toggles and the button reading "Log In" or "Paper Log
In" (reference account-management.md §1.1). Every decision is the log-in service's (login/service.py): the
window shows its refusals ("Login failed - Invalid username or password"), the throttle's and the lock's
countdown, re-read every second from ``LoginService.wait_left`` (a QTimer; the service's clock is injected,
so tests move time by hand), then opens the second factor, "Existing session detected" and, after a paper
log-in, "This is not a brokerage account" (login_prompts.py). When it is accepted, :attr:`outcome` says who
logged in, as which login (``USERNAME`` or ``USERNAME:read-only``, what the engine checks on every command)
and on which account.

Which account a user works on is login/accounts.py's; Paper Trading says "No paper trading account for
USER" when the user has none.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
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

from workstation.engine import Engine
from workstation.login import Authenticated, ExistingSession, LoginService, Refused, SecondFactor, Session
from workstation.login.accounts import limited_to_clients, trading_accounts
from workstation.ui import object_names as names
from workstation.ui.dialogs.login_prompts import SecondFactorDialog, existing_session_box, non_brokerage_box

COUNTDOWN_MS = 1000


@dataclass(frozen=True)
class LoginOutcome:
    """Who logged in: ``login`` is what their commands carry as ``entered_by``; ``account`` the window's."""

    username: str
    login: str
    account: str
    read_only: bool
    paper: bool
    session: Session


class LoginWindow(QDialog):
    """The Login window; accepted once a user is logged in (see :attr:`outcome`), rejected on Exit."""

    def __init__(self, service: LoginService, engine: Engine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(names.LOGIN_WINDOW)
        self.setWindowTitle("Login")
        self.service = service
        self.engine = engine
        self.outcome: LoginOutcome | None = None
        self._failure = ""
        self._waiting_for: str | None = None
        self.username = QLineEdit(self)
        self.username.setObjectName(names.LOGIN_USERNAME)
        self.username.setPlaceholderText("Username")
        self.password = QLineEdit(self)
        self.password.setObjectName(names.LOGIN_PASSWORD)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("Password")
        self.live = QPushButton("Live Trading", self)
        self.live.setObjectName(names.LOGIN_LIVE)
        self.paper = QPushButton("Paper Trading", self)
        self.paper.setObjectName(names.LOGIN_PAPER)
        self._mode = QButtonGroup(self)
        for toggle in (self.live, self.paper):
            toggle.setCheckable(True)
            self._mode.addButton(toggle)
        self.live.setChecked(True)
        self._mode.buttonToggled.connect(lambda *_args: self._show_mode())
        self.submit = QPushButton("Log In", self)
        self.submit.setObjectName(names.LOGIN_SUBMIT)
        self.submit.setDefault(True)  # Enter in either field is one Log In: the dialog presses its default button
        self.submit.clicked.connect(self.log_in)
        self.message = QLabel(self)
        self.message.setObjectName(names.LOGIN_MESSAGE)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #e06c6c;")
        self.countdown = QTimer(self)
        self.countdown.setInterval(COUNTDOWN_MS)
        self.countdown.timeout.connect(self.refresh_countdown)
        modes = QHBoxLayout()
        modes.addWidget(self.live)
        modes.addWidget(self.paper)
        form = QFormLayout()
        form.addRow("Username", self.username)
        form.addRow("Password", self.password)
        layout = QVBoxLayout(self)
        title = QLabel("<h2>Mosaic Workstation</h2>", self)
        layout.addWidget(title)
        layout.addLayout(modes)
        layout.addLayout(form)
        layout.addWidget(self.submit)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.setMinimumWidth(380)

    @property
    def paper_mode(self) -> bool:
        return self.paper.isChecked()

    def _show_mode(self) -> None:
        self.submit.setText("Paper Log In" if self.paper_mode else "Log In")

    # -- the steps ---------------------------------------------------------------------------------

    def log_in(self) -> None:
        """Log In: the service checks the throttle, the lock and the password."""
        username = self.username.text().strip()
        password = self.password.text()
        self.password.clear()
        self._say("")
        step = self.service.log_in(username, password)
        self._next(username, step)

    def _next(self, username: str, step: Refused | SecondFactor | Authenticated) -> None:
        if isinstance(step, Refused):
            self._refused(username, step)
        elif isinstance(step, SecondFactor):
            self._ask_second_factor(step)
        else:
            self._logged_in(step)

    def _refused(self, username: str, refusal: Refused) -> None:
        waiting = refusal.wait > 0
        # A failure's own text stays above the countdown it started; a throttle's or lock's text is the countdown.
        self._failure = "" if refusal.locked or refusal.text.startswith("Too many") else refusal.text
        self._waiting_for = username if waiting else None
        if waiting:
            self.countdown.start()
        self.refresh_countdown()
        if not waiting:
            self._say(refusal.text)

    def refresh_countdown(self) -> None:
        """Each second while a throttle or a lock holds: its text as it is now; cleared once it is over."""
        if self._waiting_for is None:
            self.countdown.stop()
            return
        waiting = self.service.wait_left(self._waiting_for)
        if waiting is None:
            self.countdown.stop()
            self._waiting_for = None
            self._say(self._failure)
            return
        self._say("\n".join(line for line in (self._failure, waiting.text) if line))

    def _ask_second_factor(self, challenge: SecondFactor) -> None:
        dialog = SecondFactorDialog(challenge, self)
        dialog.sig_answer.connect(lambda answer: self._next(challenge.username,
                                                            self.service.answer(challenge, answer)))
        dialog.sig_read_only.connect(lambda: self._logged_in(self.service.enter_read_only(challenge)))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _logged_in(self, login: Authenticated) -> None:
        live, paper = trading_accounts(self.engine, login.username)
        if live is None:
            self._say(f"{login.username} has no role on any account of this database")
            return
        if limited_to_clients(self.engine, login.username):
            self._say(f"{login.username} is limited to some clients of {live}; the workstation's windows read as "
                      f"the account and cannot limit what they show to those clients yet")
            return
        account = paper if self.paper_mode else live
        if account is None:
            self._say(f"No paper trading account for {login.username}")
            return
        self._start_session(login, account, None)

    def _start_session(self, login: Authenticated, account: str, take_over: ExistingSession | None) -> None:
        session = self.service.start_session(login, take_over=take_over)
        if isinstance(session, ExistingSession):
            if take_over is not None:
                self._say(f"{session.text}: another login took the session meanwhile")
                return
            box = existing_session_box(login.username, session, self)
            box.buttonClicked.connect(lambda button: self._existing_session_answer(box, button, login, account,
                                                                                   session))
            box.open()
            return
        self.outcome = LoginOutcome(login.username, login.login, account, login.read_only, self.paper_mode, session)
        if self.paper_mode:
            box = non_brokerage_box(account, self)
            box.buttonClicked.connect(lambda _button: self.accept())
            box.open()
            return
        self.accept()

    def _existing_session_answer(self, box: QMessageBox, button: object, login: Authenticated, account: str,
                                 existing: ExistingSession) -> None:
        if box.buttonRole(button) == QMessageBox.ButtonRole.AcceptRole:  # type: ignore[arg-type]
            self._start_session(login, account, existing)
        else:
            self.reject()   # Exit Application

    def _say(self, text: str) -> None:
        self.message.setText(text)
