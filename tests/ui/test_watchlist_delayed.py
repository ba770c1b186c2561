"""The watchlist shows what the engine reads for the login: a row without a market data subscription is
highlighted yellow with a "Delayed" mark and shows the quote of 15 minutes ago; frozen values (the market
closed) are grey. IB: "ticker lines that use delayed data are highlighted in yellow" (market data page,
reference account-management.md §4); "Frozen data is shown in gray numbers" (IB "Market Data Types").
"""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyleOptionViewItem, QTableView

from workstation.engine import (
    AccountType,
    AdvanceClock,
    Engine,
    LoginReads,
    OpenAccount,
    SubscribeMarketData,
    UnsubscribeMarketData,
)
from workstation.engine.market.calendar import EASTERN
from workstation.ui.models.watchlist_table_model import WatchlistTableModel
from workstation.ui.tables import ColumnCellDelegate
from workstation.ui.theme import DELAYED_BACKGROUND, FROZEN_TEXT

BACKGROUND, FOREGROUND = Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole
ADD_ON = "US Equity and Options Add-On Streaming Bundle"


@pytest.fixture
def delayed(universe):
    """U1 on Tue 1 Dec 2026 without subscriptions (free delayed data), 20 minutes on."""
    engine = Engine.new(universe, 7, datetime(2026, 12, 1, 10, tzinfo=EASTERN))
    engine.execute(OpenAccount("U1", AccountType.MARGIN, cash=(("USD", 10_000),)))
    engine.execute(UnsubscribeMarketData("U1", "Demo Market Data"))
    engine.execute(AdvanceClock(datetime(2026, 12, 1, 10, 20, tzinfo=EASTERN)))
    return engine


def cell(model: WatchlistTableModel, symbol: str, header: str, role: int = Qt.ItemDataRole.DisplayRole) -> object:
    return model.index(model.row_of(symbol), model.column_of(header)).data(role)


def test_a_delayed_row_is_yellow_marked_delayed_and_shows_the_delayed_quote(delayed):
    model = WatchlistTableModel(LoginReads(delayed, "U1"), ["AAPL", "EUR.USD"])

    assert cell(model, "AAPL", "Financial Instrument") == "AAPL  Delayed"
    assert cell(model, "AAPL", "Bid", BACKGROUND) == DELAYED_BACKGROUND
    assert model.row_object(model.row_of("AAPL")).quote != delayed.quote("AAPL")
    assert model.row_object(model.row_of("AAPL")).quote == LoginReads(delayed, "U1").quote("AAPL")
    assert cell(model, "EUR.USD", "Financial Instrument") == "EUR.USD"  # forex: free, live
    assert cell(model, "EUR.USD", "Bid", BACKGROUND) is None


def test_subscribing_turns_the_row_live_at_the_next_refresh(delayed):
    model = WatchlistTableModel(LoginReads(delayed, "U1"), ["AAPL"])

    delayed.execute(SubscribeMarketData("U1", ADD_ON))
    assert model.refresh()  # the command's QuotesUpdated names every quote

    assert cell(model, "AAPL", "Financial Instrument") == "AAPL"
    assert cell(model, "AAPL", "Last", BACKGROUND) is None
    assert model.row_object(model.row_of("AAPL")).quote == delayed.quote("AAPL")


def test_after_the_close_the_values_are_grey_and_a_delayed_row_stays_yellow(delayed):
    delayed.execute(SubscribeMarketData("U1", ADD_ON))
    model = WatchlistTableModel(LoginReads(delayed, "U1"), ["AAPL", "ESZ6"])
    assert cell(model, "AAPL", "Bid", FOREGROUND) is None

    delayed.execute(AdvanceClock(datetime(2026, 12, 1, 20, 30, tzinfo=EASTERN)))
    model.refresh()

    assert cell(model, "AAPL", "Bid", FOREGROUND) == FROZEN_TEXT
    assert cell(model, "AAPL", "Last", FOREGROUND) == FROZEN_TEXT
    assert cell(model, "AAPL", "Bid", BACKGROUND) is None
    assert cell(model, "ESZ6", "Volume", FOREGROUND) == FROZEN_TEXT
    assert cell(model, "ESZ6", "Volume", BACKGROUND) == DELAYED_BACKGROUND


def test_the_watchlists_delegate_paints_the_delayed_rows_background(delayed, qtbot):
    # The watchlist paints through ColumnCellDelegate, which reads the row, not data(): the picture, not only the role.
    model = WatchlistTableModel(LoginReads(delayed, "U1"), ["AAPL", "EUR.USD"])
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    delegate = ColumnCellDelegate(model, view)
    painted = {}
    for symbol in ("AAPL", "EUR.USD"):
        option = QStyleOptionViewItem()
        delegate.initStyleOption(option, model.index(model.row_of(symbol), model.column_of("Bid")))
        painted[symbol] = option.backgroundBrush.color() if option.backgroundBrush.style() != Qt.BrushStyle.NoBrush \
            else None

    assert painted == {"AAPL": DELAYED_BACKGROUND, "EUR.USD": None}
