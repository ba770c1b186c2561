"""The TWS API inside the workstation window: File -> Global Configuration -> API -> Settings, the server
on the Qt thread, the API panel's clients and log, and the real ib_async client (2.1.0) connected.

The client runs on a worker thread with its own asyncio loop; the main thread keeps Qt's event loop,
which runs the engine's side of every request (``QtEngineExecutor``), and waits with ``qtbot.waitUntil``.
Sources: ib_async ib.py ``connectAsync`` (client 0 also sends reqAutoOpenOrders(True)), ``placeOrder``;
wrapper.py ``error`` (IB's 321 for a read-only API), ``openOrder`` (an order id 0 keyed by its permId).
"""

from __future__ import annotations

import asyncio
import logging
import re
import socket
import threading
from collections.abc import Coroutine, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import ib_async
import pytest

from tests.tws_api.clients import client_error_records
from tests.tws_api.conftest import TIMEOUT, connect_ib
from workstation.engine import OrderPlaced, PlaceOrder
from workstation.store import StoreError
from workstation.testing import Workstation
from workstation.tws_api.api_settings import ApiSettings, SessionApiSettings
from workstation.ui import object_names as names
from workstation.ui.api_log import DailyApiLogFile
from workstation.ui.bridge import EngineBridge
from workstation.ui.main_window import MainWindow

T = TypeVar("T")
AAPL = ib_async.Stock("AAPL", "SMART", "USD")
WAIT_MS = int(TIMEOUT * 1000)  # a guard against a hang: every wait ends on an answer


class ClientThread:
    """An asyncio loop on a worker thread where the API clients live."""

    def __init__(self, qtbot: Any) -> None:
        self.qtbot = qtbot
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="api-test-client", daemon=True)
        self.thread.start()

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run ``coroutine`` on the client's loop while Qt's loop keeps running here."""
        future = asyncio.run_coroutine_threadsafe(asyncio.wait_for(coroutine, TIMEOUT), self.loop)
        self.qtbot.waitUntil(future.done, timeout=WAIT_MS)
        return future.result()

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join()
        self.loop.close()


@pytest.fixture
def clients(qtbot: Any, caplog: pytest.LogCaptureFixture) -> Iterator[ClientThread]:
    """The client thread, and the clients' log guard of tests/tws_api/conftest.py: a decoding failure fails."""
    caplog.set_level("DEBUG", logger="ib_async")
    thread = ClientThread(qtbot)
    yield thread
    thread.close()
    failures = [r for r in client_error_records(caplog.get_records("call"))
                if r.exc_info or not r.getMessage().startswith("Error 321, ")]
    assert not failures, "; ".join(r.getMessage()[:300] for r in failures)


def serving(station: Workstation, **settings: Any) -> Any:
    """The API enabled on a port the system chooses."""
    assert station.window.api.apply(ApiSettings(enabled=True, port=0, **settings)), station.window.api.status_text
    return _Endpoint(station.window.api.port)


@pytest.fixture
def workstation(main_window: MainWindow, bridge: EngineBridge) -> Workstation:
    """The window over one margin account (tests/ui/conftest.py), lighter than the demo profile."""
    main_window.show()
    return Workstation(main_window, bridge)


class _Endpoint:
    host = "127.0.0.1"

    def __init__(self, port: int | None) -> None:
        assert port
        self.port = port


def test_the_dialog_refuses_a_bad_port_naming_it_and_changes_nothing(workstation: Workstation) -> None:
    workstation.trigger(names.ACTION_GLOBAL_CONFIGURATION)
    dialog = workstation.window.open_global_configuration()
    dialog.enable.setChecked(True)
    dialog.port.setText("70000")

    assert not dialog.apply()

    message = workstation.find(names.API_SETTINGS_MESSAGE).text()
    assert message.startswith("Socket port: 70000 is not a port")
    assert workstation.window.api.settings == ApiSettings() and workstation.window.api.server is None
    tree = workstation.find(names.GLOBAL_CONFIGURATION_TREE)
    assert (tree.currentItem().parent().text(0), tree.currentItem().text(0)) == ("API", "Settings")


def test_an_api_order_shows_in_activity_and_a_gui_order_reaches_client_zero(workstation: Workstation, clients,
                                                                             qtbot) -> None:
    api = workstation.window.api
    endpoint = serving(workstation, read_only=False)
    panel = workstation.find(names.API_PANEL)
    account = workstation.login
    ib = clients.run(connect_ib(endpoint, 0))

    async def place() -> ib_async.Trade:
        trade = ib.placeOrder(AAPL, ib_async.LimitOrder("BUY", 10, 1.0, account=account))
        while trade.orderStatus.status != "Submitted":
            await trade.statusEvent
        return trade

    trade = clients.run(place())
    orders = workstation.window.activity.orders_model
    qtbot.waitUntil(lambda: trade.order.permId in orders.order_ids(), timeout=WAIT_MS)
    assert (orders.order_at(orders.row_of(trade.order.permId)).account, trade.order.clientId) == (account, 0)
    [(client_id, peer, version, _since)] = panel.client_rows()
    assert (client_id, peer.split(":")[0], int(version)) == ("0", "127.0.0.1", ib.client.serverVersion())

    result = workstation.bridge.submit(PlaceOrder(account, "AAPL", "BUY", Decimal(3), "LMT", Decimal("2")))
    [placed] = [e for e in result.events if isinstance(e, OrderPlaced)]

    async def gui_order() -> ib_async.Trade:
        while not [t for t in ib.openTrades() if t.order.permId == placed.order_id]:
            await ib.openOrderEvent
        return next(t for t in ib.openTrades() if t.order.permId == placed.order_id)

    seen = clients.run(gui_order())
    assert (seen.order.orderId, seen.order.account, seen.order.totalQuantity) == (0, account, 3)

    clients.run(_disconnect(ib))
    qtbot.waitUntil(lambda: not panel.client_rows(), timeout=WAIT_MS)
    assert api.clients == {} and any("ended by the client" in line for line in api.log_lines)


def test_the_read_only_default_refuses_an_order_with_321(workstation: Workstation, clients) -> None:
    endpoint = serving(workstation)  # Read-Only API: on, as TWS's default
    ib = clients.run(connect_ib(endpoint, 7))

    async def refused() -> tuple[int, str]:
        errors: asyncio.Future[tuple[int, str]] = asyncio.get_running_loop().create_future()
        ib.errorEvent += lambda _req, code, text, _c: errors.done() or errors.set_result((code, text))
        ib.placeOrder(AAPL, ib_async.LimitOrder("BUY", 1, 1.0, account=workstation.login))
        try:
            return await errors
        finally:
            ib.disconnect()

    code, _text = clients.run(refused())
    assert code == 321
    assert workstation.window.activity.orders_model.order_ids() == []


def test_a_port_in_use_is_said_in_the_status_bar_and_closing_the_window_stops_the_server(
        workstation: Workstation, tmp_path: Path) -> None:
    window = workstation.window
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        settings = ApiSettings(enabled=True, port=port)

        assert not window.api.apply(settings)

    shown = window.status.currentMessage()
    assert shown.startswith(f"API: port {port} is already in use") and "Global Configuration" in shown
    assert window.api.server is None

    window.api.keeper.log_folder = tmp_path  # as beside a database
    serving(workstation, message_log_file=True)
    listening = window.api.port
    window.close()
    assert window.api.server is None
    [log_file] = tmp_path.glob("api.*.log")
    assert re.fullmatch(r"api\.\d{8}\.log", log_file.name)
    assert f"API server listening on 127.0.0.1:{listening}" in log_file.read_text(encoding="utf-8")
    assert not any(isinstance(h, DailyApiLogFile) for h in logging.getLogger("workstation.tws_api").handlers)
    with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.1", listening), timeout=5):
        pass


async def _disconnect(ib: ib_async.IB) -> None:
    ib.disconnect()


class _FailingKeeper:
    log_folder = None

    def load(self) -> ApiSettings:
        return ApiSettings()

    def save(self, settings: ApiSettings) -> None:
        raise StoreError("/data/ws.db: the database file is read-only; make it writable")


def test_settings_the_database_cannot_keep_change_nothing(workstation: Workstation) -> None:
    window = workstation.window
    window.api.keeper = _FailingKeeper()
    dialog = window.open_global_configuration()
    dialog.enable.setChecked(True)

    assert not dialog.apply()

    assert dialog.message.text() == ("API: the settings were not saved, nothing changed: /data/ws.db: the database "
                                     "file is read-only; make it writable")
    assert window.api.settings == ApiSettings() and window.api.server is None


def test_a_window_serves_at_start_when_its_settings_enable_the_api(qtbot, bridge: EngineBridge, account: str) -> None:
    kept = SessionApiSettings(ApiSettings(enabled=True, port=0))
    window = MainWindow(bridge, user="tester", account=account, api_settings=kept)
    qtbot.addWidget(window)
    assert window.api.server is None  # built, not yet shown: run_gui resumes it once the window is up

    window.api.resume()

    assert window.api.port and window.api.status_text.startswith("API: listening on 127.0.0.1:")
    with socket.create_connection(("127.0.0.1", window.api.port), timeout=5):
        pass
