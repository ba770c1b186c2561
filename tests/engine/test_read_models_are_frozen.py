"""Read models hand out frozen copies: a reader cannot change the engine through what it read, and
a later command never changes what was already handed out."""

from __future__ import annotations

import copy
import dataclasses
from decimal import Decimal

import pytest

from tests.factories import ok, order, placed_id
from workstation.engine.core.errors import Rejected
from workstation.engine.core.terms import Action, OrderStatus, OrderType
from workstation.engine.messages.commands import CancelOrder, ForceExecution, PlaceOrder

D = Decimal
FROZEN = (dataclasses.FrozenInstanceError, AttributeError, TypeError)


def _attempts_on_an_order(order):
    yield lambda: setattr(order, "status", OrderStatus.CANCELLED)
    yield lambda: setattr(order, "filled", D(1))
    yield lambda: order.record_fill(D(1), D("50.00"))
    yield lambda: order.execution_ids.append("forged")
    if order.allocation is not None:
        yield lambda: setattr(order.allocation.rows[0], "allocated", 999)
        yield lambda: order.allocation.rows.append(order.allocation.rows[0])
        yield lambda: order.allocation.random_picks.append("A")
        yield lambda: order.allocation.distributed_executions.add("forged")


def _attempts_on_an_account(account):
    yield lambda: setattr(account, "base_currency", "EUR")
    yield lambda: account.cash.__setitem__("USD", D(10 ** 9))
    yield lambda: account.positions.pop("KO")
    yield lambda: setattr(account.positions["KO"], "quantity", D(10 ** 6))


def test_changing_an_order_read_is_refused_and_the_engine_keeps_its_order(pair_order):
    engine, order_id = pair_order
    ok(engine.execute(ForceExecution(order_id, D(50), D("50.00"))))
    before = engine.snapshot()
    read = engine.order(order_id)
    for attempt in _attempts_on_an_order(read):
        with pytest.raises(FROZEN):
            attempt()
    assert engine.snapshot() == before
    assert engine.order(order_id).filled == 50 and engine.order(order_id).status is OrderStatus.SUBMITTED


def test_changing_an_account_read_is_refused_and_the_engine_keeps_its_books(pair_order):
    engine, order_id = pair_order
    ok(engine.execute(ForceExecution(order_id, D(50), D("50.00"))))
    before, values = engine.snapshot(), engine.account_values("A")
    for attempt in _attempts_on_an_account(engine.account("A")):
        with pytest.raises(FROZEN):
            attempt()
    assert engine.snapshot() == before and engine.account_values("A") == values


def test_a_deep_copy_of_a_read_is_the_readers_own_to_change(pair_order):
    engine, order_id = pair_order
    ok(engine.execute(ForceExecution(order_id, D(50), D("50.00"))))
    before = engine.snapshot()
    scratch = copy.deepcopy(engine.account("A"))
    scratch.cash["USD"] = D(0)
    scratch.positions["KO"].quantity = D(10 ** 6)
    plan = copy.deepcopy(engine.order(order_id)).allocation
    plan.rows[0].allocated = 999
    assert engine.snapshot() == before
    assert engine.account("A").positions["KO"].quantity == 30
    assert engine.order(order_id).allocation.rows[0].allocated == 30


def test_a_later_command_never_changes_an_order_already_read(pair_order):
    engine, order_id = pair_order
    ok(engine.execute(ForceExecution(order_id, D(50), D("50.00"))))
    read, listed, working = engine.order(order_id), engine.orders()[0], engine.working_orders()[0]
    frozen_view = (read.filled, read.status, tuple(read.execution_ids), [r.allocated for r in read.allocation.rows])
    assert frozen_view == (50, OrderStatus.SUBMITTED, tuple(read.execution_ids), [30, 20])

    ok(engine.execute(ForceExecution(order_id, D(50), D("51.00"))))
    ok(engine.execute(PlaceOrder("FA1", "KO", Action.BUY, D(0), OrderType.LMT, D("1.00"), fa_group="G")))

    for old in (read, listed, working):
        assert (old.filled, old.status, tuple(old.execution_ids), [r.allocated for r in old.allocation.rows]) \
            == frozen_view
    now = engine.order(order_id)
    assert (now.filled, now.status, len(now.execution_ids), [r.allocated for r in now.allocation.rows]) \
        == (100, OrderStatus.FILLED, 2, [60, 40])


def test_a_later_command_never_changes_an_account_already_read(engine):
    read = engine.account("U1")
    cash, positions = dict(read.cash), dict(read.positions)
    ok(engine.execute(order("U1", "AAPL", Action.BUY, "100")))
    assert dict(read.cash) == cash and dict(read.positions) == positions and "AAPL" not in read.positions
    assert engine.account("U1").positions["AAPL"].quantity == 100


def test_reads_between_two_commands_share_one_copy_and_the_next_command_makes_a_new_one(engine):
    order_id = placed_id(engine.execute(order("U1", "AAPL", Action.BUY, "100", OrderType.LMT, lmt="1.00")))
    first = engine.order(order_id)
    assert engine.order(order_id) is first and engine.orders()[0] is first
    ok(engine.execute(CancelOrder(order_id)))
    assert engine.order(order_id) is not first and first.status is not OrderStatus.CANCELLED
    assert engine.order(order_id).status is OrderStatus.CANCELLED


def test_a_rejected_orders_line_is_frozen_too(engine):
    assert isinstance(engine.execute(order("U1", "AAPL", Action.BUY, "-5")), Rejected)
    [line] = engine.rejected_orders()
    with pytest.raises(FROZEN):
        line.status_reason = "accepted after all"
    assert engine.order(line.order_id).status_reason == line.status_reason != "accepted after all"


def _live_objects(value, path="result"):
    """Paths inside ``value`` to a record a reader could change: a dataclass that is not frozen."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        frozen = type(value).__dataclass_params__.frozen or type(value).__name__.startswith("Frozen")
        if not frozen:
            yield f"{path}: {type(value).__name__}"
        for f in dataclasses.fields(value):
            yield from _live_objects(getattr(value, f.name), f"{path}.{f.name}")
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _live_objects(item, f"{path}[{i}]")
    elif isinstance(value, dict) or type(value).__name__ == "mappingproxy":
        for key, item in value.items():
            yield from _live_objects(item, f"{path}[{key!r}]")


def test_no_read_hands_out_a_live_engine_record(pair_order):
    engine, order_id = pair_order
    ok(engine.execute(ForceExecution(order_id, D(50), D("50.00"))))
    engine.execute(order("A", "AAPL", Action.BUY, "-5"))
    reads = {
        "account": lambda: engine.account("A"), "order": lambda: engine.order(order_id),
        "orders": engine.orders, "working_orders": engine.working_orders, "rejected_orders": engine.rejected_orders,
        "executions": lambda: engine.executions(order_id), "positions": lambda: engine.positions("A"),
        "audit_trail": engine.audit_trail, "trades_summary": engine.trades_summary,
        "advisor_setup": lambda: engine.advisor_setup("FA1"), "partitions": engine.partitions,
        "funding_history": lambda: engine.funding_history("A"), "exposure_fee": lambda: engine.exposure_fee("A"),
        "allocation_drift": lambda: engine.allocation_drift(order_id), "quote": lambda: engine.quote("KO"),
    }
    assert [path for name, read in reads.items() for path in _live_objects(read(), name)] == []
