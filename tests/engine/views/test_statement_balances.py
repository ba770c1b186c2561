"""The statement's balances at its period's end (issue 19, reference §7: Net Asset Value, Change in NAV,
Cash Report, Open Positions, Forex Balances, Fees): cash as of the period's end whatever came after,
a deposit on its credit day, the Cash Report adding up, every fee whoever charges it, and a period
up to today valued exactly as the engine's own account values."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from tests.factories import ok
from workstation.engine.api import Engine
from workstation.engine.core.account_tags import AccountTag
from workstation.engine.core.terms import AccountType, Action
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import (
    AdvanceClock,
    Deposit,
    OpenAccount,
    PlaceOrder,
    SeedPosition,
    SetPrice,
    Withdraw,
)
from workstation.engine.messages.events import CashBooked
from workstation.engine.orders.history import MemoryHistory
from workstation.engine.views.statement_cash import (
    CASH_REPORT_LINES,
    COMMISSIONS,
    DEPOSITS_WITHDRAWALS,
    ENDING_CASH,
    FEES,
    STARTING_CASH,
    TRADES,
    line_of,
)


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=EASTERN)


@pytest.fixture
def trader(make_engine):
    """U1 opens Tuesday 3 November 2026 at 10:00 with 100,000 USD, 1,000 EUR and 100 AAPL (cost 120;
    AAPL frozen at 150); on the 3rd it buys 10 AAPL; on 10 November it deposits 20,000 (money IB
    already holds: credited at once); on 2 December it withdraws 5,000."""
    engine = make_engine(start=at(11, 3, 10))
    ok(engine.execute(OpenAccount("U1", AccountType.MARGIN, cash=(("USD", Decimal(100_000)), ("EUR", Decimal(1_000))),
                                  positions=(SeedPosition("AAPL", Decimal(100), Decimal("120.00")),))))
    ok(engine.execute(SetPrice("AAPL", Decimal("150.00"))))
    ok(engine.execute(PlaceOrder("U1", "AAPL", Action.BUY, Decimal(10))))
    ok(engine.execute(AdvanceClock(at(11, 10, 11))))
    ok(engine.execute(Deposit("U1", "USD", Decimal(20_000))))
    ok(engine.execute(AdvanceClock(at(12, 2, 11))))
    ok(engine.execute(Withdraw("U1", "USD", Decimal(5_000))))
    return engine


def cash(statement, currency: str = "USD") -> Decimal:
    return next(c.amount for c in statement.cash_balances if c.currency == currency)


def report(statement, currency: str = "USD") -> dict[str, Decimal]:
    return dict(next(c for c in statement.cash_report if c.currency == currency).amounts)


def test_cash_is_as_of_the_periods_end_not_as_of_now(trader):
    # The buy: 10 AAPL at the ask 150.01 = 1,500.10 and a 1.00 commission -> 98,498.90 after the 3rd.
    daily = trader.activity_statement("U1", date(2026, 11, 3), date(2026, 11, 3))
    october_to_9th = trader.activity_statement("U1", date(2026, 10, 1), date(2026, 11, 9))
    november = trader.activity_statement("U1", date(2026, 11, 1), date(2026, 11, 30))

    assert cash(daily) == cash(october_to_9th) == Decimal("98498.90")
    assert cash(november) == Decimal("118498.90")           # the deposit of the 10th, not December's withdrawal
    assert trader.cash("U1")["USD"] == Decimal("113498.90")  # now, after the withdrawal
    assert daily.as_of == at(11, 4, 0) and not daily.valued  # a past period: no valuation
    assert daily.net_asset_value == () and daily.open_positions == ()
    assert cash(november, "EUR") == Decimal(1_000)


def test_the_cash_report_adds_up_from_starting_to_ending_cash(trader):
    # Act
    tenth_to_now = trader.activity_statement("U1", date(2026, 11, 10), date(2026, 12, 2))
    opening_day = trader.activity_statement("U1", date(2026, 11, 3), date(2026, 11, 3))

    # Assert: 98,498.90 + 20,000 - 5,000 = 113,498.90
    lines = report(tenth_to_now)
    assert list(lines) == list(CASH_REPORT_LINES)
    assert (lines[STARTING_CASH], lines[DEPOSITS_WITHDRAWALS], lines[ENDING_CASH]) == (
        Decimal("98498.90"), Decimal(15_000), Decimal("113498.90"))
    first = report(opening_day)
    assert (first[STARTING_CASH], first[TRADES], first[COMMISSIONS], first[ENDING_CASH]) == (
        0, Decimal("-1500.10"), Decimal("-1.00"), Decimal("98498.90"))
    for statement in (tenth_to_now, opening_day):
        for line in statement.cash_report:
            amounts = dict(line.amounts)
            assert amounts[ENDING_CASH] == sum(v for k, v in amounts.items() if k != ENDING_CASH)


def test_a_period_up_to_today_is_valued_as_the_engines_account_values(trader):
    statement = trader.activity_statement("U1", date(2026, 12, 1), date(2026, 12, 2))
    values = trader.account_values("U1")

    assert statement.valued and statement.as_of == trader.now
    nav = {v.line: v.amount for v in statement.net_asset_value}
    assert nav["Total"] == values[AccountTag.NET_LIQUIDATION]
    assert nav["Cash"] == values[AccountTag.TOTAL_CASH_VALUE]
    assert nav["Stock"] == values[AccountTag.STOCK_MARKET_VALUE]
    assert sum(v for line, v in nav.items() if line != "Total") == nav["Total"]
    assert {(p.symbol, p.quantity, p.value) for p in statement.open_positions} == {
        (p.symbol, p.quantity, p.market_value) for p in trader.positions("U1")}
    assert {(c.currency, c.amount) for c in statement.cash_balances} == set(trader.cash("U1").items())
    assert [c.line for c in statement.change_in_nav][-1] == "Ending Value"
    assert statement.change_in_nav[-1].amount == values[AccountTag.NET_LIQUIDATION]
    [eur] = statement.forex_balances
    assert (eur.currency, eur.quantity) == ("EUR", Decimal(1_000)) and eur.value == round(1_000 * eur.rate, 2) > 0


def test_a_wire_deposit_appears_on_its_credit_date_not_on_its_notification(make_engine):
    engine = make_engine(start=at(11, 3, 10))
    ok(engine.execute(OpenAccount("U1", AccountType.MARGIN, cash=(("USD", Decimal(1_000)),))))
    ok(engine.execute(Deposit("U1", "USD", Decimal(50_000), method="wire", bank="Chase ...1234")))
    [pending] = engine.pending_funds("U1")
    credit_day = pending.until
    assert credit_day > date(2026, 11, 3)
    ok(engine.execute(AdvanceClock(datetime.combine(credit_day, datetime.min.time(), EASTERN).replace(hour=12))))

    notified = engine.activity_statement("U1", date(2026, 11, 3), date(2026, 11, 3))
    credited = engine.activity_statement("U1", credit_day, credit_day)

    assert notified.deposits_withdrawals == () and cash(notified) == Decimal(1_000)
    [deposit] = credited.deposits_withdrawals
    assert (deposit.kind, deposit.method, deposit.amount) == ("Deposit", "wire", Decimal(50_000))
    assert deposit.time.astimezone(EASTERN).date() == credit_day
    assert cash(credited) == Decimal(51_000)


@pytest.mark.parametrize(("reason", "line"), [
    ("Withdrawal fee", FEES),
    ("Exposure fee (STK) for 2026-11-25", FEES),
    ("Advisor fee Avery Stone (F5100001): flat fee, November 2026", FEES),
    ("Market data subscription: US Securities Snapshot and Futures Value Bundle", FEES),
    ("Commission BUY 10 AAPL @ 150.01", COMMISSIONS),
    ("Deposit", DEPOSITS_WITHDRAWALS),
    ("BUY 10 AAPL @ 150.01", TRADES),
])
def test_every_fee_is_read_from_its_ledger_entry_whoever_charges_it(reason, line):
    assert line_of(reason) == line


class ReadCountingHistory(MemoryHistory):
    """Records which ranges of cash entries a statement reads."""

    def __init__(self) -> None:
        super().__init__()
        self.ranges: list[tuple[str, datetime, datetime]] = []

    def cash_bookings(self, account_id: str, since: datetime, until: datetime) -> list[CashBooked]:
        self.ranges.append((account_id, since, until))
        return super().cash_bookings(account_id, since, until)


def test_a_statement_reads_only_its_own_periods_entries(universe):
    history = ReadCountingHistory()
    engine = Engine.new(universe, 7, at(11, 3, 10), random_walk=False, history=history)
    ok(engine.execute(OpenAccount("U1", AccountType.MARGIN, cash=(("USD", Decimal(100_000)),))))
    for day in range(4, 28):   # three weeks of daily deposits after the period
        ok(engine.execute(AdvanceClock(at(11, day, 11))))
        ok(engine.execute(Deposit("U1", "USD", Decimal(100))))

    statement = engine.activity_statement("U1", date(2026, 11, 3), date(2026, 11, 3))

    assert history.ranges == [("U1", at(11, 3, 0), at(11, 4, 0))]
    assert cash(statement) == Decimal(100_000)
