"""EngineBridge: typed signals, coalesced quotes and account values, submit, and close."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from PySide6.QtTest import QSignalSpy

from workstation.engine.api import Engine
from workstation.engine.core.errors import Rejected
from workstation.engine.core.terms import AccountType, Action, AllocationMethod, OrderStatus
from workstation.engine.messages.commands import (
    AdvanceClock,
    DefineGroup,
    DefineModel,
    InvestInModel,
    OpenAccount,
    PlaceOrder,
    SetAllocationPresets,
    SetPrice,
)
from workstation.engine.messages.events import (
    AllocationPresetsChanged,
    GroupDefined,
    MarketStateChanged,
    ModelDefined,
    ModelInvestmentChanged,
    OrderStatusChanged,
)
from workstation.ui.bridge import EngineBridge, QuoteChanges
from workstation.ui.models.watchlist_table_model import WatchlistTableModel


def test_many_quote_events_in_one_frame_are_one_signal_and_one_model_update(
        qtbot, bridge: EngineBridge, engine: Engine) -> None:
    model = WatchlistTableModel(engine, ["AAPL", "MSFT", "SPY"])
    bridge.sig_quotes_updated.connect(lambda changes: model.refresh(changes.symbols))
    emitted, repainted = QSignalSpy(bridge.sig_quotes_updated), QSignalSpy(model.dataChanged)

    with qtbot.waitSignal(bridge.sig_quotes_updated, timeout=2000):
        for step in range(40):  # forty engine QuotesUpdated events before the frame timer fires
            engine.execute(SetPrice("AAPL", Decimal("240.00") + step))
            engine.execute(SetPrice("MSFT", Decimal("430.00") + step))

    assert not bridge.has_pending  # nothing left to flush, so no second emission can follow
    assert emitted.count() == 1
    assert repainted.count() == 1
    assert model.index(model.row_of("AAPL"), model.column_of("Last")).data() == "279.00"  # 240 + 39


def test_quote_changes_name_symbols_or_everything() -> None:
    assert QuoteChanges(None).includes("ANY")
    assert QuoteChanges(frozenset({"AAPL"})).includes("AAPL")
    assert not QuoteChanges(frozenset({"AAPL"})).includes("MSFT")


def test_account_value_changes_are_coalesced_into_one_signal_per_frame(qtbot, bridge: EngineBridge, engine: Engine,
                                                                       account: str) -> None:
    engine.execute(PlaceOrder(account, "AAPL", Action.BUY, Decimal(100)))
    bridge.flush()
    received = QSignalSpy(bridge.sig_account_values_changed)

    with qtbot.waitSignal(bridge.sig_account_values_changed, timeout=2000) as blocker:
        for price in ("240", "241", "242"):
            engine.execute(SetPrice("AAPL", Decimal(price)))

    assert not bridge.has_pending
    assert received.count() == 1
    assert blocker.args[0] == frozenset({account})
    assert engine.account_values(account)["StockMarketValue"] == Decimal("24200.00")  # 100 x 242, the last


def test_orders_and_fills_pass_through_at_once(qtbot, bridge: EngineBridge, account: str) -> None:
    statuses: list[OrderStatus] = []
    bridge.sig_order_status_changed.connect(lambda e: statuses.append(e.status))

    with qtbot.waitSignals([bridge.sig_order_placed, bridge.sig_execution, bridge.sig_position_changed],
                           order="strict", timeout=0):
        bridge.submit(PlaceOrder(account, "MSFT", Action.BUY, Decimal(10)))

    assert statuses[-1] is OrderStatus.FILLED


def test_submit_returns_a_refusal_and_signals_it_once(qtbot, bridge: EngineBridge) -> None:
    rejections = QSignalSpy(bridge.sig_command_rejected)

    with qtbot.waitSignal(bridge.sig_command_rejected, timeout=0) as blocker:
        result = bridge.submit(SetPrice("NOPE", Decimal("1")))

    assert isinstance(result, Rejected)
    assert result.code == "UNKNOWN_CONTRACT"
    assert rejections.count() == 1
    assert (blocker.args[0].command, blocker.args[0].code) == ("SetPrice", "UNKNOWN_CONTRACT")


def test_clock_and_market_state_signals(qtbot, bridge: EngineBridge, start: datetime) -> None:
    close = start.replace(hour=16, minute=0, second=5)
    states: list[MarketStateChanged] = []
    bridge.sig_market_state_changed.connect(states.append)

    with qtbot.waitSignal(bridge.sig_clock_advanced, timeout=0) as blocker:
        bridge.submit(AdvanceClock(to=close))

    assert [e.market_state.value for e in states] == ["After Hours"]
    assert blocker.args[0].time == close
    assert blocker.args[0].market_state.value == "After Hours"


def test_close_unsubscribes_and_drops_pending_updates(bridge: EngineBridge, engine: Engine, account: str) -> None:
    engine.execute(SetPrice("AAPL", Decimal("240")))
    assert bridge.has_pending
    emitted = QSignalSpy(bridge.sig_quotes_updated)
    statuses: list[OrderStatusChanged] = []
    bridge.sig_order_status_changed.connect(statuses.append)

    bridge.close()
    engine.execute(SetPrice("AAPL", Decimal("241")))
    engine.execute(PlaceOrder(account, "AAPL", Action.BUY, Decimal(1)))
    bridge.flush()
    bridge.close()  # twice is fine

    assert not bridge.is_open
    assert not bridge.has_pending
    assert emitted.count() == 0
    assert statuses == []


def test_advisor_setup_changes_are_relayed_as_they_happen(bridge: EngineBridge, engine: Engine) -> None:
    changes: list[object] = []
    bridge.sig_advisor_setup_changed.connect(changes.append)
    engine.execute(OpenAccount("FA1", AccountType.ADVISOR))
    engine.execute(OpenAccount("C1", AccountType.MARGIN, cash=(("USD", Decimal(1000)),), advisor="FA1"))
    engine.execute(DefineGroup("FA1", "Core", AllocationMethod.EQUAL, (("C1", Decimal(0)),)))
    engine.execute(DefineModel("FA1", "Income"))
    engine.execute(InvestInModel("C1", "Income", Decimal(500)))
    engine.execute(SetAllocationPresets("FA1", strict=True))
    assert [type(change) for change in changes] == [GroupDefined, ModelDefined, ModelInvestmentChanged,
                                                    AllocationPresetsChanged]
