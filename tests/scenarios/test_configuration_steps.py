"""The account configuration steps of a scenario file (set_account_type, request_permission,
change_base_currency) and an account's ``name``: read exactly, refused with the key and line."""

import pytest

from workstation.engine.core.terms import AccountType
from workstation.scenario import ScenarioError, parse_scenario

HEAD = "accounts:\n  - {id: U1, type: cash, name: Jane Doe, cash: {USD: 5000}}\nsteps:\n"


def test_the_steps_and_the_holders_name_are_read():
    scenario = parse_scenario(HEAD + "  - set_account_type: {account: U1, to: margin, signature: Jane Doe}\n"
                              "  - request_permission: {account: U1, permissions: STK:DE, signature: Jane}\n"
                              "  - request_permission: {account: U1, permissions: [STK:DE, OPT:US], signature: J}\n"
                              "  - change_base_currency: {account: U1, currency: EUR}\n")
    assert scenario.accounts[0].holder_name == "Jane Doe"
    kinds = [(step.kind, step.args) for step in scenario.steps]
    assert kinds[0] == ("set_account_type", {"account": "U1", "to": AccountType.MARGIN, "signature": "Jane Doe"})
    assert kinds[1][1]["permissions"] == ("STK:DE",)   # one permission may be written without a list
    assert kinds[2][1]["permissions"] == ("STK:DE", "OPT:US")
    assert kinds[3] == ("change_base_currency", {"account": "U1", "currency": "EUR"})


@pytest.mark.parametrize(("step", "message"), [
    ("set_account_type: {account: U1, to: gold, signature: J}", r"steps\[0\].set_account_type.to \(line 4\)"),
    ("set_account_type: {account: U1, to: margin}", r"steps\[0\].set_account_type.signature \(line 4\): is required"),
    ("request_permission: {account: U1, signature: J}", r"steps\[0\].request_permission.permissions \(line 4\)"),
    ("change_base_currency: {account: U1, currency: EUR, when: now}",
     r"steps\[0\].change_base_currency.when \(line 4\): unknown key"),
])
def test_a_bad_configuration_step_is_refused_with_the_key_and_line(step, message):
    with pytest.raises(ScenarioError, match=message):
        parse_scenario(HEAD + f"  - {step}\n")
