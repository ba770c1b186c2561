"""The API settings kept per database: a round trip through the store's settings table, a database
from before the table (schema 1, and a schema 2 file that never wrote a setting), a damaged value, and
that settings are not journaled (the engine rebuilt from the file is the same)."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest

from workstation.tws_api.api_settings import SETTING_NAME, ApiSettings, StoredApiSettings

CHANGED = ApiSettings(enabled=True, port=7496, read_only=False, localhost_only=False,
                      trusted_ips=("192.168.1.20", "::1"), master_client_id=9, message_log_file=True)


def test_settings_written_to_a_database_read_back_after_reopening(tmp_path: Path, open_demo, digest) -> None:
    path = tmp_path / "ws.db"
    engine, store = open_demo(path)
    before = digest(engine)
    journal = store.journal_length()
    StoredApiSettings(store.settings, path.parent).save(CHANGED)
    store.close()

    reopened, store = open_demo(path)
    with store:
        assert StoredApiSettings(store.settings, path.parent).load() == CHANGED
        assert store.journal_length() == journal  # not a command: nothing journaled
        assert digest(reopened) == before


def test_a_database_without_the_table_opens_with_tws_defaults_and_takes_the_table(tmp_path: Path, open_demo) -> None:
    path = tmp_path / "old.db"
    _engine, store = open_demo(path)
    store.close()
    with sqlite3.connect(path) as old:  # as a version before the table wrote it (schema 1 has none either)
        assert old.execute("SELECT count(*) FROM sqlite_master WHERE name = 'settings'").fetchone()[0] == 0
    old.close()

    _engine, store = open_demo(path)
    with store:
        keeper = StoredApiSettings(store.settings, path.parent)
        assert keeper.load() == ApiSettings()
        defaults = keeper.load()
        assert (defaults.enabled, defaults.port, defaults.read_only, defaults.localhost_only) == (False, 7497, True,
                                                                                               True)
        assert (defaults.trusted_ips, defaults.master_client_id, defaults.message_log_file) == ((), None, False)
        keeper.save(CHANGED)
        assert keeper.load() == CHANGED


@pytest.mark.parametrize("stored", ['{"port": 70000}', "not json", '["a list"]', '{"trusted_ips": ["nowhere"]}',
                                    '{"enabled": "yes"}'])
def test_a_damaged_value_falls_back_to_the_defaults_with_a_log_line(tmp_path: Path, open_demo, caplog,
                                                                     stored: str) -> None:
    path = tmp_path / "ws.db"
    _engine, store = open_demo(path)
    with store:
        store.settings.write(SETTING_NAME, stored)
        with caplog.at_level(logging.WARNING, logger="workstation.tws_api"):
            assert StoredApiSettings(store.settings, path.parent).load() == ApiSettings()
    assert any("stored API settings are unreadable" in r.getMessage() for r in caplog.records)


def test_an_item_an_older_version_did_not_store_takes_its_default(tmp_path: Path, open_demo) -> None:
    path = tmp_path / "ws.db"
    _engine, store = open_demo(path)
    with store:
        store.settings.write(SETTING_NAME, '{"enabled": true, "port": 7496}')
        assert StoredApiSettings(store.settings, path.parent).load() == ApiSettings(enabled=True, port=7496)
