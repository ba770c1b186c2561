"""WatchlistTableModel: model contract, row edits, and one dataChanged per refresh."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester, QSignalSpy

from workstation.engine.api import Engine
from workstation.engine.messages.commands import SetPrice
from workstation.ui.models.columns import KEY_ROLE, RAW_VALUE_ROLE
from workstation.ui.models.watchlist_table_model import WatchlistTableModel
from workstation.ui.theme import TICK_DOWN, TICK_UP

SYMBOLS = ["AAPL", "MSFT", "SPY", "ESZ6", "EUR.USD"]


@pytest.fixture
def model(engine: Engine) -> WatchlistTableModel:
    return WatchlistTableModel(engine, SYMBOLS)


def cell(model: WatchlistTableModel, symbol: str, header: str, role: int = Qt.ItemDataRole.DisplayRole) -> object:
    row = model.row_of(symbol)
    assert row is not None, f"{symbol} is not listed"
    return model.index(row, model.column_of(header)).data(role)


def test_passes_the_model_tester_through_edits_and_updates(qtmodeltester, model: WatchlistTableModel,
                                                           engine: Engine) -> None:
    qtmodeltester.check(model, force_py=True)

    model.add_symbol("NVDA")
    model.remove_rows([0, 2, 3])
    engine.execute(SetPrice("NVDA", Decimal("150")))
    model.refresh()
    model.remove_symbol("NVDA")

    assert model.symbols() == ["MSFT", "EUR.USD"]


def test_passes_qts_own_model_tester(qtlog, model: WatchlistTableModel, engine: Engine) -> None:
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning)

    model.add_symbol("XOM")
    engine.execute(SetPrice("XOM", Decimal("120")))
    model.refresh({"XOM"})
    model.remove_rows(range(model.rowCount()))

    assert tester is not None
    assert [r.message for r in qtlog.records if "FAIL" in r.message] == []


def test_rows_show_the_engine_quote(model: WatchlistTableModel, engine: Engine) -> None:
    quote = engine.quote("EUR.USD")

    assert cell(model, "AAPL", "Financial Instrument") == "AAPL"
    assert cell(model, "AAPL", "Last") == "232.50"
    assert cell(model, "ESZ6", "Last") == "5,931.25"
    assert cell(model, "EUR.USD", "Bid") == f"{quote.bid:.5f}"  # five places on a 0.00005 tick
    assert cell(model, "AAPL", "Last", RAW_VALUE_ROLE) == Decimal("232.50")
    assert cell(model, "AAPL", "Last", Qt.ItemDataRole.UserRole) == Decimal("232.50")  # the published role
    assert cell(model, "SPY", "Volume", KEY_ROLE) == "SPY"
    assert "APPLE INC" in cell(model, "AAPL", "Financial Instrument", Qt.ItemDataRole.ToolTipRole)


def test_headers_are_the_tws_columns(model: WatchlistTableModel) -> None:
    headers = [model.headerData(n, Qt.Orientation.Horizontal) for n in range(model.columnCount())]

    assert headers == ["Financial Instrument", "Last", "Change", "Change %", "Bid", "Ask", "Bid Size", "Ask Size",
                       "Volume"]


def test_add_inserts_one_row_and_ignores_duplicates(model: WatchlistTableModel) -> None:
    inserted = QSignalSpy(model.rowsInserted)

    assert model.add_symbol("JPM") is True
    assert model.add_symbol("JPM") is False

    assert inserted.count() == 1
    assert inserted.at(0)[1:] == [5, 5]
    assert model.symbols()[-1] == "JPM"


def test_add_refuses_an_unknown_symbol(model: WatchlistTableModel) -> None:
    with pytest.raises(KeyError, match="NOPE"):
        model.add_symbol("NOPE")


def test_remove_rows_removes_contiguous_blocks_bottom_up(model: WatchlistTableModel) -> None:
    removed = QSignalSpy(model.rowsRemoved)

    model.remove_rows([0, 1, 3])  # AAPL, MSFT, ESZ6

    assert model.symbols() == ["SPY", "EUR.USD"]
    assert [removed.at(n)[1:] for n in range(removed.count())] == [[3, 3], [0, 1]]
    assert model.row_of("EUR.USD") == 1


def test_refresh_emits_one_data_changed_over_the_live_columns(model: WatchlistTableModel, engine: Engine) -> None:
    changed = QSignalSpy(model.dataChanged)
    engine.execute(SetPrice("MSFT", Decimal("430.00")))
    engine.execute(SetPrice("ESZ6", Decimal("5900.00")))

    model.refresh()

    assert changed.count() == 1
    top_left, bottom_right = changed.at(0)[0], changed.at(0)[1]
    first, last = model.live_column_range()
    assert (top_left.row(), bottom_right.row()) == (model.row_of("MSFT"), model.row_of("ESZ6"))
    assert (top_left.column(), bottom_right.column()) == (first, last) == (1, model.columnCount() - 1)


def test_refresh_without_a_change_emits_nothing(model: WatchlistTableModel) -> None:
    changed = QSignalSpy(model.dataChanged)

    assert model.refresh() is False
    assert changed.count() == 0


def test_change_is_green_up_red_down_and_last_follows_the_tick(model: WatchlistTableModel, engine: Engine) -> None:
    aapl_close, msft_close = engine.quote("AAPL").close, engine.quote("MSFT").close
    engine.execute(SetPrice("AAPL", aapl_close + Decimal("7.50")))
    engine.execute(SetPrice("MSFT", msft_close - Decimal("21.30")))
    model.refresh()

    assert cell(model, "AAPL", "Change") == "+7.50"
    assert cell(model, "AAPL", "Change %") == f"+{Decimal('7.50') / aapl_close * 100:.2f}%"
    assert cell(model, "AAPL", "Change", Qt.ItemDataRole.ForegroundRole) == TICK_UP
    assert cell(model, "MSFT", "Change %", Qt.ItemDataRole.ForegroundRole) == TICK_DOWN
    assert cell(model, "AAPL", "Last", Qt.ItemDataRole.ForegroundRole) == TICK_UP

    engine.execute(SetPrice("AAPL", aapl_close + Decimal("6.50")))  # down tick, still above the close
    model.refresh({"AAPL"})

    assert cell(model, "AAPL", "Last", Qt.ItemDataRole.ForegroundRole) == TICK_DOWN
    assert cell(model, "AAPL", "Change", Qt.ItemDataRole.ForegroundRole) == TICK_UP


def test_refresh_reads_only_the_named_symbols(model: WatchlistTableModel, engine: Engine) -> None:
    engine.execute(SetPrice("AAPL", Decimal("240.00")))

    model.refresh({"MSFT"})

    assert cell(model, "AAPL", "Last") == "232.50"


def test_a_cell_answers_its_roles_and_nothing_outside_the_table(model: WatchlistTableModel, engine: Engine) -> None:
    row, last = model.row_of("AAPL"), model.column_of("Last")
    index = model.index(row, last)
    other = WatchlistTableModel(engine, SYMBOLS)

    assert index.data(Qt.ItemDataRole.TextAlignmentRole) == Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    assert index.data(RAW_VALUE_ROLE) == Decimal("232.50")
    assert index.data(KEY_ROLE) == "AAPL"
    assert model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole).startswith("APPLE")
    for unanswered in (Qt.ItemDataRole.FontRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.BackgroundRole,
                       Qt.ItemDataRole.CheckStateRole):
        assert index.data(unanswered) is None
    assert model.data(model.createIndex(len(SYMBOLS), last)) is None  # past the last row
    assert model.data(model.createIndex(row, model.columnCount())) is None  # past the last column
    assert model.data(other.index(row, last)) is None  # another model's cell
    assert model.data(model.index(row, last).parent()) is None
