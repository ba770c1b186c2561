"""The Audit Trail: every change to an order, in order, kept with the engine state."""

from decimal import Decimal

from tests.factories import order, placed_id
from workstation.engine.api import Engine
from workstation.engine.core.terms import Action, OrderType
from workstation.engine.messages.commands import CancelOrder, ForceExecution, ModifyOrder

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


def test_the_trail_is_part_of_the_snapshot(engine: Engine, universe) -> None:
    engine.execute(order("U1", "MSFT", Action.BUY, "10"))

    restored = Engine.from_snapshot(universe, engine.snapshot())

    assert restored.audit_trail() == engine.audit_trail() != []
