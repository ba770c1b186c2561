"""Staged orders: tickets saved to transmit later, kept by the workstation (not the engine) and
written to JSON with the layout."""

import json
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import OPEN_TIME
from workstation.client.allocation_choices import AllocationChoice, AllocationKind
from workstation.client.staged_orders import StagedOrders, ticket_from_dict, ticket_to_dict
from workstation.client.ticket import OrderTicket, TicketError
from workstation.engine.core.terms import Action, AllocationMethod, OrderType, TimeInForce

D = Decimal
CORE = AllocationChoice(AllocationKind.GROUP, "Core", "Core (group, NetLiq)", AllocationMethod.NET_LIQ)


def limit_buy(**fields) -> OrderTicket:
    return OrderTicket(**({"symbol": "AAPL", "action": Action.BUY, "quantity": "100", "lmt_price": "230.00"} | fields))


def test_staged_tickets_are_numbered_listed_oldest_first_and_announced():
    staged = StagedOrders("DU1")
    heard = []
    staged.subscribe(lambda: heard.append(len(staged)))

    first = staged.add(limit_buy(), OPEN_TIME)
    second = staged.add(limit_buy(symbol="msft", quantity="1,500"), OPEN_TIME + timedelta(minutes=5))
    staged.remove(first.staged_id)

    assert [s.staged_id for s in staged] == [second.staged_id] == [2]
    assert heard == [1, 2, 1]
    assert (second.symbol, second.quantity, second.lmt_price, second.aux_price) == ("MSFT", D(1500), D("230.00"), None)
    assert staged.remove(first.staged_id) is None                  # already gone: nothing announced
    assert heard == [1, 2, 1]


def test_a_staged_ticket_becomes_an_order_of_its_login_or_names_its_bad_field(universe):
    staged = StagedOrders("DU1")
    good = staged.add(limit_buy(), OPEN_TIME)
    gone = staged.add(limit_buy(symbol="NOPE"), OPEN_TIME)         # say the contract left the universe

    command = staged.order(good.staged_id, universe.catalog)

    assert (command.account, command.symbol, command.total_quantity, command.lmt_price) == (
        "DU1", "AAPL", D(100), D("230.00"))
    with pytest.raises(TicketError) as error:
        staged.order(gone.staged_id, universe.catalog)
    assert error.value.field == "symbol"


def test_an_advisor_ticket_round_trips_through_json_with_its_allocation_and_enums():
    staged = StagedOrders("FA1")
    ticket = limit_buy(action=Action.SELL, order_type=OrderType.STP_LMT, aux_price="229.00", tif=TimeInForce.GTC,
                       outside_rth=True, allocation=CORE, fa_method=AllocationMethod.PCT_CHANGE, quantity="",
                       fa_percentage="-25")
    staged.add(ticket, OPEN_TIME)
    again = StagedOrders("FA1")

    again.load_json(staged.to_json())

    [restored] = list(again)
    assert restored.ticket == ticket and restored.saved_at == OPEN_TIME
    assert restored.ticket.allocation.method is AllocationMethod.NET_LIQ
    assert (restored.quantity, restored.percent_change) == (None, D(-25))
    assert restored.allocation_name("FA1") == "Core (PctChange)"


@pytest.mark.parametrize("text", [
    "{not json",
    json.dumps({"format": 99, "orders": []}),
    json.dumps({"format": 1, "orders": [{"saved_at": "2026-11-24T10:00:00", "ticket": {}}]}),
    json.dumps({"format": 1, "orders": [{"saved_at": OPEN_TIME.isoformat(),
                                         "ticket": ticket_to_dict(limit_buy()) | {"action": "HOLD"}}]}),
    json.dumps({"format": 1, "orders": [{"saved_at": OPEN_TIME.isoformat(),
                                         "ticket": ticket_to_dict(limit_buy()) | {"quantity": 100}}]}),
    json.dumps([1, 2]),
])
def test_unreadable_json_is_refused_and_changes_nothing(text):
    staged = StagedOrders("DU1")
    kept = staged.add(limit_buy(), OPEN_TIME)

    with pytest.raises((ValueError, TypeError, KeyError)):
        staged.load_json(text)

    assert list(staged) == [kept]


texts = st.text(alphabet="0123456789.,-ABCXYZ ", max_size=8)
choices = st.none() | st.builds(AllocationChoice, st.sampled_from(AllocationKind), st.text(max_size=6),
                                st.text(max_size=12), st.none() | st.sampled_from(AllocationMethod))


@given(st.builds(OrderTicket, symbol=texts, action=st.sampled_from(Action), quantity=texts,
                 order_type=st.sampled_from(OrderType), lmt_price=texts, aux_price=texts,
                 tif=st.sampled_from(TimeInForce), outside_rth=st.booleans(), allocation=choices,
                 fa_method=st.none() | st.sampled_from(AllocationMethod), fa_percentage=texts),
       st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2040, 1, 1)))
def test_every_ticket_survives_the_round_trip_exactly(ticket, moment):
    saved_at = moment.replace(tzinfo=OPEN_TIME.tzinfo)
    assert ticket_from_dict(json.loads(json.dumps(ticket_to_dict(ticket)))) == ticket
    staged = StagedOrders("DU1")
    staged.add(ticket, saved_at)
    again = StagedOrders("DU1")
    again.load_json(staged.to_json())
    assert [(s.ticket, s.saved_at) for s in again] == [(ticket, saved_at)]


def test_a_staged_inline_profile_keeps_its_accounts_and_amounts() -> None:
    from decimal import Decimal

    from workstation.client.allocation_choices import inline_profile
    from workstation.client.staged_orders import ticket_from_dict, ticket_to_dict
    from workstation.client.ticket import OrderTicket
    from workstation.engine.core.terms import Action, AllocationMethod

    ticket = OrderTicket("AAPL", Action.BUY, "300", allocation=inline_profile(
        AllocationMethod.RATIO, (("K1", Decimal("2")), ("K2", Decimal("1.5")))))

    assert ticket_from_dict(ticket_to_dict(ticket)) == ticket
