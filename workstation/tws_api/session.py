"""Session: one connected API client after its handshake, answering its requests in order.

The session speaks only through :class:`Outlet` (send a message, close the connection) and reaches
the engine only through the server's :class:`~workstation.tws_api.link.EngineLink`. Each request is
parsed by the codec (``incoming.parse_request``) and handed to its handler (``handlers``). A request
that cannot be read is answered 320 naming the field; one this server does not serve, 505 naming it
(on the request's id where it has one, so the client's waiting call ends instead of timing out).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from workstation.tws_api import outgoing, replies
from workstation.tws_api.fields import RequestError, UnknownRequest
from workstation.tws_api.handlers import HANDLERS
from workstation.tws_api.incoming import StartApi, parse_request
from workstation.tws_api.pacing import PACING_VIOLATION, MessagePacing

if TYPE_CHECKING:
    from workstation.tws_api.link import EngineLink

log = logging.getLogger("workstation.tws_api")


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


class Session:
    """One client's conversation, from startApi to disconnection."""

    def __init__(self, outlet: Outlet, host: SessionHost, server_version: int) -> None:
        self.outlet = outlet
        self.host = host
        self.server_version = server_version
        self.client_id: int | None = None
        self.auto_open_orders = False
        self._unserved_seen: set[str] = set()
        self._closers: list[Callable[[], object]] = []
        self.pacing = MessagePacing()

    @property
    def started(self) -> bool:
        return self.client_id is not None

    def send(self, fields: Sequence[object]) -> None:
        self.outlet.send(fields)

    def send_error(self, req_id: int, code: int, text: str) -> None:
        self.send(outgoing.error_message(self.server_version, req_id, code, text))

    def on_close(self, closer: Callable[[], object]) -> None:
        """Run ``closer`` on the server's loop when the connection ends (to end an engine subscription,
        post its unsubscription through ``host.link``)."""
        self._closers.append(closer)

    def closed(self) -> None:
        """The connection ended: end what the session's requests opened."""
        closers, self._closers = self._closers, []
        for closer in closers:
            try:
                closer()
            except Exception:  # noqa: BLE001 - one failing closer must not keep the others open
                log.exception("API client %s: closing a subscription failed", self.outlet.peer)

    async def handle(self, fields: list[str]) -> None:
        """Answer one request; a request that cannot be read or served gets an error, never an exception."""
        if not self.pacing.admit():
            self.send_error(replies.NO_REQUEST, PACING_VIOLATION, self.pacing.violation_text())
            return
        try:
            request = parse_request(fields, self.server_version)
        except UnknownRequest:
            self._unserved(fields[0] if fields else "?", replies.NO_REQUEST)
            return
        except RequestError as error:
            log.warning("API client %s sent a request that cannot be read: %s", self.outlet.peer, error)
            self.send_error(replies.NO_REQUEST, replies.SERVER_ERROR[0], f"{replies.SERVER_ERROR[1]} {error}")
            return
        if not self.started and not isinstance(request, StartApi):
            self.outlet.close(f"{type(request).__name__} arrived before startApi")
            return
        handler = HANDLERS.get(type(request))
        if handler is None:
            self._unserved(getattr(request, "NAME", type(request).__name__), _request_id(request))
            return
        try:
            pending = handler(self, request)
            if pending is not None:
                await pending
        except Exception:  # noqa: BLE001 - a request that fails must not end the session
            log.exception("API client %s: %s could not be handled", self.outlet.peer, type(request).__name__)
            self.send_error(_request_id(request), *replies.SERVER_ERROR)

    def _unserved(self, name: str, req_id: int) -> None:
        if name not in self._unserved_seen:  # once per message: a flood of them must not flood the log
            self._unserved_seen.add(name)
            log.info("API client %s sent %s, which this server does not handle; answered 505", self.outlet.peer, name)
        self.send_error(req_id, replies.UNKNOWN_MESSAGE, f"Fatal Error: Unknown message id. ({name} is not "
                                                         f"supported by this server)")


def _request_id(request: Any) -> int:
    """The id a client's waiting call is keyed on: the request id, else the order id, else -1."""
    for name in ("req_id", "order_id"):
        value = getattr(request, name, None)
        if isinstance(value, int):
            return value
    return replies.NO_REQUEST
