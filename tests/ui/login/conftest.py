"""A workstation database with users for the Login window and lock tests, and a clock moved by hand.

Accounts: ``U1000001`` (margin, USD 100,000) and the paper account ``DU2000001``. Users (password
``PASSWORD``, cheap scrypt parameters travel with the hash): alice owner of both, no second factor; carl
owner with a Security Code Card; tina owner with an authenticator; vera a viewer of U1000001.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from tests.login.conftest import FAST, PASSWORD, FakeClock
from tests.ui.test_api_in_window import clients  # noqa: F401 - the API client thread fixture, for these tests too
from workstation.engine import Engine
from workstation.engine.core.terms import AccountType
from workstation.engine.market.calendar import EASTERN
from workstation.engine.messages.commands import DefineUser, OpenAccount
from workstation.login import LoginService
from workstation.login.credentials import enrol
from workstation.resources import demo_universe_spec
from workstation.store.sqlite_store import open_engine
from workstation.store.users import UserRow, UserTable

LIVE, PAPER = "U1000001", "DU2000001"
START = datetime(2026, 11, 24, 10, 0, tzinfo=EASTERN)


@dataclass
class UsersDatabase:
    path: Path
    engine: Engine
    store: object
    users: UserTable
    clock: FakeClock
    shown: dict[str, str]

    def service(self, pid: int | None = None) -> LoginService:
        return LoginService(self.users, self.clock, pid=pid)

    def card_answer(self, indices: tuple[int, int]) -> str:
        cells = dict(re.findall(r"(\d\d): (\d{3})", self.shown["carl"]))
        return "".join(cells[f"{index:02d}"] for index in indices)

    def totp_secret(self) -> str:
        return re.search(r"secret \(shown only now\): ([A-Z2-7]+)", self.shown["tina"]).group(1)


@pytest.fixture
def users_db(tmp_path: Path) -> Iterator[UsersDatabase]:
    path = tmp_path / "users.db"
    engine, store = open_engine(path, universe_spec=demo_universe_spec(), seed=1, start=START)
    for account in (LIVE, PAPER):
        engine.execute(OpenAccount(account, AccountType.MARGIN, cash=(("USD", Decimal("100000")),)))
    table = UserTable(path)
    shown = {}
    for username, factor, grants in (("alice", "none", ((LIVE, "owner"), (PAPER, "owner"))),
                                     ("carl", "card", ((LIVE, "owner"),)), ("tina", "totp", ((LIVE, "owner"),)),
                                     ("vera", "none", ((LIVE, "viewer"),))):
        for account, role in grants:
            engine.execute(DefineUser(username, account, role, None))
        enrolment = enrol(username, PASSWORD, factor, FAST)
        table.add(UserRow(username, enrolment.password_hash, enrolment.second_factor, enrolment.factor_secret, 0.0))
        shown[username] = enrolment.shown_once
    yield UsersDatabase(path, engine, store, table, FakeClock(), shown)
    table.close()
    store.close()
