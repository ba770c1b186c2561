"""Global Configuration -> Lock and Exit (reference account-management.md §1.4: "Lock trading system after ___
minutes of inactivity", unlocked with the password; "Never lock trading system"; IBC
ConfigureAutoLogoffOrRestartTimeTask: "Set Auto Log Off Time (HH:MM)", AM/PM, Auto Log Off / Auto Restart).
The idle clock and the wall clock are fake ones the tests move; the once-a-second tick is called by hand."""

from __future__ import annotations

import os
from datetime import datetime, time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QWidget

from tests.login.conftest import PASSWORD, FakeClock
from tests.ui.login.conftest import LIVE, UsersDatabase
from workstation.login.unlock import PasswordUnlock
from workstation.ui import object_names as names
from workstation.ui.bridge import EngineBridge
from workstation.ui.lock_screen import IdleLock
from workstation.ui.lock_settings import (
    LockAndExitSettings,
    SessionLockSettings,
    StoredLockSettings,
    settings_from_page,
)
from workstation.ui.main_window import MainWindow


class WallClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 24, 23, 40)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def station(qtbot, users_db: UsersDatabase, settings):
    bridge = EngineBridge(users_db.engine)
    window = MainWindow(bridge, user="alice", account=LIVE, settings=settings, login="alice")
    qtbot.addWidget(window)
    window.show()
    yield window
    bridge.close()


@pytest.fixture
def idle(station: MainWindow, users_db: UsersDatabase):
    clock, wall = FakeClock(), WallClock()
    lock = IdleLock(station, username="alice", keeper=StoredLockSettings(users_db.store.settings),
                    unlock=PasswordUnlock(users_db.service(), "alice"), clock=clock, local_now=wall)
    lock.start()
    yield lock, clock, wall
    lock.stop()


def screen_of(window: QWidget) -> QWidget | None:
    screen = window.findChild(QWidget, names.LOCK_SCREEN)
    return screen if screen is not None and screen.isVisible() else None


def test_the_trading_system_locks_after_the_idle_minutes_and_input_restarts_them(idle, station):
    lock, clock, _wall = idle
    lock.apply(LockAndExitSettings(lock_minutes=5))

    clock.advance(299)
    lock.tick()
    assert screen_of(station) is None
    lock.note_input()         # a key or a click (the application's event filter)
    clock.advance(299)
    lock.tick()
    assert screen_of(station) is None

    clock.advance(1)
    lock.tick()
    assert screen_of(station) is not None and lock.locked


def test_input_reaches_the_idle_timer_through_the_application_filter(idle, station, qtbot):
    lock, clock, _wall = idle
    lock.apply(LockAndExitSettings(lock_minutes=1))
    clock.advance(59)
    qtbot.keyClick(station.order_entry.quantity_input, Qt.Key.Key_5)
    clock.advance(59)
    lock.tick()

    assert not lock.locked


def test_unlocking_needs_the_password(idle, station, qtbot, users_db):
    lock, clock, _wall = idle
    lock.apply(LockAndExitSettings(lock_minutes=1))
    clock.advance(60)
    lock.tick()
    screen = screen_of(station)

    screen.findChild(QLineEdit, names.LOCK_PASSWORD).setText("wrong")
    qtbot.mouseClick(screen.findChild(QAbstractButton, names.LOCK_UNLOCK), Qt.MouseButton.LeftButton)
    assert lock.locked and screen.findChild(QLabel, names.LOCK_MESSAGE).text() == "Invalid password"
    assert len(users_db.users.failures("alice", 0)) == 1     # counts as a failed log-in (the throttle applies)

    screen.findChild(QLineEdit, names.LOCK_PASSWORD).setText(PASSWORD)
    qtbot.mouseClick(screen.findChild(QAbstractButton, names.LOCK_UNLOCK), Qt.MouseButton.LeftButton)
    assert not lock.locked and screen_of(station) is None


def test_never_lock_never_locks(idle, station):
    lock, clock, _wall = idle
    lock.apply(LockAndExitSettings(lock_minutes=None))
    clock.advance(7 * 24 * 3600)
    lock.tick()

    assert screen_of(station) is None


def test_a_login_without_a_password_cannot_be_set_to_lock(qtbot, station):
    lock = IdleLock(station, keeper=SessionLockSettings())
    with pytest.raises(ValueError, match="Locking needs a log-in with a password"):
        lock.apply(LockAndExitSettings(lock_minutes=5))


def test_the_auto_log_off_time_emits_the_action_once_when_the_wall_clock_passes_it(idle, qtbot):
    lock, _clock, wall = idle
    lock.apply(LockAndExitSettings(auto_off=time(23, 45), action="restart"))
    seen = []
    lock.sig_auto_off.connect(seen.append)

    wall.now = datetime(2026, 11, 24, 23, 44, 59)
    lock.tick()
    wall.now = datetime(2026, 11, 24, 23, 45, 0)
    lock.tick()
    wall.now = datetime(2026, 11, 24, 23, 45, 1)
    lock.tick()

    assert seen == ["restart"]


def test_the_page_reads_twelve_hour_times_and_keeps_the_settings_in_the_database(station, idle, users_db):
    lock, _clock, _wall = idle
    station.lock_and_exit = lock
    dialog = station.open_global_configuration()
    page = dialog.show_lock_and_exit()
    assert dialog.tree.currentItem().text(0) == "Lock and Exit" and dialog.pages.currentWidget() is page

    page.after.setChecked(True)
    page.minutes.setText("15")
    page.off_time.setText("11:45")
    page.pm.setChecked(True)
    page.log_off.setChecked(True)
    assert dialog.apply()

    kept = StoredLockSettings(users_db.store.settings).load()
    assert kept == LockAndExitSettings(lock_minutes=15, auto_off=time(23, 45), action="log_off")
    assert page.findChild(QLabel, names.LOCK_AND_EXIT_MESSAGE).text() == \
        "The trading system locks after 15 minutes of inactivity; logs off at 11:45 PM."


def test_the_page_refuses_a_time_naming_the_field_and_changes_nothing(station, idle, users_db):
    lock, _clock, _wall = idle
    station.lock_and_exit = lock
    page = station.open_global_configuration().show_lock_and_exit()
    page.off_time.setText("13:70")
    page.restart.setChecked(True)

    assert not page.apply()
    assert page.message.text().startswith("Set Auto Log Off Time (HH:MM): 13:70 is not a time")
    assert StoredLockSettings(users_db.store.settings).load() == LockAndExitSettings()


@pytest.mark.parametrize("typed, pm, expected", [("12:05", False, time(0, 5)), ("12:05", True, time(12, 5)),
                                                 ("9:30", True, time(21, 30))])
def test_twelve_hour_times_with_am_pm(typed, pm, expected):
    settings = settings_from_page(never=True, minutes="", off_time=typed, pm=pm, action="log_off")
    assert settings.auto_off == expected
    assert LockAndExitSettings.from_json(settings.to_json()) == settings


def test_a_session_taken_over_elsewhere_is_told_and_closes(qtbot, station, users_db):
    # Reference §1.5: "disconnect the other system"; the replaced session finds out by polling.
    from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415

    from workstation.login import Authenticated  # noqa: PLC0415
    from workstation.ui.session_watch import SessionWatch  # noqa: PLC0415

    here = users_db.service(pid=os.getpid())
    mine = here.start_session(Authenticated("alice"))
    watch = SessionWatch(here, mine, station)
    replaced = []
    watch.sig_replaced.connect(replaced.append)
    assert watch.check()

    elsewhere = users_db.service(pid=os.getppid())
    existing = elsewhere.start_session(Authenticated("alice"))
    elsewhere.start_session(Authenticated("alice"), take_over=existing)   # Continue Login there

    assert not watch.check()
    notice = station.findChild(QMessageBox, names.SESSION_REPLACED_DIALOG)
    assert notice.text() == f"This session was disconnected: the same user logged in elsewhere (process {os.getppid()})"
    notice.button(QMessageBox.StandardButton.Ok).click()
    assert replaced == [notice.text()]


def test_file_lock_application_locks_at_once_for_a_login_with_a_password(qtbot, station, users_db):
    from PySide6.QtGui import QAction  # noqa: PLC0415
    from PySide6.QtWidgets import QMenu  # noqa: PLC0415

    menu = station.findChild(QMenu, names.MENU_FILE)
    assert names.ACTION_LOCK_APPLICATION not in [a.objectName() for a in menu.actions()]   # no password yet
    station.lock_and_exit.configure(username="alice", keeper=SessionLockSettings(),
                                    unlock=PasswordUnlock(users_db.service(), "alice"))
    shown = [a.objectName() for a in menu.actions() if a.objectName()]
    assert shown.index(names.ACTION_LOCK_APPLICATION) == shown.index(names.ACTION_EXIT) - 1

    station.findChild(QAction, names.ACTION_LOCK_APPLICATION).trigger()

    assert station.lock_and_exit.locked and screen_of(station) is not None
