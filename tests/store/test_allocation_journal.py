"""An advisor's execution on a database: subscribers hear every account's bookings one by one, the
journal keeps one ``AllocationBooked`` in their place, and reopening the file (replaying commands)
rebuilds the same accounts."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from workstation.engine.api import Accepted, Engine
from workstation.engine.core.terms import AccountType, Action, AllocationMethod, OrderType
from workstation.engine.messages.commands import DefineGroup, ForceExecution, OpenAccount, PlaceOrder, SeedPosition
from workstation.engine.messages.events import AllocationBooked, CashBooked, Event, ExecutionReported, PositionChanged
from workstation.store import codec

CLIENTS = [f"K{i}" for i in range(20)]
DESK = (OpenAccount("FA", AccountType.ADVISOR),
        *(OpenAccount(client, AccountType.MARGIN, cash=(("USD", Decimal(500_000)),), advisor="FA",
                      positions=(SeedPosition("KO", Decimal(30), Decimal("60.00")),) if i % 3 == 0 else ())
          for i, client in enumerate(CLIENTS)),
        DefineGroup("FA", "Desk", AllocationMethod.CONTRACTS_OR_SHARES,
                    tuple((client, Decimal(10 * (i + 1))) for i, client in enumerate(CLIENTS))))


def _sell_ko_in_three(engine: Engine) -> list[Accepted]:
    placed = engine.execute(PlaceOrder("FA", "KO", Action.SELL, Decimal(0), OrderType.LMT, Decimal("999.00"),
                                        fa_group="Desk"))
    assert isinstance(placed, Accepted)
    order_id = placed.events[0].order_id
    results = []
    for size in ("500", "700", "900"):
        result = engine.execute(ForceExecution(order_id, Decimal(size), Decimal("61.25")))
        assert isinstance(result, Accepted)
        results.append(result)
    return results


def test_an_advisor_execution_is_journaled_as_one_entry_while_subscribers_hear_each_account(
        tmp_path: Path, open_demo, digest) -> None:
    # Arrange
    path = tmp_path / "ws.db"
    engine, store = open_demo(path, initial_commands=DESK)
    heard: list[Event] = []
    engine.subscribe(heard.append)

    # Act: a sale that closes the holders' positions first, then opens shorts
    results = _sell_ko_in_three(engine)
    before = digest(engine)
    with store:
        entries = list(store.entries())[-3:]

    # Assert
    for result, entry in zip(results, entries, strict=True):
        bookings = [e for e in result.events if type(e) in (CashBooked, PositionChanged)]
        [booked] = [e for e in entry.events if isinstance(e, AllocationBooked)]
        [execution] = [e for e in entry.events if isinstance(e, ExecutionReported)]
        assert not any(type(e) in (CashBooked, PositionChanged) for e in entry.events)
        assert booked.bookings == len(bookings) > len(booked.accounts) > 1
        assert tuple(zip(booked.accounts, booked.quantities, strict=True)) == execution.allocations
        assert tuple(zip(booked.accounts, booked.commissions, strict=True)) == execution.allocation_commissions
        trades = {e.account_id: e.amount for e in bookings
                  if type(e) is CashBooked and not e.reason.startswith("Commission")}
        assert dict(zip(booked.accounts, booked.cash, strict=True)) == trades
        assert booked.exec_id == execution.exec_id
        assert len(codec.dumps_all(entry.events)) < len(codec.dumps_all([e for e in result.events if e.journaled]))
    assert [e for e in heard if type(e) in (CashBooked, PositionChanged)] == [
        e for result in results for e in result.events if type(e) in (CashBooked, PositionChanged)]

    # Act: reopen, replaying the journal's commands
    store.close()
    reopened, store = open_demo(path, snapshot_every=0)

    # Assert
    with store:
        assert digest(reopened) == before
