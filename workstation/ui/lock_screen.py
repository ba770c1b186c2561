"""The idle lock and the auto log-off: Global Configuration -> Lock and Exit at work over the main window.

:class:`IdleLock` watches the application's input (an event filter on the QApplication: keys, mouse
buttons, the wheel) and, once a second (a QTimer), compares the idle time with the settings' minutes; past
them the :class:`LockScreen` covers the main window until the password is typed (:class:`PasswordUnlock`
checks it). The same tick sees the Auto Log Off / Auto Restart time pass on the local wall clock and emits
``sig_auto_off`` with the action. Both clocks are injected, so tests move time by hand.
"""

from __future__ import annotations

import time as wall
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMenu, QPushButton, QVBoxLayout, QWidget

from workstation.ui import object_names as names
from workstation.ui.lock_settings import LockAndExitSettings, LockSettingsKeeper, SessionLockSettings

TICK_MS = 1000
INPUT_EVENTS = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                          QEvent.Type.Wheel, QEvent.Type.TouchBegin})
NEEDS_PASSWORD = "Locking needs a log-in with a password (this workstation's login has none)"

Unlock = Callable[[str], "str | None"]
"""Checks a password: None when it unlocks, else the text to show."""


class LockScreen(QWidget):
    """Covers the main window while the trading system is locked: the password and Unlock."""

    sig_unlock = Signal(str)

    def __init__(self, username: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName(names.LOCK_SCREEN)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(f"#{names.LOCK_SCREEN} {{ background: #1b1e23; }}")
        heading = QLabel("<h2>Trading system locked</h2>", self)
        who = QLabel(f"Locked after inactivity. Enter the password of {username} to unlock.", self)
        self.password = QLineEdit(self)
        self.password.setObjectName(names.LOCK_PASSWORD)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("Password")
        self.password.setMaximumWidth(280)
        self.password.returnPressed.connect(self._submit)
        unlock = QPushButton("Unlock", self)
        unlock.setObjectName(names.LOCK_UNLOCK)
        unlock.setMaximumWidth(280)
        unlock.clicked.connect(self._submit)
        self.message = QLabel(self)
        self.message.setObjectName(names.LOCK_MESSAGE)
        self.message.setStyleSheet("color: #e06c6c;")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (heading, who, self.password, unlock, self.message):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def cover(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()
        self.password.setFocus()

    def _submit(self) -> None:
        password = self.password.text()
        self.password.clear()
        self.sig_unlock.emit(password)


class IdleLock(QObject):
    """Locks ``window`` after the settings' idle minutes; emits ``sig_auto_off`` ("log_off" or "restart")
    when the Auto Log Off time passes."""

    sig_locked = Signal(bool)
    sig_auto_off = Signal(str)

    def __init__(self, window: QWidget, *, username: str = "", keeper: LockSettingsKeeper | None = None,
                 unlock: Unlock | None = None, clock: Callable[[], float] = wall.monotonic,
                 local_now: Callable[[], datetime] = datetime.now) -> None:
        super().__init__(window)
        self.window = window
        self.username = username
        self.keeper: LockSettingsKeeper = keeper or SessionLockSettings()
        self.unlock_check = unlock
        self.settings = self.keeper.load()
        self._clock = clock
        self._local_now = local_now
        self._last_input = clock()
        self._last_tick = local_now()
        self.screen: LockScreen | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self._filtering = False
        self.action: QAction | None = None

    def configure(self, *, username: str, keeper: LockSettingsKeeper, unlock: Unlock | None) -> None:
        """Who unlocks and where the settings are kept (the composition root knows; the window does not).
        A login with a password gets File -> Lock Application, before Exit."""
        self.username, self.keeper, self.unlock_check = username, keeper, unlock
        self.settings = keeper.load()
        if unlock is not None and self.action is None:
            self.action = QAction("Lock Application", self.window)
            self.action.setObjectName(names.ACTION_LOCK_APPLICATION)
            self.action.triggered.connect(self.lock)
            menu = self.window.findChild(QMenu, names.MENU_FILE)
            if menu is not None:
                exit_action = next((a for a in menu.actions() if a.objectName() == names.ACTION_EXIT), None)
                menu.insertAction(exit_action, self.action)

    @property
    def can_lock(self) -> bool:
        return self.unlock_check is not None

    @property
    def locked(self) -> bool:
        return self.screen is not None and self.screen.isVisible()

    def start(self) -> None:
        """Watch the application's input and tick once a second."""
        app = QApplication.instance()
        if app is not None and not self._filtering:
            app.installEventFilter(self)
            self._filtering = True
        self._last_input = self._clock()
        self._last_tick = self._local_now()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None and self._filtering:
            app.removeEventFilter(self)
            self._filtering = False

    def apply(self, settings: LockAndExitSettings) -> None:
        """Keep ``settings`` (raises ValueError with :data:`NEEDS_PASSWORD` if they lock and nothing unlocks)."""
        if settings.lock_minutes is not None and not self.can_lock:
            raise ValueError(NEEDS_PASSWORD)
        self.keeper.save(settings)
        self.settings = settings
        self._last_input = self._clock()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind in INPUT_EVENTS:
            if not self.locked:
                self._last_input = self._clock()
            elif isinstance(watched, QWidget) and not self._on_lock_screen(watched):
                return True  # while locked, input reaches only the lock screen
        elif kind == QEvent.Type.Resize and watched is self.window and self.locked:
            self.screen.cover()  # type: ignore[union-attr]
        return False

    def _on_lock_screen(self, widget: QWidget) -> bool:
        screen = self.screen
        return screen is not None and (widget is screen or screen.isAncestorOf(widget))

    def note_input(self) -> None:
        """Input happened now (the event filter's work, callable by tests)."""
        self._last_input = self._clock()

    def tick(self) -> None:
        """Once a second: lock when idle long enough; log off or restart when the time has come."""
        minutes = self.settings.lock_minutes
        if minutes is not None and self.can_lock and not self.locked \
                and self._clock() - self._last_input >= minutes * 60:
            self.lock()
        now = self._local_now()
        previous, self._last_tick = self._last_tick, now
        if self.settings.off_due(previous, now):
            self.sig_auto_off.emit(self.settings.action)

    def lock(self) -> None:
        """Cover the window (also File -> Lock; does nothing when no password can unlock it)."""
        if not self.can_lock or self.locked:
            return
        if self.screen is None:
            self.screen = LockScreen(self.username, self.window)
            self.screen.sig_unlock.connect(self.try_unlock)
        self.screen.message.clear()
        self.screen.cover()
        self.sig_locked.emit(True)

    def try_unlock(self, password: str) -> bool:
        if self.screen is None or self.unlock_check is None:
            return False
        refusal = self.unlock_check(password)
        if refusal is not None:
            self.screen.message.setText(refusal)
            return False
        self.screen.hide()
        self._last_input = self._clock()
        self.sig_locked.emit(False)
        return True
