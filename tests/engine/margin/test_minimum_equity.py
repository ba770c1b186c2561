"""IB's USD 2,000 minimum applies to borrowing: under it a margin account may buy what its cash pays
for and close positions, but not take a debit balance, sell short or write an uncovered option.

IB: "should the account balance fall below USD 2,000 IBKR is precluded, by regulation, from affording
margin treatment" (https://ibkr.info/es/tag/margin?page=7); FINRA 4210(b) as IB's stock margin page
restates it: long purchases need USD 2,000 "or 100% of the price, whichever is less", short sales
USD 2,000 (https://royaltrade.exchange/en/indexe049.html?f=4745&p=stk). Examples a-d are the research
note's (issue 17, section 5.2): margin account, cash USD 1,500.00, no positions, ELV 1,500.00, KO at 64.00.
"""

from decimal import Decimal

import pytest

from tests.factories import assert_refused, ok, placed_id
from workstation.engine.core.terms import AccountType, Action, OrderType
from workstation.engine.ledger.accounts import Account, Position
from workstation.engine.margin.impact import ProposedFill
from workstation.engine.margin.minimum_equity import order_loan
from workstation.engine.messages.commands import ForceExecution, OpenAccount, PlaceOrder, SeedPosition, SetPrice

D = Decimal
CALL = "AAPL  261218C00260000"
PUT = "AAPL  261218P00200000"


@pytest.fixture
def small(make_engine):
    """Account S1: margin, USD 1,500.00 of cash, nothing held; KO at 64.00 (bid 63.99, ask 64.01)."""
    engine = make_engine()
    ok(engine.execute(OpenAccount("S1", AccountType.MARGIN, cash=(("USD", D(1500)),))))
    ok(engine.execute(SetPrice("KO", D("64.00"))))
    return engine


def ko_buy(quantity, account="S1"):
    return PlaceOrder(account, "KO", Action.BUY, D(quantity), OrderType.LMT, D("64.00"))


def test_a_a_purchase_paid_from_cash_is_accepted_under_the_minimum(small):
    # a) BUY 10 KO LMT 64.00: 640.00 + 1.00 = 641.00 <= 1,500.00, cash after 859.00, no loan -> accepted.
    #    After: ELV = 859.00 + 640.00 = 1,499.00; IM = 25% x 640.00 = 160.00; AvailableFunds = 1,339.00.
    #    (Before this rule it was refused: IM rose by 160.00 while ELV after, 1,499.00, was under 2,000.00.)
    preview = small.preview(ko_buy(10))
    assert preview.rejected is None and preview.warnings == ()
    assert preview.margin.equity_with_loan.after == D("1499.00")
    assert preview.margin.initial_margin.change == D("160.00")
    assert preview.margin.available_funds.after == D("1339.00")
    order_id = placed_id(small.execute(ko_buy(10)))
    ok(small.execute(ForceExecution(order_id, D(10), D("64.00"))))
    assert small.cash("S1")["USD"] == D("859.00")
    values = small.account_values("S1")
    assert values["EquityWithLoanValue"] == D("1499.00") and values["AvailableFunds"] == D("1339.00")


def test_b_a_purchase_that_borrows_is_refused_and_the_preview_warns_in_the_same_words(small):
    # b) BUY 30 KO LMT 64.00: 1,920.00 + 1.00 = 1,921.00 > 1,500.00, cash after -421.00: a loan.
    #    ELV after = -421.00 + 1,920.00 = 1,499.00 < 2,000.00 -> refused. Available funds alone would allow it:
    #    IM = 25% x 1,920.00 = 480.00, AvailableFunds after = 1,499.00 - 480.00 = 1,019.00.
    result = assert_refused(small, ko_buy(30), "INSUFFICIENT_MARGIN", "total_quantity")
    assert "1,499.00 USD of equity with loan value" in result.message and "USD 2,000" in result.message
    assert "USD cash at -421.00 (from 1,500.00)" in result.message
    assert "IBKR is precluded, by regulation, from affording margin treatment" in result.message
    preview = small.preview(ko_buy(30))
    assert preview.margin.available_funds.after == D("1019.00")
    assert preview.rejected.message == result.message
    assert preview.warnings == (result.message,)


def test_c_a_short_sale_is_refused_under_the_minimum(small):
    # c) SELL 10 KO with none held: a short sale borrows shares. Cash rises to 1,500.00 + 640.00 - 1.00,
    #    ELV after 1,499.00 < 2,000.00 -> refused (FINRA 4210(b): short sales need USD 2,000).
    result = assert_refused(small, PlaceOrder("S1", "KO", Action.SELL, D(10), OrderType.LMT, D("64.00")),
                            "INSUFFICIENT_MARGIN", "total_quantity")
    assert "sells KO short (0 -> -10)" in result.message


def test_d_a_closing_sale_is_accepted_under_the_minimum(make_engine):
    # d) 10 KO held at 64.00 and USD 500.00: ELV 1,140.00. SELL 5 KO closes half: accepted.
    engine = make_engine()
    ok(engine.execute(OpenAccount("S1", AccountType.MARGIN, cash=(("USD", D(500)),),
                                  positions=(SeedPosition("KO", D(10), D(64)),))))
    ok(engine.execute(SetPrice("KO", D("64.00"))))
    assert engine.account_values("S1")["EquityWithLoanValue"] == D("1140.00")
    ok(engine.execute(PlaceOrder("S1", "KO", Action.SELL, D(5), OrderType.LMT, D("64.00"))))
    # Selling 15 would close 10 and open a short of 5: refused.
    assert_refused(engine, PlaceOrder("S1", "KO", Action.SELL, D(15), OrderType.LMT, D("64.00")),
                   "INSUFFICIENT_MARGIN", "total_quantity")


def test_the_minimum_is_converted_to_the_base_currency(make_engine):
    # EUR.USD at 1.2500: USD 2,000 = 1,600.00 EUR. BUY 30 KO LMT 64.00 borrows USD 1,921.00 (no USD held).
    # EUR 1,700.00: ELV after = 1,700.00 + (1,920.00 - 1,921.00) / 1.25 = 1,699.20 >= 1,600.00 -> accepted.
    # EUR 1,500.00: ELV after 1,499.20 < 1,600.00 -> refused, naming both amounts.
    engine = make_engine()
    ok(engine.execute(SetPrice("EUR.USD", D("1.2500"))))
    ok(engine.execute(SetPrice("KO", D("64.00"))))
    for name, euros in (("E1", 1700), ("E2", 1500)):
        ok(engine.execute(OpenAccount(name, AccountType.MARGIN, base_currency="EUR", cash=(("EUR", D(euros)),))))
    ok(engine.execute(ko_buy(30, "E1")))
    result = assert_refused(engine, ko_buy(30, "E2"), "INSUFFICIENT_MARGIN", "total_quantity")
    assert "1,499.20 EUR of equity with loan value" in result.message
    assert "USD 2,000 (1,600.00 EUR)" in result.message and "USD cash at -1,921.00" in result.message


def test_short_options_under_the_minimum_are_refused_unless_covered(make_engine):
    # Decision D5.1. AAPL at 10.00: the 260 call is worthless, its naked requirement about
    # 10% x 100 x 10.00 = 100.00, well inside the funds; but writing it uncovered extends credit.
    # U1: USD 1,500.00, nothing held -> refused. C1: 100 AAPL (1,000.00) and USD 500.00 (ELV 1,500.00):
    # the call is covered by the 100 shares -> accepted.
    engine = make_engine()
    ok(engine.execute(SetPrice("AAPL", D("10.00"))))
    ok(engine.execute(OpenAccount("N1", AccountType.MARGIN, cash=(("USD", D(1500)),))))
    ok(engine.execute(OpenAccount("C1", AccountType.MARGIN, cash=(("USD", D(500)),),
                                  positions=(SeedPosition("AAPL", D(100), D(10)),))))
    write = PlaceOrder("N1", CALL, Action.SELL, D(1), OrderType.LMT, D("0.05"))
    result = assert_refused(engine, write, "INSUFFICIENT_MARGIN", "total_quantity")
    assert f"writes {CALL} uncovered" in result.message
    ok(engine.execute(PlaceOrder("C1", CALL, Action.SELL, D(1), OrderType.LMT, D("0.05"))))
    # A second contract is not covered by the same 100 shares.
    assert_refused(engine, PlaceOrder("C1", CALL, Action.SELL, D(2), OrderType.LMT, D("0.05")),
                   "INSUFFICIENT_MARGIN", "total_quantity")


def test_a_cash_secured_put_borrows_nothing(universe):
    # A short AAPL 200 put is secured by 1 x 100 x 200.00 = 20,000.00 of USD cash after the order.
    put = universe.catalog[PUT]
    fill = ProposedFill(put, Action.SELL, D(1), D("1.00"), D("1.00"), "USD")
    before = Account("P1", AccountType.MARGIN, "USD", cash={"USD": D(19900)})

    def after(cash):
        return Account("P1", AccountType.MARGIN, "USD", cash={"USD": D(cash)},
                       positions={PUT: Position(PUT, D(-1), D("1.00"))})

    assert order_loan(before, after(20000), [fill], universe.catalog.get) is None
    assert order_loan(before, after("19999.99"), [fill], universe.catalog.get) == f"it writes {PUT} uncovered (0 -> -1)"


def test_an_advisor_client_under_the_minimum_gets_what_its_cash_pays_for(make_engine):
    # SMALL (USD 1,500.00) and BIG (USD 100,000.00) share BUY 60 KO LMT 64.00 equally: 30 each.
    # SMALL is under USD 2,000, so it may not borrow: 23 x 64.00 + 1.00 = 1,473.00 <= 1,500.00 but
    # 24 x 64.00 + 1.00 = 1,537.00 > 1,500.00 -> 23. (Before this rule it got none.)
    engine = make_engine()
    ok(engine.execute(SetPrice("KO", D("64.00"))))
    ok(engine.execute(OpenAccount("FA", AccountType.ADVISOR)))
    for name, cash in (("SMALL", 1500), ("BIG", 100000)):
        ok(engine.execute(OpenAccount(name, AccountType.MARGIN, cash=(("USD", D(cash)),), advisor="FA")))
    command = PlaceOrder("FA", "KO", Action.BUY, D(60), OrderType.LMT, D("64.00"), fa_group="All", fa_method="Equal")
    preview = engine.preview(command)
    assert preview.warnings == ()
    rows = {row.account: row for row in engine.allocation_drift(placed_id(engine.execute(command)))}
    assert rows["BIG"].allowed_quantity == 30
    assert rows["SMALL"].allowed_quantity == 23
    assert rows["SMALL"].note == ("Reduced from 30: under USD 2,000 of equity IB may not lend, so only what the cash "
                                  "pays for")


def test_an_account_over_the_minimum_still_borrows(small):
    # USD 2,600.00 of cash: BUY 50 KO LMT 64.00 costs 3,200.00 + 1.00, cash after -601.00 (a margin loan);
    # ELV after = -601.00 + 3,200.00 = 2,599.00 >= 2,000.00 -> accepted.
    ok(small.execute(OpenAccount("S2", AccountType.MARGIN, cash=(("USD", D(2600)),))))
    preview = small.preview(ko_buy(50, "S2"))
    assert preview.margin.equity_with_loan.after == D("2599.00") and preview.warnings == ()
    ok(small.execute(ko_buy(50, "S2")))


SHORT_230 = "AAPL  261218C00230000"
LONG_240 = "AAPL  261218C00240000"
LONG_240_MARCH = "AAPL  270319C00240000"
LONG_240_JANUARY = "AAPL  270115C00240000"


def _spread_account(cash, long_symbol=LONG_240, long_count=1, short_count=1):
    return Account("V1", AccountType.MARGIN, "USD", cash={"USD": D(cash)},
                   positions={long_symbol: Position(long_symbol, D(long_count), D("3.00")),
                              SHORT_230: Position(SHORT_230, D(-short_count), D("7.00"))})


def test_a_credit_spread_whose_maximum_loss_the_cash_pays_borrows_nothing(universe):
    # Research note section 5: a defined-risk spread fully paid from cash is not a loan (FINRA 4210(b): "100%
    # of the price"). Short AAPL Dec 230 call against a long Dec 240 call: the most it can lose is
    # (240 - 230) x 100 = 1,000.00 (premium aside). USD 1,000.00 of cash after the order pays it -> no loan;
    # 999.99 does not -> the short call is uncovered. (Before spreads were netted, both were uncovered.)
    short = universe.catalog[SHORT_230]
    fill = ProposedFill(short, Action.SELL, D(1), D("7.00"), D("1.00"), "USD")
    before = Account("V1", AccountType.MARGIN, "USD", cash={"USD": D(300)},
                     positions={LONG_240: Position(LONG_240, D(1), D("3.00"))})
    assert order_loan(before, _spread_account(1000), [fill], universe.catalog.get) is None
    assert order_loan(before, _spread_account("999.99"), [fill], universe.catalog.get) == (
        f"it writes {SHORT_230} uncovered (0 -> -1)")
    # Two short calls against one long: the second is a naked call, which only 100 shares would cover.
    assert order_loan(before, _spread_account(5000, short_count=2), [fill], universe.catalog.get) is not None
    # A long call that expires later (March) still limits the risk; one that expires earlier would not.
    assert order_loan(before, _spread_account(1000, LONG_240_MARCH), [fill], universe.catalog.get) is None


def test_a_debit_spread_risks_only_what_was_paid(universe):
    # A long Dec 230 call against a short Dec 240 call is a debit spread, paid in full when the long was
    # bought: its risk beyond that is max(230 - 240, 0) x 100 = 0.00, so it is covered with no cash at all.
    long_230 = universe.catalog[SHORT_230]
    short_240 = universe.catalog[LONG_240]
    fill = ProposedFill(short_240, Action.SELL, D(1), D("3.00"), D("1.00"), "USD")
    before = Account("V2", AccountType.MARGIN, "USD", cash={"USD": D(0)},
                     positions={long_230.symbol: Position(long_230.symbol, D(1), D("7.00"))})
    after = Account("V2", AccountType.MARGIN, "USD", cash={"USD": D(299)},
                    positions={long_230.symbol: Position(long_230.symbol, D(1), D("7.00")),
                               short_240.symbol: Position(short_240.symbol, D(-1), D("3.00"))})
    assert order_loan(before, after, [fill], universe.catalog.get) is None
    # A long Dec call cannot cover a short March call: it expires first, leaving the short naked.
    march_short = universe.catalog[LONG_240_MARCH]
    reversed_after = Account("V2", AccountType.MARGIN, "USD", cash={"USD": D(299)},
                             positions={long_230.symbol: Position(long_230.symbol, D(1), D("7.00")),
                                        LONG_240_MARCH: Position(LONG_240_MARCH, D(-1), D("3.00"))})
    march_fill = ProposedFill(march_short, Action.SELL, D(1), D("3.00"), D("1.00"), "USD")
    assert order_loan(before, reversed_after, [march_fill], universe.catalog.get) is not None


def test_a_credit_spread_under_the_minimum_is_accepted_on_the_desk(make_engine):
    # AAPL at 235.00. V1: USD 1,200.00 and 1 long AAPL Dec 240 call; SELL 1 Dec 230 call LMT 8.00:
    # cash after = 1,200.00 + 800.00 - 1.00 = 1,999.00 >= (240 - 230) x 100 = 1,000.00 -> no loan, accepted
    # although ELV is under USD 2,000 (before spreads were netted: refused as an uncovered call).
    engine = make_engine()
    ok(engine.execute(SetPrice("AAPL", D("235.00"))))
    ok(engine.execute(OpenAccount("V1", AccountType.MARGIN, cash=(("USD", D(1200)),),
                                  positions=(SeedPosition(LONG_240, D(1), D("1.00")),))))
    assert engine.account_values("V1")["EquityWithLoanValue"] < D(2000)
    sale = PlaceOrder("V1", SHORT_230, Action.SELL, D(1), OrderType.LMT, D("8.00"))
    preview = engine.preview(sale)
    assert preview.rejected is None and not any("USD 2,000" in warning for warning in preview.warnings)
    ok(engine.execute(sale))


def test_futures_under_the_minimum_are_refused_only_when_cash_would_go_negative(make_engine):
    # Research note section 5: futures margin is a performance deposit, not a loan. ESZ6 set to 100.00:
    # SPAN maintenance 6% x 100.00 x 50 = 300.00, initial x 1.10 = 330.00.
    # F1: USD 1,500.00. BUY 1 ESZ6: commission 0.85, cash after 1,499.15 >= 0 -> accepted under USD 2,000.
    # F2: EUR 1,000.00 and no USD (base USD, EUR.USD 1.2500 -> ELV 1,250.00): the commission takes USD cash
    #     to -0.85, a debit balance -> refused by the minimum (the funds, 1,250.00 - 330.00, would allow it).
    engine = make_engine()
    ok(engine.execute(SetPrice("EUR.USD", D("1.2500"))))
    ok(engine.execute(SetPrice("ESZ6", D("100.00"))))
    ok(engine.execute(OpenAccount("F1", AccountType.MARGIN, cash=(("USD", D(1500)),))))
    ok(engine.execute(OpenAccount("F2", AccountType.MARGIN, cash=(("EUR", D(1000)),))))
    buy = PlaceOrder("F1", "ESZ6", Action.BUY, D(1), OrderType.LMT, D("100.00"))
    assert engine.preview(buy).warnings == ()
    ok(engine.execute(buy))
    result = assert_refused(engine, PlaceOrder("F2", "ESZ6", Action.BUY, D(1), OrderType.LMT, D("100.00")),
                            "INSUFFICIENT_MARGIN", "total_quantity")
    assert "USD cash at -0.85 (from 0.00)" in result.message
