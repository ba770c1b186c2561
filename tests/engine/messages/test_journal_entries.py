"""What the journal keeps of a command's events: each ``AllocationBooked`` in place of the bookings
published before it, whatever else is interleaved, as keeping them in order and dropping the
bookings on reaching each ``AllocationBooked`` would."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from workstation.engine.messages.events import (
    AccountValuesChanged,
    AllocationBooked,
    CashBooked,
    Event,
    PositionChanged,
)
from workstation.engine.messages.journal import journal_entries

NOW = datetime(2026, 12, 7, 15, tzinfo=UTC)


def _kept_in_order(events: list[Event]) -> list[Event]:
    kept: list[Event] = []
    for event in events:
        if not event.journaled:
            continue
        if type(event) is AllocationBooked and event.bookings:
            del kept[len(kept) - event.bookings:]
        kept.append(event)
    return kept


def _cash(n: int) -> CashBooked:
    return CashBooked(f"C{n}", "USD", Decimal(-n), Decimal(n), "BUY 1 KO @ 1", NOW)


def _transient(n: int) -> AccountValuesChanged:
    return AccountValuesChanged((f"C{n}",), NOW)


@st.composite
def _commands(draw: st.DrawFn) -> list[Event]:
    events: list[Event] = []
    for n in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["cash", "transient", "allocation"]))
        if kind == "cash":
            events.append(_cash(n))
        elif kind == "transient":
            events.append(_transient(n))
        else:
            bookings = draw(st.integers(0, len(_kept_in_order(events))))
            for i in range(draw(st.integers(0, 3))):
                events.append(PositionChanged(f"C{n}{i}", "KO", Decimal(i), Decimal(1), Decimal(0)))
                bookings += 1
            events.append(AllocationBooked(f"E{n}", n, (), (), (), (), bookings))
    return events


@given(_commands())
def test_the_journal_keeps_what_dropping_each_allocations_bookings_in_order_keeps(events: list[Event]) -> None:
    assert journal_entries(events) == _kept_in_order(events)


def test_an_advisor_executions_bookings_give_way_to_its_allocation_booked() -> None:
    # Arrange
    placed, transient = _cash(0), _transient(0)
    bookings = [_cash(i) for i in range(1, 4)]
    booked = AllocationBooked("E1", 1, ("C1", "C2", "C3"), (), (), (), len(bookings))

    # Act
    kept = journal_entries([placed, transient, *bookings, booked, transient])

    # Assert
    assert kept == [placed, booked]
