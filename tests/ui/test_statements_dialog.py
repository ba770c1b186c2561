"""Account -> Statements, driven through the object names (reference §7: periods Daily, Monthly, Annual,
Year to Date, Custom Date Range; formats HTML, PDF, CSV; Run Statement): the file is saved, named
ACCOUNT_FROM_TO.ext, with the engine's figures, and previewed; a period that cannot run says why."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QComboBox, QDateEdit, QLabel, QLineEdit, QPushButton, QTextBrowser

from workstation.engine.core.account_tags import AccountTag
from workstation.statements.periods import PeriodKind
from workstation.testing import Workstation
from workstation.ui import object_names as names
from workstation.ui.app import render_screenshot
from workstation.ui.dialogs.statements_dialog import StatementsDialog


@pytest.fixture
def statements(workstation: Workstation, tmp_path: Path) -> Workstation:
    workstation.trigger(names.ACTION_STATEMENTS)
    workstation.find(names.STATEMENT_FOLDER, QLineEdit).setText(str(tmp_path))
    return workstation


def choose(station: Workstation, name: str, data: object) -> None:
    combo = station.find(name, QComboBox)
    combo.setCurrentIndex(combo.findData(data))


def run(station: Workstation, qtbot) -> None:
    qtbot.mouseClick(station.find(names.STATEMENT_RUN, QPushButton), Qt.MouseButton.LeftButton)
    station.settle()


def sections_of(text: str) -> dict[str, list[dict[str, str]]]:
    found: dict[str, list[dict[str, str]]] = {}
    columns: dict[str, list[str]] = {}
    for row in csv.reader(io.StringIO(text)):
        if row[1] == "Header":
            columns[row[0]] = row[2:]
            found[row[0]] = []
        else:
            found[row[0]].append(dict(zip(columns[row[0]], row[2:], strict=True)))
    return found


def test_the_dialog_publishes_its_names_and_runs_monthly_html_by_default(statements: Workstation, tmp_path, qtbot):
    for name in names.STATEMENTS_NAMES:
        statements.find(name)
    assert statements.find(names.STATEMENT_PERIOD, QComboBox).currentData() is PeriodKind.MONTHLY
    assert statements.find(names.STATEMENT_ACCOUNT, QComboBox).currentData() == statements.login

    run(statements, qtbot)

    today = statements.engine.now.date()
    saved = tmp_path / f"{statements.login}_{today:%Y%m01}_{today:%Y%m%d}.html"
    qtbot.waitUntil(saved.exists)
    page = saved.read_text(encoding="utf-8")
    net_liquidation = statements.engine.account_values(statements.login)[AccountTag.NET_LIQUIDATION]
    assert "<h2>Net Asset Value</h2>" in page and f"{net_liquidation:,.2f}" in page
    assert statements.find(names.STATEMENT_MESSAGE, QLabel).text() == f"Saved {saved}"
    assert "Cash Report" in statements.find(names.STATEMENT_PREVIEW, QTextBrowser).toPlainText()
    assert statements.find(names.STATEMENT_OPEN, QPushButton).isEnabled()


def test_a_daily_csv_has_the_engines_cash_balances(statements: Workstation, tmp_path, qtbot):
    choose(statements, names.STATEMENT_PERIOD, PeriodKind.DAILY)
    choose(statements, names.STATEMENT_FORMAT, "csv")

    run(statements, qtbot)

    [saved] = tmp_path.glob("*.csv")
    sections = sections_of(saved.read_text(encoding="utf-8"))
    assert list(sections)[:4] == ["Statement", "Account Information", "Net Asset Value", "Change in NAV"]
    assert {(c["Currency"], c["Amount"]) for c in sections["Cash Balances"]} == {
        (currency, format(amount, "f")) for currency, amount in statements.engine.cash(statements.login).items()}


def test_a_pdf_is_written_with_qts_pdf_writer(statements: Workstation, tmp_path, qtbot):
    choose(statements, names.STATEMENT_PERIOD, PeriodKind.YEAR_TO_DATE)
    choose(statements, names.STATEMENT_FORMAT, "pdf")

    run(statements, qtbot)

    [saved] = tmp_path.glob("*.pdf")
    data = saved.read_bytes()
    assert saved.name.startswith(f"{statements.login}_{statements.engine.now:%Y}0101_")
    assert data.startswith(b"%PDF-") and data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") \
        + data.count(b"/Type /Page>") + data.count(b"/Type/Page") > 0
    assert b"/Count 0" not in data


def test_the_custom_range_shows_from_and_to_and_a_backwards_range_says_why(statements: Workstation, tmp_path, qtbot):
    date_input = statements.find(names.STATEMENT_DATE, QDateEdit)
    start, end = statements.find(names.STATEMENT_FROM, QDateEdit), statements.find(names.STATEMENT_TO, QDateEdit)
    assert date_input.isVisible() and not start.isVisible()

    choose(statements, names.STATEMENT_PERIOD, PeriodKind.CUSTOM)
    assert start.isVisible() and end.isVisible() and not date_input.isVisible()
    end.setDate(QDate(2026, 11, 2))
    start.setDate(QDate(2026, 11, 3))
    run(statements, qtbot)

    message = statements.find(names.STATEMENT_MESSAGE, QLabel)
    assert message.text() == "Start: 2026-11-03 is after 2026-11-02" and message.property("state") == "error"
    assert list(tmp_path.iterdir()) == []


def test_the_menu_opens_one_statements_window(statements: Workstation):
    first = statements.find(names.STATEMENTS_DIALOG, StatementsDialog)
    statements.trigger(names.ACTION_STATEMENTS)
    assert statements.find(names.STATEMENTS_DIALOG, StatementsDialog) is first and first.isVisible()


def test_the_screenshot_shows_the_statements_window_with_the_month_previewed(demo, tmp_path):
    out = render_screenshot(demo, tmp_path / "statements.png", window="statements")

    image = QImage(str(out))
    assert not image.isNull() and image.width() >= 900
    # The preview is a white page whatever the theme: its middle, right of the tables, is white.
    assert image.pixelColor(image.width() * 3 // 4, image.height() * 3 // 4).name() == "#ffffff"


def test_an_advisor_runs_its_own_statement_or_a_clients(open_workstation, tmp_path, qtbot):
    advisor = open_workstation(login="DF1234567")   # the demo's advisor
    advisor.trigger(names.ACTION_STATEMENTS)
    advisor.find(names.STATEMENT_FOLDER, QLineEdit).setText(str(tmp_path))
    clients = advisor.engine.advisor_setup("DF1234567").clients
    accounts = advisor.find(names.STATEMENT_ACCOUNT, QComboBox)
    assert [accounts.itemData(i) for i in range(accounts.count())] == ["DF1234567", *clients] and clients

    choose(advisor, names.STATEMENT_ACCOUNT, clients[0])
    choose(advisor, names.STATEMENT_FORMAT, "csv")
    run(advisor, qtbot)

    [saved] = tmp_path.glob(f"{clients[0]}_*.csv")
    assert sections_of(saved.read_text(encoding="utf-8"))["Account Information"][0]["Field Value"] == clients[0]
