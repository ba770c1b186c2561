"""Advisor orders end to end: groups, methods, presets, exclusions, executions booked per account."""

from datetime import timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import OPEN_TIME, assert_refused, ok, placed_id
from workstation.engine.api import Engine
from workstation.engine.core.errors import Rejected
from workstation.engine.core.terms import AccountType, Action, OrderStatus, OrderType
from workstation.engine.core.terms import AllocationMethod as M
from workstation.engine.messages.commands import (
    AdvanceClock,
    CancelOrder,
    DefineGroup,
    DefineModel,
    DivestFromModel,
    ForceExecution,
    InvestInModel,
    ModifyOrder,
    OpenAccount,
    PlaceOrder,
    SeedPosition,
    SetAllocationPresets,
    SetPrice,
)
from workstation.engine.messages.events import AllocationFinalized, ExecutionReported

D = Decimal


@pytest.fixture
def advisor(universe) -> Engine:
    """Advisor FA1 with clients A (250k), B (500k) and C (cash account, 20k), AAPL at 100.00."""
    engine = Engine.new(universe, 11, OPEN_TIME, random_walk=False)
    ok(engine.execute(OpenAccount("FA1", AccountType.ADVISOR)))
    ok(engine.execute(OpenAccount("A", AccountType.MARGIN, cash=(("USD", D(250000)),), advisor="FA1")))
    ok(engine.execute(OpenAccount("B", AccountType.MARGIN, cash=(("USD", D(500000)),), advisor="FA1",
                                  positions=(SeedPosition("AAPL", D(400), D("90.00")),))))
    ok(engine.execute(OpenAccount("C", AccountType.CASH, cash=(("USD", D(20000)),), advisor="FA1",
                                  permissions=("STK",))))
    ok(engine.execute(SetPrice("AAPL", D("100.00"))))
    return engine


def group(engine, name, method, **amounts):
    ok(engine.execute(DefineGroup("FA1", name, method, tuple((a, D(v)) for a, v in amounts.items()))))


def rows(engine, order_id):
    plan = engine.order(order_id).allocation
    return {r.account: (r.desired_quantity, r.allowed_quantity, r.allocated) for r in plan.rows}


def limit(quantity="0", **fa):
    """A buy far below the market, so nothing trades until a test forces it."""
    return PlaceOrder("FA1", "AAPL", Action.BUY, D(quantity), OrderType.LMT, D("50.00"), **fa)


def test_a_shares_profile_sets_the_order_size_and_books_each_accounts_part(advisor):
    group(advisor, "Core", M.CONTRACTS_OR_SHARES, A=100, B=50)
    order_id = placed_id(advisor.execute(limit(fa_group="Core")))
    assert advisor.order(order_id).total_quantity == 150
    result = ok(advisor.execute(ForceExecution(order_id, D(150), D("50.00"))))
    [execution] = [e for e in result.events if isinstance(e, ExecutionReported)]
    assert execution.allocations == (("A", D(100)), ("B", D(50)))
    # each account pays its own commission: A 100 x 0.005 -> 1.00 minimum; B the same
    assert execution.commission == D("2.00")
    assert advisor.cash("A")["USD"] == D(250000) - D(5000) - D("1.00")
    assert advisor.account("B").positions["AAPL"].quantity == 450
    assert advisor.account("FA1").positions == {}


def test_an_order_for_one_client_account_is_not_allocated(advisor):
    order_id = placed_id(advisor.execute(PlaceOrder("A", "AAPL", Action.BUY, D(10))))
    assert advisor.order(order_id).allocation is None
    assert advisor.executions(order_id)[0].allocations == (("A", D(10)),)


def test_all_allocates_to_every_client_by_the_presets_method(advisor):
    ok(advisor.execute(SetAllocationPresets("FA1", default_method=M.EQUAL)))
    order_id = placed_id(advisor.execute(limit("30", fa_group="All")))
    assert rows(advisor, order_id) == {"A": (10, 10, 0), "B": (10, 10, 0), "C": (10, 10, 0)}


def test_a_method_override_uses_the_groups_accounts(advisor):
    group(advisor, "Pair", M.RATIO, A=1, B=3)
    order_id = placed_id(advisor.execute(limit("300", fa_group="Pair", fa_method=M.EQUAL)))
    assert rows(advisor, order_id) == {"A": (150, 150, 0), "B": (150, 150, 0)}


def test_an_inline_profile_allocates_by_its_own_ratios(advisor):
    order_id = placed_id(advisor.execute(limit("300", fa_method=M.RATIO, fa_allocations=(("A", D(1)), ("B", D(2))))))
    assert rows(advisor, order_id) == {"A": (100, 100, 0), "B": (200, 200, 0)}
    assert advisor.order(order_id).allocation.group == "Inline Profile"


def test_pct_change_sizes_the_order_from_the_positions(advisor):
    group(advisor, "Holders", M.EQUAL, A=0, B=0)
    order_id = placed_id(advisor.execute(limit(fa_group="Holders", fa_method=M.PCT_CHANGE, fa_percentage=D(50))))
    # only B holds AAPL (400 long): +50% buys 200 for B and nothing for flat A
    assert rows(advisor, order_id) == {"A": (0, 0, 0), "B": (200, 200, 0)}
    assert advisor.order(order_id).total_quantity == 200


def test_reduce_order_size_shrinks_an_account_that_cannot_pay(advisor):
    # A23: C is a cash account with 20,000: at 50.00 it can afford 399 of its 500 (commission included)
    group(advisor, "Trio", M.CONTRACTS_OR_SHARES, A=500, B=500, C=500)
    order_id = placed_id(advisor.execute(limit(fa_group="Trio")))
    plan = advisor.order(order_id).allocation
    c_row = plan.rows[2]
    assert (c_row.desired_quantity, c_row.allowed_quantity) == (500, 399)
    assert c_row.note == "Reduced from 500: not enough cash"
    assert advisor.order(order_id).total_quantity == 1399


def test_strict_per_account_allocation_rejects_the_whole_order(advisor):
    ok(advisor.execute(SetAllocationPresets("FA1", strict=True)))
    group(advisor, "Trio", M.CONTRACTS_OR_SHARES, A=500, B=500, C=500)
    before = advisor.snapshot()
    result = advisor.execute(limit(fa_group="Trio"))
    assert isinstance(result, Rejected) and result.code == "ALLOCATION_REJECTED"
    assert result.text.startswith("fa_group: C reduced from 500: not enough cash")
    assert advisor.snapshot() == before


def test_an_account_without_the_permission_is_excluded_and_the_others_trade(advisor):
    group(advisor, "Futures", M.EQUAL, A=0, C=0)
    order_id = placed_id(advisor.execute(PlaceOrder("FA1", "ESZ6", Action.BUY, D(4), OrderType.LMT, D("100.00"),
                                                    fa_group="Futures")))
    assert rows(advisor, order_id) == {"A": (2, 2, 0), "C": (2, 0, 0)}
    assert advisor.order(order_id).allocation.rows[1].note.startswith("Excluded: no trading permission for FUT")


def test_partial_fills_then_cancel_keep_every_ledger_equal_to_its_allocation(advisor):
    group(advisor, "XYZ", M.CONTRACTS_OR_SHARES, A=25, B=15)
    order_id = placed_id(advisor.execute(limit(fa_group="XYZ")))
    for quantity in (2, 1, 4, 6):
        ok(advisor.execute(ForceExecution(order_id, D(quantity), D("50.00"))))
    result = ok(advisor.execute(CancelOrder(order_id)))
    [final] = [e for e in result.events if isinstance(e, AllocationFinalized)]
    allocated = dict(final.allocations)
    assert sum(allocated.values()) == 13 == advisor.order(order_id).filled
    assert advisor.account("A").positions["AAPL"].quantity == allocated["A"]
    assert advisor.account("B").positions["AAPL"].quantity == 400 + allocated["B"]
    # 13 of 40: floors 8 / 4, the last unit to B's smaller ratio (4/15 < 8/25)
    assert allocated == {"A": D(8), "B": D(5)}


def test_the_same_seed_draws_the_same_small_fill(universe):
    def draw():
        engine = Engine.new(universe, 99, OPEN_TIME, random_walk=False)
        ok(engine.execute(OpenAccount("FA1", AccountType.ADVISOR)))
        for name in "ABC":
            ok(engine.execute(OpenAccount(name, AccountType.MARGIN, advisor="FA1")))
        ok(engine.execute(DefineGroup("FA1", "G", M.EQUAL, (("A", D(0)), ("B", D(0)), ("C", D(0))))))
        order_id = placed_id(engine.execute(PlaceOrder("FA1", "AAPL", Action.BUY, D(30), OrderType.LMT, D("1.00"),
                                                       fa_group="G")))
        ok(engine.execute(ForceExecution(order_id, D(2), D("1.00"))))
        return engine.executions(order_id)[0]
    first, second = draw(), draw()
    assert first.allocations == second.allocations and len(first.random_picks) == 2
    assert first.random_picks == second.random_picks


def test_a_preview_shows_the_allocation_and_changes_nothing(advisor):
    group(advisor, "Trio", M.CONTRACTS_OR_SHARES, A=500, B=500, C=500)
    before = advisor.snapshot()
    preview = advisor.preview(limit(fa_group="Trio"))
    assert preview.rejected is None
    assert [(r.account, r.allowed_quantity) for r in preview.allocation.rows] == [("A", 500), ("B", 500), ("C", 399)]
    # three accounts' own commissions: 2.50 + 2.50 + 2.00 (399 x 0.005)
    assert preview.commission == D("7.00")
    assert advisor.snapshot() == before


@pytest.mark.parametrize(("command", "code", "field"), [
    (limit(fa_group="Nope"), "UNKNOWN_GROUP", "fa_group"),
    (PlaceOrder("A", "AAPL", Action.BUY, D(10), fa_group="All"), "NOT_AN_ADVISOR", "account"),
    (PlaceOrder("A", "AAPL", Action.BUY, D(10), fa_method=M.EQUAL), "INVALID_ALLOCATION_METHOD", "fa_method"),
    (limit("10", fa_group="All", fa_method=M.PERCENT), "INVALID_ALLOCATION_METHOD", "fa_method"),
    (limit("10", fa_group="All", fa_method=M.PCT_CHANGE), "MISSING_FA_PERCENTAGE", "fa_percentage"),
    (limit("10", fa_group="All", fa_percentage=D(10)), "INVALID_ALLOCATION_METHOD", "fa_percentage"),
    (limit("10", fa_method=M.PERCENT, fa_allocations=(("A", D(50)), ("B", D(40)))), "PERCENTAGES_NOT_100",
     "fa_allocations"),
    (limit("10", fa_method=M.RATIO, fa_allocations=(("A", D(1)), ("ZZ", D(1)))), "UNKNOWN_ACCOUNT",
     "fa_allocations.ZZ"),
    (DefineGroup("FA1", "G", M.PERCENT, (("A", D(60)), ("B", D(30)))), "PERCENTAGES_NOT_100", "accounts"),
    (DefineGroup("FA1", "G", M.RATIO, (("A", D(1)), ("B", D(0)))), "INVALID_ALLOCATION_AMOUNT", "accounts.B"),
    (DefineGroup("FA1", "G", M.EQUAL, ()), "EMPTY_ALLOCATION_GROUP", "accounts"),
    (DefineGroup("FA1", "All", M.EQUAL, (("A", D(0)),)), "INVALID_GROUP_NAME", "name"),
    (DefineGroup("A", "G", M.EQUAL, (("B", D(0)),)), "NOT_AN_ADVISOR", "advisor"),
    (SetAllocationPresets("FA1", default_method=M.RATIO), "INVALID_ALLOCATION_METHOD", "default_method"),
])
def test_bad_allocation_setups_and_orders_are_refused(advisor, command, code, field):
    assert_refused(advisor, command, code, field)


def test_a_client_outside_the_advisor_cannot_join_its_group(advisor):
    ok(advisor.execute(OpenAccount("X", AccountType.MARGIN)))
    result = advisor.execute(DefineGroup("FA1", "G", M.EQUAL, (("X", D(0)),)))
    assert isinstance(result, Rejected) and result.code == "NOT_A_CLIENT"


def test_an_allocated_order_fills_over_time_and_completes_exactly(advisor):
    group(advisor, "Big", M.NET_LIQ, A=0, B=0)
    order_id = placed_id(advisor.execute(PlaceOrder("FA1", "AAPL", Action.BUY, D(6000), fa_group="Big")))
    minute = OPEN_TIME
    while not advisor.order(order_id).is_done:
        minute += timedelta(minutes=1)
        ok(advisor.execute(AdvanceClock(minute)))
    order = advisor.order(order_id)
    assert order.status is OrderStatus.FILLED
    assert [(r.account, r.allocated) for r in order.allocation.rows] == \
        [(r.account, r.allowed_quantity) for r in order.allocation.rows]
    assert sum(e.quantity for e in advisor.executions(order_id)) == 6000


def test_a_sale_closes_the_long_holders_part_before_anyone_goes_short(advisor):
    group(advisor, "Pair", M.EQUAL, A=0, B=0)
    order_id = placed_id(advisor.execute(PlaceOrder("FA1", "AAPL", Action.SELL, D(200), OrderType.LMT, D("500.00"),
                                                    fa_group="Pair")))
    # B holds 400 long: its 100 is a long sale; A holds nothing: its 100 would open a short
    assert [r.closing_quantity for r in advisor.order(order_id).allocation.rows] == [0, 100]
    ok(advisor.execute(ForceExecution(order_id, D(60), D("500.00"))))
    assert rows(advisor, order_id) == {"A": (100, 100, 0), "B": (100, 100, 60)}
    ok(advisor.execute(ForceExecution(order_id, D(60), D("500.00"))))
    assert rows(advisor, order_id) == {"A": (100, 100, 20), "B": (100, 100, 100)}


def test_without_close_positions_first_every_execution_is_shared_by_fill_ratio(advisor):
    ok(advisor.execute(SetAllocationPresets("FA1", close_positions_first=False)))
    group(advisor, "Pair", M.EQUAL, A=0, B=0)
    order_id = placed_id(advisor.execute(PlaceOrder("FA1", "AAPL", Action.SELL, D(200), OrderType.LMT, D("500.00"),
                                                    fa_group="Pair")))
    # B's 100 still closes part of its 400 long, but it no longer fills before A opens a short
    assert [r.closing_quantity for r in advisor.order(order_id).allocation.rows] == [0, 100]
    ok(advisor.execute(ForceExecution(order_id, D(60), D("500.00"))))
    assert rows(advisor, order_id) == {"A": (100, 100, 30), "B": (100, 100, 30)}
    ok(advisor.execute(SetAllocationPresets("FA1")))  # a working order keeps the preset it was placed with
    ok(advisor.execute(ForceExecution(order_id, D(140), D("500.00"))))
    assert advisor.account("A").positions["AAPL"].quantity == -100
    assert advisor.account("B").positions["AAPL"].quantity == 300


def test_a_model_order_is_shared_by_the_nlv_invested_and_reshared_on_investment(advisor):
    ok(advisor.execute(DefineModel("FA1", "Tech")))
    refused = advisor.execute(PlaceOrder("FA1", "AAPL", Action.BUY, D(100), model_code="Tech"))
    assert isinstance(refused, Rejected) and refused.code == "EMPTY_MODEL"
    ok(advisor.execute(InvestInModel("A", "Tech", D(100000))))
    ok(advisor.execute(InvestInModel("B", "Tech", D(300000))))
    order_id = placed_id(advisor.execute(PlaceOrder("FA1", "AAPL", Action.BUY, D(400), OrderType.LMT, D("50.00"),
                                                    model_code="Tech")))
    assert rows(advisor, order_id) == {"A": (100, 100, 0), "B": (300, 300, 0)}
    ok(advisor.execute(ForceExecution(order_id, D(200), D("50.00"))))
    # A divests everything: it keeps its 50 and the 200 still unfilled all go to B
    ok(advisor.execute(DivestFromModel("A", "Tech", D(100000))))
    assert rows(advisor, order_id) == {"A": (50, 50, 50), "B": (350, 350, 150)}
    ok(advisor.execute(ForceExecution(order_id, D(200), D("50.00"))))
    assert advisor.order(order_id).status is OrderStatus.FILLED
    assert advisor.account("A").positions["AAPL"].quantity == 50
    assert advisor.account("B").positions["AAPL"].quantity == 400 + 350


@pytest.mark.parametrize(("command", "code", "field"), [
    (InvestInModel("A", "Nope", D(1)), "UNKNOWN_MODEL", "model"),
    (InvestInModel("A", "Tech", D(0)), "INVALID_AMOUNT", "amount"),
    (InvestInModel("A", "Tech", D(10_000_000)), "INSUFFICIENT_FUNDS", "amount"),
    (DivestFromModel("A", "Tech", D(1)), "INVALID_AMOUNT", "amount"),
    (DefineModel("FA1", "Tech"), "DUPLICATE_MODEL", "name"),
    (PlaceOrder("FA1", "AAPL", Action.BUY, D(1), model_code="Tech", fa_method=M.EQUAL), "INVALID_ALLOCATION_METHOD",
     "fa_method"),
])
def test_bad_model_commands_are_refused(advisor, command, code, field):
    ok(advisor.execute(DefineModel("FA1", "Tech")))
    assert_refused(advisor, command, code, field)


def test_restricted_accounts_are_excluded_or_limited_to_closing(universe):
    engine = Engine.new(universe, 3, OPEN_TIME, random_walk=False)
    ok(engine.execute(OpenAccount("FA1", AccountType.ADVISOR)))
    ok(engine.execute(OpenAccount("E", AccountType.MARGIN, advisor="FA1", restrictions=("EmployeeRestriction",))))
    ok(engine.execute(OpenAccount("R", AccountType.MARGIN, advisor="FA1", restrictions=("RejectIfOpening",),
                                  positions=(SeedPosition("AAPL", D(30), D(90)),))))
    ok(engine.execute(OpenAccount("N", AccountType.MARGIN, advisor="FA1")))
    ok(engine.execute(DefineGroup("FA1", "G", M.EQUAL, (("E", D(0)), ("R", D(0)), ("N", D(0))))))
    order_id = placed_id(engine.execute(PlaceOrder("FA1", "AAPL", Action.SELL, D(150), OrderType.LMT, D("900.00"),
                                                   fa_group="G")))
    plan = {r.account: (r.desired_quantity, r.allowed_quantity, r.note) for r in engine.order(order_id).allocation.rows}
    assert plan == {"E": (50, 0, "Excluded: employee restriction"),
                    "R": (50, 30, "Reduced from 50: RejectIfOpening (closes 30, opens nothing)"),
                    "N": (50, 50, "")}
    assert engine.order(order_id).total_quantity == 80
    buy = engine.execute(PlaceOrder("FA1", "AAPL", Action.BUY, D(30), OrderType.LMT, D("1.00"), fa_group="G"))
    assert {r.account: r.note for r in engine.order(buy.events[0].order_id).allocation.rows}["R"] == \
        "Excluded: RejectIfOpening (the account may only close positions)"


def test_a_shares_profile_orders_size_cannot_be_modified(advisor):
    group(advisor, "Core", M.CONTRACTS_OR_SHARES, A=100, B=50)
    order_id = placed_id(advisor.execute(limit(fa_group="Core")))
    assert_refused(advisor, ModifyOrder(order_id, total_quantity=D(300)), "NOT_MODIFIABLE", "total_quantity")
    ok(advisor.execute(ModifyOrder(order_id, lmt_price=D("51.00"))))


def test_a_new_size_is_shared_again_in_the_accounts_proportions(advisor):
    group(advisor, "Pair", M.PERCENT, A=75, B=25)
    order_id = placed_id(advisor.execute(limit("400", fa_group="Pair")))
    ok(advisor.execute(ForceExecution(order_id, D(100), D("50.00"))))  # 75 to A, 25 to B
    ok(advisor.execute(ModifyOrder(order_id, total_quantity=D(800))))
    # the 700 unfilled go 3 : 1 on top of what each already has
    assert rows(advisor, order_id) == {"A": (600, 600, 75), "B": (200, 200, 25)}
    assert advisor.order(order_id).total_quantity == 800
    assert_refused(advisor, ModifyOrder(order_id, total_quantity=D(100)), "INVALID_QUANTITY", "total_quantity")


def test_a_new_size_a_cash_client_cannot_pay_for_is_reduced_or_refused_when_strict(advisor):
    group(advisor, "WithCash", M.EQUAL, A=0, C=0)
    order_id = placed_id(advisor.execute(limit("200", fa_group="WithCash")))
    ok(advisor.execute(ModifyOrder(order_id, total_quantity=D(1000))))
    c_row = advisor.order(order_id).allocation.rows[1]
    # C, a cash account with 20,000, affords 399 at 50.00 with the commission
    assert (c_row.desired_quantity, c_row.allowed_quantity) == (500, 399)
    ok(advisor.execute(SetAllocationPresets("FA1", strict=True)))
    assert_refused(advisor, ModifyOrder(order_id, total_quantity=D(2000)), "ALLOCATION_REJECTED", "total_quantity")


def test_a_working_advisor_order_gets_a_final_distribution_at_each_close(advisor):
    from datetime import datetime

    from workstation.engine.core.terms import TimeInForce
    from workstation.engine.market.calendar import EASTERN

    group(advisor, "XYZ", M.CONTRACTS_OR_SHARES, A=25, B=15)
    order_id = placed_id(advisor.execute(PlaceOrder("FA1", "AAPL", Action.BUY, D(0), OrderType.LMT, D("50.00"),
                                                    tif=TimeInForce.GTC, fa_group="XYZ")))
    ok(advisor.execute(ForceExecution(order_id, D(7), D("50.00"))))
    day_one = ok(advisor.execute(AdvanceClock(datetime(2026, 11, 24, 20, 0, tzinfo=EASTERN))))
    [first] = [e for e in day_one.events if isinstance(e, AllocationFinalized)]
    # 7 of 40: floors 4 / 2, the last unit to B (2/15 < 4/25)
    assert first.end_of_day and dict(first.allocations) == {"A": D(4), "B": D(3)}
    ok(advisor.execute(AdvanceClock(datetime(2026, 11, 25, 10, 0, tzinfo=EASTERN))))
    ok(advisor.execute(ForceExecution(order_id, D(10), D("52.00"))))
    done = ok(advisor.execute(CancelOrder(order_id)))
    [second] = [e for e in done.events if isinstance(e, AllocationFinalized)]
    # the second period shares 10 over what is still wanted (21 / 12) at its own average, 52.00
    assert not second.end_of_day and second.avg_price == D("52.00")
    assert sum(dict(second.allocations).values()) == 17
    assert advisor.account("A").positions["AAPL"].quantity == dict(second.allocations)["A"]


def test_a_cash_client_cannot_overspend_through_two_advisor_orders(advisor):
    # C has 20,000 in cash: the first order reserves 300 x 50 = 15,000 of it for C's share
    group(advisor, "OnlyC", M.CONTRACTS_OR_SHARES, C=300)
    placed_id(advisor.execute(limit(fa_group="OnlyC")))
    second = placed_id(advisor.execute(limit(fa_group="OnlyC")))
    c_row = advisor.order(second).allocation.rows[0]
    assert c_row.allowed_quantity < 100 and c_row.note.startswith("Reduced from 300: not enough cash")


def test_a_forced_fill_cannot_overdraw_a_cash_client_of_an_advisor_order(advisor):
    group(advisor, "OnlyC", M.CONTRACTS_OR_SHARES, C=300)
    order_id = placed_id(advisor.execute(limit(fa_group="OnlyC")))
    result = advisor.execute(ForceExecution(order_id, D(300), D("500.00")))
    assert isinstance(result, Rejected) and result.code == "INSUFFICIENT_CASH"


def test_divesting_every_investor_cancels_the_models_working_order(advisor):
    ok(advisor.execute(DefineModel("FA1", "Tech")))
    ok(advisor.execute(InvestInModel("A", "Tech", D(10000))))
    order_id = placed_id(advisor.execute(limit("100", model_code="Tech")))
    ok(advisor.execute(DivestFromModel("A", "Tech", D(10000))))
    assert advisor.order(order_id).status is OrderStatus.CANCELLED
    ok(advisor.execute(SetPrice("AAPL", D("49.00"))))  # a market move finds nothing to fill


def test_a_group_named_like_a_model_is_not_reshared_with_it(advisor):
    ok(advisor.execute(DefineModel("FA1", "Tech")))
    ok(advisor.execute(InvestInModel("A", "Tech", D(10000))))
    group(advisor, "Model Tech", M.RATIO, A=1, B=1)
    order_id = placed_id(advisor.execute(limit("100", fa_group="Model Tech")))
    ok(advisor.execute(InvestInModel("B", "Tech", D(10000))))
    assert rows(advisor, order_id) == {"A": (50, 50, 0), "B": (50, 50, 0)}


def test_plan_sizes_and_percentages_are_bounded(advisor):
    result = advisor.execute(limit(fa_method=M.CONTRACTS_OR_SHARES, fa_allocations=(("A", D("1e10")),)))
    assert isinstance(result, Rejected) and result.code == "INVALID_ALLOCATION_AMOUNT"
    group(advisor, "Holders", M.EQUAL, A=0, B=0)
    result = advisor.execute(limit(fa_group="Holders", fa_method=M.PCT_CHANGE, fa_percentage=D("1e30")))
    assert isinstance(result, Rejected) and result.code == "INVALID_PERCENTAGE"
    preview = advisor.preview(limit(fa_group="Holders", fa_method=M.PCT_CHANGE, fa_percentage=D("1e30")))
    assert preview.rejected.code == "INVALID_PERCENTAGE"


def test_the_drift_view_shows_each_accounts_progress(advisor):
    group(advisor, "XYZ", M.CONTRACTS_OR_SHARES, A=25, B=15)
    order_id = placed_id(advisor.execute(limit(fa_group="XYZ")))
    ok(advisor.execute(ForceExecution(order_id, D(8), D("50.00"))))
    drift = {row.account: row for row in advisor.allocation_drift(order_id)}
    # 8 of 40: A 5 of 25 (0.2), B 3 of 15 (0.2); B already holds 400, so it will end at 415
    assert (drift["A"].allocated, drift["A"].fill_ratio) == (5, D("0.2"))
    assert (drift["B"].allocated, drift["B"].position_after) == (3, D(415))
    assert advisor.allocation_drift(placed_id(advisor.execute(PlaceOrder("A", "KO", Action.BUY, D(1))))) == ()


def test_every_account_ends_at_the_orders_average_price(advisor):
    group(advisor, "Pair", M.CONTRACTS_OR_SHARES, A=100, B=100)
    order_id = placed_id(advisor.execute(limit(fa_group="Pair")))
    ok(advisor.execute(ForceExecution(order_id, D(100), D("40.00"))))
    ok(advisor.execute(ForceExecution(order_id, D(1), D("50.00"))))
    ok(advisor.execute(CancelOrder(order_id)))
    average = D(4050) / 101  # (100 x 40 + 1 x 50) / 101
    allocated = {r.account: r.allocated for r in advisor.order(order_id).allocation.rows}
    assert sorted(allocated.values()) == [50, 51]
    for account in ("A", "B"):
        position = advisor.account(account).positions["AAPL"]
        opened = position.quantity - (400 if account == "B" else 0)
        assert opened == allocated[account]
    a = advisor.account("A").positions["AAPL"]
    assert abs(a.avg_price - average) < D("1e-20")
    # A paid its share at the average and the commission its own share costs (51 x 0.005 -> 1.00)
    assert abs(advisor.cash("A")["USD"] - (D(250000) - allocated["A"] * average - D("1.00"))) < D("1e-20")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 30), st.integers(4000, 6000)), min_size=1, max_size=8),
       st.integers(0, 2**32 - 1))
def test_a_distributed_order_charges_each_account_its_share_at_the_average(universe, fills, seed):
    engine = Engine.new(universe, seed, OPEN_TIME, random_walk=False)
    ok(engine.execute(OpenAccount("FA1", AccountType.ADVISOR)))
    accounts = ("A", "B", "C")
    for name in accounts:
        ok(engine.execute(OpenAccount(name, AccountType.MARGIN, cash=(("USD", D(10**7)),), advisor="FA1")))
    ok(engine.execute(DefineGroup("FA1", "G", M.CONTRACTS_OR_SHARES, (("A", D(120)), ("B", D(70)), ("C", D(45))))))
    order_id = placed_id(engine.execute(limit(fa_group="G")))
    for quantity, cents in fills:
        if engine.order(order_id).remaining >= quantity:
            ok(engine.execute(ForceExecution(order_id, D(quantity), D(cents) / 100)))
    if not engine.order(order_id).is_done:
        ok(engine.execute(CancelOrder(order_id)))
    order = engine.order(order_id)
    average = order.avg_fill_price
    from workstation.engine.core.commissions import order_commission
    aapl = engine.catalog["AAPL"]
    for row in order.allocation.rows:
        paid = D(10**7) - engine.cash(row.account)["USD"]
        expected = row.allocated * average + (order_commission(aapl, D(row.allocated), row.allocated * average)
                                              if row.allocated else 0)
        assert abs(paid - expected) < D("1e-18"), row.account
        if row.allocated:
            position = engine.account(row.account).positions["AAPL"]
            assert abs(position.avg_price - average) < D("1e-18")
        held = engine.account(row.account).positions.get("AAPL")
        assert held is None or held.realized_pnl == 0  # buys only: nothing is ever realized


def test_a_model_order_shrunk_by_a_divestment_grows_back_when_investors_return(advisor):
    ok(advisor.execute(DefineModel("FA1", "Tech")))
    ok(advisor.execute(InvestInModel("A", "Tech", D(10000))))
    ok(advisor.execute(InvestInModel("C", "Tech", D(10000))))
    order_id = placed_id(advisor.execute(limit("400", model_code="Tech")))
    # A leaves: cash account C would need 400 x 50 + 2.00 > 20,000, so it takes 399 and the order shrinks
    ok(advisor.execute(DivestFromModel("A", "Tech", D(10000))))
    assert advisor.order(order_id).total_quantity == 399
    ok(advisor.execute(InvestInModel("A", "Tech", D(10000))))
    assert advisor.order(order_id).total_quantity == 400
    assert rows(advisor, order_id) == {"A": (200, 200, 0), "C": (200, 200, 0)}


def test_round_lot_orders_fill_each_account_in_whole_lots(advisor):
    # A20's setup: 1,000 shares at A 33% / B 33% / C 34% with A the odd-lot account gives A 400,
    # B 300, C 300; partial fills of 250 then reach the accounts a whole lot at a time.
    ok(advisor.execute(SetAllocationPresets("FA1", round_lots=True, odd_lot_account="A")))
    ok(advisor.execute(OpenAccount("D", AccountType.MARGIN, cash=(("USD", D(500000)),), advisor="FA1")))
    group(advisor, "Thirds", M.PERCENT, A=33, B=33, D=34)
    order_id = placed_id(advisor.execute(limit("1000", fa_group="Thirds")))
    for _ in range(4):
        ok(advisor.execute(ForceExecution(order_id, D(250), D("50.00"))))
        held = [advisor.account(name).position_quantity("AAPL") - (400 if name == "B" else 0) for name in "ABD"]
        assert sum(held) == advisor.order(order_id).filled
        assert sum(1 for units in held if units % 100) <= 1  # at most one account holds part of a lot
    assert rows(advisor, order_id) == {"A": (400, 400, 400), "B": (300, 300, 300), "D": (300, 300, 300)}


def test_the_strict_preset_cancels_a_model_order_a_new_investor_cannot_pay_for(advisor):
    ok(advisor.execute(SetAllocationPresets("FA1", strict=True)))
    ok(advisor.execute(DefineModel("FA1", "Tech")))
    ok(advisor.execute(InvestInModel("A", "Tech", D(100000))))
    ok(advisor.execute(InvestInModel("B", "Tech", D(300000))))
    order_id = placed_id(advisor.execute(PlaceOrder("FA1", "AAPL", Action.BUY, D(40000), OrderType.LMT, D("50.00"),
                                                    model_code="Tech")))
    # C (a cash account with 20,000) joins: its share of the 40,000 shares would cost about 90,000
    ok(advisor.execute(InvestInModel("C", "Tech", D(19000))))
    cancelled = advisor.order(order_id)
    assert cancelled.status is OrderStatus.CANCELLED
    assert "C reduced from" in cancelled.status_reason and "strict per-account" in cancelled.status_reason
