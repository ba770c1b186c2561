"""`workstation bench --long`: simulated trading days on a database, to show whether the costs of a
long-running workstation level off or grow with the history it has seen.

Each day the same steady flow goes through the engine's commands on a store opened with the
workstation's snapshot cadence: market orders, limit orders near the market that rest and fill
later (or expire at the close), far-off GTC orders that are modified and then cancelled, an
advisor's group orders for its clients, price marks (SetPrice) and the clock stepping through the
day, then across the close, the night and the next open, so the day-end work runs. The working set
is the same every day; only the history grows. One row per day, then the first and last day side by
side with a verdict per column (see :data:`LEVEL_RULE`).
"""

from __future__ import annotations

import gc
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from workstation.bench.day_metrics import DayFigures, GcWatch, percentile, resident_mb
from workstation.engine.api import Accepted, Engine
from workstation.engine.core.terms import AccountType, Action, AllocationMethod, OrderType, TimeInForce
from workstation.engine.market.calendar import EASTERN, ExchangeCalendar
from workstation.engine.messages.commands import (
    AdvanceClock,
    CancelOrder,
    Command,
    DefineGroup,
    ModifyOrder,
    OpenAccount,
    PlaceOrder,
    SetPrice,
)
from workstation.gc_policy import keep_long_lived_out_of_collections
from workstation.resources import demo_universe_spec

# Monday 7 Dec 2026 at the open: a five-day week with no holiday or early close.
LONG_START = datetime(2026, 12, 7, 9, 30, tzinfo=EASTERN)
SYMBOLS = ("AAPL", "MSFT", "NVDA", "AMZN", "GOOGL", "DIS", "JPM", "BAC", "XOM", "CVX", "JNJ", "PFE", "PG", "KO",
           "CAT", "BA", "NEE", "F", "SPY", "QQQ", "IWM")
TRADER, ADVISOR, CLIENTS, GROUP = "LONG1", "LONGFA", ("LONGC1", "LONGC2", "LONGC3"), "Desk"
CENT = Decimal("0.01")
FAR_ORDERS_KEPT = 20  # far GTC orders working at once; the oldest is cancelled when another is placed

LEVEL_RULE = ("levelled off: the last day is at most 25% above day 2 (day 1 is warm-up; with two days, above day 1) "
              "or above it by less than the column's noise ({noise}); RSS is judged on its level, the database "
              "on what it grows by per day (the journal keeps every command, so its size grows by design)")
LEVEL_TOLERANCE = 0.25


@dataclass(frozen=True, slots=True)
class DayPlan:
    """How much one simulated day carries."""

    orders: int
    ticks: int  # clock steps through the regular session; orders and marks are spread over them


@dataclass
class _Flow:
    """The orders this flow keeps track of, to modify and cancel them."""

    far: list[int] = field(default_factory=list)
    placed: int = 0


def run_long_session(days: int, quick: bool, out: Callable[[str], None] = print, freeze: bool = True) -> int:
    """Run ``days`` simulated days (``quick``: short ones) and print the table; returns 0, or 1 if a
    column did not level off."""
    plan = DayPlan(orders=150, ticks=15) if quick else DayPlan(orders=3_000, ticks=300)
    out(f"long session: {days} days of {plan.orders:,} orders (market, resting limits, modifies, cancels, "
        f"advisor group orders) over {plan.ticks} clock steps, on a database "
        f"(gc.freeze of long-lived objects {'on' if freeze else 'off'})")
    with tempfile.TemporaryDirectory() as scratch, _freezing(freeze):
        rows = list(_simulate(Path(scratch) / "long.db", days, plan))
    for line in DayFigures.table(rows):
        out(line)
    lines, levelled = _verdicts(rows)
    out(LEVEL_RULE.format(noise=", ".join(f"{c.title} {c.noise:g}" for c in DayFigures.JUDGED)))
    for line in lines:
        out(line)
    return 0 if levelled else 1


@contextmanager
def _freezing(freeze: bool) -> Iterator[None]:
    """The workstation's collector policy for this run (``freeze``) or the interpreter's default."""
    keep_long_lived_out_of_collections(freeze)
    try:
        yield
    finally:
        keep_long_lived_out_of_collections(False)
        gc.unfreeze()


def _simulate(path: Path, days: int, plan: DayPlan) -> Iterator[DayFigures]:
    from workstation.store import open_engine  # noqa: PLC0415 - bench is above the store layer

    calendar = ExchangeCalendar.nyse()
    engine, store = open_engine(path, universe_spec=demo_universe_spec(), seed=1, start=LONG_START,
                                initial_commands=_accounts(), calendar=calendar)
    try:
        watch = GcWatch()
        flow = _Flow()
        session_day = LONG_START.date()
        previous_db = 0.0
        with watch.installed():
            for day in range(1, days + 1):
                latencies: list[float] = []
                watch.reset()
                session = calendar.session_on(session_day)
                _trade_day(engine, plan, flow, session.open, session.close, latencies)
                session_day = _next_session_day(calendar, session_day)
                _timed(engine, AdvanceClock(calendar.session_on(session_day).open), latencies)
                with watch.paused():
                    gc.collect()
                    rss = resident_mb()
                database = _database_mb(path)
                latencies.sort()
                yield DayFigures(day, len(latencies), percentile(latencies, 0.50), percentile(latencies, 0.99),
                                 latencies[-1], rss, database, database - previous_db, watch.total_ms,
                                 watch.longest_ms)
                previous_db = database
    finally:
        store.close()


def _accounts() -> list[Command]:
    cash = (("USD", Decimal("1000000000")),)
    return [OpenAccount(TRADER, AccountType.MARGIN, cash=cash),
            OpenAccount(ADVISOR, AccountType.ADVISOR),
            *(OpenAccount(client, AccountType.MARGIN, cash=cash, advisor=ADVISOR) for client in CLIENTS),
            DefineGroup(ADVISOR, GROUP, AllocationMethod.NET_LIQ, tuple((client, Decimal(0)) for client in CLIENTS))]


def _trade_day(engine: Engine, plan: DayPlan, flow: _Flow, open_: datetime, close: datetime,
               latencies: list[float]) -> None:
    step = (close - open_ - timedelta(minutes=1)) / plan.ticks
    per_tick = plan.orders // plan.ticks
    for tick in range(plan.ticks):
        for _ in range(per_tick):
            _next_order(engine, flow, latencies)
        symbol = SYMBOLS[tick % len(SYMBOLS)]
        moved = (engine.price_of(symbol) * (Decimal("1.002") if tick % 2 else Decimal("0.998"))).quantize(CENT)
        _timed(engine, SetPrice(symbol, moved), latencies)
        _timed(engine, AdvanceClock(open_ + step * (tick + 1)), latencies)


def _next_order(engine: Engine, flow: _Flow, latencies: list[float]) -> None:
    """One command of the mix, by turn: 4 market, 3 near limits, 1 far GTC (then 1 modify of it and,
    beyond the kept few, 1 cancel), 1 advisor group order in every 10."""
    n = flow.placed
    flow.placed += 1
    symbol = SYMBOLS[n % len(SYMBOLS)]
    action = Action.BUY if (n // len(SYMBOLS)) % 2 == 0 else Action.SELL
    kind = n % 10
    if kind < 4:
        _timed(engine, PlaceOrder(TRADER, symbol, action, Decimal(100)), latencies)
    elif kind < 7:
        price = engine.price_of(symbol)
        near = price * (Decimal("0.999") if action is Action.BUY else Decimal("1.001"))
        _timed(engine, PlaceOrder(TRADER, symbol, action, Decimal(100), OrderType.LMT, near.quantize(CENT)), latencies)
    elif kind == 7:
        far = (engine.price_of(symbol) * Decimal("0.7")).quantize(CENT)
        result = _timed(engine, PlaceOrder(TRADER, symbol, Action.BUY, Decimal(100), OrderType.LMT, far,
                                           tif=TimeInForce.GTC), latencies)
        if isinstance(result, Accepted):
            flow.far.append(result.events[0].order_id)
    elif kind == 8:
        if flow.far:
            order = engine.order(flow.far[-1])
            _timed(engine, ModifyOrder(order.order_id, lmt_price=(order.lmt_price - CENT)), latencies)
        if len(flow.far) > FAR_ORDERS_KEPT:
            _timed(engine, CancelOrder(flow.far.pop(0)), latencies)
    else:
        _timed(engine, PlaceOrder(ADVISOR, symbol, action, Decimal(300), fa_group=GROUP), latencies)


def _timed(engine: Engine, command: Command, latencies: list[float]) -> object:
    started = time.perf_counter()
    result = engine.execute(command)
    latencies.append((time.perf_counter() - started) * 1000)
    return result


def _next_session_day(calendar: ExchangeCalendar, day: date) -> date:
    day += timedelta(days=1)
    while calendar.session_on(day) is None:
        day += timedelta(days=1)
    return day


def _database_mb(path: Path) -> float:
    files = (path, path.with_name(path.name + "-wal"))
    return sum(f.stat().st_size for f in files if f.exists()) / 1e6


def _verdicts(rows: list[DayFigures]) -> tuple[list[str], bool]:
    """The first and last day side by side, and per column whether it levelled off."""
    first, last = rows[0], rows[-1]
    base = rows[1] if len(rows) >= 3 else first
    lines = [f"{'column':<22}{'day 1':>12}{f'day {base.day}':>12}{f'day {last.day}':>12}  verdict"]
    levelled = True
    for column in DayFigures.JUDGED:
        was, now = column.read(base), column.read(last)
        ok = now <= was * (1 + LEVEL_TOLERANCE) + column.noise
        levelled &= ok
        lines.append(f"{column.title:<22}{column.read(first):>12.2f}{was:>12.2f}{now:>12.2f}  "
                     f"{'levelled off' if ok else f'GROWS ({_growth(was, now)})'}")
    return lines, levelled


def _growth(was: float, now: float) -> str:
    return f"x{now / was:.2f}" if was > 0 else f"+{now - was:.2f}"
