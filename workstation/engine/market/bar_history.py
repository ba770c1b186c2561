"""Synthetic price history: the bars before the engine started, generated, not recorded.

The simulated market has no past, yet a chart that starts empty is useless. So when a symbol's
bars are first read, the sessions before the moment it was first followed (the anchor) are made
up, deterministically from the engine's seed and the symbol, and end exactly at the anchor's
price, so the recorded bars continue them without a jump. Charts label these bars as history;
nothing else in the engine reads them.

- Slots: the five-minute slots of the last ``HISTORY_SESSIONS`` regular sessions (early closes
  respected) and of the anchor's own session up to the anchor.
- Stocks, ETFs, indices, futures, funds, FX: a lognormal walk at the instrument's volatility (the
  one the simulator walks with), with an overnight gap at each open, built backwards from the
  anchor's price. When the anchor falls inside a session, that morning's gap is chosen so the
  previous session closes at the quote's prior Close, so the chart agrees with the Change column.
- Options: the underlying's bars repriced (Black-Scholes, Black-76 for futures options) at the
  option's implied volatility and its time to expiry at each bar; the last close is the option's
  price at the anchor.
- Volume: heavier at the open and the close (a U-shaped day), with seeded noise. The anchor's
  session so far adds up to the quote's day volume; a whole session to a day's volume estimated
  from it (or, before anything traded, from ``typical_volume`` or ``DEFAULT_DAILY_VOLUME``).
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta

import numpy as np

from workstation.engine.core.instruments import Instrument, SecType
from workstation.engine.market.calendar import EASTERN, ExchangeCalendar, Session
from workstation.engine.market.pricing import black_76, black_scholes
from workstation.engine.market.simulator import RISK_FREE_RATE, TRADING_SECONDS_PER_YEAR

BAR_SECONDS = 300
"""Five-minute bars."""
HISTORY_SESSIONS = 5
"""Whole sessions of generated history before the anchor's own: one trading week."""
TIME, OPEN, HIGH, LOW, CLOSE, VOLUME = range(6)
FIELDS = 6
"""Columns of a block of bars: start (POSIX seconds), open, high, low, close, volume."""

DEFAULT_DAILY_VOLUME: dict[SecType, float] = {
    SecType.STK: 30e6, SecType.FUT: 100e3, SecType.CASH: 1e9, SecType.OPT: 5e3, SecType.FOP: 1e3,
    SecType.IND: 0.0, SecType.FUND: 0.0,
}
"""A day's volume, roughly what the simulated market prints, when nothing better is known."""
OVERNIGHT_GAP = 0.35
"""An overnight gap's standard deviation, as a fraction of a whole day's."""
_WICK = 0.6          # a wick's typical length, in standard deviations of a bar's return
_VOLUME_NOISE = 0.35  # lognormal sigma of one bar's volume around the day's profile
_DAY_NOISE = 0.25     # lognormal sigma of one session's volume around the estimate
_SETTLED_ESTIMATE = 900.0  # seconds of trading before the day volume is trusted as a rate
_EXPIRY_TIME = time(16, 0)
_HISTORY_STREAM = 11  # keeps this generator's draws apart from the simulator's
_REGULAR_SECONDS = 6.5 * 3600
_OPEN_SECONDS = 9.5 * 3600


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a symbol's recorded bars begin: the engine's time and the quote then."""

    time: datetime
    price: float
    day_volume: float
    prior_close: float


@dataclass(frozen=True, slots=True)
class _Slots:
    """Bar slots of the history, oldest first."""

    start: np.ndarray     # POSIX seconds
    session: np.ndarray   # index of the slot's session, 0 = oldest
    position: np.ndarray  # where in its session the slot lies, 0 (open) .. 1 (close)
    today: np.ndarray     # the slot belongs to the anchor's own session
    session_seconds: float  # the anchor's session's length (for the volume rate)


class HistoryMaker:
    """Generates the bars before an anchor, for one engine (its calendar, seed and volatilities)."""

    def __init__(self, calendar: ExchangeCalendar, seed: int, vols: Mapping[str, float],
                 implied_vol: Callable[[str], float], sessions: int = HISTORY_SESSIONS) -> None:
        self._calendar = calendar
        self._seed = seed
        self._vols = vols
        self._implied_vol = implied_vol
        self._sessions = sessions

    def primary(self, instrument: Instrument, anchor: Anchor) -> np.ndarray:
        """History of a stock, ETF, index, future, fund or FX pair, ending at the anchor's price."""
        slots = self._slots(anchor.time)
        n = slots.start.size
        if n == 0:
            return np.empty((0, FIELDS))
        rng = self._rng(instrument.symbol)
        vol = self._vols.get(instrument.symbol, 0.2)
        sigma = vol * math.sqrt(BAR_SECONDS / TRADING_SECONDS_PER_YEAR)
        gap_sigma = OVERNIGHT_GAP * vol * math.sqrt(1 / 252)
        opens_session = np.r_[False, slots.session[1:] != slots.session[:-1]]
        intrabar = rng.standard_normal(n) * sigma                    # log return, open to close
        gap = rng.standard_normal(n) * gap_sigma * opens_session      # log return, prior close to open
        step = intrabar + gap                                         # close to close
        after = np.r_[np.cumsum(step[::-1])[::-1][1:], 0.0]           # sum of the steps after each bar
        log_close = math.log(anchor.price) - after
        log_open = log_close - intrabar
        prior = n - int(slots.today.sum()) - 1                        # the previous session's last bar
        if slots.today.any() and prior >= 0 and anchor.prior_close > 0:
            shift = math.log(anchor.prior_close) - log_close[prior]   # the morning gap absorbs it
            log_close[:prior + 1] += shift
            log_open[:prior + 1] += shift
        wicks = np.abs(rng.standard_normal((2, n))) * sigma * _WICK
        open_, close = np.exp(log_open), np.exp(log_close)
        high = np.maximum(open_, close) * np.exp(wicks[0])
        low = np.minimum(open_, close) * np.exp(-wicks[1])
        daily = self._daily_volume(instrument, anchor, slots)
        volume = _volumes(rng, slots, daily, anchor.day_volume)
        bars = _on_tick(slots.start, open_, high, low, close, volume, float(instrument.tick_size))
        bars[-1, CLOSE] = anchor.price
        return bars

    def option(self, instrument: Instrument, anchor: Anchor, times: np.ndarray, opens: np.ndarray,
               highs: np.ndarray, lows: np.ndarray, closes: np.ndarray) -> np.ndarray:
        """History of an option: its underlying's bars before the anchor, repriced."""
        before = times < anchor.time.timestamp() - anchor.time.timestamp() % BAR_SECONDS
        times, opens, highs, lows, closes = (a[before] for a in (times, opens, highs, lows, closes))
        n = times.size
        if n == 0:
            return np.empty((0, FIELDS))
        assert instrument.expiry is not None and instrument.strike is not None and instrument.right is not None
        expiry = datetime.combine(instrument.expiry, _EXPIRY_TIME, EASTERN).timestamp()
        strike, call = float(instrument.strike), instrument.right.value == "C"
        iv = self._implied_vol(instrument.symbol)
        price = black_76 if instrument.sec_type is SecType.FOP else black_scholes

        def value(spot: np.ndarray, moment: np.ndarray) -> np.ndarray:
            years = np.maximum(expiry - moment, 0.0) / (365.0 * 86400.0)
            return price(spot, strike, years, iv, RISK_FREE_RATE, call)

        open_ = value(opens, times)
        close = value(closes, times + BAR_SECONDS)
        up, down = (highs, lows) if call else (lows, highs)  # a call is worth most at the high, a put at the low
        high = np.maximum(value(up, times), np.maximum(open_, close))
        low = np.minimum(value(down, times + BAR_SECONDS), np.minimum(open_, close))
        offset = (anchor.time.astimezone(EASTERN).utcoffset() or timedelta(0)).total_seconds()
        local = times + offset  # New York wall-clock seconds (at the anchor's offset from UTC)
        _days, sessions = np.unique(local // 86400, return_inverse=True)
        position = np.clip((local % 86400 - _OPEN_SECONDS) / _REGULAR_SECONDS, 0.0, 1.0)
        today = local // 86400 == (anchor.time.timestamp() + offset) // 86400
        slots = _Slots(times, sessions, position, today, _REGULAR_SECONDS)
        rng = self._rng(instrument.symbol)
        volume = _volumes(rng, slots, self._daily_volume(instrument, anchor, slots), anchor.day_volume)
        bars = _on_tick(times, open_, high, low, close, volume, float(instrument.tick_size), floor=0.0)
        bars[-1, CLOSE] = anchor.price
        bars[-1, HIGH] = max(bars[-1, HIGH], anchor.price)
        bars[-1, LOW] = min(bars[-1, LOW], anchor.price)
        return bars

    # -- internals ------------------------------------------------------------------------------

    def _rng(self, symbol: str) -> np.random.Generator:
        return np.random.default_rng([self._seed, zlib.crc32(symbol.encode()), _HISTORY_STREAM])

    def _slots(self, anchor: datetime) -> _Slots:
        """The slots of the last sessions and of the anchor's session before the anchor's slot."""
        sessions: list[Session] = []
        moment = anchor
        while len(sessions) < self._sessions + 1:
            opened = self._calendar.latest_open(moment)
            if opened is None:
                break
            session = self._calendar.session_on(opened.astimezone(EASTERN).date())
            assert session is not None
            sessions.append(session)
            moment = opened - timedelta(seconds=1)
        sessions.reverse()
        anchor_ts = anchor.timestamp()
        in_session = bool(sessions) and sessions[-1].close > anchor
        if not in_session:
            sessions = sessions[1:]  # the anchor's session is over: the last few whole sessions only
        limit = anchor_ts - anchor_ts % BAR_SECONDS
        starts, owners, positions, today = [], [], [], []
        for index, session in enumerate(sessions):
            opened, closed = session.open.timestamp(), session.close.timestamp()
            slot = np.arange(opened, min(closed, limit if index == len(sessions) - 1 else closed), BAR_SECONDS)
            starts.append(slot)
            owners.append(np.full(slot.size, index))
            positions.append((slot - opened) / (closed - opened))
            today.append(np.full(slot.size, in_session and index == len(sessions) - 1))
        length = (sessions[-1].close - sessions[-1].open).total_seconds() if sessions else _REGULAR_SECONDS
        if not starts:
            empty = np.empty(0)
            return _Slots(empty, empty.astype(np.int64), empty, empty.astype(bool), length)
        return _Slots(np.concatenate(starts), np.concatenate(owners), np.concatenate(positions),
                      np.concatenate(today), length)

    def _daily_volume(self, instrument: Instrument, anchor: Anchor, slots: _Slots) -> float:
        """A whole session's volume: today's pace if it has traded a while, else a typical day."""
        elapsed = float(slots.today.sum()) * BAR_SECONDS
        if anchor.day_volume > 0 and elapsed >= _SETTLED_ESTIMATE:
            return anchor.day_volume * slots.session_seconds / elapsed
        if instrument.typical_volume:
            return float(instrument.typical_volume)
        return DEFAULT_DAILY_VOLUME[instrument.sec_type]


def _volumes(rng: np.random.Generator, slots: _Slots, daily: float, today_total: float) -> np.ndarray:
    """Each slot's volume: a U-shaped day with noise, whole sessions adding up to about ``daily``
    and the anchor's session so far to exactly ``today_total``."""
    n = slots.start.size
    weights = (1.0 + 1.5 * (2.0 * slots.position - 1.0) ** 2) * rng.lognormal(0.0, _VOLUME_NOISE, n)
    sessions = int(slots.session.max()) + 1 if n else 0
    totals = daily * rng.lognormal(0.0, _DAY_NOISE, sessions)
    sums = np.bincount(slots.session, weights=weights, minlength=sessions)
    volume = weights / sums[slots.session] * totals[slots.session]
    volume = np.floor(volume)
    today = np.flatnonzero(slots.today)
    if today.size:
        share = np.floor(weights[today] / weights[today].sum() * today_total)
        share[-1] += today_total - share.sum()  # whole units that add up exactly
        volume[today] = share
    return volume


def _on_tick(start: np.ndarray, open_: np.ndarray, high: np.ndarray, low: np.ndarray, close: np.ndarray,
             volume: np.ndarray, tick: float, floor: float | None = None) -> np.ndarray:
    """A block of bars with prices on the tick, high and low enclosing open and close."""
    least = tick if floor is None else floor
    rounded = [np.maximum(np.round(a / tick) * tick, least) for a in (open_, high, low, close)]
    o, h, lo, c = rounded
    h = np.maximum(h, np.maximum(o, c))
    lo = np.minimum(lo, np.minimum(o, c))
    return np.column_stack([start, o, h, lo, c, volume])
