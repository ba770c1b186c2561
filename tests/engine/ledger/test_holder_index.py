"""AccountValuesChanged after a quote update names the holders of what moved, not every account on the
desk, and still names every account whose values changed (after random orders and price moves, on
a fresh engine and on one rebuilt from a snapshot or a database)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import C230, OPEN_TIME, ok, order
from workstation.engine.api import Engine
from workstation.engine.core.terms import AccountType, Action
from workstation.engine.ledger.accounts import Account, Position
from workstation.engine.ledger.holders import HolderIndex
from workstation.engine.messages.commands import (
    AdvanceClock,
    Command,
    OpenAccount,
    SeedPosition,
    SetPrice,
)
from workstation.engine.messages.events import AccountValuesChanged, PositionChanged
from workstation.resources import demo_universe_spec

ACCOUNTS = (
    OpenAccount("AAPL1", AccountType.MARGIN, cash=(("USD", Decimal(500_000)),),
                positions=(SeedPosition("AAPL", Decimal(100), Decimal(200)),)),
    OpenAccount("OPT1", AccountType.MARGIN, cash=(("USD", Decimal(500_000)),),
                positions=(SeedPosition(C230, Decimal(-2), Decimal(5)),)),
    OpenAccount("MSFT1", AccountType.CASH, cash=(("USD", Decimal(500_000)),),
                positions=(SeedPosition("MSFT", Decimal(50), Decimal(300)),)),
    OpenAccount("EUR1", AccountType.MARGIN, cash=(("USD", Decimal(500_000)), ("EUR", Decimal(20_000)))),
    OpenAccount("ES1", AccountType.MARGIN, cash=(("USD", Decimal(500_000)),),
                positions=(SeedPosition("ESZ6", Decimal(1), Decimal(5000)),)),
    OpenAccount("IDLE", AccountType.MARGIN, cash=(("USD", Decimal(500_000)),)),
)
SYMBOLS = ("AAPL", "MSFT", "SPY", C230, "ESZ6", "SAP", "EUR.USD")
PRICED = ("AAPL", "MSFT", "SPY", "ESZ6", "SAP", "EUR.USD")


def _desk(make_engine, random_walk: bool = False) -> Engine:
    engine = make_engine(random_walk=random_walk)
    for command in ACCOUNTS:
        ok(engine.execute(command))
    return engine


def _named(result) -> set[str]:
    return {a for e in ok(result).events if isinstance(e, AccountValuesChanged) for a in e.account_ids}


def test_a_price_set_names_the_holders_of_the_contract_and_of_its_options(make_engine):
    engine = _desk(make_engine)
    assert _named(engine.execute(SetPrice("AAPL", Decimal("231.00")))) == {"AAPL1", "OPT1"}
    assert _named(engine.execute(SetPrice("MSFT", Decimal("310.00")))) == {"MSFT1"}


def test_a_fill_names_the_trader_and_the_holders_of_what_traded(make_engine):
    engine = _desk(make_engine)
    assert _named(engine.execute(order("IDLE", "MSFT", quantity="10"))) == {"IDLE", "MSFT1"}
    assert _named(engine.execute(SetPrice("MSFT", Decimal("305.00")))) == {"IDLE", "MSFT1"}


def test_an_fx_rate_or_the_clock_moving_names_every_exposed_account(make_engine):
    engine = _desk(make_engine)
    exposed = {"AAPL1", "OPT1", "MSFT1", "EUR1", "ES1"}
    assert _named(engine.execute(SetPrice("EUR.USD", Decimal("1.2000")))) == exposed
    assert _named(engine.execute(AdvanceClock(OPEN_TIME + timedelta(minutes=1)))) == exposed


def test_a_position_dropped_from_its_account_drops_the_account_from_the_index():
    account = Account("U9", AccountType.MARGIN, "USD", positions={"AAPL": Position("AAPL", Decimal(10))})
    index = HolderIndex([account])
    assert list(index.holders(["AAPL"])) == ["U9"]
    del account.positions["AAPL"]
    index.follow([PositionChanged("U9", "AAPL", Decimal(0), Decimal(0), Decimal(0), Decimal(-10))], {"U9": account})
    assert not index.holders(["AAPL"])


def test_a_closed_position_with_realized_pnl_keeps_its_account_named(make_engine):
    engine = _desk(make_engine)
    ok(engine.execute(SetPrice("AAPL", Decimal("250.00"))))
    ok(engine.execute(order("AAPL1", "AAPL", Action.SELL, "100")))
    assert "AAPL1" in _named(engine.execute(SetPrice("AAPL", Decimal("232.00"))))


def test_the_index_is_rebuilt_from_a_snapshot(make_engine, universe):
    engine = _desk(make_engine)
    ok(engine.execute(order("IDLE", "SPY", quantity="10")))
    reopened = Engine.from_snapshot(universe, engine.snapshot())
    assert _named(reopened.execute(SetPrice("SPY", Decimal("600.00")))) == {"IDLE"}
    assert _named(reopened.execute(SetPrice("AAPL", Decimal("229.00")))) == {"AAPL1", "OPT1"}


def test_the_index_is_rebuilt_when_a_database_is_reopened(tmp_path):
    from workstation.store import open_engine  # noqa: PLC0415 - the store sits above the engine

    universe_spec = demo_universe_spec()

    path = tmp_path / "desk.db"
    engine, store = open_engine(path, universe_spec=universe_spec, seed=7, start=OPEN_TIME,
                                initial_commands=ACCOUNTS, random_walk=False)
    ok(engine.execute(order("IDLE", "SPY", quantity="10")))
    store.close()
    reopened, store = open_engine(path, universe_spec=universe_spec, seed=7, start=OPEN_TIME)
    assert _named(reopened.execute(SetPrice("SPY", Decimal("600.00")))) == {"IDLE"}
    store.close()


def _step(draw_kind: int, account: int, symbol: int, size: int, move: int) -> Command:
    ids = [c.account_id for c in ACCOUNTS]
    if draw_kind == 0:
        return order(ids[account], SYMBOLS[symbol], Action.BUY if size > 0 else Action.SELL, str(abs(size) or 1))
    if draw_kind == 1:
        return SetPrice(PRICED[symbol % len(PRICED)], Decimal(0))  # priced from the current one below
    return AdvanceClock(OPEN_TIME + timedelta(seconds=move))


STEPS = st.lists(st.tuples(st.integers(0, 2), st.integers(0, len(ACCOUNTS) - 1), st.integers(0, len(SYMBOLS) - 1),
                           st.integers(-30, 30), st.integers(1, 90)), min_size=1, max_size=12)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
def test_every_account_whose_values_changed_is_named(make_engine, steps):
    engine = _desk(make_engine, random_walk=True)
    clock = 0
    for kind, account, symbol, size, move in steps:
        command = _step(kind, account, symbol, size, move)
        if isinstance(command, SetPrice):
            current = engine.price_of(command.symbol)
            command = SetPrice(command.symbol, (current * Decimal(100 + size) / 100).quantize(current))
        if isinstance(command, AdvanceClock):
            clock += move
            command = AdvanceClock(OPEN_TIME + timedelta(seconds=clock))
        before = {a: engine.account_values(a) for a in engine.account_ids()}
        result = engine.execute(command)
        after = {a: engine.account_values(a) for a in engine.account_ids()}
        changed = {a for a in after if after[a] != before.get(a)}
        named = {a for e in getattr(result, "events", ()) for a in getattr(e, "account_ids", ())
                 if isinstance(e, AccountValuesChanged)}
        assert changed <= named, (command, changed - named)
