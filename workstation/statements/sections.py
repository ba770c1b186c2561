"""The statement as named tables, the shape both renderers write: a section's title, its column
names and its rows, each row's cells text or Decimal (numbers are formatted by the renderer) and
the partition label it belongs to (empty for the account's own activity)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from workstation.engine.market.calendar import EASTERN
from workstation.engine.views.activity_statement import ActivityStatement

Cell = str | Decimal


@dataclass(frozen=True, slots=True)
class Row:
    cells: tuple[Cell, ...]
    partition: str = ""


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]


def when(moment: datetime) -> str:
    """``2026-11-25 10:00:00`` in US/Eastern, the statement's time zone."""
    return moment.astimezone(EASTERN).strftime("%Y-%m-%d %H:%M:%S")


def day(value: date) -> str:
    return value.isoformat()


def period(statement: ActivityStatement) -> str:
    return f"{day(statement.start)} to {day(statement.end)}"


def sections(statement: ActivityStatement) -> list[Section]:
    """Every section in statement order; a section with no rows is still listed (with its columns)."""
    s = statement
    return [
        Section("Statement", ("Field Name", "Field Value"), tuple(Row(cells) for cells in (
            ("Title", "Activity Statement"), ("Period", period(s)), ("Generated", f"{when(s.generated_at)} ET"),
            ("Time Zone", "US/Eastern")))),
        Section("Account Information", ("Field Name", "Field Value"), tuple(Row(cells) for cells in (
            ("Account", s.account), ("Account Type", s.account_type), ("Base Currency", s.base_currency),
            ("Accounts Included", " ".join(s.accounts)),
            ("Cash Balances As Of", f"{when(s.generated_at)} ET")))),
        Section("Partitions", ("Partition", "Advisor", "Advisor Name", "Status", "Requested", "Opens",
                               "Permissions", "Removed Permissions", "Fees"),
                tuple(Row((p.partition_id, p.advisor, p.advisor_name, p.status, when(p.requested_at),
                           when(p.opens_at), " ".join(p.permissions), " ".join(p.removed_permissions),
                           "; ".join(p.fees)), p.label) for p in s.partitions)),
        Section("Trades", ("Partition", "Date/Time", "Account", "Symbol", "Side", "Quantity", "Price", "Proceeds",
                           "Currency", "Commission", "Commission Currency", "Reference"),
                tuple(Row((t.partition, when(t.time), t.account, t.symbol, t.action, t.quantity, t.price, t.proceeds,
                           t.currency, t.commission, t.commission_currency, t.reference), t.partition)
                      for t in s.trades)),
        Section("Deposits & Withdrawals", ("Partition", "Date/Time", "Account", "Type", "Currency", "Amount",
                                           "Description"),
                tuple(Row((m.partition, when(m.time), m.account, m.kind, m.currency, m.amount, m.description),
                          m.partition) for m in s.deposits_withdrawals)),
        Section("Transfers", ("Partition", "Date/Time", "Type", "From", "To", "Currency", "Amount", "Symbol",
                              "Quantity", "Avg Cost", "Description"),
                tuple(Row((t.partition, when(t.time), t.kind, t.from_account, t.to_account, t.currency,
                           t.amount if not t.symbol else "", t.symbol, t.quantity if t.symbol else "",
                           t.avg_cost if t.symbol else "", t.description), t.partition) for t in s.transfers)),
        Section("Advisor Fees", ("Partition", "Date/Time", "Account", "Advisor", "Currency", "Amount",
                                 "Description"),
                tuple(Row((f.partition, when(f.time), f.account, f.advisor, f.currency, f.amount, f.description),
                          f.partition) for f in s.advisor_fees)),
        Section("Commissions", ("Partition", "Account", "Currency", "Total"),
                tuple(Row((c.partition, c.account, c.currency, c.amount), c.partition) for c in s.commissions)),
        Section("Cash Balances", ("Partition", "Account", "Currency", "Amount"),
                tuple(Row((c.partition, c.account, c.currency, c.amount), c.partition) for c in s.cash_balances)),
    ]
