"""The automation contract through the platform's accessibility layer (AT-SPI, UI Automation).

Tools that drive applications through accessibility rather than Qt find controls by their
accessible name, so every widget whose ``objectName`` is published gets that name as its
accessible name (and as its accessible identifier: AT-SPI's accessible id, UI Automation's
AutomationId), and the README row's text as its accessible description. Nothing is set per
widget: one event filter on the QApplication names each widget as Qt polishes it (before it is
first shown) and again whenever it is shown, and every widget of a window as the window is shown
(so a widget renamed after Qt polished it, like a wizard's buttons, is named when its window opens;
one renamed while its window is open is named when it is next shown). Later windows,
dialogs and message boxes are covered, and a widget cannot be published without being named. The
filter sees every event of the application, at about a microsecond each: under 2% of a core while
``workstation bench`` streams 2,000 quotes a second.

Qt has the last word on two kinds of widget: on Linux and other Unix-like systems a combo box's
accessible name is its current text (Qt leaves the label to AT-SPI's relations), and a toolbar's is
its title. Both still carry the object name as their accessible identifier and ``accessibleName``
property (which UI Automation reads for a combo box on Windows).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QApplication, QToolButton, QWidget

from workstation.ui import object_names as names
from workstation.ui.object_descriptions import DESCRIPTIONS

_PUBLISHED = frozenset(names.ALL_NAMES)
_NUMBERED = frozenset({names.WATCHLIST_PANEL})
"""Names that take :func:`object_names.numbered` suffixes (``watchlistPanel2``, ...)."""
_SECTION_HEADER = "Header"
"""A collapsible section's header button is its section's name plus this (``accountSectionFxHeader``)."""
_SECTIONS = frozenset(n for n in names.ACCOUNT_WINDOW_NAMES if n.startswith("accountSection"))
_ORDINAL = re.compile(r"^(.*?)([2-9]|[1-9]\d+)$")
_EVENTS = (QEvent.Type.Polish, QEvent.Type.Show)
_HAS_IDENTIFIER = hasattr(QWidget, "setAccessibleIdentifier")  # Qt 6.9 and later


def published_name(object_name: str) -> str | None:
    """The README row a widget called ``object_name`` belongs to, or None if it is not published:
    the name itself, the first watchlist's for ``watchlistPanel2``, the section's for a section
    header."""
    if object_name in _PUBLISHED:
        return object_name
    numbered = _ORDINAL.match(object_name)
    if numbered is not None and numbered.group(1) in _NUMBERED:
        return numbered.group(1)
    section = object_name.removesuffix(_SECTION_HEADER)
    if section != object_name and section in _SECTIONS:
        return section
    return None


def accessible_name_of(widget: QWidget) -> str | None:
    """What the widget is called to the accessibility layer: its published object name, or for a
    tool button that shows a published action (the toolbar's Account Window) the action's name."""
    own = widget.objectName()
    if own and published_name(own) is not None:
        return own
    if isinstance(widget, QToolButton):
        action = widget.defaultAction()
        if action is not None and action.objectName() in _PUBLISHED:
            return action.objectName()
    return None


def name_widget(widget: QWidget) -> bool:
    """Give ``widget`` its accessible name, identifier and description if it is published; True if
    it is. A description set by the widget itself is kept."""
    name = accessible_name_of(widget)
    if name is None:
        return False
    if widget.accessibleName() != name:
        widget.setAccessibleName(name)
    if _HAS_IDENTIFIER and widget.accessibleIdentifier() != name:
        widget.setAccessibleIdentifier(name)
    if not widget.accessibleDescription():
        row = published_name(name)
        description = DESCRIPTIONS.get(row or name)
        if description:
            widget.setAccessibleDescription(description)
    return True


class AccessibleNames(QObject):
    """The application-wide filter behind :func:`install_accessible_names`."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind in _EVENTS and isinstance(watched, QWidget):
            name_widget(watched)
            if kind == QEvent.Type.Show and watched.isWindow():
                # Catches what was renamed after Qt polished it (a wizard's buttons) and is not shown.
                for child in watched.findChildren(QWidget):
                    name_widget(child)
        return False


def install_accessible_names(app: QCoreApplication | None = None) -> AccessibleNames:
    """Name every published widget of ``app`` (default: the running application) from now on, and
    those that exist already. Idempotent: the filter is installed once per application."""
    app = app if app is not None else QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install_accessible_names needs a QApplication")
    existing = app.findChild(AccessibleNames)
    if existing is not None:
        return existing
    names_filter = AccessibleNames(app)
    app.installEventFilter(names_filter)
    if isinstance(app, QApplication):
        for widget in app.allWidgets():
            name_widget(widget)
    return names_filter


__all__ = ["AccessibleNames", "accessible_name_of", "install_accessible_names", "name_widget", "published_name"]
