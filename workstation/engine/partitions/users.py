"""Users and roles: who, among an account's users, may ask for what (issue 19, "Users and roles").

IB's User & Access Rights give each user rights per account (reference §2): here a role per account,
``owner`` (everything), ``trader`` (orders; no funding, no settings) or ``viewer`` (read-only), and
on an advisor's master an optional list of the clients the user is limited to ("User C might only be
able to trade client accounts 1-5"). Credentials are not the engine's (store/users.py keeps them).

A login is what a command's ``entered_by`` names. It is an account id (a workstation signed in as an
account, as before users existed), a username, or a username marked read-only (``alice:read-only``, the
Second Factor dialog's "Enter Read Only"). The role check is about the command, not the account's state,
so it is not an ``@account_rule``: rules of the account are replayed under the rules of the version that
journaled them, while a refusal by role never reaches the journal. It runs before the command's own
checks, on every command that names a login; a command with no login, or a login that is an account id,
is checked as it was before users existed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from workstation.engine.allocation.setup import GroupBook
from workstation.engine.core.errors import Rejection
from workstation.engine.ledger.accounts import Account
from workstation.engine.ledger.book import LedgerBook, LedgerState
from workstation.engine.messages.commands import (
    CancelOrder,
    Command,
    DefineUser,
    Deposit,
    ModifyOrder,
    PlaceOrder,
    TransferCash,
    TransferPosition,
    Withdraw,
)
from workstation.engine.messages.events import EnteredByUser, Event, OrderPlaced, UserDefined
from workstation.engine.messages.handlers import Handlers
from workstation.engine.orders.book import OrderBook
from workstation.engine.partitions.book import UserBook
from workstation.engine.partitions.records import UserGrant

ROLES = ("owner", "trader", "viewer")
READ_ONLY_SUFFIX = ":read-only"
USERNAME_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789._-")
USERNAME_LENGTH = 32

TRADING = (PlaceOrder, ModifyOrder, CancelOrder)
FUNDING = (Deposit, Withdraw, TransferCash, TransferPosition)
_ACCOUNT_FIELDS = ("account", "account_id", "from_account", "to_account", "advisor")


class GrantsState(UserBook, LedgerBook, Protocol):
    """What finding a user's grants works over: the users and the accounts."""


class UsersState(UserBook, LedgerState, OrderBook, GroupBook, Protocol):
    """What the role check works over: the users, the accounts, the live orders and the advisors' groups."""


def read_only_login(username: str) -> str:
    """The login of ``username`` signed in read-only, as its commands' ``entered_by`` carries it."""
    return username + READ_ONLY_SUFFIX


def parse_login(login: str) -> tuple[str, bool]:
    """(username or account id, read-only?) of a login."""
    if login.endswith(READ_ONLY_SUFFIX):
        return login[:-len(READ_ONLY_SUFFIX)], True
    return login, False


def check_username(username: str) -> str | None:
    """Why ``username`` cannot be a username (IB's are lower case), or None."""
    if not username or len(username) > USERNAME_LENGTH or not set(username) <= USERNAME_CHARACTERS:
        return (f"{username!r} is not a username; use 1 to {USERNAME_LENGTH} lower-case letters, digits, "
                f"'.', '_' or '-'")
    return None


# -- defining users -----------------------------------------------------------------------------


def user_handlers(state: UsersState) -> Handlers:
    return {DefineUser: (lambda c: _validate_define(state, c), lambda c, _checked, sink: _define(state, c, sink))}


def _validate_define(state: UsersState, command: DefineUser) -> None:
    problem = check_username(command.username)
    if problem is not None:
        raise Rejection("INVALID_USERNAME", "username", problem)
    if command.username in state.accounts:
        raise Rejection("INVALID_USERNAME", "username", f"{command.username} is an account id; a user needs a "
                        "name of its own")
    account = state.accounts.get(command.account)
    if account is None:
        raise Rejection("UNKNOWN_ACCOUNT", "account", f"{command.account} is not an account here")
    if command.role not in ROLES:
        raise Rejection("INVALID_ROLE", "role", f"{command.role!r} is not one of {', '.join(ROLES)}")
    if command.clients is not None:
        if not account.is_advisor:
            raise Rejection("NOT_ADVISOR", "clients", f"{command.account} is not an advisor's master; only an "
                            "advisor's users are limited to some clients")
        strangers = [c for c in command.clients if getattr(state.accounts.get(c), "advisor", None) != command.account]
        if strangers:
            raise Rejection("NOT_ADVISOR_CLIENT", "clients", f"{', '.join(strangers)} not a client of "
                            f"{command.account}")


def _define(state: UsersState, command: DefineUser, sink: list[Event]) -> None:
    grants = {g.account: g for g in state.users.get(command.username, ())}
    grants[command.account] = UserGrant(command.account, command.role, command.clients)
    state.users[command.username] = tuple(grants.values())
    sink.append(UserDefined(command.username, command.account, command.role, command.clients, state.now))


# -- the role check -----------------------------------------------------------------------------


def check_command(state: UsersState, command: Command) -> None:
    """Refuse ``command`` if its login is a user whose role does not allow it (see the module's docstring)."""
    if not state.users:
        return
    login = getattr(command, "entered_by", None)
    if login is None:
        return
    username, read_only = parse_login(login)
    grants = state.users.get(username)
    if grants is None:
        return  # an account's login: partitions.roles checks it, as before users existed
    if read_only:
        raise Rejection("READ_ONLY_LOGIN", "entered_by", f"{username} logged in read-only (Enter Read Only): "
                        f"nothing may be placed, modified, cancelled or changed")
    right = "trade" if isinstance(command, TRADING) else "fund" if isinstance(command, FUNDING) else "change settings"
    accounts = _accounts_of(state, command)
    if not accounts:  # on nothing known (a done order, say): what the user's strongest role allows
        _check_role(username, min(grants, key=lambda g: ROLES.index(g.role)), right)
    for account_id in accounts:
        grant = grant_for(state, grants, account_id)
        if grant is None:
            raise Rejection("NO_USER_RIGHTS", "entered_by", f"{username} has no rights on {account_id}")
        _check_role(username, grant, right)


def _check_role(username: str, grant: UserGrant, right: str) -> None:
    if grant.role == "viewer" or (grant.role == "trader" and right != "trade"):
        allowed = "read-only" if grant.role == "viewer" else "trades only, no funding or settings"
        raise Rejection("ROLE_NOT_ALLOWED", "entered_by", f"{username} is a {grant.role} of {grant.account} "
                        f"({allowed}) and may not {right} there")


def grant_for(state: GrantsState, grants: Iterable[UserGrant], account_id: str) -> UserGrant | None:
    """The grant that covers ``account_id``: on the account itself, on its holder, its parent (a
    partition), or its advisor (limited to the grant's clients), the strongest first."""
    account = state.accounts.get(account_id)
    covering = [g for g in grants if _covers(g, account_id, account)]
    return min(covering, key=lambda g: ROLES.index(g.role), default=None)


def _covers(grant: UserGrant, account_id: str, account: Account | None) -> bool:
    if grant.account == account_id:
        return True
    if account is None:
        return False
    if account.advisor == grant.account:
        return grant.clients is None or account_id in grant.clients
    return grant.account in (account.holder, account.parent)


def _accounts_of(state: UsersState, command: Command) -> list[str]:
    """The accounts ``command`` acts on; an unknown one is left to the command's own checks."""
    if isinstance(command, (ModifyOrder, CancelOrder)):
        order = state.orders.get(command.order_id)
        return [] if order is None else [order.account]
    accounts = [value for name in _ACCOUNT_FIELDS if isinstance(value := getattr(command, name, None), str)]
    if isinstance(command, PlaceOrder):
        if command.fa_allocations is not None:
            accounts += [account for account, _share in command.fa_allocations]
        elif command.fa_group is not None:
            group = state.groups.get((command.account, command.fa_group))
            accounts += [] if group is None else [account for account, _share in group.accounts]
    return [a for a in accounts if a in state.accounts]


def login_account(state: GrantsState, login: str | None, account_id: str) -> str | None:
    """The account a login acts as on ``account_id``: a user's, the account its covering grant is
    on; an account's login, itself. What ``partitions.roles.check_entry`` checks."""
    if login is None or not state.users:
        return login
    username, _read_only = parse_login(login)
    grants = state.users.get(username)
    if grants is None:
        return login
    grant = grant_for(state, grants, account_id)
    return grants[0].account if grant is None else grant.account


def visible_to_user(state: GrantsState, login: str, visible_to_account) -> frozenset[str] | None:  # noqa: ANN001
    """What a user's login sees: what each granted account's login sees, an advisor's limited user only
    the master and its clients; None if ``login`` is no user."""
    grants = state.users.get(parse_login(login)[0]) if state.users else None
    if grants is None:
        return None
    seen: set[str] = set()
    for grant in grants:
        if grant.clients is None:
            seen |= visible_to_account(grant.account)
        else:
            seen |= {grant.account, *grant.clients}
    return frozenset(seen)


def note_user(state: UsersState, command: Command, sink: list[Event]) -> None:
    """After a user's command was applied: who entered it, for the Audit Trail (one line per order)."""
    if not state.users:
        return
    login = getattr(command, "entered_by", None)
    if login is None or parse_login(login)[0] not in state.users:
        return
    name = type(command).__name__
    if isinstance(command, PlaceOrder):
        order_ids = [e.order_id for e in sink if type(e) is OrderPlaced][:1]
    elif isinstance(command, (ModifyOrder, CancelOrder)):
        order_ids = [command.order_id]
    else:
        order_ids = []
    if not order_ids:
        sink.append(EnteredByUser(login, name, state.now))
    sink.extend(EnteredByUser(login, name, state.now, order_id) for order_id in order_ids)
