"""Quote reads by a login without market data subscriptions (delayed 15 minutes) beside the same reads by a
subscribed login, as a watchlist makes them: after each one-second market step, every instrument's quote
and its type. The delayed series' size after the run is in the figure's name: it must not grow with the run."""

from __future__ import annotations

import time
from datetime import timedelta
from decimal import Decimal

from workstation.bench.engine_store import BENCH_START
from workstation.bench.figures import Figure
from workstation.engine.api import Engine
from workstation.engine.core.terms import AccountType
from workstation.engine.core.universe import build_universe
from workstation.engine.funding.market_data_terms import DEMO_BUNDLE
from workstation.engine.login_reads import LoginReads
from workstation.engine.messages.commands import AdvanceClock, OpenAccount, UnsubscribeMarketData
from workstation.resources import demo_universe_spec


def bench_delayed_quotes(steps: int) -> Figure:
    universe = build_universe(demo_universe_spec())
    engine = Engine.new(universe, 9, BENCH_START, random_walk=True)
    for account in ("LIVE1", "LATE1"):
        engine.execute(OpenAccount(account, AccountType.MARGIN, cash=(("USD", Decimal(10_000)),)))
    engine.execute(UnsubscribeMarketData("LATE1", DEMO_BUNDLE))
    symbols = [instrument.symbol for instrument in universe.catalog]
    logins = {login: LoginReads(engine, login) for login in ("LIVE1", "LATE1")}
    spent = dict.fromkeys(logins, 0.0)
    for _ in range(steps):
        engine.execute(AdvanceClock(engine.now + timedelta(seconds=1)))
        for login, reads in logins.items():
            start = time.perf_counter()
            for symbol in symbols:
                reads.quote(symbol)
                reads.quote_type(symbol)
            spent[login] += time.perf_counter() - start
    per_read = {login: seconds / (steps * len(symbols)) * 1e6 for login, seconds in spent.items()}
    kept = len(engine._state.delayed_quotes)  # noqa: SLF001 - the bench reads the ring's size, as a test would
    late, live = per_read["LATE1"], per_read["LIVE1"]
    return Figure(f"watchlist quote read (quote and type) by a login without subscriptions, delayed 15 min "
                  f"({len(symbols)} rows, {steps:,} one-second steps, {kept} moments kept)", late, "us",
                  "<= 2x the live read", late <= 2 * live, "the same read by a subscribed login", live, "us")
