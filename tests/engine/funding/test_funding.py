"""Fund and Position Transfers between a parent and its partition, deposits and withdrawals: atomic,
conserved, refused with the reason when a side would go below zero or break margin."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import OPEN_TIME, assert_refused, ok
from workstation.engine.api import Engine
from workstation.engine.core.fee_schedule import Billing, FeeSchedule
from workstation.engine.core.terms import AccountType, Action
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import (
    AdvanceClock,
    Deposit,
    OpenAccount,
    PlaceOrder,
    RequestPartition,
    SeedPosition,
    SetPrice,
    TransferCash,
    TransferPosition,
    Withdraw,
)
from workstation.engine.messages.events import FundsDeposited

ADVISOR = "F5100001"
PARTITION = "U1-P1"
NO_FEES = FeeSchedule()


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=EASTERN)


def partitioned(engine: Engine, fees: FeeSchedule = NO_FEES) -> Engine:
    """U1 (margin: 100,000 USD, 2,000 EUR, 200 AAPL, 3 short AAPL calls) with an open partition
    managed by F5100001 (stocks and FX only); the clock at Wednesday's open."""
    call = next(o.symbol for o in engine.catalog.options_on("AAPL") if o.expiry and o.expiry.year == 2026)
    ok(engine.execute(OpenAccount("U1", AccountType.MARGIN, cash=(("USD", Decimal(100_000)), ("EUR", Decimal(2_000))),
                                  positions=(SeedPosition("AAPL", Decimal(200), Decimal("120.00")),
                                             SeedPosition(call, Decimal(-3), Decimal("4.00"))),
                                  permissions=("STK", "OPT", "CASH"))))
    ok(engine.execute(SetPrice("AAPL", Decimal("150.00"))))
    ok(engine.execute(RequestPartition("U1", ADVISOR, "Avery Stone", ("STK:US", "CASH"), fees)))
    ok(engine.execute(AdvanceClock(at(25, 10))))
    return engine


@pytest.fixture
def engine(make_engine) -> Engine:
    return partitioned(make_engine())


def test_a_fund_transfer_moves_cash_both_ways_and_conserves_it(engine):
    ok(engine.execute(TransferCash("U1", PARTITION, "USD", Decimal("30000.00"))))
    ok(engine.execute(TransferCash("U1", PARTITION, "EUR", Decimal("500.00"))))
    ok(engine.execute(TransferCash(PARTITION, "U1", "USD", Decimal("1000.50"))))

    assert engine.cash("U1") == {"USD": Decimal("71000.50"), "EUR": Decimal("1500.00")}
    assert engine.cash(PARTITION) == {"USD": Decimal("28999.50"), "EUR": Decimal("500.00")}
    kinds = [(r.kind.value, r.account, r.counterparty, r.amount) for r in engine.funding_history(PARTITION)]
    assert kinds[-1] == ("Fund Transfer", PARTITION, "U1", Decimal("1000.50"))


def test_a_transfer_never_converts_currency_it_points_to_an_fx_order(engine):
    refused = assert_refused(engine, TransferCash("U1", PARTITION, "EUR", Decimal("2500")), "INSUFFICIENT_CASH",
                             "amount")
    assert "2,000.00 EUR" in refused.message and "FX order" in refused.message
    assert_refused(engine, TransferCash("U1", PARTITION, "GBP", Decimal("10")), "INSUFFICIENT_CASH", "amount")

    ok(engine.execute(PlaceOrder("U1", "EUR.USD", Action.BUY, Decimal(1000), entered_by="U1")))
    ok(engine.execute(TransferCash("U1", PARTITION, "EUR", Decimal("2500"))))


def test_a_position_transfer_moves_part_of_a_holding_at_its_cost_basis(engine):
    ok(engine.execute(TransferPosition("U1", PARTITION, "AAPL", Decimal(50))))

    moved = engine.account(PARTITION).positions["AAPL"]
    kept = engine.account("U1").positions["AAPL"]
    assert (moved.quantity, moved.avg_cost, kept.quantity, kept.avg_cost) == (50, Decimal("120.00"), 150,
                                                                              Decimal("120.00"))
    ok(engine.execute(TransferPosition(PARTITION, "U1", "AAPL", Decimal(50))))
    assert "AAPL" not in engine.account(PARTITION).positions
    assert engine.account("U1").positions["AAPL"].quantity == 200


def test_a_partition_receives_only_what_its_advisor_may_trade(engine):
    call = next(symbol for symbol in engine.account("U1").positions if symbol != "AAPL")
    refused = assert_refused(engine, TransferPosition("U1", PARTITION, call, Decimal(1)), "NO_TRADING_PERMISSION",
                             "symbol")
    assert "Avery Stone is not entitled" in refused.message


@pytest.mark.parametrize(("command", "code", "field"), [
    (TransferPosition("U1", PARTITION, "AAPL", Decimal(201)), "INVALID_QUANTITY", "quantity"),
    (TransferPosition("U1", PARTITION, "MSFT", Decimal(1)), "NO_POSITION", "symbol"),
    (TransferPosition("U1", PARTITION, "AAPL", Decimal("0.5")), "INVALID_QUANTITY", "quantity"),
    (TransferCash("U1", PARTITION, "USD", Decimal("-5")), "INVALID_AMOUNT", "amount"),
    (TransferCash("U1", PARTITION, "USD", Decimal("0.001")), "INVALID_AMOUNT", "amount"),
    (TransferCash("U1", "U1", "USD", Decimal("5")), "INVALID_TRANSFER", "to_account"),
    (TransferCash("U1", "U9", "USD", Decimal("5")), "UNKNOWN_ACCOUNT", "to_account"),
    (TransferCash(PARTITION, "U1", "USD", Decimal("5")), "INSUFFICIENT_CASH", "amount"),
])
def test_bad_transfers_are_refused_naming_the_field(engine, command, code, field):
    assert_refused(engine, command, code, field)


def test_transfers_wait_for_the_partition_to_open(make_engine):
    engine = make_engine()
    ok(engine.execute(OpenAccount("U1", AccountType.MARGIN, cash=(("USD", Decimal(10_000)),))))
    ok(engine.execute(OpenAccount("U2", AccountType.MARGIN, cash=(("USD", Decimal(10_000)),))))
    ok(engine.execute(RequestPartition("U1", ADVISOR, "Avery Stone", ("STK:US",))))
    refused = assert_refused(engine, TransferCash("U1", "U1-P1", "USD", Decimal(100)), "UNKNOWN_ACCOUNT",
                             "to_account")
    assert "does not exist" in refused.message
    ok(engine.execute(AdvanceClock(OPEN_TIME.replace(hour=19))))
    assert_refused(engine, TransferCash("U2", "U1-P1", "USD", Decimal(100)), "NOT_LINKED", "to_account")


def test_a_transfer_that_would_break_the_parents_margin_is_refused(make_engine):
    # Arrange: U2 borrows 60,000 USD against 1,100 AAPL at 150
    engine = make_engine()
    ok(engine.execute(OpenAccount("U2", AccountType.MARGIN, cash=(("USD", Decimal(-60_000)),),
                                  positions=(SeedPosition("AAPL", Decimal(1100), Decimal("120.00")),))))
    ok(engine.execute(SetPrice("AAPL", Decimal("150.00"))))
    ok(engine.execute(RequestPartition("U2", ADVISOR, "Avery Stone", ("STK:US",))))
    ok(engine.execute(AdvanceClock(at(24, 19))))

    # Act / Assert: 100 shares left could not carry the loan
    refused = assert_refused(engine, TransferPosition("U2", "U2-P1", "AAPL", Decimal(1000)), "MARGIN_DEFICIT",
                             "quantity")
    assert "U2 with excess liquidity of -" in refused.message
    ok(engine.execute(TransferPosition("U2", "U2-P1", "AAPL", Decimal(100))))


def test_a_deposit_is_held_three_business_days_before_it_can_be_withdrawn(engine):
    # Wednesday 25 November: Thanksgiving and the weekend do not count
    deposited = ok(engine.execute(Deposit("U1", "USD", Decimal("5000.00"))))
    assert next(e for e in deposited.events if isinstance(e, FundsDeposited)).withdrawable_on.isoformat() \
        == "2026-12-01"
    assert engine.withdrawable("U1", "USD") == Decimal("100000.00")

    refused = assert_refused(engine, Withdraw("U1", "USD", Decimal("100000.01")), "FUNDS_ON_HOLD", "amount")
    assert "held until 01 Dec 2026" in refused.message
    ok(engine.execute(AdvanceClock(datetime(2026, 12, 1, 9, tzinfo=EASTERN))))
    ok(engine.execute(Withdraw("U1", "USD", Decimal("100000.01"))))


def test_a_partition_is_funded_by_its_parent_not_the_bank(engine):
    assert_refused(engine, Deposit(PARTITION, "USD", Decimal(100)), "PARTITION_FUNDED_BY_PARENT", "account")
    assert_refused(engine, Withdraw(PARTITION, "USD", Decimal(100)), "PARTITION_FUNDED_BY_PARENT", "account")


def test_a_withdrawal_may_not_leave_the_account_short_of_margin(engine):
    # U2 is short 2,000 AAPL (300,000 USD) with 400,000 USD of cash: 100,000 of equity
    ok(engine.execute(OpenAccount("U2", AccountType.MARGIN, cash=(("USD", Decimal(400_000)),),
                                  positions=(SeedPosition("AAPL", Decimal(-2000), Decimal("150.00")),))))
    refused = assert_refused(engine, Withdraw("U2", "USD", Decimal("20000")), "MARGIN_DEFICIT", "amount")
    assert "available funds" in refused.message or "excess liquidity" in refused.message


def test_a_deposit_adds_to_sma_and_a_withdrawal_uses_it(engine):
    before = engine.account_values("U1")["SMA"]
    ok(engine.execute(Deposit("U1", "USD", Decimal("1000"))))
    assert engine.account_values("U1")["SMA"] == before + 1000


def test_the_return_net_of_transfers_ignores_the_money_moved(engine):
    ok(engine.execute(TransferCash("U1", PARTITION, "USD", Decimal("15000"))))
    ok(engine.execute(PlaceOrder(PARTITION, "AAPL", Action.BUY, Decimal(100), entered_by=ADVISOR)))
    bought = engine.account_values(PARTITION)["NetLiquidation"]
    ok(engine.execute(SetPrice("AAPL", Decimal("165.00"))))
    ok(engine.execute(TransferCash("U1", PARTITION, "USD", Decimal("20000"))))

    latest = engine.partition_performance(PARTITION).latest

    # the gain on 100 shares (15 each) over the value after buying, whatever was added after
    expected = (bought + 1500) / Decimal(15000) - 1
    assert latest is not None and latest.net_transfers == Decimal(35000)
    assert abs(latest.cumulative_return - expected) < Decimal("0.000001")


# -- conservation, across any sequence -----------------------------------------------------------

_STEPS = st.lists(st.one_of(
    st.tuples(st.just("cash"), st.booleans(), st.sampled_from(["USD", "EUR"]), st.integers(1, 60_000)),
    st.tuples(st.just("position"), st.booleans(), st.just("AAPL"), st.integers(1, 250)),
    st.tuples(st.just("trade"), st.booleans(), st.sampled_from(["AAPL", "MSFT"]), st.integers(1, 40)),
    st.tuples(st.just("price"), st.booleans(), st.sampled_from(["AAPL", "MSFT"]), st.integers(80, 220)),
    st.tuples(st.just("month_end"), st.booleans(), st.just(""), st.just(0)),
), max_size=14)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=_STEPS)
def test_cash_and_positions_are_conserved_across_transfers_trades_and_fees(make_engine, steps):
    # Arrange: an asset-based and a flat fee, billed monthly
    engine = partitioned(make_engine(), FeeSchedule(Billing.MONTHLY, asset_percent=Decimal("1.5"),
                                                    flat_fee=Decimal(25)))
    accounts = ("U1", PARTITION, ADVISOR)
    cash_before = _total_cash(engine, accounts)
    held_before = _total_positions(engine, accounts)
    first_execution = len(engine.executions())
    month_end_done = False

    # Act: whatever is accepted; refusals change nothing
    for kind, outward, what, size in steps:
        source, target = (PARTITION, "U1") if outward else ("U1", PARTITION)
        if kind == "cash":
            engine.execute(TransferCash(source, target, what, Decimal(size)))
        elif kind == "position":
            engine.execute(TransferPosition(source, target, what, Decimal(size)))
        elif kind == "trade":
            account = PARTITION if outward else "U1"
            engine.execute(PlaceOrder(account, what, Action.BUY if size % 2 else Action.SELL, Decimal(size),
                                      entered_by=ADVISOR if account == PARTITION else "U1"))
        elif kind == "price":
            engine.execute(SetPrice(what, Decimal(size)))
        elif not month_end_done:
            ok(engine.execute(AdvanceClock(at(30, 16, 5))))  # November's last business day, billed
            month_end_done = True

    # Assert: what left one account arrived in another, except what trading moved
    flows = {currency: Decimal(0) for currency in ("USD", "EUR")}
    traded: dict[str, Decimal] = {}
    for execution in engine.executions()[first_execution:]:
        signed = execution.quantity if execution.action is Action.BUY else -execution.quantity
        instrument = engine.catalog[execution.symbol]
        flows[instrument.currency] -= signed * execution.price * instrument.multiplier
        flows[execution.commission_currency] -= execution.commission
        traded[execution.symbol] = traded.get(execution.symbol, Decimal(0)) + signed
    cash_after = _total_cash(engine, accounts)
    for currency in flows:
        assert cash_after.get(currency, 0) == cash_before.get(currency, 0) + flows[currency]
    held_after = _total_positions(engine, accounts)
    for symbol in set(held_before) | set(held_after) | set(traded):
        assert held_after.get(symbol, 0) == held_before.get(symbol, 0) + traded.get(symbol, 0)
    assert all(balance >= 0 or currency != "EUR" for currency, balance in engine.cash(PARTITION).items())


def _total_cash(engine: Engine, accounts: tuple[str, ...]) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for account in accounts:
        for currency, amount in engine.cash(account).items():
            totals[currency] = totals.get(currency, Decimal(0)) + amount
    return totals


def _total_positions(engine: Engine, accounts: tuple[str, ...]) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for account in accounts:
        for symbol, position in engine.account(account).positions.items():
            totals[symbol] = totals.get(symbol, Decimal(0)) + position.quantity
    return totals
