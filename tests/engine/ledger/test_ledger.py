"""Cash and position bookings of executions: average cost, realized P&L, futures and FX."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import OPEN_TIME, ok, placed_id
from workstation.engine.api import Engine
from workstation.engine.core.terms import AccountType, Action, OrderType
from workstation.engine.messages.commands import ForceExecution, OpenAccount, PlaceOrder, SetPrice


def force(engine, account, symbol, action, quantity, price):
    """Place a limit order the market cannot reach and execute it at ``price`` (a scenario's
    ``fill``): a buy at one tick, a sell at 99,999."""
    tick = engine.catalog[symbol].tick_size
    limit = tick if action is Action.BUY else Decimal(99999)
    order_id = placed_id(engine.execute(PlaceOrder(account, symbol, action, Decimal(quantity), OrderType.LMT,
                                                   lmt_price=limit)))
    ok(engine.execute(ForceExecution(order_id, Decimal(quantity), Decimal(price))))
    return order_id


def test_buying_debits_price_and_commission_and_sets_average_cost(engine):
    force(engine, "U1", "AAPL", Action.BUY, "100", "150.00")
    # cash: 100,000 - 100 x 150.00 - 1.00 commission = 84,999.00
    assert engine.cash("U1") == {"USD": Decimal("84999.00")}
    [position] = engine.positions("U1")
    # avg cost includes commission: (15,000 + 1) / 100 = 150.01
    assert (position.quantity, position.avg_cost) == (Decimal(100), Decimal("150.01"))


def test_selling_realizes_pnl_net_of_both_commissions(engine):
    force(engine, "U1", "AAPL", Action.BUY, "100", "150.00")
    force(engine, "U1", "AAPL", Action.SELL, "100", "160.00")
    # realized: (160.00 - 150.01) x 100 - 1.00 = 998.00
    assert engine.account("U1").positions["AAPL"].realized_pnl == Decimal("998.00")
    # cash: 100,000 - 15,001 + 16,000 - 1 = 100,998.00 (conserved: start + realized)
    assert engine.cash("U1")["USD"] == Decimal("100998.00")


def test_a_sale_through_zero_opens_a_short_at_the_fill_price(engine):
    force(engine, "U1", "AAPL", Action.BUY, "100", "150.00")
    force(engine, "U1", "AAPL", Action.SELL, "300", "155.00")
    position = engine.account("U1").positions["AAPL"]
    assert position.quantity == Decimal(-200)
    # 300 shares pay 1.50; 200/300 of it (1.00) belongs to the opening short and lowers its
    # proceeds: avg cost = (155 x 200 - 1.00) / 200 = 154.995
    assert position.avg_cost == Decimal("154.995")
    # realized on the 100 closed: (155 - 150.01) x 100 - 0.50 = 498.50
    assert position.realized_pnl == Decimal("498.50")


def test_futures_move_cash_only_by_commission_and_realized_gain(engine):
    force(engine, "U1", "ESZ6", Action.BUY, "1", "5900.00")
    assert engine.cash("U1")["USD"] == Decimal("100000") - Decimal("0.85")
    ok(engine.execute(SetPrice("ESZ6", Decimal("5910.00"))))
    values = engine.account_values("U1")
    # open futures gain at trade prices: (5,910 - 5,900) x 50 = 500.00, in TotalCashValue as at IB
    assert values["FuturesPNL"] == Decimal("500.00")
    assert values["TotalCashValue"] == Decimal("100499.15")
    assert values["NetLiquidation"] == Decimal("100499.15")
    force(engine, "U1", "ESZ6", Action.SELL, "1", "5910.00")
    # 100,000 - 0.85 + 500.00 - 0.85 = 100,498.30
    assert engine.cash("U1")["USD"] == Decimal("100498.30")
    assert engine.account("U1").positions["ESZ6"].realized_pnl == Decimal("498.30")


def test_fx_trades_are_two_cash_balances_and_never_convert_on_their_own(engine):
    force(engine, "U1", "EUR.USD", Action.BUY, "20000", "1.0800")
    cash = engine.cash("U1")
    # +20,000 EUR; -21,600 USD and the USD 2.00 minimum commission
    assert cash["EUR"] == Decimal("20000")
    assert cash["USD"] == Decimal("100000") - Decimal("21600.0000") - Decimal("2.00")
    assert engine.positions("U1") == []


def test_buying_a_euro_stock_borrows_euros_rather_than_converting_dollars(engine):
    force(engine, "U1", "SAP", Action.BUY, "10", "200.00")
    # 10 x 200 = EUR 2,000 plus EUR 3.00 minimum: the EUR balance goes negative, USD is untouched
    assert engine.cash("U1") == {"USD": Decimal("100000"), "EUR": Decimal("-2003.00")}


def test_net_liquidation_converts_every_currency_to_base(engine):
    force(engine, "U1", "SAP", Action.BUY, "10", "200.00")
    ok(engine.execute(SetPrice("EUR.USD", Decimal("1.1000"))))
    ok(engine.execute(SetPrice("SAP", Decimal("210.00"))))
    values = engine.account_values("U1")
    # cash: 100,000 - 2,003 x 1.10 = 97,796.70; SAP: 10 x 210 x 1.10 = 2,310.00
    assert values["TotalCashValue"] == Decimal("97796.70")
    assert values["StockMarketValue"] == Decimal("2310.00")
    assert values["NetLiquidation"] == Decimal("100106.70")


def test_options_pay_premium_times_multiplier(engine):
    ok(engine.execute(SetPrice("AAPL", Decimal("200.00"))))  # the 200 call is then worth more than a tick
    force(engine, "U1", "AAPL  261218C00200000", Action.BUY, "2", "3.50")
    # 2 x 3.50 x 100 = 700.00 plus 2 x 0.65 = 1.30
    assert engine.cash("U1")["USD"] == Decimal("100000") - Decimal("701.30")


def test_a_short_round_trip_realizes_exactly_the_cash_it_made(engine):
    force(engine, "U1", "AAPL", Action.SELL, "100", "100.00")
    # proceeds 10,000 less 1.00: avg cost 99.99 per share
    assert engine.account("U1").positions["AAPL"].avg_cost == Decimal("99.99")
    force(engine, "U1", "AAPL", Action.BUY, "100", "90.00")
    # realized: (99.99 - 90.00) x 100 - 1.00 = 998.00 = 9,999 received - 9,001 paid
    assert engine.account("U1").positions["AAPL"].realized_pnl == Decimal("998.00")
    assert engine.cash("U1")["USD"] == Decimal("100998.00")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.integers(1, 400), st.integers(5000, 25000)), min_size=1, max_size=8))
def test_once_flat_realized_pnl_equals_the_cash_the_trades_made(universe, trades):
    # Invariant: whatever the sequence of buys, sells, flips and partial closes, when the
    # position is back to zero the realized P&L is the cash it brought in (to Decimal's 28
    # significant digits: an average cost is a division).
    engine = Engine.new(universe, 7, OPEN_TIME, random_walk=False)
    ok(engine.execute(OpenAccount("U1", AccountType.MARGIN, cash=(("USD", Decimal("10000000")),))))
    for buy, quantity, cents in trades:
        force(engine, "U1", "AAPL", Action.BUY if buy else Action.SELL, str(quantity), f"{cents / 100:.2f}")
    held = engine.account("U1").position_quantity("AAPL")
    if held:
        force(engine, "U1", "AAPL", Action.SELL if held > 0 else Action.BUY, str(abs(held)), "150.00")
    realized = engine.account("U1").positions["AAPL"].realized_pnl
    assert abs(realized - (engine.cash("U1")["USD"] - Decimal("10000000"))) < Decimal("1e-18")
