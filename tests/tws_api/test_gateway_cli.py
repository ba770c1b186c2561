"""``workstation gateway`` as a user runs it: the one line, serving, a clean stop on SIGTERM and SIGINT,
the database lock, and bad options named (exit 2)."""

from __future__ import annotations

import os
import re
import selectors
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.tws_api.conftest import ADVISOR_SCENARIO, TIMEOUT, RawClient, run

LISTENING = re.compile(r"API listening on (127\.0\.0\.1):(\d+)\n")


def _start(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    return subprocess.Popen([sys.executable, "-m", "workstation", "gateway", "--port", "0", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _listening_port(process: subprocess.Popen[str]) -> int:
    """The port from the gateway's one stdout line (waiting on the pipe, never on a clock)."""
    with selectors.DefaultSelector() as selector:
        assert process.stdout is not None
        selector.register(process.stdout, selectors.EVENT_READ)
        assert selector.select(timeout=120), "the gateway printed nothing"
        line = process.stdout.readline()
    match = LISTENING.fullmatch(line)
    assert match, f"unexpected first line {line!r}; stderr: {process.stderr.read() if process.poll() else ''}"
    return int(match.group(2))


def _stop(process: subprocess.Popen[str], signum: int) -> tuple[int, str, str]:
    process.send_signal(signum)
    stdout, stderr = process.communicate(timeout=TIMEOUT)
    return process.returncode, stdout, stderr


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_the_gateway_prints_its_port_serves_and_stops_cleanly(signum):
    process = _start("--scenario", str(ADVISOR_SCENARIO), "--speed", "60")
    try:
        port = _listening_port(process)

        async def ask() -> list[str]:
            client = await RawClient.started(port, client_id=1)
            client.send(17, 1)  # reqManagedAccts
            accounts = await client.read()
            client.close()
            return accounts

        assert run(ask()) == ["15", "1", "FA9,K1,K2,K3"]  # the scenario's only advisor is the login
    finally:
        code, stdout, stderr = _stop(process, signum)
    assert code == 0, stderr
    assert stdout == ""  # the listening line was the only one
    assert "Traceback" not in stderr


def test_a_second_gateway_on_the_same_database_exits_2(tmp_path):
    db = tmp_path / "w.db"
    first = _start("--db", str(db))
    try:
        _listening_port(first)
        second = subprocess.run([sys.executable, "-m", "workstation", "gateway", "--db", str(db), "--port", "0"],
                                capture_output=True, text=True, timeout=120,
                                env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])})
    finally:
        code, _stdout, stderr = _stop(first, signal.SIGTERM)
    assert code == 0, stderr
    assert second.returncode == 2
    assert "already open" in second.stderr and second.stdout == ""


@pytest.mark.parametrize(("args", "named"), [
    (["--port", "70000"], "--port"),
    (["--max-server-version", "163"], "--max-server-version"),
    (["--host", "192.0.2.1"], "--host"),
    (["--scenario", "nowhere.yaml"], "--scenario"),
    (["--scenario", str(ADVISOR_SCENARIO), "--login", "NOPE"], "--login"),
    (["--scenario", str(ADVISOR_SCENARIO), "--db", "x.db"], "--scenario"),
    (["--speed", "0"], "--speed"),
])
def test_bad_options_exit_2_naming_the_option(args, named, tmp_path):
    result = subprocess.run([sys.executable, "-m", "workstation", "gateway", *args], capture_output=True, text=True,
                            timeout=120, cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])})
    assert result.returncode == 2
    assert named in result.stderr
    assert "API listening" not in result.stdout


def test_a_port_in_use_exits_2_naming_the_port(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "workstation", "gateway", "--scenario", str(ADVISOR_SCENARIO),
                                 "--port", str(port)], capture_output=True, text=True, timeout=120,
                                env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])})
    assert result.returncode == 2
    assert f"--port: cannot listen on 127.0.0.1:{port}" in result.stderr
    assert result.stdout == ""
