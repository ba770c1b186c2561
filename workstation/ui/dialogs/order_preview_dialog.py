"""OrderPreviewDialog: TWS's Order Preview (Advanced -> Check Margin). The order, its commission
(estimate, min-max), the Margin Impact grid, for an advisor order each account's share (choosing
an account shows its Margin Impact), warnings, and "Check Exposure Fee Impact", which expands the
window with the daily fee by product class. Everything is the engine's ``preview``; Transmit
sends the same order.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workstation.engine.api import Result
from workstation.engine.core.errors import Rejected
from workstation.engine.margin.impact import MarginImpact
from workstation.engine.messages.commands import PlaceOrder
from workstation.engine.trading.preview import OrderPreview
from workstation.ui import formatting
from workstation.ui import object_names as names
from workstation.ui.bridge import EngineBridge
from workstation.ui.field_labels import refusal_text
from workstation.ui.models.allocation_preview_table_model import AllocationPreviewTableModel
from workstation.ui.models.impact_table_model import ImpactTableModel, exposure_fee_rows, margin_rows
from workstation.ui.tables import ROW_HEIGHT, data_table


class OrderPreviewDialog(QDialog):
    """Modeless; ``sig_transmitted`` carries the engine's answer when Transmit is pressed."""

    sig_transmitted = Signal(object)

    def __init__(self, bridge: EngineBridge, command: PlaceOrder, parent: QWidget | None = None, *,
                 not_working: str | None = None) -> None:
        """``not_working``: why the order previewed (an order line's) can no longer be transmitted;
        the preview then shows it as entered, with Transmit disabled and this reason."""
        super().__init__(parent)
        self.setObjectName(names.ORDER_PREVIEW_DIALOG)
        self.setWindowTitle("Order Preview")
        self.setModal(False)
        self._bridge = bridge
        self.command = command
        self.not_working = not_working
        self.preview: OrderPreview = bridge.preview(command)
        self.margin_model = ImpactTableModel(self)
        self.allocation_model = AllocationPreviewTableModel(self)
        self.exposure_fee_model = ImpactTableModel(self)
        self._build()
        self._show_preview()

    # -- what a person does ----------------------------------------------------------------------

    def show_exposure_fee(self) -> None:
        """Check Exposure Fee Impact: expand the window with the fee by product class."""
        if self.preview.exposure_fee is None:
            return
        self.exposure_fee_model.set_rows(exposure_fee_rows(self.preview.exposure_fee))
        self.exposure_fee_section.setVisible(True)
        self.exposure_fee_link.setEnabled(False)
        self.adjustSize()

    def show_account(self, account: str) -> None:
        """For an advisor order: the Margin Impact of one account's share."""
        for impact in self.preview.account_margins:
            if impact.account == account:
                self._show_margin(impact)

    def transmit(self) -> Result:
        result = self._bridge.submit(self.command)
        self.sig_transmitted.emit(result)
        if isinstance(result, Rejected):
            self.status.setText(f"Rejected: {refusal_text(result.message)}")
            self.status.setProperty("state", "error")
            self.status.style().unpolish(self.status)
            self.status.style().polish(self.status)
        else:
            self.accept()
        return result

    # -- construction ---------------------------------------------------------------------------

    def _build(self) -> None:
        self.description = QLabel(formatting.order_description(self.command), self)
        self.description.setObjectName(names.PREVIEW_DESCRIPTION)
        self.description.setWordWrap(True)
        self.commission = QLabel(self)
        self.commission.setObjectName(names.PREVIEW_COMMISSION)
        self.margin_heading = QLabel("Margin Impact", self)
        self.margin_table = self._table(names.PREVIEW_MARGIN_TABLE, self.margin_model)
        self.allocation_heading = QLabel("Allocation", self)
        self.allocation_table = self._table(names.PREVIEW_ALLOCATION_TABLE, self.allocation_model)
        self.allocation_table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.show_account(self.allocation_model.row_key(current.row()))
            if current.isValid() else None)
        self.warnings = QLabel(self)
        self.warnings.setObjectName(names.PREVIEW_WARNINGS)
        self.warnings.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setObjectName("previewStatus")
        self.status.setWordWrap(True)

        self.exposure_fee_link = QPushButton("Check Exposure Fee Impact", self)
        self.exposure_fee_link.setObjectName(names.PREVIEW_CHECK_EXPOSURE_FEE)
        self.exposure_fee_link.setFlat(True)
        self.exposure_fee_link.setCursor(Qt.CursorShape.PointingHandCursor)
        self.exposure_fee_link.clicked.connect(self.show_exposure_fee)
        self.exposure_fee_reason = QLabel(self)
        self.exposure_fee_reason.setObjectName("previewExposureFeeReason")
        self.exposure_fee_reason.setWordWrap(True)
        self.exposure_fee_section = QWidget(self)
        section = QVBoxLayout(self.exposure_fee_section)
        section.setContentsMargins(0, 0, 0, 0)
        section.addWidget(QLabel("Daily exposure fee by product class", self.exposure_fee_section))
        self.exposure_fee_table = self._table(names.PREVIEW_EXPOSURE_FEE_TABLE, self.exposure_fee_model)
        section.addWidget(self.exposure_fee_table)
        self.exposure_fee_section.setVisible(False)

        self.transmit_button = QPushButton("Transmit", self)
        self.transmit_button.setObjectName(names.PREVIEW_TRANSMIT)
        self.transmit_button.clicked.connect(self.transmit)
        self.close_button = QPushButton("Close", self)
        self.close_button.setObjectName(names.PREVIEW_CLOSE)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.transmit_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        for widget in (self.description, self.commission, self.margin_heading, self.margin_table,
                       self.allocation_heading, self.allocation_table, self.warnings, self.exposure_fee_link,
                       self.exposure_fee_reason, self.exposure_fee_section, self.status):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        self.setMinimumWidth(560)

    def _table(self, name: str, model: ImpactTableModel | AllocationPreviewTableModel) -> QTableView:
        table = data_table(self, name, model, model.columns)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.horizontalHeader().setStretchLastSection(True)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        return table

    # -- filling in -----------------------------------------------------------------------------

    def _show_preview(self) -> None:
        preview = self.preview
        self.commission.setText(f"Commission: {formatting.commission_estimate(preview)}")
        if preview.margin is not None:
            self._show_margin(preview.margin)
        advisor = preview.allocation is not None
        self.allocation_model.set_plan(preview.allocation)
        self.allocation_heading.setVisible(advisor)
        self.allocation_table.setVisible(advisor)
        self._fit(self.allocation_table, self.allocation_model.rowCount())
        if advisor and preview.account_margins:
            self.allocation_table.selectRow(0)
        no_margin = preview.margin is None and not preview.account_margins
        self.margin_heading.setVisible(not no_margin)
        self.margin_table.setVisible(not no_margin)
        self.warnings.setText("\n".join(f"Warning: {w}" for w in preview.warnings))
        self.warnings.setVisible(bool(preview.warnings))
        available = preview.exposure_fee is not None
        self.exposure_fee_link.setEnabled(available)
        self.exposure_fee_reason.setText("" if available else preview.exposure_fee_unavailable or
                                         "The exposure fee impact is shown for an order to one account.")
        self.exposure_fee_link.setToolTip(self.exposure_fee_reason.text())
        self.exposure_fee_reason.setVisible(not available)
        if self.not_working is not None:
            self.status.setText(self.not_working)
            self.transmit_button.setEnabled(False)
            self.transmit_button.setToolTip(self.not_working)
        elif preview.rejected is not None:
            self.status.setText(f"The order would be rejected: {refusal_text(preview.rejected.message)}")
            self.status.setProperty("state", "error")
            self.transmit_button.setEnabled(False)
            self.transmit_button.setToolTip(self.status.text())

    def _show_margin(self, impact: MarginImpact) -> None:
        self.margin_model.set_rows(margin_rows(impact))
        self.margin_heading.setText(f"Margin Impact ({impact.account}, {impact.currency})")
        self._fit(self.margin_table, self.margin_model.rowCount())

    @staticmethod
    def _fit(table: QTableView, rows: int) -> None:
        table.setFixedHeight(table.horizontalHeader().sizeHint().height() + ROW_HEIGHT * max(rows, 1) + 4)
