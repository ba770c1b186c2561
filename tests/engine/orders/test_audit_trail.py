"""The Audit Trail: every change to an order, in order, kept in the order history."""

from decimal import Decimal

from tests.factories import OPEN_TIME, ok, order, placed_id
from workstation.engine.api import Engine
from workstation.engine.core.terms import AccountType, Action, OrderType
from workstation.engine.messages.commands import CancelOrder, ForceExecution, ModifyOrder, OpenAccount
from workstation.engine.orders import audit
from workstation.engine.orders.history import MemoryHistory

D = Decimal


def test_placing_modifying_filling_and_cancelling_are_each_recorded_in_order(engine: Engine) -> None:
    order_id = placed_id(engine.execute(order("U1", "AAPL", Action.BUY, "100", OrderType.LMT, lmt="140.00")))
    engine.execute(ModifyOrder(order_id, lmt_price=D("141.00")))
    engine.execute(ForceExecution(order_id, D(40), D("141.00")))
    engine.execute(CancelOrder(order_id))

    trail = engine.audit_trail(order_id)

    assert [entry.what for entry in trail] == ["Placed", "PendingSubmit", "Submitted", "Modified", "Submitted",
                                               "Executed", "PendingCancel", "Cancelled"]
    assert trail[0].detail == "U1 BUY 100 AAPL LMT 140.00 DAY"
    assert trail[3].detail == "quantity 100 141.00 DAY"
    assert trail[5].detail.startswith("BUY 40 AAPL @ 141.00")
    assert trail[-1].detail == "filled 40, remaining 60 — Cancelled by user"


def test_a_refused_command_leaves_no_trace(engine: Engine) -> None:
    before = engine.audit_trail()

    engine.execute(order("U1", "NOPE", Action.BUY, "1"))

    assert engine.audit_trail() == before


def test_the_trail_is_kept_in_the_history_beside_the_snapshot(universe) -> None:
    history = MemoryHistory()
    engine = Engine.new(universe, 7, OPEN_TIME, random_walk=False, history=history)
    ok(engine.execute(OpenAccount("U1", AccountType.MARGIN, cash=(("USD", D(100_000)),))))
    ok(engine.execute(order("U1", "MSFT", Action.BUY, "10")))

    restored = Engine.from_snapshot(universe, engine.snapshot(), history=history)

    assert restored.audit_trail() == engine.audit_trail() != []
    assert Engine.from_snapshot(universe, engine.snapshot()).audit_trail() == []  # the snapshot holds no trail


def test_the_whole_trail_lists_the_latest_events_and_one_orders_trail_all_of_its_own(engine: Engine,
                                                                                      monkeypatch) -> None:
    first = placed_id(engine.execute(order("U1", "AAPL", Action.BUY, "100", OrderType.LMT, lmt="140.00")))
    engine.execute(ModifyOrder(first, lmt_price=D("141.00")))
    second = placed_id(engine.execute(order("U1", "AAPL", Action.BUY, "100", OrderType.LMT, lmt="140.00")))
    monkeypatch.setattr(audit, "MAX_ENTRIES", 3)

    trail = engine.audit_trail()

    assert [(entry.order_id, entry.what) for entry in trail] == [(second, "Placed"), (second, "PendingSubmit"),
                                                                (second, "Submitted")]
    assert [entry.what for entry in engine.audit_trail(first)] == ["Placed", "PendingSubmit", "Submitted",
                                                                   "Modified", "Submitted"]
