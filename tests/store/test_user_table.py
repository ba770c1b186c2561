"""Users' credentials in the workstation database: salted scrypt hashes with their parameters, compared in
constant time, no password or second factor's secret in clear anywhere (issue 19 "Log in"), and a database
from before users existed opens as it was."""

from __future__ import annotations

import hmac
import logging
import re
import sqlite3

import pytest

from workstation.login import LoginService
from workstation.login import credentials as credentials_module
from workstation.login.credentials import DEFAULT_SCRYPT, ScryptParameters, check_password, enrol, hash_password
from workstation.store import StoreError
from workstation.store.users import UserRow, UserTable

PASSWORD = "Tr0ub4dor&3-unique"


def _add(table: UserTable, username: str, second_factor: str, password: str = PASSWORD) -> str:
    enrolment = enrol(username, password, second_factor, ScryptParameters(n=2 ** 10))
    table.add(UserRow(username, enrolment.password_hash, enrolment.second_factor, enrolment.factor_secret, 0.0))
    return enrolment.shown_once


def test_a_password_is_kept_as_a_salted_scrypt_hash_naming_its_parameters():
    first, _key = hash_password(PASSWORD)
    second, _key = hash_password(PASSWORD)

    name, n, r, p, salt, digest = first.split("$")
    assert (name, int(n), int(r), int(p)) == ("scrypt", DEFAULT_SCRYPT.n, DEFAULT_SCRYPT.r, DEFAULT_SCRYPT.p)
    assert first != second          # a fresh salt each time
    assert check_password(PASSWORD, first) is not None and check_password("tr0ub4dor&3-unique", first) is None


def test_a_hash_with_other_parameters_is_still_checked_by_its_own():
    stored, _key = hash_password(PASSWORD, ScryptParameters(n=2 ** 11, r=4, p=2))
    assert stored.startswith("scrypt$2048$4$2$") and check_password(PASSWORD, stored) is not None


def test_the_check_compares_in_constant_time(monkeypatch):
    stored, _key = hash_password(PASSWORD, ScryptParameters(n=2 ** 10))
    compared = []
    compare = hmac.compare_digest

    def spy(a, b):
        compared.append((len(a), len(b)))
        return compare(a, b)

    monkeypatch.setattr(credentials_module.hmac, "compare_digest", spy)
    check_password("wrong", stored)
    assert compared == [(32, 32)]


def test_no_password_or_second_factor_secret_is_in_the_database_the_journal_or_the_logs(open_demo, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    path = tmp_path / "secrets.db"
    engine, store = open_demo(path)
    table = UserTable(path)
    shown = _add(table, "tina", "totp")
    _add(table, "carl", "card")
    totp_secret = re.search(r"now\): ([A-Z2-7]+)", shown).group(1)
    service = LoginService(table)
    service.log_in("tina", PASSWORD)
    service.log_in("tina", PASSWORD + "x")
    service.log_in("carl", PASSWORD)
    table.close()
    journal = "".join(command + events for _seq, command, events in store.journal_text())
    store.close()

    files = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("secrets.db"))
    for secret in (PASSWORD, totp_secret):
        assert secret.encode() not in files and secret not in journal and secret not in caplog.text
    assert b"scrypt$" in files  # the users table is in the file, hashed


def test_an_error_about_a_damaged_credential_never_shows_it():
    with pytest.raises(credentials_module.CredentialError) as raised:
        check_password(PASSWORD, f"md5${PASSWORD}")
    assert PASSWORD not in str(raised.value)


def test_a_database_from_before_users_opens_with_no_users_and_stays_as_it_was(open_demo, tmp_path):
    path = tmp_path / "old.db"
    _engine, store = open_demo(path)
    store.close()

    with UserTable(path) as table:
        assert (table.users(), table.has_passwords(), table.session("anyone")) == ([], False, None)
        assert table.failures("anyone", 0.0) == []

    tables = {name for (name,) in sqlite3.connect(path).execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "users" not in tables  # reading creates nothing
    _engine, reopened = open_demo(path)  # and a database with the users' tables opens as before
    reopened.close()


def test_a_database_with_users_reopens_as_a_workstation_database(open_demo, tmp_path):
    path = tmp_path / "with-users.db"
    _engine, store = open_demo(path)
    store.close()
    with UserTable(path) as table:
        _add(table, "olive", "none")
    engine, store = open_demo(path)
    store.close()
    with UserTable(path) as table:
        assert [u.username for u in table.users()] == ["olive"] and table.has_passwords()


def test_a_username_is_added_once(open_demo, tmp_path):
    path = tmp_path / "twice.db"
    _engine, store = open_demo(path)
    store.close()
    with UserTable(path) as table:
        _add(table, "olive", "none")
        with pytest.raises(StoreError, match="olive is already a user"):
            _add(table, "olive", "card")


def test_users_are_not_written_into_a_file_of_another_application(tmp_path):
    path = tmp_path / "other.db"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.commit()
    with UserTable(path) as table, pytest.raises(StoreError, match="not a Mosaic Workstation database"):
        _add(table, "olive", "none")
