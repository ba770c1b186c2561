"""When the engine halts after a real fault, the workstation says so once and takes no more input.

The faults here are ones a user can cause under a running workstation: the database's connection
goes away, or its write-ahead log file is deleted. The next journal write fails and the engine halts
rather than report an order it did not save.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel, QMenu

from tests.ui.conftest import ACCOUNT, START
from workstation.engine.api import Accepted
from workstation.engine.core.errors import Rejected
from workstation.engine.core.terms import AccountType, Action
from workstation.engine.messages.commands import OpenAccount, PlaceOrder
from workstation.resources import demo_universe_spec
from workstation.store import open_engine
from workstation.ui import object_names as names
from workstation.ui.bridge import EngineBridge
from workstation.ui.main_window import MainWindow
from workstation.ui.market_driver import MarketClockDriver


@pytest.fixture
def window_on_a_database(qtbot, tmp_path):
    """A main window over an engine journaling into ``tmp_path / "w.db"``; its store and bridge."""
    engine, store = open_engine(tmp_path / "w.db", universe_spec=demo_universe_spec(), seed=7, start=START,
                                initial_commands=[OpenAccount(ACCOUNT, AccountType.MARGIN,
                                                              cash=(("USD", Decimal(250000)),))])
    bridge = EngineBridge(engine)
    window = MainWindow(bridge, user="tester", account=ACCOUNT,
                        settings=QSettings(str(tmp_path / "layout.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    yield window, store, bridge
    bridge.close()
    store.close()


@pytest.fixture
def window_on_a_failing_database(window_on_a_database):
    window, store, bridge = window_on_a_database
    driver = MarketClockDriver(bridge)
    store.close()  # every later journal write fails
    return window, bridge, driver


def test_a_halt_shows_one_red_banner_with_the_reason_and_stops_the_market(qtbot, window_on_a_failing_database):
    # Arrange
    window, bridge, driver = window_on_a_failing_database
    window.show()
    driver.start()
    halts = []
    bridge.sig_engine_halted.connect(halts.append)

    # Act: the clock ticks on, and a user tries an order after the halt
    first = driver.step(timedelta(seconds=1))
    later = [driver.step(timedelta(seconds=1)) for _ in range(3)]
    order = bridge.submit(PlaceOrder(ACCOUNT, "AAPL", Action.BUY, Decimal(100)))

    # Assert: one notice, no exception out of the timer, the market stopped, input refused
    assert first is False and later == [False, False, False]
    assert len(halts) == 1 and "AdvanceClock failed while being applied or journaled" in halts[0]
    assert not driver.is_running
    banner = window.findChild(type(window.halted_banner), names.ENGINE_HALTED_BANNER)
    assert banner.isVisible()
    message = window.findChild(type(window.halted_banner.message), names.ENGINE_HALTED_MESSAGE).text()
    assert message.startswith("Trading stopped: AdvanceClock failed")
    assert "start it again" in message
    assert isinstance(order, Rejected) and order.code == "ENGINE_HALTED"
    assert not window.workspace.manager.isEnabled()
    assert not window.menuBar().findChild(QMenu, names.MENU_ACCOUNT).isEnabled()


def test_the_banner_is_hidden_while_the_engine_runs(main_window):
    # Arrange
    main_window.show()

    # Assert
    assert main_window.findChild(type(main_window.halted_banner), names.ENGINE_HALTED_BANNER).isHidden()
    assert main_window.bridge.halted_reason is None


def test_a_deleted_write_ahead_log_stops_trading_with_the_file_named(window_on_a_database, tmp_path) -> None:
    # Arrange: an order saved, then the -wal file deleted under the running workstation
    window, _store, bridge = window_on_a_database
    window.show()
    assert isinstance(bridge.submit(PlaceOrder(ACCOUNT, "AAPL", Action.BUY, Decimal(10))), Accepted)
    placed: list[object] = []
    bridge.sig_order_placed.connect(placed.append)
    wal = tmp_path / "w.db-wal"
    wal.unlink()

    # Act
    result = bridge.submit(PlaceOrder(ACCOUNT, "MSFT", Action.BUY, Decimal(10)))

    # Assert
    assert isinstance(result, Rejected) and result.code == "ENGINE_HALTED"
    assert placed == []
    message = window.findChild(QLabel, names.ENGINE_HALTED_MESSAGE)
    assert message.isVisible()
    assert f"{wal}: the database's write-ahead log was deleted" in message.text()
    assert "PlaceOrder was not saved" in message.text()
