"""Refused commands: a code, a message naming the field and the reason, and nothing changed."""

from datetime import datetime
from decimal import Decimal

import pytest

from tests.factories import OPEN_TIME, assert_names_a_field_of, ok, order, placed_id
from workstation.engine.core.errors import Rejected
from workstation.engine.core.terms import AccountType, Action, OrderType
from workstation.engine.login_reads import LoginReads
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import (
    AdvanceClock,
    CancelOrder,
    ForceExecution,
    ModifyOrder,
    OpenAccount,
    PlaceOrder,
    SeedPosition,
    SetPrice,
)
from workstation.engine.messages.events import CommandRejected


def refused(engine, command, code, field):
    before = engine.snapshot()
    heard = []
    engine.subscribe(heard.append, CommandRejected)
    result = engine.execute(command)
    assert isinstance(result, Rejected), result
    assert result.code == code
    assert result.field == field, result
    assert_names_a_field_of(command, result)
    assert engine.snapshot() == before, "a refused command must change nothing"
    assert [(e.code, e.field, e.message) for e in heard] == [(code, field, result.message)]
    return result


@pytest.mark.parametrize(("command", "code", "field"), [
    (order(account="NOPE"), "UNKNOWN_ACCOUNT", "account"),
    (order(symbol="ZZZZ"), "UNKNOWN_CONTRACT", "symbol"),
    (order(symbol="SPX"), "NOT_TRADABLE", "symbol"),
    (order(quantity="0"), "INVALID_QUANTITY", "total_quantity"),
    (order(quantity="10.5"), "INVALID_QUANTITY", "total_quantity"),
    (order(order_type=OrderType.LMT), "MISSING_LIMIT_PRICE", "lmt_price"),
    (order(order_type=OrderType.STP), "MISSING_STOP_PRICE", "aux_price"),
    (order(order_type=OrderType.LMT, lmt="150.005"), "INVALID_PRICE", "lmt_price"),
    (order(order_type=OrderType.LMT, lmt="-1"), "INVALID_PRICE", "lmt_price"),
    (order(account="C1", action=Action.SELL, quantity="1"), "SHORT_SALE_NOT_ALLOWED", "total_quantity"),
    (order(account="C1", quantity="1000"), "INSUFFICIENT_CASH", "total_quantity"),
    (order(account="C1", symbol="ESZ6", quantity="1"), "CASH_ACCOUNT_NOT_ELIGIBLE", "symbol"),
    (order(account="C1", symbol="SAP", quantity="1"), "NO_TRADING_PERMISSION", "symbol"),
    (SetPrice("AAPL", Decimal("-5")), "INVALID_PRICE", "price"),
    (SetPrice("AAPL  261218C00200000", Decimal("5")), "INVALID_PRICE", "symbol"),
    (AdvanceClock(datetime(2026, 11, 23, 10, 0, tzinfo=EASTERN)), "CLOCK_BACKWARDS", "to"),
    (CancelOrder(999), "ORDER_NOT_FOUND", "order_id"),
    (OpenAccount("U1", AccountType.MARGIN), "DUPLICATE_ACCOUNT", "account_id"),
    (OpenAccount("U9", AccountType.MARGIN, permissions=("BONDS",)), "INVALID_PERMISSION", "permissions"),
    (OpenAccount("U9", AccountType.MARGIN, positions=(SeedPosition("ZZZ", Decimal(1), Decimal(1)),)),
     "UNKNOWN_CONTRACT", "positions.symbol"),
    (OpenAccount("C9", AccountType.CASH, advisor="U1"), "NOT_AN_ADVISOR", "advisor"),
])
def test_bad_commands_are_refused_with_the_field_and_change_nothing(engine, command, code, field):
    refused(engine, command, code, field)


def test_an_advisor_master_holds_no_positions(engine):
    ok(engine.execute(OpenAccount("F1", AccountType.ADVISOR)))
    refused(engine, order(account="F1"), "ADVISOR_HOLDS_NO_POSITIONS", "account")


def test_an_expired_contract_cannot_be_traded(make_engine):
    late = make_engine(start=datetime(2026, 12, 21, 10, 0, tzinfo=EASTERN))
    ok(late.execute(OpenAccount("U1", AccountType.MARGIN)))
    refused(late, order(symbol="AAPL  261218C00200000", quantity="1"), "CONTRACT_EXPIRED", "symbol")


def test_a_finished_order_cannot_be_modified_cancelled_or_filled(engine):
    order_id = placed_id(engine.execute(order()))
    refused(engine, ModifyOrder(order_id, lmt_price=Decimal("1")), "ORDER_ALREADY_DONE", "order_id")
    refused(engine, CancelOrder(order_id), "ORDER_ALREADY_DONE", "order_id")
    refused(engine, ForceExecution(order_id, Decimal(1), Decimal(150)), "ORDER_ALREADY_DONE", "order_id")


def test_a_forced_execution_cannot_exceed_the_remaining_quantity(engine):
    order_id = placed_id(engine.execute(PlaceOrder("U1", "AAPL", Action.BUY, Decimal(10), OrderType.LMT,
                                                   Decimal("100.00"))))
    refused(engine, ForceExecution(order_id, Decimal(11), Decimal("100.00")), "INVALID_QUANTITY", "quantity")


def test_a_cash_account_counts_its_working_orders_against_its_cash(engine):
    # C1 has 10,000: one 60-share limit at 150 (9,000) fits, a second one does not
    ok(engine.execute(order(account="C1", quantity="60", order_type=OrderType.LMT, lmt="140.00")))
    refused(engine, order(account="C1", quantity="60", order_type=OrderType.LMT, lmt="140.00"),
            "INSUFFICIENT_CASH", "total_quantity")


def test_the_clock_start_needs_a_zone(make_engine):
    with pytest.raises(ValueError, match="start"):
        make_engine(start=OPEN_TIME.replace(tzinfo=None))


def test_floats_are_refused_where_commands_are_built():
    with pytest.raises(TypeError, match="total_quantity: floats are not accepted"):
        PlaceOrder("U1", "AAPL", Action.BUY, 100.0)
    with pytest.raises(TypeError, match="price: floats are not accepted"):
        SetPrice("AAPL", 150.5)
    assert PlaceOrder("U1", "AAPL", Action.BUY, 100).total_quantity == Decimal(100)


def test_a_fault_while_applying_halts_the_engine_instead_of_carrying_on(engine, monkeypatch):
    from workstation.engine.api import EngineHalted
    from workstation.engine.trading.desk import OrderDesk

    def broken(*_args):
        raise ZeroDivisionError("simulated bug")
    monkeypatch.setattr(OrderDesk, "place", broken)
    with pytest.raises(EngineHalted, match="simulated bug"):
        engine.execute(order())
    with pytest.raises(EngineHalted):
        engine.execute(SetPrice("AAPL", Decimal("151.00")))


@pytest.mark.parametrize(("command", "code", "field"), [
    (order(order_type=OrderType.LMT, lmt="1e30"), "INVALID_PRICE", "lmt_price"),
    (order(quantity="1e12"), "INVALID_QUANTITY", "total_quantity"),
    (PlaceOrder("U1", "AAPL", Action.BUY, Decimal(1), OrderType.MKT, lmt_price=Decimal("0.01")),
     "INVALID_PRICE", "lmt_price"),
    (PlaceOrder("U1", "AAPL", Action.BUY, Decimal(1), OrderType.LMT, Decimal("150.00"), Decimal("149.00")),
     "INVALID_PRICE", "aux_price"),
    (SetPrice("AAPL", Decimal("150.001")), "INVALID_PRICE", "price"),
    (AdvanceClock(datetime(2046, 6, 1, 10, 0, tzinfo=EASTERN)), "INVALID_TIME", "to"),
    (OpenAccount("U9", AccountType.MARGIN, cash=(("CHF", Decimal(1000)),)), "INVALID_CURRENCY", "cash"),
    (OpenAccount("U9", AccountType.MARGIN, base_currency="XYZ"), "INVALID_CURRENCY", "base_currency"),
    (OpenAccount("C9", AccountType.CASH, cash=(("USD", Decimal(-5)),)), "INVALID_AMOUNT", "cash.USD"),
    (OpenAccount("C9", AccountType.CASH, positions=(SeedPosition("KO", Decimal(-5), Decimal(60)),)),
     "INVALID_POSITION", "positions.symbol"),
    (OpenAccount("U9", AccountType.MARGIN, positions=(SeedPosition("KO", Decimal(5), Decimal(60)),
                                                      SeedPosition("KO", Decimal(10), Decimal(61)))),
     "INVALID_POSITION", "positions.symbol"),
])
def test_out_of_range_and_inconsistent_values_are_refused(engine, command, code, field):
    refused(engine, command, code, field)


def test_non_finite_numbers_and_unknown_names_are_refused_where_commands_are_built():
    with pytest.raises(ValueError, match="total_quantity: .* is not a finite number"):
        PlaceOrder("U1", "AAPL", Action.BUY, Decimal("NaN"))
    with pytest.raises(ValueError, match="order_type: 'LIMIT' is not one of"):
        PlaceOrder("U1", "AAPL", "BUY", Decimal(1), "LIMIT")
    # IB's own spellings are accepted and become the enum members
    assert PlaceOrder("U1", "AAPL", "BUY", Decimal(1), "LMT", Decimal("1")).order_type is OrderType.LMT


def test_modifying_a_working_cash_order_is_checked_against_cash_again(engine):
    order_id = placed_id(engine.execute(order(account="C1", quantity="10", order_type=OrderType.LMT, lmt="100.00")))
    refused(engine, ModifyOrder(order_id, total_quantity=Decimal(1000)), "INSUFFICIENT_CASH", "total_quantity")


def test_a_cash_account_counts_pending_fx_sales_against_the_currency_sold(engine):
    ok(engine.execute(OpenAccount("C2", AccountType.CASH, cash=(("USD", Decimal(5000)), ("EUR", Decimal(1000))))))
    ok(engine.execute(order(account="C2", symbol="EUR.USD", action=Action.SELL, quantity="1000",
                            order_type=OrderType.LMT, lmt="2.0000")))
    refused(engine, order(account="C2", symbol="EUR.USD", action=Action.SELL, quantity="1000",
                          order_type=OrderType.LMT, lmt="2.0000"), "INSUFFICIENT_CASH", "total_quantity")


def test_a_forced_execution_cannot_overdraw_a_cash_account(engine):
    order_id = placed_id(engine.execute(order(account="C1", quantity="10", order_type=OrderType.LMT, lmt="100.00")))
    refused(engine, ForceExecution(order_id, Decimal(10), Decimal("5000.00")), "INSUFFICIENT_CASH", "quantity")


def test_an_order_cannot_be_reduced_to_what_has_already_filled(engine):
    order_id = placed_id(engine.execute(PlaceOrder("U1", "AAPL", Action.BUY, Decimal(100), OrderType.LMT,
                                                   Decimal("100.00"))))
    ok(engine.execute(ForceExecution(order_id, Decimal(40), Decimal("100.00"))))
    refused(engine, ModifyOrder(order_id, total_quantity=Decimal(40)), "INVALID_QUANTITY", "total_quantity")


def test_a_refused_order_is_kept_as_an_inactive_line_and_nothing_else_changes(engine):
    first = PlaceOrder("U1", "AAPL", Action.BUY, Decimal(1_000_000))        # far beyond U1's margin
    refused(engine, first, "INSUFFICIENT_MARGIN", "total_quantity")
    heard = []
    engine.subscribe(heard.append, CommandRejected)
    refused(engine, order(account="NOPE"), "UNKNOWN_ACCOUNT", "account")
    engine.execute(CancelOrder(99))                                         # not an order: no line

    lines = engine.rejected_orders()
    assert [line.order_id for line in lines] == [-1, -2]                    # never an accepted order's id
    assert heard[0].order_id == -2 and heard[1].order_id is None
    line = engine.order(-1)
    assert (line.status.value, line.total_quantity, line.symbol) == ("Inactive", Decimal(1_000_000), "AAPL")
    assert line.status_reason.startswith("total_quantity:")
    assert LoginReads(engine, None).rejected_command(-1) == first           # as it was entered
    assert engine.orders() == [] and engine.allocation_drift(-1) == ()
    placed = placed_id(engine.execute(order()))
    assert placed == 1                                                       # ids go on from 1
