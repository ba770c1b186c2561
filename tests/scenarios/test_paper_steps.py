"""The paper trading parts of a scenario file: an account's ``paper`` and ``paper_of`` (a paper account given no
cash opens with USD 1,000,000, account-management reference §1.6 l.87) and the ``reset_paper`` step, read exactly
and refused with the key and line."""

from decimal import Decimal

import pytest

from workstation.scenario import ScenarioError, parse_scenario

HEAD = ("accounts:\n  - {id: U1, cash: {USD: 5000}}\n  - {id: DU1, paper: true, paper_of: U1}\n"
        "  - {id: DU2, paper: true, cash: {USD: 20}}\nsteps:\n")


def test_paper_accounts_and_the_reset_step_are_read():
    scenario = parse_scenario(HEAD + "  - reset_paper: {account: DU1, amount: 500000}\n"
                              "  - reset_paper: {account: DU1, amount: 100000, entered_by: ada}\n")
    live, paired, own_cash = scenario.accounts
    assert (live.paper, paired.paper, paired.paper_of) == (False, True, "U1")
    assert paired.cash == (("USD", Decimal(1_000_000)),) and own_cash.cash == (("USD", Decimal(20)),)
    assert [(s.kind, s.args) for s in scenario.steps] == [
        ("reset_paper", {"account": "DU1", "amount": 500000, "entered_by": None}),
        ("reset_paper", {"account": "DU1", "amount": 100000, "entered_by": "ada"})]


@pytest.mark.parametrize(("text", "message"), [
    ("  - reset_paper: {account: DU1}\n", r"steps\[0\].reset_paper.amount \(line 6\): is required"),
    ("  - reset_paper: {account: DU1, amount: 1, when: now}\n", r"steps\[0\].reset_paper.when \(line 6\)"),
])
def test_a_bad_reset_step_is_refused_with_the_key_and_line(text, message):
    with pytest.raises(ScenarioError, match=message):
        parse_scenario(HEAD + text)


def test_paper_must_be_true_or_false():
    with pytest.raises(ScenarioError, match=r"accounts\[0\].paper \(line 2\): expected true or false"):
        parse_scenario("accounts:\n  - {id: DU1, paper: yes please}\nsteps: []\n")
