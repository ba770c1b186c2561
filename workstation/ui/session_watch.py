"""SessionWatch: finds out that another log-in of the same user took this workstation's session over.

One session per user (reference account-management.md §1.5): a second log-in answered "Continue Login"
replaced this one. The log-in service keeps the bookkeeping; this polls ``LoginService.session_is_current``
every few seconds (a QTimer) and, once the session is gone, says so (``REPLACED``, naming the process that
took it) and emits ``sig_replaced``, on which the workstation closes, as TWS's first session loses its
connection.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from workstation.login import LoginService, Session
from workstation.login.service import REPLACED
from workstation.ui import object_names as names

POLL_MS = 3000


class SessionWatch(QObject):
    """Polls whether ``session`` is still this workstation's."""

    sig_replaced = Signal(str)

    def __init__(self, service: LoginService, session: Session, window: QWidget) -> None:
        super().__init__(window)
        self.service = service
        self.session = session
        self.window = window
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.check)
        self.notice: QMessageBox | None = None

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def check(self) -> bool:
        """True while the session is current; else tell the user once and emit ``sig_replaced``."""
        if self.service.session_is_current(self.session):
            return True
        self.timer.stop()
        if self.notice is None:
            by = self.service.replaced_by(self.session)
            text = REPLACED + ("" if by is None else f" (process {by})")
            self.notice = QMessageBox(QMessageBox.Icon.Warning, "Existing session detected", text,
                                      QMessageBox.StandardButton.Ok, self.window)
            self.notice.setObjectName(names.SESSION_REPLACED_DIALOG)
            self.notice.finished.connect(lambda _code: self.sig_replaced.emit(text))
            self.notice.open()
        return False
