"""Activity statements as files: CSV in IB's section layout that the csv module reads back, a
self-contained HTML page with its text escaped and the partition's rows labelled, and the
``workstation statement`` command that writes them."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from workstation.cli import main
from workstation.engine.market.calendar import EASTERN
from workstation.engine.views.activity_statement import (
    ActivityStatement,
    StatementAmount,
    StatementFee,
    StatementPartition,
    StatementTrade,
    partition_label,
)
from workstation.statements import to_csv, to_html

SCENARIO = Path(__file__).parent / "scenarios" / "partitions.yaml"
SECTIONS = ["Statement", "Account Information", "Net Asset Value", "Change in NAV", "Cash Report", "Open Positions",
            "Forex Balances", "Trades", "Deposits & Withdrawals", "Fees", "Partitions", "Transfers", "Advisor Fees",
            "Commissions", "Cash Balances"]
NAME = 'Stone & <b>"Sons"</b>'  # an advisor whose name needs escaping
LABEL = partition_label("U1-P1", NAME)
WHEN = datetime(2026, 11, 25, 10, 0, tzinfo=EASTERN)


@pytest.fixture
def statement() -> ActivityStatement:
    """U1 with one trade of its own and one of its partition, and the partition's fee."""
    return ActivityStatement(
        account="U1", account_type="margin", base_currency="USD", start=date(2026, 11, 1), end=date(2026, 11, 30),
        generated_at=WHEN, accounts=("U1", "U1-P1"),
        partitions=(StatementPartition("U1-P1", LABEL, "F5100001", NAME, "Open", WHEN, WHEN, ("STK:US",), (),
                                       ("10.00 USD a month",)),),
        trades=(StatementTrade(WHEN, "U1", "", "AAPL", "SELL", Decimal(50), Decimal("149.99"), Decimal("7499.50"),
                               "USD", Decimal("1.00"), "USD", "00000001.00000001.01.01"),
                StatementTrade(WHEN, "U1-P1", LABEL, "KO", "BUY", Decimal(100), Decimal("60.01"),
                               Decimal("-6001.00"), "USD", Decimal("1.00"), "USD", "00000002.00000002.01.01")),
        deposits_withdrawals=(), transfers=(),
        advisor_fees=(StatementFee(WHEN, "U1-P1", LABEL, "F5100001", "USD", Decimal("2.33"),
                                   "flat fee, November 2026"),),
        commissions=(StatementAmount("U1", "", "USD", Decimal("1.00")),
                     StatementAmount("U1-P1", LABEL, "USD", Decimal("1.00"))),
        cash_balances=(StatementAmount("U1", "", "USD", Decimal("92498.50")),),
    )


def _sections(text: str) -> dict[str, list[dict[str, str]]]:
    """The CSV read back: section -> its data rows as column -> value (each row as wide as its header)."""
    found: dict[str, list[dict[str, str]]] = {}
    headers: dict[str, list[str]] = {}
    for line in csv.reader(io.StringIO(text)):
        section, kind, *fields = line
        if kind == "Header":
            headers[section] = fields
            found[section] = []
        else:
            assert kind == "Data" and len(fields) == len(headers[section]), line
            found[section].append(dict(zip(headers[section], fields, strict=True)))
    return found


def test_the_csv_reads_back_section_by_section(statement):
    sections = _sections(to_csv(statement))

    assert list(sections) == SECTIONS
    assert sections["Deposits & Withdrawals"] == []  # an empty section keeps its header
    trades = sections["Trades"]
    assert [(t["Partition"], t["Account"], t["Symbol"], t["Proceeds"], t["Commission"]) for t in trades] == [
        ("", "U1", "AAPL", "7499.50", "1.00"), (LABEL, "U1-P1", "KO", "-6001.00", "1.00")]
    assert trades[0]["Date/Time"] == "2026-11-25 10:00:00"
    assert [f["Amount"] for f in sections["Advisor Fees"]] == ["2.33"]
    assert sections["Partitions"][0]["Advisor Name"] == NAME  # CSV keeps text as it is


def test_the_html_escapes_text_and_tags_the_partitions_rows(statement):
    page = to_html(statement)

    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<b>" not in page and "Stone &amp; &lt;b&gt;&quot;Sons&quot;&lt;/b&gt;" in page
    escaped_label = "Partition U1-P1 (managed by Stone &amp; &lt;b&gt;&quot;Sons&quot;&lt;/b&gt;)"
    partition_rows = [row for row in page.split("<tr") if row.startswith(' class="partition"')]
    assert len(partition_rows) == 4  # its trade, the partition itself (after IB's sections), its fee, its commissions
    assert [escaped_label in row for row in partition_rows] == [True, False, True, True]
    assert "7,499.50" in page and "92,498.50" in page
    for title in SECTIONS[1:]:
        assert f"<h2>{title.replace('&', '&amp;')}</h2>" in page
    assert "None in this period." in page  # deposits & withdrawals, transfers
    assert "<script" not in page and "http" not in page.replace('lang="en"', "")  # self-contained


def test_the_command_writes_the_html_of_a_scenarios_end_state(tmp_path, capsys):
    out = tmp_path / "u1.html"

    code = main(["statement", "--scenario", str(SCENARIO), "--account", "U1", "--from", "2026-11-01",
                 "--to", "2026-11-30", "-o", str(out)])

    assert code == 0, capsys.readouterr().err
    page = out.read_text(encoding="utf-8")
    assert "Partition U1-P1 (managed by Larkspur Compass Multi-Asset Desk)" in page
    assert "30.33" in page and "4.50" in page  # the month-end fees


def test_the_command_prints_csv_and_filters_the_period(capsys):
    code = main(["statement", "--scenario", str(SCENARIO), "--account", "U1", "--from", "2026-11-25",
                 "--to", "2026-11-25", "--format", "csv"])

    assert code == 0
    sections = _sections(capsys.readouterr().out)
    assert [(t["Account"], t["Symbol"]) for t in sections["Trades"]] == [("U1-P1", "KO"), ("U1", "AAPL")]
    assert sections["Advisor Fees"] == []  # billed on the 30th


@pytest.mark.parametrize(("args", "message"), [
    (["--account", "U9"], "--account: U9 is not an account here"),
    (["--account", "U1", "--from", "2026-11-30", "--to", "2026-11-01"], "--from: 2026-11-30 is after --to"),
])
def test_the_command_refuses_a_bad_request_naming_the_option(capsys, args, message):
    code = main(["statement", "--scenario", str(SCENARIO), *args])

    assert code == 2
    assert message in capsys.readouterr().err


def test_the_command_reads_a_database_and_refuses_a_missing_one(tmp_path):
    from workstation.cli import open_workstation

    db = tmp_path / "w.db"
    engine, store, profile = open_workstation(db, seed=1)
    store.close()
    out = tmp_path / "statement.csv"

    missing = subprocess.run([sys.executable, "-m", "workstation", "--db", str(tmp_path / "none.db"), "statement",
                              "--account", profile.account], capture_output=True, text=True, timeout=120)
    written = subprocess.run([sys.executable, "-m", "workstation", "--db", str(db), "statement",
                              "--account", profile.account, "-o", str(out)], capture_output=True, text=True,
                             timeout=120)

    assert missing.returncode == 2 and "there is no database" in missing.stderr
    assert not (tmp_path / "none.db").exists()
    assert written.returncode == 0, written.stderr
    sections = _sections(out.read_text(encoding="utf-8"))
    assert sections["Account Information"][0] == {"Field Name": "Account", "Field Value": profile.account}
    assert {c["Account"] for c in sections["Cash Balances"]} == {profile.account}
