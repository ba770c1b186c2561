"""Kill -9 loses nothing published: every fill a subscriber heard of is in the file after a SIGKILL."""

from __future__ import annotations

import os
import queue
import signal
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
from workstation.resources import demo_universe_spec
from workstation.store import open_engine

CHILD = Path(__file__).with_name("crash_child.py")
REPO_ROOT = Path(__file__).resolve().parents[2]
FILLS_BEFORE_KILL = 200
READ_TIMEOUT_S = 120.0
OPENING_CASH = Decimal("10000000")   # as in crash_child.py


def _pump(stream: IO[str], lines: queue.Queue[str | None]) -> None:
    """Forward the child's stdout line by line; None marks its end."""
    for line in stream:
        lines.put(line.strip())
    lines.put(None)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
def test_sigkill_loses_no_published_fill(tmp_path: Path) -> None:
    # Arrange: a child trading into the file, announcing each fill after it was published
    path = tmp_path / "crash.db"
    stderr_path = tmp_path / "child.stderr"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")]))}
    with stderr_path.open("w") as stderr:
        child = subprocess.Popen([sys.executable, str(CHILD), str(path)], stdout=subprocess.PIPE, stderr=stderr,
                                 text=True, env=env, cwd=REPO_ROOT)
    lines: queue.Queue[str | None] = queue.Queue()
    threading.Thread(target=_pump, args=(child.stdout, lines), daemon=True).start()
    printed: list[int] = []
    deadline = time.monotonic() + READ_TIMEOUT_S

    # Act: read until enough fills were announced, then kill the child mid-run
    try:
        while len(printed) < FILLS_BEFORE_KILL:
            remaining = deadline - time.monotonic()
            try:
                line = lines.get(timeout=max(remaining, 0.0))
            except queue.Empty:
                pytest.fail(f"the child announced {len(printed)} fills in {READ_TIMEOUT_S:.0f} s; "
                            f"stderr:\n{stderr_path.read_text()}")
            if line is None:
                pytest.fail(f"the child exited (code {child.wait()}) after {len(printed)} fills; "
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
