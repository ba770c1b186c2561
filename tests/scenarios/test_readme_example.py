"""The scenario example in the README is a real scenario: it parses and runs without errors."""

import re
from pathlib import Path

from workstation.engine.core.universe import build_universe
from workstation.resources import demo_universe_spec
from workstation.scenario import parse_scenario, run_scenario

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_scenario_example_runs_cleanly():
    blocks = re.findall(r"```yaml\n(.*?)```", README.read_text(), re.S)
    [example] = [b for b in blocks if "steps:" in b]
    output = run_scenario(parse_scenario(example, "README"), build_universe(demo_universe_spec())).output
    assert output["errors"] == []
    assert output["orders"]["g1"]["allocations"] == {"C1": 100, "C2": 300}
    assert output["orders"]["g3"]["allocations"] == {"C1": 200, "C2": 300}
