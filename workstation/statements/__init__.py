"""Activity statements rendered for people and programs: CSV in IB's section layout, and a
self-contained HTML page. The figures come from the engine's ``activity_statement`` read model."""

from workstation.statements.csv_format import to_csv
from workstation.statements.html_format import to_html

__all__ = ["to_csv", "to_html"]
