"""TradeLogDialog: Account -> Trade Log, the executions of today or of recent days, kept live.

TWS's Trade Log lists the day's executions and, on request, those of the previous days. Here the
period is Today (since the latest session opened), the last 7 days, or everything the database
holds; busted executions stay listed and are marked, as in the Activity panel's Trades page.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import Enum

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel
from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QWidget

from workstation.engine import AllocationFinalized, ExecutionBusted, ExecutionCorrected, ExecutionReported
from workstation.ui import object_names as names
from workstation.ui.bridge import EngineBridge
from workstation.ui.models.columns import RAW_VALUE_ROLE
from workstation.ui.models.filter_change import change_rows_filter
from workstation.ui.models.trades_table_model import TradesTableModel
from workstation.ui.tables import data_table
from workstation.ui.widgets.dialog_layout import controls_row, stack


class Period(Enum):
    TODAY = "Today"
    WEEK = "Last 7 Days"
    ALL = "All"


class _SincePeriod(QSortFilterProxyModel):
    """Rows whose execution time is at or after ``since`` (None: every row)."""

    def __init__(self, time_column: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._time_column = time_column
        self._since: datetime | None = None

    def set_since(self, since: datetime | None) -> None:
        def apply() -> None:
            self._since = since

        change_rows_filter(self, apply)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        if self._since is None:
            return True
        moment = self.sourceModel().index(source_row, self._time_column, source_parent).data(RAW_VALUE_ROLE)
        return isinstance(moment, datetime) and moment >= self._since


class TradeLogDialog(QDialog):
    """A period selector above the executions table. Modeless."""

    def __init__(self, bridge: EngineBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(names.TRADE_LOG_DIALOG)
        self.setWindowTitle("Trade Log")
        self.setModal(False)
        self._bridge = bridge
        self.model = TradesTableModel(bridge.engine, self)
        self.proxy = _SincePeriod(self.model.column_of("Time"), self)
        self.proxy.setSourceModel(self.model)

        self.period = QComboBox(self)
        self.period.setObjectName(names.TRADE_LOG_PERIOD)
        self.period.addItems([p.value for p in Period])
        self.count = QLabel(self)
        self.table = data_table(self, names.TRADE_LOG_TABLE, self.proxy, self.model.columns)

        stack(self, controls_row(self, "Show", self.period, self.count), self.table)
        self.resize(1000, 420)

        self.period.currentTextChanged.connect(lambda text: self.show_period(Period(text)))
        bridge.sig_execution.connect(self._on_execution)
        for restated in (bridge.sig_execution_corrected, bridge.sig_execution_busted, bridge.sig_allocation_finalized):
            restated.connect(self._on_executions_restated)
        bridge.sig_session_opened.connect(lambda _event: self.show_period(self.current_period))
        self.show_period(Period.TODAY)

    @property
    def current_period(self) -> Period:
        return Period(self.period.currentText())

    def show_period(self, period: Period) -> None:
        if self.period.currentText() != period.value:
            self.period.setCurrentText(period.value)  # comes back here through the signal
            return
        engine = self._bridge.engine
        since: datetime | None = None
        if period is Period.TODAY:
            since = engine.calendar.latest_open(engine.now) or engine.now
        elif period is Period.WEEK:
            since = engine.now - timedelta(days=7)
        self.proxy.set_since(since)
        self._show_count()

    def _show_count(self) -> None:
        """Executions shown, an advisor's block once (its allocation rows are not executions)."""
        shown = sum(1 for row in range(self.proxy.rowCount())
                    if self.model.row_object(self.proxy.mapToSource(self.proxy.index(row, 0)).row()).allocation is None)
        self.count.setText(f"{shown} execution{'s' if shown != 1 else ''}")

    def _on_execution(self, event: ExecutionReported) -> None:
        if self.model.add_execution(event):
            self._show_count()

    def _on_executions_restated(self, event: ExecutionCorrected | ExecutionBusted | AllocationFinalized) -> None:
        """A correction moves a price, a bust marks an execution, a final distribution may restate
        commissions: the order's executions are read again."""
        self.model.refresh_order(event.order_id)
