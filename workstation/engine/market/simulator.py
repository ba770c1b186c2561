"""Seeded random-walk market with option prices consistent with their underlyings.

All state is numpy float64 arrays indexed by instrument; one ``step`` moves every primary
instrument (stocks, ETFs, indices, futures, funds, FX) by a lognormal return and reprices every
option from its underlying (Black-Scholes, Black-76 for futures options) in one vectorised pass.

Randomness is counter-based: step ``n`` draws from ``default_rng([seed, n])``, so the market after
a given list of steps is the same however the process was stopped and restarted in between.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import datetime, time
from decimal import Decimal

import numpy as np

from workstation.engine.core.instruments import Instrument, SecType
from workstation.engine.core.universe import Universe
from workstation.engine.market.calendar import EASTERN
from workstation.engine.market.pricing import black_76, black_scholes
from workstation.engine.market.quotes import Quote

RISK_FREE_RATE = 0.045
TRADING_SECONDS_PER_YEAR = 252 * 6.5 * 3600
_EXPIRY_TIME = time(16, 0)
_EPS = 1e-9

# Displayed size per refresh (low, high, unit): round lots for stocks, contracts for derivatives.
_DISPLAYED_SIZE = {
    SecType.STK: (1, 12, 100),
    SecType.OPT: (1, 20, 10),
    SecType.FOP: (1, 10, 5),
    SecType.FUT: (2, 40, 1),
    SecType.CASH: (1, 10, 1_000_000),
    SecType.FUND: (0, 1, 0),  # funds have no book: they trade once a day at NAV
    SecType.IND: (0, 1, 0),
}
# Prints per second (in displayed-size units) on a moving market: sets the pace of the Volume column.
_TRADE_RATE = {
    SecType.STK: 12.0, SecType.OPT: 0.02, SecType.FOP: 0.05, SecType.FUT: 4.0,
    SecType.CASH: 0.05, SecType.FUND: 0.0, SecType.IND: 0.0,
}
_DEFAULT_IV = 0.25
_TRADING_DAYS_PER_YEAR = 252


class MarketSimulator:
    """Quotes for every instrument of a universe; advanced by the engine, never by itself."""

    def __init__(self, universe: Universe, seed: int, random_walk: bool = True) -> None:
        self.seed = seed
        self.random_walk = random_walk
        self.steps_taken = 0
        instruments = list(universe.catalog)
        self._instruments = instruments
        self._index = {inst.symbol: i for i, inst in enumerate(instruments)}
        n = len(instruments)
        self._tick = np.array([float(i.tick_size) for i in instruments])
        self._tick_dec = [i.tick_size for i in instruments]
        self._is_option = np.array([i.is_option for i in instruments])
        self._primary = np.flatnonzero(~self._is_option)
        self._options = np.flatnonzero(self._is_option)

        self.last = np.zeros(n)
        self.vol = np.zeros(n)
        self.iv = np.full(n, np.nan)
        for symbol, seed_mark in universe.seeds.items():
            i = self._index[symbol]
            self.last[i] = float(seed_mark.price)
            self.vol[i] = float(seed_mark.vol)
            self.iv[i] = float(seed_mark.iv) if seed_mark.iv is not None else float(seed_mark.vol)

        opts = [instruments[i] for i in self._options]
        self._opt_underlying = np.array([self._index[o.underlying] for o in opts], dtype=np.int64)
        self._opt_strike = np.array([float(o.strike) for o in opts])
        self._opt_call = np.array([o.right.value == "C" for o in opts])
        self._opt_futures = np.array([o.sec_type is SecType.FOP for o in opts])
        self._opt_expiry_ts = np.array(
            [datetime.combine(o.expiry, _EXPIRY_TIME, EASTERN).timestamp() for o in opts])
        iv_of_underlying = self.iv[self._opt_underlying]
        self.iv[self._options] = np.where(np.isnan(iv_of_underlying), _DEFAULT_IV, iv_of_underlying)

        size_spec = np.array([_DISPLAYED_SIZE[i.sec_type] for i in instruments], dtype=np.int64)
        self._size_low, self._size_high, self._size_unit = size_spec.T
        # Some names trade far more than others: a seeded, lognormal liquidity factor per instrument.
        liquidity = np.random.default_rng([seed, 0, 4]).lognormal(0.0, 0.8, n)
        self._trade_rate = np.array([_TRADE_RATE[i.sec_type] for i in instruments]) * liquidity
        self.bid_size = np.zeros(n)
        self.ask_size = np.zeros(n)
        self.volume = np.zeros(n)
        self.open = np.zeros(n)
        self.high = np.zeros(n)
        self.low = np.zeros(n)
        self.close = np.zeros(n)
        self._quotes: dict[str, Quote] = {}
        self._last_prices: dict[str, Decimal] = {}
        self._marks: tuple[np.ndarray, np.ndarray] | None = None
        self._settled = np.zeros(n, dtype=bool)

    def __getstate__(self) -> dict:
        # The quote cache is derived; leaving it out keeps snapshots a function of the market alone.
        state = self.__dict__.copy()
        state["_quotes"] = {}
        state["_last_prices"] = {}
        state["_marks"] = None
        return state

    # -- lifecycle -------------------------------------------------------------------------------

    def start(self, now: datetime, seconds_traded_today: float = 0.0) -> None:
        """Price the options and fill the book for the first time. The day opens at the marks; the
        prior close is one seeded daily move away and the volume is what the session so far would
        have printed, so a market joined mid-day looks under way."""
        self._reprice_options(now)
        self._roll_day_stats()
        p = self._primary
        prior_day = np.random.default_rng([self.seed, 0, 2]).standard_normal(p.size)
        daily_sigma = self.vol[p] / math.sqrt(_TRADING_DAYS_PER_YEAR)
        self.close[p] = self._round_to_tick(self.last[p] / np.exp(daily_sigma * prior_day), p)
        self._reprice_options_close(now)
        expected = self._trade_rate * max(seconds_traded_today, 0.0)
        self.volume[:] = np.random.default_rng([self.seed, 0, 3]).poisson(expected) * self._size_unit
        self._refresh_sizes(np.random.default_rng([self.seed, 0, 1]))
        self._invalidate()

    def open_session(self) -> None:
        """A new trading day: yesterday's last becomes the close, the day's range restarts."""
        self._roll_day_stats()
        self._invalidate()

    def _roll_day_stats(self) -> None:
        self.close[:] = self.last
        self.open[:] = self.last
        self.high[:] = self.last
        self.low[:] = self.last
        self.volume[:] = 0

    def step(self, now: datetime, dt_seconds: float, moving: bool) -> None:
        """Advance the market by ``dt_seconds`` ending at ``now``: walk, reprice, refresh the book."""
        self.steps_taken += 1
        rng = np.random.default_rng([self.seed, self.steps_taken])
        moving = moving and self.random_walk
        if moving and dt_seconds > 0:
            p = self._primary
            dt_years = dt_seconds / TRADING_SECONDS_PER_YEAR
            sigma = self.vol[p]
            shocks = rng.standard_normal(p.size)
            moved = self.last[p] * np.exp(-0.5 * sigma * sigma * dt_years + sigma * math.sqrt(dt_years) * shocks)
            live = ~self._settled[p]
            self.last[p] = np.where(live, np.maximum(self._round_to_tick(moved, p), self._tick[p]), self.last[p])
            traded = rng.poisson(dt_seconds * self._trade_rate[p]) * self._size_unit[p] * live
            self.volume[p] += traded
        self._reprice_options(now)
        if moving:
            self.high = np.maximum(self.high, self.last)
            self.low = np.minimum(self.low, self.last)
        self._refresh_sizes(rng)
        self._invalidate()

    def set_price(self, symbol: str, price: Decimal, now: datetime) -> None:
        """Force a mark (scenarios, tests). Options on it are repriced at once."""
        i = self._index[symbol]
        self.last[i] = float(price)
        self.high[i] = max(self.high[i], self.last[i])
        self.low[i] = min(self.low[i], self.last[i]) if self.low[i] else self.last[i]
        self._reprice_options(now, underlying=i)
        self._invalidate()

    def settle(self, symbol: str) -> None:
        """An expired contract's price is final: it no longer walks or trades."""
        self._settled[self._index[symbol]] = True

    def consume(self, symbol: str, buying: bool, quantity: Decimal) -> None:
        """Take displayed size off the book after a fill; it comes back at the next refresh."""
        i = self._index[symbol]
        side = self.ask_size if buying else self.bid_size
        side[i] = max(0.0, side[i] - float(quantity))
        self.volume[i] += float(quantity)
        cached = self._quotes.get(symbol)
        if cached is not None:  # only sizes and volume moved: patch the snapshot, do not rebuild it
            self._quotes[symbol] = replace(
                cached, volume=Decimal(int(self.volume[i])),
                **{"ask_size" if buying else "bid_size": Decimal(int(side[i]))})

    def _invalidate(self) -> None:
        self._quotes.clear()
        self._last_prices.clear()
        self._marks = None

    # -- pricing ---------------------------------------------------------------------------------

    def _round_to_tick(self, values: np.ndarray, idx: np.ndarray) -> np.ndarray:
        tick = self._tick[idx]
        return np.round(values / tick) * tick

    def _reprice_options(self, now: datetime, underlying: int | None = None) -> None:
        """Options at their theoretical price from the underlying's last; only the chain on
        ``underlying`` when one instrument was marked (the others' inputs did not change)."""
        chain = np.arange(self._options.size) if underlying is None else np.flatnonzero(
            self._opt_underlying == underlying)
        if chain.size == 0:
            return
        o = self._options[chain]
        years = np.maximum(self._opt_expiry_ts[chain] - now.timestamp(), 0.0) / (365.0 * 86400.0)
        under = self.last[self._opt_underlying[chain]]
        strike, call, on_futures = self._opt_strike[chain], self._opt_call[chain], self._opt_futures[chain]
        theo = np.empty(chain.size)
        for futures, pricer in ((True, black_76), (False, black_scholes)):
            pick = on_futures == futures
            if pick.any():
                theo[pick] = pricer(under[pick], strike[pick], years[pick], self.iv[o[pick]], RISK_FREE_RATE,
                                    call[pick])
        self.last[o] = np.maximum(self._round_to_tick(theo, o), 0.0)

    def _reprice_options_close(self, now: datetime) -> None:
        """Prior closes of options, from their underlyings' prior closes."""
        last = self.last.copy()
        self.last[self._primary] = self.close[self._primary]
        self._reprice_options(now)
        self.close[self._options] = self.last[self._options]
        self.last = last

    def _refresh_sizes(self, rng: np.random.Generator) -> None:
        lots = rng.integers(self._size_low, np.maximum(self._size_high, self._size_low + 1), size=(2, self.last.size))
        self.bid_size = (lots[0] * self._size_unit).astype(np.float64)
        self.ask_size = (lots[1] * self._size_unit).astype(np.float64)

    # -- read model ------------------------------------------------------------------------------

    def _half_spread(self, i: int, last: float) -> float:
        tick = self._tick[i]
        if self._is_option[i]:
            return max(tick, 0.015 * last)
        return max(tick, 0.00005 * last)

    def _to_decimal(self, i: int, value: float) -> Decimal:
        return self._tick_dec[i] * int(round(value / self._tick[i]))

    def quote(self, symbol: str) -> Quote:
        cached = self._quotes.get(symbol)
        if cached is not None:
            return cached
        quote = self._quotes[symbol] = self._quote_from(symbol, self.moment_arrays())
        return quote

    def moment_arrays(self) -> tuple[np.ndarray, ...]:
        """The arrays a quote is built from (last, bid and ask sizes, volume, open, high, low, close), live:
        copy them to keep a moment (``market.delayed``)."""
        return self.last, self.bid_size, self.ask_size, self.volume, self.open, self.high, self.low, self.close

    def quote_at(self, symbol: str, moment: tuple[np.ndarray, ...]) -> Quote:
        """``symbol``'s quote as it was at a kept moment (``moment_arrays`` copied then)."""
        return self._quote_from(symbol, moment)

    def _quote_from(self, symbol: str, moment: tuple[np.ndarray, ...]) -> Quote:
        last_of, bid_size, ask_size, volume, open_, high, low, close = moment
        i = self._index[symbol]
        tick, last = self._tick[i], last_of[i]
        half = self._half_spread(i, last)
        bid_ticks = max(0, math.floor((last - half) / tick + _EPS))
        ask_ticks = max(bid_ticks + 1, math.ceil((last + half) / tick - _EPS))
        dec_tick = self._tick_dec[i]
        iv = self.iv[i]
        return Quote(
            symbol=symbol,
            bid=dec_tick * bid_ticks,
            ask=dec_tick * ask_ticks,
            last=self._to_decimal(i, last),
            bid_size=Decimal(int(bid_size[i])),
            ask_size=Decimal(int(ask_size[i])),
            volume=Decimal(int(volume[i])),
            open=self._to_decimal(i, open_[i]),
            high=self._to_decimal(i, high[i]),
            low=self._to_decimal(i, low[i]),
            close=self._to_decimal(i, close[i]),
            implied_vol=Decimal(f"{iv:.4f}") if not math.isnan(iv) else None,
        )

    def last_price(self, symbol: str) -> Decimal:
        """The last trade price alone: what valuation needs, without building a whole Quote."""
        cached = self._quotes.get(symbol)
        if cached is not None:
            return cached.last
        price = self._last_prices.get(symbol)
        if price is None:
            i = self._index[symbol]
            price = self._last_prices[symbol] = self._to_decimal(i, self.last[i])
        return price

    def marks(self) -> tuple[np.ndarray, np.ndarray]:
        """Every instrument's last price (on its tick, as quotes show it) and implied volatility,
        as arrays in instrument order; cached until the market moves."""
        if self._marks is None:
            last = np.round(self.last / self._tick) * self._tick
            iv = np.where(np.isnan(self.iv), _DEFAULT_IV, self.iv)
            self._marks = (last, iv)
        return self._marks

    def implied_vol(self, symbol: str) -> float:
        """An option's implied volatility (its underlying's for the demo market), as a float."""
        value = float(self.iv[self._index[symbol]])
        return _DEFAULT_IV if math.isnan(value) else value

    def instrument_index(self, symbol: str) -> int:
        return self._index[symbol]

    @property
    def instruments(self) -> list[Instrument]:
        return self._instruments
