"""The activity statement (issue 6): trades, deposits and withdrawals, transfers, advisor fees and
commissions for a period, with the partition's activity included and labelled; an advisor order
reported as the account's own share."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from tests.factories import OPEN_TIME, ok, placed_id
from workstation.engine.core.fee_schedule import Billing, FeeSchedule
from workstation.engine.core.terms import AccountType, Action, OrderType, TimeInForce
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import (
    AdvanceClock,
    BustExecution,
    Deposit,
    ForceExecution,
    OpenAccount,
    PlaceOrder,
    RequestPartition,
    SeedPosition,
    SetPrice,
    TransferCash,
    TransferPosition,
    Withdraw,
)

ADVISOR = "F5100001"
PARTITION = "U1-P1"
LABEL = "Partition U1-P1 (managed by Avery Stone)"
NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=EASTERN)


@pytest.fixture
def month(make_engine):
    """November for U1 (100,000 USD, 200 AAPL at cost 120; AAPL 150, KO 60, prices frozen): a
    partition with Avery Stone (10 USD a month, flat) requested Tuesday 24th at 10:00, opened at
    18:00 and funded with 30,000 USD and 100 AAPL; a 20,000 deposit; on the 25th the advisor buys
    100 KO in the partition, U1 sells 50 AAPL and withdraws 5,000; the month ends on Monday 30th."""
    engine = make_engine()
    ok(engine.execute(OpenAccount("U1", AccountType.MARGIN, cash=(("USD", Decimal(100_000)),),
                                  positions=(SeedPosition("AAPL", Decimal(200), Decimal("120.00")),))))
    ok(engine.execute(SetPrice("AAPL", Decimal("150.00"))))
    ok(engine.execute(SetPrice("KO", Decimal("60.00"))))
    ok(engine.execute(RequestPartition("U1", ADVISOR, "Avery Stone", ("STK:US", "CASH"),
                                       FeeSchedule(Billing.MONTHLY, flat_fee=Decimal(10)))))
    ok(engine.execute(Deposit("U1", "USD", Decimal(20_000))))
    ok(engine.execute(AdvanceClock(at(24, 18, 30))))
    ok(engine.execute(TransferCash("U1", PARTITION, "USD", Decimal(30_000))))
    ok(engine.execute(TransferPosition("U1", PARTITION, "AAPL", Decimal(100))))
    ok(engine.execute(AdvanceClock(at(25, 10))))
    ok(engine.execute(PlaceOrder(PARTITION, "KO", Action.BUY, Decimal(100), entered_by=ADVISOR)))
    ok(engine.execute(PlaceOrder("U1", "AAPL", Action.SELL, Decimal(50))))
    ok(engine.execute(Withdraw("U1", "USD", Decimal(5_000))))
    ok(engine.execute(AdvanceClock(at(30, 16, 30))))
    return engine


def test_the_statement_has_every_kind_of_activity_with_the_partitions_rows_labelled(month):
    # Act
    statement = month.activity_statement("U1", *NOVEMBER)

    # Assert: the account and its partition, the partition described
    assert statement.accounts == ("U1", PARTITION)
    [partition] = statement.partitions
    assert (partition.label, partition.status, partition.opens_at) == (LABEL, "Open", at(24, 18))
    assert partition.fees == ("10.00 USD a month",)

    # Trades: KO bought at the ask (60.01, a cent above the frozen mark) for the partition; AAPL sold
    # at the bid (149.99) by U1; each pays its own 1.00 minimum (commissions are per partition)
    assert [(t.partition, t.account, t.symbol, t.action, t.quantity, t.price, t.proceeds, t.commission)
            for t in statement.trades] == [
        (LABEL, PARTITION, "KO", "BUY", 100, Decimal("60.01"), Decimal("-6001.00"), Decimal("1.00")),
        ("", "U1", "AAPL", "SELL", 50, Decimal("149.99"), Decimal("7499.50"), Decimal("1.00")),
    ]
    assert [(c.account, c.currency, c.amount, c.partition) for c in statement.commissions] == [
        ("U1", "USD", Decimal("1.00"), ""), (PARTITION, "USD", Decimal("1.00"), LABEL)]

    # Deposits and withdrawals, signed as they move the cash
    assert [(m.kind, m.amount) for m in statement.deposits_withdrawals] == [
        ("Deposit", Decimal(20_000)), ("Withdrawal", Decimal(-5_000))]

    # Transfers to the partition are partition activity
    assert [(t.kind, t.from_account, t.to_account, t.partition, t.amount, t.symbol, t.quantity, t.avg_cost)
            for t in statement.transfers] == [
        ("Fund Transfer", "U1", PARTITION, LABEL, Decimal(30_000), "", 0, 0),
        ("Position Transfer", "U1", PARTITION, LABEL, 0, "AAPL", Decimal(100), Decimal("120.00")),
    ]

    # The month's fee: 10 a month for the 7 days of 30 it was open (24th-30th) = 2.33
    assert [(f.account, f.partition, f.advisor, f.amount, f.time) for f in statement.advisor_fees] == [
        (PARTITION, LABEL, ADVISOR, Decimal("2.33"), at(30, 16))]

    # Cash now: U1 100,000 + 20,000 - 30,000 + 7,498.50 - 5,000 = 92,498.50;
    # the partition 30,000 - 6,002.00 - 2.33 = 23,995.67
    assert [(c.account, c.currency, c.amount) for c in statement.cash_balances] == [
        ("U1", "USD", Decimal("92498.50")), (PARTITION, "USD", Decimal("23995.67"))]


def test_the_partitions_own_statement_has_only_its_activity_all_labelled(month):
    statement = month.activity_statement(PARTITION, *NOVEMBER)

    assert statement.accounts == (PARTITION,)
    assert [t.symbol for t in statement.trades] == ["KO"]
    assert statement.deposits_withdrawals == ()
    rows = [*statement.trades, *statement.transfers, *statement.advisor_fees, *statement.cash_balances]
    assert rows and {row.partition for row in rows} == {LABEL}


@pytest.mark.parametrize(("start", "end", "trades", "movements", "transfers", "fees"), [
    (date(2026, 11, 1), date(2026, 11, 24), 0, 1, 2, 0),    # the request day: deposit, funding
    (date(2026, 11, 25), date(2026, 11, 25), 2, 1, 0, 0),   # the trading day: trades, withdrawal
    (date(2026, 11, 26), date(2026, 11, 30), 0, 0, 0, 1),   # the month's end: the fee
    (date(2026, 12, 1), date(2026, 12, 31), 0, 0, 0, 0),    # a later month: nothing
])
def test_the_period_keeps_only_its_own_days(month, start, end, trades, movements, transfers, fees):
    statement = month.activity_statement("U1", start, end)

    assert (len(statement.trades), len(statement.deposits_withdrawals), len(statement.transfers),
            len(statement.advisor_fees)) == (trades, movements, transfers, fees)
    assert (statement.start, statement.end) == (start, end)


def test_an_advisor_fill_shows_only_the_accounts_own_share_at_its_average(pair_order):
    # Arrange: group G gives A 60 and B 40 of the KO buy; it fills 50 at 60.00, then 50 at 61.00
    engine, order_id = pair_order
    ok(engine.execute(ForceExecution(order_id, Decimal(50), Decimal("60.00"))))
    ok(engine.execute(ForceExecution(order_id, Decimal(50), Decimal("61.00"))))
    today = engine.now.date()

    # Act
    a, b, master = (engine.activity_statement(account, today, today) for account in ("A", "B", "FA1"))

    # Assert: each client sees one trade for its share at the order's average, 60.50
    # (A: 60 x 60.50 = 3,630; B: 40 x 60.50 = 2,420), with its own 1.00 minimum commission
    assert [(t.account, t.quantity, t.price, t.proceeds, t.commission) for t in a.trades] == [
        ("A", 60, Decimal("60.50"), Decimal("-3630.00"), Decimal("1.00"))]
    assert [(t.account, t.quantity, t.price, t.proceeds, t.commission) for t in b.trades] == [
        ("B", 40, Decimal("60.50"), Decimal("-2420.00"), Decimal("1.00"))]
    assert master.trades == ()  # the master allocates; it holds nothing


def test_an_advisor_order_filled_over_two_days_is_one_row_dated_at_its_last_fill(pair_order):
    # Arrange: a GTC buy for group G (A 60, B 40) fills 50 on Tuesday and 50 on Wednesday
    engine, _ = pair_order
    order_id = placed_id(engine.execute(PlaceOrder("FA1", "KO", Action.BUY, Decimal(0), OrderType.LMT,
                                                   Decimal("1.00"), tif=TimeInForce.GTC, fa_group="G")))
    ok(engine.execute(ForceExecution(order_id, Decimal(50), Decimal("60.00"))))
    ok(engine.execute(AdvanceClock(at(25, 10))))
    ok(engine.execute(ForceExecution(order_id, Decimal(50), Decimal("61.00"))))
    tuesday, wednesday = date(2026, 11, 24), date(2026, 11, 25)

    # Act
    first_day, second_day, both = (engine.activity_statement("A", start, end)
                                   for start, end in ((tuesday, tuesday), (wednesday, wednesday), (tuesday, wednesday)))

    # Assert: A's share of the whole order shows once, on the day of the order's last execution
    assert first_day.trades == ()
    assert [(t.time, t.quantity) for t in second_day.trades] == [(at(25, 10), 60)]
    assert both.trades == second_day.trades


def test_a_busted_execution_is_left_out_and_the_commission_follows_the_order(engine):
    # Arrange: 100 AAPL fill as 40 then 60 at 140; the first pays the 1.00 minimum, the second
    # nothing (100 x 0.005 = 0.50, still under the minimum). The first is then busted.
    order_id = placed_id(engine.execute(PlaceOrder("U1", "AAPL", Action.BUY, Decimal(100), OrderType.LMT,
                                                   Decimal("140.00"), tif=TimeInForce.GTC)))
    ok(engine.execute(ForceExecution(order_id, Decimal(40), Decimal("140.00"))))
    ok(engine.execute(ForceExecution(order_id, Decimal(60), Decimal("140.00"))))
    first = engine.executions(order_id)[0].exec_id
    ok(engine.execute(BustExecution(first)))

    # Act
    statement = engine.activity_statement("U1", OPEN_TIME.date(), OPEN_TIME.date())

    # Assert: what stands is 60 shares, which cost the 1.00 minimum the order is now charged
    assert [(t.quantity, t.commission, t.reference != first) for t in statement.trades] == [
        (60, Decimal("1.00"), True)]
    assert engine.order(order_id).commission == Decimal("1.00")


@pytest.mark.parametrize(("account", "start", "end", "field"), [
    ("U9", date(2026, 11, 1), date(2026, 11, 30), "account_id"),
    ("U1", date(2026, 11, 30), date(2026, 11, 1), "start"),
])
def test_a_bad_request_names_its_argument(engine, account, start, end, field):
    with pytest.raises(ValueError, match=f"^{field}: "):
        engine.activity_statement(account, start, end)


def test_a_derivative_transfer_shows_its_average_cost_per_contract(make_engine):
    # IB's avgCost of a derivative is per contract, commission included (TWS API updatePortfolio:
    # https://www.interactivebrokers.com.hk/en/software/api/apiguide/java/updateportfolio.htm):
    # 5 AAPL 240 calls held at 6.10 a share move at 6.10 x 100 = 610.00 a contract; ESZ6 at 5,890.25
    # a point moves at 5,890.25 x 50 = 294,512.50.
    engine = make_engine()
    ok(engine.execute(OpenAccount("U1", AccountType.MARGIN, cash=(("USD", Decimal(500_000)),), positions=(
        SeedPosition("AAPL  261218C00240000", Decimal(5), Decimal("6.10")),
        SeedPosition("ESZ6", Decimal(1), Decimal("5890.25"))))))
    ok(engine.execute(SetPrice("AAPL", Decimal("232.50"))))
    ok(engine.execute(RequestPartition("U1", ADVISOR, "Avery Stone", ("STK:US", "OPT:US", "FUT:US", "CASH"),
                                       FeeSchedule(Billing.MONTHLY, flat_fee=Decimal(10)))))
    ok(engine.execute(AdvanceClock(at(24, 18, 30))))
    ok(engine.execute(TransferCash("U1", PARTITION, "USD", Decimal(100_000))))
    ok(engine.execute(TransferPosition("U1", PARTITION, "AAPL  261218C00240000", Decimal(5))))
    ok(engine.execute(TransferPosition("U1", PARTITION, "ESZ6", Decimal(1))))

    statement = engine.activity_statement("U1", *NOVEMBER)

    assert [(t.symbol, t.quantity, t.avg_cost) for t in statement.transfers if t.symbol] == [
        ("AAPL  261218C00240000", Decimal(5), Decimal("610.00")), ("ESZ6", Decimal(1), Decimal("294512.50"))]
    assert engine.account(PARTITION).positions["ESZ6"].avg_cost == Decimal("5890.25")  # the ledger: per point


def test_the_fees_section_reads_the_advisors_bill_from_the_partitions_ledger(month):
    # The month's fee, 2.33 (see above), debited from the partition on the 30th at 16:00.
    statement = month.activity_statement("U1", *NOVEMBER)

    assert [(f.account, f.partition, f.currency, f.amount, f.time) for f in statement.fees] == [
        (PARTITION, LABEL, "USD", Decimal("-2.33"), at(30, 16))]
    assert statement.fees[0].description.startswith("Advisor fee Avery Stone")
