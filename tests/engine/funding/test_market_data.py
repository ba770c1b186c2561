"""Market data subscriptions: bundles with monthly fees billed in full, the commission waiver, and quotes
delayed 15 minutes on the feeds no subscription covers. The facts are the reference's section 4 ("Market
data", /work/shared/reference/account-management.md); where IB is silent, ours (``MarketDataTerms``).

Calendar (NYSE): Tue 1 Dec 2026 10:00 ET is the start; the next month's first business day is Mon 4 Jan 2027
(New Year's Day is closed).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from tests.factories import assert_refused, ok, trade
from workstation.engine.api import Engine
from workstation.engine.core.terms import AccountType, Action
from workstation.engine.funding.market_data_terms import (
    DEMO_BUNDLE,
    OPRA_TOP,
    SNAPSHOT_BUNDLE,
    STREAMING_ADD_ON,
)
from workstation.engine.funding.records import FundingKind
from workstation.engine.login_reads import LoginReads
from workstation.engine.market.calendar import EASTERN
from workstation.engine.market.delayed import DelayedQuotes
from workstation.engine.messages.commands import (
    AdvanceClock,
    DefineUser,
    OpenAccount,
    SubscribeMarketData,
    UnsubscribeMarketData,
)
from workstation.engine.messages.events import MarketDataFeeCharged, MarketDataFeeWaived

D = Decimal


def at(month: int, day: int, hour: int = 10, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=EASTERN)


@pytest.fixture
def engine(make_engine) -> Engine:
    """U1 (margin, USD 10,000) on Tue 1 Dec 2026 10:00 ET, prices walking."""
    engine = make_engine(at(12, 1), random_walk=True)
    ok(engine.execute(OpenAccount("U1", AccountType.MARGIN, cash=(("USD", D(10_000)),))))
    return engine


def usd(engine: Engine) -> Decimal:
    return engine.cash("U1")["USD"]


def delayed_account(engine: Engine) -> None:
    """U1 leaves the demo's data: free delayed data on every feed but the free ones."""
    ok(engine.execute(UnsubscribeMarketData("U1", DEMO_BUNDLE)))


# -- the default keeps every existing scenario live ----------------------------------------------------------


def test_an_account_holds_the_demos_data_every_quote_live_no_fee_and_no_delayed_series_kept(engine):
    reads = LoginReads(engine, "U1")

    assert engine.market_data_subscriptions("U1") == {DEMO_BUNDLE}
    assert reads.quote("AAPL") == engine.quote("AAPL")
    assert reads.quote_type("AAPL") == 1
    assert engine.market_data_month("U1") is None
    assert not engine.delays_quotes  # nothing kept, nothing paid per quote


# -- delayed 15 minutes -------------------------------------------------------------------------------------


def test_without_a_subscription_a_login_sees_the_quote_of_15_minutes_ago_marked_delayed(engine):
    # Reference 4: IB gives "free delayed data for any exchange the user has not subscribed to"; the delay is
    # "10-15 minute" (IB's API page) or "15-20 minutes": the mock's 15 (an [INF] default, §8 gap 3).
    delayed_account(engine)
    reads = LoginReads(engine, "U1")
    at_ten = engine.quote("AAPL")

    ok(engine.execute(AdvanceClock(at(12, 1, 10, 15))))
    at_ten_fifteen = engine.quote("AAPL")
    assert at_ten_fifteen != at_ten  # the market walked
    assert reads.quote("AAPL") == at_ten
    assert reads.quote_type("AAPL") == 3  # IB's "Delayed"

    ok(engine.execute(AdvanceClock(at(12, 1, 10, 20))))
    assert reads.quote("AAPL") == at_ten  # 10:05 is before the next moment kept (10:15)

    ok(engine.execute(AdvanceClock(at(12, 1, 10, 31))))
    assert reads.quote("AAPL") == at_ten_fifteen
    assert LoginReads(engine, None).quote("AAPL") == engine.quote("AAPL")  # the back office sees live


def test_a_subscription_turns_its_exchanges_live_and_leaves_the_others_delayed(engine):
    # Reference 4: the Add-On "is needed to stream stocks"; futures come with the Snapshot and Futures bundle.
    delayed_account(engine)
    reads = LoginReads(engine, "U1")
    ok(engine.execute(AdvanceClock(at(12, 1, 10, 30))))
    assert (reads.quote_type("AAPL"), reads.quote_type("ESH7")) == (3, 3)

    ok(engine.execute(SubscribeMarketData("U1", STREAMING_ADD_ON)))

    assert reads.quote("AAPL") == engine.quote("AAPL")
    assert (reads.quote_type("AAPL"), reads.quote_type("ESH7")) == (1, 3)
    assert reads.quote("ESH7") != engine.quote("ESH7")
    assert reads.quote_type("EUR.USD") == 1  # forex quotes are free (ours: FREE_FEEDS)


def test_after_the_close_quotes_are_frozen_and_a_delayed_feed_is_delayed_frozen(engine):
    # Reference 4: API types "1 Live, 2 Frozen (last value at close), 3 Delayed, 4 Delayed Frozen".
    delayed_account(engine)
    ok(engine.execute(SubscribeMarketData("U1", STREAMING_ADD_ON)))
    reads = LoginReads(engine, "U1")

    ok(engine.execute(AdvanceClock(at(12, 1, 20, 30))))

    assert (reads.quote_type("AAPL"), reads.quote_type("ESH7")) == (2, 4)


def test_a_user_reads_with_the_subscriptions_of_its_account(engine):
    # Reference 4: "Subscriptions are per username"; kept per account here, a user reads with its account's.
    delayed_account(engine)
    ok(engine.execute(DefineUser("alice", "U1", "trader")))
    ok(engine.execute(AdvanceClock(at(12, 1, 10, 30))))

    assert LoginReads(engine, "alice").quote_type("AAPL") == 3
    assert LoginReads(engine, "alice").quote("AAPL") == LoginReads(engine, "U1").quote("AAPL")


def test_the_delayed_series_is_a_ring_bounded_by_the_delay_whatever_the_sessions_length(engine):
    # Memory must not grow with the session: one moment per 15 s bucket within the last 15 minutes, plus one.
    series = DelayedQuotes()
    series.start(engine._state.market, at(12, 1))
    for second in range(0, 4 * 3600, 5):
        series.record(engine._state.market, at(12, 1) + timedelta(seconds=second))

    assert len(series) <= 15 * 60 // 15 + 2


# -- fees ---------------------------------------------------------------------------------------------------


def test_a_paid_bundle_is_charged_its_whole_month_at_once_and_once_a_month(engine):
    # Reference 4: billed "at the full month (not pro-rated)"; Snapshot bundle USD 10, Add-On USD 4.50.
    events = ok(engine.execute(SubscribeMarketData("U1", SNAPSHOT_BUNDLE))).events

    [fee] = [e for e in events if isinstance(e, MarketDataFeeCharged)]
    assert (fee.bundle, fee.amount, fee.month) == (SNAPSHOT_BUNDLE, D(10), "December 2026")
    assert usd(engine) == D("9990.00")
    ok(engine.execute(UnsubscribeMarketData("U1", SNAPSHOT_BUNDLE)))
    ok(engine.execute(SubscribeMarketData("U1", SNAPSHOT_BUNDLE)))  # again in December: nothing more
    ok(engine.execute(SubscribeMarketData("U1", STREAMING_ADD_ON)))
    assert usd(engine) == D("9985.50")
    [record, _] = [r for r in engine.funding_history("U1") if r.kind is FundingKind.MARKET_DATA_FEE]
    assert (record.amount, record.description) == (
        D(10), f"Market data: {SNAPSHOT_BUNDLE}, December 2026")


def test_each_month_the_bundles_held_are_billed_at_the_first_business_days_pre_market(engine):
    ok(engine.execute(SubscribeMarketData("U1", SNAPSHOT_BUNDLE)))
    ok(engine.execute(SubscribeMarketData("U1", OPRA_TOP)))

    events = ok(engine.execute(AdvanceClock(at(1, 4, 9, 0, year=2027)))).events

    fees = [(e.bundle, e.amount, e.month, e.time.date()) for e in events if isinstance(e, MarketDataFeeCharged)]
    assert fees == [(OPRA_TOP, D("1.50"), "January 2027", date(2027, 1, 4)),
                    (SNAPSHOT_BUNDLE, D(10), "January 2027", date(2027, 1, 4))]
    assert usd(engine) == D(10_000) - 2 * D("11.50")


def test_the_snapshot_bundle_is_waived_once_the_months_commissions_reach_usd_30_the_add_on_is_not(make_engine):
    # Reference 4: USD 10/month "waived when monthly commissions reach >= USD 30"; the Add-On has "no waiver".
    engine = make_engine(at(12, 1))
    ok(engine.execute(OpenAccount("M1", AccountType.MARGIN, cash=(("USD", D(1_000_000)),))))
    ok(engine.execute(SubscribeMarketData("M1", SNAPSHOT_BUNDLE)))
    ok(engine.execute(SubscribeMarketData("M1", STREAMING_ADD_ON)))
    commissions = D(0)
    while True:
        trade(engine, "AAPL", Action.BUY, 2000, 150)
        commissions = engine.market_data_month("M1").commissions
        if commissions >= 30:
            break
        assert engine.market_data_month("M1").waived == 0

    month = engine.market_data_month("M1")
    assert (month.waivable, month.waived) == (D(10), D(10))
    waivers = [r for r in engine.funding_history("M1") if r.kind is FundingKind.MARKET_DATA_WAIVER]
    assert [r.amount for r in waivers] == [D(10)]
    trade(engine, "AAPL", Action.BUY, 2000, 150)  # more commissions: nothing more to waive
    assert len([r for r in engine.funding_history("M1") if r.kind is FundingKind.MARKET_DATA_WAIVER]) == 1


def test_a_bundle_subscribed_after_the_threshold_is_waived_at_once(make_engine):
    engine = make_engine(at(12, 1))
    ok(engine.execute(OpenAccount("M1", AccountType.MARGIN, cash=(("USD", D(1_000_000)),))))
    ok(engine.execute(SubscribeMarketData("M1", OPRA_TOP)))  # opens the month's bill, counting commissions
    for _ in range(8):
        trade(engine, "AAPL", Action.BUY, 2000, 150)
    assert engine.market_data_month("M1").commissions >= 30

    events = ok(engine.execute(SubscribeMarketData("M1", SNAPSHOT_BUNDLE))).events

    assert [e.amount for e in events if isinstance(e, MarketDataFeeWaived)] == [D(10)]


# -- refusals -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("command", "code", "field"), [
    (SubscribeMarketData("U1", "NYSE Arca Gold"), "UNKNOWN_BUNDLE", "bundle"),
    (SubscribeMarketData("U9", SNAPSHOT_BUNDLE), "UNKNOWN_ACCOUNT", "account"),
    (SubscribeMarketData("U1", DEMO_BUNDLE), "ALREADY_SUBSCRIBED", "bundle"),
    (UnsubscribeMarketData("U1", OPRA_TOP), "NOT_SUBSCRIBED", "bundle"),
])
def test_what_cannot_be_subscribed_or_unsubscribed_is_refused_and_changes_nothing(engine, command, code, field):
    assert_refused(engine, command, code, field)


def test_a_trader_may_not_change_the_subscriptions_an_owner_may(engine):
    # Issue 19: a trader "trades, no funding or settings"; subscriptions are settings (Account Management).
    ok(engine.execute(DefineUser("tom", "U1", "trader")))
    ok(engine.execute(DefineUser("olga", "U1", "owner")))

    assert_refused(engine, SubscribeMarketData("U1", OPRA_TOP, entered_by="tom"), "ROLE_NOT_ALLOWED", "entered_by")
    ok(engine.execute(SubscribeMarketData("U1", OPRA_TOP, entered_by="olga")))


def test_an_accounts_subscriptions_and_fees_are_its_holders_to_see(engine):
    ok(engine.execute(OpenAccount("U2", AccountType.MARGIN, cash=(("USD", D(10_000)),))))
    events = ok(engine.execute(SubscribeMarketData("U1", SNAPSHOT_BUNDLE))).events
    shown = [e for e in events if type(e).__name__.startswith("MarketData")]

    assert len(shown) == 2
    assert all(LoginReads(engine, "U1").sees_event(e) for e in shown)
    assert not any(LoginReads(engine, "U2").sees_event(e) for e in shown)
    with pytest.raises(KeyError):
        LoginReads(engine, "U2").market_data_month("U1")
    assert LoginReads(engine, "U1").market_data_month("U1").charged == {SNAPSHOT_BUNDLE}
