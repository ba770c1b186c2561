"""Global Configuration -> Lock and Exit: the page, as TWS labels it (reference account-management.md §1.4).

"Lock trading system after ___ minutes of inactivity" or "Never lock trading system"; "Set Auto Log Off
Time (HH:MM)" with AM/PM and the choice of Auto Log Off or Auto Restart (or neither). The page only reads
and shows :class:`LockAndExitSettings`; :class:`IdleLock` keeps and applies them.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from workstation.ui import object_names as names
from workstation.ui.lock_screen import IdleLock
from workstation.ui.lock_settings import LockAndExitSettings, LockSettingsError, settings_from_page


class LockAndExitPage(QWidget):
    """The page; :meth:`apply` hands what it shows to the idle lock, or says why it cannot."""

    def __init__(self, lock: IdleLock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lock = lock
        self.after = self._radio(names.LOCK_AFTER_MINUTES, "Lock trading system after")
        self.minutes = QLineEdit(self)
        self.minutes.setObjectName(names.LOCK_MINUTES)
        self.minutes.setMaximumWidth(60)
        self.never = self._radio(names.LOCK_NEVER, "Never lock trading system")
        locking = QButtonGroup(self)
        locking.addButton(self.after)
        locking.addButton(self.never)
        after_row = QHBoxLayout()
        after_row.addWidget(self.after)
        after_row.addWidget(self.minutes)
        after_row.addWidget(QLabel("minutes of inactivity", self))
        after_row.addStretch(1)
        lock_box = QGroupBox("Lock", self)
        lock_layout = QVBoxLayout(lock_box)
        lock_layout.addLayout(after_row)
        lock_layout.addWidget(self.never)
        if not lock.can_lock:
            note = QLabel("Unlocking needs the password: this login has none, so the trading system never locks.",
                          lock_box)
            note.setWordWrap(True)
            lock_layout.addWidget(note)
        self.off_time = QLineEdit(self)
        self.off_time.setObjectName(names.AUTO_OFF_TIME)
        self.off_time.setPlaceholderText("11:45")
        self.off_time.setMaximumWidth(70)
        self.am = self._radio(names.AUTO_OFF_AM, "AM")
        self.pm = self._radio(names.AUTO_OFF_PM, "PM")
        meridiem = QButtonGroup(self)
        meridiem.addButton(self.am)
        meridiem.addButton(self.pm)
        time_row = QHBoxLayout()
        time_row.addWidget(QLabel("Set Auto Log Off Time (HH:MM)", self))
        time_row.addWidget(self.off_time)
        time_row.addWidget(self.am)
        time_row.addWidget(self.pm)
        time_row.addStretch(1)
        self.log_off = self._radio(names.AUTO_LOG_OFF, "Auto Log Off")
        self.restart = self._radio(names.AUTO_RESTART, "Auto Restart")
        self.neither = self._radio(names.AUTO_OFF_NONE, "Neither")
        action = QButtonGroup(self)
        action_row = QHBoxLayout()
        for button in (self.log_off, self.restart, self.neither):
            action.addButton(button)
            action_row.addWidget(button)
        action_row.addStretch(1)
        exit_box = QGroupBox("Exit", self)
        exit_layout = QVBoxLayout(exit_box)
        exit_layout.addLayout(action_row)
        exit_layout.addLayout(time_row)
        self.message = QLabel(self)
        self.message.setObjectName(names.LOCK_AND_EXIT_MESSAGE)
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Lock and Exit</b>", self))
        layout.addWidget(lock_box)
        layout.addWidget(exit_box)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.show_settings(lock.settings)

    def _radio(self, name: str, text: str) -> QRadioButton:
        button = QRadioButton(text, self)
        button.setObjectName(name)
        return button

    def show_settings(self, settings: LockAndExitSettings) -> None:
        never = settings.lock_minutes is None
        self.never.setChecked(never)
        self.after.setChecked(not never)
        self.minutes.setText("" if never else str(settings.lock_minutes))
        off, pm = settings.twelve_hour()
        self.off_time.setText(off)
        self.pm.setChecked(pm)
        self.am.setChecked(not pm)
        if settings.auto_off is None:
            self.neither.setChecked(True)
        else:
            (self.restart if settings.action == "restart" else self.log_off).setChecked(True)

    def entered(self) -> LockAndExitSettings:
        action = "restart" if self.restart.isChecked() else "log_off" if self.log_off.isChecked() else None
        return settings_from_page(never=self.never.isChecked(), minutes=self.minutes.text(),
                                  off_time=self.off_time.text(), pm=self.pm.isChecked(), action=action)

    def apply(self) -> bool:
        try:
            self.lock.apply(self.entered())
        except (LockSettingsError, ValueError) as error:
            self._say(str(error), error=True)
            return False
        except Exception as error:  # noqa: BLE001 - the database says why in one sentence (a StoreError)
            self._say(f"The settings were not saved, nothing changed: {error}", error=True)
            return False
        settings = self.lock.settings
        lock = "never locks" if settings.lock_minutes is None else \
            f"locks after {settings.lock_minutes} minutes of inactivity"
        off, pm = settings.twelve_hour()
        ends = "" if settings.auto_off is None else \
            f"; {'restarts' if settings.action == 'restart' else 'logs off'} at {off} {'PM' if pm else 'AM'}"
        self._say(f"The trading system {lock}{ends}.")
        return True

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("error", error)
        self.message.setStyleSheet("color: #e06c6c;" if error else "")
