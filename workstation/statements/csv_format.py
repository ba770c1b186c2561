"""The statement as CSV in IB's activity-statement layout: every line starts with its section's
name and ``Header`` (the column names) or ``Data`` (a row), so a reader can split the file by
section with the ``csv`` module alone. Numbers are plain decimals (no grouping), times US/Eastern."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from workstation.engine.views.activity_statement import ActivityStatement
from workstation.statements.sections import Cell, sections


def _plain(cell: Cell) -> str:
    return format(cell, "f") if isinstance(cell, Decimal) else cell


def to_csv(statement: ActivityStatement) -> str:
    """Every section, its ``Header`` line then its ``Data`` lines (a section with no rows keeps its header)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for section in sections(statement):
        writer.writerow([section.title, "Header", *section.columns])
        for row in section.rows:
            writer.writerow([section.title, "Data", *(_plain(cell) for cell in row.cells)])
    return out.getvalue()
