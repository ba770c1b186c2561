"""Order Entry's inline profile editor: an advisor's one-off split, checked as it is typed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from workstation.client.allocation_choices import AllocationKind
from workstation.engine.api import Engine
from workstation.engine.core.terms import AccountType, AllocationMethod
from workstation.engine.messages.commands import OpenAccount
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


def test_the_editor_opens_with_a_hint_not_an_objection(qtbot, advisor_window: MainWindow) -> None:
    dialog = advisor_window.order_entry.edit_inline_profile()
    assert "no member" not in dialog.message.text()
    assert dialog.message.text().startswith("Type an amount for each account")
    assert not dialog.ok_button.isEnabled() and not dialog.members_table.property("invalid")
    type_amount(qtbot, dialog, "Q1", "-5")                        # once typed, the engine's objection shows
    assert dialog.message.text().startswith("Amount for Q1:") and dialog.members_table.property("invalid")


def test_a_method_the_profile_cannot_use_is_refused_never_previewed_for_the_master(
        qtbot, advisor_window: MainWindow, engine: Engine) -> None:
    from workstation.client.allocation_choices import inline_profile
    from workstation.client.ticket import TicketError
    from workstation.engine.core.terms import Action, OrderType
    from workstation.engine.messages.commands import PlaceOrder

    panel = advisor_window.order_entry
    panel.method_input.setCurrentIndex(panel.method_input.findData(AllocationMethod.EQUAL))
    panel.use_allocation(inline_profile(AllocationMethod.PERCENT, (("Q1", D(60)), ("Q3", D(40)))))
    assert not panel.method_input.isEnabled() and panel.method_input.currentData() is None
    assert "Profile" in panel.method_input.toolTip()
    panel.load_symbol("MSFT")
    panel.limit_input.setText("400.00")
    ticket = panel.ticket()
    forced = type(ticket)(**{**{f: getattr(ticket, f) for f in ticket.__slots__}, "fa_method": AllocationMethod.EQUAL})
    with pytest.raises(TicketError) as refused:
        forced.to_order("FA3", engine.catalog)
    assert refused.value.field == "fa_method" and "Equal" in refused.value.reason
    # The engine refuses it too, and its preview shows no Margin Impact of the master (who holds nothing).
    equal = PlaceOrder("FA3", "MSFT", Action.BUY, D(100), OrderType.LMT, D("400.00"),
                       fa_allocations=(("Q1", D(60)), ("Q3", D(40))), fa_method=AllocationMethod.EQUAL)
    preview = engine.preview(equal)
    assert preview.rejected is not None and preview.margin is None and preview.account_margins == ()
    dialog = advisor_window.open_order_preview(equal)
    assert not dialog.margin_table.isVisibleTo(dialog) and "would be rejected" in dialog.status.text()
