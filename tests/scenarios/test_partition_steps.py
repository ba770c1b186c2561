"""The partition and funding steps of a scenario: create_partition takes a marketplace listing,
transfers and bank movements map to their commands, and orders carry the login that entered them."""

from __future__ import annotations

import pytest

from workstation.scenario import ScenarioError, parse_scenario, run_scenario

HEADER = """\
clock: 2026-11-24T10:00:00-05:00
market: {random_walk: false}
accounts:
  - {id: U1, type: margin, cash: {USD: 100000}}
prices: {KO: 60.00}
steps:
"""


def run(universe, steps: str) -> dict:
    return run_scenario(parse_scenario(HEADER + steps), universe).output


def test_an_advisor_that_is_not_in_the_marketplace_makes_the_file_invalid(universe):
    scenario = parse_scenario(HEADER + "  - report: {}\n  - create_partition: {account: U1, advisor: F0000000}\n")

    with pytest.raises(ScenarioError, match=r"^steps\[1\]\.create_partition\.advisor \(line 8\): 'F0000000' is "
                                            r"not an advisor or broker of the Investors' Marketplace"):
        run_scenario(scenario, universe)


@pytest.mark.parametrize(("step", "message"), [
    ("transfer_cash: {from: U1, to: U1-P1, currency: USD}",
     r"steps\[0\]\.transfer_cash\.amount \(line 7\): is required"),
    ("transfer_position: {from: U1, to: U1-P1, symbol: KO, quantity: 1, price: 2}",
     r"steps\[0\]\.transfer_position\.price \(line 7\): unknown key"),
    ("deposit: {account: U1, currency: USD, amount: lots}",
     r"steps\[0\]\.deposit\.amount \(line 7\): expected a finite number"),
    ("cancel: {order: a, entered_by: [F1]}", r"steps\[0\]\.cancel\.entered_by \(line 7\): expected text"),
])
def test_the_new_steps_check_their_fields(step, message):
    with pytest.raises(ScenarioError, match=f"^{message}"):
        parse_scenario(HEADER + f"  - {step}\n")


def test_the_partition_is_reported_pending_then_open_with_its_listings_terms(universe):
    output = run(universe, "  - create_partition: {account: U1, advisor: F5100022}\n"
                           "  - report: {label: asked}\n"
                           "  - advance: {to: 2026-11-24T18:00:00-05:00}\n")

    assert output["errors"] == []
    assert output["reports"][0]["partitions"]["U1-P1"]["status"] == "Pending"
    partition = output["partitions"]["U1-P1"]
    # F5100022, Joaquin Abernathy: 1.65% of assets billed monthly, entitled to US stocks and funds only
    assert (partition["status"], partition["advisor_name"], partition["opens_at"]) == (
        "Open", "Joaquin Abernathy", "2026-11-24T18:00:00-05:00")
    assert partition["fees"]["asset_percent"] == 1.65 and partition["fees"]["billing"] == "monthly"
    assert partition["removed_permissions"] == ["CASH", "FOP:US", "FUT:US", "OPT:US"]
    assert "U1-P1" in output["accounts"]


def test_the_advisor_modifies_and_cancels_its_partition_order_as_entered_by_it(universe):
    output = run(universe, "  - create_partition: {account: U1, advisor: F5100022}\n"
                           "  - advance: {to: 2026-11-24T18:30:00-05:00}\n"
                           "  - transfer_cash: {from: U1, to: U1-P1, currency: USD, amount: 10000}\n"
                           "  - place: {id: p, account: U1-P1, entered_by: F5100022, action: BUY, quantity: 10,\n"
                           "            symbol: KO, order_type: LMT, lmt_price: 50.00, tif: GTC}\n"
                           "  - modify: {order: p, lmt_price: 51.00}\n"
                           "  - modify: {order: p, lmt_price: 52.00, entered_by: F5100022}\n"
                           "  - cancel: {order: p, entered_by: F5100022}\n")

    assert [(e["step"], e["code"]) for e in output["errors"]] == [(4, "PARTITION_MONITOR_ONLY")]
    order = output["orders"]["p"]
    assert (order["lmt_price"], order["status"]) == (52, "Cancelled")
    assert output["accounts"]["U1-P1"]["funding"][0]["amount"] == 10000
