"""Free riding in a cash account: IB's end-of-day surveillance and the 90-day "Cash Up Front" restriction.

Source: IB KB 3101 (https://ibkr.info/nl/node/3101): "If an investor buys a security and then sells that same
security without paying for the security in full by settlement date, the investor is considered to be 'free
riding.'" ... "IBKR's implementation of the free riding rule uses an end of day check to see if a position was
closed prior to its trade settlement date ... and automatically puts the account into 'Cash Up Front'
restriction for the next 90 days." Decisions (issue-17 research note): the strict credit check (D2.2), so a
purchase goes unpaid only when it fills above what was reserved (example F2); only purchases settled cash did
not pay are flagged (D3.1); 90 calendar days, no early lift, a deposit before the check pays what was owed (D3.2).
Calendar: Mon 23 Nov 2026; Mon 23 Nov + 90 days = Sun 21 Feb 2027, lifted at the next pre-market, Mon 22 Feb.
Commission: US stock 0.005 a share, minimum 1.00.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from tests.factories import assert_refused, ok, order, trade
from workstation.engine.core.account_tags import AccountTag
from workstation.engine.core.terms import AccountType, Action, OrderType
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import AdvanceClock, Deposit, OpenAccount, SeedPosition, SetPrice
from workstation.engine.messages.events import AccountRestricted

D = Decimal


def at(year: int, month: int, day: int, hour: int) -> datetime:
    return datetime(year, month, day, hour, tzinfo=EASTERN)


@pytest.fixture
def gapped(make_engine):
    """Example F2: Mon 23 Nov, settled cash 1,000.00, KO at 60.00. BUY 14 KO STP 64.00 is estimated at its stop
    with the 5% cushion: (14 x 64.00 + 1.00) x 1.05 = 941.85 <= 1,000.00, accepted. KO gaps to 75.00: the stop
    fills at the ask 75.01: 14 x 75.01 + 1.00 = 1,051.14, so SettledCash = 1,000.00 - 1,051.14 = -51.14 unpaid.
    Then SELL 14 KO MKT at the bid 74.99, the same day: the position closes before its purchase settles (Tue 24)."""
    engine = make_engine(start=at(2026, 11, 23, 10))
    ok(engine.execute(OpenAccount("C1", AccountType.CASH, cash=(("USD", D(1000)),))))
    ok(engine.execute(SetPrice("KO", D("60.00"))))
    ok(engine.execute(order("C1", "KO", quantity="14", order_type=OrderType.STP, aux="64.00")))
    ok(engine.execute(SetPrice("KO", D("75.00"))))
    assert engine.account_values("C1")[AccountTag.SETTLED_CASH] == D("-51.14")
    ok(engine.execute(order("C1", "KO", action=Action.SELL, quantity="14")))
    # Proceeds 14 x 74.99 = 1,049.86 settle Tue 24; the sale's 1.00 commission now: SettledCash -52.14.
    assert engine.account_values("C1")[AccountTag.SETTLED_CASH] == D("-52.14")
    return engine


def test_f2_selling_an_unpaid_purchase_before_it_settles_restricts_the_account_for_90_days(gapped):
    engine = gapped
    assert engine.trading_restriction("C1") is None  # nothing before the end-of-day check
    result = ok(engine.execute(AdvanceClock(at(2026, 11, 23, 20))))
    [restricted] = [e for e in result.events if type(e) is AccountRestricted]
    # Owed: the 51.14 the purchase was not paid, still short at the check (SettledCash -52.14).
    assert (restricted.account_id, restricted.restriction, restricted.until, restricted.symbols,
            restricted.unpaid) == ("C1", "Cash Up Front", date(2027, 2, 21), ("KO",), D("51.14"))
    assert engine.trading_restriction("C1") == (
        "Cash Up Front until 21 Feb 2027 (free riding): purchases with settled cash only")


def test_f3_the_restricted_accounts_refusal_names_the_restriction(gapped):
    engine = gapped
    ok(engine.execute(AdvanceClock(at(2026, 11, 24, 10))))
    # Tue 24: the sale settled: SettledCash = -52.14 + 1,049.86 = 997.72.
    # BUY 14 KO LMT 75.00 needs 14 x 75.00 + 1.00 = 1,051.00 > 997.72.
    refused = assert_refused(engine, order("C1", "KO", quantity="14", order_type=OrderType.LMT, lmt="75.00"),
                             "INSUFFICIENT_CASH", "total_quantity")
    assert refused.message == (
        "Available settled cash: 997.72 USD Cash needed for this order and other pending orders: 1,051.00 USD "
        "(account C1 is restricted to purchases with settled cash: free riding, Cash Up Front until 21 Feb 2027)")


def test_d3_2_the_restriction_lifts_at_the_first_pre_market_after_its_90_days(gapped):
    engine = gapped
    ok(engine.execute(AdvanceClock(at(2027, 2, 19, 10))))  # Fri 19 Feb 2027: still restricted
    assert engine.trading_restriction("C1") is not None
    ok(engine.execute(AdvanceClock(at(2027, 2, 22, 10))))  # Mon 22 Feb 2027: lifted
    assert engine.trading_restriction("C1") is None


def test_d3_2_a_deposit_before_the_check_pays_what_was_owed_and_prevents_the_flag(gapped):
    engine = gapped
    ok(engine.execute(AdvanceClock(at(2026, 11, 23, 17))))
    ok(engine.execute(Deposit("C1", "USD", D("60.00"))))  # SettledCash = -52.14 + 60.00 = 7.86 >= 0
    result = ok(engine.execute(AdvanceClock(at(2026, 11, 23, 20))))
    assert not [e for e in result.events if type(e) is AccountRestricted]
    assert engine.trading_restriction("C1") is None


def test_d3_1_a_same_day_round_trip_paid_from_settled_cash_is_not_free_riding(make_engine):
    engine = make_engine(start=at(2026, 11, 23, 10))
    ok(engine.execute(OpenAccount("C1", AccountType.CASH, cash=(("USD", D(10000)),))))
    trade(engine, "AAPL", Action.BUY, 50, "150.00", account="C1")  # 7,501.00 of 10,000.00 settled
    trade(engine, "AAPL", Action.SELL, 50, "151.00", account="C1")
    result = ok(engine.execute(AdvanceClock(at(2026, 11, 23, 20))))
    assert not [e for e in result.events if type(e) is AccountRestricted]


def test_an_unpaid_purchase_held_until_it_settles_is_not_free_riding(gapped_purchase_only):
    engine = gapped_purchase_only
    result = ok(engine.execute(AdvanceClock(at(2026, 11, 24, 20))))
    assert not [e for e in result.events if type(e) is AccountRestricted]
    assert engine.account("C1").unpaid == ()  # forgotten once it settled (Tue 24)


@pytest.fixture
def gapped_purchase_only(make_engine):
    engine = make_engine(start=at(2026, 11, 23, 10))
    ok(engine.execute(OpenAccount("C1", AccountType.CASH, cash=(("USD", D(1000)),))))
    ok(engine.execute(SetPrice("KO", D("60.00"))))
    ok(engine.execute(order("C1", "KO", quantity="14", order_type=OrderType.STP, aux="64.00")))
    ok(engine.execute(SetPrice("KO", D("75.00"))))
    assert [u.unpaid for u in engine.account("C1").unpaid] == [D("51.14")]
    return engine


def test_d3_1_selling_shares_paid_earlier_while_the_unpaid_ones_are_still_held_is_no_free_riding(make_engine):
    # IB KB 3101's check is whether "a position was closed prior to its trade settlement date". C1 holds 100 KO
    # paid long ago and 1,000.00; the gapped stop of example F2 buys 14 more at 75.01 (1,051.14: 51.14 unpaid).
    # Selling 50 KO leaves 64 held, the 14 not paid for among them: nothing bought unpaid was sold, no flag.
    # Selling 110 instead leaves 4, fewer than the 14 unpaid: part of the unpaid purchase is sold before it
    # settles, and the end-of-day check restricts the account.
    engine = make_engine(start=at(2026, 11, 23, 10))
    ok(engine.execute(OpenAccount("C1", AccountType.CASH, cash=(("USD", D(1000)),),
                                  positions=(SeedPosition("KO", D(100), D("50.00")),))))
    ok(engine.execute(SetPrice("KO", D("60.00"))))
    ok(engine.execute(order("C1", "KO", quantity="14", order_type=OrderType.STP, aux="64.00")))
    ok(engine.execute(SetPrice("KO", D("75.00"))))
    assert engine.account_values("C1")[AccountTag.SETTLED_CASH] == D("-51.14")
    ok(engine.execute(order("C1", "KO", action=Action.SELL, quantity="50")))
    result = ok(engine.execute(AdvanceClock(at(2026, 11, 23, 20))))
    assert not [e for e in result.events if type(e) is AccountRestricted]
    assert engine.trading_restriction("C1") is None

    engine = make_engine(start=at(2026, 11, 23, 10))
    ok(engine.execute(OpenAccount("C1", AccountType.CASH, cash=(("USD", D(1000)),),
                                  positions=(SeedPosition("KO", D(100), D("50.00")),))))
    ok(engine.execute(SetPrice("KO", D("60.00"))))
    ok(engine.execute(order("C1", "KO", quantity="14", order_type=OrderType.STP, aux="64.00")))
    ok(engine.execute(SetPrice("KO", D("75.00"))))
    ok(engine.execute(order("C1", "KO", action=Action.SELL, quantity="110")))  # 4 left, fewer than the 14 unpaid
    result = ok(engine.execute(AdvanceClock(at(2026, 11, 23, 20))))
    [restricted] = [e for e in result.events if type(e) is AccountRestricted]
    assert restricted.symbols == ("KO",)
