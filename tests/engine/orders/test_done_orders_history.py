"""The engine keeps only live state: done orders, executions and the Audit Trail go through the
History port it is given, so a snapshot does not grow with what is done, and the engine behaves the
same whatever implements the port."""

from __future__ import annotations

import json
import pickle
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from tests.factories import C230, C240, OPEN_TIME, ok, order, placed_id
from workstation.engine import api
from workstation.engine.api import Engine
from workstation.engine.core.terms import AccountType, Action, ComboLeg, OrderStatus, OrderType
from workstation.engine.messages.commands import (
    AdvanceClock,
    BustExecution,
    CancelOrder,
    CorrectExecution,
    ForceExecution,
    ModifyOrder,
    OpenAccount,
    PlaceOrder,
    SetPrice,
)
from workstation.engine.messages.events import CashBooked, ExecutionReported
from workstation.engine.orders.audit import AuditedEvent
from workstation.engine.orders.history import MemoryHistory
from workstation.engine.orders.order import Order
from workstation.scenario import load_scenario, run_scenario

D = Decimal
GOLDEN = sorted((Path(__file__).parents[2] / "scenarios").glob("*.yaml"))


def _copy(value):
    return pickle.loads(pickle.dumps(value))


class PicklingHistory:
    """The port's meaning with nothing shared, as a database gives it: every order, execution and
    audit event is kept as a pickled copy and read back as a fresh one. A room that kept a reference
    to a done order and changed it without writing it back would lose the change here."""

    def __init__(self) -> None:
        self._kept = MemoryHistory()

    def keep_order(self, order: Order) -> None:
        self._kept.keep_order(_copy(order))

    def add_execution(self, execution: ExecutionReported) -> None:
        self._kept.add_execution(_copy(execution))

    def replace_execution(self, execution: ExecutionReported) -> None:
        self._kept.replace_execution(_copy(execution))

    def add_audit(self, events: Sequence[AuditedEvent]) -> None:
        self._kept.add_audit(_copy(list(events)))

    def order(self, order_id: int) -> Order | None:
        return _copy(self._kept.order(order_id))

    def orders(self) -> Iterator[Order]:
        return iter(_copy(list(self._kept.orders())))

    def execution_count(self) -> int:
        return self._kept.execution_count()

    def execution(self, exec_id: str) -> ExecutionReported | None:
        return _copy(self._kept.execution(exec_id))

    def executions(self, order_id: int | None = None, since: datetime | None = None,
                   until: datetime | None = None) -> list[ExecutionReported]:
        return _copy(self._kept.executions(order_id, since, until))

    def audit(self, order_id: int | None = None) -> list[AuditedEvent]:
        return _copy(self._kept.audit(order_id))

    def recent_audit(self, count: int) -> list[AuditedEvent]:
        return _copy(self._kept.recent_audit(count))

    def add_cash_bookings(self, bookings: Sequence[CashBooked]) -> None:
        self._kept.add_cash_bookings(_copy(list(bookings)))

    def cash_balance(self, account_id: str, currency: str, until: datetime) -> Decimal | None:
        return self._kept.cash_balance(account_id, currency, until)

    def cash_bookings(self, account_id: str, since: datetime, until: datetime) -> list[CashBooked]:
        return _copy(self._kept.cash_bookings(account_id, since, until))


@pytest.mark.parametrize("path", GOLDEN, ids=[p.stem for p in GOLDEN])
def test_a_history_that_shares_nothing_gives_every_golden_scenario_byte_for_byte(universe, path, monkeypatch):
    expected = json.dumps(json.loads(path.with_suffix(".json").read_text()), indent=2)
    monkeypatch.setattr(api, "MemoryHistory", PicklingHistory)  # every engine the run builds

    output = run_scenario(load_scenario(path), universe).output

    assert json.dumps(output, indent=2) == expected


def _trader(universe, history) -> Engine:
    engine = Engine.new(universe, 7, OPEN_TIME, random_walk=False, history=history)
    ok(engine.execute(OpenAccount("U1", AccountType.MARGIN, cash=(("USD", D(10_000_000)),),
                                  permissions=("STK", "OPT"))))
    ok(engine.execute(SetPrice("AAPL", D("150.00"))))
    return engine


def _round_trips(engine: Engine, count: int) -> None:
    """``count`` market orders for one share, buying and selling in turn: each is filled at once."""
    for i in range(count):
        ok(engine.execute(order("U1", "AAPL", Action.BUY if i % 2 == 0 else Action.SELL, "1")))


def _live_orders(engine: Engine) -> dict[int, Order]:
    return pickle.loads(engine.snapshot())[1].orders


def _next_open(engine: Engine) -> None:
    """On to the next session's open, where the day's price bars and margin records start afresh."""
    session = engine.calendar.next_session(engine.now.replace(hour=23))
    ok(engine.execute(AdvanceClock(session.open + timedelta(minutes=1))))


def test_a_snapshot_does_not_grow_as_ten_times_more_orders_are_done(universe):
    engine = _trader(universe, MemoryHistory())
    _round_trips(engine, 40)
    _next_open(engine)
    after_40 = len(engine.snapshot())

    _round_trips(engine, 360)
    _next_open(engine)

    assert len(engine.orders()) == 400 and len(engine.executions()) == 400
    # A day more of price bars and of the per-day margin records, and the counters: a few hundred bytes
    # whatever the day traded; 360 done orders and their executions would be tens of kilobytes.
    assert len(engine.snapshot()) <= after_40 + 400


@pytest.mark.parametrize("history_class", [MemoryHistory, PicklingHistory])
def test_a_snapshot_does_not_grow_as_ten_times_more_fills_happen_within_one_day(universe, history_class):
    engine = _trader(universe, history_class())
    _round_trips(engine, 40)
    after_40 = len(engine.snapshot())

    _round_trips(engine, 360)

    assert len(engine.executions()) == 400 and engine.now == OPEN_TIME  # one day, the same minute
    # Today's fills count for Daily P&L as totals per account and symbol; 360 more fills kept one by
    # one (to take a bust back) would be tens of kilobytes. What is left: the counters' digits.
    assert len(engine.snapshot()) <= after_40 + 100


def test_a_done_order_leaves_the_live_state_and_is_still_read_as_before(universe):
    engine = _trader(universe, PicklingHistory())
    filled = placed_id(engine.execute(order("U1", "AAPL", Action.BUY, "10")))
    working = placed_id(engine.execute(order("U1", "AAPL", Action.BUY, "10", OrderType.LMT, lmt="100.00")))
    cancelled = placed_id(engine.execute(order("U1", "AAPL", Action.BUY, "10", OrderType.LMT, lmt="100.00")))
    ok(engine.execute(CancelOrder(cancelled)))

    assert list(_live_orders(engine)) == [working]
    assert [(o.order_id, o.status) for o in engine.orders()] == [
        (filled, OrderStatus.FILLED), (working, OrderStatus.SUBMITTED), (cancelled, OrderStatus.CANCELLED)]
    assert engine.order(filled).filled == 10 and len(engine.executions(filled)) == 1
    for command in (CancelOrder(filled), ModifyOrder(cancelled, lmt_price=D("101.00"))):
        refused = engine.execute(command)
        assert refused.code == "ORDER_ALREADY_DONE", refused


def test_a_combo_leg_filled_first_stays_live_until_its_combo_is_done(universe):
    engine = _trader(universe, PicklingHistory())
    combo = placed_id(engine.execute(PlaceOrder(
        "U1", "", Action.BUY, D(1), OrderType.LMT, D("0.05"), legs=(ComboLeg(C230, Action.BUY, 1),
                                                                    ComboLeg(C240, Action.SELL, 1)),
        guaranteed=False)))
    first_leg, second_leg = combo + 1, combo + 2
    ok(engine.execute(ForceExecution(first_leg, D(1), D("5.00"))))
    assert engine.order(first_leg).status is OrderStatus.FILLED
    assert set(_live_orders(engine)) == {combo, first_leg, second_leg}

    ok(engine.execute(ForceExecution(second_leg, D(1), D("2.00"))))

    assert engine.order(combo).status is OrderStatus.FILLED
    assert _live_orders(engine) == {}
    assert [o.order_id for o in engine.orders()] == [combo, first_leg, second_leg]


@pytest.mark.parametrize("history_class", [MemoryHistory, PicklingHistory])
def test_a_done_orders_execution_is_busted_and_corrected_after_a_snapshot_round_trip(universe, history_class):
    history = history_class()
    engine = _trader(universe, history)
    first = placed_id(engine.execute(order("U1", "AAPL", Action.BUY, "10")))
    second = placed_id(engine.execute(order("U1", "AAPL", Action.BUY, "20")))
    [corrected], [busted] = engine.executions(first), engine.executions(second)
    read_before = engine.order(second)

    restored = Engine.from_snapshot(universe, engine.snapshot(), history=history)
    ok(restored.execute(CorrectExecution(corrected.exec_id, D("149.00"))))
    ok(restored.execute(BustExecution(busted.exec_id)))

    assert (restored.order(second).status, restored.order(second).filled) == (OrderStatus.CANCELLED, 0)
    assert restored.order(first).avg_fill_price == D("149.00")
    assert restored.executions(first)[0].price == D("149.00") and restored.is_busted(busted.exec_id)
    assert restored.account("U1").positions["AAPL"].quantity == 10
    assert [e.what for e in restored.audit_trail(second)][-1] == OrderStatus.CANCELLED.value
    assert (read_before.status, read_before.filled) == (OrderStatus.FILLED, 20)  # a read is never changed
    assert _live_orders(restored) == {}


class _CountingHistory(MemoryHistory):
    """Remembers how executions were asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[tuple[int | None, datetime | None, datetime | None]] = []

    def executions(self, order_id=None, since=None, until=None):
        self.asked.append((order_id, since, until))
        return super().executions(order_id, since, until)


def test_a_statement_reads_only_the_executions_of_its_days_and_of_the_orders_in_them(universe):
    history = _CountingHistory()
    engine = _trader(universe, history)
    first = placed_id(engine.execute(order("U1", "AAPL", Action.BUY, "10")))
    history.asked.clear()

    statement = engine.activity_statement("U1", OPEN_TIME.date(), OPEN_TIME.date())

    assert [t.quantity for t in statement.trades] == [10]
    assert all(order_id is not None or (since, until) != (None, None) for order_id, since, until in history.asked)
    assert (first, None, None) in history.asked


def test_the_memory_history_reads_a_time_range_as_the_executions_between(universe):
    history = MemoryHistory()
    engine = _trader(universe, history)
    first = placed_id(engine.execute(order("U1", "AAPL", Action.BUY, "1")))
    ok(engine.execute(AdvanceClock(OPEN_TIME + timedelta(hours=1))))
    second = placed_id(engine.execute(order("U1", "AAPL", Action.SELL, "1")))
    half_past = OPEN_TIME + timedelta(minutes=30)

    assert [e.order_id for e in history.executions(until=half_past)] == [first]
    assert [e.order_id for e in history.executions(since=half_past)] == [second]
    assert [e.order_id for e in history.executions(since=OPEN_TIME, until=OPEN_TIME + timedelta(hours=1))] == [first]
    assert [e.order_id for e in history.executions(second, since=OPEN_TIME)] == [second]
