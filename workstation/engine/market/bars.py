"""Price bars (open, high, low, close, volume) per symbol: the read model a chart draws.

Bars are derived, not engine state: the ``Engine`` owns a ``BarBook`` and feeds it the events of
each applied (and each replayed) command; nothing of it is journaled. Every stock, ETF, index,
future, fund and FX pair is followed from the moment the engine is created, so its generated
history (see ``bar_history``) is a function of the seed and the clock alone, never of when a
process started or a chart first looked. The followed series ride along in the engine's snapshot
(``export``/``restore``), so a restart shows the same bars: those of the snapshot, then those of
the commands replayed after it.

- Size: ``BAR_SECONDS``, five minutes of the simulated clock, aligned to the exchange clock
  (09:30, 09:35, ... ET), TWS's usual intraday bar.
- Prices: a symbol is sampled at the end of every command whose ``QuotesUpdated`` names it (or
  names every symbol) and whose price or day volume changed; the first sample in a five-minute
  slot opens a bar, later ones move its high, low and close. A slot without a change has no bar,
  as a slot without trades has none in TWS, and a long clock jump leaves a gap, not flat bars.
- Volume: the increase of the quote's day volume within the bar, i.e. every print the simulated
  market made plus the fills of our own orders (the simulator adds each fill to the day volume),
  which is what a real bar's volume counts. The day volume restarts at the open
  (``SessionOpened``), and so does the baseline the increase is measured from.
- Tracking: a stock, ETF, index, future, fund or FX pair is followed from the engine's creation;
  an option only from the first time its bars are read in a session, since there are thousands
  of them (its history is its underlying's bars repriced, so it follows them).
- Memory: ``BAR_CAP`` bars per symbol; older bars drop off the front. Values are float64 (chart
  data, like the risk analytics), on the instrument's tick as the quote shows them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from workstation.engine.core.instruments import Instrument
from workstation.engine.core.universe import Universe
from workstation.engine.market.bar_history import (
    BAR_SECONDS,
    CLOSE,
    FIELDS,
    HIGH,
    HISTORY_SESSIONS,
    LOW,
    TIME,
    VOLUME,
    Anchor,
    HistoryMaker,
)
from workstation.engine.market.calendar import ExchangeCalendar
from workstation.engine.market.quotes import Quote
from workstation.engine.messages.events import Event, QuotesUpdated, SessionOpened

BAR_CAP = 2_000
"""Bars kept per symbol: about 25 sessions of five-minute bars (120 KB of float64 with the ring's slack)."""

QuoteOf = Callable[[str], Quote]


@dataclass(frozen=True, slots=True, eq=False)
class PriceBars:
    """A symbol's bars, oldest first, as read-only float64 columns of equal length.

    ``time`` is each bar's start in POSIX seconds. Bar ``i`` is number ``first_number + i`` of
    the series: numbers never change as old bars drop off, so a chart can use them as its x axis.
    The first ``synthetic`` bars are generated history; the rest were recorded from the market,
    the last one still forming while its five minutes last.
    """

    symbol: str
    bar_seconds: int
    first_number: int
    synthetic: int
    time: np.ndarray
    open: np.ndarray
    high: np.ndarray
    low: np.ndarray
    close: np.ndarray
    volume: np.ndarray

    def __len__(self) -> int:
        return int(self.time.size)

    @property
    def numbers(self) -> np.ndarray:
        """Each bar's number in the series (the chart's x)."""
        return np.arange(self.first_number, self.first_number + len(self), dtype=np.float64)

    @property
    def last_number(self) -> int:
        return self.first_number + len(self) - 1


class _BarRing:
    """Completed bars of one symbol, the newest ``cap`` kept, readable as one contiguous block.

    The buffer holds a quarter more than ``cap`` rows; when it fills, the newest rows move to the
    front, so an append is amortised O(1) and a read never copies."""

    def __init__(self, cap: int) -> None:
        self._cap = cap
        self._rows: np.ndarray | None = None  # allocated with the first bar
        self._end = 0
        self.appended = 0

    def append(self, row: list[float]) -> None:
        if self._rows is None:
            self._rows = np.empty((self._cap + self._cap // 4 + 1, FIELDS))
        if self._end == self._rows.shape[0]:
            keep = self._cap - 1
            self._rows[:keep] = self._rows[self._end - keep:self._end]
            self._end = keep
        self._rows[self._end] = row
        self._end += 1
        self.appended += 1

    def load(self, rows: np.ndarray, appended: int) -> None:
        """Start from ``rows`` (a snapshot's), counted as ``appended`` bars so far."""
        self._rows = np.empty((self._cap + self._cap // 4 + 1, FIELDS))
        kept = rows[-self._cap:]
        self._rows[:len(kept)] = kept
        self._end = len(kept)
        self.appended = appended

    def view(self) -> np.ndarray:
        if self._rows is None:
            return np.empty((0, FIELDS))
        return self._rows[max(0, self._end - self._cap):self._end]


class SymbolBars:
    """One symbol's bars: generated history, then completed bars, then the one forming."""

    def __init__(self, symbol: str, anchor: Anchor, cap: int) -> None:
        self.symbol = symbol
        self.anchor = anchor
        self.history: np.ndarray | None = None  # generated on the first read
        self._cap = cap
        self._completed = _BarRing(cap)
        self._forming: list[float] | None = None
        self._price = anchor.price
        self._day_volume = anchor.day_volume

    def export(self) -> tuple:
        """What a snapshot keeps: the anchor and the recorded bars (history is made again)."""
        return (self.anchor, np.array(self._completed.view()), self._completed.appended,
                None if self._forming is None else list(self._forming), self._price, self._day_volume)

    @classmethod
    def restore(cls, symbol: str, data: tuple, cap: int) -> SymbolBars:
        anchor, completed, appended, forming, price, day_volume = data
        series = cls(symbol, anchor, cap)
        series._completed.load(completed, appended)
        series._forming, series._price, series._day_volume = forming, price, day_volume
        return series

    def restart_day(self) -> None:
        """The session opened: the day volume counts from zero again."""
        self._day_volume = 0.0

    def sample(self, moment: float, price: float, day_volume: float) -> None:
        """The market at ``moment`` (POSIX seconds): extend the forming bar or open a new one."""
        if price == self._price and day_volume == self._day_volume:
            return
        traded = day_volume - self._day_volume if day_volume >= self._day_volume else day_volume
        self._price, self._day_volume = price, day_volume
        start = moment - moment % BAR_SECONDS
        bar = self._forming
        if bar is not None and bar[TIME] == start:
            bar[HIGH] = max(bar[HIGH], price)
            bar[LOW] = min(bar[LOW], price)
            bar[CLOSE] = price
            bar[VOLUME] += traded
            return
        if bar is not None:
            self._completed.append(bar)
        self._forming = [start, price, price, price, price, traded]

    def view(self) -> PriceBars:
        history = self.history if self.history is not None else np.empty((0, FIELDS))
        recorded = self._completed.view()
        blocks = [history, recorded]
        if self._forming is not None:
            blocks.append(np.array([self._forming]))
        rows = np.concatenate(blocks)[-self._cap:]
        total = history.shape[0] + self._completed.appended + (self._forming is not None)
        synthetic = max(0, history.shape[0] - (total - rows.shape[0]))
        columns = [np.array(rows[:, field]) for field in range(FIELDS)]
        for column in columns:
            column.flags.writeable = False
        return PriceBars(self.symbol, BAR_SECONDS, total - rows.shape[0], synthetic, *columns)


class BarBook:
    """Every followed symbol's bars, fed by the engine with the events of each applied command."""

    def __init__(self, universe: Universe, calendar: ExchangeCalendar, seed: int, quote_of: QuoteOf,
                 implied_vol: Callable[[str], float], now: Callable[[], datetime], cap: int = BAR_CAP,
                 history_sessions: int = HISTORY_SESSIONS) -> None:
        if cap < 1:
            raise ValueError(f"cap: {cap} must be at least one bar")
        self._catalog = universe.catalog
        self._quote_of = quote_of
        self._now = now
        self._cap = cap
        self._history = HistoryMaker(calendar, seed, {s: float(m.vol) for s, m in universe.seeds.items()},
                                     implied_vol, history_sessions)
        self._primaries = [i.symbol for i in universe.catalog if not i.is_option]
        self._primary_set = frozenset(self._primaries)
        self._series: dict[str, SymbolBars] = {}
        for symbol in self._primaries:  # anchored at the engine's creation: history depends on the clock only
            self._track(symbol)

    def export(self) -> dict[str, tuple]:
        """The followed stocks, futures, FX, ... for a snapshot (options are followed again when read)."""
        return {symbol: self._series[symbol].export() for symbol in self._primaries if symbol in self._series}

    def restore(self, data: dict[str, tuple]) -> None:
        """Take the series of a snapshot (made by ``export``) in place of those started afresh."""
        for symbol, series in data.items():
            if symbol in self._primary_set:
                self._series[symbol] = SymbolBars.restore(symbol, series, self._cap)

    def follow(self, events: Iterable[Event]) -> None:
        """Sample the symbols whose quotes the events say moved, once, at the engine's time."""
        named: set[str] | None = set()
        moved = False
        for event in events:
            if type(event) is SessionOpened:
                for series in self._series.values():
                    series.restart_day()
            elif type(event) is QuotesUpdated:
                moved = True
                if not event.symbols:
                    named = None
                elif named is not None:
                    named.update(event.symbols)
        if not moved:
            return
        symbols = list(dict.fromkeys([*self._primaries, *self._series])) if named is None else named
        moment = self._now().timestamp()
        for symbol in symbols:
            series = self._series.get(symbol)
            if series is None:
                if symbol in self._primary_set:
                    self._track(symbol)
                continue
            quote = self._quote_of(symbol)
            series.sample(moment, float(quote.last), float(quote.volume))

    def bars(self, symbol: str) -> PriceBars:
        """``symbol``'s bars, history first; following starts here if it had not yet."""
        instrument = self._catalog[symbol]
        series = self._series.get(symbol) or self._track(symbol)
        if series.history is None:
            series.history = self._make_history(instrument, series.anchor)
        return series.view()

    def _track(self, symbol: str) -> SymbolBars:
        quote = self._quote_of(symbol)
        anchor = Anchor(self._now(), float(quote.last), float(quote.volume), float(quote.close))
        series = self._series[symbol] = SymbolBars(symbol, anchor, self._cap)
        return series

    def _make_history(self, instrument: Instrument, anchor: Anchor) -> np.ndarray:
        if not instrument.is_option:
            return self._history.primary(instrument, anchor)
        underlying = self.bars(instrument.underlying or "")
        return self._history.option(instrument, anchor, underlying.time, underlying.open, underlying.high,
                                    underlying.low, underlying.close)
