"""The engine's Trades Summary and Daily P&L follow events: after any mix of fills, busts, corrections and
final distributions they answer exactly (same digits) what adding up every execution ever gives, and a
snapshot carries them across a restart."""

from datetime import timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import OPEN_TIME, ok
from workstation.engine.api import Accepted, Engine
from workstation.engine.core.money import round_cents
from workstation.engine.core.terms import AccountType, Action, AllocationMethod, OrderType
from workstation.engine.messages.commands import (
    AdvanceClock,
    BustExecution,
    CancelOrder,
    CorrectExecution,
    DefineGroup,
    ForceExecution,
    OpenAccount,
    PlaceOrder,
)
from workstation.engine.messages.events import CommissionRestated, ExecutionBusted, ExecutionCorrected
from workstation.engine.views.daily_pnl import units_booked
from workstation.engine.views.trades_summary import ExactSum, summarise_trades

D = Decimal
# Limit orders far from the market (KO 64.30, EUR.USD about 1.08) work until forced.
LIMITS = {"KO": {Action.BUY: D("0.50"), Action.SELL: D("900.00")},
          "EUR.USD": {Action.BUY: D("0.5000"), Action.SELL: D("9.0000")}}


def summed_afresh(engine: Engine) -> list:
    """Today's way: every execution ever, the busted ones left out, commissions from the orders."""
    return summarise_trades(engine.executions(), engine._state.busted, {o.order_id: o for o in engine.orders()})


def daily_pnl_afresh(engine: Engine, account_id: str) -> dict[str, Decimal]:
    """Today's way: every execution ever, those before the open and the busted ones left out, each
    fill marked from its own price."""
    state = engine._state
    since = engine.calendar.latest_open(state.now) or state.now
    account = state.accounts[account_id]
    traded: dict[str, Decimal] = {}
    gain: dict[str, Decimal] = {}
    for execution in engine.executions():
        units = units_booked(execution, account_id)
        if execution.time >= since and execution.exec_id not in state.busted and units:
            traded[execution.symbol] = traded.get(execution.symbol, D(0)) + units
            gain[execution.symbol] = gain.get(execution.symbol, D(0)) + (
                engine.price_of(execution.symbol) - execution.price) * units
    return {symbol: round_cents(((engine.price_of(symbol) - engine.quote(symbol).close)
                                 * (account.position_quantity(symbol) - traded.get(symbol, D(0)))
                                 + gain.get(symbol, D(0))) * engine.catalog[symbol].multiplier)
            for symbol in {*account.positions, *traded}}


def assert_same_as_afresh(engine: Engine, accounts: list[str]) -> None:
    # repr, not ==: Decimal equality ignores trailing zeros, and the summary must show the same digits
    assert repr(engine.trades_summary()) == repr(summed_afresh(engine))
    for row in summed_afresh(engine):
        assert repr(engine.trades_summary_row(row.account, row.symbol, row.action)) == repr(row)
    for account in accounts:  # rounded to cents: equal amounts show the same digits
        assert engine.daily_pnl(account) == daily_pnl_afresh(engine, account)


step = st.tuples(st.integers(min_value=0, max_value=3), st.sampled_from(["fill", "fill", "bust", "correct", "cancel"]),
                 st.integers(min_value=1, max_value=30), st.integers(min_value=1, max_value=9_000),
                 st.booleans())


@settings(max_examples=30, deadline=None)
@given(weights=st.lists(st.integers(min_value=1, max_value=40), min_size=1, max_size=3),
       method=st.sampled_from([AllocationMethod.CONTRACTS_OR_SHARES, AllocationMethod.EQUAL, AllocationMethod.RATIO]),
       symbol=st.sampled_from(sorted(LIMITS)), steps=st.lists(step, min_size=1, max_size=14),
       next_day=st.booleans(), data=st.data())
def test_the_running_summary_and_daily_pnl_equal_a_sum_over_every_execution(universe, weights, method, symbol, steps,
                                                                           next_day, data):
    engine = Engine.new(universe, 7, OPEN_TIME, random_walk=False)
    ok(engine.execute(OpenAccount("FA", AccountType.ADVISOR)))
    clients = [f"C{i}" for i in range(len(weights))]
    for client in clients:
        ok(engine.execute(OpenAccount(client, AccountType.MARGIN, cash=(("USD", D(10_000_000)),), advisor="FA")))
    ok(engine.execute(DefineGroup("FA", "G", method, tuple((c, D(w)) for c, w in zip(clients, weights)))))
    scale = 1000 if symbol == "EUR.USD" else 1
    total = D(sum(weights) * scale * 40)

    def place(action: Action, advisor: bool) -> int:
        account, group = ("FA", "G") if advisor else ("C0", None)
        result = ok(engine.execute(PlaceOrder(account, symbol, action, total, OrderType.LMT,
                                              LIMITS[symbol][action], fa_group=group)))
        return result.events[0].order_id

    orders = [place(Action.BUY, False), place(Action.BUY, True), place(Action.SELL, False), place(Action.SELL, True)]
    for number, kind, quantity, cents, wide in steps:
        if next_day and number == 3 and kind == "cancel" and engine.now.date() == OPEN_TIME.date():
            # a new session: yesterday's fills leave Daily P&L, the summary keeps them
            ok(engine.execute(AdvanceClock(engine.calendar.next_session(engine.now + timedelta(days=1)).open)))
        order_id = orders[number]
        order = engine.order(order_id)
        standing = [e for e in engine.executions(order_id) if not engine.is_busted(e.exec_id)]
        # prices with two places or with four (trailing zeros): the sums must keep the digits they would have
        price = D(cents) / 100 if scale == 1 else D(cents) / 10_000 + D(1)
        price = price.quantize(D("0.0001")) if wide else price
        if kind == "fill" and not order.is_done:
            ok(engine.execute(ForceExecution(order_id, min(D(quantity * scale), order.remaining), price)))
        elif kind in ("bust", "correct") and standing:
            target = data.draw(st.sampled_from(standing)).exec_id
            result = engine.execute(BustExecution(target) if kind == "bust" else CorrectExecution(target, price))
            if not isinstance(result, Accepted):
                continue  # refused (e.g. already distributed): nothing changed
        elif kind == "cancel" and not order.is_done:
            ok(engine.execute(CancelOrder(order_id)))  # ends the order: an advisor order's final distribution
        assert_same_as_afresh(engine, clients)

    restarted = Engine.from_snapshot(engine.universe, engine.snapshot(), engine.calendar)
    assert repr(restarted.trades_summary()) == repr(engine.trades_summary())
    for client in clients:
        assert restarted.daily_pnl(client) == engine.daily_pnl(client)


def test_a_bust_publishes_the_orders_restated_commission_before_the_bust(engine):
    buy = ok(engine.execute(PlaceOrder("U1", "AAPL", Action.BUY, D(300), OrderType.LMT, D("140.00")))).events[0]
    ok(engine.execute(ForceExecution(buy.order_id, D(100), D("149.00"))))
    ok(engine.execute(ForceExecution(buy.order_id, D(200), D("149.30"))))
    first = engine.executions(buy.order_id)[0].exec_id

    events = ok(engine.execute(BustExecution(first))).events

    kinds = [type(e) for e in events]
    restated = events[kinds.index(CommissionRestated)]
    # 300 x 0.005 = 1.50 before; 200 x 0.005 = 1.00 is the 1.00 minimum after
    assert (restated.account, restated.symbol, restated.action) == ("U1", "AAPL", Action.BUY)
    assert (restated.previous, restated.commission, restated.accounts) == (D("1.50"), D("1.00"), (("U1", D("1.00")),))
    assert kinds.index(CommissionRestated) < kinds.index(ExecutionBusted)
    busted = events[kinds.index(ExecutionBusted)]
    assert busted.account == "U1"


def test_a_correction_names_its_executions_row_and_size(engine):
    buy = ok(engine.execute(PlaceOrder("U1", "AAPL", Action.BUY, D(300), OrderType.LMT, D("140.00")))).events[0]
    ok(engine.execute(ForceExecution(buy.order_id, D(100), D("149.00"))))
    exec_id = engine.executions(buy.order_id)[0].exec_id

    events = ok(engine.execute(CorrectExecution(exec_id, D("149.10")))).events

    [corrected] = [e for e in events if isinstance(e, ExecutionCorrected)]
    assert (corrected.account, corrected.symbol, corrected.action, corrected.quantity) == (
        "U1", "AAPL", Action.BUY, D(100))
    # 100 x 0.005 = 0.50 is the 1.00 minimum at either price: nothing restated
    assert not any(isinstance(e, CommissionRestated) for e in events)


def test_an_exact_sum_reads_as_a_fresh_sum_of_the_terms_left():
    running = ExactSum()
    for term in (D("1.5000"), D("2.25"), D("3")):
        running.add(term)
    running.remove(D("1.5000"))

    # a fresh sum of 2.25 and 3 is 5.25, not the 5.2500 the removed term's places would leave
    assert repr(running.value()) == repr(sum((D("2.25"), D("3")), D(0))) == "Decimal('5.25')"
