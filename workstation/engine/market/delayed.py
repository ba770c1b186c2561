"""The delayed series: what every quote was 15 minutes of simulated time ago, for logins without a subscription.

IB gives free delayed data for the exchanges a user has not subscribed to (reference §4: "10-15 minute" on
IB's API page, "15-20 minutes" elsewhere; the mock uses 15, ``DELAY``). The engine keeps the moments the
delayed quotes are read from: after each market step (and each forced price) it copies the arrays a quote
is built from. The moments form a ring bounded by time, not by session length: one moment per
``RESOLUTION`` bucket (a later step in the same bucket replaces the earlier one), and only the newest
moment at or before ``now - DELAY`` is kept of the older ones, so it holds at most
``DELAY / RESOLUTION + 2`` moments (62 with the defaults) whatever the session's length.

A delayed quote is the quote of the newest moment at or before ``now - DELAY``; before 15 minutes have
been kept, the oldest moment kept. The series is kept only while some account has delayed data
(``MarketDataDesk`` starts it), so an engine where every login is subscribed pays nothing for it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import deque
from datetime import datetime, timedelta

import numpy as np

from workstation.engine.market.quotes import Quote
from workstation.engine.market.simulator import MarketSimulator

DELAY = timedelta(minutes=15)
RESOLUTION = timedelta(seconds=15)


class DelayedQuotes:
    """The ring of kept market moments and the delayed quotes read from it (cached until the next record)."""

    def __init__(self, delay: timedelta = DELAY, resolution: timedelta = RESOLUTION) -> None:
        self.delay = delay
        self.resolution = resolution
        self.keeping = False
        self._times: deque[datetime] = deque()
        self._moments: deque[tuple[np.ndarray, ...]] = deque()
        self._quotes: dict[str, Quote] = {}
        """the quotes read from ``_shown``, the moment the delayed quotes come from at ``_read_at``"""
        self._read_at: datetime | None = None
        self._shown: tuple[np.ndarray, ...] | None = None

    def __getstate__(self) -> dict:
        kept = {name: getattr(self, name) for name in ("delay", "resolution", "keeping", "_times", "_moments")}
        kept["_quotes"], kept["_read_at"], kept["_shown"] = {}, None, None  # derived
        return kept

    def __setstate__(self, kept: dict) -> None:
        for name, value in kept.items():
            setattr(self, name, value)

    def __len__(self) -> int:
        return len(self._moments)

    def start(self, market: MarketSimulator, now: datetime) -> None:
        """Keep the series from now on (an account has delayed data); the first moment is the market now."""
        if not self.keeping:
            self.keeping = True
            self.record(market, now)

    def record(self, market: MarketSimulator, now: datetime) -> None:
        """Keep the market as it is at ``now`` (after a step); a no-op until the series is started."""
        if not self.keeping:
            return
        moment = tuple(np.array(values, copy=True) for values in market.moment_arrays())
        times, moments = self._times, self._moments
        if times and self._bucket(times[-1]) == self._bucket(now):
            times[-1], moments[-1] = now, moment
        else:
            times.append(now)
            moments.append(moment)
        cutoff = now - self.delay
        while len(times) > 1 and times[1] <= cutoff:
            times.popleft()
            moments.popleft()
        self._read_at = None  # the moment shown is chosen again at the next read

    def quote(self, market: MarketSimulator, symbol: str, now: datetime) -> Quote:
        """``symbol``'s quote ``delay`` ago (the live quote if nothing is kept)."""
        if not self._moments:
            return market.quote(symbol)
        if now != self._read_at:
            shown = self._moments[max(bisect_right(self._times, now - self.delay) - 1, 0)]
            if shown is not self._shown:  # the delayed quotes changed only if the moment shown did
                self._quotes.clear()
                self._shown = shown
            self._read_at = now
        quote = self._quotes.get(symbol)
        if quote is None:
            quote = self._quotes[symbol] = market.quote_at(symbol, self._shown)
        return quote

    def _bucket(self, time: datetime) -> int:
        return int(time.timestamp() // self.resolution.total_seconds())
