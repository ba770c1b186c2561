"""The statement as PDF: the HTML page laid out by Qt's rich-text engine and printed with QPdfWriter.

Qt is already the workstation's toolkit, so PDF needs no other library; the statement model and its
HTML stay Qt-free (workstation.statements) and only this printer imports Qt. Pages are US Letter in
landscape, as the widest sections (Trades: twelve columns) need.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from workstation.engine.views.activity_statement import ActivityStatement
from workstation.statements import to_html

RESOLUTION = 96
"""Dots per inch the page is laid out at: the HTML's pixel sizes then read as on screen."""


def write_pdf(statement: ActivityStatement, out: Path) -> int:
    """Write the statement to ``out`` as PDF; returns how many pages it took."""
    writer = QPdfWriter(str(out))
    writer.setResolution(RESOLUTION)
    writer.setTitle(f"Activity Statement {statement.account}")
    writer.setCreator("Mosaic Workstation")
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.Letter), QPageLayout.Orientation.Landscape,
                                     QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter))
    document = QTextDocument()
    document.setHtml(to_html(statement))
    area = writer.pageLayout().paintRectPixels(RESOLUTION)
    document.setPageSize(QSizeF(area.width(), area.height()))
    pages = document.pageCount()
    document.print_(writer)
    return pages
