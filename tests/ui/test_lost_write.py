"""The write-ahead log deleted under a running workstation: the next command is not shown as done,
and the red banner names the file."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel

from tests.ui.conftest import ACCOUNT, START
from workstation.engine.accounts import AccountType
from workstation.engine.commands import OpenAccount, PlaceOrder
from workstation.engine.engine import Accepted
from workstation.engine.errors import Rejected
from workstation.engine.orders import Action
from workstation.resources import demo_universe_spec
from workstation.store import open_engine
from workstation.ui import object_names as names
from workstation.ui.bridge import EngineBridge
from workstation.ui.main_window import MainWindow


def test_a_deleted_write_ahead_log_stops_trading_with_the_file_named(qtbot, tmp_path: Path) -> None:
    # Arrange: a workstation on a database, an order saved, then the -wal file deleted under it
    engine, store = open_engine(tmp_path / "w.db", universe_spec=demo_universe_spec(), seed=7, start=START,
                                initial_commands=[OpenAccount(ACCOUNT, AccountType.MARGIN,
                                                              cash=(("USD", Decimal(250000)),))])
    bridge = EngineBridge(engine)
    window = MainWindow(bridge, user="tester", account=ACCOUNT,
                        settings=QSettings(str(tmp_path / "layout.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
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
    bridge.close()
    store.close()
