"""One workstation per database: a second one is refused by name, the lock dies with its holder,
and reading beside the holder keeps working."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from workstation.cli import main
from workstation.store import StoreError
from workstation.store.lock import DatabaseInUse, lock_database, lock_path

CHILD = Path(__file__).with_name("lock_child.py")
REPO_ROOT = Path(__file__).resolve().parents[2]


def _environment(**extra: str) -> dict[str, str]:
    path = os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path, "QT_QPA_PLATFORM": "offscreen", **extra}


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    """Another process with the database open and locked, as a running workstation has it."""
    db = tmp_path / "held.db"
    child = subprocess.Popen([sys.executable, str(CHILD), str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=_environment(), cwd=REPO_ROOT)
    assert child.stdout is not None
    line = child.stdout.readline()   # blocks until the child has the lock and the database open
    if line.strip() != "ready":
        child.kill()
        pytest.fail(f"the lock holder did not start: {line!r} {child.communicate()[1]}")
    yield child, db
    if child.poll() is None:
        child.kill()
    child.communicate()


def test_a_second_lock_names_the_process_holding_the_database(holder: tuple[subprocess.Popen[str], Path]) -> None:
    child, db = holder

    with pytest.raises(DatabaseInUse) as refused:
        lock_database(db)

    message = str(refused.value)
    assert str(db) in message and f"pid {child.pid}" in message and "lock_child.py" in message
    assert isinstance(refused.value, StoreError)


def test_a_second_workstation_exits_2_naming_the_other_process_and_the_file(
        holder: tuple[subprocess.Popen[str], Path]) -> None:
    # Arrange
    child, db = holder
    before = db.read_bytes()

    # Act: the real command, as a user would start it a second time
    result = subprocess.run([sys.executable, "-m", "workstation", "--db", str(db)], capture_output=True, text=True,
                            env=_environment(), cwd=REPO_ROOT, timeout=120, check=False)

    # Assert: refused before any window, with one line naming who and what
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert str(db) in result.stderr and f"pid {child.pid}" in result.stderr
    assert "already open in another workstation" in result.stderr
    assert db.read_bytes() == before
    assert lock_path(db).exists()   # the holder's lock file is not the second one's to remove


def test_a_statement_reads_beside_a_running_workstation(holder: tuple[subprocess.Popen[str], Path],
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    _child, db = holder

    code = main(["--db", str(db), "statement", "--account", "DU1234567"])

    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "Statement" in captured.out


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
def test_kill_9_of_the_holder_leaves_no_stale_lock(holder: tuple[subprocess.Popen[str], Path]) -> None:
    # Arrange: the holder dies without a chance to clean up
    child, db = holder
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=60)
    assert lock_path(db).exists()   # its lock file is left behind, with its pid in it...

    # Act
    with lock_database(db, command="the next workstation") as lock:
        # Assert: ...but the lock died with the process, and the file now names the new owner
        assert lock.held
        assert lock_path(db).read_text().strip() == f"pid {os.getpid()}: the next workstation"
    assert not lock_path(db).exists()


def test_a_released_lock_can_be_taken_again(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    first = lock_database(db)
    first.release()
    first.release()   # twice is harmless

    with lock_database(db) as second:
        assert second.held
        with pytest.raises(DatabaseInUse, match=f"pid {os.getpid()}"):
            lock_database(db)   # the same process twice is still two workstations
