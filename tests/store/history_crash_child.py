"""Child process of the history crash test: journals commands that each write history rows, until killed.

Each command writes a batch of executions and audited events through the store's History and
journals the same executions as its events, so the journal says which rows each entry wrote. It
prints an entry's seq once ``record`` returned (committed). Usage: ``python history_crash_child.py PATH
[SEQ]``: with SEQ, the process kills itself inside the record of entry SEQ, after its history rows
were written and before the transaction commits.
"""

from __future__ import annotations

import os
import signal
import sys
from datetime import datetime, timedelta
from decimal import Decimal

from workstation.engine.core.terms import AccountType, Action, OrderType, TimeInForce
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import AdvanceClock, OpenAccount
from workstation.engine.messages.events import ExecutionReported, OrderPlaced
from workstation.resources import demo_universe_spec
from workstation.store import open_engine
from workstation.store.history_tables import SqliteHistory

START = datetime(2026, 3, 2, 9, 31, tzinfo=EASTERN)
OPENING = (OpenAccount("U1", AccountType.MARGIN, cash=(("USD", Decimal("10000000")),)),)
# Enough rows per command that a kill often lands inside the transaction that writes them.
ROWS_PER_COMMAND = 40


def die_inside_record(seq: int) -> None:
    write = SqliteHistory.write

    def write_then_die(self: SqliteHistory, written_seq: int) -> None:
        write(self, written_seq)
        if written_seq == seq:
            os.kill(os.getpid(), signal.SIGKILL)

    SqliteHistory.write = write_then_die  # type: ignore[method-assign]


def main(path: str, die_at: str | None = None) -> None:
    if die_at is not None:
        die_inside_record(int(die_at))
    engine, store = open_engine(path, universe_spec=demo_universe_spec(), seed=11, start=START,
                                initial_commands=OPENING, snapshot_every=0)
    history = store.history
    print("ready", flush=True)
    now = engine.now
    while True:
        now += timedelta(seconds=1)
        seq = store.journal_length() + 1
        executions = [ExecutionReported(f"S{seq}-{n}", seq, "U1", "AAPL", Action.BUY, Decimal(1), Decimal("100"),
                                        now, Decimal("1"), "USD", Decimal(0)) for n in range(ROWS_PER_COMMAND)]
        for execution in executions:
            history.add_execution(execution)
        history.add_audit([OrderPlaced(seq, "U1", "AAPL", Action.BUY, Decimal(1), OrderType.MKT, None, None,
                                       TimeInForce.DAY, False, "", now) for _ in range(ROWS_PER_COMMAND)])
        store.record(AdvanceClock(now), executions)
        print(seq, flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:3])
