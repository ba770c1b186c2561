"""Stable ``objectName`` values: the automation contract of the workstation's windows.

An outside automation (or a test) finds a window, a menu action or an input by one of these names,
so they never change once published. Qt-free on purpose: the README and the CLI can list them
without loading Qt.

Widgets that can appear more than once (a second watchlist) take :func:`numbered` names: the first
keeps the plain name, later ones get a suffix (``watchlistPanel``, ``watchlistPanel2``, ...).
Children of such a panel keep their plain names; find the panel first, then the child inside it.
"""

from __future__ import annotations

# Main window, menus and actions
MAIN_WINDOW = "mainWindow"
MENU_BAR = "menuBar"
MENU_FILE = "menuFile"
ACTION_RESET_DATABASE = "actionResetDatabase"
ACTION_EXIT = "actionExit"
MENU_ACCOUNT = "menuAccount"
ACTION_ACCOUNT_WINDOW = "actionAccountWindow"
MENU_NEW_WINDOW = "menuNewWindow"
ACTION_NEW_WATCHLIST = "actionNewWatchlist"
MENU_HELP = "menuHelp"
ACTION_ABOUT = "actionAbout"
MAIN_TOOLBAR = "mainToolBar"
TOOL_NEW_WINDOW = "toolNewWindow"

# Status bar
STATUS_BAR = "statusBar"
STATUS_CLOCK = "statusClock"
STATUS_MARKET_STATE = "statusMarketState"
STATUS_USER = "statusUser"
STATUS_ACCOUNT = "statusAccount"

# Watchlist (Monitor) panel
WATCHLIST_DOCK = "watchlistDock"
WATCHLIST_PANEL = "watchlistPanel"
WATCHLIST_TABLE = "watchlistTable"
WATCHLIST_SYMBOL_INPUT = "watchlistSymbolInput"
ACTION_REMOVE_SYMBOL = "actionRemoveSymbol"

# Account Window
ACCOUNT_WINDOW = "accountWindow"
ACCOUNT_SELECTOR = "accountSelector"
ACCOUNT_VALUES_TABLE = "accountValuesTable"

# Message boxes
RESET_DATABASE_DIALOG = "resetDatabaseDialog"
ABOUT_DIALOG = "aboutDialog"

MAIN_WINDOW_NAMES: tuple[str, ...] = (
    MAIN_WINDOW, MENU_BAR, MENU_FILE, ACTION_RESET_DATABASE, ACTION_EXIT, MENU_ACCOUNT, ACTION_ACCOUNT_WINDOW,
    MENU_NEW_WINDOW, ACTION_NEW_WATCHLIST, MENU_HELP, ACTION_ABOUT, MAIN_TOOLBAR, TOOL_NEW_WINDOW,
    STATUS_BAR, STATUS_CLOCK, STATUS_MARKET_STATE, STATUS_USER, STATUS_ACCOUNT,
    WATCHLIST_DOCK, WATCHLIST_PANEL, WATCHLIST_TABLE, WATCHLIST_SYMBOL_INPUT, ACTION_REMOVE_SYMBOL,
)
"""Names present in a freshly built main window (with its default watchlist)."""

ACCOUNT_WINDOW_NAMES: tuple[str, ...] = (ACCOUNT_WINDOW, ACCOUNT_SELECTOR, ACCOUNT_VALUES_TABLE)
"""Names present once Account -> Account Window is open."""

DIALOG_NAMES: tuple[str, ...] = (RESET_DATABASE_DIALOG, ABOUT_DIALOG)
"""Message boxes, present while shown."""

ALL_NAMES: tuple[str, ...] = MAIN_WINDOW_NAMES + ACCOUNT_WINDOW_NAMES + DIALOG_NAMES


def numbered(name: str, ordinal: int) -> str:
    """The name of the ``ordinal``-th instance (1-based) of a widget that can be opened repeatedly."""
    if ordinal < 1:
        raise ValueError(f"ordinal: {ordinal} must be 1 or more")
    return name if ordinal == 1 else f"{name}{ordinal}"
