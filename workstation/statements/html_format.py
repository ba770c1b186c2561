"""The statement as one self-contained HTML page (inline style, no scripts or outside files): a
table per section, numbers grouped and right-aligned, partition rows tagged with their label and
shaded so the partition's activity stands apart. Every text is escaped."""

from __future__ import annotations

from decimal import Decimal
from html import escape

from workstation.engine.views.activity_statement import ActivityStatement
from workstation.statements.sections import Cell, Section, period, sections

_STYLE = """
body { font-family: Helvetica, Arial, sans-serif; font-size: 13px; color: #1d2733; margin: 24px; }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 15px; margin: 22px 0 6px; border-bottom: 2px solid #b5121b; padding-bottom: 3px; }
p.period { color: #51606f; margin: 0 0 12px; }
table { border-collapse: collapse; width: 100%; }
th, td { padding: 3px 8px; border-bottom: 1px solid #dde3ea; text-align: left; white-space: nowrap; }
th { background: #eef2f6; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.desc { white-space: normal; }
tr.partition td { background: #f4f0fa; }
span.tag { display: inline-block; padding: 0 6px; border-radius: 3px; background: #5b3f8c; color: #fff;
           font-size: 11px; }
p.none { color: #7a8794; font-style: italic; margin: 4px 0; }
"""


def _number(value: Decimal) -> str:
    """Grouped thousands; money keeps two decimals, longer values (average prices) all theirs."""
    exponent = value.as_tuple().exponent
    places = max(2, -exponent) if isinstance(exponent, int) else 2
    return f"{value:,.{places}f}"


def _cell(cell: Cell, column: str) -> str:
    if isinstance(cell, Decimal):
        text = f"{cell.normalize():,f}" if column == "Quantity" else _number(cell)
        return f'<td class="num">{escape(text)}</td>'
    if column == "Partition" and cell:
        return f'<td><span class="tag">{escape(cell)}</span></td>'
    css = ' class="desc"' if column in ("Description", "Fees", "Permissions") else ""
    return f"<td{css}>{escape(cell)}</td>"


def _table(section: Section) -> str:
    title = f"<h2>{escape(section.title)}</h2>"
    if not section.rows:
        return f'{title}\n<p class="none">{escape(section.note or "None in this period.")}</p>'
    head = "".join(f"<th>{escape(column)}</th>" for column in section.columns)
    body = []
    for row in section.rows:
        css = ' class="partition"' if row.partition else ""
        cells = "".join(_cell(cell, column) for cell, column in zip(row.cells, section.columns, strict=True))
        body.append(f"<tr{css}>{cells}</tr>")
    return f"{title}\n<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(body) + "\n</tbody>\n</table>"


def to_html(statement: ActivityStatement) -> str:
    """A complete HTML document of the statement."""
    title = f"Activity Statement {statement.account}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        f'<head>\n<meta charset="utf-8">\n<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>',
        "<body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="period">{escape(period(statement))}, times US/Eastern</p>',
        *(_table(section) for section in sections(statement)[1:]),  # the Statement section is the heading
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"
