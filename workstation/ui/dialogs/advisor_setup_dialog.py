"""AdvisorSetupDialog: TWS's Account -> Advisor Setup for one advisor login, on IB's tabs.

- Models: the advisor's model portfolios with what each account has invested; create one by name.
- Groups: the groups with their default method; an editor for the name, the method and the member
  accounts with their amounts, checked by the engine on every edit (``engine.check_group``, the
  rules ``DefineGroup`` is validated with), the faulty fields marked and Save disabled meanwhile.
- Presets: strict per-account allocation or reduce size, the method for All, board lots and the
  odd-lot account, Equal as equal positions, close positions first.

Every change is a command sent through the bridge; the window reads the setup back from
``engine.advisor_setup`` whenever the bridge reports it changed, whoever changed it.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workstation.engine.allocation.setup import GROUP_METHODS, METHODS_FOR_ALL
from workstation.engine.api import Result
from workstation.engine.core.errors import Rejected
from workstation.engine.core.terms import AllocationMethod
from workstation.engine.messages.commands import DefineModel, SetAllocationPresets
from workstation.engine.messages.events import AccountOpened, AllocationPresetsChanged, Event
from workstation.engine.views.advisor_setup import (
    DUPLICATE_GROUP_NAME,
    MEMBERS_FIELD,
    AdvisorSetupView,
    FieldProblem,
    GroupDraft,
    PresetsView,
    field_of,
)
from workstation.ui import object_names as names
from workstation.ui.bridge import EngineBridge
from workstation.ui.field_labels import refusal_text
from workstation.ui.models.advisor_groups_table_model import AdvisorGroupsTableModel
from workstation.ui.models.advisor_models_table_model import AdvisorModelsTableModel
from workstation.ui.models.columns import ListTableModel
from workstation.ui.models.group_members_table_model import PROBLEM_ROLE, GroupMembersTableModel
from workstation.ui.tables import data_table
from workstation.ui.widgets.marking import AmountDelegate, mark_invalid, repolish

NEW_GROUP_METHOD = AllocationMethod.AVAILABLE_EQUITY
"""IB's default method (the one Presets gives All out of the box)."""

METHOD_HINTS = {
    AllocationMethod.EQUAL: "IB computes: the same quantity for every account.",
    AllocationMethod.NET_LIQ: "IB computes: in proportion to each account's Net Liquidation Value.",
    AllocationMethod.AVAILABLE_EQUITY: "IB computes: in proportion to each account's available equity.",
    AllocationMethod.PCT_CHANGE: "IB computes: each account's position changes by the order's percentage.",
    AllocationMethod.PERCENT: "Amount: the percentage of the order for each account; they total 100.",
    AllocationMethod.RATIO: "Amount: a ratio per account (1 and 3 give a quarter and three quarters).",
    AllocationMethod.CONTRACTS_OR_SHARES: "Amount: whole shares or contracts per account; the order is their sum.",
    AllocationMethod.MONETARY_AMOUNT: "Amount: money per account, turned into shares at the order's price.",
}
"""What each method does with the Amount column, under the method picker."""

NEW_GROUP_HINT = "Name the group, choose its method and tick its accounts."


class AdvisorSetupDialog(QDialog):
    """Modeless, like TWS's Advisor Setup; opens on the Groups tab."""

    def __init__(self, bridge: EngineBridge, advisor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(names.ADVISOR_SETUP_DIALOG)
        self.setWindowTitle(f"Advisor Setup — {advisor}")
        self.setModal(False)
        self._bridge = bridge
        self.advisor = advisor
        self.view: AdvisorSetupView = bridge.engine.advisor_setup(advisor)
        self.groups_model = AdvisorGroupsTableModel(self)
        self.members_model = GroupMembersTableModel(self)
        self.models_model = AdvisorModelsTableModel(self)
        self.problems: list[FieldProblem] = []
        """What the engine would refuse the group in the editor for, as of the last edit."""
        self._editing: str | None = None  # the saved group loaded in the editor; None for a new one
        self._edited = False  # problems are shown once the person has changed the form
        self._loading = False  # the editor is being filled in, not edited
        self._refreshing = False  # the groups list is being refilled, not picked from
        self._build()
        self._show_view()
        self._show_presets(self.view.presets)
        if self.view.groups:
            self.edit_group(self.view.groups[0].name)
        else:
            self.new_group()
        self.tabs.setCurrentWidget(self.groups_tab)
        bridge.sig_advisor_setup_changed.connect(self._on_setup_changed)
        bridge.sig_account_opened.connect(self._on_account_opened)

    # -- what a person does: Groups ---------------------------------------------------------------

    def new_group(self) -> None:
        """New: an empty editor with every client account unticked."""
        self._editing = None
        self.groups_list.setCurrentIndex(QModelIndex())
        self.groups_list.clearSelection()
        self._load_editor("", NEW_GROUP_METHOD, ())

    def edit_group(self, name: str) -> None:
        """Load the saved group ``name`` into the editor (and select it in the list)."""
        group = self.view.group(name)
        if group is None:
            raise KeyError(f"group: advisor {self.advisor} has no group named {name!r}")
        self._editing = name
        row = self.groups_model.row_of(name)
        if self.groups_list.currentIndex().row() != row:
            self.groups_list.selectRow(row)
        self._load_editor(group.name, group.method, group.members)

    def save_group(self) -> Result | None:
        """Save: send the group as ``DefineGroup``; an engine refusal is marked on its field. Returns
        None, sending nothing, when an amount is not a number or a new group takes a saved group's
        name (only the group being edited may be saved under its own name)."""
        draft = self._draft()
        taken = [p for p in self._bridge.engine.check_group(draft) if p.code == DUPLICATE_GROUP_NAME]
        if taken:  # the engine would accept it as a replacement of the saved group: not what New means
            self._show_group_problems(taken)
            return None
        try:
            command = draft.command()
        except ValueError as error:
            self._show_group_problems([FieldProblem(field_of(str(error)), "INVALID_VALUE", str(error))])
            return None
        result = self._bridge.submit(command)
        if isinstance(result, Rejected):
            self._show_group_problems([FieldProblem(field_of(result.message), result.code, result.message)])
            self.save_button.setEnabled(False)
            return result
        self.edit_group(command.name)  # the list already shows it: the engine reported it
        self._say(self.group_message, f"Saved group {command.name} ({command.method.value}, "
                  f"{len(command.accounts)} accounts).", "ok")
        return result

    # -- what a person does: Models and Presets ---------------------------------------------------

    def create_model(self) -> Result:
        """Create: a new model portfolio named as typed (accounts then invest in it)."""
        result = self._bridge.submit(DefineModel(self.advisor, self.model_name_input.text()))
        if isinstance(result, Rejected):
            mark_invalid(self.model_name_input, field_of(result.message) == "name", refusal_text(result.message))
            self._say(self.model_message, refusal_text(result.message), "error")
        else:
            mark_invalid(self.model_name_input, False)
            self._say(self.model_message, f"Created model {self.model_name_input.text()}.", "ok")
            self.model_name_input.clear()
        return result

    def presets_command(self) -> SetAllocationPresets:
        """The presets as the tab shows them."""
        return SetAllocationPresets(
            self.advisor, strict=self.strict_radio.isChecked(),
            default_method=self.default_method_input.currentData(), round_lots=self.round_lots_box.isChecked(),
            odd_lot_account=self.odd_lot_input.currentData(), equal_positions=self.equal_positions_box.isChecked(),
            close_positions_first=self.close_first_box.isChecked())

    def save_presets(self) -> Result:
        """Save: send the presets as ``SetAllocationPresets``; a refusal is marked on its field."""
        result = self._bridge.submit(self.presets_command())
        message = result.message if isinstance(result, Rejected) else ""
        field = field_of(message)
        refusal = refusal_text(message)
        mark_invalid(self.default_method_input, field == "default_method", refusal)
        mark_invalid(self.odd_lot_input, field == "odd_lot_account", refusal)
        self._say(self.preset_message, refusal or "Presets saved.", "error" if refusal else "ok")
        return result

    @property
    def marked_fields(self) -> list[str]:
        """The group editor's fields marked invalid (``name``, ``method``, ``accounts``,
        ``accounts.ACCOUNT``), for automation."""
        marked = [field for field, widget in (("name", self.name_input), ("method", self.method_input),
                                              (MEMBERS_FIELD, self.members_table)) if widget.property("invalid")]
        model = self.members_model
        marked += [f"{MEMBERS_FIELD}.{model.row_key(row)}" for row in range(model.rowCount())
                   if model.index(row, 0).data(PROBLEM_ROLE)]
        return marked

    # -- construction -----------------------------------------------------------------------------

    def _build(self) -> None:
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName(names.ADVISOR_SETUP_TABS)
        self.models_tab = self._build_models_tab()
        self.groups_tab = self._build_groups_tab()
        self.presets_tab = self._build_presets_tab()
        for tab, title in ((self.models_tab, "Models"), (self.groups_tab, "Groups"), (self.presets_tab, "Presets")):
            self.tabs.addTab(tab, title)
        self.close_button = _button("Close", names.ADVISOR_SETUP_CLOSE, self)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        self.resize(780, 500)

    def _build_groups_tab(self) -> QWidget:
        tab = QWidget(self)
        self.groups_list = self._table(tab, names.ADVISOR_GROUPS_LIST, self.groups_model)
        self.groups_list.selectionModel().currentRowChanged.connect(self._on_group_picked)
        self.new_group_button = _button("New", names.ADVISOR_GROUP_NEW, tab)
        self.new_group_button.clicked.connect(self.new_group)
        left = QVBoxLayout()
        left.addWidget(QLabel("Groups", tab))
        left.addWidget(self.groups_list, 1)
        new_row = QHBoxLayout()
        new_row.addWidget(self.new_group_button)
        new_row.addStretch(1)
        left.addLayout(new_row)

        self.name_input = QLineEdit(tab)
        self.name_input.setObjectName(names.ADVISOR_GROUP_NAME)
        self.name_input.setPlaceholderText("Group name")
        self.name_input.textChanged.connect(self._on_edited)
        self.name_input.returnPressed.connect(lambda: self.save_button.isEnabled() and self.save_group())
        self.method_input = QComboBox(tab)
        self.method_input.setObjectName(names.ADVISOR_GROUP_METHOD)
        for method in GROUP_METHODS:
            self.method_input.addItem(method.value, method)
        self.method_input.currentIndexChanged.connect(self._on_method_changed)
        self.method_hint = QLabel(tab)
        self.method_hint.setObjectName("advisorGroupMethodHint")
        self.method_hint.setWordWrap(True)
        self.members_table = self._table(tab, names.ADVISOR_GROUP_MEMBERS, self.members_model)
        triggers = QAbstractItemView.EditTrigger
        self.members_table.setEditTriggers(triggers.DoubleClicked | triggers.SelectedClicked | triggers.EditKeyPressed
                                           | triggers.AnyKeyPressed)
        self.members_table.setItemDelegateForColumn(GroupMembersTableModel.AMOUNT, AmountDelegate(self.members_table))
        self.members_model.sig_edited.connect(self._on_edited)
        self.group_message = QLabel(tab)
        self.group_message.setObjectName(names.ADVISOR_GROUP_MESSAGE)
        self.group_message.setWordWrap(True)
        self.save_button = _button("Save", names.ADVISOR_GROUP_SAVE, tab)
        self.save_button.clicked.connect(self.save_group)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Name", self.name_input)
        form.addRow("Method", self.method_input)
        form.addRow("", self.method_hint)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(QLabel("Accounts", tab))
        right.addWidget(self.members_table, 1)
        footer = QHBoxLayout()
        footer.addWidget(self.group_message, 1)
        footer.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)
        right.addLayout(footer)

        layout = QHBoxLayout(tab)
        layout.addLayout(left, 4)
        layout.addSpacing(8)
        layout.addLayout(right, 5)
        return tab

    def _build_models_tab(self) -> QWidget:
        tab = QWidget(self)
        self.models_table = self._table(tab, names.ADVISOR_MODELS_TABLE, self.models_model)
        self.model_name_input = QLineEdit(tab)
        self.model_name_input.setObjectName(names.ADVISOR_MODEL_NAME)
        self.model_name_input.setPlaceholderText("Model name")
        self.model_name_input.returnPressed.connect(self.create_model)
        self.create_model_button = _button("Create", names.ADVISOR_MODEL_CREATE, tab)
        self.create_model_button.clicked.connect(self.create_model)
        self.model_message = QLabel(tab)
        self.model_message.setObjectName(names.ADVISOR_MODEL_MESSAGE)
        self.model_message.setWordWrap(True)
        create = QHBoxLayout()
        create.addWidget(QLabel("New model", tab))
        create.addWidget(self.model_name_input, 1)
        create.addWidget(self.create_model_button)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.models_table, 1)
        layout.addLayout(create)
        layout.addWidget(self.model_message)
        return tab

    def _build_presets_tab(self) -> QWidget:
        tab = QWidget(self)
        failing = QGroupBox("If one or more accounts fail the credit check when an order is submitted", tab)
        self.reduce_radio = QRadioButton("Reduce order size: exclude or shrink the accounts that cannot take "
                                         "their share", failing)
        self.reduce_radio.setObjectName(names.ADVISOR_PRESET_REDUCE)
        self.strict_radio = QRadioButton("Reject the entire order (strict per-account allocation)", failing)
        self.strict_radio.setObjectName(names.ADVISOR_PRESET_STRICT)
        self._failing_choice = QButtonGroup(failing)
        self._failing_choice.addButton(self.reduce_radio)
        self._failing_choice.addButton(self.strict_radio)
        failing_layout = QVBoxLayout(failing)
        failing_layout.addWidget(self.reduce_radio)
        failing_layout.addWidget(self.strict_radio)

        defaults = QGroupBox("Default allocation", tab)
        self.default_method_input = QComboBox(defaults)
        self.default_method_input.setObjectName(names.ADVISOR_PRESET_DEFAULT_METHOD)
        for method in METHODS_FOR_ALL:
            self.default_method_input.addItem(method.value, method)
        self.default_method_input.setMinimumContentsLength(16)
        defaults_layout = QHBoxLayout(defaults)
        defaults_layout.addWidget(QLabel("Method for All", defaults))
        defaults_layout.addWidget(self.default_method_input)
        defaults_layout.addStretch(1)

        quantities = QGroupBox("Allocation quantities", tab)
        self.round_lots_box = QCheckBox("Round allocation quantity to exchange board lot (100 shares)", quantities)
        self.round_lots_box.setObjectName(names.ADVISOR_PRESET_ROUND_LOTS)
        self.odd_lot_input = QComboBox(quantities)
        self.odd_lot_input.setObjectName(names.ADVISOR_PRESET_ODD_LOT_ACCOUNT)
        self.odd_lot_input.setMinimumContentsLength(12)
        self.equal_positions_box = QCheckBox("Equal brings accounts to equal positions (Advisor Portal), instead "
                                             "of splitting the order evenly", quantities)
        self.equal_positions_box.setObjectName(names.ADVISOR_PRESET_EQUAL_POSITIONS)
        self.close_first_box = QCheckBox("Close positions first: no account opens a position while another "
                                         "still has one to close", quantities)
        self.close_first_box.setObjectName(names.ADVISOR_PRESET_CLOSE_POSITIONS_FIRST)
        odd_lot_row = QHBoxLayout()
        odd_lot_row.addWidget(QLabel("Odd-lot account (takes the units left over)", quantities))
        odd_lot_row.addWidget(self.odd_lot_input)
        odd_lot_row.addStretch(1)
        quantities_layout = QVBoxLayout(quantities)
        quantities_layout.addWidget(self.round_lots_box)
        quantities_layout.addLayout(odd_lot_row)
        quantities_layout.addWidget(self.equal_positions_box)
        quantities_layout.addWidget(self.close_first_box)

        self.preset_message = QLabel(tab)
        self.preset_message.setObjectName(names.ADVISOR_PRESET_MESSAGE)
        self.preset_message.setWordWrap(True)
        self.save_presets_button = _button("Save", names.ADVISOR_PRESET_SAVE, tab)
        self.save_presets_button.clicked.connect(self.save_presets)
        footer = QHBoxLayout()
        footer.addWidget(self.preset_message, 1)
        footer.addWidget(self.save_presets_button)
        layout = QVBoxLayout(tab)
        for box in (failing, defaults, quantities):
            layout.addWidget(box)
        layout.addStretch(1)
        layout.addLayout(footer)
        return tab

    def _table(self, parent: QWidget, name: str, model: ListTableModel | GroupMembersTableModel) -> QTableView:
        table = data_table(parent, name, model, model.columns)
        table.horizontalHeader().setStretchLastSection(True)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        return table

    # -- the group editor -------------------------------------------------------------------------

    def _load_editor(self, name: str, method: AllocationMethod, members: tuple[tuple[str, Decimal], ...]) -> None:
        self._loading = True
        try:
            self.name_input.setText(name)
            self.method_input.setCurrentIndex(self.method_input.findData(method))
            self.members_model.set_members(self.view.clients, members, method.needs_amounts)
        finally:
            self._loading = False
        self._edited = False
        self._check()

    def _draft(self) -> GroupDraft:
        name = self.name_input.text()
        return GroupDraft(self.advisor, name, self.method_input.currentData(), self.members_model.members(),
                          new=name != self._editing)

    def _check(self) -> None:
        """Ask the engine what it would refuse the group for; Save only while the answer is nothing."""
        self.problems = self._bridge.engine.check_group(self._draft())
        self.save_button.setEnabled(not self.problems)
        if self._edited:
            self._show_group_problems(self.problems)
        else:
            self._show_group_problems([])
            self._say(self.group_message, "" if self._editing else NEW_GROUP_HINT, "")

    def _show_group_problems(self, problems: list[FieldProblem]) -> None:
        fields = {problem.field for problem in problems}
        first_reason = {problem.field: refusal_text(problem.message) for problem in reversed(problems)}
        mark_invalid(self.name_input, "name" in fields, first_reason.get("name", ""))
        mark_invalid(self.method_input, "method" in fields, first_reason.get("method", ""))
        members = any(field == MEMBERS_FIELD or field.startswith(f"{MEMBERS_FIELD}.") for field in fields)
        mark_invalid(self.members_table, members, first_reason.get(MEMBERS_FIELD, ""))
        self.members_model.set_problems({field.removeprefix(f"{MEMBERS_FIELD}."): reason
                                         for field, reason in first_reason.items()
                                         if field.startswith(f"{MEMBERS_FIELD}.")})
        if problems:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            self._say(self.group_message, refusal_text(problems[0].message) + more, "error")
        elif self.group_message.property("state") == "error":
            self._say(self.group_message, "", "")

    def _on_edited(self) -> None:
        if not self._loading:
            self._edited = True
            self._check()

    def _on_method_changed(self, _index: int) -> None:
        method = self.method_input.currentData()
        self.method_hint.setText(METHOD_HINTS[method])
        self.members_model.set_uses_amounts(method.needs_amounts)
        self._on_edited()

    def _on_group_picked(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._refreshing:
            return
        if current.isValid() and self.groups_model.row_key(current.row()) != self._editing:
            self.edit_group(self.groups_model.row_key(current.row()))

    # -- following the engine ---------------------------------------------------------------------

    def _on_setup_changed(self, event: Event) -> None:
        if getattr(event, "advisor", None) != self.advisor:
            return
        self.view = self._bridge.engine.advisor_setup(self.advisor)
        self._show_view()
        if isinstance(event, AllocationPresetsChanged):
            self._show_presets(self.view.presets)

    def _on_account_opened(self, event: AccountOpened) -> None:
        if event.advisor == self.advisor:
            self.view = self._bridge.engine.advisor_setup(self.advisor)
            self.members_model.add_clients(self.view.clients)
            self._fill_odd_lot_accounts(self.odd_lot_input.currentData())

    def _show_view(self) -> None:
        """Groups and models as the engine has them, keeping the selected group selected."""
        self._refreshing = True
        try:
            self.groups_model.set_rows(self.view.groups)
            row = self.groups_model.row_of(self._editing) if self._editing else -1
            if row >= 0:
                self.groups_list.selectRow(row)
        finally:
            self._refreshing = False
        self.models_model.set_rows(self.view.models)

    def _show_presets(self, presets: PresetsView) -> None:
        (self.strict_radio if presets.strict else self.reduce_radio).setChecked(True)
        self.default_method_input.setCurrentIndex(self.default_method_input.findData(presets.default_method))
        self.round_lots_box.setChecked(presets.round_lots)
        self._fill_odd_lot_accounts(presets.odd_lot_account)
        self.equal_positions_box.setChecked(presets.equal_positions)
        self.close_first_box.setChecked(presets.close_positions_first)

    def _fill_odd_lot_accounts(self, selected: str | None) -> None:
        self.odd_lot_input.clear()
        self.odd_lot_input.addItem("None", None)
        for client in self.view.clients:
            self.odd_lot_input.addItem(client, client)
        self.odd_lot_input.setCurrentIndex(max(self.odd_lot_input.findData(selected), 0))

    def _say(self, label: QLabel, text: str, state: str) -> None:
        label.setText(text)
        if label.property("state") != state:
            label.setProperty("state", state)
            repolish(label)


def _button(text: str, name: str, parent: QWidget) -> QPushButton:
    button = QPushButton(text, parent)
    button.setObjectName(name)
    button.setAutoDefault(False)  # Enter in a field is handled by the field, never by Close
    return button
