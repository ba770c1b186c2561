"""WorkstationStatusBar: simulated clock, market state, logged-in user and account, and a partition
request while it is pending."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from workstation.engine import CommandRejected, MarketState, PartitionView
from workstation.ui import formatting
from workstation.ui import object_names as names
from workstation.ui.field_labels import refusal_shown

REJECTION_SHOWN_MS = 8000


class WorkstationStatusBar(QStatusBar):
    """Permanent labels on the right; transient messages (refusals) on the left."""

    def __init__(self, *, user: str, account: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(names.STATUS_BAR)
        self.setSizeGripEnabled(False)
        self.user_label = self._label(names.STATUS_USER, f"User: {user}")
        self.account_label = self._label(names.STATUS_ACCOUNT, f"Account: {account or '—'}")
        self.market_state_label = self._label(names.STATUS_MARKET_STATE, "")
        self.clock_label = self._label(names.STATUS_CLOCK, "")
        self.partition_label = self._label(names.STATUS_PARTITION, "")
        self.partition_label.setVisible(False)
        for label in (self.partition_label, self.user_label, self.account_label, self.market_state_label,
                      self.clock_label):
            self.addPermanentWidget(label)

    def show_clock(self, moment: datetime) -> None:
        self.clock_label.setText(formatting.clock(moment))

    def show_market_state(self, state: MarketState) -> None:
        label = self.market_state_label
        label.setText(state.value)
        label.setToolTip(f"Market: {state.value}")
        if label.property("marketState") != state.name:
            # The stylesheet colours the label by this property; re-polish to apply it.
            label.setProperty("marketState", state.name)
            label.style().unpolish(label)
            label.style().polish(label)

    def show_partitions(self, partitions: list[PartitionView]) -> None:
        """The login's pending partition request and when it opens; hidden once none is pending."""
        pending = [p for p in partitions if p.status == "Pending"]
        self.partition_label.setVisible(bool(pending))
        self.partition_label.setText("  ".join(
            f"Partition {p.partition_id} with {p.advisor_name}: pending, opens {formatting.opening_time(p.ready_at)}"
            for p in pending))

    def show_rejection(self, event: CommandRejected) -> None:
        self.showMessage(f"{event.command} rejected — {event.code}: {refusal_shown(event)}", REJECTION_SHOWN_MS)

    def _label(self, name: str, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName(name)
        return label
