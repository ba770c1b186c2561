"""The order ticket: Order Entry's fields checked one by one, the Allocation choices an advisor sees,
default sizes and the precautionary warnings."""

from decimal import Decimal

import pytest

from tests.factories import OPEN_TIME, ok, placed_id
from workstation.engine.accounts import AccountType
from workstation.engine.allocation.methods import AllocationMethod
from workstation.engine.commands import DefineGroup, DefineModel, OpenAccount, SetPrice
from workstation.engine.engine import Engine
from workstation.engine.order_ticket import (
    AllocationKind,
    OrderTicket,
    PriceHelper,
    TicketError,
    default_quantity,
    helper_price,
)
from workstation.engine.orders import Action, OrderStatus, OrderType, TimeInForce

D = Decimal


@pytest.fixture
def advisor(universe) -> Engine:
    """Advisor FA1 with clients A and B, group Growth (NetLiq) and model Income."""
    engine = Engine.new(universe, 5, OPEN_TIME, random_walk=False)
    ok(engine.execute(OpenAccount("FA1", AccountType.ADVISOR)))
    for client, cash in (("A", 250000), ("B", 500000)):
        ok(engine.execute(OpenAccount(client, AccountType.MARGIN, cash=(("USD", D(cash)),), advisor="FA1")))
    ok(engine.execute(DefineGroup("FA1", "Growth", AllocationMethod.NET_LIQ, (("A", D(0)), ("B", D(0))))))
    ok(engine.execute(DefineModel("FA1", "Income")))
    ok(engine.execute(SetPrice("AAPL", D("100.00"))))
    return engine


def ticket(**fields) -> OrderTicket:
    return OrderTicket(**({"symbol": "AAPL", "action": Action.BUY, "quantity": "100", "order_type": OrderType.LMT,
                           "lmt_price": "99.50"} | fields))


def test_an_advisor_is_offered_its_groups_models_all_and_each_client(advisor):
    choices = advisor.allocation_choices("FA1")
    assert [(c.kind, c.name) for c in choices] == [
        (AllocationKind.GROUP, "Growth"), (AllocationKind.MODEL, "Income"), (AllocationKind.ALL, "All"),
        (AllocationKind.ACCOUNT, "A"), (AllocationKind.ACCOUNT, "B")]
    assert choices[0].method is AllocationMethod.NET_LIQ and "NetLiq" in choices[0].label
    assert advisor.allocation_choices("A") == [choices[3]]   # an ordinary login trades its own account


def test_all_is_hidden_from_an_advisor_with_more_than_fifty_clients(universe):
    engine = Engine.new(universe, 5, OPEN_TIME, random_walk=False)
    ok(engine.execute(OpenAccount("FA1", AccountType.ADVISOR)))
    for n in range(51):
        ok(engine.execute(OpenAccount(f"C{n:02}", AccountType.MARGIN, cash=(("USD", D(10000)),), advisor="FA1")))
    kinds = {c.kind for c in engine.allocation_choices("FA1")}
    assert AllocationKind.ALL not in kinds and AllocationKind.ACCOUNT in kinds


def test_a_ticket_for_a_group_becomes_an_advisor_order_that_the_engine_allocates(advisor):
    growth = advisor.allocation_choices("FA1")[0]
    command = ticket(allocation=growth, tif=TimeInForce.GTC).to_order("FA1", advisor.catalog)
    assert (command.account, command.fa_group, command.model_code) == ("FA1", "Growth", None)
    assert (command.total_quantity, command.lmt_price, command.tif) == (D(100), D("99.50"), TimeInForce.GTC)
    order = advisor.order(placed_id(advisor.execute(command)))
    assert order.status is OrderStatus.SUBMITTED and {r.account for r in order.allocation.rows} == {"A", "B"}


def test_a_ticket_for_a_client_account_is_an_order_of_that_account(advisor):
    client = advisor.allocation_choices("FA1")[-1]
    command = ticket(allocation=client).to_order("FA1", advisor.catalog)
    assert (command.account, command.fa_group) == ("B", None)


@pytest.mark.parametrize(("fields", "field", "reason"), [
    ({"symbol": ""}, "symbol", "enter a symbol"),
    ({"symbol": "NOPE"}, "symbol", "NOPE is not a known contract"),
    ({"symbol": "SPX"}, "symbol", "index"),
    ({"quantity": "abc"}, "quantity", "abc is not a number"),
    ({"quantity": "0"}, "quantity", "more than zero"),
    ({"quantity": "10.5"}, "quantity", "whole number"),
    ({"lmt_price": ""}, "lmt_price", "a limit price is required"),
    ({"lmt_price": "99.505"}, "lmt_price", "not a multiple of the tick size 0.01"),
    ({"lmt_price": "-1"}, "lmt_price", "more than zero"),
    ({"order_type": OrderType.STP, "aux_price": ""}, "aux_price", "a stop price is required"),
    ({"order_type": OrderType.STP_LMT, "aux_price": "98", "lmt_price": "x"}, "lmt_price", "x is not a number"),
])
def test_a_bad_field_is_named_with_the_reason(universe, fields, field, reason):
    with pytest.raises(TicketError) as error:
        ticket(**fields).to_order("U1", universe.catalog)
    assert error.value.field == field and reason in error.value.reason


def test_a_percent_change_ticket_needs_its_percentage_and_a_group(advisor):
    growth = advisor.allocation_choices("FA1")[0]
    with pytest.raises(TicketError) as error:
        ticket(allocation=growth, fa_method=AllocationMethod.PCT_CHANGE, quantity="").to_order("FA1",
                                                                                              advisor.catalog)
    assert error.value.field == "fa_percentage"
    # The quantity is not asked for: the engine sizes the order from each account's position.
    command = ticket(allocation=growth, fa_method=AllocationMethod.PCT_CHANGE, fa_percentage="10",
                     quantity="").to_order("FA1", advisor.catalog)
    assert (command.fa_method, command.fa_percentage, command.total_quantity) == (
        AllocationMethod.PCT_CHANGE, D(10), D(0))
    with pytest.raises(TicketError) as error:
        ticket(fa_method=AllocationMethod.EQUAL).to_order("A", advisor.catalog)
    assert error.value.field == "allocation"


def test_a_market_order_needs_no_price_and_ignores_the_price_fields(universe):
    command = ticket(order_type=OrderType.MKT, lmt_price="junk").to_order("U1", universe.catalog)
    assert command.lmt_price is None and command.aux_price is None


def test_the_mid_helper_rounds_the_midpoint_to_the_tick(advisor):
    quote = advisor.quote("AAPL")
    tick = advisor.catalog["AAPL"].tick_size
    assert helper_price(quote, PriceHelper.BID, tick) == quote.bid
    assert helper_price(quote, PriceHelper.ASK, tick) == quote.ask
    mid = helper_price(quote, PriceHelper.MID, tick)
    assert quote.bid <= mid <= quote.ask and mid % tick == 0


def test_default_sizes_are_100_shares_and_one_contract(universe):
    catalog = universe.catalog
    assert default_quantity(catalog["AAPL"]) == 100
    assert default_quantity(catalog["ESZ6"]) == 1
    assert default_quantity(catalog["AAPL  261218C00240000"]) == 1


def test_large_orders_carry_precautionary_warnings(advisor):
    small = ticket(allocation=advisor.allocation_choices("FA1")[3]).to_order("FA1", advisor.catalog)
    assert advisor.precautions(small) == []                                   # 100 x 99.50 = 9,950
    big = ticket(quantity="600", allocation=advisor.allocation_choices("FA1")[3]).to_order("FA1", advisor.catalog)
    warnings = advisor.precautions(big)                                       # 600 > 5 x 100
    assert len(warnings) == 1 and "more than 5 times the default size of 100" in warnings[0]
    huge = ticket(quantity="1100", lmt_price="100").to_order("A", advisor.catalog)
    assert any("110,000.00 USD is over 100,000 USD" in w for w in advisor.precautions(huge))
