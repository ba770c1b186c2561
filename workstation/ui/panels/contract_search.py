"""ContractSearchInput: a line edit that finds contracts as TWS's symbol box does.

Typing lists matches from ``catalog.search`` (symbol prefix, then description words) in a
completer popup; picking one, or pressing Enter on an exact symbol, emits ``sig_contract_chosen``.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QCompleter, QLineEdit, QWidget

from workstation.engine import Instrument, InstrumentCatalog

SYMBOL_ROLE = Qt.ItemDataRole.UserRole + 1
POPUP_OBJECT_NAME = "contractSearchPopup"
MAX_SUGGESTIONS = 12


class ContractSearchInput(QLineEdit):
    """Symbol entry with contract search; clears itself once a contract is chosen."""

    sig_contract_chosen = Signal(str)
    """A known contract's symbol, picked from the list or typed exactly."""
    sig_problem = Signal(str)
    """Why Enter found no contract to add ("" once the text changes or a contract is chosen)."""

    def __init__(self, catalog: InstrumentCatalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self.setPlaceholderText("Enter symbol or company name…")
        self.setClearButtonEnabled(True)
        self._suggestions = QStandardItemModel(self)
        # NOTE: the completer is attached with setWidget, not QLineEdit.setCompleter, so the search
        # (which matches descriptions too) decides the list and the completer does not re-filter it.
        self._completer = QCompleter(self._suggestions, self)
        self._completer.setWidget(self)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setCompletionRole(SYMBOL_ROLE)
        self._completer.setMaxVisibleItems(MAX_SUGGESTIONS)
        self._completer.popup().setObjectName(POPUP_OBJECT_NAME)
        self._completer.activated[QModelIndex].connect(self._on_suggestion_activated)
        self.textEdited.connect(self._on_text_edited)
        self.returnPressed.connect(self._on_return)

    @property
    def completer_model(self) -> QStandardItemModel:
        """The current suggestions (automation reads them; the popup shows them)."""
        return self._suggestions

    @property
    def popup(self) -> QAbstractItemView:
        """The completer's list (objectName ``contractSearchPopup``), for keyboard picks."""
        return self._completer.popup()

    def suggestions(self) -> list[str]:
        return [self._suggestions.item(row).data(SYMBOL_ROLE) for row in range(self._suggestions.rowCount())]

    def choose(self, symbol: str) -> None:
        """Emit ``symbol`` as chosen and reset the input."""
        self._completer.popup().hide()
        self.clear()
        self._set_invalid("")
        self.sig_contract_chosen.emit(symbol)

    def _on_text_edited(self, text: str) -> None:
        self._set_invalid("")
        self._suggestions.clear()
        for instrument in self._catalog.search(text, limit=MAX_SUGGESTIONS):
            self._suggestions.appendRow(_suggestion(instrument))
        if self._suggestions.rowCount():
            self._completer.complete()
        else:
            self._completer.popup().hide()

    def _on_suggestion_activated(self, index: QModelIndex) -> None:
        symbol = index.data(SYMBOL_ROLE)
        if symbol:
            self.choose(symbol)

    def _on_return(self) -> None:
        symbol = self._resolve(self.text())
        if symbol is None:
            if self.text().strip():
                self._set_invalid(self._why_not(self.text().strip()))
            return
        self.choose(symbol)

    def _why_not(self, text: str) -> str:
        """Why ``text`` names no single contract, in a sentence."""
        if not self._catalog.search(text, limit=1):
            return f"No contract found for '{text}'"
        return f"Several contracts match '{text}': pick one from the list"

    def _resolve(self, text: str) -> str | None:
        """An exact symbol, or the only match; ambiguous text waits for a pick from the list."""
        needle = text.strip().upper()
        if not needle:
            return None
        if needle in self._catalog:
            return needle
        matches = self._catalog.search(needle, limit=2)
        return matches[0].symbol if len(matches) == 1 else None

    def _set_invalid(self, reason: str) -> None:
        """Mark the input with ``reason`` (its tooltip, and ``sig_problem``), or unmark it ("")."""
        if self.toolTip() == reason and bool(self.property("invalid")) == bool(reason):
            return
        self.setToolTip(reason)
        self.sig_problem.emit(reason)
        if bool(self.property("invalid")) != bool(reason):
            self.setProperty("invalid", bool(reason))
            self.style().unpolish(self)
            self.style().polish(self)


def _suggestion(instrument: Instrument) -> QStandardItem:
    item = QStandardItem(f"{instrument.symbol}   {instrument.description}  ·  {instrument.sec_type.value} "
                         f"{instrument.exchange}")
    item.setData(instrument.symbol, SYMBOL_ROLE)
    item.setEditable(False)
    return item
