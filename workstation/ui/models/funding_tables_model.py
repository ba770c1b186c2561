"""Account Management's funding tables: the Transaction History and the deposits not yet free.

Rows are the engine's reads as they come (``Transaction`` from ``transaction_history``, ``WaitingMoney``
from ``pending_funds``); the models only show them.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import ClassVar

from workstation.engine import Transaction, WaitingMoney
from workstation.engine.funding.history import method_label
from workstation.ui.models.columns import LEFT, Column, ListTableModel


def day(value: date | None) -> str:
    """A day as the portal writes it: ``Wed 25 Nov 2026``."""
    return "" if value is None else f"{value:%a %d %b %Y}"


def _moment(value: datetime, _row: object) -> str:
    return f"{value:%Y-%m-%d %H:%M}"


def _day(value: date | None, _row: object) -> str:
    return day(value)


def _amount(value: Decimal, _row: object) -> str:
    return f"{value:,.2f}"


def _method(value: str, _row: object) -> str:
    return method_label(value) if value else ""


class TransactionHistoryModel(ListTableModel):
    """Transfer & Pay > Transaction History: one row per deposit, withdrawal, fee, transfer or refusal."""

    columns: ClassVar = (
        Column("Date", lambda r: r.time, _moment, alignment=LEFT, width=120, sample="2026-11-24 10:00"),
        Column("Type", lambda r: r.kind, alignment=LEFT, width=110, sample="Withdrawal Fee"),
        Column("Method", lambda r: r.method, _method, alignment=LEFT, width=60),
        Column("Bank", lambda r: r.bank, alignment=LEFT, width=110, tooltip=lambda r: r.bank),
        Column("Amount", lambda r: r.amount, _amount, width=90, sample="100,000.00"),
        Column("Currency", lambda r: r.currency, alignment=LEFT, width=60),
        Column("Status", lambda r: r.status, alignment=LEFT, width=76, sample="Completed"),
        Column("Until", lambda r: r.until, _day, alignment=LEFT, width=100, sample="Wed 25 Nov 2026"),
        Column("Description", lambda r: r.description, alignment=LEFT, width=260, tooltip=lambda r: r.description),
    )

    def key_of(self, row: Transaction) -> str:
        return f"{row.time.isoformat()} {row.kind} {row.status} {row.amount}"


class PendingDepositsModel(ListTableModel):
    """Deposits notified and not credited yet (Pending, with their credit day), then those credited and
    held from withdrawal (Held, with the first day they may leave)."""

    columns: ClassVar = (
        Column("Status", lambda r: r.status, alignment=LEFT, width=70),
        Column("Method", lambda r: r.method, _method, alignment=LEFT, width=60),
        Column("Bank", lambda r: r.bank, alignment=LEFT, width=120, tooltip=lambda r: r.bank),
        Column("Amount", lambda r: r.amount, _amount, width=90, sample="100,000.00"),
        Column("Currency", lambda r: r.currency, alignment=LEFT, width=60),
        Column("Until", lambda r: r.until, _day, alignment=LEFT, width=110, sample="Wed 25 Nov 2026"),
        Column("Other bank from", lambda r: r.other_bank_until, _day, alignment=LEFT, width=110,
               sample="Wed 25 Nov 2026"),
    )

    def key_of(self, row: WaitingMoney) -> str:
        return f"{row.status} {row.method} {row.bank} {row.currency} {row.amount} {row.until}"
