"""Advisor Setup's read model, and the live check of a group as typed: the same rules, the same
answer as the ``DefineGroup`` command."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import OPEN_TIME, ok
from workstation.engine.api import Accepted, Engine
from workstation.engine.core.errors import Rejected
from workstation.engine.core.terms import AccountType
from workstation.engine.core.terms import AllocationMethod as M
from workstation.engine.messages.commands import (
    DefineGroup,
    DefineModel,
    InvestInModel,
    OpenAccount,
    SetAllocationPresets,
)
from workstation.engine.views.advisor_setup import FieldProblem, GroupDraft, GroupView, ModelView

D = Decimal


@pytest.fixture
def advisor(universe) -> Engine:
    """Advisor FA1 with clients C2, C1 and C3 (opened in that order); FA2 with client X; U9 alone."""
    engine = Engine.new(universe, 3, OPEN_TIME, random_walk=False)
    ok(engine.execute(OpenAccount("FA1", AccountType.ADVISOR)))
    ok(engine.execute(OpenAccount("FA2", AccountType.ADVISOR)))
    for client, cash in (("C2", 200000), ("C1", 100000), ("C3", 50000)):
        ok(engine.execute(OpenAccount(client, AccountType.MARGIN, cash=(("USD", D(cash)),), advisor="FA1")))
    ok(engine.execute(OpenAccount("X", AccountType.MARGIN, cash=(("USD", D(10000)),), advisor="FA2")))
    ok(engine.execute(OpenAccount("U9", AccountType.MARGIN)))
    return engine


def draft(name="Core", method=M.PERCENT, **amounts) -> GroupDraft:
    return GroupDraft("FA1", name, method, tuple(amounts.items()))


def test_the_read_model_lists_what_the_advisor_defined(advisor):
    ok(advisor.execute(DefineGroup("FA1", "Pair", M.RATIO, (("C2", D(3)), ("C1", D(1))))))
    ok(advisor.execute(DefineGroup("FA1", "Everyone", M.NET_LIQ, (("C1", D(0)), ("C2", D(0)), ("C3", D(0))))))
    ok(advisor.execute(DefineGroup("FA2", "Theirs", M.EQUAL, (("X", D(0)),))))
    ok(advisor.execute(DefineModel("FA1", "Income")))
    ok(advisor.execute(InvestInModel("C1", "Income", D(5000))))
    ok(advisor.execute(InvestInModel("C3", "Income", D(2500))))
    ok(advisor.execute(SetAllocationPresets("FA1", strict=True, default_method=M.NET_LIQ, round_lots=True,
                                            odd_lot_account="C2", close_positions_first=False)))

    view = advisor.advisor_setup("FA1")

    assert view.clients == ("C1", "C2", "C3")                   # sorted, FA2's X not among them
    assert view.groups == (GroupView("Everyone", M.NET_LIQ, (("C1", D(0)), ("C2", D(0)), ("C3", D(0)))),
                           GroupView("Pair", M.RATIO, (("C2", D(3)), ("C1", D(1)))))  # members in group order
    assert view.group("Pair").accounts == ("C2", "C1")
    assert view.models == (ModelView("Income", (("C1", D(5000)), ("C3", D(2500)))),)
    assert view.models[0].total == D(7500)
    presets = view.presets
    assert (presets.strict, presets.default_method, presets.round_lots, presets.odd_lot_account,
            presets.equal_positions, presets.close_positions_first) == (True, M.NET_LIQ, True, "C2", False, False)


def test_an_advisor_that_set_nothing_reads_ibs_defaults(advisor):
    view = advisor.advisor_setup("FA2")
    assert (view.groups, view.models, view.clients) == ((), (), ("X",))
    assert view.presets.default_method is M.AVAILABLE_EQUITY and not view.presets.strict
    assert view.presets.close_positions_first


def test_only_an_advisor_has_a_setup(advisor):
    with pytest.raises(KeyError, match="U9 is not an advisor"):
        advisor.advisor_setup("U9")


def test_a_good_group_has_no_problems_and_its_command_is_accepted(advisor):
    good = draft(C1="60", C2="40")
    assert advisor.check_group(good) == []
    ok(advisor.execute(good.command()))
    assert advisor.advisor_setup("FA1").group("Core").members == (("C1", D(60)), ("C2", D(40)))


@pytest.mark.parametrize(("typed", "code", "field"), [
    (draft(C1="60", C2="30"), "PERCENTAGES_NOT_100", "accounts"),            # 60 + 30 = 90
    (draft(C1="100", X="0.5"), "NOT_A_CLIENT", "accounts.X"),                 # FA2's client
    (draft(C1="100", U9="1"), "NOT_A_CLIENT", "accounts.U9"),                 # nobody's client
    (draft(C1="100", ZZ="1"), "UNKNOWN_ACCOUNT", "accounts.ZZ"),
    (draft(name="", C1="100"), "INVALID_GROUP_NAME", "name"),
    (draft(name=" Core", C1="100"), "INVALID_GROUP_NAME", "name"),
    (draft(name="All", method=M.EQUAL, C1=""), "INVALID_GROUP_NAME", "name"),
    (draft(method=M.RATIO, C1="2", C2="-1"), "INVALID_ALLOCATION_AMOUNT", "accounts.C2"),
    (draft(method=M.CONTRACTS_OR_SHARES, C1="10.5"), "INVALID_ALLOCATION_AMOUNT", "accounts.C1"),
    (draft(method=M.MONETARY_AMOUNT, C1="2000000000"), "INVALID_ALLOCATION_AMOUNT", "accounts.C1"),
    (draft(method=M.EQUAL), "EMPTY_ALLOCATION_GROUP", "accounts"),
    (draft(method=M.MODEL, C1="1"), "INVALID_ALLOCATION_METHOD", "method"),
])
def test_the_live_check_reports_what_the_command_is_refused_for(advisor, typed, code, field):
    refused = advisor.execute(typed.command())
    assert isinstance(refused, Rejected) and refused.code == code and refused.field == field
    problems = advisor.check_group(typed)
    assert FieldProblem(field, code, refused.message) in problems
    assert problems[0].field == field                               # the only problem, or the first the form shows


def test_every_bad_cell_is_reported_not_only_the_first(advisor):
    problems = advisor.check_group(draft(method=M.RATIO, C1="0", C2="2", C3="-4"))
    assert [(p.field, p.code) for p in problems] == [("accounts.C1", "INVALID_ALLOCATION_AMOUNT"),
                                                      ("accounts.C3", "INVALID_ALLOCATION_AMOUNT")]


def test_an_amount_that_is_not_a_number_is_reported_on_its_cell(advisor):
    typed = draft(name="", C1="abc", C2="40", C3="")
    problems = advisor.check_group(typed)
    # the name first, then the cells in table order; the 100% total cannot be judged without C1 and C3
    assert [(p.field, p.code) for p in problems] == [("name", "INVALID_GROUP_NAME"),
                                                      ("accounts.C1", "INVALID_VALUE"),
                                                      ("accounts.C3", "MISSING_AMOUNT")]
    assert problems[1].text == "accounts.C1: 'abc' is not a number"
    with pytest.raises(ValueError, match="accounts.C1"):
        typed.command()


def test_computed_methods_ignore_the_amount_cells(advisor):
    typed = draft(method=M.NET_LIQ, C1="", C2="nonsense")
    assert advisor.check_group(typed) == []
    assert typed.command().accounts == (("C1", D(0)), ("C2", D(0)))


_ACCOUNTS = st.sampled_from(["C1", "C2", "C3", "X", "ZZ"])
_AMOUNTS = st.one_of(st.sampled_from(["", "abc", "0", "-5", "1.5", "1e9", "100"]),
                     st.integers(-10, 120).map(str))


@settings(max_examples=150, deadline=None)
@given(name=st.sampled_from(["Core", "", "All", " x"]), method=st.sampled_from([m for m in M]),
       members=st.lists(st.tuples(_ACCOUNTS, _AMOUNTS), max_size=4))
def test_the_form_and_the_command_never_disagree(universe, name, method, members):
    engine = Engine.new(universe, 3, OPEN_TIME, random_walk=False)
    ok(engine.execute(OpenAccount("FA1", AccountType.ADVISOR)))
    for client in ("C1", "C2", "C3"):
        ok(engine.execute(OpenAccount(client, AccountType.MARGIN, advisor="FA1")))
    ok(engine.execute(OpenAccount("FA2", AccountType.ADVISOR)))
    ok(engine.execute(OpenAccount("X", AccountType.MARGIN, advisor="FA2")))
    typed = GroupDraft("FA1", name, method, tuple(members))
    problems = engine.check_group(typed)
    try:
        command = typed.command()
    except ValueError:
        assert any(p.code in ("INVALID_VALUE", "MISSING_AMOUNT") for p in problems)
        return
    result = engine.execute(command)
    if isinstance(result, Accepted):
        assert problems == []
    else:
        assert any((p.code, p.message) == (result.code, result.message) for p in problems)


def test_a_new_group_may_not_take_a_saved_groups_name(advisor):
    ok(advisor.execute(draft(C1="60", C2="40").command()))
    taken = draft(method=M.EQUAL, C3="")
    assert advisor.check_group(taken) == []                                  # an edit of Core replaces it
    new = GroupDraft("FA1", "Core", M.EQUAL, (("C3", ""),), new=True)
    (problem,) = advisor.check_group(new)
    assert (problem.field, problem.code) == ("name", "DUPLICATE_GROUP_NAME")
    assert problem.text.startswith("name: advisor FA1 already has a group 'Core'")
    assert advisor.check_group(GroupDraft("FA1", "Other", M.EQUAL, (("C3", ""),), new=True)) == []
