"""The simulated market: seeded and reproducible, options consistent with their underlyings,
sessions from the exchange calendar."""

import math
import re
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from tests.factories import OPEN_TIME, ok
from workstation.engine.core.terms import MarketState
from workstation.engine.market.calendar import EASTERN, ExchangeCalendar
from workstation.engine.market.pricing import black_76, black_scholes
from workstation.engine.market.simulator import RISK_FREE_RATE
from workstation.engine.messages.commands import AdvanceClock, SetPrice
from workstation.engine.messages.events import MarketStateChanged, SessionOpened


def test_black_scholes_matches_the_textbook_example():
    # Hull: S=42, K=40, r=10%, sigma=20%, T=0.5 -> call 4.76, put 0.81
    call, put = black_scholes(42, 40, 0.5, 0.2, 0.1, [True, False])
    assert (round(call, 2), round(put, 2)) == (4.76, 0.81)


def test_black_76_at_the_money_call_equals_put():
    call, put = black_76(100, 100, 1.0, 0.2, 0.05, [True, False])
    assert call == pytest.approx(put) and call == pytest.approx(7.577, abs=1e-3)


def test_same_seed_same_walk_and_different_seed_different_walk(make_engine):
    def walk(seed):
        engine = make_engine(seed=seed, random_walk=True)
        ok(engine.execute(AdvanceClock(OPEN_TIME + timedelta(minutes=30))))
        return [engine.quote(s).last for s in ("AAPL", "ESZ6", "EUR.USD")]
    assert walk(11) == walk(11)
    assert walk(11) != walk(12)


def test_quotes_are_well_formed_for_every_instrument(make_engine):
    engine = make_engine(random_walk=True)
    ok(engine.execute(AdvanceClock(OPEN_TIME + timedelta(minutes=5))))
    for instrument in engine.catalog:
        quote = engine.quote(instrument.symbol)
        assert quote.bid < quote.ask, instrument.symbol
        assert quote.bid >= 0 and quote.last >= 0
        assert (quote.last / instrument.tick_size) % 1 == 0, instrument.symbol


def test_equity_options_keep_put_call_parity_with_their_underlying(engine):
    ok(engine.execute(SetPrice("AAPL", Decimal("230.00"))))
    expiry = datetime(2026, 12, 18, 16, 0, tzinfo=EASTERN)
    years = (expiry - engine.now).total_seconds() / (365 * 86400)
    for strike in (200, 230, 260):
        call = engine.quote(f"AAPL  261218C00{strike}000").last
        put = engine.quote(f"AAPL  261218P00{strike}000").last
        # C - P = S - K e^(-rT), within the two one-cent roundings
        parity = 230 - strike * math.exp(-RISK_FREE_RATE * years)
        assert float(call - put) == pytest.approx(parity, abs=0.02)


def test_futures_options_follow_their_future(engine):
    before = engine.quote("ESZ6 C5900").last
    ok(engine.execute(SetPrice("ESZ6", engine.quote("ESZ6").last + 50)))
    assert engine.quote("ESZ6 C5900").last > before
    assert engine.quote("ESZ6 P5900").last < engine.quote("ESZ6 C5900").last


def test_the_calendar_knows_holidays_and_early_closes():
    calendar = ExchangeCalendar.nyse()
    assert not calendar.is_business_day(date(2026, 11, 26))        # Thanksgiving
    assert calendar.session_on(date(2026, 11, 27)).close.hour == 13  # the day after closes at 13:00
    assert not calendar.is_business_day(date(2026, 11, 28))        # Saturday
    assert calendar.state_at(datetime(2026, 11, 24, 8, 0, tzinfo=EASTERN)) is MarketState.PRE_MARKET
    assert calendar.state_at(datetime(2026, 11, 24, 17, 0, tzinfo=EASTERN)) is MarketState.AFTER_HOURS
    assert calendar.state_at(datetime(2026, 11, 24, 22, 0, tzinfo=EASTERN)) is MarketState.CLOSED


def test_advancing_over_a_holiday_opens_the_next_session_and_rolls_the_close(engine):
    ok(engine.execute(SetPrice("AAPL", Decimal("151.00"))))
    result = ok(engine.execute(AdvanceClock(datetime(2026, 11, 27, 9, 45, tzinfo=EASTERN))))
    opened = [e.day for e in result.events if isinstance(e, SessionOpened)]
    assert opened == [date(2026, 11, 25), date(2026, 11, 27)]  # not Thanksgiving
    states = [e.market_state for e in result.events if isinstance(e, MarketStateChanged)]
    assert states[:3] == [MarketState.AFTER_HOURS, MarketState.CLOSED, MarketState.PRE_MARKET]
    quote = engine.quote("AAPL")
    assert quote.close == Decimal("151.00") and quote.change == 0


def test_the_written_nyse_sessions_are_exchange_calendars_own():
    # Arrange: the script that writes the table, run against the installed library
    import importlib.util
    from pathlib import Path

    script = Path(__file__).resolve().parents[3] / "scripts" / "write_nyse_sessions.py"
    spec = importlib.util.spec_from_file_location("write_nyse_sessions", script)
    writer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(writer)
    library = writer.library_sessions()

    # Act
    calendar = ExchangeCalendar.nyse()

    # Assert: the same days, opens and closes; the shipped file is what the script writes today
    built = {d: (calendar.session_on(d).open.strftime("%H:%M"), calendar.session_on(d).close.strftime("%H:%M"))
             for d in library}
    assert built == library
    every_day = (min(library) + timedelta(days=k) for k in range((max(library) - min(library)).days + 1))
    assert [d for d in every_day if calendar.is_business_day(d)] == sorted(library)  # and no other session
    # The header names the library release it was written from; a newer release with the same
    # sessions (the assertions above) leaves the table as it is.
    def unstamped(text: str) -> str:
        return re.sub(r"exchange_calendars \S+ \(XNYS\)", "exchange_calendars (XNYS)", text)

    assert unstamped(writer.TARGET.read_text(encoding="utf-8")) == unstamped(writer.render(library)), \
        "run python scripts/write_nyse_sessions.py"
