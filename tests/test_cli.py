"""The command line as a user meets it: help, the no-display message, screenshots, databases."""

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from workstation.client.account_window import account_selections
from workstation.client.allocation_choices import allocation_choices
from workstation.engine.login_reads import LoginReads
from workstation.engine.market.calendar import EASTERN, ExchangeCalendar
from workstation.scenario.demo import demo_start_time


def workstation(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "workstation", *args], capture_output=True, text=True,
                          env=env, timeout=120)


def test_help_lists_every_command():
    result = workstation("--help")
    assert result.returncode == 0
    for command in ("scenario", "screenshot", "bench", "gateway", "--db", "--seed", "--reset"):
        assert command in result.stdout


def test_without_a_display_the_gui_says_how_to_run_instead_of_crashing(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = workstation("--db", str(tmp_path / "w.db"), env=env)
    assert result.returncode == 2
    assert "xvfb-run" in result.stderr and "screenshot" in result.stderr
    assert not (tmp_path / "w.db").exists()


def test_screenshot_renders_the_demo_workstation_to_a_png(tmp_path):
    out = tmp_path / "main.png"
    result = workstation("screenshot", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_database_keeps_its_seed_and_demo_accounts_across_runs(tmp_path):
    from workstation.cli import open_workstation

    db = tmp_path / "w.db"
    engine, store, profile = open_workstation(db, seed=9)
    first_time = engine.now
    store.close()
    engine, store, _ = open_workstation(db, seed=1)  # an existing database keeps its own seed
    try:
        assert engine.seed == 9 and engine.now == first_time
        assert set(engine.account_ids()) == {a.account_id for a in profile.accounts}
    finally:
        store.close()


def test_a_new_database_starts_now_when_open_else_at_the_next_open():
    calendar = ExchangeCalendar.nyse()
    during = datetime(2026, 11, 24, 11, 15, 30, tzinfo=EASTERN)
    assert demo_start_time(calendar, during) == during
    thanksgiving_evening = datetime(2026, 11, 26, 19, 0, tzinfo=EASTERN)
    assert demo_start_time(calendar, thanksgiving_evening) == datetime(2026, 11, 27, 9, 30, tzinfo=EASTERN)


def test_the_readme_names_every_automation_object():
    from workstation.ui.object_names import ALL_NAMES

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    missing = [name for name in ALL_NAMES if f"`{name}`" not in readme]
    assert missing == []


def test_the_cli_and_the_in_memory_demo_share_the_default_seed() -> None:
    from workstation import cli
    from workstation.scenario import demo

    assert cli.DEFAULT_SEED == demo.DEFAULT_SEED


def test_login_as_an_account_the_database_lacks_is_refused_with_the_choices(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = workstation("--db", str(tmp_path / "w.db"), "--login", "DU999", env=env)

    assert result.returncode == 2
    assert "--login: DU999 is not an account of this database" in result.stderr
    assert "DF1234567" in result.stderr  # the demo advisor is among the choices


def test_the_demo_profile_has_an_advisor_with_clients_and_groups():
    from workstation.scenario.demo import demo_engine

    engine, profile = demo_engine()

    assert engine.account("DF1234567").is_advisor
    reads = LoginReads(engine, None)
    assert [c.name for c in allocation_choices(reads, "DF1234567")][:2] == ["Balanced", "Growth"]
    assert [s.name for s in account_selections(reads, profile.account)] == ["DU1234567", "DU7654321"]


def test_speed_outside_its_range_is_refused_before_anything_starts(tmp_path):
    for speed in ("0", "-1", "nan", "inf", "20000", "fast"):
        result = workstation("--db", str(tmp_path / "w.db"), "--speed", speed)
        assert result.returncode == 2, speed
        assert "argument --speed" in result.stderr and "0.01 to 10,000" in result.stderr
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "w.db").exists()


def test_db_works_before_and_after_the_command(tmp_path):
    missing = tmp_path / "missing.db"
    for args in (("--db", str(missing), "statement", "--account", "U1"),
                 ("statement", "--db", str(missing), "--account", "U1")):
        result = workstation(*args)
        assert result.returncode == 2
        assert f"there is no database at {missing}" in result.stderr

    from workstation.cli import _parser

    assert _parser().parse_args(["scenario", "f.yaml", "--db", "x.db"]).db == Path("x.db")
    assert _parser().parse_args(["--db", "x.db", "scenario", "f.yaml"]).db == Path("x.db")
    assert _parser().parse_args(["--seed", "4", "scenario", "f.yaml"]).seed == 4
    assert _parser().parse_args(["scenario", "f.yaml", "--seed", "5"]).seed == 5
    assert _parser().parse_args(["screenshot", "o.png", "--db", "y.db"]).db == Path("y.db")


def test_screenshot_refuses_a_directory_or_a_format_it_cannot_write(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = workstation("screenshot", str(tmp_path), env=env)
    assert result.returncode == 2
    assert f"{tmp_path} is a directory" in result.stderr

    result = workstation("screenshot", str(tmp_path / "shot.pdf"), env=env)
    assert result.returncode == 2
    assert "cannot write .pdf images; use one of" in result.stderr and ".png" in result.stderr
    assert not (tmp_path / "shot.pdf").exists()
    assert "Traceback" not in result.stderr


def test_a_billion_laughs_scenario_exits_2_at_once_naming_the_key_and_line(tmp_path):
    anchors = ["&l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    anchors += [f"&l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 9)]
    bomb = tmp_path / "laughs.yaml"
    bomb.write_text("seed: 1\nprices:\n  AAPL: [" + ",\n    ".join(anchors) + "]\n")
    result = workstation("scenario", str(bomb))
    assert result.returncode == 2
    assert "prices.AAPL[5][0] (line 8): aliases repeat more than 100,000 values" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_deeply_nested_json_scenario_exits_2_not_with_a_recursion_error(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text('{"seed": ' + "[" * 100_000 + "]" * 100_000 + "}")
    result = workstation("scenario", str(deep))
    assert result.returncode == 2
    assert "seed[0][0]" in result.stderr and "(line 1): nested deeper than 50 levels" in result.stderr
    assert "RecursionError" not in result.stderr and "Traceback" not in result.stderr
