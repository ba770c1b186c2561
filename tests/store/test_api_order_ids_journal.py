"""The API ids of an order (IB's Order.clientId and orderId) are journaled with its PlaceOrder and come back
on every reopen; a journal written before orders had them replays to the same orders, with none."""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal
from pathlib import Path

from workstation.engine.api import SNAPSHOT_FORMAT
from workstation.engine.core.terms import Action, OrderType
from workstation.engine.messages.commands import ForceExecution, PlaceOrder
from workstation.store import history_tables

D = Decimal
API_FIELDS = ("api_client_id", "api_order_id")


def _ids(engine) -> dict[int, tuple[int | None, int | None]]:
    return {order.order_id: (order.api_client_id, order.api_order_id) for order in engine.orders()}


def _place_three(engine) -> None:
    """A working API order (client 5, order 12), a filled one (client 5, order 13) and a GUI order."""
    engine.execute(PlaceOrder("U1", "MSFT", Action.BUY, D(10), OrderType.LMT, D("100.00"), api_client_id=5,
                              api_order_id=12))
    filled = engine.execute(PlaceOrder("U1", "KO", Action.BUY, D(10), OrderType.LMT, D("1.00"), api_client_id=5,
                                       api_order_id=13))
    engine.execute(ForceExecution(filled.events[0].order_id, D(10), D("1.00")))
    engine.execute(PlaceOrder("U1", "JPM", Action.BUY, D(10), OrderType.LMT, D("100.00")))


def test_api_ids_come_back_from_the_journal_and_from_a_snapshot(tmp_path: Path, open_demo) -> None:
    # Arrange
    path = tmp_path / "ws.db"
    engine, store = open_demo(path)
    _place_three(engine)
    expected = _ids(engine)
    store.close()

    # Act: once replaying the journal, once from a snapshot taken after every command
    replayed, store = open_demo(path, snapshot_every=0)
    replayed_ids = _ids(replayed)
    store.close()
    snapshotted, store = open_demo(tmp_path / "snap.db", snapshot_every=1)
    _place_three(snapshotted)
    store.close()
    restored, store = open_demo(tmp_path / "snap.db")

    # Assert
    with store:
        assert store.recovery.replayed == 0
        assert sorted(expected.values(), key=str) == [(5, 12), (5, 13), (None, None)]
        assert replayed_ids == expected
        assert _ids(restored) == expected


def test_a_database_journaled_before_orders_had_api_ids_opens_with_none(tmp_path: Path, open_demo, digest) -> None:
    # Arrange: GUI orders journaled, then rewritten without the fields, as an older workstation wrote them,
    # its snapshots and history tables of the format before
    path = tmp_path / "ws.db"
    engine, store = open_demo(path, snapshot_every=2)
    engine.execute(PlaceOrder("U1", "MSFT", Action.BUY, D(10), OrderType.LMT, D("100.00")))
    filled = engine.execute(PlaceOrder("U1", "KO", Action.BUY, D(10), OrderType.LMT, D("1.00")))
    engine.execute(ForceExecution(filled.events[0].order_id, D(10), D("1.00")))
    before = digest(engine)
    store.close()
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT seq, command, events FROM journal").fetchall()
        old = [(_without_api_fields(command), _without_api_fields(events), seq) for seq, command, events in rows]
        assert sum('"api_client_id"' in command + events for _, command, events in rows) > 0
        db.executemany("UPDATE journal SET command = ?, events = ? WHERE seq = ?", old)
        db.execute("DELETE FROM snapshots")  # an older format's snapshot is skipped: the journal is replayed
        history_tables.record_format(db, SNAPSHOT_FORMAT - 1)
    db.close()

    # Act
    reopened, store = open_demo(path)

    # Assert
    with store:
        assert digest(reopened) == before
        assert set(_ids(reopened).values()) == {(None, None)}


def _without_api_fields(text: str) -> str:
    def strip(value):
        if isinstance(value, dict):
            return {key: strip(item) for key, item in value.items() if key not in API_FIELDS}
        if isinstance(value, list):
            return [strip(item) for item in value]
        return value

    return json.dumps(strip(json.loads(text)), sort_keys=True, separators=(",", ":"))
