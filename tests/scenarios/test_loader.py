"""The scenario format refuses what it does not know, naming the key and its line."""

from decimal import Decimal

import pytest

from workstation.engine.core.terms import AllocationMethod
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
    bad.write_bytes("seed: 1\nsteps:\n  - report: {label: caf\xe9}\n".encode("latin-1"))
    with pytest.raises(ScenarioError, match=r"steps\[0\].report.label \(line 3\): the file is not UTF-8 text"):
        load_scenario(bad)


def test_presets_read_every_key_with_ibs_defaults():
    assert parse_scenario("presets: {strict: true}\n").presets == {
        "strict": True, "round_lots": False, "odd_lot_account": None, "equal_positions": False,
        "close_positions_first": True, "default_method": AllocationMethod.AVAILABLE_EQUITY}
    assert parse_scenario("presets: {close_positions_first: false}\n").presets["close_positions_first"] is False


def _laughs(levels: int) -> str:
    """A "billion laughs": each anchor repeats the one before nine times (9**levels values)."""
    anchors = ["&l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    anchors += [f"&l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "seed: 1\nprices:\n  AAPL: [" + ",\n    ".join(anchors) + "]\n"


@pytest.mark.parametrize(("text", "message"), [
    # 9**9 values once expanded: refused while composing, at the alias that goes over the limit
    (_laughs(9), "prices.AAPL[5][0] (line 8): aliases repeat more than 100,000 values in all"),
    (_laughs(9).replace("  AAPL: [", "  ? [", 1) + "  : 1\n", "prices.?[5][0] (line 8): aliases repeat more than"),
    ("base: &b {seed: 1}\n", "scenario.base (line 1): unknown key"),  # anchors themselves are fine
    ("seed: &s [*s]\n", "seed[0] (line 1): the alias *s is inside the value it names"),
    ("seed: " + "[" * 60 + "]" * 60 + "\n", "seed[0][0][0][0][0][0][0]... (line 1): nested deeper than 50 levels"),
    ('{"seed": ' + "[" * 5000 + "]" * 5000 + "}", "nested deeper than 50 levels"),
    ("steps:\n  - report:\n      label: " + "{a: " * 60 + "}" * 60 + "\n",
     "steps[0].report.label.a.a.a.a... (line 3): nested deeper"),
    ("seed: " + "9" * 5000 + "\n", "seed (line 1): a number written with 5,000 characters; at most 40 are read"),
    ('{"steps": [{"advance": {"by": "1d"}}], "seed": ' + "9" * 5000 + "}",
     "seed (line 1): a number written with 5,000 characters"),
    ("prices: {AAPL: 1." + "5" * 5000 + "}\n", "prices.AAPL (line 1): a number written with 5,002 characters"),
    ("prices: {AAPL: '" + "9" * 5000 + "'}\n", "prices.AAPL (line 1): '99999"),
    ("prices: {AAPL: 1e999999}\n", "prices.AAPL (line 1): '1e999999' is too large; numbers are below 1e20"),
    ("prices: {AAPL: 1.5e+999}\n", "prices.AAPL (line 1): 1.5E+999 is too large"),
    ("prices: {AAPL: 1.00000000000000000000000000000000001}\n", "prices.AAPL (line 1): 1.0000000000000"),
    ("steps:\n  - advance: {by: " + "9" * 5000 + "d}\n", "steps[0].advance.by (line 2): "),
    ("steps:\n  - fill: {order: a, quantity: 1, execution: 1}\n", "steps[0].fill.execution (line 2): unknown key"),
    ("seed: 1\nclock: \"\x01\"\n", "clock (line 2): the control character U+0001 is not allowed"),
    ("seed: 1\nsteps:\n  - report: {label: a\x07b}\n", "steps[0].report.label (line 3): the control character U+0007"),
    ("accounts:\n  - {id: \"U1\\x00\"}\n", "accounts[0].id (line 2): 'U1\\x00' contains the control character U+0000"),
    ("seed: !!python/object:os.system ls\n", "seed (line 1): not valid YAML or JSON: the tag "
     "tag:yaml.org,2002:python/object:os.system is not read here"),
    ("prices: {AAPL: *nowhere}\n", "prices.AAPL (line 1): not valid YAML or JSON: found undefined alias"),
    ("seed: 1\n---\nseed: 2\n", "(line 2): not valid YAML or JSON: a second document begins here"),
    ("steps:\n  - place: {account: U1, action: BUY, quantity: 1,\n            symbol: [AAPL\n",
     "steps[0].place.symbol[0] (line 4): not valid YAML or JSON"),
])
def test_hostile_files_are_refused_quickly_with_the_key_and_line(text, message):
    with pytest.raises(ScenarioError) as error:
        parse_scenario(text)
    assert message in str(error.value)
    assert len(str(error.value)) < 400  # the value is quoted cut short, never in full


def test_text_may_hold_tabs_and_line_breaks():
    scenario = parse_scenario('steps:\n  - report: {label: "two\\tcolumns\\nand lines"}\n'
                              "  - report:\n      label: |\n        a block\n        of text\n")
    assert [step.args["label"] for step in scenario.steps] == ["two\tcolumns\nand lines", "a block\nof text\n"]


def test_merge_keys_and_aliases_within_the_limit_are_read():
    scenario = parse_scenario(
        "accounts:\n  - &base {id: U1, cash: {USD: 1000}}\n  - {<<: *base, id: U2}\n"
        "steps:\n  - place: &buy {account: U1, action: BUY, quantity: 1, symbol: KO}\n"
        "  - place: {<<: *buy, account: U2}\n")
    assert [a.account_id for a in scenario.accounts] == ["U1", "U2"]
    assert [s.args["account"] for s in scenario.steps] == ["U1", "U2"]


def test_a_refused_setup_names_the_entry_key_and_line():
    from workstation.engine.core.universe import build_universe
    from workstation.resources import demo_universe_spec
    from workstation.scenario import run_scenario

    universe = build_universe(demo_universe_spec())
    cases = [
        ("accounts:\n  - {id: U1}\n  - id: U1\n", "accounts[1].id (line 3): DUPLICATE_ACCOUNT"),
        ("accounts:\n  - id: U1\n    type: cash\n    permissions: [WHAT]\n",
         "accounts[0].permissions (line 4): INVALID_PERMISSION"),
        ("accounts:\n  - id: U1\n    positions:\n      - {symbol: NOPE, quantity: 1, avg_cost: 1}\n",
         "accounts[0].positions (line 3): UNKNOWN_CONTRACT"),
        ("accounts:\n  - {id: U1}\nprices:\n  KO: 64\n  NOPE: 1\n", "prices.NOPE (line 5): UNKNOWN_CONTRACT"),
        ("accounts:\n  - {id: F, type: advisor}\n  - {id: U1, advisor: F}\npresets: {odd_lot_account: U7}\n",
         "presets (line 4): NOT_A_CLIENT"),
    ]
    for text, message in cases:
        with pytest.raises(ScenarioError) as error:
            run_scenario(parse_scenario(text), universe)
        assert message in str(error.value), text
