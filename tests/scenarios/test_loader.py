"""The scenario format refuses what it does not know, naming the key and its line."""

from decimal import Decimal

import pytest

from workstation.engine.allocation.methods import AllocationMethod
from workstation.scenario import ScenarioError, parse_scenario


@pytest.mark.parametrize(("text", "message"), [
    ("seeed: 1\n", "scenario.seeed (line 1): unknown key"),
    ("seed: one\n", "scenario.seed (line 1): expected a whole number"),
    ("clock: 2026-11-24T10:00:00\n", "scenario.clock (line 1): '2026-11-24T10:00:00' has no time zone"),
    ("accounts:\n  - {id: U1, type: hedge}\n", "accounts[0].type (line 2): 'hedge' is not a valid account type"),
    ("steps:\n  - dance: {}\n", "steps[0].dance (line 2): unknown step"),
    ("steps:\n  - place: {account: U1, action: BUY, symbol: AAPL}\n", "steps[0].place.quantity (line 2): is required"),
    ("steps:\n  - advance: {by: 5 minutes}\n", "steps[0].advance.by (line 2): '5 minutes' is not a duration"),
    ("steps:\n  - advance: {}\n", "steps[0].advance (line 2): give exactly one of by"),
    ("steps:\n  - place: {group: G, model: M, action: BUY, symbol: AAPL}\n",
     "steps[0].place (line 2): give one of a group, an inline profile or a model"),
    ("steps:\n  - invest: {account: A, model: M}\n", "steps[0].invest.amount (line 2): is required"),
    ("groups:\n  - {name: G, method: Wishful, accounts: [A]}\n",
     "groups[0].method (line 2): 'Wishful' is not a valid allocation method"),
    ("prices: {AAPL: .nan}\n", "not valid YAML or JSON"),
    ("seed: 1\nseed: 2\n", "appears twice"),
    ("steps: [\n", "not valid YAML or JSON"),
    ("seed: -1\n", "scenario.seed (line 1): -1 is not a seed"),
    ("prices: {AAPL: 010}\n", "'010' is not a plain decimal number"),
    ("prices: {AAPL: 1:30}\n", "'1:30' is not a plain decimal number"),
    ("prices: {AAPL: '1,5'}\n", "prices.AAPL (line 1): expected a finite number, got '1,5'"),
    ("prices: {AAPL: NaN}\n", "prices.AAPL (line 1): expected a finite number"),
    ("clock: 1999-01-04T10:00:00-05:00\n", "is outside the exchange calendar (2018-2045)"),
    ("steps:\n  - advance: {by: 99999999999999999999d}\n", "is longer than 3660 days"),
    ("steps:\n  - place: {id: '#1', account: U1, action: BUY, quantity: 1, symbol: AAPL}\n",
     "steps[0].place.id (line 2): '#1' is not an order id"),
])
def test_bad_files_are_refused_with_the_key_and_line(text, message):
    with pytest.raises(ScenarioError) as error:
        parse_scenario(text)
    assert message in str(error.value)


def test_numbers_are_read_exactly_as_written():
    scenario = parse_scenario("prices: {AAPL: 150.10, EUR.USD: 1.0842}\n")
    assert scenario.prices == {"AAPL": Decimal("150.10"), "EUR.USD": Decimal("1.0842")}


def test_json_is_accepted_too():
    scenario = parse_scenario('{"seed": 9, "steps": [{"advance": {"by": "90m"}}]}')
    assert scenario.seed == 9 and scenario.steps[0].kind == "advance"


def test_thousands_separators_are_read_when_they_group_thousands():
    assert parse_scenario("prices: {AAPL: '1,234.50'}\n").prices == {"AAPL": Decimal("1234.50")}


def test_a_file_that_is_not_utf8_is_refused_by_name(tmp_path):
    from workstation.scenario import load_scenario

    bad = tmp_path / "latin1.yaml"
    bad.write_bytes("seed: 1 # caf\xe9\n".encode("latin-1"))
    with pytest.raises(ScenarioError, match="is not UTF-8 text"):
        load_scenario(bad)


def test_presets_read_every_key_with_ibs_defaults():
    assert parse_scenario("presets: {strict: true}\n").presets == {
        "strict": True, "round_lots": False, "odd_lot_account": None, "equal_positions": False,
        "close_positions_first": True, "default_method": AllocationMethod.AVAILABLE_EQUITY}
    assert parse_scenario("presets: {close_positions_first: false}\n").presets["close_positions_first"] is False
