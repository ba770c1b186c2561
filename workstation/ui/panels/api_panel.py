"""ApiPanel: the TWS API's connected clients and the server's log, as a Mosaic panel.

The clients table lists each API client past startApi (client id, peer address, negotiated server
version, connected since, local time) and drops it when it disconnects; the log shows the newest
lines of the server's log (``ApiHost.log_lines``, bounded). Both follow :class:`ApiHost`'s signals.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workstation.ui import object_names as names
from workstation.ui.api_host import MAX_LOG_LINES, ApiHost

CLIENT_COLUMNS = ("Client ID", "Peer", "Server Version", "Connected Since")


class ApiPanel(QWidget):
    """Connected API clients above the API log."""

    def __init__(self, host: ApiHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(names.API_PANEL)
        self.host = host
        self.server_state = QLabel(host.status_text, self)
        self.server_state.setObjectName(names.API_STATUS)
        self.server_state.setWordWrap(True)
        self.clients = QTableWidget(0, len(CLIENT_COLUMNS), self)
        self.clients.setObjectName(names.API_CLIENTS_TABLE)
        self.clients.setHorizontalHeaderLabels(CLIENT_COLUMNS)
        self.clients.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.clients.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.clients.verticalHeader().setVisible(False)
        self.clients.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.log = QPlainTextEdit(self)
        self.log.setObjectName(names.API_LOG)
        self.log.setReadOnly(True)
        self.log.setMaximumBlockCount(MAX_LOG_LINES)
        self.log.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        for line in host.log_lines:
            self.log.appendPlainText(line)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.clients)
        split.addWidget(self.log)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.server_state)
        layout.addWidget(split, 1)
        host.sig_clients_changed.connect(self._show_clients)
        host.sig_log_line.connect(self.log.appendPlainText)
        host.sig_status.connect(self.server_state.setText)
        self._show_clients()

    def client_rows(self) -> list[tuple[str, ...]]:
        """The table's rows as shown, top to bottom."""
        return [tuple(self.clients.item(row, column).text() for column in range(len(CLIENT_COLUMNS)))
                for row in range(self.clients.rowCount())]

    def _show_clients(self) -> None:
        clients = sorted(self.host.clients.values(), key=lambda c: c.client_id)
        self.clients.setRowCount(len(clients))
        for row, client in enumerate(clients):
            since = client.connected_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
            for column, text in enumerate((str(client.client_id), client.peer, str(client.server_version), since)):
                item = QTableWidgetItem(text)
                if column in (0, 2):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.clients.setItem(row, column, item)
