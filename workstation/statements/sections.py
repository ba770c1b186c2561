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
    note: str = ""
    """Why an empty section is empty, when it is not for want of activity."""


NOT_VALUED = ("Valued for a period that runs up to today only: the engine keeps every cash entry but no past "
              "prices, so a past period's positions are not valued.")


def when(moment: datetime) -> str:
    """``2026-11-25 10:00:00`` in US/Eastern, the statement's time zone."""
    return moment.astimezone(EASTERN).strftime("%Y-%m-%d %H:%M:%S")


def day(value: date) -> str:
    return value.isoformat()


def period(statement: ActivityStatement) -> str:
    return f"{day(statement.start)} to {day(statement.end)}"


_METHODS = {"wire": "Wire", "ach": "ACH", "check": "Check"}


def sections(statement: ActivityStatement) -> list[Section]:
    """Every section in statement order (IB's summary sections first, as its Default statement: Account
    Information, Net Asset Value, Change in NAV, Cash Report, Open Positions, Forex Balances, Trades,
    Deposits & Withdrawals, Fees; then this mock's partition sections); a section with no rows is still
    listed (with its columns)."""
    s = statement
    as_of = s.as_of or s.generated_at
    not_valued = "" if s.valued else NOT_VALUED
    return [
        Section("Statement", ("Field Name", "Field Value"), tuple(Row(cells) for cells in (
            ("Title", "Activity Statement"), ("Period", period(s)), ("Generated", f"{when(s.generated_at)} ET"),
            ("Time Zone", "US/Eastern")))),
        Section("Account Information", ("Field Name", "Field Value"), tuple(Row(cells) for cells in (
            ("Account", s.account), ("Account Type", s.account_type), ("Base Currency", s.base_currency),
            ("Trading Permissions", " ".join(s.permissions)),
            ("Accounts Included", " ".join(s.accounts)),
            ("Cash Balances As Of", f"{when(as_of)} ET")))),
        Section("Net Asset Value", ("Partition", "Account", "Line", "Currency", "Amount"),
                tuple(Row((v.partition, v.account, v.line, v.currency, v.amount), v.partition)
                      for v in s.net_asset_value), not_valued),
        Section("Change in NAV", ("Partition", "Account", "Line", "Currency", "Amount"),
                tuple(Row((v.partition, v.account, v.line, v.currency, v.amount), v.partition)
                      for v in s.change_in_nav)),
        Section("Cash Report", ("Partition", "Account", "Line", "Currency", "Amount"),
                tuple(Row((c.partition, c.account, line, c.currency, amount), c.partition)
                      for c in s.cash_report for line, amount in c.amounts)),
        Section("Open Positions", ("Partition", "Account", "Symbol", "Quantity", "Cost Price", "Close Price",
                                   "Value", "Unrealized P/L", "Currency"),
                tuple(Row((p.partition, p.account, p.symbol, p.quantity, p.avg_cost, p.close_price, p.value,
                           p.unrealized_pnl, p.currency), p.partition) for p in s.open_positions), not_valued),
        Section("Forex Balances", ("Partition", "Account", "Currency", "Quantity", "Rate",
                                   f"Value in {s.base_currency}"),
                tuple(Row((f.partition, f.account, f.currency, f.quantity, f.rate, f.value), f.partition)
                      for f in s.forex_balances)),
        Section("Trades", ("Partition", "Date/Time", "Account", "Symbol", "Side", "Quantity", "Price", "Proceeds",
                           "Currency", "Commission", "Commission Currency", "Reference"),
                tuple(Row((t.partition, when(t.time), t.account, t.symbol, t.action, t.quantity, t.price, t.proceeds,
                           t.currency, t.commission, t.commission_currency, t.reference), t.partition)
                      for t in s.trades)),
        Section("Deposits & Withdrawals", ("Partition", "Date/Time", "Account", "Type", "Method", "Currency",
                                           "Amount", "Description"),
                tuple(Row((m.partition, when(m.time), m.account, m.kind, _METHODS.get(m.method, m.method), m.currency,
                           m.amount, m.description), m.partition) for m in s.deposits_withdrawals)),
        Section("Fees", ("Partition", "Date/Time", "Account", "Currency", "Amount", "Description"),
                tuple(Row((f.partition, when(f.time), f.account, f.currency, f.amount, f.description), f.partition)
                      for f in s.fees)),
        Section("Partitions", ("Partition", "Advisor", "Advisor Name", "Status", "Requested", "Opens",
                               "Permissions", "Removed Permissions", "Fees"),
                tuple(Row((p.partition_id, p.advisor, p.advisor_name, p.status, when(p.requested_at),
                           when(p.opens_at), " ".join(p.permissions), " ".join(p.removed_permissions),
                           "; ".join(p.fees)), p.label) for p in s.partitions)),
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
