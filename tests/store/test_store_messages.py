"""A database the workstation cannot use is refused through the real command line with one
sentence naming the file and what to do, exit 2, no traceback, and the file left byte for byte."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from workstation.cli import main, open_workstation
from workstation.engine.messages.commands import AdvanceClock

PAGE = 4096


def _workstation_database(path: Path) -> None:
    engine, store, _profile = open_workstation(path, None)
    for _ in range(40):
        engine.execute(AdvanceClock(engine.now + timedelta(seconds=1)))
    store.close()


def _truncated(path: Path) -> None:
    _workstation_database(path)
    with path.open("r+b") as file:
        file.truncate(path.stat().st_size // 2)


def _damaged_pages(path: Path) -> None:
    _workstation_database(path)
    data = bytearray(path.read_bytes())
    for page in range(1, len(data) // PAGE):   # every page but the first (the header) scribbled over
        data[page * PAGE:page * PAGE + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))


def _not_a_database(path: Path) -> None:
    path.write_text("these are my trading notes, not a database\n" * 100)


def _another_applications(path: Path) -> None:
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE contacts (name TEXT)")
        other.execute("INSERT INTO contacts VALUES ('Ada')")
    other.close()


def _a_folder(path: Path) -> None:
    path.mkdir()
    (path / "inside.txt").write_text("a folder given as --db")


def _read_only(path: Path) -> None:
    _workstation_database(path)
    path.chmod(0o444)


DAMAGE: dict[str, tuple[Callable[[Path], None], str]] = {
    "truncated": (_truncated, "the workstation database is damaged"),
    "damaged pages": (_damaged_pages, "the workstation database is damaged"),
    "not a database": (_not_a_database, "not a Mosaic Workstation database"),
    "another application's": (_another_applications, "an SQLite file of another application"),
    "a folder": (_a_folder, "is a folder, not a database file"),
    "read-only": (_read_only, "the database file is read-only"),
}
COMMANDS = {
    "gui": [],
    "statement": ["statement", "--account", "DU1234567"],
}
WHAT_TO_DO = ("give --db", "restore it from a backup", "make it writable")


def _contents(folder: Path) -> dict[str, bytes | None]:
    """Every file under ``folder`` with its bytes (None for a folder): what must not change."""
    return {str(p.relative_to(folder)): None if p.is_dir() else p.read_bytes() for p in sorted(folder.rglob("*"))}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("kind", DAMAGE)
def test_an_unusable_database_is_refused_in_one_sentence_and_left_as_it_was(
        kind: str, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Arrange
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")   # the GUI gets past its display check
    folder = tmp_path / "data"
    folder.mkdir()
    db = folder / "workstation.db"
    damage, expected = DAMAGE[kind]
    damage(db)
    before = _contents(folder)

    # Act
    try:
        code = main(["--db", str(db), *COMMANDS[command]])
    finally:
        if db.is_file():
            db.chmod(0o644)   # so tmp_path can be cleaned up

    # Assert
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.startswith(f"workstation: {db}") and err.count("\n") == 1, err
    assert expected in err and any(advice in err for advice in WHAT_TO_DO), err
    assert "Traceback" not in err
    assert _contents(folder) == before   # not a byte changed, no side file or lock file left


def test_a_read_only_database_is_called_read_only_even_when_sqlite_finds_it_first(tmp_path: Path) -> None:
    from workstation.store.sqlite_files import explain
    from workstation.store.sqlite_store import StoreError

    db = tmp_path / "w.db"
    _workstation_database(db)

    error = explain(db, sqlite3.OperationalError("attempt to write a readonly database"))

    assert isinstance(error, StoreError)
    assert str(error).startswith(f"{db}: the database is read-only") and "not a Mosaic" not in str(error)
