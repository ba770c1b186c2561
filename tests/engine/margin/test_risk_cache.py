"""The pre-trade figures kept group by group: equal to the whole account's, and the quick checks'
slack covers every change trades can make."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import C230, C240, OPEN_TIME, P210, ok
from workstation.engine.api import Accepted, Engine
from workstation.engine.core.terms import AccountType, Action, OrderType
from workstation.engine.messages.commands import ForceExecution, OpenAccount, PlaceOrder

D = Decimal


@settings(max_examples=30, deadline=None)
@given(trades=st.lists(st.tuples(st.sampled_from(["AAPL", "KO", "TQQQ", "SAP", C230, C240, P210, "ESZ6",
                                                  "ESZ6 C5900", "SPY"]),
                                 st.sampled_from([Action.BUY, Action.SELL]), st.integers(1, 40),
                                 st.booleans()), min_size=1, max_size=8),
       kind=st.sampled_from([AccountType.MARGIN, AccountType.PORTFOLIO]))
def test_the_pre_trade_figures_kept_group_by_group_equal_the_whole_accounts(universe, trades, kind):
    from workstation.engine.messages.commands import AdvanceClock

    engine = Engine.new(universe, 4, OPEN_TIME, random_walk=True)
    ok(engine.execute(OpenAccount("M", kind, cash=(("USD", D(2000000)), ("EUR", D(5000))),
                                  permissions=("STK", "OPT", "FUT", "FOP"))))
    minute = 0
    for symbol, action, quantity, tick in trades:
        engine.execute(PlaceOrder("M", symbol, action, D(quantity)))   # refusals are fine: nothing changes
        if tick:
            minute += 1
            ok(engine.execute(AdvanceClock(OPEN_TIME.replace(minute=minute))))
        impact = engine.preview(PlaceOrder("M", "KO", Action.BUY, D(1))).margin
        tags = engine.account_values("M")
        assert abs(impact.equity_with_loan.before - tags["EquityWithLoanValue"]) <= D("0.02")
        assert abs(impact.initial_margin.before - tags["InitMarginReq"]) <= D("0.02")
        assert abs(impact.maintenance_margin.before - tags["MaintMarginReq"]) <= D("0.02")


@settings(max_examples=40, deadline=None)
@given(trades=st.lists(st.tuples(st.sampled_from(["AAPL", "KO", "TQQQ", C230, C240, P210, "ESZ6", "ESZ6 C5900",
                                                  "SPY", "SAP"]),
                                 st.sampled_from([Action.BUY, Action.SELL]), st.integers(1, 60),
                                 st.sampled_from(["0.8", "1", "1.2"]), st.booleans()),
                       min_size=1, max_size=8))
def test_the_quick_checks_bound_bounds_every_change_trades_can_make(universe, trades):
    """Checks that skip computing trust the stale figures within a slack: the slack must cover how
    far the trades really moved them."""
    engine = Engine.new(universe, 5, OPEN_TIME, random_walk=False)
    ok(engine.execute(OpenAccount("M", AccountType.MARGIN, cash=(("USD", D(3000000)), ("EUR", D(20000))),
                                  permissions=("STK", "OPT", "FUT", "FOP"))))
    risk = engine._margin.risk  # the cache under test
    account = engine.account("M")
    risk.totals(account, engine.now)
    for symbol, action, quantity, away, recompute in trades:
        tick = engine.catalog[symbol].tick_size
        price = max((engine.quote(symbol).last * D(away) / tick).to_integral_value() * tick, tick)
        limit = tick if action is Action.BUY else D(99999)
        placed = engine.execute(PlaceOrder("M", symbol, action, D(quantity), OrderType.LMT, limit))
        if not isinstance(placed, Accepted):
            continue  # refused by the pre-trade check: nothing traded
        ok(engine.execute(ForceExecution(placed.events[0].order_id, D(quantity), price)))
        stale, slack = risk.loose_totals(account, engine.now)
        if not recompute:
            continue  # the slack of several trades adds up
        exact = risk.totals(account, engine.now)
        for measure in (lambda t: t.equity_with_loan - t.initial, lambda t: t.equity_with_loan - t.maintenance,
                        lambda t: t.equity_with_loan_s - t.reg_t, lambda t: t.equity_with_loan,
                        lambda t: t.net_liquidation):
            assert abs(measure(exact) - measure(stale)) <= slack + 1e-6
