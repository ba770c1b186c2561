"""Session: one connected API client after its handshake, answering its requests in order.

The session speaks only through :class:`Outlet` (send a message, close the connection) and reaches
the engine only through the server's :class:`~workstation.tws_api.link.EngineLink`. Requests the
server does not handle yet are answered with error 505 naming the message (on the request's id
when the message has one, so the client's waiting call ends instead of timing out); a request that
cannot be read is answered with 320. Message ids and layouts: ibapi ``message.py`` (OUT) and
``client.py``, reference §1.3-§1.5 and §4.2.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from workstation.tws_api import replies
from workstation.tws_api.wire import message_id

if TYPE_CHECKING:
    from workstation.tws_api.link import EngineLink

log = logging.getLogger("workstation.tws_api")

START_API, PLACE_ORDER, CANCEL_ORDER, REQ_GLOBAL_CANCEL = 71, 3, 4, 58

UNHANDLED_REQUESTS = {
    1: ("reqMktData", 2), 2: ("cancelMktData", 2), 9: ("reqContractDetails", 2), 10: ("reqMktDepth", 2),
    18: ("requestFA", None), 19: ("replaceFA", None), 20: ("reqHistoricalData", 1), 59: ("reqMarketDataType", None),
    62: ("reqAccountSummary", 2), 74: ("reqPositionsMulti", 2), 78: ("reqSecDefOptParams", 1),
    81: ("reqMatchingSymbols", 1), 87: ("reqHeadTimestamp", 1), 92: ("reqPnL", 1), 94: ("reqPnLSingle", 1),
}
"""Requests not handled yet: their names (for the error text) and where their request id is."""


class Outlet(Protocol):
    """The connection a session writes to (on the server's loop)."""

    peer: str

    def send(self, fields: Sequence[object]) -> None: ...

    def close(self, reason: str) -> None: ...


class SessionHost(Protocol):
    """What a session needs of its server: the engine link, its settings and the client-id registry."""

    link: EngineLink
    read_only: bool

    def claim_client_id(self, client_id: int, session: Session) -> bool: ...


@dataclass
class StartupAnswers:
    """What startApi answers with, read from the engine in one call."""

    accounts: list[str]
    next_order_id: int


class Session:
    """One client's conversation, from startApi to disconnection."""

    def __init__(self, outlet: Outlet, host: SessionHost, server_version: int) -> None:
        self.outlet = outlet
        self.host = host
        self.server_version = server_version
        self.client_id: int | None = None
        self.auto_open_orders = False
        self._unhandled_seen: set[int] = set()
        self._handlers: dict[int, Callable[[list[str]], Awaitable[None] | None]] = {
            START_API: self._start_api, 8: self._req_ids, 17: self._req_managed_accounts, 49: self._req_current_time,
            61: self._end_of(replies.position_end), 64: _ignore, 5: self._end_of(replies.open_order_end),
            16: self._end_of(replies.open_order_end), 15: self._req_auto_open_orders,
            99: self._end_of(replies.completed_orders_end), 6: self._req_account_updates,
            76: self._req_account_updates_multi, 77: _ignore, 63: _ignore, 75: _ignore,
            7: self._req_executions, PLACE_ORDER: self._place_order, CANCEL_ORDER: self._cancel_order,
            REQ_GLOBAL_CANCEL: self._req_global_cancel,
        }

    @property
    def started(self) -> bool:
        return self.client_id is not None

    def send(self, fields: Sequence[object]) -> None:
        self.outlet.send(fields)

    def send_error(self, req_id: int, code: int, text: str) -> None:
        self.send(replies.error(self.server_version, req_id, code, text))

    async def handle(self, fields: list[str]) -> None:
        """Answer one request; a request that cannot be read gets 320, never an exception."""
        msg_id = message_id(fields)
        if msg_id is None:
            log.warning("API client %s sent a message without a numeric id: %r", self.outlet.peer, fields[:3])
            self.send_error(replies.NO_REQUEST, *replies.SERVER_ERROR)
            return
        if not self.started and msg_id != START_API:
            self.outlet.close(f"message {msg_id} arrived before startApi")
            return
        handler = self._handlers.get(msg_id)
        try:
            if handler is None:
                self._unhandled(msg_id, fields)
                return
            pending = handler(fields)
            if pending is not None:
                await pending
        except Exception:  # noqa: BLE001 - a bad request must not end the session
            log.exception("API client %s: request %s could not be handled: %r", self.outlet.peer, msg_id, fields[:8])
            self.send_error(replies.NO_REQUEST, *replies.SERVER_ERROR)

    # -- session ------------------------------------------------------------------------------------

    async def _start_api(self, fields: list[str]) -> None:
        if self.started:
            log.info("API client %s sent startApi twice; ignored", self.outlet.peer)
            return
        client_id = int(fields[2])
        if not self.host.claim_client_id(client_id, self):
            log.warning("API client %s asked for client id %d, which is in use; refused (326)", self.outlet.peer,
                        client_id)
            self.send_error(replies.NO_REQUEST, *replies.DUPLICATE_CLIENT_ID)
            self.outlet.close(f"client id {client_id} is already in use")
            return
        self.client_id = client_id
        answers = await self.host.link.call(
            lambda adapter: StartupAnswers(adapter.managed_accounts(), adapter.next_order_id(client_id)))
        log.info("API client %s connected as client id %d at server version %d", self.outlet.peer, client_id,
                 self.server_version)
        self.send(replies.managed_accounts(answers.accounts))
        self.send(replies.next_valid_id(answers.next_order_id))
        for message in replies.farm_messages(self.server_version):
            self.send(message)

    async def _req_ids(self, _fields: list[str]) -> None:
        client_id = self.client_id
        self.send(replies.next_valid_id(await self.host.link.call(lambda adapter: adapter.next_order_id(client_id))))

    async def _req_managed_accounts(self, _fields: list[str]) -> None:
        self.send(replies.managed_accounts(await self.host.link.call(lambda adapter: adapter.managed_accounts())))

    async def _req_current_time(self, _fields: list[str]) -> None:
        now: datetime = await self.host.link.call(lambda adapter: adapter.now())
        self.send(replies.current_time(int(now.timestamp())))

    # -- connect-time requests answered with their end markers until the codec answers them in full --

    def _end_of(self, marker: Callable[[], list[object]]) -> Callable[[list[str]], None]:
        return lambda _fields: self.send(marker())

    def _req_auto_open_orders(self, fields: list[str]) -> None:
        self.auto_open_orders = self.client_id == 0 and fields[2:3] == ["1"]

    async def _req_account_updates(self, fields: list[str]) -> None:
        subscribe, account = fields[2], fields[3]
        if subscribe != "1":
            return
        now: datetime = await self.host.link.call(lambda adapter: adapter.now())
        self.send(replies.account_update_time(now))
        self.send(replies.account_download_end(account))

    def _req_account_updates_multi(self, fields: list[str]) -> None:
        self.send(replies.account_update_multi_end(int(fields[2])))

    def _req_executions(self, fields: list[str]) -> None:
        self.send(replies.execution_data_end(int(fields[2])))

    # -- orders ---------------------------------------------------------------------------------------

    async def _place_order(self, fields: list[str]) -> None:
        order_id, client_id = int(fields[1]), self.client_id
        await self.host.link.call(lambda adapter: adapter.note_order_id(client_id, order_id))
        if self.host.read_only:
            self.send_error(order_id, *replies.READ_ONLY)
            return
        self.send_error(order_id, 201, "Order rejected - reason: orders over the API are not handled by this "
                                       "server yet")

    def _cancel_order(self, fields: list[str]) -> None:
        order_id = int(fields[2])
        if self.host.read_only:
            self.send_error(order_id, *replies.READ_ONLY)
            return
        self.send_error(order_id, 10147, f"OrderId {order_id} that needs to be cancelled is not found.")

    def _req_global_cancel(self, _fields: list[str]) -> None:
        if self.host.read_only:
            self.send_error(replies.NO_REQUEST, *replies.READ_ONLY)

    def _unhandled(self, msg_id: int, fields: list[str]) -> None:
        name, req_id_at = UNHANDLED_REQUESTS.get(msg_id, (f"message {msg_id}", None))
        req_id = replies.NO_REQUEST
        if req_id_at is not None and len(fields) > req_id_at and fields[req_id_at].lstrip("-").isdigit():
            req_id = int(fields[req_id_at])
        if msg_id not in self._unhandled_seen:  # once per message: a flood of them must not flood the log
            self._unhandled_seen.add(msg_id)
            log.info("API client %s sent %s, which this server does not handle; answered 505", self.outlet.peer, name)
        self.send_error(req_id, replies.UNKNOWN_MESSAGE, f"Fatal Error: Unknown message id. ({name} is not "
                                                         f"supported by this server)")


def _ignore(_fields: list[str]) -> None:
    """Cancelling a subscription the server keeps no state for."""
