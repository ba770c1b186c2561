"""One login sees only what it may: every read model the workstation shows, read as two logins of
one brokerage (an advisor and a customer who is not its client), returns only that login's."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.factories import assert_refused, ok
from tests.two_customers import (
    ADVISOR,
    CLIENTS,
    INDIVIDUAL,
    PARTITION_ADVISOR,
    SECOND,
    START,
    STRANGER,
    opening,
    partition_id,
    run,
    trading,
)
from workstation.engine.api import Engine
from workstation.engine.core.terms import AccountType, Action
from workstation.engine.login_reads import LoginReads, unscoped
from workstation.engine.messages.commands import OpenAccount, PlaceOrder
from workstation.engine.messages.events import Event

PARTITION = partition_id()


@pytest.fixture
def brokerage(make_engine) -> Engine:
    """The two customers (see ``tests.two_customers``) after their trades."""
    engine = make_engine(start=START, random_walk=True)
    return run(run(engine, opening()), trading())


def order_accounts(engine: Engine, login: str) -> set[str]:
    return {o.account for o in LoginReads(engine, login).orders()}


@pytest.mark.parametrize(("login", "accounts"), [
    (ADVISOR, {ADVISOR, *CLIENTS}),                 # the master and its clients
    (INDIVIDUAL, {INDIVIDUAL, SECOND}),             # the accounts it holds
    (SECOND, {INDIVIDUAL, SECOND}),                 # the same customer from its other account
    (STRANGER, {STRANGER, PARTITION}),              # its account and its partition
    (PARTITION_ADVISOR, {PARTITION_ADVISOR, PARTITION}),  # the partition it manages, nothing of the parent
    ("C1", {"C1"}),
    ("NOBODY", set()),
])
def test_each_login_sees_its_own_accounts(brokerage, login, accounts):
    assert brokerage.visible_accounts(login) == accounts
    assert set(LoginReads(brokerage, login).account_ids()) == accounts


def test_orders_are_the_logins_own(brokerage):
    assert order_accounts(brokerage, ADVISOR) == {ADVISOR}
    assert order_accounts(brokerage, STRANGER) == {STRANGER, PARTITION}
    assert order_accounts(brokerage, INDIVIDUAL) == {INDIVIDUAL, SECOND}
    assert order_accounts(brokerage, PARTITION_ADVISOR) == {PARTITION}
    assert order_accounts(brokerage, "C1") == {ADVISOR}  # the advisor order allocating to it
    stranger_order = next(o.order_id for o in brokerage.orders() if o.account == STRANGER)
    with pytest.raises(KeyError, match=f"order: {stranger_order}"):
        LoginReads(brokerage, ADVISOR).order(stranger_order)
    assert LoginReads(brokerage, ADVISOR).working_orders() == []


def test_a_refused_orders_line_is_seen_by_the_login_that_entered_it_only(brokerage):
    # Arrange: the stranger tries to trade the individual's account; the individual overreaches
    brokerage.execute(PlaceOrder(INDIVIDUAL, "AAPL", Action.BUY, Decimal(1), entered_by=STRANGER))
    brokerage.execute(PlaceOrder(INDIVIDUAL, "AAPL", Action.BUY, Decimal(10_000_000), entered_by=INDIVIDUAL))

    # Act
    stranger = LoginReads(brokerage, STRANGER).rejected_orders()
    individual = LoginReads(brokerage, INDIVIDUAL).rejected_orders()

    # Assert: each sees its own refused attempt (Inactive), not the other's, and the advisor neither
    assert [(o.account, o.total_quantity) for o in stranger] == [(INDIVIDUAL, Decimal(1))]
    assert [(o.account, o.total_quantity) for o in individual] == [(INDIVIDUAL, Decimal(10_000_000))]
    assert LoginReads(brokerage, ADVISOR).rejected_orders() == []
    with pytest.raises(KeyError):
        LoginReads(brokerage, INDIVIDUAL).order(stranger[0].order_id)


def test_executions_are_the_logins_own_and_a_client_sees_only_its_allocation(brokerage):
    advisor = LoginReads(brokerage, ADVISOR).executions()
    stranger = LoginReads(brokerage, STRANGER).executions()
    client = LoginReads(brokerage, "C2").executions()

    assert [(e.account, e.symbol) for e in advisor] == [(ADVISOR, "KO")]
    assert advisor[0].allocations == (("C1", Decimal(20)), ("C2", Decimal(10)))
    assert [(e.account, e.symbol) for e in stranger] == [(STRANGER, "MSFT"), (PARTITION, "XOM")]
    assert [(e.account, e.allocations) for e in client] == [(ADVISOR, (("C2", Decimal(10)),))]
    assert [c[0] for c in client[0].allocation_commissions] == ["C2"]


def test_an_advisor_execution_carries_each_accounts_commission(brokerage):
    block = next(e for e in brokerage.executions() if e.account == ADVISOR)

    # KO at about 60: 20 and 10 shares each pay IB's 1.00 minimum; the block's commission is their sum.
    assert block.allocation_commissions == (("C1", Decimal("1.00")), ("C2", Decimal("1.00")))
    assert sum(c for _, c in block.allocation_commissions) == block.commission


def test_the_trades_summary_is_the_logins_own(brokerage):
    assert {r.account for r in LoginReads(brokerage, ADVISOR).trades_summary()} == {ADVISOR}
    assert {(r.account, r.symbol) for r in LoginReads(brokerage, STRANGER).trades_summary()} == {
        (STRANGER, "MSFT"), (PARTITION, "XOM")}
    assert {r.account for r in LoginReads(brokerage, None).trades_summary()} == {
        INDIVIDUAL, SECOND, ADVISOR, STRANGER, PARTITION}


def test_the_audit_trail_is_the_logins_own(brokerage):
    own = {o.order_id for o in LoginReads(brokerage, ADVISOR).orders()}

    lines = LoginReads(brokerage, ADVISOR).audit_trail()

    assert lines and {line.order_id for line in lines} == own
    assert STRANGER not in " ".join(line.detail for line in lines)


@pytest.mark.parametrize("read", [
    lambda r: r.account(STRANGER), lambda r: r.cash(STRANGER), lambda r: r.positions(STRANGER),
    lambda r: r.daily_pnl(STRANGER), lambda r: r.account_values(STRANGER),
    lambda r: r.account_values_by_currency(STRANGER), lambda r: r.exposure_fee(STRANGER),
    lambda r: r.exposure_fee_history(STRANGER), lambda r: r.is_liquidating(STRANGER),
    lambda r: r.underlyings(STRANGER), lambda r: r.pnl_curve(STRANGER, "MSFT"),
    lambda r: r.withdrawable(STRANGER, "USD"), lambda r: r.funding_history(STRANGER),
    lambda r: r.activity_statement(STRANGER, date(2026, 11, 24), date(2026, 11, 25)),
    lambda r: r.partition_performance(PARTITION), lambda r: r.margin_summary([STRANGER]),
])
def test_an_account_of_another_customer_is_not_readable(brokerage, read):
    with pytest.raises(KeyError, match=STRANGER):
        read(LoginReads(brokerage, ADVISOR))


def test_the_account_reads_of_the_logins_own_accounts_answer(brokerage):
    reads = LoginReads(brokerage, STRANGER)

    assert [p.symbol for p in reads.positions(STRANGER)] == ["MSFT"]
    assert [p.symbol for p in reads.positions(PARTITION)] == ["XOM"]  # the holder monitors its partition
    assert set(reads.margin_summary().accounts) == set(reads.account_ids())


def test_partitions_are_seen_by_their_holder_and_their_advisor_only(brokerage):
    def seen(login: str) -> list[str]:
        return [p.partition_id for p in LoginReads(brokerage, login).partitions()]

    assert seen(STRANGER) == seen(PARTITION_ADVISOR) == [PARTITION]
    assert seen(ADVISOR) == seen(INDIVIDUAL) == []
    assert list(LoginReads(brokerage, STRANGER).partition_labels()) == [PARTITION]
    assert LoginReads(brokerage, ADVISOR).partition_labels() == {}


def test_a_statement_shows_only_the_partitions_its_reader_sees(brokerage):
    period = (date(2026, 11, 24), date(2026, 11, 25))

    holders = LoginReads(brokerage, STRANGER).activity_statement(STRANGER, *period)

    assert holders.accounts == (STRANGER, PARTITION)
    assert {t.account for t in holders.trades} == {STRANGER, PARTITION}


def test_published_events_are_filtered_per_login(make_engine):
    engine = run(make_engine(start=START, random_walk=True), opening())
    seen: dict[str, list[Event]] = {ADVISOR: [], STRANGER: []}
    reads = {login: LoginReads(engine, login) for login in seen}
    engine.subscribe(lambda e: [seen[login].append(reads[login].scoped(e)) for login in seen
                                if reads[login].sees_event(e)])

    run(engine, trading())

    def accounts(events: list[Event]) -> set[str]:
        return {getattr(e, name) for e in events for name in ("account", "account_id") if hasattr(e, name)}

    assert accounts(seen[ADVISOR]) == {ADVISOR, *CLIENTS}
    assert accounts(seen[STRANGER]) == {STRANGER, PARTITION}


def test_an_individual_login_trades_the_accounts_it_holds_and_no_other_customers(brokerage):
    ok(brokerage.execute(PlaceOrder(SECOND, "KO", Action.BUY, Decimal(1), entered_by=INDIVIDUAL)))
    assert_refused(brokerage, PlaceOrder(STRANGER, "KO", Action.BUY, Decimal(1), entered_by=INDIVIDUAL),
                   "NOT_ACCOUNT_HOLDER", "account")


@pytest.mark.parametrize(("command", "field"), [
    (OpenAccount("X1", AccountType.MARGIN, holder="NOPE"), "holder"),
    (OpenAccount("X1", AccountType.MARGIN, holder=SECOND), "holder"),          # held by another itself
    (OpenAccount("X1", AccountType.MARGIN, holder=ADVISOR), "holder"),         # an advisor master
    (OpenAccount("X1", AccountType.ADVISOR, holder=INDIVIDUAL), "holder"),
])
def test_a_holder_must_be_an_individual_account_holding_its_own_login(brokerage, command, field):
    result = brokerage.execute(command)

    assert getattr(result, "code", None) in {"UNKNOWN_ACCOUNT", "INVALID_HOLDER"}
    assert result.field == field
    assert "X1" not in brokerage.account_ids()


def test_every_engine_read_is_scoped_or_passed_through_by_login_reads():
    assert unscoped(n for n in dir(Engine) if not n.startswith("_")) == []
