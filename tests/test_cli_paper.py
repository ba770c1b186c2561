"""Paper trading on the command line (issue 19 "Paper trading"; account-management reference §1.6 l.86 DU ids, l.87
USD 1,000,000, l.89 one paper account per live account): ``users add ... --paper`` opens the live account's paper
account on the database and makes the user its owner; ``--user NAME --paper`` logs the windows and the gateway in
to it, found by ``login.paper_account_of``."""

from __future__ import annotations

import io
import signal
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from workstation.cli import EXIT_OK, EXIT_USAGE, main, open_workstation
from workstation.login import paper_account_of

INDIVIDUAL, PAPER = "DU1234567", "DUP1234567"  # the demo's account has a DU id already: its paper is DUP + digits


def run(argv: list[str], stdin: str, monkeypatch, capsys) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    monkeypatch.setattr(signal, "signal", lambda *_args: None)  # the gateway's stop handlers stay out of pytest
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def db(tmp_path: Path, monkeypatch, capsys) -> Path:
    path = tmp_path / "paper.db"
    code, out, _err = run(["users", "add", "ada", "--db", str(path), "--account", INDIVIDUAL, "--paper",
                           "--password-stdin"], "right\n", monkeypatch, capsys)
    assert code == EXIT_OK and f"ada: owner of {PAPER} (paper trading account of {INDIVIDUAL})" in out
    return path


def test_users_add_paper_opens_the_paper_account_on_the_database(db, monkeypatch, capsys):
    engine, store, _profile = open_workstation(db, None)  # rebuilt from the journal
    try:
        paper = engine.account(PAPER)
        assert (paper.paper, paper.paper_of, paper.cash) == (True, INDIVIDUAL, {"USD": Decimal(1_000_000)})
        assert engine.paper_of(INDIVIDUAL) == PAPER and paper_account_of(engine, "ada") == PAPER
    finally:
        store.close()
    code, out, _err = run(["users", "list", "--db", str(db)], "", monkeypatch, capsys)
    assert code == EXIT_OK and f"owner of {INDIVIDUAL}; owner of {PAPER}" in out


def test_a_second_user_of_the_live_account_shares_its_one_paper_account(db, monkeypatch, capsys):
    code, out, _err = run(["users", "add", "ben", "--db", str(db), "--account", INDIVIDUAL, "--role", "trader",
                           "--paper", "--password-stdin"], "pass\n", monkeypatch, capsys)
    assert code == EXIT_OK and f"ben: owner of {PAPER}" in out
    engine, store, _profile = open_workstation(db, None)
    try:
        assert [a for a in engine.account_ids() if engine.account(a).paper] == [PAPER]
    finally:
        store.close()


def test_a_paper_account_has_no_paper_account_of_its_own(db, monkeypatch, capsys):
    code, _out, err = run(["users", "add", "ada", "--db", str(db), "--account", PAPER, "--paper"], "", monkeypatch,
                          capsys)
    assert code == EXIT_USAGE and f"{PAPER} is itself a paper account" in err


def test_user_and_paper_open_the_windows_on_the_paper_account(db, monkeypatch, capsys):
    opened = []
    monkeypatch.setattr("workstation.ui.app.display_available", lambda: (True, ""))
    monkeypatch.setattr("workstation.gc_policy.keep_long_lived_out_of_collections", lambda: None)
    monkeypatch.setattr("workstation.ui.app.run_gui", lambda engine, **kw: opened.append(kw["account"]) or EXIT_OK)
    assert run(["--db", str(db), "--user", "ada", "--paper", "--password-stdin"], "right\n", monkeypatch,
               capsys)[0] == EXIT_OK
    assert run(["--db", str(db), "--user", "ada", "--password-stdin"], "right\n", monkeypatch, capsys)[0] == EXIT_OK
    assert opened == [PAPER, INDIVIDUAL]


def test_the_gateway_serves_the_paper_account(db, monkeypatch, capsys):
    served = []

    class Gateway:
        def __init__(self, engine, login, config, speed, entered_by=None):
            served.append((login, entered_by))

        def serve(self, on_listening):
            pass

    monkeypatch.setattr("workstation.tws_api.gateway.Gateway", Gateway)
    code, _out, _err = run(["--db", str(db), "gateway", "--user", "ada", "--paper", "--password-stdin", "--port", "0"],
                           "right\n", monkeypatch, capsys)
    assert code == EXIT_OK and served == [(PAPER, "ada")]  # the paper account, its commands entered as ada


def test_paper_is_refused_without_a_user_or_without_a_paper_account(db, monkeypatch, capsys):
    code, _out, err = run(["--db", str(db), "gateway", "--paper", "--port", "0"], "", monkeypatch, capsys)
    assert code == EXIT_USAGE and "--paper: give --user USERNAME" in err
    run(["users", "add", "cy", "--db", str(db), "--account", "DU7654321", "--password-stdin"], "pw\n", monkeypatch,
        capsys)
    code, _out, err = run(["--db", str(db), "gateway", "--user", "cy", "--paper", "--password-stdin", "--port", "0"],
                          "pw\n", monkeypatch, capsys)
    assert code == EXIT_USAGE and "cy has no paper trading account; open one with workstation users add cy" in err
