"""GlobalConfigurationDialog: File -> Global Configuration, with TWS's API -> Settings and Lock and Exit pages.

As in TWS, a tree of sections on the left (API -> Settings and Lock and Exit, the ones this workstation
has) and the page on the right, with OK, Apply and Cancel (applying both pages; Lock and Exit is
lock_and_exit_page.py). Applying reads the page (``settings_from_form``); a
value that cannot be used is shown, naming the field, and nothing changes. Accepted settings are
kept in the database and the server starts, stops or restarts to follow them (:class:`ApiHost`).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workstation.tws_api.api_settings import LIVE_PORT, PAPER_PORT, ApiSettings, ApiSettingsError, settings_from_form
from workstation.ui import object_names as names
from workstation.ui.api_host import ApiHost
from workstation.ui.dialogs.lock_and_exit_page import LockAndExitPage
from workstation.ui.lock_screen import IdleLock


class GlobalConfigurationDialog(QDialog):
    """The Global Configuration window; its API -> Settings page edits the API host's settings."""

    def __init__(self, host: ApiHost, parent: QWidget | None = None, lock: IdleLock | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(names.GLOBAL_CONFIGURATION_DIALOG)
        self.setWindowTitle("Global Configuration")
        self.host = host
        self.tree = QTreeWidget(self)
        self.tree.setObjectName(names.GLOBAL_CONFIGURATION_TREE)
        self.tree.setHeaderHidden(True)
        api = QTreeWidgetItem(self.tree, ["API"])
        settings_item = QTreeWidgetItem(api, ["Settings"])
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._build_settings_page())
        self._page_of = {"API": 0, "Settings": 0}
        self.lock_page: LockAndExitPage | None = None
        if lock is not None:
            self.lock_page = LockAndExitPage(lock, self)
            self.lock_item = QTreeWidgetItem(self.tree, ["Lock and Exit"])
            self._page_of["Lock and Exit"] = self.pages.addWidget(self.lock_page)
        self.tree.expandAll()
        self.tree.currentItemChanged.connect(self._show_page)
        self.tree.setCurrentItem(settings_item)
        split = QSplitter(self)
        split.addWidget(self.tree)
        split.addWidget(self.pages)
        split.setSizes([180, 520])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Apply
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.ok)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(self.apply)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)
        self.resize(760, 460)
        self.show_settings(host.settings)

    def _build_settings_page(self) -> QWidget:
        page = QWidget(self)
        self.enable = self._check(names.API_ENABLE_SOCKET_CLIENTS, "Enable ActiveX and Socket Clients", page)
        self.read_only = self._check(names.API_READ_ONLY, "Read-Only API", page)
        self.port = QLineEdit(page)
        self.port.setObjectName(names.API_SOCKET_PORT)
        self.port.setToolTip(f"{PAPER_PORT} for a paper account, {LIVE_PORT} for a live one (TWS's defaults)")
        self.master = QLineEdit(page)
        self.master.setObjectName(names.API_MASTER_CLIENT_ID)
        self.master.setPlaceholderText("none")
        self.master.setToolTip("The client id that receives every order's status, whoever placed it")
        self.log_file = self._check(names.API_MESSAGE_LOG_FILE, "Create API message log file", page)
        self.log_file.setToolTip("Writes the API log to api.YYYYMMDD.log beside the database")
        self.localhost_only = self._check(names.API_LOCALHOST_ONLY, "Allow connections from localhost only", page)
        self.trusted = QListWidget(page)
        self.trusted.setObjectName(names.API_TRUSTED_IPS)
        self.trusted_input = QLineEdit(page)
        self.trusted_input.setObjectName(names.API_TRUSTED_IP_INPUT)
        self.trusted_input.setPlaceholderText("IP address")
        add = QPushButton("Create", page)
        add.setObjectName(names.API_TRUSTED_IP_ADD)
        add.clicked.connect(self.add_trusted_ip)
        remove = QPushButton("Remove", page)
        remove.setObjectName(names.API_TRUSTED_IP_REMOVE)
        remove.clicked.connect(self._remove_trusted_ip)
        ip_row = QHBoxLayout()
        ip_row.addWidget(self.trusted_input, 1)
        ip_row.addWidget(add)
        ip_row.addWidget(remove)
        self.message = QLabel(page)
        self.message.setObjectName(names.API_SETTINGS_MESSAGE)
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.enable)
        form.addRow(self.read_only)
        form.addRow("Socket port", self.port)
        form.addRow("Master API client ID", self.master)
        form.addRow(self.log_file)
        form.addRow(self.localhost_only)
        form.addRow("Trusted IPs", self.trusted)
        form.addRow("", ip_row)
        layout = QVBoxLayout(page)
        title = QLabel("<b>API - Settings</b>", page)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        return page

    def _show_page(self, item: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None = None) -> None:
        if item is not None:
            self.pages.setCurrentIndex(self._page_of.get(item.text(0), 0))

    def show_lock_and_exit(self) -> LockAndExitPage | None:
        """Select Lock and Exit in the tree; its page (None without an idle lock)."""
        if self.lock_page is not None:
            self.tree.setCurrentItem(self.lock_item)
        return self.lock_page

    @staticmethod
    def _check(name: str, text: str, parent: QWidget) -> QCheckBox:
        box = QCheckBox(text, parent)
        box.setObjectName(name)
        return box

    def show_settings(self, settings: ApiSettings) -> None:
        self.enable.setChecked(settings.enabled)
        self.port.setText(str(settings.port))
        self.read_only.setChecked(settings.read_only)
        self.localhost_only.setChecked(settings.localhost_only)
        self.trusted.clear()
        self.trusted.addItems(list(settings.trusted_ips))
        self.master.setText("" if settings.master_client_id is None else str(settings.master_client_id))
        self.log_file.setChecked(settings.message_log_file)

    def entered(self) -> ApiSettings:
        """The settings on the page; raises :class:`ApiSettingsError` naming the field that cannot be used."""
        return settings_from_form(
            enabled=self.enable.isChecked(), port=self.port.text(), read_only=self.read_only.isChecked(),
            localhost_only=self.localhost_only.isChecked(),
            trusted_ips=[self.trusted.item(i).text() for i in range(self.trusted.count())],
            master_client_id=self.master.text(), message_log_file=self.log_file.isChecked())

    def apply(self) -> bool:
        """Apply both pages: False, with the reason shown, if a setting cannot be used or the server could
        not start (API settings that cannot be used change nothing)."""
        if self.lock_page is not None and not self.lock_page.apply():
            self.show_lock_and_exit()
            return False
        return self.apply_api()

    def apply_api(self) -> bool:
        try:
            settings = self.entered()
        except ApiSettingsError as error:
            self._say(str(error), error=True)
            return False
        started = self.host.apply(settings)
        self._say(self.host.status_text, error=not started)
        return started

    def ok(self) -> None:
        if self.apply():
            self.accept()

    def add_trusted_ip(self) -> bool:
        """Create: add the typed address to Trusted IPs, or say why it is not one."""
        address = self.trusted_input.text().strip()
        try:
            ApiSettings(trusted_ips=(address,))
        except ApiSettingsError as error:
            self._say(str(error), error=True)
            return False
        if address not in [self.trusted.item(i).text() for i in range(self.trusted.count())]:
            self.trusted.addItem(address)
        self.trusted_input.clear()
        self._say("")
        return True

    def _remove_trusted_ip(self) -> None:
        for item in self.trusted.selectedItems():
            self.trusted.takeItem(self.trusted.row(item))

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("error", error)
        self.message.setStyleSheet("color: #e06c6c;" if error else "")
