"""StatementsDialog: Account -> Statements, IB's Statements page in the workstation.

Statement type (Activity), period (Daily, Monthly, Annual, Year to Date, Custom Date Range) with its
date pickers, format (HTML, PDF, CSV) and account (those the login holds; an advisor's clients), then
Run Statement: the file is saved in the folder shown, named ``ACCOUNT_FROM_TO.ext`` as IB names its
downloads, and previewed below (the HTML page, whatever the format). The figures are the engine's
(``activity_statement`` through the login's reads); the dialog only picks the days and writes the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from workstation.engine.market.calendar import EASTERN
from workstation.statements import to_csv, to_html
from workstation.statements.periods import PeriodError, PeriodKind, period_days
from workstation.ui import object_names as names
from workstation.ui.bridge import EngineBridge
from workstation.ui.statement_pdf import write_pdf

FORMATS = (("HTML", "html"), ("PDF", "pdf"), ("CSV", "csv"))
STATEMENT_TYPES = ("Activity",)
FOLDER_NAME = "Mosaic Statements"


@dataclass(frozen=True, slots=True)
class SavedStatement:
    """What Run Statement wrote: the file and the days it covers."""

    path: Path
    start: date
    end: date


def statement_accounts(bridge: EngineBridge, login: str) -> list[str]:
    """The accounts whose statement the login may run: its own (partitions are inside it), then the
    other accounts it holds or, for an advisor, its clients."""
    reads = bridge.engine
    seen = reads.account_ids()
    accounts = [login] if login in seen else []
    account = reads.account(login) if login in seen else None
    if account is not None and account.is_advisor:
        accounts += [a for a in reads.advisor_setup(login).clients if a in seen]
    else:
        accounts += [a for a in seen if a != login and reads.account(a).holder == login]
    return list(dict.fromkeys(accounts))


def default_folder() -> Path:
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents or Path.home()) / FOLDER_NAME


class StatementsDialog(QDialog):
    """Modeless; each Run Statement reads the engine as it is then."""

    def __init__(self, bridge: EngineBridge, login: str, parent: QWidget | None = None,
                 folder: Path | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(names.STATEMENTS_DIALOG)
        self.setWindowTitle("Statements")
        self.setModal(False)
        self._bridge = bridge
        self.login = login
        self.saved: SavedStatement | None = None
        self._build(folder or default_folder())
        self._on_period_changed()
        self.resize(980, 720)

    # -- what a person does -----------------------------------------------------------------------

    def period(self) -> tuple[date, date]:
        """The days the chosen period covers; PeriodError names the input that is wrong."""
        kind = self.period_input.currentData()
        return period_days(kind, self._today(), self.date_input.date().toPython(),
                           self.from_input.date().toPython(), self.to_input.date().toPython())

    def show_preview(self) -> bool:
        """Preview the statement of the chosen period without saving it; False (and why) if it cannot run."""
        return self._statement(save=False) is not None

    def run_statement(self) -> SavedStatement | None:
        """Run Statement: save the file in the chosen format and preview it; None (and why) if refused."""
        return self._statement(save=True)

    def open_file(self) -> bool:
        """Open the file last saved with the desktop's viewer for its format."""
        return self.saved is not None and QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.saved.path)))

    # -- inside ----------------------------------------------------------------------------------------

    def _statement(self, save: bool) -> SavedStatement | None:
        try:
            start, end = self.period()
        except PeriodError as error:
            self._say(f"{error.field.capitalize()}: {error.message}", error=True)
            return None
        account = self.account_input.currentData()
        try:
            statement = self._bridge.engine.activity_statement(account, start, end)
        except (KeyError, ValueError) as error:
            self._say(str(error), error=True)
            return None
        self.preview.setHtml(to_html(statement))
        if not save:
            self._say(f"Activity statement of {account}, {start} to {end} (not saved)")
            return None if statement is None else SavedStatement(Path(), start, end)
        extension = self.format_input.currentData()
        folder = Path(self.folder_input.text().strip() or default_folder())
        path = folder / f"{account}_{start:%Y%m%d}_{end:%Y%m%d}.{extension}"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if extension == "pdf":
                write_pdf(statement, path)
            else:
                path.write_text(to_html(statement) if extension == "html" else to_csv(statement), encoding="utf-8")
        except OSError as error:
            self._say(f"Folder: could not write {path} ({error.strerror or error})", error=True)
            return None
        self.saved = SavedStatement(path, start, end)
        self.open_button.setEnabled(True)
        self._say(f"Saved {path}")
        return self.saved

    def _today(self) -> date:
        return self._bridge.engine.now.astimezone(EASTERN).date()

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("state", "error" if error else "")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)

    def _on_period_changed(self) -> None:
        custom = self.period_input.currentData() is PeriodKind.CUSTOM
        to_date = self.period_input.currentData() is PeriodKind.YEAR_TO_DATE
        for widget in (self.from_input, self.to_input, self.from_label, self.to_label):
            widget.setVisible(custom)
        for widget in (self.date_input, self.date_label):
            widget.setVisible(not custom and not to_date)

    def _date_edit(self, name: str, shown: QDate, today: QDate) -> QDateEdit:
        edit = QDateEdit(shown, self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMaximumDate(today)
        return edit

    def _build(self, folder: Path) -> None:
        today = QDate(self._today())
        self.type_input = QComboBox(self)
        self.type_input.setObjectName(names.STATEMENT_TYPE)
        self.type_input.addItems(STATEMENT_TYPES)
        self.period_input = QComboBox(self)
        self.period_input.setObjectName(names.STATEMENT_PERIOD)
        for kind in (PeriodKind.DAILY, PeriodKind.MONTHLY, PeriodKind.ANNUAL, PeriodKind.YEAR_TO_DATE,
                     PeriodKind.CUSTOM):
            self.period_input.addItem(kind.value, kind)
        self.period_input.setCurrentIndex(1)  # Monthly, IB's default statement
        self.period_input.currentIndexChanged.connect(self._on_period_changed)
        self.date_input = self._date_edit(names.STATEMENT_DATE, today, today)
        self.from_input = self._date_edit(names.STATEMENT_FROM, QDate(today.year(), today.month(), 1), today)
        self.to_input = self._date_edit(names.STATEMENT_TO, today, today)
        self.format_input = QComboBox(self)
        self.format_input.setObjectName(names.STATEMENT_FORMAT)
        for label, extension in FORMATS:
            self.format_input.addItem(label, extension)
        self.account_input = QComboBox(self)
        self.account_input.setObjectName(names.STATEMENT_ACCOUNT)
        for account in statement_accounts(self._bridge, self.login):
            self.account_input.addItem(account, account)
        self.folder_input = QLineEdit(str(folder), self)
        self.folder_input.setObjectName(names.STATEMENT_FOLDER)
        self.date_label, self.from_label, self.to_label = QLabel("Date", self), QLabel("From", self), QLabel("To", self)

        form = QFormLayout()
        form.addRow("Statement Type", self.type_input)
        form.addRow("Period", self.period_input)
        form.addRow(self.date_label, self.date_input)
        form.addRow(self.from_label, self.from_input)
        form.addRow(self.to_label, self.to_input)
        form.addRow("Format", self.format_input)
        form.addRow("Account", self.account_input)
        form.addRow("Save to", self.folder_input)

        self.run_button = QPushButton("Run Statement", self)
        self.run_button.setObjectName(names.STATEMENT_RUN)
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.run_statement)
        self.open_button = QPushButton("Open File", self)
        self.open_button.setObjectName(names.STATEMENT_OPEN)
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_file)
        self.close_button = QPushButton("Close", self)
        self.close_button.setObjectName(names.STATEMENTS_CLOSE)
        self.close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        self.message = QLabel("", self)
        self.message.setObjectName(names.STATEMENT_MESSAGE)
        self.message.setWordWrap(True)
        self.preview = QTextBrowser(self)
        self.preview.setObjectName(names.STATEMENT_PREVIEW)
        self.preview.setOpenLinks(False)
        # The statement is a printed page (dark text on white), whatever the workstation's theme.
        self.preview.setStyleSheet("QTextBrowser { background: #ffffff; color: #1d2733; }")

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.preview, 1)
