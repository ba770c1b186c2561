"""The journal's per-account tuples as columns: an advisor execution's thousands of account names
and amounts are journaled a column at a time, exactly, and what was journaled item by item before
still reads (a database written then reopens to the same accounts)."""

from __future__ import annotations

import json
import sqlite3
import typing
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workstation.engine.core.terms import AccountType, Action, AllocationMethod, OrderType
from workstation.engine.messages.commands import DefineGroup, ForceExecution, OpenAccount, PlaceOrder, SeedPosition
from workstation.engine.messages.events import AllocationBooked, ExecutionReported
from workstation.store import codec
from workstation.store.codec import TAG

CLIENTS = [f"K{i}" for i in range(6)]
DESK = (OpenAccount("FA", AccountType.ADVISOR),
        *(OpenAccount(client, AccountType.MARGIN, cash=(("USD", Decimal(500_000)),), advisor="FA",
                      positions=(SeedPosition("KO", Decimal(30), Decimal("60.00")),) if i % 3 == 0 else ())
          for i, client in enumerate(CLIENTS)),
        DefineGroup("FA", "Desk", AllocationMethod.CONTRACTS_OR_SHARES,
                    tuple((client, Decimal(10 * (i + 1))) for i, client in enumerate(CLIENTS))))
T = datetime(2026, 3, 2, 15, 15, tzinfo=UTC)
TEN, FEE = Decimal(10), Decimal("1.00")
BOOKED = AllocationBooked("E1", 7, ("C1", "C2", "C 3"), (TEN, TEN, Decimal("12.50")),
                          (Decimal("-643.00"), Decimal("-643.00"), Decimal("-803.75")), (FEE, FEE, Decimal("1.0")), 9)
REPORTED = ExecutionReported("E1", 7, "FA", "KO", Action.BUY, Decimal("32.50"), Decimal("64.30"), T, Decimal("3.0"),
                             "USD", Decimal(0), (("C1", TEN), ("C2", TEN), ("C 3", Decimal("12.50"))), ("C2",),
                             (("C1", Decimal(2), Decimal("60.01"), Decimal("60")),),
                             (("C1", FEE), ("C2", FEE), ("C 3", Decimal("1.0"))))


def test_per_account_tuples_are_journaled_a_column_at_a_time() -> None:
    # Act
    booked, reported = codec.encode(BOOKED), codec.encode(REPORTED)

    # Assert
    assert booked["accounts"] == ["C1", "C2", "C 3"]
    assert booked["quantities"] == "10,10,12.50"
    assert booked["commissions"] == "1.00,1.00,1.0"
    assert reported["allocations"] == {"columns": [["C1", "C2", "C 3"], "10,10,12.50"]}
    assert reported["closings"] == {"columns": [["C1"], "2", "60.01", "60"]}
    assert codec.loads_all(codec.dumps_all([REPORTED, BOOKED])) == [REPORTED, BOOKED]


decimals = st.decimals(allow_nan=False, allow_infinity=False)


@given(st.lists(st.tuples(st.text(), decimals, decimals), max_size=30))
def test_columns_keep_every_name_and_every_digit(rows: list[tuple[str, Decimal, Decimal]]) -> None:
    # Arrange
    names = tuple(name for name, _, _ in rows)
    units = tuple(unit for _, unit, _ in rows)
    fees = tuple(fee for _, _, fee in rows)
    event = ExecutionReported("E1", 1, "FA", "KO", Action.SELL, Decimal(1), Decimal(1), T, Decimal(0), "USD",
                              Decimal(0), tuple(zip(names, units, strict=True)),
                              allocation_commissions=tuple(zip(names, fees, strict=True)))
    booked = AllocationBooked("E1", 1, names, units, fees, units, len(rows))

    # Act
    back = codec.loads_all(codec.dumps_all([event, booked]))

    # Assert: the same digits and exponents, not merely equal values
    assert back == [event, booked]
    assert [str(x) for x in back[1].quantities + back[1].cash] == [str(x) for x in units + fees]


def test_a_float_among_amounts_is_never_journaled() -> None:
    # Arrange
    booked = AllocationBooked("E1", 7, ("C1", "C2"), (TEN, 0.5), (TEN, TEN), (FEE, FEE), 4)  # type: ignore[arg-type]

    # Act / Assert
    with pytest.raises(TypeError, match="expected Decimal"):
        codec.encode(booked)


@pytest.mark.parametrize(("field", "value"), [
    ("allocations", {"columns": [["C1", "C2"], "10"]}),
    ("allocations", {"columns": [["C1"]]}),
    ("allocations", {"columns": [["C1"], "10"], "rows": []}),
    ("allocations", {"columns": [[1], "10"]}),
    ("allocation_commissions", {"columns": [["C1"], "1.00,"]}),
    ("allocation_commissions", "C1"),
])
def test_malformed_columns_name_the_field(field: str, value: Any) -> None:
    # Arrange
    data = codec.encode(REPORTED)
    data[field] = value

    # Act / Assert
    with pytest.raises(ValueError, match=f"ExecutionReported.{field}"):
        codec.decode(data)


def _item_by_item(value: Any, hint: Any = None) -> Any:
    """An encoded value as the codec journaled it before columns: every tuple a list, item by item."""
    if isinstance(value, dict) and TAG in value:
        hints = typing.get_type_hints(codec._known(value[TAG]))
        return {name: item if name == TAG else _item_by_item(item, hints[name]) for name, item in value.items()}
    if isinstance(value, dict) and set(value) == {"columns"}:
        columns = [_item_by_item(column, tuple[kind, ...]) for column, kind in zip(
            value["columns"], typing.get_args(typing.get_args(hint)[0]), strict=True)]
        return [list(row) for row in zip(*columns, strict=True)]
    if isinstance(value, str) and typing.get_origin(hint) is tuple and typing.get_args(hint)[0] is Decimal:
        return value.split(",")
    if isinstance(value, list):
        return [_item_by_item(item) for item in value]
    return value


def test_a_database_journaled_item_by_item_reopens_to_the_same_accounts(tmp_path: Path, open_demo, digest) -> None:
    # Arrange: an advisor desk and three executions, then the journal rewritten as it was written before
    path = tmp_path / "ws.db"
    engine, store = open_demo(path, initial_commands=DESK)
    placed = engine.execute(PlaceOrder("FA", "KO", Action.SELL, Decimal(0), OrderType.LMT, Decimal("999.00"),
                                       fa_group="Desk"))
    for size in ("50", "70", "90"):
        engine.execute(ForceExecution(placed.events[0].order_id, Decimal(size), Decimal("61.25")))
    before = digest(engine)
    with store:
        entries = list(store.entries())
    store.close()
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT seq, command, events FROM journal").fetchall()
        old = [(json.dumps(_item_by_item(json.loads(command)), sort_keys=True, separators=(",", ":")),
                json.dumps(_item_by_item(json.loads(events)), sort_keys=True, separators=(",", ":")), seq)
               for seq, command, events in rows]
        assert any('"allocations":[[' in events for _, events, _ in old)
        db.executemany("UPDATE journal SET command = ?, events = ? WHERE seq = ?", old)
        db.execute("DELETE FROM snapshots")  # reopening replays every command from the old text
    db.close()

    # Act
    reopened, store = open_demo(path, snapshot_every=0)

    # Assert
    with store:
        assert digest(reopened) == before
        assert list(store.entries())[:len(entries)] == entries
