"""A workstation database with users, and a clock the tests move by hand (no test sleeps)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from workstation.login.credentials import ScryptParameters, enrol
from workstation.resources import demo_universe_spec
from workstation.store.sqlite_store import open_engine
from workstation.store.users import UserRow, UserTable

FAST = ScryptParameters(n=2 ** 10)  # the stored parameters travel with the hash: tests hash cheaply
PASSWORD = "correct horse 7"


class FakeClock:
    """Seconds since the epoch, moved by ``advance``."""

    def __init__(self, start: float = 1_796_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "users.db"
    _engine, store = open_engine(path, universe_spec=demo_universe_spec(), seed=1,
                                 start=datetime(2026, 11, 24, 15, 0, tzinfo=UTC))
    store.close()
    return path


@pytest.fixture
def users(database: Path):
    table = UserTable(database)
    yield table
    table.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def add_user(users: UserTable):
    """Enrol and store a user; returns what is shown once (the card or the TOTP secret)."""
    def add(username: str, second_factor: str = "none", password: str = PASSWORD) -> str:
        enrolment = enrol(username, password, second_factor, FAST)
        users.add(UserRow(username, enrolment.password_hash, enrolment.second_factor, enrolment.factor_secret, 0.0))
        return enrolment.shown_once
    return add
