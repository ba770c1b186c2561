"""Options in cash accounts: long options paid in full, covered calls, cash-secured puts and European
cash-settled spreads; the shares and cash they commit cannot be spent twice; naked writing is refused.

IB's options margin table, "Cash or IRA Cash" column, restated row by row by ZacksTrade (an IB introducing
broker), https://www.zackstrade.com/faq/margin-faq/option-margin/: long options "Same as Initial" (paid in
full); covered call "Stock paid in full or None"; short naked put "Put Strike Price"; short naked call "N/A";
spreads "Same as Initial if both options are European-style cash-settled. Otherwise, N/A". IB's page applies
its formulas to "Cash or IRA-Cash": https://royaltrade.exchange/en/indexae04.html?f=marginnew&p=opt.
IB on long options: "you must deposit the entire premium plus commissions",
https://www.interactivebrokers.co.in/en/index.php?f=1588&p=acctypes1.

The examples are the research note's (issue 17, section 4.2) with the engine's commission: US options
0.65 a contract, minimum 1.00 an order (the note writes 0.65 for one contract). The requirement of a
cash-secured put is judged before its premium arrives (decision D4.1), so the tests state the figures that do
not depend on when the premium settles: InitMarginReq, and AvailableFunds = EquityWithLoanValue - InitMarginReq.
"""

from datetime import datetime
from decimal import Decimal

import pytest

from tests.factories import C230, C240, OPEN_TIME, P210, P220, assert_refused, ok, placed_id
from workstation.engine.core.terms import AccountType, Action, AllocationMethod, ComboLeg, OrderType
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import (
    AdvanceClock,
    CancelOrder,
    DefineGroup,
    ForceExecution,
    OpenAccount,
    PlaceOrder,
    SeedPosition,
    SetPrice,
)
from workstation.engine.messages.events import PositionSettled

D = Decimal
OPT = ("STK", "OPT")
SPX5800P, SPX5900P = "SPX   261218P05800000", "SPX   261218P05900000"
SPX5900C, SPX6000C = "SPX   261218C05900000", "SPX   261218C06000000"
AFTER_EXPIRY = datetime(2026, 12, 21, 9, 0, tzinfo=EASTERN)  # Mon 21 Dec: the 18 Dec options settled overnight


def cash_account(engine, name, cash, *positions):
    ok(engine.execute(OpenAccount(name, AccountType.CASH, cash=(("USD", D(cash)),), permissions=OPT,
                                  positions=tuple(SeedPosition(s, D(q), D(p)) for s, q, p in positions))))


def sell(account, symbol, quantity, price):
    return PlaceOrder(account, symbol, Action.SELL, D(quantity), OrderType.LMT, D(price))


def buy(account, symbol, quantity, price):
    return PlaceOrder(account, symbol, Action.BUY, D(quantity), OrderType.LMT, D(price))


def filled(engine, command, price=None):
    order_id = placed_id(engine.execute(command))
    if engine.order(order_id).remaining:
        ok(engine.execute(ForceExecution(order_id, command.total_quantity, price or command.lmt_price)))
    return order_id


def values(engine, account, *tags):
    row = engine.account_values(account)
    return tuple(row[tag] for tag in tags)


def test_o1_a_long_option_is_paid_in_full(make_engine):
    # BUY 2 AAPL 230 calls @ 7.40: 2 x 7.40 x 100 = 1,480.00 + 2 x 0.65 = 1.30 -> 1,481.30.
    # Cash 10,000.00 - 1,481.30 = 8,518.70; no requirement: InitMarginReq 0.00, AvailableFunds 8,518.70.
    engine = make_engine()
    cash_account(engine, "C1", 10000)
    filled(engine, buy("C1", C230, 2, "7.40"))
    assert values(engine, "C1", "TotalCashValue", "InitMarginReq", "AvailableFunds") == (
        D("8518.70"), D("0.00"), D("8518.70"))
    # 12 more would cost 12 x 740.00 + 12 x 0.65 = 8,887.80 > 8,518.70 -> refused (option value lends nothing).
    assert_refused(engine, buy("C1", C230, 12, "7.40"), "INSUFFICIENT_CASH", "total_quantity")


@pytest.fixture
def covered(make_engine):
    """O2: C2 holds 100 AAPL paid in full and USD 1,000.00."""
    engine = make_engine()
    cash_account(engine, "C2", 1000, ("AAPL", 100, "200.00"))
    return engine


def test_o2_a_covered_call_commits_its_shares(covered):
    # SELL 1 AAPL 240 call @ 3.05: the 100 shares cover it ("Stock paid in full or None") -> accepted, no requirement.
    # Cash 1,000.00 + 305.00 - 1.00 = 1,304.00.
    filled(covered, sell("C2", C240, 1, "3.05"))
    assert values(covered, "C2", "TotalCashValue", "InitMarginReq") == (D("1304.00"), D("0.00"))
    # SELL 100 AAPL: the call would become naked ("N/A") -> refused.
    refused = assert_refused(covered, sell("C2", "AAPL", 100, "232.00"), "SHARES_COVER_SHORT_CALL",
                             "total_quantity")
    assert f"short 1 {C240} uncovered" in refused.message
    # A second call: no uncommitted shares -> refused as naked.
    refused = assert_refused(covered, sell("C2", C230, 1, "7.30"), "UNCOVERED_OPTION_NOT_ALLOWED", "total_quantity")
    assert "of its 100 AAPL not on sale, 100 already cover other calls" in refused.message, refused.message
    # BUY the call back (closing): 305.00 + 1.00 fits the cash; the shares are free again.
    filled(covered, buy("C2", C240, 1, "3.05"))
    ok(covered.execute(sell("C2", "AAPL", 100, "232.00")))


def test_shares_on_sale_cover_no_call_and_a_working_call_commits_its_shares(covered):
    # A working sale of the 100 shares leaves nothing to cover a call, and the other way round.
    sale = placed_id(covered.execute(sell("C2", "AAPL", 100, "250.00")))
    assert_refused(covered, sell("C2", C240, 1, "3.05"), "UNCOVERED_OPTION_NOT_ALLOWED", "total_quantity")
    ok(covered.execute(CancelOrder(sale)))
    ok(covered.execute(sell("C2", C240, 1, "9.00")))  # works unfilled: the shares are committed already
    assert_refused(covered, sell("C2", "AAPL", 1, "250.00"), "SHARES_COVER_SHORT_CALL", "total_quantity")


def test_a_naked_call_is_refused_in_ibs_words(make_engine):
    engine = make_engine()
    cash_account(engine, "C1", 100000)
    refused = assert_refused(engine, sell("C1", C240, 1, "3.05"), "UNCOVERED_OPTION_NOT_ALLOWED", "total_quantity")
    assert '"N/A" in the "Cash or IRA Cash" column' in refused.message


@pytest.fixture
def secured(make_engine):
    """O3: C3 has USD 25,000.00 and has sold 1 AAPL 220 put @ 4.00."""
    engine = make_engine()
    cash_account(engine, "C3", 25000)
    filled(engine, sell("C3", P220, 1, "4.00"))
    return engine


def test_o3_a_cash_secured_put_commits_strike_times_multiplier(secured):
    # Requirement = 220 x 100 = 22,000.00 ("Put Strike Price"): InitMarginReq = MaintMarginReq = 22,000.00,
    # AvailableFunds = EquityWithLoanValue - 22,000.00 (cash 25,000.00 - 1.00, and the 400.00 premium once settled).
    elv, initial, maintenance, funds = values(secured, "C3", "EquityWithLoanValue", "InitMarginReq", "MaintMarginReq",
                                              "AvailableFunds")
    assert initial == maintenance == D("22000.00")
    assert funds == elv - D("22000.00")
    # A second 220 put needs 22,000.00 + 1.00 of cash beyond what is committed -> refused.
    assert_refused(secured, sell("C3", P220, 1, "4.00"), "INSUFFICIENT_CASH", "total_quantity")
    # BUY 60 KO LMT 64.00 = 3,841.00: more than the 2,999.00 (3,399.00 with the premium) the put leaves -> refused;
    # BUY 40 KO = 2,561.00 fits either way. The committed cash cannot be spent twice.
    assert_refused(secured, buy("C3", "KO", 60, "64.00"), "INSUFFICIENT_CASH", "total_quantity")
    ok(secured.execute(buy("C3", "KO", 40, "64.00")))


def test_closing_the_put_frees_its_cash_even_when_all_of_it_is_committed(make_engine):
    # Cash 22,001.00: SELL 1 220 put needs 22,000.00 + 1.00 -> accepted, leaving nothing uncommitted but the premium.
    # BUY it back @ 4.00 (401.00) frees 22,000.00: it needs 401.00 - 22,000.00 < 0 -> accepted; then KO fits.
    engine = make_engine()
    cash_account(engine, "C3", "22001.00")
    filled(engine, sell("C3", P220, 1, "4.00"))
    filled(engine, buy("C3", P220, 1, "4.00"))
    assert values(engine, "C3", "InitMarginReq") == (D("0.00"),)
    ok(engine.execute(buy("C3", "KO", 60, "64.00")))


def test_d4_1_the_premium_does_not_secure_the_put(make_engine):
    # Cash exactly 22,000.00: the put needs 22,000.00 + 1.00 commission; the 400.00 premium does not count
    # (decision D4.1, IB's column says "Put Strike Price") -> refused. With 22,001.00 -> accepted.
    engine = make_engine()
    cash_account(engine, "C3", 22000)
    cash_account(engine, "C4", "22001.00")
    assert_refused(engine, sell("C3", P220, 1, "4.00"), "INSUFFICIENT_CASH", "total_quantity")
    ok(engine.execute(sell("C4", P220, 1, "4.00")))


def test_o4_a_european_cash_settled_spread_needs_its_width(make_engine):
    # SPX (European, cash-settled) short 5900 call, long 6000 call, 1 lot: max(6000 - 5900, 0) x 100 = 10,000.00.
    # The spread, LMT for a credit of at least 40.00, is estimated at the touches: the 6000 call bought at its ask,
    # 55.92: 5,592.00 + 1.00 commission paid in full; the 5900 call's premium is not counted before it is received
    # (D4.1), its commission 1.00 is. Cash needed: 5,593.00 + 1.00 + 10,000.00 = 15,594.00: 15,593.99 is refused,
    # 15,594.00 accepted. It fills at once: the touches' net is a credit of 99.01 - 55.92 = 43.09.
    # A lone 5900 call is naked ("N/A") and refused; selling the long leg afterwards would uncover the short one.
    engine = make_engine()
    cash_account(engine, "C4", "15593.99")
    cash_account(engine, "C5", "15594.00")
    assert_refused(engine, sell("C5", SPX5900C, 1, "99.00"), "UNCOVERED_OPTION_NOT_ALLOWED", "total_quantity")
    legs = (ComboLeg(SPX5900C, Action.SELL, 1), ComboLeg(SPX6000C, Action.BUY, 1))
    assert_refused(engine, PlaceOrder("C4", "", Action.BUY, D(1), OrderType.LMT, D("-40.00"), legs=legs),
                   "INSUFFICIENT_CASH", "total_quantity")
    ok(engine.execute(PlaceOrder("C5", "", Action.BUY, D(1), OrderType.LMT, D("-40.00"), legs=legs)))
    assert engine.account("C5").position_quantity(SPX5900C) == -1
    assert values(engine, "C5", "InitMarginReq", "MaintMarginReq") == (D("10000.00"), D("10000.00"))
    assert_refused(engine, sell("C5", SPX6000C, 1, "50.00"), "UNCOVERED_OPTION_NOT_ALLOWED", "total_quantity")


def test_a_european_put_spread_needs_its_width_not_the_strike(make_engine):
    # Short 5900 put, long 5800 put: (5900 - 5800) x 100 = 10,000.00, where the 5900 put alone needs 590,000.00.
    engine = make_engine()
    cash_account(engine, "C5", 20000)
    ok(engine.execute(PlaceOrder("C5", "", Action.BUY, D(1), OrderType.MKT, None,
                                 legs=(ComboLeg(SPX5900P, Action.SELL, 1), ComboLeg(SPX5800P, Action.BUY, 1)))))
    assert values(engine, "C5", "InitMarginReq") == (D("10000.00"),)


def test_d4_2_an_american_spread_is_judged_leg_by_leg(make_engine):
    # AAPL (American) 220/210 put spread: "N/A" as a spread. The short 220 put stands alone: 22,000.00 of cash.
    # 25,000.00 covers it -> accepted, InitMarginReq 22,000.00 (not the 1,000.00 width); 10,000.00 does not.
    engine = make_engine()
    cash_account(engine, "C6", 25000)
    cash_account(engine, "C7", 10000)
    legs = (ComboLeg(P220, Action.SELL, 1), ComboLeg(P210, Action.BUY, 1))
    ok(engine.execute(PlaceOrder("C6", "", Action.BUY, D(1), OrderType.MKT, None, legs=legs)))
    assert values(engine, "C6", "InitMarginReq") == (D("22000.00"),)
    assert_refused(engine, PlaceOrder("C7", "", Action.BUY, D(1), OrderType.MKT, None, legs=legs),
                   "INSUFFICIENT_CASH", "total_quantity")


def test_an_advisors_cash_clients_write_only_what_they_cover(make_engine):
    # Covered (100 AAPL) and Bare (none) each take 1 AAPL 240 call: Covered writes it, Bare is excluded.
    engine = make_engine()
    ok(engine.execute(OpenAccount("FA1", AccountType.ADVISOR)))
    for name, shares in (("COVERED", 100), ("BARE", 0)):
        ok(engine.execute(OpenAccount(name, AccountType.CASH, cash=(("USD", D(1000)),), advisor="FA1",
                                      permissions=OPT, positions=(SeedPosition("AAPL", D(shares), D(200)),)
                                      if shares else ())))
    ok(engine.execute(DefineGroup("FA1", "G", AllocationMethod.CONTRACTS_OR_SHARES,
                                  (("COVERED", D(1)), ("BARE", D(1))))))
    order_id = placed_id(engine.execute(PlaceOrder("FA1", C240, Action.SELL, D(0), OrderType.LMT, D("9.00"),
                                                   fa_group="G")))
    rows = {row.account: row for row in engine.allocation_drift(order_id)}
    assert rows["COVERED"].allowed_quantity == 1
    assert rows["BARE"].allowed_quantity == 0
    assert rows["BARE"].note == "Excluded: a cash account writes only covered calls and cash-secured puts it has " \
                                "the shares or cash for"


def test_the_preview_shows_the_requirement_and_what_is_committed(make_engine):
    engine = make_engine()
    cash_account(engine, "C3", 25000)
    preview = engine.preview(sell("C3", P220, 1, "4.00"))
    assert preview.rejected is None
    assert preview.margin.initial_margin.after == D("22000.00")
    assert preview.warnings[0] == ("cash account C3: after the order 22,000.00 USD of cash is committed to its short "
                                   "options (IB: \"Put Strike Price\" for a put, the strike width for a European "
                                   "spread), 22,000.00 USD in all, which purchases cannot spend")
    cash_account(engine, "C2", 1000, ("AAPL", 100, "200.00"))
    preview = engine.preview(sell("C2", C240, 1, "3.05"))
    assert preview.warnings[0] == ("cash account C2: after the order 100 AAPL cover its short calls and cannot be sold "
                                   "until they are closed")
    refused = engine.preview(sell("C2", C240, 2, "3.05"))
    assert refused.rejected.code == "UNCOVERED_OPTION_NOT_ALLOWED"


def test_d4_3_an_assigned_put_buys_the_shares_with_the_committed_cash(secured):
    # AAPL at 210.00 at expiry: the 220 put is assigned, 100 AAPL bought at 220.00 = 22,000.00 from the cash it
    # committed; the requirement falls to 0.
    ok(secured.execute(SetPrice("AAPL", D("210.00"))))
    cash_before = secured.account("C3").cash_in("USD")
    settled = ok(secured.execute(AdvanceClock(AFTER_EXPIRY)))
    assert [e.kind for e in settled.events if isinstance(e, PositionSettled) and e.account_id == "C3"] == ["Assignment"]
    assert secured.account("C3").position_quantity("AAPL") == 100
    assert secured.account("C3").cash_in("USD") == cash_before - D("22000.00")
    assert values(secured, "C3", "InitMarginReq") == (D("0.00"),)


def test_d4_3_a_cash_account_exercises_only_the_calls_its_cash_pays_for(make_engine):
    # IB KB 1767 (https://ibkr.info/article/1767): IB may "prohibit the exercise of stock options" an account
    # cannot pay for ("pay for the ensuing long stock position in full (in the case of a call exercised in a cash
    # account ...)") and "allow the options to lapse". 2 long 200 calls, AAPL at 230.00 at expiry, cash 25,000.00:
    # one exercise needs 200 x 100 = 20,000.00 -> 1 exercised (100 AAPL, cash 5,000.00), 1 lapses.
    # A margin account with the same holdings exercises both.
    call = "AAPL  261218C00200000"
    engine = make_engine()
    cash_account(engine, "C8", 25000, (call, 2, "25.00"))
    ok(engine.execute(OpenAccount("M8", AccountType.MARGIN, cash=(("USD", D(25000)),),
                                  positions=(SeedPosition(call, D(2), D(25)),))))
    ok(engine.execute(SetPrice("AAPL", D("230.00"))))
    settled = ok(engine.execute(AdvanceClock(AFTER_EXPIRY)))
    kinds = {(e.account_id, e.kind): e.quantity for e in settled.events if isinstance(e, PositionSettled)}
    assert kinds == {("C8", "Lapse"): D(1), ("C8", "Exercise"): D(1), ("M8", "Exercise"): D(2)}
    assert engine.account("C8").position_quantity("AAPL") == 100
    assert engine.account("C8").cash_in("USD") == D("5000.00")
    assert engine.account("C8").position_quantity(call) == 0
    assert engine.account("M8").position_quantity("AAPL") == 200


def _writers(engine):
    """C2 a covered call, C3 a cash-secured put, C5 an SPX call spread, C9 long options only."""
    cash_account(engine, "C2", 1000, ("AAPL", 100, "200.00"))
    filled(engine, sell("C2", C240, 1, "3.05"))
    cash_account(engine, "C3", 25000)
    filled(engine, sell("C3", P220, 1, "4.00"))
    cash_account(engine, "C5", 20000)
    ok(engine.execute(PlaceOrder("C5", "", Action.BUY, D(1), OrderType.MKT, None,
                                 legs=(ComboLeg(SPX5900C, Action.SELL, 1), ComboLeg(SPX6000C, Action.BUY, 1)))))
    cash_account(engine, "C9", 10000, (C230, 2, "7.40"))
    return ["C2", "C3", "C5", "C9"]


def test_the_batch_of_many_accounts_margins_cash_accounts_as_each_one_alone(make_engine):
    # Requirements: C2 0.00 (covered), C3 22,000.00, C5 10,000.00, C9 0.00; the batch (a window totalling many
    # accounts) computes them in its own pass, which must agree.
    engine = make_engine(random_walk=True)
    ids = _writers(engine)
    ok(engine.execute(AdvanceClock(engine.now.replace(hour=11))))  # the market moves
    summary = engine.margin_summary(ids)
    assert [round(x, 2) for x in summary.initial.tolist()] == [0.0, 22000.0, 10000.0, 0.0]
    for i, account_id in enumerate(ids):
        initial, maintenance = values(engine, account_id, "InitMarginReq", "MaintMarginReq")
        assert summary.initial[i] == pytest.approx(float(initial), abs=0.01)
        assert summary.maintenance[i] == pytest.approx(float(maintenance), abs=0.01)
    totals = engine.account_totals(ids)
    from workstation.engine.core.account_tags import AccountTag
    assert [float(x) for x in totals.tags[AccountTag.INIT_MARGIN_REQ]] == [0.0, 22000.0, 10000.0, 0.0]
    assert [float(x) for x in totals.tags[AccountTag.AVAILABLE_FUNDS]] == [
        float(values(engine, a, "AvailableFunds")[0]) for a in ids]


def test_commitments_survive_a_database_reopen(tmp_path):
    from workstation.resources import demo_universe_spec
    from workstation.store import open_engine  # noqa: PLC0415 - the store sits above the engine

    path = tmp_path / "cash.db"
    engine, store = open_engine(path, universe_spec=demo_universe_spec(), seed=7, start=OPEN_TIME, random_walk=False)
    _writers(engine)
    expected = {a: values(engine, a, "InitMarginReq", "AvailableFunds") for a in ("C2", "C3", "C5")}
    store.close()
    reopened, store = open_engine(path, universe_spec=demo_universe_spec(), seed=7, start=OPEN_TIME)
    try:
        assert {a: values(reopened, a, "InitMarginReq", "AvailableFunds") for a in expected} == expected
        assert expected["C3"][0] == D("22000.00")
        assert_refused(reopened, sell("C2", "AAPL", 100, "232.00"), "SHARES_COVER_SHORT_CALL", "total_quantity")
        assert_refused(reopened, sell("C3", P220, 1, "4.00"), "INSUFFICIENT_CASH", "total_quantity")
        assert_refused(reopened, sell("C5", SPX6000C, 1, "50.00"), "UNCOVERED_OPTION_NOT_ALLOWED", "total_quantity")
    finally:
        store.close()


def test_the_committed_cash_cannot_be_withdrawn(secured):
    # C3: 22,000.00 committed to the put; AvailableFunds = ExcessLiquidity = ELV - 22,000.00 (3,399.00 here: cash
    # 25,000.00 - 1.00 + 400.00). Withdrawing all of it leaves 0.00 -> accepted; 1.00 more leaves -1.00 -> refused.
    from workstation.engine.messages.commands import Withdraw

    funds = values(secured, "C3", "AvailableFunds")[0]
    refused = assert_refused(secured, Withdraw("C3", "USD", funds + D("1.00")), "MARGIN_DEFICIT", "amount")
    assert "excess liquidity of -1.00 USD" in refused.message  # ELV - MaintMarginReq, the first test
    ok(secured.execute(Withdraw("C3", "USD", funds)))


def test_the_shares_covering_a_call_cannot_be_transferred_to_a_partition(covered):
    # Position Transfers (issue 6) move shares at cost; the 100 AAPL covering the call may not leave C2.
    from workstation.engine.messages.commands import RequestPartition, TransferPosition

    filled(covered, sell("C2", C240, 1, "3.05"))
    ok(covered.execute(RequestPartition("C2", "F5100001", "Avery Stone", ("STK:US",))))
    ok(covered.execute(AdvanceClock(OPEN_TIME.replace(hour=18, minute=30))))
    refused = assert_refused(covered, TransferPosition("C2", "C2-P1", "AAPL", D(1)), "SHARES_COVER_SHORT_CALL",
                             "quantity")
    assert f"short {C240} uncovered" in refused.message


def test_a_working_covered_call_cannot_grow_past_its_shares(covered):
    # The working sale of 1 call is covered by the 100 AAPL; modified to 2 contracts it would need 200 -> refused.
    from workstation.engine.messages.commands import ModifyOrder

    order_id = placed_id(covered.execute(sell("C2", C240, 1, "9.00")))
    assert_refused(covered, ModifyOrder(order_id, total_quantity=D(2)), "UNCOVERED_OPTION_NOT_ALLOWED",
                   "total_quantity")
    ok(covered.execute(ModifyOrder(order_id, lmt_price=D("8.00"))))


def test_an_advisors_cash_client_takes_a_european_spread_its_cash_covers(make_engine):
    # The SPX 5900/6000 call spread: the short leg alone is naked, but with its long leg it needs the 10,000.00 width
    # plus the long leg's cost (about 5,594.00 at the MKT estimates, see O4). RICH (USD 20,000.00) takes its unit;
    # POOR (USD 1,000.00) is excluded by the legs together.
    engine = make_engine()
    ok(engine.execute(OpenAccount("FA1", AccountType.ADVISOR)))
    for name, cash in (("RICH", 20000), ("POOR", 1000)):
        ok(engine.execute(OpenAccount(name, AccountType.CASH, cash=(("USD", D(cash)),), advisor="FA1",
                                      permissions=OPT)))
    ok(engine.execute(DefineGroup("FA1", "G", AllocationMethod.CONTRACTS_OR_SHARES, (("RICH", D(1)), ("POOR", D(1))))))
    combo_id = placed_id(engine.execute(PlaceOrder(
        "FA1", "", Action.BUY, D(0), OrderType.LMT, D("-40.00"), fa_group="G",
        legs=(ComboLeg(SPX5900C, Action.SELL, 1), ComboLeg(SPX6000C, Action.BUY, 1)))))
    rows = {row.account: row for row in engine.allocation_drift(combo_id)}
    assert rows["RICH"].allowed_quantity == 1
    assert rows["POOR"].allowed_quantity == 0
    assert rows["POOR"].note == "Excluded: not enough cash, or shares to cover its short calls"
