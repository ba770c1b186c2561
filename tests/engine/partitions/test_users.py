"""Users and roles, checked by the engine on the command (issue 19 "Users and roles"; reference
account-management.md §2: rights per account, "User C might only be able to trade client accounts 1-5",
a read-only login "cannot place, modify or cancel")."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.factories import assert_refused, ok
from tests.two_customers import ADVISOR, INDIVIDUAL, SECOND, START, STRANGER, opening, run
from workstation.engine.api import Engine
from workstation.engine.core.terms import AccountType, Action, OrderType
from workstation.engine.login_reads import LoginReads
from workstation.engine.messages.commands import (
    CancelOrder,
    DefineUser,
    Deposit,
    ModifyOrder,
    OpenAccount,
    PlaceOrder,
    Withdraw,
)
from workstation.engine.messages.events import EnteredByUser, UserDefined
from workstation.engine.partitions.users import read_only_login

CLIENTS = ("C1", "C2", "C3", "C4")


def _limit(account: str, entered_by: str | None, price: str = "100") -> PlaceOrder:
    return PlaceOrder(account, "AAPL", Action.BUY, Decimal(1), OrderType.LMT, Decimal(price), entered_by=entered_by)


@pytest.fixture
def brokerage(make_engine) -> Engine:
    """The two customers' accounts, two more clients of the advisor, and one user of each role."""
    engine = run(make_engine(start=START), [
        *opening(),
        *(OpenAccount(c, AccountType.MARGIN, cash=(("USD", Decimal(100_000)),), advisor=ADVISOR) for c in ("C3", "C4")),
        DefineUser("olive", INDIVIDUAL, "owner"),
        DefineUser("tom", INDIVIDUAL, "trader"),
        DefineUser("vera", INDIVIDUAL, "viewer"),
        DefineUser("adam", ADVISOR, "trader", clients=("C1", "C2", "C3")),
    ])
    return engine


def test_defining_a_user_is_an_event_and_a_read(brokerage):
    result = ok(brokerage.execute(DefineUser("vera", STRANGER, "trader")))
    assert [type(e) for e in result.events] == [UserDefined]
    assert [(g.account, g.role) for g in brokerage.users()["vera"]] == [(INDIVIDUAL, "viewer"), (STRANGER, "trader")]


@pytest.mark.parametrize(("command", "code", "field"), [
    (DefineUser("Olive", INDIVIDUAL, "owner"), "INVALID_USERNAME", "username"),    # lower case, as IB's
    (DefineUser(INDIVIDUAL.lower() + ":x", INDIVIDUAL, "owner"), "INVALID_USERNAME", "username"),
    (DefineUser("zed", "NOPE", "owner"), "UNKNOWN_ACCOUNT", "account"),
    (DefineUser("zed", INDIVIDUAL, "admin"), "INVALID_ROLE", "role"),
    (DefineUser("zed", INDIVIDUAL, "trader", clients=("C1",)), "NOT_ADVISOR", "clients"),
    (DefineUser("zed", ADVISOR, "trader", clients=(STRANGER,)), "NOT_ADVISOR_CLIENT", "clients"),
])
def test_a_user_definition_that_cannot_be_is_refused(brokerage, command, code, field):
    assert_refused(brokerage, command, code, field)


def test_an_owner_trades_and_withdraws(brokerage):
    ok(brokerage.execute(_limit(INDIVIDUAL, "olive")))
    ok(brokerage.execute(Withdraw(INDIVIDUAL, "USD", Decimal(1_000), entered_by="olive")))


def test_a_trader_trades_its_customers_accounts_but_cannot_withdraw_or_deposit(brokerage):
    ok(brokerage.execute(_limit(SECOND, "tom")))  # the owner's second account: the holder's grant covers it
    result = assert_refused(brokerage, Withdraw(INDIVIDUAL, "USD", Decimal(1_000), entered_by="tom"),
                            "ROLE_NOT_ALLOWED", "entered_by")
    assert "tom is a trader of DU1 (trades only, no funding or settings) and may not fund there" in result.message
    assert_refused(brokerage, Deposit(INDIVIDUAL, "USD", Decimal(1_000), entered_by="tom"),
                   "ROLE_NOT_ALLOWED", "entered_by")


def test_a_viewer_cannot_place_modify_or_cancel(brokerage):
    placed = ok(brokerage.execute(_limit(INDIVIDUAL, "olive"))).events[0].order_id
    for command in (_limit(INDIVIDUAL, "vera"), ModifyOrder(placed, lmt_price=Decimal(99), entered_by="vera"),
                    CancelOrder(placed, entered_by="vera")):
        result = assert_refused(brokerage, command, "ROLE_NOT_ALLOWED", "entered_by")
        assert "vera is a viewer of DU1 (read-only)" in result.message


def test_a_viewer_is_refused_on_an_order_that_is_no_longer_live(brokerage):
    placed = ok(brokerage.execute(_limit(INDIVIDUAL, "olive"))).events[0].order_id
    ok(brokerage.execute(CancelOrder(placed, entered_by="olive")))
    assert_refused(brokerage, CancelOrder(placed, entered_by="vera"), "ROLE_NOT_ALLOWED", "entered_by")


def test_a_user_s_events_are_seen_by_its_logins(brokerage):
    seen = []
    reads = LoginReads(brokerage, "tom")
    brokerage.subscribe(lambda event: seen.append(event) if reads.sees_event(event) else None)
    ok(brokerage.execute(_limit(INDIVIDUAL, "tom")))
    ok(brokerage.execute(_limit("C1", ADVISOR)))
    assert [e.order_id for e in seen if isinstance(e, EnteredByUser)] == [e.order_id for e in seen
                                                                          if type(e).__name__ == "OrderPlaced"]
    assert {e.account for e in seen if type(e).__name__ == "OrderPlaced"} == {INDIVIDUAL}


def test_a_read_only_login_of_an_owner_can_do_nothing(brokerage):
    placed = ok(brokerage.execute(_limit(INDIVIDUAL, "olive"))).events[0].order_id
    for command in (_limit(INDIVIDUAL, read_only_login("olive")), CancelOrder(placed, entered_by="olive:read-only"),
                    Withdraw(INDIVIDUAL, "USD", Decimal(1), entered_by="olive:read-only")):
        assert_refused(brokerage, command, "READ_ONLY_LOGIN", "entered_by")
    ok(brokerage.execute(CancelOrder(placed, entered_by="olive")))


def test_an_advisor_user_trades_only_its_clients(brokerage):
    ok(brokerage.execute(_limit("C3", "adam")))
    result = assert_refused(brokerage, _limit("C4", "adam"), "NO_USER_RIGHTS", "entered_by")
    assert result.message.endswith("adam has no rights on C4")
    assert_refused(brokerage, _limit(STRANGER, "adam"), "NO_USER_RIGHTS", "entered_by")
    # an allocation that reaches a client outside the user's list is refused as a whole
    allocation = PlaceOrder(ADVISOR, "AAPL", Action.BUY, Decimal(2), OrderType.LMT, Decimal(100),
                            fa_allocations=(("C1", Decimal(1)), ("C4", Decimal(1))), entered_by="adam")
    assert_refused(brokerage, allocation, "NO_USER_RIGHTS", "entered_by")


def test_a_user_sees_what_its_grants_let_it(brokerage):
    assert brokerage.visible_accounts("adam") == {ADVISOR, "C1", "C2", "C3"}
    assert brokerage.visible_accounts("tom") == brokerage.visible_accounts(INDIVIDUAL)
    assert set(LoginReads(brokerage, "vera:read-only").account_ids()) == {INDIVIDUAL, SECOND}
    assert set(LoginReads(brokerage, "adam").users()) == {"adam"}  # another customer's users are not shown


def test_the_audit_trail_names_the_user(brokerage):
    placed = ok(brokerage.execute(_limit(INDIVIDUAL, "tom"))).events[0].order_id
    ok(brokerage.execute(CancelOrder(placed, entered_by="olive")))

    lines = [(line.what, line.detail) for line in brokerage.audit_trail(placed)]

    assert ("User", "tom (PlaceOrder)") in lines and ("User", "olive (CancelOrder)") in lines


def test_a_funding_command_of_a_user_is_recorded_with_it(brokerage):
    events = ok(brokerage.execute(Withdraw(INDIVIDUAL, "USD", Decimal(10), entered_by="olive"))).events
    assert [(e.user, e.command, e.order_id) for e in events if isinstance(e, EnteredByUser)] == [
        ("olive", "Withdraw", None)]


def test_without_users_an_account_login_works_as_before(make_engine):
    engine = run(make_engine(start=START), opening())
    ok(engine.execute(_limit(INDIVIDUAL, INDIVIDUAL)))
    assert not any(isinstance(e, EnteredByUser) for e in ok(engine.execute(_limit(SECOND, INDIVIDUAL))).events)
    assert_refused(engine, _limit(STRANGER, INDIVIDUAL), "NOT_ACCOUNT_HOLDER", "account")


def test_users_survive_a_snapshot_and_a_replay(brokerage, universe):
    copy = Engine.from_snapshot(universe, brokerage.snapshot())
    assert copy.users() == brokerage.users()
    assert_refused(copy, _limit(INDIVIDUAL, "vera"), "ROLE_NOT_ALLOWED", "entered_by")
