"""A covered call in a cash account needs its shares paid in full: where free riding's unpaid purchase meets
the options a cash account may write.

IB's options margin table, "Cash or IRA Cash" column, as ZacksTrade (an IB introducing broker) restates it
(https://www.zackstrade.com/faq/margin-faq/option-margin/): covered call "Stock paid in full or None"; IB KB 3101
(https://ibkr.info/nl/node/3101): a purchase is paid when settled cash covers it ("the trade must settle").
Research note §3.2 example F2: under the strict credit check a purchase goes unpaid only when it fills above
what was reserved for it. Commission: US stock 0.005 a share, minimum 1.00; options 0.65 a contract, minimum 1.00.
"""

from decimal import Decimal

from tests.factories import C240, assert_refused, ok, order
from workstation.engine.core.terms import AccountType, Action, OrderType
from workstation.engine.messages.commands import Deposit, OpenAccount, PlaceOrder, SetPrice

D = Decimal


def test_shares_bought_but_not_paid_for_cover_no_call_until_paid(make_engine):
    engine = make_engine()  # Tue 24 Nov 2026 10:00 ET, prices frozen
    ok(engine.execute(OpenAccount("C1", AccountType.CASH, cash=(("USD", D(25000)),), permissions=("STK", "OPT"))))
    ok(engine.execute(SetPrice("AAPL", D("200.00"))))
    # BUY 100 AAPL STP 210.00, estimated at its stop with the 5% cushion: (21,000.00 + 1.00) x 1.05 = 22,051.05
    # <= 25,000.00, accepted. AAPL gaps to 260.00: filled at the ask 260.02, 26,002.00 + 1.00 = 26,003.00:
    # SettledCash = 25,000.00 - 26,003.00 = -1,003.00: 1,003.00 of the purchase unpaid.
    ok(engine.execute(order("C1", "AAPL", quantity="100", order_type=OrderType.STP, aux="210.00")))
    ok(engine.execute(SetPrice("AAPL", D("260.00"))))
    settled = engine.account_values("C1")["SettledCash"]
    assert settled == D("-1003.00")
    write = PlaceOrder("C1", C240, Action.SELL, D(1), OrderType.LMT, D("1.00"))
    refused = assert_refused(engine, write, "STOCK_NOT_PAID", "total_quantity")
    assert refused.message == (
        f"writing 1 {C240} needs AAPL paid in full (IB's covered call in a cash account: \"Stock paid in full\"); "
        f"cash account C1 has not paid for its purchase of AAPL: settled cash is {settled:,.2f} USD")
    assert engine.preview(write).rejected == refused  # the preview says what the refusal says
    # A deposit of 1,003.00 brings settled cash to 0.00 and pays for the shares: the call is covered (a sale's
    # commission comes out of its proceeds; the premium settles Wed 25).
    ok(engine.execute(Deposit("C1", "USD", -settled)))
    ok(engine.execute(write))
