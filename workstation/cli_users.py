"""``workstation users add|list`` and the command line's log-in (``--user USERNAME --password-stdin``).

A user's role on an account is the engine's (``DefineUser``, journaled); its credentials are the database's
users table (store/users.py). The log-in reads the password from standard input, prints the second
factor's challenge as one line on standard output and reads the answer from the next input line ("read-only"
is the dialog's "Enter Read Only"); a second login of a user whose session is open elsewhere is told
"Existing session detected" and continues only if the next line says "continue". Wrong credentials, the
throttle and the lock exit 2 with IB's text on standard error. Without ``--user`` on a database whose users
have passwords, the GUI opens its Login window instead (``needs_login_window``, ``window_login``).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workstation.cli import EXIT_OK, EXIT_USAGE, _store_refused, default_db_path, open_workstation

if TYPE_CHECKING:
    from workstation.engine import Engine
    from workstation.login import Authenticated, LoginService, Session
    from workstation.store.users import UserTable

ROLES = ("owner", "trader", "viewer")
SECOND_FACTORS = ("none", "card", "totp")


def add_users_command(commands: argparse._SubParsersAction) -> tuple[argparse.ArgumentParser, ...]:
    users = commands.add_parser("users", help="add and list the database's users (username, role, second factor)")
    actions = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a user, or give an existing user a role on one more account",
                             description="Prints the Security Code Card or the authenticator's secret once.")
    add.add_argument("username")
    add.add_argument("--account", required=True, help="the account the user gets a role on")
    add.add_argument("--role", choices=ROLES, default="owner", help="default owner")
    add.add_argument("--clients", default=None, metavar="K1,K2",
                     help="on an advisor's master: the only client accounts the user may act on")
    add.add_argument("--second-factor", choices=SECOND_FACTORS, default="none", help="default none")
    secret = add.add_mutually_exclusive_group()
    secret.add_argument("--password-stdin", action="store_true", help="read the new user's password from stdin")
    secret.add_argument("--no-password", action="store_true", help="a passwordless demo user (what --login picks)")
    add.add_argument("--paper", action="store_true",
                     help="also open the account's paper trading account (DU and its digits), the user its owner")
    listing = actions.add_parser("list", help="list the users, their roles and second factors (never a secret)")
    return add, listing


def add_login_options(parser: argparse.ArgumentParser, command: bool = False) -> None:
    """``--user`` and ``--password-stdin``; a command's copy (``command``) leaves what was given before it."""
    parser.add_argument("--user", default=argparse.SUPPRESS if command else None, metavar="USERNAME",
                        help="log in as this user of the database (with --password-stdin)")
    parser.add_argument("--password-stdin", action="store_true", default=argparse.SUPPRESS if command else False,
                        help="read --user's password from stdin, then its second factor after the challenge line")
    parser.add_argument("--paper", action="store_true", default=argparse.SUPPRESS if command else False,
                        help="with --user: log in to the user's paper trading account (Paper Trading)")


def run_users(args: argparse.Namespace) -> int:
    from workstation.store import StoreError  # noqa: PLC0415
    from workstation.store.lock import lock_database  # noqa: PLC0415
    from workstation.store.users import UserTable  # noqa: PLC0415

    db = args.db or default_db_path()
    try:
        if args.users_command == "list":
            if not db.exists():
                return _refuse(f"--db: there is no database at {db}")
            engine, store, _profile = open_workstation(db, args.seed)
            try:
                with UserTable(db) as table:
                    return _list(engine, table)
            finally:
                store.close()
        with lock_database(db):
            engine, store, _profile = open_workstation(db, args.seed)
            try:
                with UserTable(db) as table:
                    return _add(args, engine, table)
            finally:
                store.close()
    except StoreError as error:
        return _store_refused(error)


def _add(args: argparse.Namespace, engine: Engine, table: UserTable) -> int:
    from workstation.engine.core.errors import Rejected  # noqa: PLC0415
    from workstation.engine.messages.commands import DefineUser  # noqa: PLC0415
    from workstation.login.credentials import enrol  # noqa: PLC0415
    from workstation.store.users import UserRow  # noqa: PLC0415

    existing = table.user(args.username)
    if existing is None and not (args.password_stdin or args.no_password):
        return _refuse(f"add: {args.username} is a new user: give --password-stdin (or --no-password for a demo user)")
    if existing is not None and (args.password_stdin or args.no_password):
        return _refuse(f"add: {args.username} is already a user; its password stays (without --password-stdin "
                       f"this gives it a role on {args.account})")
    enrolment = None
    if existing is None:
        password = _read_line() if args.password_stdin else None
        try:
            enrolment = enrol(args.username, password, args.second_factor)
        except ValueError as error:
            return _refuse(f"add: {error}")
    clients = None if args.clients is None else tuple(c.strip() for c in args.clients.split(",") if c.strip())
    result = engine.execute(DefineUser(args.username, args.account, args.role, clients))
    if isinstance(result, Rejected):
        return _refuse(f"add: {result.message}")
    if enrolment is not None:
        table.add(UserRow(args.username, enrolment.password_hash, enrolment.second_factor, enrolment.factor_secret,
                          engine.now.timestamp()))
        if enrolment.shown_once:
            print(enrolment.shown_once)
    print(f"{args.username}: {args.role} of {args.account}" + (f" (clients {', '.join(clients)})" if clients else ""))
    if args.paper:
        from workstation.cli_paper import open_users_paper_account  # noqa: PLC0415

        try:
            paper = open_users_paper_account(engine, args.username, args.account)
        except ValueError as error:
            return _refuse(f"add --paper: {error}")
        print(f"{args.username}: owner of {paper} (paper trading account of {args.account})")
    return EXIT_OK


def _list(engine: Engine, table: UserTable) -> int:
    credentials = {row.username: row for row in table.users()}
    for username, grants in sorted(engine.users().items()):
        row = credentials.get(username)
        kind = "no credentials" if row is None else "no password" if row.password_hash is None else \
            f"password, second factor {row.second_factor}"
        roles = "; ".join(f"{g.role} of {g.account}" + (f" (clients {', '.join(g.clients)})" if g.clients else "")
                          for g in grants)
        print(f"{username}\t{kind}\t{roles}")
    return EXIT_OK


@dataclass(frozen=True)
class LoggedIn:
    """Who the command line logged in as: the account it acts as, its login (``entered_by``), its session."""

    account: str
    login: str
    read_only: bool
    session: Session | None
    service: LoginService | None


def command_line_login(args: argparse.Namespace, db: Path, engine: Engine, default: str,
                       gateway: bool = False) -> LoggedIn | None:
    """Log in as ``--user`` (or refuse ``--login`` where users have passwords); None after printing why.
    Without users with passwords and without --user, the account login of before (``--login`` or ``default``).

    The user's login travels with every command (``entered_by``) and the engine checks its role, so any role
    may open the windows or the gateway; a viewer or a read-only login is served as the Read-Only API. Both
    read as the account, so a user limited to some of an advisor's clients is refused by both."""
    from workstation.login import Authenticated, LoginService, Refused, SecondFactor  # noqa: PLC0415
    from workstation.store.users import UserTable  # noqa: PLC0415

    paper = getattr(args, "paper", False)
    if paper and args.user is None:
        _refuse("--paper: give --user USERNAME --password-stdin (a user's paper trading account)")
        return None
    table = UserTable(db) if db is not None else None
    passworded = table is not None and table.has_passwords()
    if args.user is None:
        if passworded:
            _refuse("this database has users with passwords: log in with --user USERNAME --password-stdin"
                    + (" (--login picks among passwordless users only)" if args.login else ""))
            return None
        return LoggedIn(args.login or default, args.login or default, False, None, None)
    if args.login is not None:
        _refuse("--login: give --user or --login, not both")
        return None
    if not args.password_stdin or table is None:
        _refuse("--user: give --password-stdin and the password on standard input (and a database, not --scenario)")
        return None
    service = LoginService(table)
    step = service.log_in(args.user, _read_line())
    if isinstance(step, SecondFactor):
        print(f"{step.title}: {step.prompt} (or read-only to Enter Read Only)", flush=True)
        answer = _read_line()
        step = service.enter_read_only(step) if answer.strip().lower() == "read-only" else service.answer(step, answer)
    if isinstance(step, Refused):
        print(step.text, file=sys.stderr)
        return None
    assert isinstance(step, Authenticated)
    return _start_session(service, step, engine, gateway, paper)


def _start_session(service: LoginService, step: Authenticated, engine: Engine, gateway: bool,
                   paper: bool = False) -> LoggedIn | None:
    from workstation.login import ExistingSession  # noqa: PLC0415
    from workstation.login.accounts import limited_to_clients, trading_accounts  # noqa: PLC0415
    from workstation.tws_api.adapter import login_is_read_only  # noqa: PLC0415

    account, _ = trading_accounts(engine, step.username)
    if account is None:
        _refuse(f"--user: {step.username} has no role on any account of this database")
        return None
    if paper:
        from workstation.cli_paper import NO_PAPER_ACCOUNT, paper_grant  # noqa: PLC0415

        grant = paper_grant(engine, step.username)
        if grant is None:
            _refuse("--paper: " + NO_PAPER_ACCOUNT.format(user=step.username))
            return None
        account = grant.account
    if limited_to_clients(engine, step.username):
        _refuse(f"--user: {step.username} is limited to some clients of {account}; "
                + ("the gateway" if gateway else "the workstation's windows") + " read as the account and cannot "
                "limit what they show to those clients yet")
        return None
    session = service.start_session(step)
    if isinstance(session, ExistingSession):
        print(f"{session.text}: {step.username} is logged in elsewhere (pid {session.pid}); type continue to "
              f"disconnect it, anything else to exit", flush=True)
        if _read_line().strip().lower() != "continue":
            return None
        session = service.start_session(step, take_over=session)
        if isinstance(session, ExistingSession):
            _refuse(f"{session.text}: another login took the session meanwhile")
            return None
    return LoggedIn(account, step.login, login_is_read_only(engine, step.login), session, service)


def needs_login_window(args: argparse.Namespace, db: Path) -> bool:
    """Whether the GUI starts with its Login window: the database has users with passwords and neither
    --user nor --login was given (--login is then refused as before)."""
    from workstation.store.users import UserTable  # noqa: PLC0415

    if args.user is not None or args.login is not None:
        return False
    with UserTable(db) as table:
        return table.has_passwords()


def window_login(db: Path, engine: Engine) -> LoggedIn | None:
    """Log in through the Login window; None when it was closed (Exit Application)."""
    from workstation.login import LoginService  # noqa: PLC0415
    from workstation.store.users import UserTable  # noqa: PLC0415
    from workstation.ui.app import run_login_window  # noqa: PLC0415

    service = LoginService(UserTable(db))
    outcome = run_login_window(service, engine)
    if outcome is None:
        return None
    return LoggedIn(outcome.account, outcome.login, outcome.read_only, outcome.session, service)


def _read_line() -> str:
    return sys.stdin.readline().rstrip("\r\n")


def _refuse(message: str) -> int:
    print(f"workstation: {message}", file=sys.stderr)
    return EXIT_USAGE
