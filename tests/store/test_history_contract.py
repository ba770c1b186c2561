"""The History port's contract, held by both of its forms: MemoryHistory (engines without a database)
and SqliteHistory (the workstation file's tables). Every test runs against both; a "command"
ends where the store journals an entry, which writes the SQLite buffer to the tables."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from workstation.engine.core.terms import Action, OrderStatus, OrderType, TimeInForce
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import AdvanceClock
from workstation.engine.messages.events import ExecutionReported, OrderPlaced, OrderStatusChanged
from workstation.engine.orders.history import History, MemoryHistory
from workstation.engine.orders.order import Order
from workstation.store import SqliteStore

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=EASTERN)


class Desk:
    """A history and the end of a command: nothing for MemoryHistory, a journal entry for SQLite."""

    def __init__(self, history: History, end_command: Callable[[], None]) -> None:
        self.history = history
        self.end_command = end_command


@pytest.fixture(params=["memory", "sqlite"])
def desk(request: pytest.FixtureRequest, tmp_path: Path,
         open_demo: Callable[..., tuple[Any, SqliteStore]]) -> Iterator[Desk]:
    if request.param == "memory":
        yield Desk(MemoryHistory(), lambda: None)
        return
    _engine, store = open_demo(tmp_path / "history.db")
    clock = [T0]

    def end_command() -> None:
        clock[0] += timedelta(seconds=1)
        store.record(AdvanceClock(clock[0]), [])

    with store:
        yield Desk(store.history, end_command)


def execution(number: int, order_id: int, minutes: int = 0, price: str = "100.00") -> ExecutionReported:
    return ExecutionReported(f"E{number:04d}", order_id, "U1", "AAPL", Action.BUY, Decimal(10), Decimal(price),
                             T0 + timedelta(minutes=minutes), Decimal("1.00"), "USD", Decimal(0))


def order(order_id: int, status: OrderStatus = OrderStatus.FILLED, filled: str = "10") -> Order:
    return Order(order_id, "U1", "AAPL", Action.BUY, Decimal(10), OrderType.MKT, TimeInForce.DAY, T0,
                 status=status, filled=Decimal(filled), execution_ids=[f"E{order_id:04d}"])


def placed(order_id: int) -> OrderPlaced:
    return OrderPlaced(order_id, "U1", "AAPL", Action.BUY, Decimal(10), OrderType.MKT, None, None, TimeInForce.DAY,
                       False, "", T0)


def status(order_id: int, state: OrderStatus) -> OrderStatusChanged:
    return OrderStatusChanged(order_id, state, Decimal(10), Decimal(0), Decimal(100), "", T0)


def test_an_empty_history_holds_nothing(desk: Desk) -> None:
    history = desk.history

    assert history.order(1) is None and list(history.orders()) == []
    assert history.execution("E0001") is None and history.executions() == [] and history.execution_count() == 0
    assert history.audit() == [] and history.audit(1) == []


@pytest.mark.parametrize("end_first_command", [False, True], ids=["read-in-the-command", "read-after-it"])
def test_kept_orders_are_read_by_id_and_listed_by_id(desk: Desk, end_first_command: bool) -> None:
    # Arrange: orders kept out of id order, partly in an earlier command
    history = desk.history
    history.keep_order(order(3))
    history.keep_order(order(1))
    if end_first_command:
        desk.end_command()

    # Act
    history.keep_order(order(2, OrderStatus.CANCELLED, "0"))

    # Assert: the command's own writes are read with the earlier ones
    assert [o.order_id for o in history.orders()] == [1, 2, 3]
    assert history.order(2) == order(2, OrderStatus.CANCELLED, "0") and history.order(3) == order(3)
    assert history.order(4) is None


def test_keeping_an_order_again_replaces_the_version_kept(desk: Desk) -> None:
    history = desk.history
    history.keep_order(order(1, OrderStatus.CANCELLED, "4"))
    desk.end_command()

    history.keep_order(order(1, OrderStatus.CANCELLED, "6"))
    history.keep_order(order(1, OrderStatus.CANCELLED, "6"))   # idempotent: the same version again
    desk.end_command()

    assert history.order(1) == order(1, OrderStatus.CANCELLED, "6")
    assert list(history.orders()) == [order(1, OrderStatus.CANCELLED, "6")]


def test_executions_are_listed_as_added_and_counted(desk: Desk) -> None:
    # Arrange / Act: two commands' executions, the second command not yet ended
    history = desk.history
    history.add_execution(execution(1, 1))
    history.add_execution(execution(2, 2))
    desk.end_command()
    history.add_execution(execution(3, 1))

    # Assert
    assert history.execution_count() == 3
    assert [e.exec_id for e in history.executions()] == ["E0001", "E0002", "E0003"]
    assert [e.exec_id for e in history.executions(order_id=1)] == ["E0001", "E0003"]
    assert history.executions(order_id=9) == []
    assert history.execution("E0003") == execution(3, 1) and history.execution("E0002") == execution(2, 2)


@pytest.mark.parametrize("end_command", [False, True], ids=["buffered", "written"])
def test_since_is_inclusive_and_until_exclusive_whatever_the_time_zone(desk: Desk, end_command: bool) -> None:
    # Arrange: executions at 10:00, 10:01, 10:02, 10:03 Eastern
    history = desk.history
    for number in range(4):
        history.add_execution(execution(number, 1, minutes=number))
    if end_command:
        desk.end_command()

    # Act: the range 10:01 Eastern (given in UTC) to 10:03 Eastern
    chosen = history.executions(since=(T0 + timedelta(minutes=1)).astimezone(UTC), until=T0 + timedelta(minutes=3))

    # Assert
    assert [e.exec_id for e in chosen] == ["E0001", "E0002"]
    assert [e.exec_id for e in history.executions(since=T0 + timedelta(minutes=2))] == ["E0002", "E0003"]
    assert [e.exec_id for e in history.executions(until=T0 + timedelta(minutes=1))] == ["E0000"]
    assert [e.exec_id for e in history.executions(order_id=1, since=T0 + timedelta(minutes=3))] == ["E0003"]
    assert history.executions(order_id=2, since=T0) == []


@pytest.mark.parametrize("end_command", [False, True], ids=["added-in-the-command", "added-before"])
def test_a_replaced_execution_keeps_its_place_and_count(desk: Desk, end_command: bool) -> None:
    # Arrange
    history = desk.history
    for number in range(3):
        history.add_execution(execution(number, 1))
    if end_command:
        desk.end_command()
    corrected = execution(1, 1, price="101.50")

    # Act: replaced twice with the same version (a replay rewrites it)
    history.replace_execution(corrected)
    history.replace_execution(corrected)

    # Assert: read in the same command, then after it
    for _ in range(2):
        assert history.execution("E0001") == corrected and history.execution_count() == 3
        assert history.executions() == [execution(0, 1), corrected, execution(2, 1)]
        assert history.executions(order_id=1, since=T0) == [execution(0, 1), corrected, execution(2, 1)]
        desk.end_command()


def test_a_replaced_time_moves_an_execution_in_or_out_of_a_range(desk: Desk) -> None:
    history = desk.history
    history.add_execution(execution(0, 1, minutes=0))
    history.add_execution(execution(1, 1, minutes=5))
    desk.end_command()

    history.replace_execution(replace(execution(0, 1), time=T0 + timedelta(minutes=10)))

    later = [e.exec_id for e in history.executions(since=T0 + timedelta(minutes=1))]
    assert later == ["E0000", "E0001"]
    assert history.executions(until=T0 + timedelta(minutes=1)) == []


def test_the_audit_trail_is_read_oldest_first_for_all_orders_or_one(desk: Desk) -> None:
    history = desk.history
    history.add_audit([placed(1), placed(2)])
    desk.end_command()

    history.add_audit([status(1, OrderStatus.FILLED)])
    history.add_audit([status(2, OrderStatus.CANCELLED)])

    assert history.audit() == [placed(1), placed(2), status(1, OrderStatus.FILLED), status(2, OrderStatus.CANCELLED)]
    assert history.audit(1) == [placed(1), status(1, OrderStatus.FILLED)]
    assert history.audit(3) == []


def test_the_recent_trail_is_the_latest_events_oldest_first_across_stored_and_buffered(desk: Desk) -> None:
    history = desk.history
    history.add_audit([placed(1), placed(2), placed(3)])
    desk.end_command()
    history.add_audit([status(1, OrderStatus.FILLED)])

    assert history.recent_audit(2) == [placed(3), status(1, OrderStatus.FILLED)]
    assert history.recent_audit(10) == [placed(1), placed(2), placed(3), status(1, OrderStatus.FILLED)]
    assert history.recent_audit(1) == [status(1, OrderStatus.FILLED)]
    assert history.recent_audit(0) == []


def test_a_range_of_executions_by_position_spans_stored_buffered_and_replaced(desk: Desk) -> None:
    history = desk.history
    for number in range(3):
        history.add_execution(execution(number, order_id=1, minutes=number))
    desk.end_command()
    history.add_execution(execution(3, order_id=2, minutes=3))
    corrected = execution(1, order_id=1, minutes=1, price="99.00")
    history.replace_execution(corrected)

    assert history.execution_range(1, 4) == [corrected, execution(2, 1, 2), execution(3, 2, 3)]
    assert history.execution_range(0, 1) == [execution(0, 1, 0)]
    assert history.execution_range(3, 10) == [execution(3, 2, 3)]
    assert history.execution_range(5, 10) == []
