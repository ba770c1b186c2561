"""AccountValuesTableModel: TWS grouping, in-place updates, and resets on an account switch."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtTest import QSignalSpy

from workstation.engine.api import Accepted
from workstation.engine.core.terms import AccountType
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import AdvanceClock, Deposit, OpenAccount
from workstation.ui.models.account_values_table_model import AccountValuesTableModel
from workstation.ui.models.columns import KEY_ROLE
from workstation.ui.theme import TICK_DOWN

VALUES = {
    "TotalCashValue": Decimal("226747.00"), "NetLiquidation": Decimal("249997.00"),
    "UnrealizedPnL": Decimal("-3.00"), "ZzFutureTag": Decimal("1.00"),
}


def test_passes_the_model_tester(qtmodeltester) -> None:
    model = AccountValuesTableModel()
    qtmodeltester.check(model, force_py=True)

    model.set_values("DU1", VALUES, "USD")
    model.set_values("DU1", {**VALUES, "NetLiquidation": Decimal("250000.00")}, "USD")
    model.set_values("DU2", {"NetLiquidation": Decimal("1")}, "EUR")
    model.clear()

    assert model.rowCount() == 0


def test_rows_follow_the_account_window_order_and_unknown_tags_come_last() -> None:
    model = AccountValuesTableModel()

    model.set_values("DU1", VALUES, "USD")

    tags = [model.index(n, 0).data(KEY_ROLE) for n in range(model.rowCount())]
    assert tags == ["NetLiquidation", "TotalCashValue", "UnrealizedPnL", "ZzFutureTag"]
    sections = [model.index(n, model.column_of("Section")).data() for n in range(model.rowCount())]
    assert sections == ["Balances", "", "P&L", "Other"]
    row = model.row_of("NetLiquidation")
    assert model.index(row, model.column_of("Item")).data() == "Net Liquidation Value"
    assert model.index(row, model.column_of("Value")).data() == "249,997.00"
    assert model.index(row, model.column_of("Currency")).data() == "USD"


def test_look_ahead_next_change_is_a_moment_in_exchange_time() -> None:
    # IB's LookAheadNextChange, "Time when look-ahead values take effect": 1795553100 s since the epoch is
    # Tue 24 Nov 2026 15:45 ET, when the overnight futures margin applies (15 minutes before the close).
    model = AccountValuesTableModel()
    model.set_values("DU1", {**VALUES, "LookAheadNextChange": Decimal(1795553100)}, "USD")

    row = model.row_of("LookAheadNextChange")
    assert model.index(row, model.column_of("Section")).data() == "Margin Requirements"
    assert model.index(row, model.column_of("Item")).data() == "Look Ahead Next Change"
    assert model.index(row, model.column_of("Value")).data() == "15:45 ET Nov 24"
    assert model.index(row, model.column_of("Currency")).data() == ""


def test_losses_are_red() -> None:
    model = AccountValuesTableModel()
    model.set_values("DU1", VALUES, "USD")

    index = model.index(model.row_of("UnrealizedPnL"), model.column_of("Value"))

    assert index.data(Qt.ItemDataRole.ForegroundRole) == TICK_DOWN


def test_new_numbers_update_in_place_with_one_data_changed() -> None:
    model = AccountValuesTableModel()
    model.set_values("DU1", VALUES, "USD")
    changed, reset = QSignalSpy(model.dataChanged), QSignalSpy(model.modelReset)

    model.set_values("DU1", {**VALUES, "NetLiquidation": Decimal("250100.00"), "UnrealizedPnL": Decimal("100.00")},
                     "USD")

    assert (changed.count(), reset.count()) == (1, 0)
    assert changed.at(0)[0].row() == model.row_of("NetLiquidation")
    assert changed.at(0)[1].row() == model.row_of("UnrealizedPnL")
    assert model.value("NetLiquidation") == Decimal("250100.00")


def test_another_account_resets_the_model() -> None:
    model = AccountValuesTableModel()
    model.set_values("DU1", VALUES, "USD")
    reset = QSignalSpy(model.modelReset)

    model.set_values("DU2", VALUES, "EUR")

    assert reset.count() == 1
    assert model.account_id == "DU2"
    assert model.index(0, model.column_of("Currency")).data() == "EUR"


def test_the_account_window_shows_the_previous_day_value_a_deposit_after_the_close_adjusted(make_engine) -> None:
    # TWS Account Window: "Previous Day Equity with Loan Value: Marginable Equity with Loan Value as of 16:00 ET
    # the previous day" (https://clientam.com.hk/php/webhelp/Screens/Account_Information.htm). A cash account
    # opened Tue 10:00 with 10,000.00, recorded at 16:00; 5,000.00 deposited at 17:00 adjusts it (decision
    # D9.1): 10,000.00 + 5,000.00 = 15,000.00; Buying Power = min(15,000.00, 15,000.00) - 0.00 = 15,000.00.
    engine = make_engine()
    for command in (OpenAccount("U1", AccountType.CASH, cash=(("USD", Decimal(10_000)),)),
                    AdvanceClock(datetime(2026, 11, 24, 17, tzinfo=EASTERN)), Deposit("U1", "USD", Decimal(5_000))):
        assert isinstance(engine.execute(command), Accepted)
    model = AccountValuesTableModel()

    model.set_values("U1", engine.account_values("U1"), "USD")

    value = model.column_of("Value")
    row = model.row_of("PreviousDayEquityWithLoanValue")
    assert model.index(row, model.column_of("Item")).data() == "Previous Day Equity With Loan Value"
    assert model.index(row, value).data() == "15,000.00"
    assert model.index(model.row_of("BuyingPower"), value).data() == "15,000.00"


def test_a_pattern_day_traders_buying_power_is_listed_after_day_trades_left() -> None:
    # Only a pattern day trader has DayTradingBuyingPower (margin.day_trading); TWS's Available for Trading
    # section shows it with the day-trade counts, as money in the base currency (not under Other).
    model = AccountValuesTableModel()
    model.set_values("DU1", {"DayTradesRemaining": Decimal(-1), "DayTradingBuyingPower": Decimal("120000.00"),
                             "BuyingPower": Decimal("120000.00")}, "USD")

    tags = [model.index(n, 0).data(KEY_ROLE) for n in range(model.rowCount())]
    assert tags == ["BuyingPower", "DayTradesRemaining", "DayTradingBuyingPower"]
    row = model.row_of("DayTradingBuyingPower")
    assert model.index(row, model.column_of("Section")).data() == ""
    assert model.index(row, model.column_of("Item")).data() == "Day Trading Buying Power"
    assert model.index(row, model.column_of("Value")).data() == "120,000.00"
