"""Fixtures for GUI tests: offscreen Qt, isolated settings, a fresh engine with one margin account.

Nothing here starts a timer-driven market: tests step the engine by hand with commands.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything loads Qt

from collections.abc import Callable, Iterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from workstation.engine.api import Engine
from workstation.engine.core.terms import AccountType
from workstation.engine.core.universe import Universe
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import OpenAccount
from workstation.scenario.demo import demo_engine
from workstation.ui.bridge import EngineBridge
from workstation.ui.main_window import MainWindow
from workstation.ui.theme import apply_theme

ACCOUNT = "DU111111"
DEMO_LOGIN = "DU1234567"  # the demo profile's individual account
START = datetime(2026, 11, 24, 10, 0, tzinfo=EASTERN)  # a Tuesday, mid-session
SEED = 7


@pytest.fixture
def start() -> datetime:
    """When ``engine`` starts: Tuesday 2026-11-24 10:00 ET, the market open."""
    return START


@pytest.fixture
def account() -> str:
    """The demo margin account every ``engine`` has."""
    return ACCOUNT


@pytest.fixture(scope="session", autouse=True)
def themed_app(qapp: QApplication) -> QApplication:
    apply_theme(qapp)
    return qapp


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path) -> Iterator[None]:
    """No test reads or writes the developer's own saved layout."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "user-settings"))
    yield


@pytest.fixture
def make_engine(universe: Universe) -> Callable[..., Engine]:
    """An engine at ``start`` with the demo margin account (USD 250,000)."""

    def make(start: datetime = START) -> Engine:
        engine = Engine.new(universe, SEED, start)
        engine.execute(OpenAccount(ACCOUNT, AccountType.MARGIN, cash=(("USD", Decimal("250000")),)))
        return engine

    return make


@pytest.fixture
def engine(make_engine: Callable[..., Engine]) -> Engine:
    return make_engine()


@pytest.fixture
def demo() -> Engine:
    """The demo profile at ``START``, before the 16:00 cut-off."""
    engine, _profile = demo_engine(start=START)
    return engine


@pytest.fixture
def demo_bridge(demo: Engine) -> Iterator[EngineBridge]:
    """A bridge over ``demo`` signed in as its individual account."""
    bridge = EngineBridge(demo)
    bridge.login = DEMO_LOGIN
    yield bridge
    bridge.close()


@pytest.fixture
def bridge(engine: Engine) -> Iterator[EngineBridge]:
    bridge = EngineBridge(engine)
    yield bridge
    bridge.close()


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "layout.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def main_window(qtbot, bridge: EngineBridge, settings: QSettings) -> MainWindow:
    window = MainWindow(bridge, user="tester", account=ACCOUNT, settings=settings)
    qtbot.addWidget(window)
    return window
