"""Start the GUI, or render it to a PNG without a display.

The composition root (``workstation.cli``) builds the engine and calls :func:`run_gui` or
:func:`render_screenshot`; nothing here touches the store or parses arguments.
"""

from __future__ import annotations

import gc
import os
import signal
import socket
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QMessageLogContext,
    QSettings,
    QSocketNotifier,
    Qt,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from workstation.client.ticket import PriceHelper
from workstation.engine import Engine
from workstation.tws_api.api_settings import ApiSettingsKeeper
from workstation.ui import object_names as names
from workstation.ui.accessibility import install_accessible_names
from workstation.ui.bridge import EngineBridge
from workstation.ui.main_window import APP_TITLE, MainWindow
from workstation.ui.market_driver import MarketClockDriver
from workstation.ui.theme import apply_theme

if TYPE_CHECKING:  # the log-in's modules load when a database has users (run_login_window, run_gui's session)
    from workstation.login import LoginService, Session
    from workstation.ui.dialogs.login_window import LoginOutcome
    from workstation.ui.lock_screen import Unlock
    from workstation.ui.lock_settings import LockSettingsKeeper

ORGANIZATION = "MosaicWorkstation"
APPLICATION = "workstation"
HEADLESS_PLATFORMS = frozenset({"offscreen", "minimal", "vnc"})
RESET_REQUESTED_EXIT = 10
"""What :func:`run_gui` returns when the user confirmed File -> Reset Database… and no
``on_reset_requested`` callback was given: the caller resets the store and may start again."""
AUTO_RESTART_EXIT = 11
"""What :func:`run_gui` returns at Global Configuration -> Lock and Exit's Auto Restart time: the caller
opens the database again and starts the workstation under the same log-in."""
WINDOWS = ("main", "account", "order-preview", "advisor-setup", "chart", "partition-wizard", "transfers",
           "global-configuration", "account-management", "statements", "lock-and-exit", "login", "second-factor",
           "lock")
_PLATFORM_NOTICE = "This plugin does not support"

NO_DISPLAY_MESSAGE = (
    "No display: neither DISPLAY nor WAYLAND_DISPLAY is set. Run the GUI under a virtual display "
    "with `xvfb-run workstation`, or render a picture of it with `workstation screenshot OUT.png` "
    "(which uses Qt's offscreen platform)."
)


class DisplayUnavailable(RuntimeError):
    """The GUI was asked to start where Qt cannot open a window (Qt would abort the process)."""


def display_available() -> tuple[bool, str]:
    """Whether Qt can open windows here, and a sentence saying why or how to run instead."""
    if not sys.platform.startswith("linux"):
        return True, f"{sys.platform} has a native window system"
    platform = os.environ.get("QT_QPA_PLATFORM", "").split(":", 1)[0].strip().lower()
    if platform in HEADLESS_PLATFORMS:
        return True, f"QT_QPA_PLATFORM={platform} renders without a display"
    if os.environ.get("WAYLAND_DISPLAY"):
        return True, f"Wayland display {os.environ['WAYLAND_DISPLAY']}"
    if os.environ.get("DISPLAY"):
        return True, f"X display {os.environ['DISPLAY']}"
    return False, NO_DISPLAY_MESSAGE


def ensure_application() -> QApplication:
    """The running QApplication (pytest-qt's, for instance) or a new one."""
    existing = QApplication.instance()
    if existing is not None:
        if not isinstance(existing, QApplication):
            raise RuntimeError(f"a {type(existing).__name__} already exists; the workstation needs a QApplication")
        return existing
    app = QApplication([sys.argv[0] if sys.argv else APPLICATION])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APP_TITLE)
    return app


def open_settings(path: Path | None = None) -> QSettings:
    """Layout settings: an INI file at ``path``, or the per-user one."""
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        return QSettings(str(path), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)


def keep_out_of_collections() -> None:
    """Exempt every object alive now (the engine just opened: its state and whatever history it
    holds) from the collector's full passes. They live as long as the window, and a full pass walks
    every tracked object: on a long history each took most of a second, at start-up and then as a
    stall of the event loop every so often. Objects made later are collected as before (no full
    pass first: it would cost the very walk this saves, for the little garbage opening leaves)."""
    gc.freeze()


def run_login_window(service: LoginService, engine: Engine) -> LoginOutcome | None:
    """Show the Login window until a user is logged in (its outcome) or it is closed (None)."""
    available, why = display_available()
    if not available:
        raise DisplayUnavailable(why)
    from workstation.ui.dialogs.login_window import LoginWindow  # noqa: PLC0415

    app = ensure_application()
    apply_theme(app)
    install_accessible_names(app)
    window = LoginWindow(service, engine)
    with closing_on_signals() as signals:
        signals.close = window.reject
        accepted = window.exec() == LoginWindow.DialogCode.Accepted
        signals.close = None
    window.deleteLater()
    return window.outcome if accepted else None


def run_gui(engine: Engine, *, user: str, account: str, speed: float = 1.0, settings_path: Path | None = None,
            on_reset_requested: Callable[[], None] | None = None, api_settings: ApiSettingsKeeper | None = None,
            login: str | None = None, lock: tuple[LockSettingsKeeper, Unlock | None] | None = None,
            session: tuple[LoginService, Session] | None = None) -> int:
    """Show the workstation over ``engine`` with the market clock running; returns the exit code.

    ``api_settings``: where the TWS API settings are kept (the database's); the API server starts if
    they enable it. Without them the settings last for the session. ``login``: a user's login
    (``USERNAME`` or ``USERNAME:read-only``) the window's commands are entered by, None for the account's.
    ``lock``: where Lock and Exit is kept and what checks the password that unlocks. ``session``: the user's
    session, watched so that a log-in elsewhere that takes it over closes this workstation.

    Raises :class:`DisplayUnavailable` when :func:`display_available` says no.
    """
    available, why = display_available()
    if not available:
        raise DisplayUnavailable(why)
    app = ensure_application()
    apply_theme(app)
    keep_out_of_collections()
    bridge = EngineBridge(engine)
    window = MainWindow(bridge, user=user, account=account, settings=open_settings(settings_path),
                        api_settings=api_settings, login=login)
    window.restore_layout()
    driver = MarketClockDriver(bridge, speed=speed)
    idle = window.lock_and_exit
    if lock is not None:
        idle.configure(username=user, keeper=lock[0], unlock=lock[1])

    def auto_off(action: str) -> None:
        if action == "restart":
            window.save_layout()
            app.exit(AUTO_RESTART_EXIT)
        else:
            _close(app, window)

    idle.sig_auto_off.connect(auto_off)
    watch = None
    if session is not None:
        from workstation.ui.session_watch import SessionWatch  # noqa: PLC0415

        watch = SessionWatch(session[0], session[1], window)
        watch.sig_replaced.connect(lambda _text: _close(app, window))

    def reset_requested() -> None:
        if on_reset_requested is not None:
            on_reset_requested()
            return
        window.save_layout()
        app.exit(RESET_REQUESTED_EXIT)

    def shut_down() -> None:
        idle.stop()
        if watch is not None:
            watch.stop()
        window.api.close()  # also on a reset, where the window stays up while the database is replaced
        driver.stop()
        bridge.close()

    window.sig_reset_requested.connect(reset_requested)
    app.aboutToQuit.connect(shut_down)
    with closing_on_signals() as signals:
        signals.close = lambda: _close(app, window)
        window.show()
        window.api.resume()
        driver.start()
        idle.start()
        if watch is not None:
            watch.start()
        if signals.requested:   # a signal came while the workstation was starting
            QTimer.singleShot(0, signals.close)
        try:
            return app.exec()
        finally:
            shut_down()
            signals.close = None
            gc.unfreeze()  # a reset opens another engine: this one's objects may be collected again
        # After a reset request the window is still up; the caller may call run_gui again.
        window.hide()
        window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def confirm_reset(db: Path) -> bool:
    """`workstation --reset`: ask before erasing ``db``; True only on Yes."""
    available, why = display_available()
    if not available:
        raise DisplayUnavailable(why)
    app = ensure_application()
    apply_theme(app)
    install_accessible_names(app)
    box = QMessageBox(QMessageBox.Icon.Warning, "Reset Database",
                      "Erase the database and start again from the demo accounts?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    box.setObjectName(names.RESET_DATABASE_DIALOG)
    box.setInformativeText(f"{db}\n\nEvery account, order, execution and journal entry is deleted. "
                           "This cannot be undone.")
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box.exec() == QMessageBox.StandardButton.Yes


def render_screenshot(engine: Engine, out: Path, *, window: str = "main", size: tuple[int, int] = (1400, 860),
                      user: str = "demo", account: str | None = None) -> Path:
    """Build the main window (market clock NOT running), let the tables fill, and save a PNG.

    ``window`` is ``"main"``, ``"account"`` (the Account Window), ``"order-preview"`` (the Order
    Preview of a limit order for the first watchlist symbol at the mid, its exposure-fee impact
    expanded when the account offers it), ``"advisor-setup"`` (as the database's first advisor unless
    ``account`` is one), ``"chart"`` (the Chart panel), ``"partition-wizard"`` (Create a Partition with
    an Advisor on its Marketplace page), ``"transfers"`` (Account -> Transfers), ``"global-configuration"``
    (File -> Global Configuration, API -> Settings), ``"account-management"`` (its Deposit page),
    ``"statements"`` (the month to date previewed), ``"lock-and-exit"`` (its Lock and Exit page), ``"login"``
    (the Login window), ``"second-factor"`` (its Security Code Card Authentication) or ``"lock"`` (the lock
    screen over the main window). Uses Qt's offscreen platform unless QT_QPA_PLATFORM names another one or a
    QApplication already exists.
    """
    if window not in WINDOWS:
        raise ValueError(f"window: {window!r} is not one of {', '.join(WINDOWS)}")
    if QApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = ensure_application()
    apply_theme(app)
    if account is None:
        account = next((a for a in engine.account_ids() if not engine.account(a).is_advisor), "")
    if window == "advisor-setup" and not (account in engine.account_ids() and engine.account(account).is_advisor):
        account = next((a for a in engine.account_ids() if engine.account(a).is_advisor), None)
        if account is None:
            raise ValueError("window: advisor-setup needs an advisor account, and this database has none")
    bridge = EngineBridge(engine)
    main = MainWindow(bridge, user=user, account=account, settings=None)
    with _without_platform_notices():
        try:
            main.resize(*size)
            main.show()
            target = _open_window(main, window)
            bridge.flush()
            app.processEvents()
            pixmap = target.grab()
            out.parent.mkdir(parents=True, exist_ok=True)
            image_format = out.suffix.lstrip(".").upper() or "PNG"  # the extension's format (the CLI checks it)
            if pixmap.isNull() or not pixmap.save(str(out), image_format):
                raise OSError(f"could not write the screenshot to {out}")
            return out
        finally:
            main.close()
            main.deleteLater()
            bridge.close()
            QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _open_window(main: MainWindow, window: str) -> QWidget:
    if window == "account":
        return main.open_account_window()
    if window == "advisor-setup":
        dialog = main.open_advisor_setup()
        return dialog if dialog is not None else main
    if window == "chart":
        return main.chart
    if window == "partition-wizard":
        return main.open_partition_wizard()
    if window == "transfers":
        return main.open_transfers()
    if window == "global-configuration":
        return main.open_global_configuration()
    if window == "account-management":
        return main.open_account_management()
    if window == "statements":  # Account -> Statements, the month to date previewed
        dialog = main.open_statements()
        dialog.show_preview()
        return dialog
    if window == "lock-and-exit":
        dialog = main.open_global_configuration()
        dialog.show_lock_and_exit()
        return dialog
    if window in ("login", "second-factor", "lock"):
        return _open_login_window(main, window)
    if window == "order-preview" and main.order_entry is not None:
        symbols = main.watchlist_panels()[0].symbols() if main.watchlist_panels() else []
        main.order_entry.load_symbol(symbols[0] if symbols else "AAPL")
        main.order_entry.fill_price(PriceHelper.MID)
        main.order_entry.check_margin()
        preview = main.order_preview
        if preview is not None:
            preview.show_exposure_fee()
            preview.adjustSize()
            return preview
    return main


def _open_login_window(main: MainWindow, window: str) -> QWidget:
    """The Login window (nobody logged in), its Security Code Card challenge, or the lock screen."""
    import tempfile  # noqa: PLC0415

    from workstation.login import LoginService, SecondFactor  # noqa: PLC0415
    from workstation.store.users import UserTable  # noqa: PLC0415
    from workstation.ui.dialogs.login_prompts import SecondFactorDialog  # noqa: PLC0415
    from workstation.ui.dialogs.login_window import LoginWindow  # noqa: PLC0415

    if window == "lock":
        main.lock_and_exit.configure(username=main.user, keeper=main.lock_and_exit.keeper,
                                     unlock=lambda _password: "Invalid password")
        main.lock_and_exit.lock()
        return main
    scratch = Path(tempfile.mkdtemp(prefix="login-screenshot-"))  # no users: the window is only shown
    login = LoginWindow(LoginService(UserTable(scratch / "users.db")), main.bridge.unscoped_engine, main)
    login.setWindowFlag(Qt.WindowType.Window)
    login.username.setText("alice")
    login.show()
    login.adjustSize()
    if window == "login":
        return login
    dialog = SecondFactorDialog(SecondFactor("alice", "card", "", (7, 23)), login)
    dialog.show()
    dialog.adjustSize()
    return dialog


@contextmanager
def _without_platform_notices() -> Iterator[None]:
    """Drop the offscreen plugin's "This plugin does not support ..." lines; pass the rest on."""

    def handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if message.startswith(_PLATFORM_NOTICE):
            return
        if previous is not None:
            previous(kind, context, message)
        else:
            sys.stderr.write(f"{message}\n")

    previous = qInstallMessageHandler(handler)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)


CLOSE_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM") if hasattr(signal, name))


@dataclass
class _CloseRequests:
    requested: bool = False
    close: Callable[[], None] | None = None
    """Closes the running workstation; None while none runs (start-up: only ``requested`` is set)."""
    depth: int = 0
    previous: dict[int, object] = field(default_factory=dict)
    wakeup: tuple[socket.socket, socket.socket] | None = None
    notifier: QSocketNotifier | None = None
    previous_wakeup_fd: int = -1


_requests = _CloseRequests()


@contextmanager
def closing_on_signals() -> Iterator[_CloseRequests]:
    """While inside: SIGTERM and SIGINT (Ctrl+C) close the workstation cleanly, the layout saved and
    the exit code 0, whether they come during start-up or while the window is up.

    Python runs a signal handler only when the interpreter gets control; Qt's event loop is C++.
    The signal's wake-up byte on a socket pair, watched by a QSocketNotifier, gives Python that
    control at once, so a workstation with its market clock stopped still closes. Nested uses
    share one state; the outermost restores the previous handlers."""
    state = _requests
    if state.depth == 0:
        state.requested = False
        for number in CLOSE_SIGNALS:
            state.previous[number] = signal.signal(number, _on_close_signal)
    state.depth += 1
    _watch_wakeups(state)
    try:
        yield state
    finally:
        state.depth -= 1
        if state.depth == 0:
            _unwatch_wakeups(state)
            for number, handler in state.previous.items():
                signal.signal(number, handler)  # type: ignore[arg-type]
            state.previous.clear()
            state.requested = False
            state.close = None


def _on_close_signal(_signum: int, _frame: FrameType | None) -> None:
    _requests.requested = True
    if _requests.close is not None:
        # Posted, not called: the handler may run in the middle of any slot.
        QTimer.singleShot(0, _requests.close)


def _close(app: QApplication, window: MainWindow) -> None:
    """Close as File -> Exit does (the window saves the layout), ending any modal dialog's loop too."""
    window.close()
    app.exit(0)


def _watch_wakeups(state: _CloseRequests) -> None:
    """Once a QApplication exists, let signals wake its event loop (see :func:`closing_on_signals`)."""
    if state.notifier is not None or QApplication.instance() is None:
        return
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    try:
        state.previous_wakeup_fd = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
    except ValueError:   # not the main thread: signals reach only the main thread's handlers anyway
        reader.close()
        writer.close()
        return
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(lambda *_args: _drain(reader))
    state.wakeup, state.notifier = (reader, writer), notifier


def _drain(reader: socket.socket) -> None:
    """Empty the wake-up socket; Python has run the signal's handler by the time this returns."""
    with suppress(OSError):
        while reader.recv(64):
            pass


def _unwatch_wakeups(state: _CloseRequests) -> None:
    if state.notifier is None or state.wakeup is None:
        return
    signal.set_wakeup_fd(state.previous_wakeup_fd)
    state.notifier.setEnabled(False)
    state.notifier.deleteLater()
    for end in state.wakeup:
        end.close()
    state.wakeup, state.notifier, state.previous_wakeup_fd = None, None, -1
