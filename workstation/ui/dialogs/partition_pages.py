"""The partition wizard's middle pages: the chosen provider's details, the permissions the partition
inherits (and those it loses), and the fees to acknowledge."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from workstation.engine import Permission
from workstation.engine.partitions.marketplace import Listing
from workstation.ui import formatting
from workstation.ui import object_names as names
from workstation.ui.dialogs.partition_choice import PartitionChoice
from workstation.ui.dialogs.partition_text import permission_label
from workstation.ui.widgets.marking import repolish

FEE_NOTES = ("Fees are debited from the partition on their dates: the last business day of each billing "
             "period. Commissions are charged per partition, like any account's; market data is billed once "
             "per account holder, not per partition.")

_PROFILE: tuple[tuple[str, Callable[[Listing], str]], ...] = (
    ("Firm", lambda listing: listing.firm),
    ("Type", lambda listing: listing.kind.value),
    ("Master account", lambda listing: listing.listing_id),
    ("Credentials", lambda listing: ", ".join(listing.credentials) or "None listed"),
    ("Strategies", lambda listing: ", ".join(listing.strategies)),
    ("Asset classes", lambda listing: ", ".join(listing.asset_classes)),
    ("Region", lambda listing: listing.region),
    ("Languages", lambda listing: ", ".join(listing.languages)),
    ("Minimum investment", lambda listing: f"{listing.minimum_investment:,.0f} USD"),
)
_TRACK: tuple[tuple[str, Callable[[Listing], str]], ...] = (
    ("1-year return", lambda listing: formatting.percent(listing.track.one_year_return)),
    ("3-year return", lambda listing: f"{formatting.percent(listing.track.three_year_return)} a year"),
    ("Max drawdown", lambda listing: formatting.percent(listing.track.max_drawdown)),
    ("Sharpe ratio", lambda listing: f"{listing.track.sharpe:.2f}"),
    ("Assets managed", lambda listing: f"{formatting.compact(listing.track.assets_under_management)} USD"),
    ("Clients", lambda listing: f"{listing.track.clients:,}"),
    ("In business since", lambda listing: str(listing.track.since)),
    ("Fees", lambda listing: "\n".join(listing.fees.describe())),
)


class DetailsPage(QWizardPage):
    """Who the chosen provider is, its record and its fee schedule. Always complete."""

    def __init__(self, choice: PartitionChoice, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(names.PARTITION_DETAILS_PAGE)
        self.setTitle("Advisor details")
        self.setSubTitle("Check who would manage the partition before you go on.")
        self.choice = choice
        self.details = QWidget(self)
        self.details.setObjectName(names.PARTITION_ADVISOR_DETAILS)
        self.name = QLabel(self.details)
        self.name.setObjectName(names.PARTITION_ADVISOR_NAME)
        self.name.setProperty("heading", True)
        self.description = _value(self.details)
        self.values: dict[str, QLabel] = {}
        columns = QHBoxLayout()
        for rows in (_PROFILE, _TRACK):
            form = QFormLayout()
            form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
            for label, _read in rows:
                self.values[label] = _value(self.details)
                form.addRow(_caption(label, self.details), self.values[label])
            columns.addLayout(form, 1)
            columns.addSpacing(16)
        self.values["Fees"].setObjectName(names.PARTITION_ADVISOR_FEES)
        layout = QVBoxLayout(self.details)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.name)
        layout.addWidget(self.description)
        layout.addSpacing(8)
        layout.addLayout(columns)
        layout.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.details)

    def initializePage(self) -> None:
        listing = self.choice.listing
        if listing is None:
            return
        self.name.setText(listing.name)
        for label, read in (*_PROFILE, *_TRACK):
            self.values[label].setText(read(listing))
        self.description.setText(listing.description)


class PermissionsPage(QWizardPage):
    """Inherited and removed permissions side by side; Next only if something is inherited."""

    def __init__(self, choice: PartitionChoice, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(names.PARTITION_PERMISSIONS_PAGE)
        self.setTitle("Trading permissions")
        self.setSubTitle("The partition inherits your account's trading permissions, less any the provider "
                         "is not entitled to.")
        self.choice = choice
        self.kept: frozenset[Permission] = frozenset()
        self.inherited = QListWidget(self)
        self.inherited.setObjectName(names.PARTITION_PERMISSIONS_INHERITED)
        self.removed = QListWidget(self)
        self.removed.setObjectName(names.PARTITION_PERMISSIONS_REMOVED)
        for shown in (self.inherited, self.removed):  # read, not chosen from
            shown.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
            shown.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.inherited_heading = _caption("", self)
        self.removed_heading = _caption("", self)
        self.note = _value(self)
        self.note.setObjectName(names.PARTITION_PERMISSIONS_NOTE)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.inherited_heading, 0, 0)
        grid.addWidget(self.removed_heading, 0, 1)
        grid.addWidget(self.inherited, 1, 0)
        grid.addWidget(self.removed, 1, 1)
        grid.addWidget(self.note, 2, 0, 1, 2)
        grid.setRowStretch(1, 1)

    def initializePage(self) -> None:
        listing, parent = self.choice.listing, self.choice.parent
        name = listing.name if listing is not None else "the provider"
        self.kept, removed = self.choice.permissions()
        self.inherited_heading.setText(f"Inherited: the partition may trade ({len(self.kept)})")
        self.removed_heading.setText(f"Removed: {name} is not entitled to them ({len(removed)})")
        _fill(self.inherited, sorted(self.kept, key=str), "")
        _fill(self.removed, removed, f"Removed because {name} is not entitled to it")
        if not self.kept:
            self.note.setText(f"{name} is entitled to none of {parent}'s trading permissions, so the partition "
                              "could trade nothing. Go Back and choose another provider.")
        elif removed:
            self.note.setText(f"Permissions are set per partition afterwards; {parent} keeps all of its own.")
        else:
            self.note.setText(f"The partition inherits every trading permission of {parent}.")
        if self.note.property("state") != ("error" if not self.kept else ""):
            self.note.setProperty("state", "error" if not self.kept else "")
            repolish(self.note)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return bool(self.kept)

    def next_hint(self) -> str:
        """What Next waits for while the page is incomplete."""
        return "The partition must inherit a permission: go Back and choose another provider."


class FeesPage(QWizardPage):
    """The fee schedule and its acknowledgement, which Next needs. Choosing another provider
    afterwards asks for it again."""

    def __init__(self, choice: PartitionChoice, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(names.PARTITION_FEES_PAGE)
        self.setTitle("Fees")
        self.setSubTitle("The provider sets the partition's fees, as for any of its clients.")
        self.choice = choice
        self._acknowledged_for: str | None = None
        self.lines = _value(self)
        self.lines.setObjectName(names.PARTITION_FEE_LINES)
        self.lines.setProperty("heading", True)
        self.notes = _value(self)
        self.acknowledge = QCheckBox(self)
        self.acknowledge.setObjectName(names.PARTITION_FEES_ACKNOWLEDGE)
        self.acknowledge.toggled.connect(self._on_acknowledged)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.lines)
        layout.addSpacing(8)
        layout.addWidget(self.notes)
        layout.addSpacing(12)
        layout.addWidget(self.acknowledge)
        layout.addStretch(1)

    def initializePage(self) -> None:
        listing = self.choice.listing
        if listing is None:
            return
        self.lines.setText("\n".join(listing.fees.describe()))
        self.notes.setText(FEE_NOTES)
        self.acknowledge.setText(f"I have read {listing.name}'s fee schedule and agree that these fees are "
                                 "debited from the partition")
        if self._acknowledged_for != listing.listing_id:
            self.acknowledge.setChecked(False)

    def isComplete(self) -> bool:
        return self.acknowledge.isChecked()

    def next_hint(self) -> str:
        """What Next waits for while the page is incomplete."""
        return "Tick the acknowledgement of the fee schedule to go on."

    def _on_acknowledged(self, checked: bool) -> None:
        listing = self.choice.listing
        self._acknowledged_for = listing.listing_id if checked and listing is not None else None
        self.completeChanged.emit()


def _fill(widget: QListWidget, permissions: tuple[Permission, ...] | list[Permission], reason: str) -> None:
    widget.clear()
    for permission in permissions:
        item = QListWidgetItem(permission_label(permission))
        item.setData(Qt.ItemDataRole.UserRole, str(permission))
        if reason:
            item.setToolTip(reason)
        widget.addItem(item)


def _value(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _caption(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setProperty("caption", True)
    return label
