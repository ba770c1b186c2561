"""The order ticket: Order Entry's fields checked one by one (for a new order and for a modification),
the Allocation choices an advisor sees, default sizes and the precautionary warnings."""

from decimal import Decimal

import pytest

from tests.factories import OPEN_TIME, ok, placed_id
from workstation.client.allocation_choices import AllocationChoice, AllocationKind, allocation_choices
from workstation.client.precautions import precautions
from workstation.client.ticket import (
    OrderTicket,
    PriceHelper,
    TicketError,
    can_modify,
    default_quantity,
    helper_price,
    modified_order,
)
from workstation.engine.api import Engine
from workstation.engine.core.errors import Rejected
from workstation.engine.core.terms import (
    AccountType,
    Action,
    AllocationMethod,
    ComboLeg,
    OrderStatus,
    OrderType,
    TimeInForce,
)
from workstation.engine.login_reads import LoginReads
from workstation.engine.messages.commands import (
    DefineGroup,
    DefineModel,
    ForceExecution,
    ModifyOrder,
    OpenAccount,
    PlaceOrder,
    SetPrice,
)
from workstation.engine.orders.order import Order

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


def offered(engine: Engine, login: str) -> list[AllocationChoice]:
    """What Order Entry's Allocation field lists for ``login``, read as that login."""
    return allocation_choices(LoginReads(engine, login), login)


def precautions_for(engine: Engine, command: PlaceOrder) -> list[str]:
    """The precautionary warnings Order Entry shows before transmitting ``command``."""
    return precautions(LoginReads(engine, None), command)


def ticket(**fields) -> OrderTicket:
    return OrderTicket(**({"symbol": "AAPL", "action": Action.BUY, "quantity": "100", "order_type": OrderType.LMT,
                           "lmt_price": "99.50"} | fields))


def test_an_advisor_is_offered_its_groups_models_all_and_each_client(advisor):
    choices = offered(advisor, "FA1")
    assert [(c.kind, c.name) for c in choices] == [
        (AllocationKind.GROUP, "Growth"), (AllocationKind.MODEL, "Income"), (AllocationKind.ALL, "All"),
        (AllocationKind.ACCOUNT, "A"), (AllocationKind.ACCOUNT, "B")]
    assert choices[0].method is AllocationMethod.NET_LIQ and "NetLiq" in choices[0].label
    assert offered(advisor, "A") == [choices[3]]   # an ordinary login trades its own account


def test_all_is_hidden_from_an_advisor_with_more_than_fifty_clients(universe):
    engine = Engine.new(universe, 5, OPEN_TIME, random_walk=False)
    ok(engine.execute(OpenAccount("FA1", AccountType.ADVISOR)))
    for n in range(51):
        ok(engine.execute(OpenAccount(f"C{n:02}", AccountType.MARGIN, cash=(("USD", D(10000)),), advisor="FA1")))
    kinds = {c.kind for c in offered(engine, "FA1")}
    assert AllocationKind.ALL not in kinds and AllocationKind.ACCOUNT in kinds


def test_a_ticket_for_a_group_becomes_an_advisor_order_that_the_engine_allocates(advisor):
    growth = offered(advisor, "FA1")[0]
    command = ticket(allocation=growth, tif=TimeInForce.GTC).to_order("FA1", advisor.catalog)
    assert (command.account, command.fa_group, command.model_code) == ("FA1", "Growth", None)
    assert (command.total_quantity, command.lmt_price, command.tif) == (D(100), D("99.50"), TimeInForce.GTC)
    order = advisor.order(placed_id(advisor.execute(command)))
    assert order.status is OrderStatus.SUBMITTED and {r.account for r in order.allocation.rows} == {"A", "B"}


def test_a_ticket_for_a_client_account_is_an_order_of_that_account(advisor):
    client = offered(advisor, "FA1")[-1]
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
    growth = offered(advisor, "FA1")[0]
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
    small = ticket(allocation=offered(advisor, "FA1")[3]).to_order("FA1", advisor.catalog)
    assert precautions_for(advisor, small) == []                          # 100 x 99.50 = 9,950
    big = ticket(quantity="600", allocation=offered(advisor, "FA1")[3]).to_order("FA1", advisor.catalog)
    warnings = precautions_for(advisor, big)                              # 600 > 5 x 100
    assert len(warnings) == 1 and "more than 5 times the default size of 100" in warnings[0]
    huge = ticket(quantity="1100", lmt_price="100").to_order("A", advisor.catalog)
    assert any("110,000.00 USD is over 100,000 USD" in w for w in precautions_for(advisor, huge))


# -- modifying a working order ------------------------------------------------------------------------

@pytest.fixture
def working(advisor) -> Order:
    """Client A's working buy of 100 AAPL limited at 99.50, DAY (AAPL is at 100.00)."""
    return advisor.order(placed_id(advisor.execute(ticket(allocation=offered(advisor, "FA1")[3]).to_order(
        "FA1", advisor.catalog))))


def test_a_modification_sends_only_what_the_ticket_changes(advisor, working):
    same = {"symbol": "aapl", "quantity": "100", "lmt_price": "99.50"}

    assert ticket(**same | {"quantity": "150"}).to_modify(working, advisor.catalog) == ModifyOrder(
        working.order_id, total_quantity=D(150))
    assert ticket(**same | {"lmt_price": "99.40", "tif": TimeInForce.GTC}).to_modify(
        working, advisor.catalog) == ModifyOrder(working.order_id, lmt_price=D("99.40"), tif=TimeInForce.GTC)
    assert ticket(**same | {"quantity": "1,000"}).to_modify(working, advisor.catalog).total_quantity == D(1000)


def test_a_modification_that_changes_nothing_names_the_quantity(advisor, working):
    with pytest.raises(TicketError) as error:
        ticket(lmt_price="99.5").to_modify(working, advisor.catalog)  # 99.5 is the same price as 99.50

    assert error.value.field == "quantity" and error.value.reason.startswith("nothing to change")


@pytest.mark.parametrize(("fields", "field", "reason"), [
    ({"quantity": "0"}, "quantity", "more than zero"),
    ({"quantity": "10.5"}, "quantity", "whole number"),
    ({"lmt_price": "99.505"}, "lmt_price", "not a multiple of the tick size 0.01"),
    ({"lmt_price": ""}, "lmt_price", "a limit price is required"),
    ({"symbol": "MSFT"}, "symbol", "is for AAPL, which a modification cannot change"),
    ({"action": Action.SELL}, "action", "is a BUY, which a modification cannot change"),
    ({"order_type": OrderType.MKT}, "order_type", "is LMT, which a modification cannot change"),
    ({"outside_rth": True}, "outside_rth", "cancel it and enter a new order"),
])
def test_a_bad_modification_is_named_by_the_same_checks_as_a_new_order(advisor, working, fields, field, reason):
    with pytest.raises(TicketError) as error:
        ticket(**fields).to_modify(working, advisor.catalog)

    assert error.value.field == field and reason in error.value.reason


def test_the_engine_refuses_a_quantity_below_what_has_filled_naming_the_quantity(advisor, working):
    ok(advisor.execute(ForceExecution(working.order_id, D(60), D("99.50"))))
    change = ticket(quantity="50").to_modify(working, advisor.catalog)  # the ticket cannot know what filled

    refusal = advisor.execute(change)

    assert isinstance(refusal, Rejected) and refusal.code == "INVALID_QUANTITY"
    assert refusal.text.startswith("total_quantity: 50 is not more than the 60 already filled")


def test_only_a_single_working_order_can_be_modified(advisor, working):
    assert can_modify(working)
    ok(advisor.execute(ForceExecution(working.order_id, D(100), D("99.50"))))
    assert not can_modify(advisor.order(working.order_id))                       # filled
    ok(advisor.execute(OpenAccount("U1", AccountType.MARGIN, cash=(("USD", D(100000)),))))
    spread = (ComboLeg("AAPL  261218C00230000", Action.BUY, 1), ComboLeg("AAPL  261218C00240000", Action.SELL, 1))
    combo_id = placed_id(advisor.execute(PlaceOrder("U1", "", Action.BUY, D(1), OrderType.LMT, D("0.05"), legs=spread)))
    assert not can_modify(advisor.order(combo_id))                               # a combo keeps its legs
    with pytest.raises(TicketError) as error:
        ticket().to_modify(advisor.order(combo_id), advisor.catalog)
    assert error.value.field == "symbol" and "combo" in error.value.reason


def test_the_modified_order_is_the_whole_order_with_the_change(advisor, working):
    ok(advisor.execute(ForceExecution(working.order_id, D(40), D("99.50"))))

    after = modified_order(advisor.order(working.order_id), ModifyOrder(working.order_id, total_quantity=D(700)))

    assert (after.account, after.symbol, after.total_quantity, after.lmt_price, after.tif) == (
        "A", "AAPL", D(700), D("99.50"), TimeInForce.DAY)
    assert len(precautions_for(advisor, after)) == 1                          # 700 > 5 x 100 shares


def test_an_inline_profile_places_an_order_with_its_accounts_amounts_and_method(make_engine) -> None:
    from workstation.client.allocation_choices import inline_profile

    engine = make_engine()
    engine.execute(OpenAccount("FA", AccountType.ADVISOR))
    for client in ("K1", "K2"):
        engine.execute(OpenAccount(client, AccountType.MARGIN, cash=(("USD", Decimal(100000)),), advisor="FA"))
    profile = inline_profile(AllocationMethod.PERCENT, (("K1", Decimal(70)), ("K2", Decimal(30))))
    ticket = OrderTicket("MSFT", Action.BUY, "100", OrderType.LMT, "400.00", allocation=profile)

    command = ticket.to_order("FA", engine.catalog)

    assert command.account == "FA" and command.fa_group is None
    assert command.fa_allocations == (("K1", Decimal(70)), ("K2", Decimal(30)))
    assert command.fa_method is AllocationMethod.PERCENT
    assert profile.label == "Inline profile (Percent): K1 70, K2 30"
    placed = engine.execute(command)
    plan = engine.order(placed.events[0].order_id).allocation
    assert {row.account: row.desired_quantity for row in plan.drift()} == {"K1": 70, "K2": 30}
