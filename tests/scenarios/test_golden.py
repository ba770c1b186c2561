"""Golden scenarios: each ``*.yaml`` here runs headless and must give exactly its ``*.json``, in
memory and on a database (journal and snapshots as the workstation keeps them), byte for byte.

After an intended change of behaviour, regenerate one with
``workstation scenario tests/scenarios/NAME.yaml -o tests/scenarios/NAME.json`` and review the diff.
"""

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from workstation.resources import demo_universe_spec
from workstation.scenario import load_scenario, run_scenario
from workstation.scenario.runner import Journaling
from workstation.store.sqlite_store import open_engine

HERE = Path(__file__).parent
GOLDEN = sorted(HERE.glob("*.yaml"))


@pytest.mark.parametrize("path", GOLDEN, ids=[p.stem for p in GOLDEN])
def test_scenario_matches_its_golden_output(universe, path):
    expected = json.loads(path.with_suffix(".json").read_text())
    assert run_scenario(load_scenario(path), universe).output == expected


def _text(output):
    return json.dumps(output, indent=2)  # what `workstation scenario` prints


@pytest.mark.parametrize("path", GOLDEN, ids=[p.stem for p in GOLDEN])
def test_scenario_on_a_database_prints_exactly_what_it_prints_in_memory(universe, path, tmp_path):
    # Arrange
    scenario = load_scenario(path)
    in_memory = _text(run_scenario(scenario, universe).output)

    # Act: every command journaled, a snapshot every 7, as the GUI's engine runs
    on_disk = run_scenario(load_scenario(path), universe,
                           journaling=Journaling(tmp_path / "run.db", demo_universe_spec(), snapshot_every=7))

    # Assert
    assert _text(on_disk.output) == in_memory


@pytest.mark.parametrize("path", GOLDEN, ids=[p.stem for p in GOLDEN])
def test_reopening_the_database_half_way_through_changes_nothing(universe, path, tmp_path):
    # Arrange: replay equivalence, from the newest snapshot plus the journal after it
    scenario = load_scenario(path)
    in_memory = _text(run_scenario(scenario, universe).output)
    half_way = len(scenario.steps) // 2

    # Act
    reopened = run_scenario(load_scenario(path), universe,
                            journaling=Journaling(tmp_path / "run.db", demo_universe_spec(), snapshot_every=5,
                                                  reopen_after=half_way))

    # Assert
    assert _text(reopened.output) == in_memory


def test_the_cli_on_a_database_prints_the_same_bytes_and_leaves_a_database_the_workstation_opens(tmp_path):
    # Arrange
    path = HERE / "margin_calls.yaml"  # liquidations and a marginability change, all journaled
    db = tmp_path / "margin.db"

    # Act
    memory = subprocess.run([sys.executable, "-m", "workstation", "scenario", str(path)],
                            capture_output=True, check=True)
    disk = subprocess.run([sys.executable, "-m", "workstation", "--db", str(db), "scenario", str(path)],
                          capture_output=True, check=True)

    # Assert
    assert disk.stdout == memory.stdout
    engine, store = open_engine(db, universe_spec=demo_universe_spec(), seed=99, start=datetime.now(UTC))
    try:
        assert store.recovery.created is False
        assert engine.now.isoformat() == json.loads(disk.stdout)["time"]
    finally:
        store.close()


def test_a_scenario_does_not_run_on_an_existing_database(tmp_path):
    # Arrange
    db = tmp_path / "used.db"
    db.write_bytes(b"keep me")

    # Act
    result = subprocess.run([sys.executable, "-m", "workstation", "--db", str(db), "scenario",
                             str(HERE / "currencies.yaml")], capture_output=True, text=True)

    # Assert
    assert result.returncode == 2
    assert f"--db: {db} already exists" in result.stderr
    assert db.read_bytes() == b"keep me"


def test_a_refused_setup_leaves_no_half_made_database(tmp_path):
    # Arrange
    bad = tmp_path / "bad.yaml"
    bad.write_text("accounts: [{id: U1, type: margin}, {id: U1, type: margin}]\n")
    db = tmp_path / "new.db"

    # Act
    result = subprocess.run([sys.executable, "-m", "workstation", "--db", str(db), "scenario", str(bad)],
                            capture_output=True, text=True)

    # Assert
    assert result.returncode == 2
    assert not db.exists()


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
