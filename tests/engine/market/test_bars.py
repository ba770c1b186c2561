"""Price bars for charts: five-minute OHLCV bars recorded from the engine's own events, after a
week of generated history that ends at the price the engine was created at; bounded per symbol;
the same after a restart."""

from datetime import datetime, timedelta
from decimal import Decimal

import numpy as np

from tests.factories import ok, order
from workstation.engine.market.bar_history import HISTORY_SESSIONS
from workstation.engine.market.bars import BAR_SECONDS, BarBook
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import AdvanceClock, SetPrice

D = Decimal


def at(hour: int, minute: int, second: int = 0, day: int = 24) -> datetime:
    return datetime(2026, 11, day, hour, minute, second, tzinfo=EASTERN)


def mark(engine, symbol: str, price: str, when: datetime | None = None) -> None:
    if when is not None and when > engine.now:
        ok(engine.execute(AdvanceClock(when)))
    ok(engine.execute(SetPrice(symbol, D(price))))


def test_prices_within_five_minutes_make_one_bar_and_the_next_slot_opens_another(engine):
    # Arrange: AAPL at 150.00 at 10:00 (the fixture); prices only move when set (no random walk)
    mark(engine, "AAPL", "151.00")
    mark(engine, "AAPL", "149.00", at(10, 1))
    mark(engine, "AAPL", "152.00", at(10, 3))
    ok(engine.execute(order("U1", "AAPL", quantity="100")))   # a fill prints 100 shares at 10:03
    # Act: the clock crosses 10:05 and the price moves again
    mark(engine, "AAPL", "153.00", at(10, 5, 30))
    bars = engine.bars("AAPL")
    # Assert: the 10:00 bar opened at the first price in it (the fixture's 150.00: bars are followed
    # from the engine's creation), and its volume is the fill
    ten, five_past = at(10, 0).timestamp(), at(10, 5).timestamp()
    assert list(bars.time[-2:]) == [ten, five_past]
    assert (bars.open[-2], bars.high[-2], bars.low[-2], bars.close[-2], bars.volume[-2]) == (150, 152, 149, 152, 100)
    assert (bars.open[-1], bars.high[-1], bars.low[-1], bars.close[-1], bars.volume[-1]) == (153, 153, 153, 153, 0)
    assert bars.synthetic == len(bars) - 2


def test_the_forming_bar_follows_the_price_until_its_slot_ends(engine):
    mark(engine, "AAPL", "151.00")
    before = engine.bars("AAPL")
    mark(engine, "AAPL", "155.50", at(10, 4, 59))
    after = engine.bars("AAPL")
    assert len(after) == len(before)                          # still the 10:00 bar
    assert after.last_number == before.last_number
    assert (after.high[-1], after.close[-1]) == (155.5, 155.5)


def test_a_quiet_slot_has_no_bar(engine):
    # Nothing trades or moves from 10:01 to 10:20: no bars for 10:05, 10:10, 10:15
    mark(engine, "AAPL", "151.00", at(10, 1))
    mark(engine, "AAPL", "150.00", at(10, 20))
    times = engine.bars("AAPL").time
    assert list(times[-2:]) == [at(10, 0).timestamp(), at(10, 20).timestamp()]


def test_history_is_a_week_of_sessions_ending_at_the_current_price(make_engine):
    engine = make_engine(random_walk=True)
    bars = engine.bars("MSFT")
    quote = engine.quote("MSFT")
    assert bars.close[-1] == float(quote.last)
    assert bars.synthetic == len(bars)
    # five whole sessions (Tue 17 .. Mon 23 Nov) of 78 bars, and this morning's 09:30 .. 09:55
    assert len(bars) == HISTORY_SESSIONS * 78 + 6
    assert datetime.fromtimestamp(bars.time[0], EASTERN) == at(9, 30, day=17)
    assert datetime.fromtimestamp(bars.time[-1], EASTERN) == at(9, 55)
    assert np.all(np.diff(bars.time) >= BAR_SECONDS)
    assert np.all(bars.high >= np.maximum(bars.open, bars.close))
    assert np.all(bars.low <= np.minimum(bars.open, bars.close))
    assert np.all(bars.low > 0)


def test_history_agrees_with_the_quote_prior_close_and_day_volume(make_engine):
    # Started at 10:30, the chart's previous session closes at the quote's Close, and this
    # morning's bars add up to the quote's Volume
    engine = make_engine(start=at(10, 30), random_walk=True)
    bars = engine.bars("KO")
    quote = engine.quote("KO")
    today = bars.time >= at(9, 30).timestamp()
    assert bars.close[~today][-1] == float(quote.close)
    assert bars.volume[today].sum() == float(quote.volume)


def test_history_is_the_same_for_the_same_seed_and_differs_for_another(make_engine):
    first, again = make_engine(seed=3).bars("NVDA"), make_engine(seed=3).bars("NVDA")
    other = make_engine(seed=4).bars("NVDA")
    assert np.array_equal(first.close, again.close) and np.array_equal(first.volume, again.volume)
    assert not np.array_equal(first.close[:-1], other.close[:-1])


def test_an_option_history_is_its_underlying_repriced_and_ends_at_its_price(make_engine):
    engine = make_engine(random_walk=True)
    call, put = "AAPL  261218C00230000", "AAPL  261218P00230000"
    calls, puts, stock = engine.bars(call), engine.bars(put), engine.bars("AAPL")
    assert calls.close[-1] == float(engine.quote(call).last)
    assert puts.close[-1] == float(engine.quote(put).last)
    # a call rises with the stock and a put falls: over the week their bars move with it or against it
    rises = np.sign(np.diff(stock.close[:len(calls)]))
    assert np.mean(np.sign(np.diff(calls.close))[rises != 0] == rises[rises != 0]) > 0.8
    assert np.mean(np.sign(np.diff(puts.close))[rises != 0] == -rises[rises != 0]) > 0.8
    today = calls.time >= at(9, 30).timestamp()
    assert calls.volume[today].sum() == float(engine.quote(call).volume)


def test_the_day_volume_restarts_at_the_open(make_engine):
    # Arrange: a moving market late in the day
    engine = make_engine(start=at(15, 50), random_walk=True)
    engine.bars("AAPL")
    # Act: through the close, the night and into Wednesday's session
    ok(engine.execute(AdvanceClock(at(16, 5))))
    ok(engine.execute(AdvanceClock(at(9, 32, day=25))))
    bars = engine.bars("AAPL")
    # Assert: the 09:30 bar's volume is Wednesday's volume so far, not Tuesday's added to it
    assert datetime.fromtimestamp(bars.time[-1], EASTERN) == at(9, 30, day=25)
    assert bars.volume[-1] == float(engine.quote("AAPL").volume) > 0


def test_recorded_volume_adds_up_to_the_day_volume(make_engine):
    engine = make_engine(start=at(11, 0), random_walk=True)
    engine.bars("SPY")
    for minute in range(1, 40, 3):
        ok(engine.execute(AdvanceClock(at(11, minute))))
    bars = engine.bars("SPY")
    today = bars.time >= at(9, 30).timestamp()
    assert bars.volume[today].sum() == float(engine.quote("SPY").volume)


def test_the_cap_keeps_the_newest_bars_and_their_numbers(engine, universe):
    # Arrange: a book of at most 10 bars per symbol, fed the engine's events
    book = BarBook(universe, engine.calendar, engine.seed, engine.quote, lambda _symbol: 0.25,
                   lambda: engine.now, cap=10)
    book.bars("AAPL")
    moment = engine.now
    # Act: forty new slots, one price each
    for step in range(40):
        moment += timedelta(minutes=5)
        book.follow(ok(engine.execute(AdvanceClock(moment))).events)
        book.follow(ok(engine.execute(SetPrice("AAPL", D(151 + step)))).events)
    bars = book.bars("AAPL")
    # Assert: ten bars, the newest last; numbers keep counting past the dropped ones
    assert len(bars) == 10 and bars.synthetic == 0
    assert list(bars.close) == [float(151 + step) for step in range(30, 40)]
    assert bars.last_number == bars.first_number + 9
    assert bars.first_number > 0


def test_bars_are_not_engine_state(engine):
    before = engine.snapshot()
    engine.bars("AAPL")
    engine.bars("AAPL  261218C00230000")
    assert engine.snapshot() == before


def test_history_depends_on_the_seed_and_the_clock_not_on_when_a_chart_first_looked(make_engine):
    # Two engines with the same seed and start, one charted at once, the other only after an hour
    # of trading (as after a restart of the process): the same bars.
    early, late = make_engine(random_walk=True), make_engine(random_walk=True)
    early.bars("AAPL")
    for engine in (early, late):
        for minutes in range(0, 61, 7):
            ok(engine.execute(AdvanceClock(at(10, 0) + timedelta(minutes=minutes))))
    a, b = early.bars("AAPL"), late.bars("AAPL")
    assert a.synthetic == b.synthetic > 0
    for column in ("time", "open", "high", "low", "close", "volume"):
        assert np.array_equal(getattr(a, column), getattr(b, column)), column


def test_a_restart_from_a_snapshot_and_the_commands_after_it_shows_the_same_bars(make_engine, universe):
    from workstation.engine.api import Engine

    engine = make_engine(random_walk=True)
    for minutes in range(0, 31, 4):
        ok(engine.execute(AdvanceClock(at(10, 0) + timedelta(minutes=minutes))))
    snapshot = engine.snapshot()
    later = [AdvanceClock(at(10, 0) + timedelta(minutes=m)) for m in range(33, 61, 4)]
    for command in later:
        ok(engine.execute(command))
    reopened = Engine.from_snapshot(universe, snapshot)
    for command in later:
        reopened.replay(command)
    a, b = engine.bars("MSFT"), reopened.bars("MSFT")
    assert len(a) == len(b) and a.synthetic == b.synthetic
    for column in ("time", "open", "high", "low", "close", "volume"):
        assert np.array_equal(getattr(a, column), getattr(b, column)), column
