"""An order's commission is what its executions say, and what its accounts paid: the parts add up
to the whole, to the cent, after partial fills, final distributions, corrections and busts."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import OPEN_TIME, ok
from workstation.engine.api import Accepted, Engine
from workstation.engine.core.commissions import spread_to_cents
from workstation.engine.core.terms import AccountType, Action, AllocationMethod, OrderType
from workstation.engine.messages.commands import (
    BustExecution,
    CancelOrder,
    CorrectExecution,
    DefineGroup,
    ForceExecution,
    OpenAccount,
    PlaceOrder,
)

D = Decimal
# KO trades at 64.30 in the demo universe: limit orders far from it work until forced.
SYMBOLS = {"KO": (D("0.50"), D("90.00")), "EUR.USD": (D("0.8000"), D("1.4000"))}


def standing_commissions(engine: Engine, order_id: int) -> Decimal:
    return sum((e.commission for e in engine.executions(order_id) if not engine.is_busted(e.exec_id)), D(0))


def assert_commissions_add_up(engine: Engine, order_id: int) -> None:
    order = engine.order(order_id)
    assert standing_commissions(engine, order_id) == order.commission
    if order.allocation is not None:
        paid = {row.account: row.commission for row in order.allocation.rows}
        assert sum(paid.values(), D(0)) == order.commission
        # each execution's accounts add up to the execution, each account's parts to what it paid
        parts: dict[str, Decimal] = {}
        for execution in engine.executions(order_id):
            if engine.is_busted(execution.exec_id):
                continue
            assert sum((c for _, c in execution.allocation_commissions), D(0)) == execution.commission
            for account, commission in execution.allocation_commissions:
                parts[account] = parts.get(account, D(0)) + commission
        assert {a: c for a, c in parts.items() if c} == {a: c for a, c in paid.items() if c}
    assert order.commission == order.commission.quantize(D("0.01"))


fills = st.lists(st.tuples(st.integers(min_value=1, max_value=40), st.sampled_from(["fill", "bust", "correct"])),
                 min_size=1, max_size=8)


@settings(max_examples=60, deadline=None)
@given(weights=st.lists(st.integers(min_value=1, max_value=50), min_size=1, max_size=5),
       method=st.sampled_from([AllocationMethod.CONTRACTS_OR_SHARES, AllocationMethod.EQUAL, AllocationMethod.RATIO,
                               AllocationMethod.NET_LIQ]),
       symbol=st.sampled_from(sorted(SYMBOLS)), steps=fills, cancel=st.booleans(), data=st.data())
def test_execution_and_account_commissions_add_up_to_the_orders(universe, weights, method, symbol, steps, cancel,
                                                                  data):
    engine = Engine.new(universe, 7, OPEN_TIME, random_walk=False)
    ok(engine.execute(OpenAccount("FA", AccountType.ADVISOR)))
    clients = [f"C{i}" for i in range(len(weights))]
    for client in clients:
        ok(engine.execute(OpenAccount(client, AccountType.MARGIN, cash=(("USD", D(1_000_000)),), advisor="FA")))
    ok(engine.execute(DefineGroup("FA", "G", method, tuple((c, D(w)) for c, w in zip(clients, weights)))))
    scale = 1000 if symbol == "EUR.USD" else 1  # FX in thousands, so the 2.00 minimum and the rate both show
    low, high = SYMBOLS[symbol]
    total = D(sum(weights) * scale * 4)
    single = ok(engine.execute(PlaceOrder("C0", symbol, Action.BUY, total, OrderType.LMT, low)))
    grouped = ok(engine.execute(PlaceOrder("FA", symbol, Action.BUY, total, OrderType.LMT, low, fa_group="G")))
    orders = [single.events[0].order_id, grouped.events[0].order_id]
    for order_id in orders:
        for quantity, kind in steps:
            order = engine.order(order_id)
            if order.is_done:
                break
            standing = [e for e in engine.executions(order_id) if not engine.is_busted(e.exec_id)]
            if kind == "fill" or not standing:
                price = data.draw(st.decimals(min_value=low, max_value=high, places=2 if scale == 1 else 4))
                ok(engine.execute(ForceExecution(order_id, min(D(quantity * scale), order.remaining), price)))
            else:
                target = data.draw(st.sampled_from(standing)).exec_id
                command = BustExecution(target) if kind == "bust" else CorrectExecution(target, high)
                result = engine.execute(command)
                if not isinstance(result, Accepted):
                    continue  # a correction to the same price, say: nothing changed
            assert_commissions_add_up(engine, order_id)
        if cancel and not engine.order(order_id).is_done:
            ok(engine.execute(CancelOrder(order_id)))  # ends the order: the final distribution
        assert_commissions_add_up(engine, order_id)


@given(total=st.decimals(min_value=0, max_value=1000, places=2),
       weights=st.lists(st.decimals(min_value=0, max_value=10_000, places=0), min_size=1, max_size=12))
def test_a_spread_adds_up_to_the_total_and_follows_the_weights(total, weights):
    parts = spread_to_cents(total, weights)
    assert sum(parts, D(0)) == total
    assert all(part == part.quantize(D("0.01")) and part >= 0 for part in parts)
    whole = sum(weights, D(0))
    if whole:
        for part, weight in zip(parts, weights):
            assert abs(part - total * weight / whole) < D("0.01")  # largest remainder: within a cent


def test_a_spread_gives_the_cents_left_over_to_the_largest_remainders():
    # 2.00 over 3 equal executions: 0.66 each and 2 cents left, to the first two (ties by position)
    assert spread_to_cents(D("2.00"), [D(1), D(1), D(1)]) == [D("0.67"), D("0.67"), D("0.66")]
    # 1.00 over 1:2 -> 0.333.. and 0.666..: floors 0.33 and 0.66, the cent to the larger remainder
    assert spread_to_cents(D("1.00"), [D(1), D(2)]) == [D("0.33"), D("0.67")]
