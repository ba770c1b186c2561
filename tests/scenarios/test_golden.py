"""Golden scenarios: each ``*.yaml`` here runs headless and must give exactly its ``*.json``.

After an intended change of behaviour, regenerate one with
``workstation scenario tests/scenarios/NAME.yaml -o tests/scenarios/NAME.json`` and review the diff.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from workstation.engine.universe import build_universe
from workstation.resources import demo_universe_spec
from workstation.scenario import load_scenario, run_scenario

HERE = Path(__file__).parent
GOLDEN = sorted(HERE.glob("*.yaml"))


@pytest.fixture(scope="module")
def universe():
    return build_universe(demo_universe_spec())


@pytest.mark.parametrize("path", GOLDEN, ids=[p.stem for p in GOLDEN])
def test_scenario_matches_its_golden_output(universe, path):
    expected = json.loads(path.with_suffix(".json").read_text())
    assert run_scenario(load_scenario(path), universe).output == expected


def test_the_golden_set_is_not_empty():
    assert len(GOLDEN) >= 4


def test_the_cli_prints_the_same_json(tmp_path):
    path = HERE / "currencies.yaml"
    result = subprocess.run([sys.executable, "-m", "workstation", "scenario", str(path)],
                            capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == json.loads(path.with_suffix(".json").read_text())


def test_a_bad_file_exits_2_naming_the_key_and_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("seed: 1\nsteps:\n  - place: {account: U1, action: BUY, quantity: 1, symbol: AAPL, colour: red}\n")
    result = subprocess.run([sys.executable, "-m", "workstation", "scenario", str(bad)],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert "steps[0].place.colour (line 3): unknown key" in result.stderr


def test_strict_stops_at_the_first_refused_step_and_exits_1(tmp_path):
    strict = tmp_path / "strict.yaml"
    strict.write_text(
        "strict: true\nmarket: {random_walk: false}\naccounts: [{id: C1, type: cash, cash: {USD: 100}}]\n"
        "steps:\n  - place: {id: a, account: C1, action: BUY, quantity: 100, symbol: AAPL}\n"
        "  - place: {id: b, account: C1, action: BUY, quantity: 1, symbol: F}\n")
    result = subprocess.run([sys.executable, "-m", "workstation", "scenario", str(strict)],
                            capture_output=True, text=True)
    output = json.loads(result.stdout)
    assert result.returncode == 1
    assert [e["code"] for e in output["errors"]] == ["INSUFFICIENT_CASH"]
    assert "b" not in output["orders"]
