"""Paper trading accounts and the Paper Trading Account Reset (the account-management reference,
/work/shared/reference/account-management.md §1.6; each test names the line of the fact it checks: l.86 DU ids,
l.87 USD 1,000,000, the reset of cash only with positions traded out first, a request by 16:00 ET processed by the
next business day, the amount from a drop-down; l.89 the live account's configuration, one paper account per live
account; l.91 market data shared with the live user).

The clock starts on Tuesday 24 November 2026 at 10:00 ET; Thursday 26 is Thanksgiving (NYSE closed)."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from tests.factories import OPEN_TIME, assert_refused, ok
from workstation.engine.core.account_tags import AccountTag
from workstation.engine.core.terms import AccountType, Action, OrderType
from workstation.engine.ledger.opening import paper_account_id
from workstation.engine.login_reads import LoginReads
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import (
    AdvanceClock,
    CancelOrder,
    DefineUser,
    OpenAccount,
    PlaceOrder,
    ResetPaperAccount,
    SetPrice,
)
from workstation.engine.messages.events import (
    CashBooked,
    PaperAccountReset,
    PaperResetCancelled,
    PaperResetRequested,
)
from workstation.engine.partitions.timing import day_after_processing
from workstation.engine.trading.configuration import downgrade_effective
from workstation.engine.trading.paper import (
    CANCELLED,
    DEFAULT_PAPER_TERMS,
    MADE,
    PAPER_RESET,
    PaperTerms,
    open_paper_account,
)

D = Decimal
LIVE = OpenAccount("U1234567", AccountType.CASH, "EUR", cash=(("EUR", D(30000)),), permissions=("STK:US", "STK:DE"),
                   holder_name="Lin Live")


def ET(*args) -> datetime:  # noqa: N802 - reads as the time zone it is in
    return datetime(*args, tzinfo=EASTERN)


def engine_with_paper(make_engine, start=OPEN_TIME):
    engine = make_engine(start)
    ok(engine.execute(SetPrice("AAPL", D("150.00"))))
    ok(engine.execute(LIVE))
    ok(engine.execute(open_paper_account(engine.account(LIVE.account_id))))
    return engine


def buy(engine, account="DU1234567", quantity="10", price="150.00", order_type=OrderType.LMT):
    limit = None if order_type is OrderType.MKT else D(price)
    return ok(engine.execute(PlaceOrder(account, "AAPL", Action.BUY, D(quantity), order_type, lmt_price=limit)))


# -- opening ---------------------------------------------------------------------------------------

def test_a_paper_account_pairs_with_its_live_account_and_starts_with_one_million_usd(make_engine):
    # l.86: DU ids; l.87: USD 1,000,000 to start; l.89: the live account's permissions and base currency.
    engine = engine_with_paper(make_engine)
    paper = engine.account("DU1234567")
    assert (paper.paper, paper.paper_of) == (True, "U1234567")
    assert paper.cash == {"USD": D(1_000_000)} and DEFAULT_PAPER_TERMS.starting_usd == D(1_000_000)
    assert (paper.account_type, paper.base_currency, paper.holder_name) == (AccountType.CASH, "EUR", "Lin Live")
    assert {str(p) for p in paper.permissions} == {"STK:US", "STK:DE"}
    assert engine.paper_of("U1234567") == "DU1234567"  # the link market data subscriptions follow (l.91)
    assert engine.account("U1234567").paper is False and engine.paper_of("DU1234567") is None


def test_the_starting_money_is_configurable_and_travels_in_the_command(make_engine):
    engine = make_engine()
    command = open_paper_account(None, "DU1", terms=PaperTerms(starting_usd=D(250_000)))
    assert command.cash == (("USD", D(250_000)),)  # a journal replays it the same under any terms
    ok(engine.execute(command))
    assert engine.account("DU1").cash == {"USD": D(250_000)} and engine.account("DU1").paper_of is None


def test_the_paper_id_is_du_and_the_live_accounts_digits():
    assert paper_account_id("U1234567") == "DU1234567"
    assert paper_account_id("U1") == "DU1"
    assert paper_account_id("Lin") == "DULin"  # no digits: the whole id
    assert paper_account_id("DU1234567") == "DUP1234567"  # the demo's own accounts have DU ids
    assert paper_account_id("U7", taken=("DU7",)) == "DUP7"


@pytest.mark.parametrize(("command", "code", "field"), [
    (OpenAccount("P1", AccountType.MARGIN, paper=True), "PAPER_ACCOUNT_ID", "account_id"),  # l.86
    (OpenAccount("DU2", AccountType.MARGIN, paper_of="U1234567"), "NOT_A_PAPER_ACCOUNT", "paper_of"),
    (OpenAccount("DU2", AccountType.MARGIN, paper=True, paper_of="U404"), "UNKNOWN_ACCOUNT", "paper_of"),
    (OpenAccount("DU2", AccountType.MARGIN, paper=True, paper_of="DU1234567"), "NOT_A_LIVE_ACCOUNT", "paper_of"),
    (OpenAccount("DU2", AccountType.MARGIN, paper=True, paper_of="U1234567"), "PAPER_ACCOUNT_EXISTS",
     "paper_of"),  # l.89: one paper account per live account
    (OpenAccount("DU2", AccountType.MARGIN, paper=True, paper_of="F1"), "NOT_A_LIVE_ACCOUNT", "paper_of"),
])
def test_a_paper_account_is_refused_naming_why(make_engine, command, code, field):
    engine = engine_with_paper(make_engine)
    ok(engine.execute(OpenAccount("F1", AccountType.ADVISOR)))
    assert_refused(engine, command, code, field)


# -- the reset's refusals --------------------------------------------------------------------------

def test_a_live_account_is_not_reset(make_engine):
    engine = engine_with_paper(make_engine)
    result = assert_refused(engine, ResetPaperAccount("U1234567", D(1_000_000)), "NOT_A_PAPER_ACCOUNT", "account")
    assert "live account" in result.message


def test_positions_must_be_traded_out_first_and_are_named(make_engine):
    # l.87: "resets cash equity only; positions must be traded out first".
    engine = engine_with_paper(make_engine)
    buy(engine, order_type=OrderType.MKT)
    result = assert_refused(engine, ResetPaperAccount("DU1234567", D(1_000_000)), "PAPER_RESET_POSITIONS", "account")
    assert "AAPL 10" in result.message and "traded out" in result.message


def test_working_orders_are_named_and_block_the_reset(make_engine):
    engine = engine_with_paper(make_engine)
    order_id = buy(engine, price="100.00").events[0].order_id
    result = assert_refused(engine, ResetPaperAccount("DU1234567", D(1_000_000)), "PAPER_RESET_WORKING_ORDERS",
                            "account")
    assert f"#{order_id}" in result.message
    ok(engine.execute(CancelOrder(order_id)))
    ok(engine.execute(ResetPaperAccount("DU1234567", D(1_000_000))))


def test_the_amount_comes_from_the_drop_down(make_engine):
    # l.87: "the amount is picked from a dropdown"; its values are ours (README, Paper trading).
    engine = engine_with_paper(make_engine)
    result = assert_refused(engine, ResetPaperAccount("DU1234567", D(123)), "PAPER_RESET_AMOUNT", "amount")
    assert "1,000,000" in result.message
    assert engine.paper_reset_amounts() == DEFAULT_PAPER_TERMS.reset_amounts
    for amount in engine.paper_reset_amounts():
        assert amount > 0


def test_a_second_reset_waits_for_the_first(make_engine):
    engine = engine_with_paper(make_engine)
    ok(engine.execute(ResetPaperAccount("DU1234567", D(500_000))))
    result = assert_refused(engine, ResetPaperAccount("DU1234567", D(1_000_000)), "ALREADY_REQUESTED", "account")
    assert "2026-11-25" in result.message


# -- when it takes effect ----------------------------------------------------------------------------

@pytest.mark.parametrize(("asked", "effective"), [
    (ET(2026, 11, 24, 10, 0), date(2026, 11, 25)),   # before 16:00 ET: processed Tuesday, reset Wednesday
    (ET(2026, 11, 24, 16, 30), date(2026, 11, 27)),  # after: processed Wednesday, reset Friday (Thanksgiving)
    (ET(2026, 11, 27, 17, 0), date(2026, 12, 1)),    # Friday after the cut-off: processed Monday, reset Tuesday
    (ET(2026, 11, 28, 10, 0), date(2026, 12, 1)),    # Saturday: processed Monday, reset Tuesday
])
def test_a_reset_asked_by_16_00_et_is_processed_that_day_and_made_the_next_business_day(make_engine, asked,
                                                                                        effective):
    # l.87: "A request received by 16:00 ET is processed by the next business day".
    engine = engine_with_paper(make_engine, start=asked)
    event = ok(engine.execute(ResetPaperAccount("DU1234567", D(500_000)))).events[0]
    assert isinstance(event, PaperResetRequested) and event.effective == effective
    assert [r.effective for r in engine.paper_resets("DU1234567")] == [effective]
    # The same cut-off rule as the downgrade to Reg T, one function (partitions.timing).
    assert day_after_processing(engine.calendar, asked) == downgrade_effective(engine.calendar, asked) == effective


def test_at_the_pre_market_step_usd_cash_becomes_the_amount_and_other_currencies_zero(make_engine):
    engine = make_engine()
    ok(engine.execute(OpenAccount("DU9", AccountType.MARGIN, cash=(("USD", D(700_000)), ("EUR", D(5000))),
                                  paper=True)))
    ok(engine.execute(ResetPaperAccount("DU9", D(2_000_000))))
    before = engine.account("DU9").cash
    ok(engine.execute(AdvanceClock(ET(2026, 11, 25, 3, 30))))
    assert engine.account("DU9").cash == before  # not before Wednesday's pre-market step (04:00 ET)
    events = ok(engine.execute(AdvanceClock(ET(2026, 11, 25, 10, 0)))).events
    assert engine.account("DU9").cash == {"USD": D(2_000_000), "EUR": D(0)}
    entries = [e for e in events if isinstance(e, CashBooked) and e.account_id == "DU9"]
    assert [(e.currency, e.amount, e.reason) for e in entries] == [("EUR", D(-5000), PAPER_RESET),
                                                                   ("USD", D(1_300_000), PAPER_RESET)]
    assert [e.amount for e in events if isinstance(e, PaperAccountReset)] == [D(2_000_000)]
    assert engine.paper_resets("DU9") == []
    # The account's record of it, for a statement's own "Paper Account Reset" line.
    [made] = engine.paper_reset_history("DU9")
    assert (made.outcome, made.amount, made.changes) == (MADE, D(2_000_000), (("EUR", D(-5000)), ("USD", D(1_300_000))))
    assert made.done == ET(2026, 11, 25, 4, 0)


def test_a_reset_is_no_deposit_and_no_days_profit(make_engine):
    engine = make_engine()
    ok(engine.execute(open_paper_account(None, "DU9")))
    ok(engine.execute(ResetPaperAccount("DU9", D(250_000))))
    ok(engine.execute(AdvanceClock(ET(2026, 11, 25, 10, 0))))
    assert engine.funding_history("DU9") == []
    statement = engine.activity_statement("DU9", date(2026, 11, 24), date(2026, 11, 25))
    assert statement.deposits_withdrawals == ()
    values = engine.account_values("DU9")
    # Tuesday's close recorded 1,000,000; the reset restates it as a withdrawal would: no day's loss.
    assert values[AccountTag.PREVIOUS_DAY_EQUITY_WITH_LOAN_VALUE] == D(250_000)
    assert values[AccountTag.NET_LIQUIDATION] == D(250_000)


def test_a_reset_due_when_positions_are_back_is_cancelled_naming_them(make_engine):
    engine = engine_with_paper(make_engine)
    ok(engine.execute(ResetPaperAccount("DU1234567", D(1_000_000))))
    buy(engine, order_type=OrderType.MKT)
    cash = engine.account("DU1234567").cash
    events = ok(engine.execute(AdvanceClock(ET(2026, 11, 25, 10, 0)))).events
    cancelled = [e for e in events if isinstance(e, PaperResetCancelled)]
    assert len(cancelled) == 1 and "AAPL 10" in cancelled[0].reason
    assert engine.account("DU1234567").cash == cash and engine.paper_resets("DU1234567") == []
    [cancelled_reset] = engine.paper_reset_history("DU1234567")
    assert (cancelled_reset.outcome, cancelled_reset.changes) == (CANCELLED, ())
    assert cancelled_reset.reason == cancelled[0].reason


def test_a_login_reads_the_paper_link_of_the_accounts_it_sees(make_engine):
    engine = engine_with_paper(make_engine)
    assert LoginReads(engine, "U1234567").paper_of("U1234567") == "DU1234567"
    with pytest.raises(KeyError):
        LoginReads(engine, "DU1234567").paper_of("U1234567")


def test_reset_events_reach_only_the_paper_accounts_login(make_engine):
    engine = engine_with_paper(make_engine)
    event = ok(engine.execute(ResetPaperAccount("DU1234567", D(1_000_000)))).events[0]
    assert LoginReads(engine, "DU1234567").sees_event(event)
    assert not LoginReads(engine, "U1234567").sees_event(event)


def test_the_next_business_day_after_a_weekend_request_is_reached_by_the_clock(make_engine):
    engine = engine_with_paper(make_engine, start=ET(2026, 11, 27, 17, 0))
    ok(engine.execute(ResetPaperAccount("DU1234567", D(100_000))))
    ok(engine.execute(AdvanceClock(ET(2026, 11, 30, 10, 0))))
    assert engine.account("DU1234567").cash == {"USD": D(1_000_000)}  # Monday processes it
    ok(engine.execute(AdvanceClock(ET(2026, 12, 1, 10, 0))))
    assert engine.account("DU1234567").cash == {"USD": D(100_000)}  # Tuesday's pre-market step makes it


@pytest.mark.parametrize(("user", "role", "login", "code"), [
    ("tom", "trader", "tom", "ROLE_NOT_ALLOWED"),
    ("vera", "viewer", "vera", "ROLE_NOT_ALLOWED"),
    ("ada", "owner", "ada:read-only", "READ_ONLY_LOGIN"),
])
def test_only_an_owners_full_login_resets_a_paper_account(make_engine, user, role, login, code):
    # A reset is a setting (issue 19, "Users and roles": a trader has no settings, a viewer reads only).
    engine = engine_with_paper(make_engine)
    ok(engine.execute(DefineUser(user, "DU1234567", role)))
    assert_refused(engine, ResetPaperAccount("DU1234567", D(1_000_000), login), code, "entered_by")
    ok(engine.execute(DefineUser("owen", "DU1234567", "owner")))
    ok(engine.execute(ResetPaperAccount("DU1234567", D(1_000_000), "owen")))
