"""The automation contract through the accessibility layer: every published control is found by the
same name by tools that drive the workstation through AT-SPI or UI Automation."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAccessible, QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QToolBar,
    QWidget,
)

from workstation.testing import Workstation
from workstation.ui import object_names as names
from workstation.ui.accessibility import AccessibleNames
from workstation.ui.app import confirm_reset, render_screenshot
from workstation.ui.main_window import MainWindow

DEMO_ADVISOR = "DF1234567"
PER_INSTANCE = {
    names.numbered(names.WATCHLIST_PANEL, 2): names.WATCHLIST_PANEL,
    **{f"{section}Header": section for section in names.ACCOUNT_WINDOW_NAMES if section.startswith("accountSection")},
}
"""Names an instance takes beyond the table's (a second watchlist, the sections' header buttons)."""
INPUTS = (QLineEdit, QComboBox, QAbstractButton)
QT_NAMES_ITSELF = (QComboBox, QToolBar) if sys.platform != "win32" else (QToolBar,)
"""Widgets whose accessible name Qt takes elsewhere (the current text, the title): they are found by
their accessible identifier."""


def accessible_text(target: QObject, kind: QAccessible.Text) -> str:
    """What the accessibility layer (the interface AT-SPI and UI Automation read) says of ``target``."""
    interface = QAccessible.queryAccessibleInterface(target)
    assert interface is not None and interface.isValid(), target.objectName()
    return interface.text(kind)


def menu_item_name(action: QAction) -> str:
    """The accessible name of ``action`` as an item of a menu: the one it is in, or (a context-menu
    action, whose menu exists only while it pops up) a menu built as the panels build theirs."""
    menu = next((m for m in action.associatedObjects() if isinstance(m, QMenu)), None)
    scratch = None
    if menu is None:
        menu = scratch = QMenu()
        scratch.addAction(action)
    try:
        interface = QAccessible.queryAccessibleInterface(menu)
        items = [interface.child(i) for i in range(interface.childCount())]
        item = next(i for i in items if i.object() is action)
        assert item.role() == QAccessible.Role.MenuItem
        return item.text(QAccessible.Text.Name)
    finally:
        if scratch is not None:
            scratch.removeAction(action)
            scratch.deleteLater()


def check_window(root: QWidget) -> set[str]:
    """Check every published control under ``root`` and return the table names reached."""
    reached: set[str] = set()
    for widget in [root, *root.findChildren(QWidget)]:
        name = widget.objectName()
        row = name if name in names.ALL_NAMES else PER_INSTANCE.get(name)
        if row is None:
            continue
        assert widget.accessibleName() == name
        if not isinstance(widget, QT_NAMES_ITSELF):
            assert accessible_text(widget, QAccessible.Text.Name) == name
        if hasattr(widget, "accessibleIdentifier"):
            assert accessible_text(widget, QAccessible.Text.Identifier) == name
        description = accessible_text(widget, QAccessible.Text.Description)
        if isinstance(widget, INPUTS) or row == name:
            assert description, f"{name} has no accessible description"
        reached.add(row)
    for action in root.findChildren(QAction):
        if action.objectName() in names.ALL_NAMES:
            shown = action.text().replace("&", "")
            assert shown and menu_item_name(action) == shown, action.objectName()
            reached.add(action.objectName())
    return reached


def open_every_window(station: Workstation) -> None:
    """As a user would: the Account Window, Trade Log, Audit Trail, a second watchlist, the Order
    Preview and the order confirmation, the partition wizard, Transfers, Account Management, Statements,
    Global Configuration and both message boxes."""
    for action in (names.ACTION_ACCOUNT_WINDOW, names.ACTION_TRADE_LOG, names.ACTION_AUDIT_TRAIL,
                   names.ACTION_NEW_WATCHLIST, names.ACTION_CREATE_PARTITION, names.ACTION_TRANSFERS,
                   names.ACTION_ACCOUNT_MANAGEMENT, names.ACTION_STATEMENTS, names.ACTION_GLOBAL_CONFIGURATION,
                   names.ACTION_RESET_DATABASE,
                   names.ACTION_ABOUT):
        station.trigger(action)
    ticket = station.window.order_entry
    ticket.load_symbol("AAPL")
    ticket.limit_input.setText("100.00")
    ticket.check_margin()
    ticket.submit()
    station.settle()


def test_every_published_control_has_its_object_name_as_accessible_name(open_workstation, qtbot) -> None:
    individual = open_workstation()
    open_every_window(individual)
    advisor = open_workstation(login=DEMO_ADVISOR)
    advisor.trigger(names.ACTION_ADVISOR_SETUP)
    qtbot.mouseClick(advisor.find(names.ORDER_PROFILE_EDIT), Qt.MouseButton.LeftButton)
    advisor.settle()

    reached = check_window(individual.window) | check_window(advisor.window)

    assert set(names.ALL_NAMES) - reached == set()
    assert individual.find(names.numbered(names.WATCHLIST_PANEL, 2)).accessibleName() == "watchlistPanel2"


def test_the_toolbar_button_of_an_action_takes_the_actions_name(workstation: Workstation) -> None:
    toolbar = workstation.find(names.MAIN_TOOLBAR)
    button = toolbar.widgetForAction(workstation.find(names.ACTION_ACCOUNT_WINDOW, QAction))

    assert accessible_text(button, QAccessible.Text.Name) == names.ACTION_ACCOUNT_WINDOW


def test_a_control_published_later_is_named_with_no_code_of_its_own(workstation: Workstation) -> None:
    dialog = workstation.window.open_transfers()
    late = QLabel("shown later", dialog)
    late.setObjectName(names.DEPOSIT_MESSAGE)
    unpublished = QPushButton("Help", dialog)
    unpublished.setObjectName("someHelpButton")
    late.show()
    unpublished.show()

    assert accessible_text(late, QAccessible.Text.Name) == names.DEPOSIT_MESSAGE
    assert accessible_text(late, QAccessible.Text.Description).startswith("Deposit Message: ")
    assert accessible_text(unpublished, QAccessible.Text.Name) == "Help"  # Qt's own name: its text


def test_a_description_the_widget_gives_itself_is_kept(workstation: Workstation) -> None:
    widget = QLineEdit(workstation.window)
    widget.setObjectName(names.ORDER_QUANTITY)
    widget.setAccessibleDescription("shares or contracts")
    widget.show()

    assert accessible_text(widget, QAccessible.Text.Name) == names.ORDER_QUANTITY
    assert accessible_text(widget, QAccessible.Text.Description) == "shares or contracts"


@pytest.fixture
def without_accessible_names(qapp: QApplication) -> Iterator[Callable[[], bool]]:
    """The application as if nothing had installed the names yet; yields 'is it installed now?'."""

    def uninstall() -> None:
        for installed in qapp.findChildren(AccessibleNames):
            qapp.removeEventFilter(installed)
            installed.setParent(None)

    uninstall()
    yield lambda: qapp.findChild(AccessibleNames) is not None
    uninstall()


def test_building_the_main_window_installs_the_names(without_accessible_names, qtbot, bridge) -> None:
    assert not without_accessible_names()

    window = MainWindow(bridge, user="tester", account="DU111111", settings=None)
    qtbot.addWidget(window)
    window.show()

    assert without_accessible_names()
    assert accessible_text(window.findChild(QWidget, names.ORDER_SUBMIT), QAccessible.Text.Name) == names.ORDER_SUBMIT


def test_the_screenshot_command_installs_the_names(without_accessible_names, engine, tmp_path: Path) -> None:
    render_screenshot(engine, tmp_path / "main.png")

    assert without_accessible_names()


def test_the_reset_question_at_start_up_is_named(without_accessible_names, tmp_path: Path) -> None:
    seen: list[str] = []

    def answer() -> None:
        """Record what the accessibility layer calls the question, then say Cancel (whatever it is
        called, so the modal question never waits for an answer)."""
        for box in [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]:
            seen.append(accessible_text(box, QAccessible.Text.Name))
            box.button(QMessageBox.StandardButton.Cancel).click()
        if not seen:
            QTimer.singleShot(10, answer)

    QTimer.singleShot(0, answer)

    assert confirm_reset(tmp_path / "workstation.db") is False
    assert seen == [names.RESET_DATABASE_DIALOG]


def test_the_descriptions_are_the_readmes() -> None:
    from scripts.write_object_descriptions import README, TARGET, descriptions, render

    expected = render(descriptions(README.read_text(encoding="utf-8")))

    assert TARGET.read_text(encoding="utf-8") == expected, "run scripts/write_object_descriptions.py"
