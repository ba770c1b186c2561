"""The Mosaic-like dark theme: a Fusion palette, ``resources/theme.qss``, and the tick colours
that models hand to views through ``ForegroundRole``.

Colours live here and in the stylesheet only; widgets and models never spell a hex value.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from workstation.resources import read_text, resource_path

BACKGROUND = QColor("#0c0c0e")
SURFACE = QColor("#17171a")
GRID = QColor("#2c2c31")
TEXT = QColor("#e8e8ea")
MUTED = QColor("#8d8d96")
ACCENT = QColor("#2f7ed8")
TICK_UP = QColor("#35c759")
TICK_DOWN = QColor("#ff453a")
COST = QColor("#ff9f0a")
"""Amber: a change that costs the account (more margin required, a higher fee), as TWS marks it."""
RELIEF = TICK_UP
"""Green: a change in the account's favour (margin released, a fee lowered, more equity)."""
# Order statuses, as TWS colours its Status column (documented in the README):
STATUS_PENDING = QColor("#8ab4f8")
"""Pale blue: sent, not yet acknowledged (PendingSubmit)."""
STATUS_HELD = QColor("#4a90e2")
"""Blue: accepted but not working yet, held until the open or its trigger (PreSubmitted)."""
STATUS_WORKING = QColor("#35c759")
"""Green: working at the exchange (Submitted)."""
STATUS_CANCELLING = QColor("#ff8fb1")
"""Pink: a cancel was asked for and is not yet confirmed (PendingCancel)."""
STATUS_FILLED = QColor("#64d2ff")
"""Light blue-green: filled in full."""
STATUS_CANCELLED = QColor("#ff453a")
"""Red: cancelled (by the user, at the end of its time in force, or by a bust)."""
STATUS_INACTIVE = QColor("#ff9f0a")
"""Amber: inactive, rejected or expired: it will not work without the user's attention."""
INVALID_BACKGROUND = QColor("#2a1214")
DELAYED_BACKGROUND = QColor("#4d4000")
"""TWS highlights ticker lines that use delayed data in yellow (IB's market data page): a dark yellow here, under
the theme's light text."""
FROZEN_TEXT = QColor("#8d8d96")
"""TWS shows frozen data (the last values while the market is closed) in grey numbers (IB "Market Data Types")."""
"""A table cell that holds a value the engine would refuse (the stylesheet's invalid inputs)."""


def stylesheet() -> str:
    """``resources/theme.qss`` with ``@icons`` pointing at the installed icon folder."""
    icons = resource_path("icons").as_posix()
    return read_text("theme.qss").replace("@icons/", f"{icons}/")


def dark_palette() -> QPalette:
    """Palette for what the stylesheet does not reach (message boxes, completer popups, tooltips)."""
    palette = QPalette()
    roles = QPalette.ColorRole
    for role, colour in (
        (roles.Window, SURFACE), (roles.WindowText, TEXT), (roles.Base, BACKGROUND),
        (roles.AlternateBase, QColor("#121215")), (roles.Text, TEXT), (roles.Button, SURFACE),
        (roles.ButtonText, TEXT), (roles.ToolTipBase, SURFACE), (roles.ToolTipText, TEXT),
        (roles.Highlight, ACCENT), (roles.HighlightedText, QColor("#ffffff")),
        (roles.PlaceholderText, MUTED), (roles.Link, ACCENT), (roles.Mid, GRID), (roles.Dark, BACKGROUND),
    ):
        palette.setColor(role, colour)
    palette.setColor(QPalette.ColorGroup.Disabled, roles.Text, MUTED)
    palette.setColor(QPalette.ColorGroup.Disabled, roles.ButtonText, MUTED)
    palette.setColor(QPalette.ColorGroup.Disabled, roles.WindowText, MUTED)
    return palette


def apply_theme(app: QApplication) -> None:
    """Fusion style (identical on every platform), the dark palette, then the stylesheet."""
    app.setStyle("Fusion")
    app.setPalette(dark_palette())
    app.setStyleSheet(stylesheet())


def direction_colour(value: Decimal | int) -> QColor | None:
    """Green above zero, red below, the view's default at zero."""
    if value > 0:
        return TICK_UP
    if value < 0:
        return TICK_DOWN
    return None


def impact_colour(change: Decimal | int, *, rise_is_cost: bool) -> QColor | None:
    """A Change column's colour by what the change means to the account, not its sign: amber for a
    cost (more margin, a fee), green for relief, the view's default at zero. ``rise_is_cost`` says
    whether an increase of the figure costs the account (margin, fees) or helps it (equity)."""
    if change == 0:
        return None
    return COST if (change > 0) == rise_is_cost else RELIEF
