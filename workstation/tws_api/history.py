"""reqHistoricalData from the engine's price bars: bar sizes, durations and end times read as IB reads them.

The engine keeps five-minute bars (``workstation.engine.market.bars``): generated history, then the
market as recorded. IB's bar sizes of five minutes and more are served by adding those bars up
(buckets aligned on the exchange clock; "1 day" per session date, labelled "yyyymmdd"); finer sizes
and weeks or months are valid IB sizes the engine has no bars for, anything else is not a bar size:
both are answered 162 with IB's "Historical Market Data Service error message:" and the reason, as is
any other setting the request gets wrong. IB answers some of those 321, but ib_async counts 321 among
its warnings (wrapper.py ``error``) and would wait out its 60 s timeout instead of ending the request.
A duration of N days ("N D") is the last N sessions that have bars; seconds, weeks, months and
years are spans of time before the end. whatToShow TRADES carries the volume; MIDPOINT, BID, ASK
and ADJUSTED_LAST are the same price series (the engine keeps one) with volume -1, as IB sends for
quotes. WAP is the bar's typical price (high + low + close) / 3 and barCount
the number of five-minute bars added up. keepUpToDate is answered with the bars so far; updates
are not streamed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np

from workstation.engine.market.calendar import EASTERN, ExchangeCalendar
from workstation.tws_api.model import BarData

FIVE_MINUTES = 300
ZONE_NAME = "US/Eastern"
HISTORY_ERROR = 162  # IB "Historical Market Data Service error message"

BAR_SIZES = {"5 mins": 300, "10 mins": 600, "15 mins": 900, "20 mins": 1200, "30 mins": 1800, "1 hour": 3600,
             "2 hours": 7200, "3 hours": 10800, "4 hours": 14400, "8 hours": 28800, "1 day": 86400}
"""IB's bar sizes the engine's five-minute bars add up to."""

FINER_OR_LONGER = {"1 secs", "5 secs", "10 secs", "15 secs", "30 secs", "1 min", "2 mins", "3 mins", "1 week",
                   "1 month"}
"""IB's other bar sizes: valid, but the engine has no bars for them."""

_HMDS = "Historical Market Data Service error message:"
SHOWN = {"TRADES", "MIDPOINT", "BID", "ASK", "ADJUSTED_LAST"}
_DURATION = re.compile(r"^\s*(\d+)\s+([SDWMY])\s*$")
_SPAN_SECONDS = {"S": 1, "W": 7 * 86400, "M": 30 * 86400, "Y": 365 * 86400}


class HistoryRefused(ValueError):
    """A request IB would refuse: the code and text of its error."""

    def __init__(self, code: int, text: str) -> None:
        super().__init__(text)
        self.code = code
        self.text = text


@dataclass(frozen=True)
class HistoryRequest:
    """The request's settings, checked (``HistoryRequest.read`` raises HistoryRefused)."""

    bar_seconds: int
    daily: bool
    count: int
    unit: str
    end: datetime
    use_rth: bool
    trades: bool
    epoch_dates: bool

    @classmethod
    def read(cls, bar_size: str, duration: str, end_date_time: str, use_rth: int | None, what_to_show: str,
             format_date: int | None, now: datetime) -> HistoryRequest:
        size = " ".join(bar_size.split())
        if size in FINER_OR_LONGER:
            raise HistoryRefused(HISTORY_ERROR, f"{_HMDS}No data of bar size "
                                                f"'{size}': the market keeps bars of 5 mins, served at 5 mins to 1 day")
        if size not in BAR_SIZES:
            raise HistoryRefused(HISTORY_ERROR, f"{_HMDS}Historical data bar size setting '{bar_size}' is invalid")
        matched = _DURATION.match(duration)
        if matched is None or int(matched.group(1)) <= 0:
            raise HistoryRefused(HISTORY_ERROR, f"{_HMDS}Historical data duration '{duration}' is invalid "
                                                f"(expected 'N S', 'N D', 'N W', 'N M' or 'N Y')")
        shown = what_to_show.upper()
        if shown not in SHOWN:
            raise HistoryRefused(HISTORY_ERROR, f"{_HMDS}whatToShow '{what_to_show}' is not served "
                                                f"(TRADES, MIDPOINT, BID, ASK, ADJUSTED_LAST)")
        return cls(bar_seconds=BAR_SIZES[size], daily=size == "1 day", count=int(matched.group(1)),
                   unit=matched.group(2), end=_end_time(end_date_time, now), use_rth=bool(use_rth),
                   trades=shown == "TRADES", epoch_dates=format_date == 2)


def _end_time(text: str, now: datetime) -> datetime:
    """endDateTime: empty for now; "yyyymmdd hh:mm:ss [zone]" (no zone: the exchange's) or
    "yyyymmdd-hh:mm:ss" (UTC), as IB reads it."""
    text = text.strip()
    if not text:
        return now
    try:
        if "-" in text[:9]:
            return datetime.strptime(text[:17], "%Y%m%d-%H:%M:%S").replace(tzinfo=UTC)
        parts = text.split(" ", 2)
        zone = ZoneInfo(parts[2]) if len(parts) == 3 else EASTERN
        return datetime.strptime(" ".join(parts[:2]), "%Y%m%d %H:%M:%S").replace(tzinfo=zone)
    except (ValueError, ZoneInfoNotFoundError) as error:
        raise HistoryRefused(HISTORY_ERROR, f"{_HMDS}endDateTime '{text}' is invalid "
                                            f"(expected 'yyyymmdd hh:mm:ss [zone]' or 'yyyymmdd-hh:mm:ss')") from error


@dataclass(frozen=True)
class Bars:
    """A copy of the engine's five-minute bars, taken on the engine's thread."""

    time: np.ndarray
    open: np.ndarray
    high: np.ndarray
    low: np.ndarray
    close: np.ndarray
    volume: np.ndarray


def history(bars: Bars, request: HistoryRequest, calendar: ExchangeCalendar) -> tuple[str, str, list[BarData]]:
    """The period's start and end texts and the bars of ``request``, oldest first."""
    end = request.end.timestamp()
    keep = bars.time < end
    days = np.array([_day_of(t) for t in bars.time], dtype=object) if len(bars.time) else np.array([], dtype=object)
    if request.use_rth:
        keep &= np.array([_in_session(calendar, float(t), day) for t, day in zip(bars.time, days, strict=True)],
                         dtype=bool) if len(bars.time) else keep
    if request.unit == "D":
        sessions = sorted({day for day in days[keep]})[-request.count:]
        keep &= np.isin(days, sessions) if sessions else False
        start = (datetime.combine(sessions[0], datetime.min.time(), EASTERN).timestamp() if sessions else end)
    else:
        start = end - request.count * _SPAN_SECONDS[request.unit]
        keep &= bars.time >= start
    index = np.flatnonzero(keep)
    rows = _daily(bars, index, days) if request.daily else _buckets(bars, index, request.bar_seconds)
    out = [_bar(bars, group, request) for group in rows]
    return _label(start, request.epoch_dates), _label(end, request.epoch_dates), out


def _day_of(moment: float) -> object:
    return datetime.fromtimestamp(float(moment), EASTERN).date()


def _in_session(calendar: ExchangeCalendar, moment: float, day: object) -> bool:
    session = calendar.session_on(day)  # type: ignore[arg-type]
    return session is not None and session.open.timestamp() <= moment < session.close.timestamp()


def _buckets(bars: Bars, index: np.ndarray, seconds: int) -> list[np.ndarray]:
    """Consecutive five-minute bars falling in the same slot of ``seconds`` on the exchange clock."""
    if seconds == FIVE_MINUTES or not len(index):
        return [index[i:i + 1] for i in range(len(index))]
    offsets = np.array([datetime.fromtimestamp(float(t), EASTERN).utcoffset().total_seconds()  # type: ignore[union-attr]
                        for t in bars.time[index]])
    slots = np.floor((bars.time[index] + offsets) / seconds)
    cuts = np.flatnonzero(np.diff(slots)) + 1
    return np.split(index, cuts)


def _daily(bars: Bars, index: np.ndarray, days: np.ndarray) -> list[np.ndarray]:
    if not len(index):
        return []
    chosen = days[index]
    cuts = [i for i in range(1, len(chosen)) if chosen[i] != chosen[i - 1]]
    return np.split(index, cuts)


def _bar(bars: Bars, group: np.ndarray, request: HistoryRequest) -> BarData:
    first = float(bars.time[group[0]])
    high, low, close = float(bars.high[group].max()), float(bars.low[group].min()), float(bars.close[group[-1]])
    if request.daily:
        date = datetime.fromtimestamp(first, EASTERN).strftime("%Y%m%d")
    else:
        date = _label(first, request.epoch_dates)
    volume = float(bars.volume[group].sum()) if request.trades else -1
    return BarData(date=date, open=float(bars.open[group[0]]), high=high, low=low, close=close,
                   volume=volume, wap=round((high + low + close) / 3, 6), bar_count=len(group))


def _label(moment: float, epoch: bool) -> str:
    if epoch:
        return str(int(moment))
    return datetime.fromtimestamp(moment, EASTERN).strftime("%Y%m%d %H:%M:%S ") + ZONE_NAME



def head_timestamp(bars: Bars, calendar: ExchangeCalendar, use_rth: bool, epoch: bool) -> str | None:
    """reqHeadTimeStamp's answer: the start of the earliest bar (inside a regular session with ``use_rth``),
    labelled as historical bars are; None when there is no such bar."""
    for moment in bars.time:
        if not use_rth or _in_session(calendar, float(moment), _day_of(moment)):
            return _label(float(moment), epoch)
    return None
