"""``workstation users add|list`` and ``--user USERNAME --password-stdin`` (issue 19 "Log in", CLI for
automation): the card or the TOTP secret printed once, never a secret in the list, IB's text and exit 2 for
wrong credentials, ``--login`` refused on a database whose users have passwords."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pyotp
import pytest

from workstation.cli import EXIT_OK, EXIT_USAGE, main

ADVISOR, CLIENT, OTHER_CLIENT, INDIVIDUAL = "DF1234567", "DU2000001", "DU2000002", "DU1234567"  # the demo profile


def run(argv: list[str], stdin: str, monkeypatch, capsys) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    monkeypatch.setattr(signal, "signal", lambda *_args: None)  # the gateway's stop handlers stay out of pytest
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "users.db"


def test_users_add_prints_the_card_once_and_list_never_shows_a_secret(db, monkeypatch, capsys):
    code, out, _err = run(["users", "add", "carl", "--db", str(db), "--account", INDIVIDUAL, "--role", "trader",
                           "--second-factor", "card", "--password-stdin"], "s3cret-pass\n", monkeypatch, capsys)
    assert code == EXIT_OK and len(re.findall(r"\d\d: \d{3}", out)) == 36
    code, out, _err = run(["users", "add", "tina", "--db", str(db), "--account", ADVISOR, "--role", "viewer",
                           "--second-factor", "totp", "--password-stdin"], "other-pass\n", monkeypatch, capsys)
    secret = re.search(r"now\): ([A-Z2-7]+)", out).group(1)
    run(["users", "add", "adam", "--db", str(db), "--account", ADVISOR, "--clients", f"{CLIENT},{OTHER_CLIENT}",
         "--password-stdin"], "third-pass\n", monkeypatch, capsys)

    code, out, _err = run(["users", "list", "--db", str(db)], "", monkeypatch, capsys)

    assert code == EXIT_OK
    assert out.splitlines() == [
        f"adam\tpassword, second factor none\towner of {ADVISOR} (clients {CLIENT}, {OTHER_CLIENT})",
        f"carl\tpassword, second factor card\ttrader of {INDIVIDUAL}",
        f"tina\tpassword, second factor totp\tviewer of {ADVISOR}"]
    assert secret not in out and "s3cret-pass" not in out


def test_a_new_user_needs_a_password_and_a_bad_role_is_refused(db, monkeypatch, capsys):
    code, _out, err = run(["users", "add", "olive", "--db", str(db), "--account", INDIVIDUAL], "", monkeypatch, capsys)
    assert code == EXIT_USAGE and "give --password-stdin" in err
    code, _out, err = run(["users", "add", "olive", "--db", str(db), "--account", "NOPE", "--password-stdin"],
                          "pw\n", monkeypatch, capsys)
    assert code == EXIT_USAGE and "NOPE is not an account here" in err


def test_wrong_credentials_exit_2_with_ibs_text_and_the_throttle_applies(db, monkeypatch, capsys):
    run(["users", "add", "olive", "--db", str(db), "--account", INDIVIDUAL, "--password-stdin"], "right\n",
        monkeypatch, capsys)
    for _ in range(3):
        code, _out, err = run(["--db", str(db), "--user", "olive", "--password-stdin", "gateway", "--port", "0"],
                              "wrong\n", monkeypatch, capsys)
        assert (code, err.strip()) == (EXIT_USAGE, "Login failed - Invalid username or password")
    code, _out, err = run(["--db", str(db), "gateway", "--user", "olive", "--password-stdin", "--port", "0"],
                          "right\n", monkeypatch, capsys)
    assert code == EXIT_USAGE and err.startswith("Too many failed login attempts. Please wait ")


def test_login_is_refused_where_users_have_passwords(db, monkeypatch, capsys):
    run(["users", "add", "olive", "--db", str(db), "--account", INDIVIDUAL, "--password-stdin"], "right\n",
        monkeypatch, capsys)
    code, _out, err = run(["--db", str(db), "gateway", "--login", ADVISOR, "--port", "0"], "", monkeypatch, capsys)
    assert code == EXIT_USAGE and "users with passwords" in err and "passwordless users only" in err


def test_the_gateway_logs_in_with_a_totp_code_after_its_challenge_line(db, monkeypatch, capsys):
    code, out, _err = run(["users", "add", "tom", "--db", str(db), "--account", INDIVIDUAL, "--second-factor", "totp",
                           "--password-stdin"], "right\n", monkeypatch, capsys)
    secret = re.search(r"now\): ([A-Z2-7]+)", out).group(1)
    gateway = subprocess.Popen([sys.executable, "-m", "workstation", "--db", str(db), "gateway", "--user", "tom",
                                "--password-stdin", "--port", "0"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        gateway.stdin.write("right\n")
        gateway.stdin.flush()
        assert gateway.stdout.readline().startswith("Second Factor Authentication: Enter the 6-digit code")
        gateway.stdin.write(pyotp.TOTP(secret).now() + "\n")
        gateway.stdin.flush()
        assert gateway.stdout.readline().startswith("API listening on 127.0.0.1:")
    finally:
        gateway.send_signal(signal.SIGTERM)
        gateway.communicate(timeout=60)
    assert gateway.returncode == 0


def test_a_second_login_of_a_user_is_told_of_the_existing_session_and_may_decline(db, monkeypatch, capsys):
    # IBC ExistingSessionDetectedDialogHandler: "Existing session detected"; declining exits
    from workstation.login import Authenticated, LoginService
    from workstation.store.users import UserTable

    run(["users", "add", "olive", "--db", str(db), "--account", INDIVIDUAL, "--password-stdin"], "right\n",
        monkeypatch, capsys)
    with UserTable(db) as table:  # a live process (this one's parent) holds olive's session
        LoginService(table, pid=os.getppid()).start_session(Authenticated("olive"))

    code, out, _err = run(["--db", str(db), "gateway", "--user", "olive", "--password-stdin", "--port", "0"],
                          "right\nexit\n", monkeypatch, capsys)

    assert code == EXIT_USAGE
    assert out.startswith(f"Existing session detected: olive is logged in elsewhere (pid {os.getppid()})")


def test_the_windows_open_for_any_role_entering_commands_as_the_users_login(db, monkeypatch, capsys):
    # The windows carry the user's login to the engine (entered_by), which checks the role on every command.
    started = {}
    monkeypatch.setattr("workstation.ui.app.display_available", lambda: (True, ""))
    monkeypatch.setattr("workstation.gc_policy.keep_long_lived_out_of_collections", lambda: None)
    monkeypatch.setattr("workstation.ui.app.run_gui", lambda _engine, **kwargs: started.update(kwargs) or EXIT_OK)
    run(["users", "add", "tom", "--db", str(db), "--account", INDIVIDUAL, "--role", "trader", "--password-stdin"],
        "right\n", monkeypatch, capsys)
    run(["users", "add", "adam", "--db", str(db), "--account", ADVISOR, "--clients", CLIENT, "--password-stdin"],
        "right\n", monkeypatch, capsys)

    code, _out, err = run(["--db", str(db), "--user", "tom", "--password-stdin"], "right\n", monkeypatch, capsys)
    assert code == EXIT_OK, err
    assert (started["login"], started["account"], started["user"]) == ("tom", INDIVIDUAL, "tom")
    assert started["lock"][1] is not None   # Lock and Exit unlocks with tom's password

    # The windows and the gateway read as the account, so a user limited to some clients is still refused.
    code, _out, err = run(["--db", str(db), "gateway", "--user", "adam", "--password-stdin", "--port", "0"], "right\n",
                          monkeypatch, capsys)
    assert code == EXIT_USAGE and "adam is limited to some clients of DF1234567; the gateway read as the account" in err


def test_a_database_with_passworded_users_opens_the_login_window_without_user(db, monkeypatch, capsys):
    shown = []
    monkeypatch.setattr("workstation.ui.app.display_available", lambda: (True, ""))
    monkeypatch.setattr("workstation.gc_policy.keep_long_lived_out_of_collections", lambda: None)
    monkeypatch.setattr("workstation.cli_users.window_login", lambda path, _engine: shown.append(path))
    run(["users", "add", "tom", "--db", str(db), "--account", INDIVIDUAL, "--password-stdin"], "right\n",
        monkeypatch, capsys)

    code, _out, _err = run(["--db", str(db)], "", monkeypatch, capsys)

    assert (code, shown) == (EXIT_OK, [db])   # the Login window was closed: nothing more


def test_a_viewer_is_served_by_the_gateway_as_the_read_only_api(db, monkeypatch, capsys):
    run(["users", "add", "vera", "--db", str(db), "--account", INDIVIDUAL, "--role", "viewer", "--password-stdin"],
        "right\n", monkeypatch, capsys)
    gateway = subprocess.Popen([sys.executable, "-m", "workstation", "--db", str(db), "gateway", "--user", "vera",
                                "--password-stdin", "--port", "0"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        gateway.stdin.write("right\n")
        gateway.stdin.flush()
        assert gateway.stdout.readline().startswith("API listening on 127.0.0.1:")
    finally:
        gateway.send_signal(signal.SIGTERM)
        _out, err = gateway.communicate(timeout=60)
    assert "(read-only: True)" in err
