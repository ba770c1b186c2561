"""Working orders indexed by contract and trigger price: a market step works only the orders its quotes
reach, and every fill, trigger, status and event stays what working every order in turn gives."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import OPEN_TIME, ok, order, placed_id
from workstation.engine.api import Accepted, Engine
from workstation.engine.core.terms import AccountType, Action, MarketState, OrderStatus, OrderType, TimeInForce
from workstation.engine.market.quotes import Quote
from workstation.engine.messages.commands import AdvanceClock, CancelOrder, ModifyOrder, OpenAccount, PlaceOrder
from workstation.engine.messages.events import OrderStatusChanged
from workstation.engine.orders.order import Order
from workstation.engine.orders.working_index import WorkingIndex

SYMBOLS = ("AAPL", "MSFT", "SPY", "ESZ6")
TYPES = (OrderType.LMT, OrderType.STP, OrderType.STP_LMT, OrderType.MKT)
START = OPEN_TIME.replace(hour=14)  # two hours of trading, the close and after-hours within reach


def _desk(make_engine) -> Engine:
    engine = make_engine(start=START, random_walk=True)
    ok(engine.execute(OpenAccount("U1", AccountType.MARGIN, cash=(("USD", Decimal(50_000_000)),))))
    return engine


def _scanning_every_order(engine: Engine) -> Engine:
    """The same engine working every working order at each pass, as before the index."""
    engine._desk._working.due = lambda working, _quote_of, _market: list(working.values())  # noqa: SLF001
    return engine


def _command(engine: Engine, step: tuple[int, int, int, int, int, bool], clock: list[int]) -> object:
    kind, symbol_at, type_at, offset, size, flag = step
    symbol = SYMBOLS[symbol_at]
    if kind == 0:
        order_type = TYPES[type_at]
        action = Action.BUY if offset % 2 else Action.SELL
        last = engine.price_of(symbol)
        tick = Decimal("0.25") if symbol == "ESZ6" else Decimal("0.01")
        if order_type.takes_stop:  # a stop rests on the far side of the market, for a step to trigger it
            offset = abs(offset) if action is Action.BUY else -abs(offset)
        near = (last * (1 + Decimal(offset) / 10000) / tick).quantize(Decimal(1)) * tick
        stop = near if order_type.takes_stop else None
        limit = near if order_type is OrderType.LMT else (
            near + (tick * 5 if action is Action.BUY else -tick * 5) if order_type is OrderType.STP_LMT else None)
        tif = TimeInForce.IOC if flag and order_type is OrderType.LMT else TimeInForce.GTC if offset % 3 else \
            TimeInForce.DAY
        return PlaceOrder("U1", symbol, action, Decimal(size), order_type, limit, stop, tif, outside_rth=flag)
    working = sorted(o.order_id for o in engine.working_orders() if o.parent_id is None)
    if kind == 1 and working:
        target = engine.order(working[size % len(working)])
        if target.lmt_price is not None:
            return ModifyOrder(target.order_id, lmt_price=target.lmt_price + Decimal(offset) / 100 *
                               (Decimal("0.25") if target.symbol == "ESZ6" else 1))
        return CancelOrder(target.order_id)
    if kind == 2 and working:
        return CancelOrder(working[size % len(working)])
    clock[0] += 7200 * (size - 30) if flag and size > 30 else 60 * size if flag else 5 * size  # hours: the next day
    return AdvanceClock(START + timedelta(seconds=clock[0]))


STEPS = st.lists(st.tuples(st.integers(0, 3), st.integers(0, len(SYMBOLS) - 1), st.integers(0, len(TYPES) - 1),
                           st.integers(-15, 15), st.integers(1, 40), st.booleans()), min_size=1, max_size=30)


def _same_under_both(make_engine, steps) -> None:
    indexed, scanning = _desk(make_engine), _scanning_every_order(_desk(make_engine))
    clock = [0]
    for step in steps:
        command = _command(indexed, step, clock)
        if isinstance(command, ModifyOrder) and command.lmt_price is not None and command.lmt_price <= 0:
            continue
        first, second = indexed.execute(command), scanning.execute(command)
        assert first == second, command
    assert indexed.orders() == scanning.orders()
    assert indexed.executions() == scanning.executions()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
def test_every_fill_and_status_is_what_working_every_order_gives(make_engine, steps):
    _same_under_both(make_engine, steps)


def test_a_night_and_the_next_open_work_as_every_order_in_turn(make_engine):
    """Orders of every type, with and without outside-RTH, rest over the close, through after-hours
    and the closed night, and are released at the next pre-market and open."""
    places = [(0, s, t, offset, 5, outside) for s in range(len(SYMBOLS)) for t in range(len(TYPES))
              for offset in (-4, 3) for outside in (False, True)]
    night = [(3, 0, 0, 0, 40, True)]  # 20 hours on: from 14:00 to 10:00 the next day, the steps at each boundary
    steps = places + [(3, 0, 0, 0, 12, True)] + places[::3] + [(3, 0, 0, 0, 35, True)] + places[1::5] + night \
        + [(3, 0, 0, 0, 20, False)] * 3
    _same_under_both(make_engine, steps)


def test_a_step_works_only_the_orders_its_quotes_reach(make_engine):
    engine = _desk(make_engine)
    last = engine.price_of("AAPL")
    far = [placed_id(engine.execute(order("U1", "AAPL", Action.BUY, "10", OrderType.LMT, lmt=str(last - k),
                                          tif=TimeInForce.GTC))) for k in range(20, 30)]
    index = engine._desk._working  # noqa: SLF001
    assert index.due(engine._state.working, engine.quote, engine.market_state) == []  # noqa: SLF001
    reached = placed_id(engine.execute(order("U1", "AAPL", Action.BUY, "10", OrderType.LMT,
                                             lmt=str(last - 20), tif=TimeInForce.GTC)))
    ok(engine.execute(ModifyOrder(far[3], lmt_price=last + 5)))  # fills at once: leaves the index
    assert far[3] not in engine._state.working  # noqa: SLF001
    assert [o.order_id for o in index.due(engine._state.working, engine.quote, engine.market_state)] == []  # noqa: SLF001
    assert reached in engine._state.working  # noqa: SLF001


def _resting(order_id: int, action: Action, price: str, stop: bool = False) -> Order:
    """A Submitted limit order, or a PreSubmitted stop waiting for ``price``."""
    return Order(order_id, "U1", "AAPL", action, Decimal(10), OrderType.STP if stop else OrderType.LMT,
                 TimeInForce.GTC, OPEN_TIME, lmt_price=None if stop else Decimal(price),
                 aux_price=Decimal(price) if stop else None,
                 status=OrderStatus.PRE_SUBMITTED if stop else OrderStatus.SUBMITTED)


def test_orders_due_come_in_time_priority_and_stops_by_their_trigger():
    resting = _resting
    index = WorkingIndex(lambda _symbol: False)
    working = {o.order_id: o for o in (
        resting(1, Action.BUY, "101"), resting(2, Action.SELL, "99.60"), resting(3, Action.BUY, "100"),
        resting(4, Action.BUY, "98"), resting(5, Action.BUY, "103", stop=True),
        resting(6, Action.SELL, "97", stop=True), resting(7, Action.SELL, "102", stop=True),
        resting(8, Action.SELL, "99.50"))}
    quote = Quote("AAPL", Decimal("99.50"), Decimal("100.00"), Decimal("99.80"), Decimal(100), Decimal(100),
                  Decimal(0), Decimal(0), Decimal(0), Decimal(0), Decimal(0))
    due = index.due(working, lambda _symbol: quote, MarketState.OPEN)
    assert [o.order_id for o in due] == [1, 3, 7, 8]  # buys at or over the ask, sells at or under the bid, stops passed


def test_an_order_placed_outside_regular_hours_is_worked_at_the_open(make_engine):
    engine = make_engine(start=OPEN_TIME.replace(hour=8), random_walk=True)
    ok(engine.execute(OpenAccount("U1", AccountType.MARGIN, cash=(("USD", Decimal(5_000_000)),))))
    last = engine.price_of("AAPL")
    held = placed_id(engine.execute(order("U1", "AAPL", Action.BUY, "10", OrderType.LMT, lmt=str(last + 50),
                                          tif=TimeInForce.GTC)))
    result = engine.execute(AdvanceClock(OPEN_TIME.replace(hour=9, minute=31)))
    assert isinstance(result, Accepted)
    assert any(isinstance(e, OrderStatusChanged) and e.order_id == held and e.status.value == "Filled"
               for e in result.events)


def test_outside_regular_hours_only_orders_allowed_there_are_worked(make_engine):
    engine = make_engine(start=OPEN_TIME.replace(hour=16, minute=30), random_walk=True)  # after hours
    ok(engine.execute(OpenAccount("U1", AccountType.MARGIN, cash=(("USD", Decimal(5_000_000)),))))
    last = engine.price_of("AAPL")
    held = [placed_id(engine.execute(order("U1", "AAPL", Action.BUY, "10", OrderType.LMT, lmt=str(last - k),
                                           tif=TimeInForce.GTC))) for k in range(10, 15)]
    allowed = placed_id(engine.execute(order("U1", "AAPL", Action.BUY, "10", OrderType.LMT, lmt=str(last - 20),
                                             tif=TimeInForce.GTC, outside_rth=True)))
    index = engine._desk._working  # noqa: SLF001
    working = engine._state.working  # noqa: SLF001
    assert index.due(working, engine.quote, MarketState.AFTER_HOURS) == []  # held, or not reached
    assert [o.order_id for o in index.due(working, engine.quote, MarketState.OPEN)] == held  # released
    closed = index.due(working, engine.quote, MarketState.CLOSED)
    assert [o.order_id for o in closed] == [allowed]  # Submitted: to be held; the held ones stay as they are
