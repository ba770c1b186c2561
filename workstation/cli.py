"""Composition root: parse arguments, open the store, build the engine, then start the GUI or run
a headless command.

    workstation [--db PATH] [--seed N] [--reset] [--login ACCOUNT] [--speed X]     start the GUI
    workstation scenario FILE [--output OUT]                     run a scenario headless, JSON out
    workstation statement --account A [--from D] [--to D] [--format html|csv] [-o OUT] [--scenario FILE]
                                                                 an activity statement for a period
    workstation screenshot OUT.png [--window NAME]               render a window offscreen to PNG
    workstation bench [--quick]                                  print performance figures
    workstation bench --long [--days N] [--quick]                simulated trading days: do costs level off?
    workstation gateway [--db PATH | --scenario FILE] [--login A] [--host H] [--port N] [--read-only]
                        [--master-client-id N] [--speed X]      serve the TWS API headless, like IB Gateway
    workstation users add USERNAME --account A [--role R] [--second-factor none|card|totp] --password-stdin
    workstation users list                                       the database's users (cli_users.py)

``--user USERNAME --password-stdin`` logs the GUI or the gateway in as a user of the database.

--db and --seed may also follow the command (``workstation statement --db X ...``); --speed is
0.01 to 10,000.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from workstation import __version__

if TYPE_CHECKING:
    from workstation.engine.api import Engine
    from workstation.scenario.loader import Profile
    from workstation.scenario.runner import Journaling
    from workstation.store.lock import DatabaseLock

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
DEFAULT_SEED = 1  # workstation.scenario.demo.DEFAULT_SEED, repeated so that --help does not load the engine
MIN_SPEED, MAX_SPEED = 0.01, 10_000.0  # simulated seconds per real second


def default_db_path() -> Path:
    import platformdirs  # noqa: PLC0415 - only the commands that open the database need it

    return Path(platformdirs.user_data_dir("mosaic-workstation", appauthor=False)) / "workstation.db"


def _seed(text: str) -> int:
    seed = int(text)
    if not 0 <= seed < 2**63:
        raise argparse.ArgumentTypeError(f"{seed} is not a seed; use a whole number from 0 to 2**63 - 1")
    return seed


def _days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        days = 0
    if not 1 <= days <= 100:
        raise argparse.ArgumentTypeError(f"{text} is not a number of days; use a whole number from 1 to 100")
    return days


def _speed(text: str) -> float:
    try:
        speed = float(text)
    except ValueError:
        speed = math.nan
    if not (math.isfinite(speed) and MIN_SPEED <= speed <= MAX_SPEED):
        raise argparse.ArgumentTypeError(f"{text!r} is not a speed; use a number from {MIN_SPEED:g} to "
                                         f"{MAX_SPEED:,.0f} (simulated seconds per real second)")
    return speed


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date such as 2026-11-30") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workstation",
        description="Mosaic Workstation: a mock of IB Trader Workstation over an in-process brokerage engine. "
                    "With no command, starts the GUI.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _add_db_and_seed(parser, default=None)
    parser.add_argument("--reset", action="store_true",
                        help="start over with a new database (the GUI asks for confirmation first)")
    parser.add_argument("--login", default=None, metavar="ACCOUNT",
                        help="log in as this account of the database instead of the profile's (for example the "
                             "demo advisor DF1234567)")
    parser.add_argument("--speed", type=_speed, default=1.0,
                        help=f"simulated seconds per real second for the GUI's market clock, {MIN_SPEED:g} to "
                             f"{MAX_SPEED:,.0f} (default 1)")
    add_login_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    scenario = commands.add_parser("scenario", help="run a YAML/JSON scenario headless and print JSON")
    scenario.add_argument("file", type=Path)
    scenario.add_argument("--output", "-o", type=Path, default=None, help="write the JSON here instead of stdout")
    statement = commands.add_parser(
        "statement", help="write an account's activity statement for a period (HTML or CSV)",
        description="An activity statement: trades, deposits and withdrawals, transfers, advisor fees, commissions "
                    "and cash balances, the account's partitions' activity included and labelled. Reads the "
                    "database (--db, default the user data directory's), or the end state of a scenario.")
    statement.add_argument("--account", required=True, help="the account holder's account (its partitions included)")
    statement.add_argument("--from", dest="start", type=_day, default=None, metavar="YYYY-MM-DD",
                           help="first day (default: the first of the --to month)")
    statement.add_argument("--to", dest="end", type=_day, default=None, metavar="YYYY-MM-DD",
                           help="last day (default: today on the simulated clock)")
    statement.add_argument("--format", choices=("html", "csv"), default=None,
                           help="default: from the --output file's extension, else csv")
    statement.add_argument("--output", "-o", type=Path, default=None, help="write here instead of stdout")
    statement.add_argument("--scenario", type=Path, default=None, metavar="FILE",
                           help="run this YAML/JSON scenario and report on its end state instead of a database")
    screenshot = commands.add_parser("screenshot", help="render the main window offscreen to a PNG")
    screenshot.add_argument("out", type=Path)
    screenshot.add_argument("--window", default="main", help="which window to render (default: main)")
    bench = commands.add_parser("bench", help="print engine and store performance figures")
    bench.add_argument("--quick", action="store_true", help="smaller workloads, for a smoke run")
    bench.add_argument("--long", action="store_true",
                       help="simulated trading days on a database, one row per day: do the costs level off?")
    bench.add_argument("--days", type=_days, default=None, help="with --long: how many days (default 5; --quick 2)")
    bench.add_argument("--no-gc-freeze", action="store_true",
                       help="with --long: leave the collector as the interpreter has it, to compare")
    _add_gateway(commands)
    # also after the command, as in `statement --db X`
    for command in (scenario, statement, screenshot, *add_users_command(commands)):
        _add_db_and_seed(command, default=argparse.SUPPRESS)
    return parser


def _add_gateway(commands: argparse._SubParsersAction) -> None:
    gateway = commands.add_parser(
        "gateway", help="serve the TWS API headless (like IB Gateway) for ib_async, ibapi and other API programs",
        description="Serves a database (--db, default the user data directory's) or a scenario's end state "
                    "(--scenario) over the TWS API socket protocol. Prints 'API listening on HOST:PORT' once it "
                    "accepts connections; SIGINT or SIGTERM stops it.")
    gateway.add_argument("--scenario", type=Path, default=None, metavar="FILE",
                         help="run this YAML/JSON scenario headless, then serve its end state (no database)")
    gateway.add_argument("--login", default=None, metavar="ACCOUNT",
                         help="the account to serve as (default: the database's profile login; for a scenario its "
                              "only advisor, else its first account)")
    gateway.add_argument("--host", default="127.0.0.1",
                         help="address to listen on (default 127.0.0.1); another address only with --trusted")
    gateway.add_argument("--trusted", action="append", default=[], metavar="ADDRESS",
                         help="an address allowed to connect and to listen on besides localhost (repeatable)")
    gateway.add_argument("--port", type=_port, default=4002, help="TCP port (default 4002; 0: any free port)")
    gateway.add_argument("--read-only", action="store_true", help="refuse every order, as TWS's Read-Only API")
    gateway.add_argument("--master-client-id", type=int, default=None, metavar="N",
                         help="the client id that also receives every other client's orders and fills")
    gateway.add_argument("--max-server-version", type=int, default=None, metavar="V",
                         help="the highest API server version to negotiate (157 to 178; default 176)")
    gateway.add_argument("--speed", type=_speed, default=1.0,
                         help=f"simulated seconds per real second for the market clock, {MIN_SPEED:g} to "
                              f"{MAX_SPEED:,.0f} (default 1)")
    _add_db_and_seed(gateway, default=argparse.SUPPRESS)
    add_login_options(gateway, command=True)


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port; use 0 to 65535 (0: any free port)")
    return port


def add_login_options(parser: argparse.ArgumentParser, command: bool = False) -> None:
    from workstation.cli_users import add_login_options  # noqa: PLC0415

    add_login_options(parser, command)


def add_users_command(commands: argparse._SubParsersAction) -> tuple[argparse.ArgumentParser, ...]:
    from workstation.cli_users import add_users_command  # noqa: PLC0415

    return add_users_command(commands)


def _add_db_and_seed(parser: argparse.ArgumentParser, default: object) -> None:
    """The options every command shares; a command's own copy (default SUPPRESS) leaves the value
    given before the command alone when it is not repeated after it."""
    parser.add_argument("--db", type=Path, default=default,
                        help="database file (default: the user data directory's workstation.db)")
    parser.add_argument("--seed", type=_seed, default=default,
                        help=f"market seed for a new database (default {DEFAULT_SEED}); an existing one keeps its own")


def open_workstation(db: Path, seed: int | None) -> tuple[Engine, object, Profile]:
    """Open (or create with the demo profile) the database and rebuild the engine from it."""
    from workstation.scenario.demo import open_demo_database  # noqa: PLC0415

    return open_demo_database(db, DEFAULT_SEED if seed is None else seed)


def _store_refused(error: Exception) -> int:
    """A database that cannot be used (in use, damaged, read-only, ...): its one sentence, exit 2."""
    print(f"workstation: {error}", file=sys.stderr)
    return EXIT_USAGE


def _run_gui(args: argparse.Namespace) -> int:
    from workstation.gc_policy import keep_long_lived_out_of_collections  # noqa: PLC0415
    from workstation.store import StoreError  # noqa: PLC0415
    from workstation.store.lock import lock_database  # noqa: PLC0415
    from workstation.ui.app import closing_on_signals, display_available  # noqa: PLC0415

    available, message = display_available()
    if not available:
        print(message, file=sys.stderr)
        return EXIT_USAGE
    db = args.db or default_db_path()
    # A workstation runs for days: its long-lived state leaves the collector's full walks (see gc_policy).
    keep_long_lived_out_of_collections()
    # SIGTERM or Ctrl+C from here on closes the workstation cleanly, even before its window is up.
    with closing_on_signals():
        try:  # one workstation per database, as TWS allows one session per user
            lock = lock_database(db)
        except StoreError as error:
            return _store_refused(error)
        return _run_gui_locked(args, db, lock)


def _run_gui_locked(args: argparse.Namespace, db: Path, lock: DatabaseLock) -> int:
    from workstation.engine.partitions.users import parse_login  # noqa: PLC0415
    from workstation.store import StoreError, reset  # noqa: PLC0415
    from workstation.tws_api.api_settings import StoredApiSettings  # noqa: PLC0415
    from workstation.ui.app import (  # noqa: PLC0415
        AUTO_RESTART_EXIT,
        RESET_REQUESTED_EXIT,
        DisplayUnavailable,
        confirm_reset,
        run_gui,
    )

    logged_in = None
    try:
        if args.reset and db.exists():
            if not confirm_reset(db):
                print("Reset cancelled; the database was left as it was.", file=sys.stderr)
                return EXIT_OK
            reset(db)
        while True:
            engine, store, profile = open_workstation(db, args.seed)
            try:
                if logged_in is None:  # an Auto Restart keeps the log-in, as TWS's does within the week
                    logged_in = _log_in(args, db, engine, profile.account)
                    if isinstance(logged_in, int):
                        return logged_in
                login = _login(logged_in.account, profile.account, engine.account_ids())
                if login is None:
                    return EXIT_USAGE
                user_login = logged_in.login if logged_in.session is not None else None
                # --login signs in as that account; a user as the user, on the account of its first role
                user = parse_login(user_login)[0] if user_login else \
                    (profile.user if login == profile.account else login)
                api_settings = StoredApiSettings(store.settings, log_folder=db.parent)
                code = run_gui(engine, user=user, account=login, speed=args.speed, api_settings=api_settings,
                               login=user_login, lock=_lock_and_exit(logged_in, store, user),
                               session=None if logged_in.session is None else (logged_in.service, logged_in.session))
            finally:
                store.close()
            if code == AUTO_RESTART_EXIT:
                continue
            if code != RESET_REQUESTED_EXIT:
                return code
            _end_session(logged_in)
            logged_in = None
            reset(db)  # File -> Reset Database..., confirmed in the window: start over in place
    except DisplayUnavailable as error:
        print(str(error), file=sys.stderr)
        return EXIT_USAGE
    except StoreError as error:
        return _store_refused(error)
    finally:
        _end_session(logged_in)
        lock.release()


def _log_in(args: argparse.Namespace, db: Path, engine: Engine, default: str):  # noqa: ANN202
    """Who the GUI runs as (cli_users.LoggedIn): the Login window where users have passwords and no --user
    was given, else the command line's log-in; an exit code when there is none."""
    from workstation.cli_users import needs_login_window, window_login  # noqa: PLC0415

    if needs_login_window(args, db):
        logged_in = window_login(db, engine)
        return EXIT_OK if logged_in is None else logged_in  # the Login window closed: nothing to do
    logged_in = command_line_login(args, db, engine, default)
    return EXIT_USAGE if logged_in is None else logged_in


def _lock_and_exit(logged_in, store, username: str):  # noqa: ANN001, ANN202
    """Global Configuration -> Lock and Exit, kept in the database; unlocked with the user's password."""
    from workstation.login.unlock import PasswordUnlock  # noqa: PLC0415
    from workstation.ui.lock_settings import StoredLockSettings  # noqa: PLC0415

    unlock = None
    if logged_in.service is not None:
        unlock = PasswordUnlock(logged_in.service, username)
    return StoredLockSettings(store.settings), unlock


def _end_session(logged_in) -> None:  # noqa: ANN001
    if logged_in is not None and not isinstance(logged_in, int) and logged_in.session is not None:
        logged_in.service.end_session(logged_in.session)


def _login(requested: str | None, default: str, accounts: list[str]) -> str | None:
    """The account to log in as; None (with the reason printed) if the database does not have it."""
    if requested is None:
        return default
    if requested not in accounts:
        print(f"--login: {requested} is not an account of this database; choose one of {', '.join(accounts)}",
              file=sys.stderr)
        return None
    return requested


def _run_scenario(args: argparse.Namespace) -> int:
    from workstation.engine.core.universe import build_universe
    from workstation.resources import demo_universe_spec  # noqa: PLC0415
    from workstation.scenario import ScenarioError, load_scenario, run_scenario  # noqa: PLC0415
    from workstation.scenario.runner import Journaling  # noqa: PLC0415
    from workstation.store.sqlite_store import StoreError  # noqa: PLC0415

    journaling = None
    if args.db is not None:
        if args.db.exists():
            print(f"workstation scenario: --db: {args.db} already exists; a scenario is the whole history of a new "
                  f"database, so give a path that does not exist yet", file=sys.stderr)
            return EXIT_USAGE
        journaling = Journaling(args.db, demo_universe_spec())
    try:
        scenario = load_scenario(args.file)
        if args.seed is not None:
            scenario.seed = args.seed
        result = run_scenario(scenario, build_universe(demo_universe_spec()), journaling=journaling)
    except (ScenarioError, StoreError) as error:
        _discard_new_database(journaling)
        print(f"workstation scenario: {error}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as error:  # noqa: BLE001 - a bug must still end with a message and its own code
        _discard_new_database(journaling)
        print(f"workstation scenario: internal error, please report it: {error!r}", file=sys.stderr)
        return EXIT_INTERNAL
    text = json.dumps(result.output, indent=2)
    if args.output:
        try:
            args.output.write_text(text + "\n", encoding="utf-8")
        except OSError as error:
            print(f"workstation scenario: cannot write {args.output} ({error.strerror})", file=sys.stderr)
            return EXIT_USAGE
    else:
        print(text)
    return EXIT_FAILED if result.stopped_early else EXIT_OK


def _discard_new_database(journaling: Journaling | None) -> None:
    """A scenario that did not run to its end leaves no half-made database behind."""
    from workstation.store.sqlite_store import reset  # noqa: PLC0415

    if journaling is not None:
        reset(journaling.path)


def _run_statement(args: argparse.Namespace) -> int:
    """Open the engine (a scenario's end state, or the database), build the statement, write it."""
    fmt = args.format or ("html" if args.output and args.output.suffix.lower() in (".html", ".htm") else "csv")
    if args.scenario is not None:
        from workstation.engine.core.universe import build_universe
        from workstation.resources import demo_universe_spec  # noqa: PLC0415
        from workstation.scenario import ScenarioError, load_scenario, run_scenario  # noqa: PLC0415

        try:
            scenario = load_scenario(args.scenario)
            if args.seed is not None:
                scenario.seed = args.seed
            engine = run_scenario(scenario, build_universe(demo_universe_spec())).engine
        except ScenarioError as error:
            print(f"workstation statement: {error}", file=sys.stderr)
            return EXIT_USAGE
        assert engine is not None
        return _write_statement(engine, args, fmt)
    db = args.db or default_db_path()
    if not db.exists():
        print(f"workstation statement: --db: there is no database at {db}; start the workstation once, or give "
              f"--db or --scenario", file=sys.stderr)
        return EXIT_USAGE
    from workstation.store import StoreError  # noqa: PLC0415

    try:  # no lock: reading beside a running workstation is fine (SQLite's WAL)
        engine, store, _profile = open_workstation(db, args.seed)
    except StoreError as error:
        return _store_refused(error)
    try:
        return _write_statement(engine, args, fmt)
    finally:
        store.close()


def _write_statement(engine: Engine, args: argparse.Namespace, fmt: str) -> int:
    from workstation.engine.market.calendar import EASTERN  # noqa: PLC0415
    from workstation.statements import to_csv, to_html  # noqa: PLC0415

    if args.account not in engine.account_ids():
        print(f"workstation statement: --account: {args.account} is not an account here; choose one of "
              f"{', '.join(engine.account_ids())}", file=sys.stderr)
        return EXIT_USAGE
    end = args.end or engine.now.astimezone(EASTERN).date()
    start = args.start or end.replace(day=1)
    if start > end:
        print(f"workstation statement: --from: {start} is after --to {end}", file=sys.stderr)
        return EXIT_USAGE
    statement = engine.activity_statement(args.account, start, end)
    text = to_html(statement) if fmt == "html" else to_csv(statement)
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as error:
        print(f"workstation statement: cannot write {args.output} ({error.strerror})", file=sys.stderr)
        return EXIT_USAGE
    print(args.output)
    return EXIT_OK


def _screenshot_refusal(out: Path) -> str | None:
    """Why the screenshot cannot be written to ``out`` (a directory, or an image format Qt cannot
    write), checked before anything is rendered; None when it can."""
    from PySide6.QtGui import QImageWriter  # noqa: PLC0415 - only this command needs Qt

    if out.is_dir():
        return f"{out} is a directory; give a file name such as {out / 'main.png'}"
    extension = out.suffix.lower().lstrip(".")
    formats = sorted({bytes(f).decode().lower() for f in QImageWriter.supportedImageFormats()})
    if extension and extension not in formats:
        return f"cannot write .{extension} images; use one of {', '.join('.' + f for f in formats)}"
    return None


def _run_screenshot(args: argparse.Namespace) -> int:
    import tempfile  # noqa: PLC0415

    refusal = _screenshot_refusal(args.out)
    if refusal is not None:
        print(f"workstation screenshot: {refusal}", file=sys.stderr)
        return EXIT_USAGE
    from workstation.store import StoreError  # noqa: PLC0415
    from workstation.store.lock import lock_database  # noqa: PLC0415
    from workstation.ui.app import render_screenshot  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as scratch:
        db = args.db or Path(scratch) / "screenshot.db"
        try:
            # Creating a database is a write, which is the one workstation's alone; rendering one reads.
            lock = lock_database(db) if args.db is not None and not db.exists() else None
            try:
                engine, store, profile = open_workstation(db, args.seed)
            finally:
                if lock is not None:
                    lock.release()
        except StoreError as error:
            return _store_refused(error)
        try:
            path = render_screenshot(engine, args.out, window=args.window, user=profile.user, account=profile.account)
        except ValueError as error:
            print(f"workstation screenshot: {error}", file=sys.stderr)
            return EXIT_USAGE
        except OSError as error:
            print(f"workstation screenshot: cannot write {args.out} ({error.strerror or error})", file=sys.stderr)
            return EXIT_USAGE
        finally:
            store.close()
    print(path)
    return EXIT_OK


def _run_bench(args: argparse.Namespace) -> int:
    from workstation.bench import run_benchmarks, run_long_session  # noqa: PLC0415

    if args.long:
        days = args.days or (2 if args.quick else 5)
        return run_long_session(days, quick=args.quick, freeze=not args.no_gc_freeze)
    if args.days is not None or args.no_gc_freeze:
        print("workstation bench: --days and --no-gc-freeze go with --long", file=sys.stderr)
        return EXIT_USAGE
    return run_benchmarks(quick=args.quick)


def _run_users(args: argparse.Namespace) -> int:
    from workstation.cli_users import run_users  # noqa: PLC0415

    return run_users(args)


def command_line_login(args: argparse.Namespace, db: Path | None, engine: Engine, default: str,  # noqa: ANN201
                       gateway: bool = False):
    from workstation.cli_users import command_line_login  # noqa: PLC0415

    return command_line_login(args, db, engine, default, gateway)


def _run_gateway(args: argparse.Namespace) -> int:
    from workstation.cli_gateway import run_gateway  # noqa: PLC0415

    return run_gateway(args)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handlers = {None: _run_gui, "scenario": _run_scenario, "statement": _run_statement, "screenshot": _run_screenshot,
                "bench": _run_bench, "gateway": _run_gateway, "users": _run_users}
    return handlers[args.command](args)
