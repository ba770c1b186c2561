"""The engine as the API server sees it: the reads and commands a session needs, on the engine's thread.

:class:`EngineAdapter` is the boundary. Every method runs on the engine's own thread (the session
reaches it only through :class:`workstation.tws_api.link.EngineLink`), so an implementation may
read and command the engine directly; nothing here knows about sockets or the wire format. The
message codec adds its own methods (account values, contracts, orders) to a subclass of
:class:`LiveEngineAdapter` and widens the Protocol the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Protocol

from workstation.engine.partitions.users import parse_login
from workstation.tws_api.contracts import ContractBook, contract_book
from workstation.tws_api.order_feed import ApiOrderBook

if TYPE_CHECKING:
    from workstation.engine import Engine


class EngineExecutor(Protocol):
    """Runs callables on the engine's one thread, in the order posted; ``post`` is thread-safe and
    never waits for the callable. The headless gateway's is a queue its main loop drains; a GUI's
    would post to the Qt thread."""

    def post(self, work: Callable[[], None]) -> None: ...


class EngineAdapter(Protocol):
    """What a session asks of the engine. Called on the engine's thread only."""

    def managed_accounts(self) -> list[str]:
        """The login's accounts for managedAccounts: an advisor's master first, then its clients."""
        ...

    def next_order_id(self, client_id: int) -> int:
        """The next API order id for ``client_id``: one past the highest it used (its orders' ids, kept by the
        engine, and the ids it sent that placed nothing since the server started), at least 1."""
        ...

    def note_order_id(self, client_id: int, order_id: int) -> None:
        """``client_id`` used ``order_id`` (ids need not be contiguous; ib_async skips some)."""
        ...

    def now(self) -> datetime:
        """The simulated clock: reqCurrentTime, the connection time and account update times."""
        ...


def login_is_read_only(engine: Engine, entered_by: str | None) -> bool:
    """Whether a user's login may change nothing: "Enter Read Only", or a viewer on every account it has.
    The server then answers every order as TWS's Read-Only API does (321); the engine refuses it anyway."""
    if entered_by is None:
        return False
    username, read_only = parse_login(entered_by)
    grants = engine.users().get(username)
    return read_only or (grants is not None and all(g.role == "viewer" for g in grants))


class LiveEngineAdapter:
    """:class:`EngineAdapter` over a live engine, signed in as the account ``login``; its clients' orders,
    changes and cancels are entered by ``entered_by``, the user's login (``USERNAME`` or
    ``USERNAME:read-only``, which the engine checks against the user's role), or as the account when None."""

    def __init__(self, engine: Engine, login: str, entered_by: str | None = None) -> None:
        if login not in engine.account_ids():
            raise KeyError(f"{login} is not an account of this engine")
        self.engine = engine
        self.login = login
        self.entered_by = entered_by
        self._highest_order_id: dict[int, int] = {}
        # Made with the adapter, not on the first order request: nextValidId reads it at every connection,
        # and its engine subscriptions live as long as the server, apart from any session's.
        self.api_order_book = ApiOrderBook(engine)

    def managed_accounts(self) -> list[str]:
        account = self.engine.account(self.login)
        if account.is_advisor:
            return [self.login, *self.engine.advisor_setup(self.login).clients]
        visible = self.engine.visible_accounts(self.login)
        return [self.login, *sorted(visible - {self.login})]

    def next_order_id(self, client_id: int) -> int:
        placed = self.api_order_book.highest_order_id.get(client_id, 0)
        return max(placed, self._highest_order_id.get(client_id, 0)) + 1

    def note_order_id(self, client_id: int, order_id: int) -> None:
        if order_id > self._highest_order_id.get(client_id, 0):
            self._highest_order_id[client_id] = order_id

    def now(self) -> datetime:
        return self.engine.now

    @cached_property
    def contract_book(self) -> ContractBook:
        """The engine's instruments with their conIds (``contracts.contract_book``: one per engine)."""
        return contract_book(self.engine)
