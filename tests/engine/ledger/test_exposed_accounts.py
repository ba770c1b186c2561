"""A market move revalues, ratchets and checks the exposed accounts (positions or foreign cash) kept
in an index from the bookings, not every account: an account that takes a position or foreign cash
is revalued on the next move, one whose last position goes drops out, and the index always equals a
rescan of every account, in ledger order, on a fresh engine and on one rebuilt from a snapshot."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.engine.ledger.test_holder_index import ACCOUNTS, _desk, _named
from tests.factories import OPEN_TIME, ok, order
from workstation.engine.api import Engine
from workstation.engine.core.account_tags import AccountTag
from workstation.engine.core.terms import AccountType, Action
from workstation.engine.ledger.accounts import Account, Position
from workstation.engine.ledger.holders import ExposedAccounts, holds_foreign_cash
from workstation.engine.messages.commands import AdvanceClock, OpenAccount, SetPrice
from workstation.engine.messages.events import Event, PositionChanged


def test_a_bystander_that_takes_a_position_is_revalued_on_the_next_clock_step(make_engine):
    engine = _desk(make_engine)
    assert "IDLE" not in _named(engine.execute(AdvanceClock(OPEN_TIME + timedelta(seconds=1))))
    ok(engine.execute(order("IDLE", "SPY", quantity="10")))
    assert "IDLE" in _named(engine.execute(AdvanceClock(OPEN_TIME + timedelta(seconds=2))))


def test_a_bystander_that_takes_foreign_cash_is_revalued_on_the_next_clock_step(make_engine):
    engine = _desk(make_engine)
    ok(engine.execute(order("IDLE", "EUR.USD", quantity="20000")))
    assert "IDLE" in _named(engine.execute(AdvanceClock(OPEN_TIME + timedelta(seconds=1))))


def test_a_bystander_that_takes_a_position_has_its_sma_ratcheted_by_a_price_rise(make_engine):
    engine = _desk(make_engine)
    ok(engine.execute(order("IDLE", "SPY", quantity="100")))
    before = engine.account_values("IDLE")[AccountTag.SMA]
    price = engine.price_of("SPY")
    ok(engine.execute(SetPrice("SPY", (price * 3).quantize(price))))  # ELV rises far above SMA: the floor lifts it
    assert engine.account_values("IDLE")[AccountTag.SMA] > before


def test_an_account_whose_last_position_goes_drops_out():
    account = Account("U9", AccountType.MARGIN, "USD", positions={"AAPL": Position("AAPL", Decimal(10))})
    index = ExposedAccounts({"U9": account})
    assert [a.account_id for a in index.holding()] == index.exposed() == ["U9"]
    del account.positions["AAPL"]
    sink: list[Event] = []
    index.watch(sink)
    sink.append(PositionChanged("U9", "AAPL", Decimal(0), Decimal(0), Decimal(0), Decimal(-10)))
    assert index.holding() == [] and index.exposed() == []


def test_bookings_in_the_middle_of_a_command_are_seen_by_a_read_in_the_middle_of_it():
    account = Account("U9", AccountType.MARGIN, "USD", cash={"USD": Decimal(100)})
    index = ExposedAccounts({"U9": account})
    sink: list[Event] = []
    index.watch(sink)
    assert index.exposed() == []
    account.positions["AAPL"] = Position("AAPL", Decimal(10))
    sink.append(PositionChanged("U9", "AAPL", Decimal(10), Decimal(200), Decimal(0), Decimal(10)))
    assert index.exposed() == ["U9"]


def _rescan(engine: Engine) -> tuple[list[str], list[str]]:
    accounts = engine._state.accounts.values()
    return ([a.account_id for a in accounts if a.positions],
            [a.account_id for a in accounts if a.positions or holds_foreign_cash(a)])


def _indexed(engine: Engine) -> tuple[list[str], list[str]]:
    return [a.account_id for a in engine._exposed.holding()], engine._exposed.exposed()


SYMBOLS = ("AAPL", "MSFT", "SPY", "SAP", "EUR.USD", "GBP.USD")
STEPS = st.lists(st.tuples(st.integers(0, 3), st.integers(0, len(ACCOUNTS) + 2), st.integers(0, len(SYMBOLS) - 1),
                           st.integers(-40, 40)), min_size=1, max_size=14)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
def test_the_index_equals_a_rescan_after_any_commands(make_engine, universe, steps):
    engine = _desk(make_engine)
    opened = [c.account_id for c in ACCOUNTS]
    clock = 0
    for kind, account, symbol, size, in steps:
        if kind == 0:  # buys and sells, closing positions (dropping out) and opening them
            name = opened[account % len(opened)]
            held = engine.account(name).positions.get(SYMBOLS[symbol])
            units = abs(held.quantity) if held is not None and held.quantity and size % 2 else abs(size) or 1
            side = Action.SELL if held is not None and held.quantity > 0 and size % 2 else Action.BUY
            engine.execute(order(name, SYMBOLS[symbol], side, str(units)))
        elif kind == 1:
            name = f"NEW{len(opened)}"
            cash = (("USD", Decimal(100_000)),) + ((("EUR", Decimal(size)),) if size > 0 else ())
            ok(engine.execute(OpenAccount(name, AccountType.MARGIN, cash=cash)))
            opened.append(name)
        elif kind == 2:
            clock += abs(size) + 1
            ok(engine.execute(AdvanceClock(OPEN_TIME + timedelta(seconds=clock))))
        else:
            price = engine.price_of("SPY")
            ok(engine.execute(SetPrice("SPY", (price * Decimal(100 + size) / 100).quantize(price))))
        assert _indexed(engine) == _rescan(engine)
    reopened = Engine.from_snapshot(universe, engine.snapshot())
    assert _indexed(reopened) == _rescan(engine)
