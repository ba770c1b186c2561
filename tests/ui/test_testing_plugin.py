"""workstation.testing: the public pytest plugin, used as an outside user would use it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from workstation.engine.core.terms import Action
from workstation.engine.messages.commands import PlaceOrder
from workstation.testing import Workstation, WorkstationNotFound
from workstation.ui import object_names as names

REPO = Path(__file__).resolve().parents[2]
SCENARIOS = REPO / "tests" / "scenarios"


def test_the_readme_example_passes_as_a_users_own_test_file(tmp_path: Path) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Driving the workstation from your own tests"):]
    example = re.search(r"```python\n(.*?)```", section, re.S)
    assert example is not None, "the README lost its example test"
    (tmp_path / "test_users_own.py").write_text(example.group(1), encoding="utf-8")

    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
                            cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})

    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout


def test_the_demo_workstation_stands_still_until_the_test_moves_it(workstation: Workstation) -> None:
    start = workstation.engine.now

    assert workstation.find(names.MAIN_WINDOW) is workstation.window
    assert workstation.login == "DU1234567"
    workstation.settle()
    assert workstation.engine.now == start

    workstation.advance(minutes=5)
    assert (workstation.engine.now - start).total_seconds() == 300


def test_find_names_what_is_missing(workstation: Workstation) -> None:
    with pytest.raises(WorkstationNotFound, match="previewTransmit"):
        workstation.find(names.PREVIEW_TRANSMIT)


def test_a_scenario_opens_on_its_advisor_with_its_groups(open_workstation) -> None:
    scenario = next(p for p in sorted(SCENARIOS.glob("*.yaml")) if "groups:" in p.read_text(encoding="utf-8"))

    station = open_workstation(scenario)

    assert station.engine.account(station.login).is_advisor
    allocation = station.find(names.ORDER_ALLOCATION)
    labels = [allocation.itemText(n) for n in range(allocation.count())]
    assert any("(group," in label for label in labels)


def test_submit_and_set_price_reach_the_views(workstation: Workstation) -> None:
    workstation.submit(PlaceOrder(workstation.login, "NVDA", Action.BUY, Decimal(10)))
    workstation.set_price("NVDA", "150.00")

    portfolio = workstation.window.monitor.portfolio.model
    assert "NVDA" in portfolio.symbols()
    row = portfolio.row_of("NVDA")
    assert portfolio.index(row, portfolio.column_of("Last")).data() == "150.00"
