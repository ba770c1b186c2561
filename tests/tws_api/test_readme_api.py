"""The README's "Connecting IB API programs" as a reader relies on it: the complete ib_async example is the
file the tests run and prints what the README shows, and the table of messages served is the server's."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

from tests.tws_api.conftest import ADVISOR_SCENARIO, TIMEOUT
from tests.tws_api.test_gateway_cli import _listening_port, _start, _stop
from workstation.tws_api.handlers import HANDLERS
from workstation.tws_api.registry import REQUESTS

ROOT = Path(__file__).parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
EXAMPLE = ROOT / "examples" / "advisor_group_order.py"


def _section(title: str) -> str:
    start = README.index(f"\n### {title}\n")
    end = README.find("\n#", start + len(title) + 6)
    return README[start:end]


def _blocks(section: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", section, flags=re.DOTALL)


def test_the_readme_shows_the_example_file_as_it_is():
    [listing] = _blocks(_section("A complete example"), "python")
    assert listing == EXAMPLE.read_text(encoding="utf-8")


def test_the_example_run_against_a_gateway_prints_what_the_readme_shows():
    [expected] = _blocks(_section("A complete example"), "text")
    gateway = _start("--scenario", str(ADVISOR_SCENARIO))
    try:
        port = _listening_port(gateway)
        example = subprocess.run([sys.executable, str(EXAMPLE), "--port", str(port)], capture_output=True, text=True,
                                 timeout=TIMEOUT * 2, env={**os.environ, "PYTHONPATH": str(ROOT)})
    finally:
        returncode, _, stderr = _stop(gateway, signal.SIGTERM)
    assert example.returncode == 0, example.stderr
    assert example.stdout == expected
    assert returncode == 0, stderr
    lines = example.stdout.splitlines()
    [filled] = [int(line.split()[3]) for line in lines if line.startswith("order ")]
    allocated = [int(line.split()[-1]) for line in lines if line.startswith("allocated ")]
    assert len(allocated) == 3 and sum(allocated) == filled  # every share of the block reached a client


def test_the_table_of_messages_served_is_the_servers():
    rows = [line for line in _section("Messages served").splitlines() if line.startswith("| ") and "---" not in line]
    documented = {name.strip() for row in rows[1:] for name in row.split("|")[1].split(",")}
    served = {registration.name for registration in REQUESTS.values() if registration.cls in HANDLERS}
    assert documented == served
