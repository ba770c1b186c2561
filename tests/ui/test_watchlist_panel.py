"""WatchlistPanel, driven through its object names as an outside automation would."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import QLabel, QLineEdit, QStyledItemDelegate, QStyleOptionViewItem, QTableView

from workstation.engine.api import Engine
from workstation.engine.messages.commands import SetPrice
from workstation.ui import object_names as names
from workstation.ui.bridge import EngineBridge
from workstation.ui.models.columns import KEY_ROLE
from workstation.ui.panels.contract_search import ContractSearchInput
from workstation.ui.panels.watchlist_panel import WatchlistPanel, default_watchlist_symbols, known_symbols

DEFAULT = ["AAPL", "MSFT", "NVDA", "AMZN", "JPM", "XOM", "SPY", "QQQ", "TQQQ", "ESZ6", "CLF7", "EUR.USD"]


@pytest.fixture
def panel(qtbot, bridge: EngineBridge) -> WatchlistPanel:
    panel = WatchlistPanel(bridge, default_watchlist_symbols())
    qtbot.addWidget(panel)
    panel.resize(900, 400)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def table_of(panel: WatchlistPanel) -> QTableView:
    table = panel.findChild(QTableView, names.WATCHLIST_TABLE)
    assert table is not None
    return table


def input_of(panel: WatchlistPanel) -> QLineEdit:
    line = panel.findChild(QLineEdit, names.WATCHLIST_SYMBOL_INPUT)
    assert line is not None
    return line


def listed(panel: WatchlistPanel) -> list[str]:
    model = table_of(panel).model()
    return [model.index(row, 0).data(KEY_ROLE) for row in range(model.rowCount())]


def cell_text(panel: WatchlistPanel, symbol: str, header: str) -> str:
    model = table_of(panel).model()
    column = next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == header)
    row = listed(panel).index(symbol)
    return model.index(row, column).data()


def select(panel: WatchlistPanel, symbol: str) -> None:
    table_of(panel).selectRow(listed(panel).index(symbol))


def test_default_watchlist_is_the_demo_list(panel: WatchlistPanel, engine: Engine) -> None:
    assert default_watchlist_symbols() == DEFAULT
    assert known_symbols(DEFAULT, engine.catalog) == DEFAULT  # every default symbol is in the universe
    assert listed(panel) == DEFAULT
    assert panel.objectName() == names.WATCHLIST_PANEL


def test_the_table_shows_live_prices(qtbot, panel: WatchlistPanel, engine: Engine) -> None:
    assert cell_text(panel, "AAPL", "Last") == "232.50"

    engine.execute(SetPrice("AAPL", Decimal("250.00")))

    qtbot.waitUntil(lambda: cell_text(panel, "AAPL", "Last") == "250.00", timeout=2000)
    close = engine.quote("AAPL").close  # the prior session's close, seeded by the market
    assert cell_text(panel, "AAPL", "Change") == f"{Decimal('250.00') - close:+,.2f}"


def test_typing_a_symbol_and_enter_adds_a_row(qtbot, panel: WatchlistPanel) -> None:
    line = input_of(panel)

    qtbot.keyClicks(line, "googl")
    qtbot.keyClick(line, Qt.Key.Key_Return)

    assert listed(panel)[-1] == "GOOGL"
    assert line.text() == ""
    assert table_of(panel).currentIndex().row() == len(DEFAULT)  # the new row is selected


def test_company_name_search_suggests_and_a_pick_adds_it(qtbot, panel: WatchlistPanel) -> None:
    line = input_of(panel)
    assert isinstance(line, ContractSearchInput)

    qtbot.keyClicks(line, "disney")

    assert line.suggestions() == ["DIS"]
    qtbot.waitUntil(line.popup.isVisible, timeout=1000)
    qtbot.keyClick(line.popup, Qt.Key.Key_Down)  # highlight the first suggestion, as a user would
    with qtbot.waitSignal(line.sig_contract_chosen, timeout=1000) as chosen:
        qtbot.keyClick(line.popup, Qt.Key.Key_Return)

    assert chosen.args == ["DIS"]
    assert listed(panel)[-1] == "DIS"
    assert not line.popup.isVisible()


def test_enter_on_ambiguous_text_adds_nothing_and_marks_the_input(qtbot, panel: WatchlistPanel) -> None:
    line = input_of(panel)

    qtbot.keyClicks(line, "ES")  # ESZ6, ESH7, and more
    qtbot.keyClick(line, Qt.Key.Key_Return)

    assert listed(panel) == DEFAULT
    assert line.property("invalid") is True
    qtbot.keyClicks(line, "Z6")
    assert line.property("invalid") is False
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert listed(panel) == DEFAULT  # ESZ6 is listed already: no duplicate row


def test_enter_on_text_that_matches_no_contract_says_why(qtbot, panel: WatchlistPanel) -> None:
    line = input_of(panel)
    message = panel.findChild(QLabel, names.WATCHLIST_MESSAGE)

    qtbot.keyClicks(line, "XYZQ")
    qtbot.keyClick(line, Qt.Key.Key_Return)

    assert listed(panel) == DEFAULT
    assert line.property("invalid") is True
    assert line.toolTip() == "No contract found for 'XYZQ'"
    assert message.isVisibleTo(panel) and message.text() == "No contract found for 'XYZQ'"
    line.clear()
    qtbot.keyClicks(line, "ES")                             # ESZ6, ESH7, and more
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert message.text() == "Several contracts match 'ES': pick one from the list" == line.toolTip()
    qtbot.keyClicks(line, "Z6")                             # typing clears the reason
    assert not message.isVisibleTo(panel) and line.toolTip() == ""


def test_delete_key_removes_the_selected_rows(qtbot, panel: WatchlistPanel) -> None:
    table = table_of(panel)
    select(panel, "MSFT")

    qtbot.keyClick(table, Qt.Key.Key_Delete)

    assert "MSFT" not in listed(panel)
    assert len(listed(panel)) == len(DEFAULT) - 1


def test_remove_action_removes_the_selection(panel: WatchlistPanel) -> None:
    action = panel.findChild(QAction, names.ACTION_REMOVE_SYMBOL)
    assert action is not None
    select(panel, "EUR.USD")

    action.trigger()

    assert listed(panel) == DEFAULT[:-1]


def test_symbol_changes_are_signalled(qtbot, panel: WatchlistPanel) -> None:
    with qtbot.waitSignal(panel.sig_symbols_changed, timeout=0):
        panel.add_symbol("BAC")
    with qtbot.waitSignal(panel.sig_symbol_selected, timeout=0) as selected:
        select(panel, "XOM")
    assert selected.args == ["XOM"]


def test_cells_are_styled_as_the_standard_delegate_styles_them(panel: WatchlistPanel, engine: Engine) -> None:
    engine.execute(SetPrice("AAPL", engine.quote("AAPL").close + Decimal("3")))
    engine.execute(SetPrice("MSFT", engine.quote("MSFT").close - Decimal("3")))
    panel.model.refresh()
    table = table_of(panel)
    standard = QStyledItemDelegate()
    assert type(table.itemDelegate()) is not QStyledItemDelegate

    for row in range(panel.model.rowCount()):
        for column in range(panel.model.columnCount()):
            index = panel.model.index(row, column)
            ours, theirs = QStyleOptionViewItem(), QStyleOptionViewItem()
            ours.initFrom(table)
            theirs.initFrom(table)
            table.itemDelegate().initStyleOption(ours, index)
            standard.initStyleOption(theirs, index)
            assert ours.text == theirs.text
            assert ours.displayAlignment == theirs.displayAlignment
            assert ours.features == theirs.features
            text = QPalette.ColorRole.Text
            assert ours.palette.brush(text).color() == theirs.palette.brush(text).color(), (row, column)
