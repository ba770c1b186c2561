"""The layout and watchlists are saved when they change, not only on a clean exit; SIGTERM and
Ctrl+C close a running workstation cleanly (layout saved, exit 0)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QSplitter

from workstation.ui import object_names as names
from workstation.ui.bridge import EngineBridge
from workstation.ui.main_window import MainWindow

REPO = Path(__file__).resolve().parents[2]


def _saved_watchlists(path: Path) -> list[list[str]]:
    raw = QSettings(str(path), QSettings.Format.IniFormat).value("layout/watchlists")
    return [w["symbols"] for w in json.loads(str(raw))] if raw else []


@pytest.fixture
def window(qtbot, bridge: EngineBridge, tmp_path: Path) -> MainWindow:
    settings = QSettings(str(tmp_path / "layout.ini"), QSettings.Format.IniFormat)
    window = MainWindow(bridge, user="tester", account="DU111111", settings=settings)
    qtbot.addWidget(window)
    window.show()
    window.flush_layout()
    return window


def test_a_watchlist_change_is_saved_a_moment_later_without_closing(qtbot, window: MainWindow,
                                                                      tmp_path: Path) -> None:
    window.watchlist_panels()[0].add_symbol("DIS")

    qtbot.waitUntil(lambda: any("DIS" in symbols for symbols in _saved_watchlists(tmp_path / "layout.ini")),
                    timeout=5000)
    assert window.isVisible()


def test_a_closed_panel_and_a_new_watchlist_are_saved_on_the_next_flush(qtbot, window: MainWindow, bridge: EngineBridge,
                                                                        tmp_path: Path) -> None:
    # Arrange / Act: rearrange, then save what is pending as the timer would
    window.workspace.dock(names.ACTIVITY_DOCK).closeDockWidget()
    window.open_watchlist(["GOOGL"])
    assert window.layout_save_pending
    window.flush_layout()

    # Assert: a workstation started from these settings (as after a crash) has the same layout
    settings = QSettings(str(tmp_path / "layout.ini"), QSettings.Format.IniFormat)
    again = MainWindow(bridge, user="tester", account="DU111111", settings=settings)
    qtbot.addWidget(again)
    again.show()
    assert again.restore_layout() is True
    assert not again.workspace.is_open(names.ACTIVITY_DOCK)
    assert [p.symbols() for p in again.watchlist_panels()][1] == ["GOOGL"]


def test_dragging_a_splitter_schedules_a_save(window: MainWindow) -> None:
    splitter = window.workspace.manager.findChildren(QSplitter)[0]

    splitter.splitterMoved.emit(120, 1)

    assert window.layout_save_pending


def _wait_for(condition, timeout: float, what: str, child: subprocess.Popen[str]) -> None:
    """Wait for ``condition`` about another process, failing early if that process ends."""
    deadline = time.monotonic() + timeout
    while not condition():
        try:
            child.wait(timeout=0.05)
        except subprocess.TimeoutExpired:
            if time.monotonic() > deadline:
                child.kill()
                pytest.fail(f"no {what} in {timeout:.0f} s: {child.communicate()}")
            continue
        pytest.fail(f"the workstation ended before {what}: {child.communicate()}")


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
@pytest.mark.parametrize(("signum", "moment"), [
    (signal.SIGTERM, "starting"),   # the lock is taken before the database opens and the window shows
    (signal.SIGTERM, "running"),    # the window has been up long enough to save its layout once
    (signal.SIGINT, "running"),
], ids=["SIGTERM-starting", "SIGTERM-running", "SIGINT-running"])
def test_a_signal_closes_the_workstation_cleanly(tmp_path: Path, signum: int, moment: str) -> None:
    # Arrange: the real command, offscreen, on a temporary database and settings folder
    db, config = tmp_path / "w.db", tmp_path / "config"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(config),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    child = subprocess.Popen([sys.executable, "-m", "workstation", "--db", str(db)], cwd=REPO, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lock = db.with_name(db.name + ".lock")
    layout = config / "MosaicWorkstation" / "workstation.ini"
    if moment == "starting":
        _wait_for(lock.exists, 120, "lock file", child)
    else:
        _wait_for(layout.exists, 120, "saved layout", child)

    # Act
    child.send_signal(signum)
    _out, err = child.communicate(timeout=120)

    # Assert
    assert child.returncode == 0, err
    assert "Traceback" not in err
    saved = QSettings(str(layout), QSettings.Format.IniFormat)
    assert not saved.value("layout/docks").isEmpty()
    assert "AAPL" in str(saved.value("layout/watchlists"))
    assert not lock.exists()   # released on the way out
