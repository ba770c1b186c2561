"""Entry points: display detection, the offscreen screenshot, the Qt-free name list."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from workstation.engine.api import Engine
from workstation.engine.core.terms import AccountType
from workstation.engine.messages.commands import OpenAccount
from workstation.ui import app as ui_app
from workstation.ui.app import DisplayUnavailable, display_available, ensure_application, render_screenshot, run_gui
from workstation.ui.main_window import MainWindow

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def linux_without_display(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.setattr(sys, "platform", "linux")
    for variable in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(variable, raising=False)
    return monkeypatch


def test_no_display_says_how_to_run(linux_without_display: pytest.MonkeyPatch) -> None:
    available, message = display_available()

    assert available is False
    assert "xvfb-run workstation" in message
    assert "workstation screenshot OUT.png" in message


@pytest.mark.parametrize(("variable", "value"), [
    ("QT_QPA_PLATFORM", "offscreen"), ("QT_QPA_PLATFORM", "minimal"), ("QT_QPA_PLATFORM", "vnc:size=800x600"),
    ("DISPLAY", ":99"), ("WAYLAND_DISPLAY", "wayland-0"),
])
def test_a_display_or_a_headless_platform_is_enough(linux_without_display: pytest.MonkeyPatch, variable: str,
                                                    value: str) -> None:
    linux_without_display.setenv(variable, value)

    available, message = display_available()

    assert available is True
    assert message


def test_run_gui_refuses_to_start_without_a_display(linux_without_display: pytest.MonkeyPatch,
                                                    engine: Engine) -> None:
    with pytest.raises(DisplayUnavailable, match="xvfb-run"):
        run_gui(engine, user="tester", account="DU111111")


def test_the_application_factory_reuses_the_running_one(qapp: QApplication) -> None:
    assert ensure_application() is qapp


def test_screenshot_writes_a_png_of_the_main_window(engine: Engine, tmp_path: Path) -> None:
    out = render_screenshot(engine, tmp_path / "shots" / "main.png", size=(1200, 700))

    assert out == tmp_path / "shots" / "main.png"
    assert out.stat().st_size > 10_000
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1200, 700)
    assert not any(isinstance(w, MainWindow) for w in QApplication.topLevelWidgets())  # nothing left behind


def test_screenshot_of_the_account_window(engine: Engine, tmp_path: Path) -> None:
    out = render_screenshot(engine, tmp_path / "account.png", window="account")

    assert not QImage(str(out)).isNull()


def test_screenshot_refuses_an_unknown_window(engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="window"):
        render_screenshot(engine, tmp_path / "x.png", window="risk-dashboard")


def test_screenshot_of_the_chart(engine: Engine, tmp_path: Path) -> None:
    out = render_screenshot(engine, tmp_path / "chart.png", window="chart")

    image = QImage(str(out))
    assert not image.isNull() and image.width() < 1400  # the panel alone, not the whole window


def test_screenshot_of_advisor_setup_needs_an_advisor(engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="advisor"):
        render_screenshot(engine, tmp_path / "setup.png", window="advisor-setup")

    engine.execute(OpenAccount("FA7", AccountType.ADVISOR))
    out = render_screenshot(engine, tmp_path / "setup.png", window="advisor-setup")
    assert not QImage(str(out)).isNull()


def test_the_reset_exit_code_is_distinct() -> None:
    assert ui_app.RESET_REQUESTED_EXIT not in (0, 1)


def test_object_names_load_without_qt() -> None:
    code = ("import sys, workstation.ui, workstation.ui.object_names as n; "
            "assert 'PySide6' not in sys.modules; print(len(n.ALL_NAMES))")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False)

    assert result.returncode == 0, result.stderr


RUN_GUI_SCRIPT = """
import os, sys
from datetime import datetime
from decimal import Decimal
from pathlib import Path
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox
from workstation.engine.ledger.accounts import AccountType
from workstation.engine.messages.commands import OpenAccount
from workstation.engine.api import Engine
from workstation.engine.market.calendar import EASTERN
from workstation.engine.core.universe import build_universe
from workstation.resources import demo_universe_spec
from workstation.ui.app import ensure_application, run_gui

mode, settings_path = sys.argv[1], Path(sys.argv[2])
engine = Engine.new(build_universe(demo_universe_spec()), 7, datetime(2026, 11, 24, 10, 0, tzinfo=EASTERN))
engine.execute(OpenAccount("DU111111", AccountType.MARGIN, cash=(("USD", Decimal("250000")),)))
start = engine.now
app = ensure_application()

def poll():
    # Act like an outside automation: find the window by name once the market clock has moved.
    window = next((w for w in app.topLevelWidgets() if w.objectName() == "MainWindow" and w.isVisible()), None)
    if window is None or engine.now <= start:
        return
    if mode == "close":
        window.findChild(QAction, "actionExit").trigger()
    else:
        window.findChild(QAction, "actionResetDatabase").trigger()
        window.findChild(QMessageBox, "resetDatabaseDialog").button(QMessageBox.StandardButton.Yes).click()

poller = QTimer()
poller.timeout.connect(poll)
poller.start(20)
code = run_gui(engine, user="smoke", account="DU111111", speed=60, settings_path=settings_path)
print("exit", code)
"""


@pytest.mark.parametrize(("mode", "expected"), [("close", 0), ("reset", ui_app.RESET_REQUESTED_EXIT)])
def test_run_gui_runs_the_market_and_exits_cleanly(tmp_path: Path, mode: str, expected: int) -> None:
    script, settings_path = tmp_path / "run_gui_smoke.py", tmp_path / "settings" / "layout.ini"
    script.write_text(RUN_GUI_SCRIPT, encoding="utf-8")

    result = subprocess.run([sys.executable, str(script), mode, str(settings_path)], cwd=REPO, capture_output=True,
                            text=True, timeout=120, check=False, env={**os.environ, "PYTHONPATH": str(REPO)})

    assert result.returncode == 0, result.stderr
    assert f"exit {expected}" in result.stdout
    saved = QSettings(str(settings_path), QSettings.Format.IniFormat)
    assert not saved.value("layout/docks").isEmpty()  # the dock layout was saved on the way out
    assert "AAPL" in saved.value("layout/watchlists")
