"""The workstation's own lists read as one login: the Allocation field, the Account Window's
selector and figures, and an order turned back into a ticket answer only for what the login sees."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.two_customers import ADVISOR, INDIVIDUAL, SECOND, START, STRANGER, opening, partition_id, run, trading
from workstation.client.account_window import AccountSelection, SelectionKind, account_selections, account_window
from workstation.client.allocation_choices import allocation_choices
from workstation.client.ticket import command_for
from workstation.engine.api import Engine
from workstation.engine.core.terms import Action
from workstation.engine.login_reads import LoginReads
from workstation.engine.messages.commands import PlaceOrder

PARTITION = partition_id()


@pytest.fixture
def brokerage(make_engine) -> Engine:
    """The two customers (see ``tests.two_customers``) after their trades."""
    engine = make_engine(start=START, random_walk=True)
    return run(run(engine, opening()), trading())


@pytest.mark.parametrize("read", [
    lambda r: account_window(r, AccountSelection(SelectionKind.ACCOUNT, STRANGER, (STRANGER,))),
    lambda r: account_selections(r, STRANGER), lambda r: allocation_choices(r, STRANGER),
])
def test_an_account_of_another_customer_is_not_readable(brokerage, read):
    with pytest.raises(KeyError, match=STRANGER):
        read(LoginReads(brokerage, ADVISOR))


def test_the_holder_monitors_its_partition_combined_with_its_account(brokerage):
    reads = LoginReads(brokerage, STRANGER)

    combined = account_selections(reads, STRANGER)[2]

    assert account_window(reads, combined).selection.accounts == (STRANGER, PARTITION)


def test_order_entry_offers_an_individual_both_accounts_it_holds(brokerage):
    back_office = LoginReads(brokerage, None)

    assert [c.name for c in allocation_choices(LoginReads(brokerage, INDIVIDUAL), INDIVIDUAL)] == [INDIVIDUAL, SECOND]
    assert [c.name for c in allocation_choices(back_office, SECOND)] == [SECOND, INDIVIDUAL]
    assert [c.name for c in allocation_choices(back_office, STRANGER)] == [STRANGER]


def test_an_order_becomes_a_ticket_again_only_for_a_login_that_sees_it(brokerage):
    stranger_order = next(o for o in brokerage.orders() if o.account == STRANGER)
    brokerage.execute(PlaceOrder(STRANGER, "AAPL", Action.BUY, Decimal(10_000_000), entered_by=STRANGER))
    [refused] = LoginReads(brokerage, STRANGER).rejected_orders()

    again = command_for(LoginReads(brokerage, STRANGER), stranger_order.order_id)

    assert (again.account, again.symbol, again.total_quantity) == (STRANGER, "MSFT", Decimal(20))  # done: as entered
    assert command_for(LoginReads(brokerage, STRANGER), refused.order_id) == PlaceOrder(
        STRANGER, "AAPL", Action.BUY, Decimal(10_000_000), entered_by=STRANGER)                   # exactly as entered
    for order_id in (stranger_order.order_id, refused.order_id):
        with pytest.raises(KeyError, match=f"order: {order_id}"):
            command_for(LoginReads(brokerage, ADVISOR), order_id)
