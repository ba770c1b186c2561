"""Margin for foreign stocks carried by a US broker (the seed's "Margin Treatment for Foreign Stocks
Carried by a U.S. Broker"): a non-US issuer's stock has loan value only if it has a "ready
market", which since the SEC's 2012 no-action letter means all four of:

1. listed on an exchange in a FTSE World Index country, and trading there for at least 90 days;
2. bid, ask and last quoted continuously to the broker through an electronic quote system;
3. a median daily volume over the preceding 20 business days of at least 100,000 shares or
   USD 500,000;
4. an unrestricted market capitalisation above USD 500 million on each of the preceding 10
   business days.

A stock that stops meeting them keeps its margin for a 5-business-day window, then is margined at
100% until it meets them again. The test runs at every close, on the day's volume and close; days
before the simulation started count the stock's typical volume at its opening price.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from statistics import median

from workstation.engine.core.instruments import Instrument, InstrumentCatalog, SecType
from workstation.engine.margin.book import MarginState
from workstation.engine.market.calendar import ExchangeCalendar
from workstation.engine.messages.events import Event, MarginabilityChanged

# Countries of the FTSE World Index (developed and advanced emerging markets), by ISO code.
FTSE_WORLD = frozenset({"AU", "AT", "BE", "BR", "CA", "CH", "CL", "CN", "CZ", "DE", "DK", "ES", "FI", "FR", "GB",
                        "GR", "HK", "HU", "IE", "IL", "IN", "IT", "JP", "KR", "MX", "MY", "NL", "NO", "NZ", "PL",
                        "PT", "SE", "SG", "TH", "TR", "TW", "ZA"})
LISTED_DAYS = 90
VOLUME_DAYS, MIN_SHARES, MIN_VALUE_USD = 20, Decimal(100_000), Decimal(500_000)
CAP_DAYS, MIN_CAP_USD = 10, Decimal(500_000_000)
GRACE_BUSINESS_DAYS = 5
RateToUsd = Callable[[str], Decimal]


def is_foreign_stock(instrument: Instrument) -> bool:
    return instrument.sec_type is SecType.STK and instrument.country not in ("US", "")


def shortfalls(instrument: Instrument, days: list[tuple[date, Decimal, Decimal]], today: date) -> list[str]:
    """Which of the four conditions the stock fails; ``days`` are (day, volume, close in USD)."""
    failed = []
    listed = instrument.listed_since
    if instrument.country not in FTSE_WORLD:
        failed.append(f"{instrument.country} is not a FTSE World Index country")
    if listed is None or (today - listed).days < LISTED_DAYS:
        failed.append(f"listed for fewer than {LISTED_DAYS} days")
    volumes = [volume for _, volume, _ in days[-VOLUME_DAYS:]]
    values = [volume * close for _, volume, close in days[-VOLUME_DAYS:]]
    if volumes and median(volumes) < MIN_SHARES and median(values) < MIN_VALUE_USD:
        failed.append(f"median daily volume {median(volumes):,.0f} shares (USD {median(values):,.0f}) over "
                      f"{len(volumes)} days is under 100,000 shares and USD 500,000")
    shares = instrument.shares_outstanding
    caps = [shares * close for _, _, close in days[-CAP_DAYS:]] if shares is not None else []
    if shares is None or not caps or min(caps) <= MIN_CAP_USD:
        failed.append("market capitalisation at or under USD 500 million on one of the last 10 days")
    return failed


class ReadyMarket:
    """Keeps every foreign stock's history and marginability in the engine state."""

    def __init__(self, catalog: InstrumentCatalog, calendar: ExchangeCalendar, to_usd: RateToUsd,
                 apply: Callable[[str, bool], None]) -> None:
        self._foreign = [i for i in catalog if is_foreign_stock(i)]
        self._calendar = calendar
        self._to_usd = to_usd
        self._apply = apply  # tells the margin model a stock's marginability

    def initialise(self, state: MarginState) -> None:
        """At the start: a foreign stock that has never met the conditions has no loan value."""
        today = state.now.date()
        for instrument in self._foreign:
            close_usd = state.market.last_price(instrument.symbol) * self._to_usd(instrument.currency)
            days = self._prior_days(instrument, close_usd, today + timedelta(days=1))
            if shortfalls(instrument, days, today):
                state.not_marginable.add(instrument.symbol)
        self.restore(state)

    def restore(self, state: MarginState) -> None:
        for instrument in self._foreign:
            self._apply(instrument.symbol, instrument.marginable and instrument.symbol not in state.not_marginable)

    def at_close(self, state: MarginState, sink: list[Event]) -> None:
        today = state.now.date()
        for instrument in self._foreign:
            symbol = instrument.symbol
            quote = state.market.quote(symbol)
            close_usd = quote.last * self._to_usd(instrument.currency)
            days = state.ready_market_days.setdefault(symbol, self._prior_days(instrument, close_usd, today))
            days.append((today, quote.volume, close_usd))
            del days[:-VOLUME_DAYS]
            failed = shortfalls(instrument, days, today)
            self._update(state, instrument, failed, today, sink)

    def _prior_days(self, instrument: Instrument, close_usd: Decimal, today: date) -> list:
        """Before the simulation: the stock's typical volume at today's close, a day each."""
        typical = instrument.typical_volume or Decimal(0)
        return [(today - timedelta(days=k), typical, close_usd) for k in range(VOLUME_DAYS - 1, 0, -1)]

    def _update(self, state: MarginState, instrument: Instrument, failed: list[str], today: date,
                sink: list[Event]) -> None:
        symbol = instrument.symbol
        if not failed:
            state.ready_market_failing.pop(symbol, None)
            if symbol in state.not_marginable:
                state.not_marginable.discard(symbol)
                self._apply(symbol, instrument.marginable)
                sink.append(MarginabilityChanged(symbol, True, "meets the ready-market conditions again", state.now))
            return
        since = state.ready_market_failing.setdefault(symbol, today)
        if symbol in state.not_marginable:
            return
        business_days = sum(1 for k in range((today - since).days + 1)
                            if self._calendar.is_business_day(since + timedelta(days=k)))
        if business_days > GRACE_BUSINESS_DAYS:
            state.not_marginable.add(symbol)
            self._apply(symbol, False)
            sink.append(MarginabilityChanged(symbol, False, "; ".join(failed), state.now))
