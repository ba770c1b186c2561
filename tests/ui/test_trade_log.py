"""Account -> Trade Log: executions of the chosen period, kept live."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from workstation.engine.api import Engine
from workstation.engine.core.terms import Action
from workstation.engine.messages.commands import AdvanceClock, BustExecution, CorrectExecution, PlaceOrder
from workstation.ui import object_names as names
from workstation.ui.bridge import EngineBridge
from workstation.ui.dialogs.trade_log_dialog import Period, TradeLogDialog
from workstation.ui.models.columns import RAW_VALUE_ROLE

D = Decimal


def symbols_shown(dialog: TradeLogDialog) -> list[str]:
    column = dialog.model.column_of("Symbol")
    return [dialog.proxy.index(r, column).data() for r in range(dialog.proxy.rowCount())]


def test_today_shows_the_days_fills_and_new_ones_arrive_live(qtbot, bridge: EngineBridge, account: str) -> None:
    bridge.submit(PlaceOrder(account, "AAPL", Action.BUY, D(100)))
    dialog = TradeLogDialog(bridge)
    qtbot.addWidget(dialog)
    assert dialog.findChild(object, names.TRADE_LOG_TABLE) is dialog.table

    bridge.submit(PlaceOrder(account, "MSFT", Action.BUY, D(10)))

    assert symbols_shown(dialog) == ["AAPL", "MSFT"]
    assert dialog.count.text() == "2 executions"


def test_yesterdays_fills_leave_today_but_stay_in_the_week(qtbot, bridge: EngineBridge, engine: Engine,
                                                           account: str) -> None:
    bridge.submit(PlaceOrder(account, "AAPL", Action.BUY, D(100)))
    bridge.submit(AdvanceClock(engine.now + timedelta(days=1)))  # Wednesday, after the open
    bridge.submit(PlaceOrder(account, "XOM", Action.BUY, D(10)))
    dialog = TradeLogDialog(bridge)
    qtbot.addWidget(dialog)

    assert symbols_shown(dialog) == ["XOM"]
    dialog.period.setCurrentText(Period.WEEK.value)
    assert symbols_shown(dialog) == ["AAPL", "XOM"]
    dialog.period.setCurrentText(Period.ALL.value)
    assert dialog.proxy.rowCount() == 2


def test_a_correction_and_a_bust_show_as_their_signals_arrive(qtbot, bridge: EngineBridge, account: str) -> None:
    bridge.submit(PlaceOrder(account, "AAPL", Action.BUY, D(100)))
    dialog = TradeLogDialog(bridge)
    qtbot.addWidget(dialog)
    [exec_id] = [e.exec_id for e in bridge.engine.executions()]
    price, busted = dialog.model.column_of("Price"), dialog.model.column_of("Busted")

    with qtbot.waitSignal(bridge.sig_execution_corrected, timeout=0):
        bridge.submit(CorrectExecution(exec_id, D("199.10")))
    assert dialog.proxy.index(0, price).data(RAW_VALUE_ROLE) == D("199.10")
    assert dialog.proxy.index(0, busted).data() == ""

    with qtbot.waitSignal(bridge.sig_execution_busted, timeout=0):
        bridge.submit(BustExecution(exec_id))
    assert dialog.proxy.index(0, busted).data() == "Busted"
    assert dialog.count.text() == "1 execution"  # a busted execution stays listed
