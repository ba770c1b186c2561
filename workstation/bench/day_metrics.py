"""What the long-session bench measures per simulated day, and how it prints a day's row: command
latencies, the process's resident memory, the database's size and the garbage collector's pauses."""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar


@dataclass(frozen=True, slots=True)
class Column:
    """A judged column: its title, how it reads a day's figures, and the absolute difference under
    which it counts as level whatever the ratio (timer and allocator noise)."""

    title: str
    read: Callable[[DayFigures], float]
    noise: float


@dataclass(frozen=True, slots=True)
class DayFigures:
    """One simulated day, from its open to the next day's open (the day-end work included)."""

    day: int
    commands: int
    p50_ms: float
    p99_ms: float
    stall_ms: float        # the slowest command of the day, snapshots included
    rss_mb: float          # resident memory at the day's end, after gc.collect()
    database_mb: float     # the database file and its write-ahead log at the day's end
    database_growth_mb: float
    gc_ms: float           # time inside the collector during the day
    gc_pause_ms: float     # the longest single collection of the day

    HEADINGS: ClassVar[tuple[str, ...]] = ("day", "commands", "p50 ms", "p99 ms", "stall ms", "RSS MB", "DB MB",
                                           "DB +MB", "GC ms", "GC max ms")
    JUDGED: ClassVar[tuple[Column, ...]] = (
        Column("command p50 ms", lambda d: d.p50_ms, 0.05),
        # Timings on a shared machine swing by a third from run to run: the floors keep that from reading as growth.
        Column("command p99 ms", lambda d: d.p99_ms, 5.0),
        Column("longest stall ms", lambda d: d.stall_ms, 50.0),
        Column("RSS MB", lambda d: d.rss_mb, 2.0),
        Column("DB growth MB/day", lambda d: d.database_growth_mb, 0.5),
        Column("GC time ms/day", lambda d: d.gc_ms, 50.0),
        # A frame at 60 Hz: a shorter pause is not one anyone sees, and a busy machine preempts a process
        # for about 8 ms now and then, inside a collection too.
        Column("longest GC pause ms", lambda d: d.gc_pause_ms, 16.0),
    )

    def cells(self) -> tuple[str, ...]:
        return (str(self.day), f"{self.commands:,}", f"{self.p50_ms:.3f}", f"{self.p99_ms:.2f}",
                f"{self.stall_ms:.1f}", f"{self.rss_mb:.1f}", f"{self.database_mb:.1f}",
                f"{self.database_growth_mb:+.1f}", f"{self.gc_ms:.1f}", f"{self.gc_pause_ms:.1f}")

    @classmethod
    def table(cls, rows: list[DayFigures]) -> list[str]:
        widths = [max(len(heading), *(len(row.cells()[i]) for row in rows)) for i, heading in enumerate(cls.HEADINGS)]
        return ["  ".join(text.rjust(width) for text, width in zip(cells, widths, strict=True))
                for cells in (cls.HEADINGS, *(row.cells() for row in rows))]


class GcWatch:
    """Times every collection through ``gc.callbacks``: the total and the longest since :meth:`reset`."""

    def __init__(self) -> None:
        self.total_ms = 0.0
        self.longest_ms = 0.0
        self._started = 0.0
        self._counting = True

    def reset(self) -> None:
        self.total_ms = self.longest_ms = 0.0

    def _on_gc(self, phase: str, _info: dict[str, Any]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        elif self._counting:
            pause = (time.perf_counter() - self._started) * 1000
            self.total_ms += pause
            self.longest_ms = max(self.longest_ms, pause)

    @contextmanager
    def installed(self) -> Iterator[GcWatch]:
        gc.callbacks.append(self._on_gc)
        try:
            yield self
        finally:
            gc.callbacks.remove(self._on_gc)

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Collections made by the measurement itself (the gc.collect() before reading RSS) are not counted."""
        self._counting = False
        try:
            yield
        finally:
            self._counting = True


def percentile(ordered: list[float], fraction: float) -> float:
    """The value below which ``fraction`` of the sorted ``ordered`` lie (nearest rank)."""
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def resident_mb() -> float:
    """The process's resident memory now (Linux /proc), else its peak (getrusage), in MB."""
    statm = Path("/proc/self/statm")
    if statm.exists():
        return int(statm.read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    import resource  # noqa: PLC0415 - POSIX only, and only where /proc is missing

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1e6 if os.uname().sysname == "Darwin" else peak / 1e3
