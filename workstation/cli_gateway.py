"""``workstation gateway``: open the engine (a database, under its lock, or a scenario's end state)
and serve it over the TWS API until SIGINT or SIGTERM.

Exit codes as the rest of the command line: 0 after a clean stop, 2 for a bad option, a database
that is in use or cannot be opened, or a port that cannot be bound, each with one line naming it.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from workstation.cli import (
    EXIT_OK,
    EXIT_USAGE,
    _login,
    _store_refused,
    command_line_login,
    default_db_path,
    open_workstation,
)

if TYPE_CHECKING:
    from workstation.engine import Engine


def run_gateway(args: argparse.Namespace) -> int:
    from workstation.store import StoreError  # noqa: PLC0415
    from workstation.tws_api.gateway import Gateway  # noqa: PLC0415

    if args.scenario is not None and args.db is not None:
        return _refuse("--scenario: serves a scenario's end state in memory; give --scenario or --db, not both")
    config = _config(args)
    if isinstance(config, str):
        return _refuse(config)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(name)s %(message)s")
    # From here on SIGINT and SIGTERM stop the gateway cleanly, even while the scenario or database opens.
    stopping = threading.Event()
    serving: list[Gateway] = []

    def stop(_signum: int, _frame: object) -> None:
        stopping.set()
        for gateway in serving:
            gateway.stop()

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, stop)
    with ExitStack() as closing:
        if args.scenario is not None:
            opened = _scenario_engine(args.scenario, args.seed)
            if isinstance(opened, str):
                return _refuse(opened)
            engine, default = opened
        else:
            db = args.db or default_db_path()
            try:
                engine, default = _database_engine(db, args.seed, closing)
            except StoreError as error:
                return _store_refused(error)
        logged_in = command_line_login(args, None if args.scenario is not None else args.db or default_db_path(),
                                       engine, default, gateway=True)
        if logged_in is None:
            return EXIT_USAGE
        if logged_in.session is not None:
            closing.callback(logged_in.service.end_session, logged_in.session)
        login = _login(logged_in.account, default, engine.account_ids())
        if login is None:
            return EXIT_USAGE
        if logged_in.read_only:  # Enter Read Only or a viewer: the gateway refuses every order, as the Read-Only API
            config = replace(config, read_only=True)
        entered_by = logged_in.login if logged_in.session is not None else None  # the user's, checked by the engine
        gateway = Gateway(engine, login, config, speed=args.speed, entered_by=entered_by)
        serving.append(gateway)
        if stopping.is_set():
            return EXIT_OK
        try:
            gateway.serve(on_listening=_announce)
        except OSError as error:
            return _refuse(f"--port: cannot listen on {config.host}:{config.port} ({error.strerror or error})")
    return EXIT_OK


def _announce(host: str, port: int) -> None:
    """The one line a script waits for before connecting."""
    print(f"API listening on {host}:{port}", flush=True)


def _config(args: argparse.Namespace) -> object:
    """The server settings, or the message naming the option that is wrong."""
    from workstation.tws_api.server import ServerConfig  # noqa: PLC0415
    from workstation.tws_api.wire import DEFAULT_MAX_SERVER_VERSION, check_server_max  # noqa: PLC0415

    version = DEFAULT_MAX_SERVER_VERSION if args.max_server_version is None else args.max_server_version
    try:
        check_server_max(version)
    except ValueError as error:
        return f"--max-server-version: {error}"
    if args.master_client_id is not None and args.master_client_id < 0:
        return f"--master-client-id: {args.master_client_id} is not a client id; use a whole number from 0"
    try:
        return ServerConfig(host=args.host, port=args.port, trusted_hosts=frozenset(args.trusted),
                            read_only=args.read_only, master_client_id=args.master_client_id,
                            max_server_version=version)
    except ValueError as error:
        return f"--host: {error}"


def _scenario_engine(path: Path, seed: int | None) -> tuple[Engine, str] | str:
    """The scenario's end state and its default login, or why it cannot be run."""
    from workstation.engine import build_universe  # noqa: PLC0415
    from workstation.resources import demo_universe_spec  # noqa: PLC0415
    from workstation.scenario import ScenarioError, load_scenario, run_scenario  # noqa: PLC0415
    from workstation.tws_api.gateway import default_login  # noqa: PLC0415

    try:
        scenario = load_scenario(path)
        if seed is not None:
            scenario.seed = seed
        result = run_scenario(scenario, build_universe(demo_universe_spec()))
    except ScenarioError as error:
        return f"--scenario: {error}"
    if result.engine is None or result.stopped_early:
        return f"--scenario: {path} stopped before its end; run `workstation scenario {path}` to see why"
    return result.engine, default_login(result.engine)


def _database_engine(db: Path, seed: int | None, closing: ExitStack) -> tuple[Engine, str]:
    """The database's engine under its lock (one workstation or gateway per database)."""
    from workstation.store.lock import lock_database  # noqa: PLC0415

    lock = lock_database(db)
    closing.callback(lock.release)
    engine, store, profile = open_workstation(db, seed)
    closing.callback(store.close)
    return engine, profile.account


def _refuse(message: str) -> int:
    print(f"workstation gateway: {message}", file=sys.stderr)
    return EXIT_USAGE
