"""ApiHost: the TWS API socket server inside the workstation window, as TWS serves its API clients.

The server's sockets run on their own thread (``tws_api.server``); the engine stays on the Qt thread:
:class:`QtEngineExecutor` is the server's :class:`~workstation.tws_api.adapter.EngineExecutor`, running
each request's work on the GUI thread through a queued signal. An API client's order is therefore one
more engine command, and reaches Activity and every other view through the engine's events, as an order
from Order Entry does. The server signs in as the window's account and enters its clients' commands as the
window's login: a user's (the engine checks its role), served as the Read-Only API for a read-only login.

The host follows File -> Global Configuration -> API -> Settings (:meth:`ApiHost.apply` starts, stops or
restarts the server), keeps the connected clients (the server's observer hook, relayed to the GUI
thread) and the last :data:`MAX_LOG_LINES` lines of the server's log (logger ``workstation.tws_api``),
which it also writes to the day's message log file when that setting is on. A port already in use is a
line in the status bar and the log, not an exception.
"""

from __future__ import annotations

import errno
import logging
from collections import deque
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, Qt, Signal, Slot

from workstation.tws_api.adapter import LiveEngineAdapter, login_is_read_only
from workstation.tws_api.api_settings import ApiSettings, ApiSettingsKeeper
from workstation.tws_api.link import EngineLink
from workstation.tws_api.server import ApiServer, ClientInfo, ServerConfig
from workstation.ui.api_log import API_LOGGER, ApiLogRelay, DailyApiLogFile
from workstation.ui.bridge import EngineBridge

log = logging.getLogger(API_LOGGER)

MAX_LOG_LINES = 1000
"""The API log panel keeps this many of the newest lines."""
STATUS_SHOWN_MS = 10_000


class QtEngineExecutor(QObject):
    """Runs posted work on this object's thread (the engine's, the GUI's), in the order posted.

    ``post`` is safe from any thread and never waits: it emits a signal queued to this object's thread.
    Work that raises is logged and dropped, so one failed request cannot stop the ones after it."""

    _posted = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._posted.connect(self._run, Qt.ConnectionType.QueuedConnection)

    def post(self, work: Callable[[], None]) -> None:
        self._posted.emit(work)

    @Slot(object)
    def _run(self, work: Callable[[], None]) -> None:
        try:
            work()
        except Exception:  # noqa: BLE001 - the event loop must go on
            log.exception("API work on the engine's thread failed")


class _ClientRelay(QObject):
    """The server's client observer (called on its thread); each event is queued to the GUI thread,
    tagged with the server it came from so a stopped server's late events are ignored."""

    sig_client = Signal(int, bool, object)  # server generation, connected, ClientInfo

    def __init__(self, generation: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.generation = generation

    def client_connected(self, client: ClientInfo) -> None:
        self.sig_client.emit(self.generation, True, client)

    def client_disconnected(self, client: ClientInfo) -> None:
        self.sig_client.emit(self.generation, False, client)


class ApiHost(QObject):
    """The window's API server: its settings, its lifetime, its clients and its log."""

    sig_clients_changed = Signal()
    sig_log_line = Signal(str)
    sig_status = Signal(str)
    """A sentence for the status bar: listening, stopped, or why the server could not start."""

    def __init__(self, bridge: EngineBridge, login: str, keeper: ApiSettingsKeeper,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.login = login
        self.keeper = keeper
        self.settings = keeper.load()
        self.executor = QtEngineExecutor(self)
        self.server: ApiServer | None = None
        self.clients: dict[int, ClientInfo] = {}
        self.log_lines: deque[str] = deque(maxlen=MAX_LOG_LINES)
        self.status_text = "API: socket clients are not enabled"
        self._generation = 0
        self._relay: _ClientRelay | None = None
        self._log_relay = ApiLogRelay(self)
        self._log_relay.sig_line.connect(self._on_log_line, Qt.ConnectionType.QueuedConnection)
        self._log_file: DailyApiLogFile | None = None
        self._attached = False
        self._previous_level = logging.NOTSET

    @property
    def port(self) -> int | None:
        """The port listened on (the system's choice when the settings say 0); None when not running."""
        return self.server.port if self.server is not None else None

    def resume(self) -> None:
        """At start-up: serve if the database's settings enable socket clients."""
        self._update_log_file()
        if self.settings.enabled and self.server is None:
            self._start(self.settings.server_config())

    def apply(self, settings: ApiSettings) -> bool:
        """Keep ``settings`` and start, stop or restart the server to follow them. False (the reason in
        :attr:`status_text` and ``sig_status``) if the server should run but could not start."""
        previous, running = self.settings, self.server is not None
        try:
            self.keeper.save(settings)
        except Exception as error:  # noqa: BLE001 - the database says why in one sentence (a StoreError)
            self._show(f"API: the settings were not saved, nothing changed: {error}")
            return False
        self.settings = settings
        config = settings.server_config()
        if not settings.enabled:
            if running:
                self._stop()
                self._show("API: socket clients disabled; the server stopped")
            self._update_log_file()
            return True
        self._update_log_file()
        if running and self.server is not None and previous.enabled and previous.server_config() == config:
            return True
        if running:
            self._stop()
        return self._start(config)

    def close(self) -> None:
        """Stop the server and let go of the log (the window is closing). Safe to call twice."""
        self._stop()
        self._set_log_file(None)

    # -- the server's lifetime ---------------------------------------------------------------------------

    def _start(self, config: ServerConfig) -> bool:
        self._attach_logging()
        self._generation += 1
        relay = _ClientRelay(self._generation, self)
        relay.sig_client.connect(self._on_client, Qt.ConnectionType.QueuedConnection)
        try:
            engine, entered_by = self.bridge.unscoped_engine, self.entered_by
            if login_is_read_only(engine, entered_by):  # a viewer or "Enter Read Only": TWS's Read-Only API
                config = replace(config, read_only=True)
            adapter = LiveEngineAdapter(engine, self.login, entered_by)
            server = ApiServer(config, EngineLink(adapter, self.executor), observer=relay)
            port = server.start()
        except (OSError, KeyError) as error:
            relay.deleteLater()
            message = _cannot_listen(config, error)
            log.warning("%s", message)
            self._show(message)
            self._detach_logging()
            return False
        self.server, self._relay = server, relay
        mode = "read-only" if config.read_only else "read-write"
        self._show(f"API: listening on {config.host}:{port} ({mode}), signed in as {self.login}")
        return True

    @property
    def entered_by(self) -> str | None:
        """The user's login the clients' orders are entered by (the window's), None when it is the account."""
        return self.bridge.entered_by

    def _stop(self) -> None:
        server, self.server = self.server, None
        if server is not None:
            server.stop()
        if self._relay is not None:
            self._relay.deleteLater()
            self._relay = None
        self._generation += 1  # what the stopped server still had queued is ignored
        if self.clients:
            self.clients.clear()
            self.sig_clients_changed.emit()
        self._detach_logging()

    def _show(self, text: str) -> None:
        self.status_text = text
        self.sig_status.emit(text)

    @Slot(int, bool, object)
    def _on_client(self, generation: int, connected: bool, client: ClientInfo) -> None:
        if generation != self._generation:
            return
        if connected:
            self.clients[client.client_id] = client
        else:
            self.clients.pop(client.client_id, None)
        self.sig_clients_changed.emit()

    # -- the log -----------------------------------------------------------------------------------------

    def _attach_logging(self) -> None:
        """Listen to the server's log while it runs; INFO lines (connections) are wanted even when the
        process logs only warnings."""
        if self._attached:
            return
        logger = logging.getLogger(API_LOGGER)
        self._previous_level = logger.level
        if logger.level == logging.NOTSET or logger.level > logging.INFO:
            logger.setLevel(logging.INFO)
        logger.addHandler(self._log_relay.handler)
        self._attached = True

    def _detach_logging(self) -> None:
        if not self._attached:
            return
        logger = logging.getLogger(API_LOGGER)
        logger.removeHandler(self._log_relay.handler)
        logger.setLevel(self._previous_level)
        self._attached = False

    @Slot(str)
    def _on_log_line(self, line: str) -> None:
        self.log_lines.append(line)
        self.sig_log_line.emit(line)

    def _update_log_file(self) -> None:
        folder = self.keeper.log_folder
        wanted = self.settings.message_log_file and folder is not None
        if wanted and self._log_file is None:
            assert folder is not None
            self._set_log_file(DailyApiLogFile(folder))
        elif not wanted:
            self._set_log_file(None)
        if self.settings.message_log_file and folder is None:
            log.warning("no database: the API message log file is not written (the log panel still shows the lines)")

    def _set_log_file(self, handler: DailyApiLogFile | None) -> None:
        logger = logging.getLogger(API_LOGGER)
        if self._log_file is not None:
            logger.removeHandler(self._log_file)
            self._log_file.close()
        self._log_file = handler
        if handler is not None:
            logger.addHandler(handler)

    @property
    def log_file(self) -> DailyApiLogFile | None:
        """The message log file's writer while the setting is on (and there is a database)."""
        return self._log_file


def _cannot_listen(config: ServerConfig, error: OSError | KeyError) -> str:
    if isinstance(error, KeyError):  # no account signed in (a window built without a login)
        return f"API: the server cannot sign in: {error.args[0]}"
    if error.errno == errno.EADDRINUSE:
        return (f"API: port {config.port} is already in use by another program; choose another Socket port in "
                f"File -> Global Configuration -> API -> Settings")
    return f"API: cannot listen on {config.host}:{config.port} ({error.strerror or error})"
