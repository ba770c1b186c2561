"""MonitorPanel: Mosaic's Monitor, a Portfolio page and the user's watchlists as tabs.

The Portfolio tab is always there; watchlists come and go (New Window -> Watchlist adds one, a
watchlist tab's close button removes it). Each watchlist keeps a number for its stable objectName
(``watchlistPanel``, ``watchlistPanel2``, ...); a number freed by closing is reused by the next one.
Every page is a source of the Mosaic colour group: a chosen row's symbol is re-emitted as
``sig_symbol_selected``.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabBar, QTabWidget, QVBoxLayout, QWidget

from workstation.ui import object_names as names
from workstation.ui.bridge import EngineBridge
from workstation.ui.panels.portfolio_page import PortfolioPage
from workstation.ui.panels.watchlist_panel import WatchlistPanel

PORTFOLIO_TITLE = "Portfolio"


def watchlist_title(ordinal: int) -> str:
    return "Watchlist" if ordinal == 1 else f"Watchlist {ordinal}"


class MonitorPanel(QWidget):
    """Tabs: Portfolio first, then watchlists in the order they were opened."""

    sig_symbol_selected = Signal(str)
    """A row was chosen on any page: the symbol for the linked Order Entry and chart."""
    sig_watchlists_changed = Signal()
    """A watchlist was opened or closed, or its symbols changed (the window persists them)."""

    def __init__(self, bridge: EngineBridge, account_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(names.MONITOR_PANEL)
        self._bridge = bridge
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName(names.MONITOR_TABS)
        self.tabs.setDocumentMode(True)
        self.tabs.setTabsClosable(True)
        self.tabs.setMovable(True)
        self.tabs.tabCloseRequested.connect(self._on_tab_close_requested)

        self.portfolio = PortfolioPage(bridge, account_id, self)
        self.portfolio.sig_symbol_selected.connect(self.sig_symbol_selected)
        self.tabs.addTab(self.portfolio, PORTFOLIO_TITLE)
        self._keep_open(0)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def watchlists(self) -> list[WatchlistPanel]:
        """The open watchlists by number."""
        panels = [self.tabs.widget(n) for n in range(self.tabs.count())]
        return sorted((p for p in panels if isinstance(p, WatchlistPanel)), key=lambda p: p.ordinal)

    def add_watchlist(self, symbols: Iterable[str] = (), ordinal: int | None = None) -> WatchlistPanel:
        """Open a watchlist tab (the lowest free number unless ``ordinal`` is given) and show it."""
        taken = {p.ordinal for p in self.watchlists()}
        if ordinal is None:
            ordinal = next(n for n in range(1, len(taken) + 2) if n not in taken)
        elif ordinal in taken:
            raise ValueError(f"watchlist: number {ordinal} is already open")
        panel = WatchlistPanel(self._bridge, symbols, ordinal=ordinal, parent=self)
        panel.sig_symbol_selected.connect(self.sig_symbol_selected)
        panel.sig_symbols_changed.connect(self.sig_watchlists_changed)
        self.tabs.setCurrentIndex(self.tabs.addTab(panel, watchlist_title(ordinal)))
        self.sig_watchlists_changed.emit()
        return panel

    def close_watchlist(self, panel: WatchlistPanel) -> None:
        index = self.tabs.indexOf(panel)
        if index < 0:
            return
        self.tabs.removeTab(index)
        panel.deleteLater()
        self.sig_watchlists_changed.emit()

    def replace_watchlists(self, saved: Iterable[tuple[int, list[str]]]) -> None:
        """Close every watchlist and open the ``(number, symbols)`` given (a restored layout)."""
        for panel in self.watchlists():
            self.close_watchlist(panel)
        for ordinal, symbols in saved:
            self.add_watchlist(symbols, ordinal)
        if self.watchlists():
            self.tabs.setCurrentWidget(self.watchlists()[0])

    def show_page(self, page: QWidget) -> None:
        self.tabs.setCurrentWidget(page)

    def _keep_open(self, index: int) -> None:
        """The Portfolio tab has no close button."""
        for side in (QTabBar.ButtonPosition.RightSide, QTabBar.ButtonPosition.LeftSide):
            self.tabs.tabBar().setTabButton(index, side, None)

    def _on_tab_close_requested(self, index: int) -> None:
        page = self.tabs.widget(index)
        if isinstance(page, WatchlistPanel):
            self.close_watchlist(page)
