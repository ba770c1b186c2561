"""Advisor Setup, driven as a person would: through the object names. Groups are checked by the
engine as they are typed, saved through the bridge, and the window follows the engine."""

from collections.abc import Iterator
from decimal import Decimal

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QTableView,
    QWidget,
)

from tests.ui.finders import find
from workstation.client.allocation_choices import allocation_choices
from workstation.engine.api import Engine
from workstation.engine.core.errors import Rejected
from workstation.engine.core.terms import AccountType
from workstation.engine.core.terms import AllocationMethod as M
from workstation.engine.login_reads import LoginReads
from workstation.engine.messages.commands import DefineGroup, InvestInModel, OpenAccount, SetAllocationPresets
from workstation.ui import object_names as names
from workstation.ui.bridge import EngineBridge
from workstation.ui.dialogs.advisor_setup_dialog import AdvisorSetupDialog
from workstation.ui.models.columns import KEY_ROLE, RAW_VALUE_ROLE
from workstation.ui.models.group_members_table_model import PROBLEM_ROLE, GroupMembersTableModel

D = Decimal


@pytest.fixture
def advisor_engine(make_engine) -> Engine:
    """Advisor FA1 with clients C1 (100k), C2 (300k), C3 (50k) and a NetLiq group Core of C1 and C2."""
    engine = make_engine()
    engine.execute(OpenAccount("FA1", AccountType.ADVISOR))
    for client, cash in (("C1", "100000"), ("C2", "300000"), ("C3", "50000")):
        engine.execute(OpenAccount(client, AccountType.MARGIN, cash=(("USD", D(cash)),), advisor="FA1"))
    engine.execute(DefineGroup("FA1", "Core", M.NET_LIQ, (("C1", D(0)), ("C2", D(0)))))
    return engine


@pytest.fixture
def dialog(qtbot, advisor_engine) -> Iterator[AdvisorSetupDialog]:
    bridge = EngineBridge(advisor_engine)
    window = AdvisorSetupDialog(bridge, "FA1")
    qtbot.addWidget(window)
    window.show()
    yield window
    bridge.close()


def click(qtbot, dialog: QWidget, name: str) -> None:
    button = find(dialog, name, QAbstractButton)
    assert button.isEnabled(), f"{name} is disabled"
    # a check box or radio button answers clicks on its indicator and label, not across its whole width
    at = QPoint(8, button.height() // 2) if isinstance(button, (QCheckBox, QRadioButton)) else QPoint()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=at)


def type_text(qtbot, dialog: QWidget, name: str, text: str) -> None:
    line = find(dialog, name, QLineEdit)
    line.selectAll()
    qtbot.keyClicks(line, text)


def choose(dialog: QWidget, name: str, text: str) -> None:
    combo = find(dialog, name, QComboBox)
    index = combo.findText(text)
    assert index >= 0, f"{name} has no {text!r}"
    combo.setCurrentIndex(index)


def member_cell(dialog: QWidget, account: str, column: str):
    table = find(dialog, names.ADVISOR_GROUP_MEMBERS, QTableView)
    model = table.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data(KEY_ROLE) == account)
    return table, model.index(row, model.column_of(column))


def type_amount(qtbot, dialog: QWidget, account: str, text: str) -> None:
    """Double-click into the account's Amount cell, replace what is there, press Enter."""
    table, cell = member_cell(dialog, account, "Amount")
    table.setCurrentIndex(cell)
    table.edit(cell)
    editor = table.indexWidget(cell)
    assert isinstance(editor, QLineEdit), "the Amount cell did not open an editor"
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def tick(qtbot, dialog: QWidget, account: str) -> None:
    """Select the account's row and press Space, which toggles its check box."""
    table, cell = member_cell(dialog, account, "Account")
    table.setFocus()
    table.setCurrentIndex(cell)
    qtbot.keyClick(table, Qt.Key.Key_Space)


def members(dialog: QWidget) -> dict[str, tuple[bool, str]]:
    model = find(dialog, names.ADVISOR_GROUP_MEMBERS, QTableView).model()
    return {model.index(r, 0).data(KEY_ROLE): (model.index(r, 0).data(Qt.ItemDataRole.CheckStateRole)
                                               == Qt.CheckState.Checked, model.index(r, 1).data(RAW_VALUE_ROLE))
            for r in range(model.rowCount())}


def message(dialog: QWidget, name: str = names.ADVISOR_GROUP_MESSAGE) -> str:
    return find(dialog, name, QLabel).text()


def is_marked(dialog: QWidget, name: str) -> bool:
    return bool(find(dialog, name).property("invalid"))


def save_enabled(dialog: QWidget) -> bool:
    return find(dialog, names.ADVISOR_GROUP_SAVE, QAbstractButton).isEnabled()


def test_every_published_name_is_in_the_dialog(dialog):
    for name in names.ADVISOR_SETUP_NAMES:
        find(dialog, name)
    assert find(dialog, names.ADVISOR_SETUP_TABS).count() == 3


def test_it_opens_on_groups_with_the_first_group_loaded(dialog):
    tabs = find(dialog, names.ADVISOR_SETUP_TABS)
    assert tabs.tabText(tabs.currentIndex()) == "Groups"
    groups = find(dialog, names.ADVISOR_GROUPS_LIST, QTableView).model()
    assert [groups.index(r, 0).data(KEY_ROLE) for r in range(groups.rowCount())] == ["Core"]
    assert find(dialog, names.ADVISOR_GROUP_NAME, QLineEdit).text() == "Core"
    assert find(dialog, names.ADVISOR_GROUP_METHOD, QComboBox).currentText() == "NetLiq"
    assert members(dialog) == {"C1": (True, ""), "C2": (True, ""), "C3": (False, "")}
    _table, cell = member_cell(dialog, "C1", "Amount")
    assert not cell.flags() & Qt.ItemFlag.ItemIsEditable     # NetLiq: IB computes the split
    assert save_enabled(dialog) and message(dialog) == ""


def test_a_group_typed_with_a_bad_amount_is_marked_until_fixed_then_saved(qtbot, dialog, advisor_engine):
    click(qtbot, dialog, names.ADVISOR_GROUP_NEW)
    assert not save_enabled(dialog)
    assert not is_marked(dialog, names.ADVISOR_GROUP_NAME)   # nothing is marked before anything is typed
    type_text(qtbot, dialog, names.ADVISOR_GROUP_NAME, "Income")
    choose(dialog, names.ADVISOR_GROUP_METHOD, "Percent")
    type_amount(qtbot, dialog, "C1", "60")
    type_amount(qtbot, dialog, "C2", "-40")

    assert members(dialog) == {"C1": (True, "60"), "C2": (True, "-40"), "C3": (False, "")}  # typing ticks
    _table, bad = member_cell(dialog, "C2", "Amount")
    assert bad.data(PROBLEM_ROLE) == "Amount for C2: -40 must be greater than zero for Percent"
    assert member_cell(dialog, "C1", "Amount")[1].data(PROBLEM_ROLE) is None
    assert is_marked(dialog, names.ADVISOR_GROUP_MEMBERS)
    assert message(dialog).startswith("Amount for C2: -40 must be greater than zero")
    assert not save_enabled(dialog)

    type_amount(qtbot, dialog, "C2", "40")
    assert bad.data(PROBLEM_ROLE) is None and not is_marked(dialog, names.ADVISOR_GROUP_MEMBERS)
    assert message(dialog) == "" and save_enabled(dialog)

    click(qtbot, dialog, names.ADVISOR_GROUP_SAVE)
    group = advisor_engine.advisor_setup("FA1").group("Income")
    assert (group.method, group.members) == (M.PERCENT, (("C1", D(60)), ("C2", D(40))))
    offered = allocation_choices(LoginReads(advisor_engine, "FA1"), "FA1")
    assert "Income (group, Percent)" in [choice.label for choice in offered]
    groups = find(dialog, names.ADVISOR_GROUPS_LIST, QTableView)
    assert groups.model().index(groups.currentIndex().row(), 0).data(KEY_ROLE) == "Income"
    assert message(dialog).startswith("Saved group Income")


def test_the_message_names_the_field_and_the_reason_as_the_form_is_typed(qtbot, dialog):
    click(qtbot, dialog, names.ADVISOR_GROUP_NEW)
    type_text(qtbot, dialog, names.ADVISOR_GROUP_NAME, "All")
    assert is_marked(dialog, names.ADVISOR_GROUP_NAME)
    assert message(dialog).startswith("Name: 'All' is IB's built-in group")
    assert find(dialog, names.ADVISOR_GROUP_NAME).toolTip() == message(dialog).removesuffix(" (and 1 more)")

    type_text(qtbot, dialog, names.ADVISOR_GROUP_NAME, "Pair")
    assert not is_marked(dialog, names.ADVISOR_GROUP_NAME)
    assert message(dialog) == "Accounts: the group has no member accounts"
    choose(dialog, names.ADVISOR_GROUP_METHOD, "Percent")
    type_amount(qtbot, dialog, "C1", "60")
    type_amount(qtbot, dialog, "C3", "30")
    assert message(dialog) == "Accounts: percentages total 90, not 100"
    assert is_marked(dialog, names.ADVISOR_GROUP_MEMBERS) and not save_enabled(dialog)
    type_amount(qtbot, dialog, "C3", "4o")                   # a typo: not a number
    assert member_cell(dialog, "C3", "Amount")[1].data(PROBLEM_ROLE) == "Amount for C3: '4o' is not a number"
    assert dialog.marked_fields == ["accounts", "accounts.C3"]


def test_new_with_a_saved_groups_name_is_refused_and_the_group_kept(qtbot, dialog, advisor_engine):
    before = advisor_engine.advisor_setup("FA1").group("Core")
    click(qtbot, dialog, names.ADVISOR_GROUP_NEW)
    type_text(qtbot, dialog, names.ADVISOR_GROUP_NAME, "Core")
    choose(dialog, names.ADVISOR_GROUP_METHOD, "Equal")
    tick(qtbot, dialog, "C3")
    assert is_marked(dialog, names.ADVISOR_GROUP_NAME) and not save_enabled(dialog)
    assert message(dialog).startswith("Name: advisor FA1 already has a group 'Core'")
    assert "replace" in message(dialog)
    assert dialog.save_group() is None                        # an automation pressing on regardless
    assert advisor_engine.advisor_setup("FA1").group("Core") == before
    groups = find(dialog, names.ADVISOR_GROUPS_LIST, QTableView)
    groups.selectRow(0)                                       # editing Core itself may keep its name
    tick(qtbot, dialog, "C3")
    assert not is_marked(dialog, names.ADVISOR_GROUP_NAME) and save_enabled(dialog)
    click(qtbot, dialog, names.ADVISOR_GROUP_SAVE)
    assert advisor_engine.advisor_setup("FA1").group("Core").accounts == ("C1", "C2", "C3")


def test_a_saved_group_is_edited_by_ticking_an_account(qtbot, dialog, advisor_engine):
    tick(qtbot, dialog, "C3")
    assert members(dialog)["C3"] == (True, "")
    click(qtbot, dialog, names.ADVISOR_GROUP_SAVE)
    assert advisor_engine.advisor_setup("FA1").group("Core").accounts == ("C1", "C2", "C3")


def test_an_engine_refusal_lands_on_the_field(qtbot, dialog, advisor_engine):
    click(qtbot, dialog, names.ADVISOR_GROUP_NEW)
    tick(qtbot, dialog, "C1")
    type_text(qtbot, dialog, names.ADVISOR_GROUP_NAME, " Padded")
    assert not save_enabled(dialog)
    result = dialog.save_group()                              # an automation pressing on regardless
    assert isinstance(result, Rejected) and result.code == "INVALID_GROUP_NAME"
    assert is_marked(dialog, names.ADVISOR_GROUP_NAME) and message(dialog) == "Name: " + result.message

    tabs = find(dialog, names.ADVISOR_SETUP_TABS)
    tabs.setCurrentIndex(0)
    for _ in range(2):
        type_text(qtbot, dialog, names.ADVISOR_MODEL_NAME, "Tech")
        click(qtbot, dialog, names.ADVISOR_MODEL_CREATE)
    assert is_marked(dialog, names.ADVISOR_MODEL_NAME)
    assert message(dialog, "advisorModelMessage") == "Name: advisor FA1 already has a model 'Tech'"


def test_a_model_is_created_by_name_and_shows_what_accounts_invest(qtbot, dialog, advisor_engine):
    find(dialog, names.ADVISOR_SETUP_TABS).setCurrentIndex(0)
    type_text(qtbot, dialog, names.ADVISOR_MODEL_NAME, "Income")
    click(qtbot, dialog, names.ADVISOR_MODEL_CREATE)
    assert [m.name for m in advisor_engine.advisor_setup("FA1").models] == ["Income"]
    assert find(dialog, names.ADVISOR_MODEL_NAME, QLineEdit).text() == ""
    table = find(dialog, names.ADVISOR_MODELS_TABLE, QTableView).model()
    assert table.rowCount() == 1 and table.index(0, 0).data(KEY_ROLE) == "Income"

    dialog._bridge.submit(InvestInModel("C2", "Income", D(25000)))  # the window follows the engine
    total = table.column_of("Total")
    assert table.index(0, total).data(RAW_VALUE_ROLE) == D(25000)
    assert table.index(0, table.column_of("Invested")).data() == "C2 25,000.00"


def test_presets_are_saved_and_follow_the_engine(qtbot, dialog, advisor_engine):
    find(dialog, names.ADVISOR_SETUP_TABS).setCurrentIndex(2)
    assert find(dialog, names.ADVISOR_PRESET_REDUCE, QRadioButton).isChecked()
    click(qtbot, dialog, names.ADVISOR_PRESET_STRICT)
    choose(dialog, names.ADVISOR_PRESET_DEFAULT_METHOD, "NetLiq")
    click(qtbot, dialog, names.ADVISOR_PRESET_ROUND_LOTS)
    choose(dialog, names.ADVISOR_PRESET_ODD_LOT_ACCOUNT, "C2")
    click(qtbot, dialog, names.ADVISOR_PRESET_EQUAL_POSITIONS)
    click(qtbot, dialog, names.ADVISOR_PRESET_CLOSE_POSITIONS_FIRST)
    click(qtbot, dialog, names.ADVISOR_PRESET_SAVE)
    presets = advisor_engine.advisor_setup("FA1").presets
    assert (presets.strict, presets.default_method, presets.round_lots, presets.odd_lot_account,
            presets.equal_positions, presets.close_positions_first) == (True, M.NET_LIQ, True, "C2", True, False)
    assert message(dialog, "advisorPresetMessage") == "Presets saved."

    dialog._bridge.submit(SetAllocationPresets("FA1", default_method=M.EQUAL))  # set elsewhere
    assert find(dialog, names.ADVISOR_PRESET_REDUCE, QRadioButton).isChecked()
    assert find(dialog, names.ADVISOR_PRESET_DEFAULT_METHOD, QComboBox).currentText() == "Equal"
    assert find(dialog, names.ADVISOR_PRESET_ODD_LOT_ACCOUNT, QComboBox).currentText() == "None"
    assert find(dialog, names.ADVISOR_PRESET_CLOSE_POSITIONS_FIRST, QCheckBox).isChecked()


def test_the_window_follows_groups_and_clients_added_elsewhere(qtbot, dialog, advisor_engine):
    type_text(qtbot, dialog, names.ADVISOR_GROUP_NAME, "Core2")   # an edit in progress
    dialog._bridge.submit(DefineGroup("FA1", "Alpha", M.EQUAL, (("C3", D(0)),)))
    dialog._bridge.submit(OpenAccount("C4", AccountType.CASH, advisor="FA1"))
    groups = find(dialog, names.ADVISOR_GROUPS_LIST, QTableView).model()
    assert [groups.index(r, 0).data(KEY_ROLE) for r in range(groups.rowCount())] == ["Alpha", "Core"]
    assert find(dialog, names.ADVISOR_GROUP_NAME, QLineEdit).text() == "Core2"   # the edit is kept
    assert members(dialog)["C4"] == (False, "")
    odd_lot = find(dialog, names.ADVISOR_PRESET_ODD_LOT_ACCOUNT, QComboBox)
    assert [odd_lot.itemText(i) for i in range(odd_lot.count())] == ["None", "C1", "C2", "C3", "C4"]


def test_close_closes(qtbot, dialog):
    click(qtbot, dialog, names.ADVISOR_SETUP_CLOSE)
    assert not dialog.isVisible()


def test_the_setup_models_pass_the_model_tester(qtbot, qtmodeltester, dialog, advisor_engine):
    find(dialog, names.ADVISOR_SETUP_TABS).setCurrentIndex(0)
    type_text(qtbot, dialog, names.ADVISOR_MODEL_NAME, "Income")
    click(qtbot, dialog, names.ADVISOR_MODEL_CREATE)
    dialog._bridge.submit(InvestInModel("C1", "Income", D(1000)))
    choose(dialog, names.ADVISOR_GROUP_METHOD, "Ratio")
    type_amount(qtbot, dialog, "C3", "0")
    for model in (dialog.groups_model, dialog.models_model, dialog.members_model):
        assert model.rowCount() > 0
        qtmodeltester.check(model)
    assert isinstance(dialog.members_model, GroupMembersTableModel)
