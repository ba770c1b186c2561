"""The messages room's book: how far along the journal the engine state stands."""

from __future__ import annotations

from typing import Protocol


class JournalBook(Protocol):
    """``commands_applied``: the number of journaled commands the state has applied, so a snapshot
    names the journal position it was taken at and a restart replays only the commands after it."""

    commands_applied: int
