"""Where the engine writes what it applied. The store implements this; the engine only knows the
protocol, so it never touches a database."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from workstation.engine.messages.commands import Command
from workstation.engine.messages.events import AllocationBooked, Event


def journal_entries(events: list[Event]) -> list[Event]:
    """What the journal keeps of a command's events: the journaled ones, each ``AllocationBooked``
    in place of the per-account bookings it stands for (the journaled events published just before it).

    Read from the end, so an advisor execution's thousands of bookings are stepped over at once."""
    kept: list[Event] = []
    index = len(events)
    while index:
        index -= 1
        event = events[index]
        if not event.journaled:
            continue
        kept.append(event)
        if type(event) is AllocationBooked and event.bookings:
            index = _before_bookings(events, index, event.bookings)
    kept.reverse()
    return kept


def _before_bookings(events: list[Event], index: int, bookings: int) -> int:
    """Where the ``bookings`` journaled events before ``events[index]`` begin."""
    start = index - bookings
    kinds = set(map(type, events[start:index])) if start >= 0 else {AllocationBooked}
    if AllocationBooked not in kinds and all(kind.journaled for kind in kinds):
        return start  # they are together, as the booking loop appends them
    while bookings:
        index -= 1
        if events[index].journaled:
            bookings -= 1
            if type(events[index]) is AllocationBooked:
                bookings += events[index].bookings
    return index


class Journal(Protocol):
    def record(self, command: Command, events: Sequence[Event], state_bytes: bytes | None = None) -> None:
        """Durably append an applied command and its journaled events.

        ``state_bytes`` is optional snapshot data to keep beside the entry. Must raise if the entry
        could not be made durable; the engine then halts rather than publish unrecorded events.
        """


class MemoryJournal:
    """Keeps the record in a list: for tests, benches and the headless runner."""

    def __init__(self) -> None:
        self.entries: list[tuple[Command, tuple[Event, ...]]] = []

    def record(self, command: Command, events: Sequence[Event], state_bytes: bytes | None = None) -> None:
        self.entries.append((command, tuple(events)))


class NullJournal:
    """Records nothing: for what-if copies and replays."""

    def record(self, command: Command, events: Sequence[Event], state_bytes: bytes | None = None) -> None:
        return None
