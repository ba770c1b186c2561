"""Account partitions (issue 6): the request and its cut-off on the clock, one at a time, the
permissions a partition inherits, who may trade what, and the advisor's fees."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from tests.factories import OPEN_TIME, assert_refused, ok, placed_id
from workstation.client.account_window import account_selections, account_window
from workstation.engine.core.fee_schedule import Billing, FeeSchedule
from workstation.engine.core.terms import AccountType, Action
from workstation.engine.login_reads import LoginReads
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import (
    AdvanceClock,
    CancelOrder,
    Deposit,
    OpenAccount,
    PlaceOrder,
    RequestPartition,
    SeedPosition,
    SetPrice,
    TransferCash,
)
from workstation.engine.messages.events import AdvisorFeeCharged, CashBooked, PartitionOpened, PartitionRequested

ADVISOR = "F5100001"
PARTITION = "U1-P1"
FEES = FeeSchedule(Billing.MONTHLY, asset_percent=Decimal("1.2"), flat_fee=Decimal(10))


def request(account: str = "U1", entitlements: tuple[str, ...] = ("STK:US", "CASH"),
            fees: FeeSchedule = FEES) -> RequestPartition:
    return RequestPartition(account, ADVISOR, "Avery Stone", entitlements, fees)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=EASTERN)


@pytest.fixture
def parent(make_engine):
    """U1: a margin account with 100,000 USD and 200 AAPL, permitted everything; AAPL at 150."""
    engine = make_engine()
    ok(engine.execute(OpenAccount("U1", AccountType.MARGIN, cash=(("USD", Decimal(100_000)),),
                                  positions=(SeedPosition("AAPL", Decimal(200), Decimal("120.00")),),
                                  permissions=("STK", "OPT", "FUT", "FOP", "FUND", "CASH"))))
    ok(engine.execute(SetPrice("AAPL", Decimal("150.00"))))
    return engine


@pytest.fixture
def opened(parent):
    """U1's partition with Avery Stone, opened at 18:00 and funded with 50,000 USD; the clock at
    the next morning's open."""
    ok(parent.execute(request()))
    ok(parent.execute(AdvanceClock(OPEN_TIME.replace(hour=18, minute=30))))
    ok(parent.execute(TransferCash("U1", PARTITION, "USD", Decimal(50_000))))
    ok(parent.execute(AdvanceClock(at(25, 10))))
    return parent


@pytest.mark.parametrize(("requested", "ready"), [
    (at(24, 10), at(24, 18)),                   # Tuesday morning: ready the same evening
    (at(24, 15, 59), at(24, 18)),
    (at(24, 16, 1), at(25, 18)),                # after the cut-off: the next business day
    (at(25, 16, 30), at(27, 18)),               # Wednesday evening: Thanksgiving is skipped
])
def test_a_request_is_pending_until_its_cut_off_then_opens_on_the_clock(make_engine, requested, ready):
    # Arrange
    engine = make_engine(start=requested)
    ok(engine.execute(OpenAccount("U1", AccountType.MARGIN, cash=(("USD", Decimal(100_000)),))))

    # Act
    asked = ok(engine.execute(request()))
    ok(engine.execute(AdvanceClock(ready - timedelta(minutes=1))))
    still_pending = engine.partitions("U1")[0].status, PARTITION in engine.account_ids()
    opening = ok(engine.execute(AdvanceClock(ready + timedelta(hours=1))))

    # Assert
    assert [e for e in asked.events if isinstance(e, PartitionRequested)][0].ready_at == ready
    assert still_pending == ("Pending", False)
    opened = [e for e in opening.events if isinstance(e, PartitionOpened)]
    assert opened == [PartitionOpened("U1", PARTITION, ADVISOR, ready)]
    child = engine.account(PARTITION)
    assert (child.parent, child.advisor, child.account_type) == ("U1", ADVISOR, AccountType.MARGIN)
    assert engine.account(ADVISOR).is_advisor
    assert engine.partitions(PARTITION)[0].status == "Open"


def test_one_partition_at_a_time_while_pending_and_once_open(parent):
    ok(parent.execute(request()))
    refused = assert_refused(parent, request(), "ONE_PARTITION_AT_A_TIME", "account")
    assert "pending" in refused.message and "18:00 ET" in refused.message

    ok(parent.execute(AdvanceClock(OPEN_TIME.replace(hour=19))))
    refused = assert_refused(parent, RequestPartition("U1", "F5100002", "Blake Ortiz", ("STK:US",)),
                             "ONE_PARTITION_AT_A_TIME", "account")
    assert "open" in refused.message


def test_a_partition_is_requested_from_an_individual_account_only(parent):
    ok(parent.execute(request()))
    ok(parent.execute(AdvanceClock(OPEN_TIME.replace(hour=19))))
    assert_refused(parent, request(PARTITION), "NOT_INDIVIDUAL_ACCOUNT", "account")
    assert_refused(parent, request(ADVISOR), "NOT_INDIVIDUAL_ACCOUNT", "account")
    assert_refused(parent, request("U9"), "UNKNOWN_ACCOUNT", "account")


def test_the_partition_inherits_the_parents_permissions_less_those_the_advisor_lacks(parent):
    # Act
    requested = ok(parent.execute(request(entitlements=("STK:US", "OPT:US", "CASH"))))

    # Assert: STK anywhere narrows to STK:US; futures and funds go
    event = next(e for e in requested.events if isinstance(e, PartitionRequested))
    assert event.permissions == ("CASH", "OPT:US", "STK:US")
    assert event.removed == ("FOP", "FUND", "FUT")


def test_an_advisor_entitled_to_none_of_the_parents_permissions_is_refused(parent):
    ok(parent.execute(OpenAccount("U2", AccountType.CASH, cash=(("USD", Decimal(5_000)),), permissions=("STK:US",))))
    assert_refused(parent, request("U2", entitlements=("STK:DE", "CASH")), "NO_COMMON_PERMISSION", "entitlements")
    assert_refused(parent, request(entitlements=("BONDS",)), "INVALID_PERMISSION", "entitlements")


def test_the_advisor_trades_the_partition_and_nothing_else_of_the_parent(opened):
    # The advisor's own order on the partition goes through
    ok(opened.execute(PlaceOrder(PARTITION, "AAPL", Action.BUY, Decimal(10), entered_by=ADVISOR)))
    assert opened.account(PARTITION).position_quantity("AAPL") == 10

    refused = assert_refused(opened, PlaceOrder("U1", "AAPL", Action.SELL, Decimal(10), entered_by=ADVISOR),
                             "NOT_ADVISOR_CLIENT", "account")
    assert "only its clients" in refused.message


def test_the_parent_monitors_the_partition_but_cannot_trade_it(opened):
    for entered_by in (None, "U1"):
        refused = assert_refused(opened, PlaceOrder(PARTITION, "AAPL", Action.BUY, Decimal(10),
                                                    entered_by=entered_by), "PARTITION_MONITOR_ONLY", "account")
        assert "Avery Stone" in refused.message and "monitors" in refused.message
    # ...and keeps trading the non-partitioned segment
    ok(opened.execute(PlaceOrder("U1", "AAPL", Action.SELL, Decimal(10), entered_by="U1")))
    assert opened.account("U1").position_quantity("AAPL") == 190


def test_the_parent_cannot_cancel_the_advisors_order_but_the_advisor_can(opened):
    order_id = placed_id(opened.execute(PlaceOrder(PARTITION, "AAPL", Action.BUY, Decimal(10), "LMT",
                                                   Decimal("100.00"), entered_by=ADVISOR)))
    assert_refused(opened, CancelOrder(order_id, entered_by="U1"), "PARTITION_MONITOR_ONLY", "account")
    ok(opened.execute(CancelOrder(order_id, entered_by=ADVISOR)))


def test_a_preview_of_an_order_the_login_may_not_place_says_why(opened):
    preview = opened.preview(PlaceOrder(PARTITION, "AAPL", Action.BUY, Decimal(10), entered_by="U1"))
    assert preview.rejected is not None and preview.rejected.code == "PARTITION_MONITOR_ONLY"


def test_a_partition_cannot_trade_what_the_advisor_is_not_entitled_to(opened):
    option = next(i.symbol for i in opened.catalog.options_on("AAPL"))
    result = opened.execute(PlaceOrder(PARTITION, option, Action.BUY, Decimal(1), entered_by=ADVISOR))
    assert result.code == "NO_TRADING_PERMISSION"


def test_month_end_fees_are_debited_from_the_partition_labelled_with_the_advisor(opened):
    # Act: Monday 30 November is November's last business day
    closing = ok(opened.execute(AdvanceClock(at(30, 16, 30))))

    # Assert: a week of a month (24-30 November: 7 of 30 days) on 50,000 at 1.2% a year, and of 10 a month
    charged = [e for e in closing.events if isinstance(e, AdvisorFeeCharged)]
    assert [(e.kind, e.amount) for e in charged] == [("assets", Decimal("11.67")), ("flat", Decimal("2.33"))]
    entries = [e for e in closing.events if isinstance(e, CashBooked) and e.account_id == PARTITION]
    assert [e.amount for e in entries] == [Decimal("-11.67"), Decimal("-2.33")]
    assert all("Avery Stone" in e.reason for e in entries)
    assert opened.cash(PARTITION)["USD"] == Decimal("49986.00")
    assert opened.cash(ADVISOR)["USD"] == Decimal("14.00")
    assert len(opened.funding_history(PARTITION)) == 3  # the transfer and two fees


def test_no_fee_is_billed_before_the_periods_last_business_day(opened):
    closing = ok(opened.execute(AdvanceClock(at(27, 20))))
    assert not [e for e in closing.events if isinstance(e, AdvisorFeeCharged)]


def test_a_performance_fee_takes_its_share_of_gains_above_the_high_water_mark(parent):
    # Arrange: 20% above the high-water mark, quarterly; the partition is funded with 100 AAPL at 150
    from workstation.engine.messages.commands import TransferPosition
    ok(parent.execute(request(fees=FeeSchedule(Billing.QUARTERLY, performance_percent=Decimal(20)))))
    ok(parent.execute(AdvanceClock(at(24, 19))))
    ok(parent.execute(TransferPosition("U1", PARTITION, "AAPL", Decimal(100))))
    ok(parent.execute(AdvanceClock(datetime(2026, 12, 31, 10, tzinfo=EASTERN))))
    ok(parent.execute(SetPrice("AAPL", Decimal("160.00"))))

    # Act: the last business day of the quarter
    closing = ok(parent.execute(AdvanceClock(datetime(2026, 12, 31, 16, 30, tzinfo=EASTERN))))

    # Assert: 20% of the 1,000 gained
    fees = [e for e in closing.events if isinstance(e, AdvisorFeeCharged)]
    assert [(e.kind, e.amount) for e in fees] == [("performance", Decimal("200.00"))]
    assert parent.partitions(PARTITION)[0].high_water == Decimal("15800.00")


def test_the_parent_monitors_its_partition_alone_and_combined_with_its_own_account(opened):
    # Act
    holder = LoginReads(opened, "U1")
    selections = {s.label: s.accounts for s in account_selections(holder, "U1")}
    combined = next(s for s in account_selections(holder, "U1") if s.accounts == ("U1", PARTITION))
    view = account_window(holder, combined)

    # Assert
    assert selections == {"U1": ("U1",), f"{PARTITION} (partition)": (PARTITION,),
                          f"U1 + {PARTITION} (combined)": ("U1", PARTITION)}
    parent_nlv = opened.account_values("U1")["NetLiquidation"]
    partition_nlv = opened.account_values(PARTITION)["NetLiquidation"]
    assert view.values["NetLiquidation"] == parent_nlv + partition_nlv
    # the advisor sees the partition as its client, and nothing of the parent
    advisor = LoginReads(opened, ADVISOR)
    assert [s.accounts for s in account_selections(advisor, ADVISOR)] == [(PARTITION,), (PARTITION,)]


def test_previous_day_elv_is_fixed_until_the_first_close_and_the_combined_view_counts_it_once(parent):
    # U1 opened at 10:00 with 100,000 USD and 200 AAPL (marked 150.00 after opening: 130,000 of ELV
    # at the 16:00 close). Its partition opens empty at 18:00 and is funded with 50,000 USD.
    ok(parent.execute(request()))
    ok(parent.execute(AdvanceClock(OPEN_TIME.replace(hour=18, minute=30))))
    at_close = parent.account_values("U1")["PreviousDayEquityWithLoanValue"]
    assert at_close == Decimal(130_000)                        # 100,000 + 200 x 150.00 at 16:00
    ok(parent.execute(TransferCash("U1", PARTITION, "USD", Decimal(50_000))))

    # Before its first close the partition's previous-day value is its value at opening (0), moved by the
    # cash transferred after the close (decision D9.1): 0 + 50,000 = 50,000; U1's 130,000 - 50,000 = 80,000.
    partition = parent.account_values(PARTITION)
    assert partition["EquityWithLoanValue"] == Decimal(50_000)
    assert partition["PreviousDayEquityWithLoanValue"] == Decimal(50_000)
    assert parent.account_values("U1")["PreviousDayEquityWithLoanValue"] == at_close - Decimal(50_000)
    holder = LoginReads(parent, "U1")
    combined = next(s for s in account_selections(holder, "U1") if s.accounts == ("U1", PARTITION))
    assert account_window(holder, combined).values["PreviousDayEquityWithLoanValue"] == at_close  # once

    ok(parent.execute(AdvanceClock(at(25, 16, 30))))          # the partition's first close
    partition = parent.account_values(PARTITION)
    assert partition["PreviousDayEquityWithLoanValue"] == partition["EquityWithLoanValue-S"]


def test_an_account_opened_mid_session_keeps_its_opening_value_moved_by_deposits_until_the_close(make_engine):
    engine = make_engine()
    ok(engine.execute(OpenAccount("U2", AccountType.MARGIN, cash=(("USD", Decimal(20_000)),))))
    ok(engine.execute(Deposit("U2", "USD", Decimal(5_000))))
    values = engine.account_values("U2")
    assert values["EquityWithLoanValue"] == Decimal(25_000)
    # At opening 20,000, moved by the deposit booked since (decision D9.1): 20,000 + 5,000 = 25,000.
    assert values["PreviousDayEquityWithLoanValue"] == Decimal(25_000)
