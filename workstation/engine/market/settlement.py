"""Settlement dates: the business day on which a trade's cash changes hands.

Cycles (IB publishes no table; decision D1.3 of the issue-17 research note):
- US, Canadian and Mexican stocks, ETFs and options: T+1 (SEC Rule 15c6-1(a) since 28 May 2024; IB
  introducing broker LYNX, https://www.lynxbroker.com/service/trading-and-orders/trading/settlement;
  options and futures options T+1: https://lp.mexem.com/faqs/when-will-my-trades-settle).
- Stocks listed elsewhere (Xetra among them) and their options: T+2 (LYNX, as above).
- Mutual funds: the fund's own cycle, taken as T+1 (decision D1.4; no IB figure found).
- FX spot (IDEALPRO): T+2, USD.CAD T+1 (https://forum.mustachianpost.com/t/ibkr-always-says-i-dont-have-enough-cash-settled-to-make-a-trade-why/3760/6).
- Futures exchange no premium and settle their variation daily: nothing is left unsettled (cycle 0).

Business days are the NYSE's sessions. US securities also skip the days DTC is closed while the NYSE
trades (Columbus Day, the second Monday of October, and Veterans Day, 11 November, on the Monday after
when it falls on a Sunday). Xetra and FX count NYSE days too: the engine keeps no XETR or TARGET2
calendar (a documented simplification).
"""

from __future__ import annotations

from datetime import date, timedelta

from workstation.engine.core.instruments import Instrument, SecType
from workstation.engine.market.calendar import ExchangeCalendar

_ONE_DAY_MARKETS = frozenset({"US", "CA", "MX"})
_ONE_DAY_FX = frozenset({("USD", "CAD"), ("CAD", "USD")})


def settlement_cycle(instrument: Instrument) -> int:
    """Business days from trade to settlement (0: nothing waits for settlement)."""
    kind = instrument.sec_type
    if kind is SecType.FUT:
        return 0
    if kind is SecType.CASH:
        return 1 if (instrument.underlying, instrument.currency) in _ONE_DAY_FX else 2
    if kind is SecType.FUND or kind is SecType.FOP:
        return 1
    return 1 if instrument.country in _ONE_DAY_MARKETS else 2


def _dtc_closed(day: date) -> bool:
    """A day DTC (and the Federal Reserve) is closed although the NYSE trades."""
    if day.month == 10 and day.weekday() == 0 and 8 <= day.day <= 14:
        return True  # Columbus Day
    if day.month == 11 and day.weekday() == 0 and day.day == 12:
        return True  # Veterans Day observed on the Monday after a Sunday 11 November
    return day.month == 11 and day.day == 11


def settlement_date(instrument: Instrument, trade_day: date, calendar: ExchangeCalendar | None = None) -> date:
    """The day a trade of ``instrument`` on ``trade_day`` settles (``trade_day`` itself for cycle 0)."""
    calendar = calendar or ExchangeCalendar.nyse()
    cycle = settlement_cycle(instrument)
    us_security = instrument.sec_type is not SecType.CASH and instrument.country == "US"
    day = trade_day
    for _ in range(cycle):
        try:
            day = calendar.business_day_after(day)
            while us_security and _dtc_closed(day):
                day = calendar.business_day_after(day)
        except ValueError:  # past the calendar's last session: the clock can never reach it anyway
            return day + timedelta(days=cycle)
    return day

