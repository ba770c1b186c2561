"""Kill -9 loses nothing published: every fill a subscriber heard of is in the file after a SIGKILL."""

from __future__ import annotations

import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO

import pytest

from workstation.engine.core.terms import Action, OrderStatus
from workstation.engine.messages.events import ExecutionReported
from workstation.resources import demo_universe_spec
from workstation.store import SqliteStore, open_engine

CHILD = Path(__file__).with_name("crash_child.py")
HISTORY_CHILD = Path(__file__).with_name("history_crash_child.py")
REPO_ROOT = Path(__file__).resolve().parents[2]
FILLS_BEFORE_KILL = 200
READ_TIMEOUT_S = 120.0
OPENING_CASH = Decimal("10000000")   # as in crash_child.py


def _pump(stream: IO[str], lines: queue.Queue[str | None]) -> None:
    """Forward the child's stdout line by line; None marks its end."""
    for line in stream:
        lines.put(line.strip())
    lines.put(None)


def _kill_after(child_script: Path, path: Path, tmp_path: Path, wanted: int) -> list[int]:
    """Run ``child_script`` on ``path`` and SIGKILL it once it printed ``wanted`` numbers; returns them."""
    stderr_path = tmp_path / "child.stderr"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")]))}
    with stderr_path.open("w") as stderr:
        child = subprocess.Popen([sys.executable, str(child_script), str(path)], stdout=subprocess.PIPE,
                                 stderr=stderr, text=True, env=env, cwd=REPO_ROOT)
    lines: queue.Queue[str | None] = queue.Queue()
    threading.Thread(target=_pump, args=(child.stdout, lines), daemon=True).start()
    printed: list[int] = []
    deadline = time.monotonic() + READ_TIMEOUT_S
    try:
        while len(printed) < wanted:
            remaining = deadline - time.monotonic()
            try:
                line = lines.get(timeout=max(remaining, 0.0))
            except queue.Empty:
                pytest.fail(f"the child announced {len(printed)} numbers in {READ_TIMEOUT_S:.0f} s; "
                            f"stderr:\n{stderr_path.read_text()}")
            if line is None:
                pytest.fail(f"the child exited (code {child.wait()}) after {len(printed)} numbers; "
                            f"stderr:\n{stderr_path.read_text()}")
            if line.isdigit():
                printed.append(int(line))
        os.kill(child.pid, signal.SIGKILL)
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
        assert child.stdout is not None
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    return printed


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
def test_sigkill_loses_no_published_fill(tmp_path: Path) -> None:
    # Arrange / Act: a child trading into the file, announcing each fill after it was published,
    # killed mid-run
    path = tmp_path / "crash.db"
    printed = _kill_after(CHILD, path, tmp_path, FILLS_BEFORE_KILL)

    # Assert: every announced order is in the reopened file, filled, with its executions
    # (seed and start are ignored: the file's genesis wins)
    engine, store = open_engine(path, universe_spec=demo_universe_spec(), seed=0, start=datetime.now(UTC))
    with store:
        assert len(printed) == len(set(printed)) >= FILLS_BEFORE_KILL
        orders = {order.order_id: order for order in engine.orders()}
        for order_id in printed:
            assert order_id in orders, f"order {order_id} was announced but is not in the file"
            order = orders[order_id]
            executions = engine.executions(order_id)
            assert order.status is OrderStatus.FILLED, f"order {order_id} is {order.status.value}"
            assert executions, f"order {order_id} has no executions"
            assert sum(e.quantity for e in executions) == order.filled == order.total_quantity

        # Cash = opening cash - net cost of every execution - every commission
        everything = engine.executions()
        net_cost = sum(((e.quantity if e.action is Action.BUY else -e.quantity) * e.price for e in everything),
                       Decimal(0))
        commissions = sum((e.commission for e in everything), Decimal(0))
        assert engine.cash("U1") == {"USD": OPENING_CASH - net_cost - commissions}
        # The file may hold more than was printed (committed, killed before publishing), never less.
        assert store.journal_length() >= 1 + len(printed)


def _history_agrees_with_journal(path: Path) -> list[tuple[int, str]]:
    """Assert every entry in ``path`` has its history rows and no row belongs to another; returns
    the journaled (seq, exec id) pairs."""
    with SqliteStore.open(path) as store:
        journaled = [(entry.seq, event.exec_id) for entry in store.entries() for event in entry.events
                     if isinstance(event, ExecutionReported)]
        connection = sqlite3.connect(path)
        try:
            stored = connection.execute("SELECT seq, exec_id FROM executions ORDER BY position").fetchall()
            audited = connection.execute("SELECT seq, count(*) FROM audited_events GROUP BY seq").fetchall()
        finally:
            connection.close()
        assert stored == journaled
        assert audited == [(seq, 40) for seq in sorted({seq for seq, _ in journaled})]
        assert store.history.execution_count() == len(journaled)
    return journaled


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
def test_sigkill_leaves_the_journal_and_the_history_tables_agreeing(tmp_path: Path) -> None:
    # Arrange / Act: a child journaling commands that each write 40 executions and audited events
    path = tmp_path / "history-crash.db"
    printed = _kill_after(HISTORY_CHILD, path, tmp_path, 300)

    # Assert: every committed entry has all its rows, and no row belongs to an entry not committed
    journaled = _history_agrees_with_journal(path)
    assert len(journaled) >= 40 * len(printed) and max(printed) <= journaled[-1][0]


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
def test_a_kill_inside_a_record_keeps_neither_the_entry_nor_its_history_rows(tmp_path: Path) -> None:
    # Arrange: the child kills itself in entry 20's record, its history rows written, not committed
    path = tmp_path / "history-crash.db"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")]))}

    # Act
    child = subprocess.run([sys.executable, str(HISTORY_CHILD), str(path), "20"], capture_output=True, text=True,
                           env=env, cwd=REPO_ROOT, timeout=READ_TIMEOUT_S)

    # Assert
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert child.stdout.split()[-1] == "19"
    journaled = _history_agrees_with_journal(path)
    assert journaled[-1][0] == 19
