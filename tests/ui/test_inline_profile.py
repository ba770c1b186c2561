"""Order Entry's inline profile editor: an advisor's one-off split, checked as it is typed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from workstation.engine.accounts import AccountType
from workstation.engine.allocation.methods import AllocationMethod
from workstation.engine.commands import OpenAccount
from workstation.engine.engine import Engine
from workstation.engine.order_ticket import AllocationKind
from workstation.ui import object_names as names
from workstation.ui.bridge import EngineBridge
from workstation.ui.dialogs.inline_profile_dialog import InlineProfileDialog
from workstation.ui.main_window import MainWindow
from workstation.ui.models.group_members_table_model import GroupMembersTableModel

D = Decimal


@pytest.fixture
def advisor_window(qtbot, engine: Engine, bridge: EngineBridge, settings) -> MainWindow:
    engine.execute(OpenAccount("FA3", AccountType.ADVISOR))
    for client in ("Q1", "Q2", "Q3"):
        engine.execute(OpenAccount(client, AccountType.MARGIN, cash=(("USD", D(100000)),), advisor="FA3"))
    window = MainWindow(bridge, user="advisor", account="FA3", settings=settings)
    qtbot.addWidget(window)
    return window


def type_amount(qtbot, dialog: InlineProfileDialog, account: str, amount: str) -> None:
    model = dialog.members_model
    row = model.row_of(account)
    model.setData(model.index(row, GroupMembersTableModel.AMOUNT), amount, Qt.ItemDataRole.EditRole)


def test_a_profile_typed_in_the_editor_routes_the_order(qtbot, advisor_window: MainWindow, engine: Engine) -> None:
    panel = advisor_window.order_entry
    button = advisor_window.findChild(object, names.ORDER_PROFILE_EDIT)
    assert not button.isHidden()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = advisor_window.findChild(InlineProfileDialog, names.INLINE_PROFILE_DIALOG)
    assert dialog is not None and not dialog.ok_button.isEnabled()  # nothing chosen yet

    type_amount(qtbot, dialog, "Q1", "60")
    type_amount(qtbot, dialog, "Q3", "30")
    assert not dialog.ok_button.isEnabled() and "100" in dialog.message.text()  # Percent must total 100
    type_amount(qtbot, dialog, "Q3", "40")
    assert dialog.ok_button.isEnabled() and dialog.message.text() == ""
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    choice = panel.allocation_input.currentData()
    assert choice.kind is AllocationKind.PROFILE and choice.method is AllocationMethod.PERCENT
    assert panel.allocation_input.currentText() == "Inline profile (Percent): Q1 60, Q3 40"
    panel.load_symbol("MSFT")
    panel.limit_input.setText("400.00")
    command = panel.ticket().to_order("FA3", engine.catalog)
    assert command.fa_allocations == (("Q1", D(60)), ("Q3", D(40)))
    assert command.fa_method is AllocationMethod.PERCENT


def test_cancel_keeps_the_allocation_as_it_was(qtbot, advisor_window: MainWindow) -> None:
    panel = advisor_window.order_entry
    before = panel.allocation_input.currentText()

    dialog = panel.edit_inline_profile()
    type_amount(qtbot, dialog, "Q2", "100")
    dialog.reject()

    assert panel.allocation_input.currentText() == before


def test_an_individual_login_has_no_profile_editor(main_window: MainWindow) -> None:
    button = main_window.findChild(object, names.ORDER_PROFILE_EDIT)

    assert button is not None and button.isHidden()
