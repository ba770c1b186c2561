"""ApiServer: the TWS API socket server, an asyncio loop in its own thread (reference §6.3, option A).

Each connection is an :class:`ApiConnection`: it reads the ``API\\0`` prefix and the version range,
answers the negotiated version, then feeds whole frames to its :class:`Session` one request at a
time. Nothing a client does can hold up the engine or another client:

* frames are bounded (:data:`~workstation.tws_api.wire.MAX_FRAME_BYTES`); a larger length prefix
  closes the connection before anything is buffered;
* each client's outgoing bytes are bounded (``max_queued_bytes``); a client that stops reading is
  disconnected when its queue would overflow, and sending never waits;
* a client flooding requests is paused (``pause_reading``) while its backlog is long;
* a connection that has not finished its handshake within ``handshake_timeout`` is closed, and
  when too many are pending the oldest is dropped, so idle sockets cannot lock out real clients;
* at most ``max_clients`` sessions (TWS's 32); every close is logged with its reason.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import threading
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from workstation.tws_api import replies
from workstation.tws_api.link import EngineLink
from workstation.tws_api.session import Session
from workstation.tws_api.wire import (
    API_PREFIX,
    DEFAULT_MAX_SERVER_VERSION,
    MAX_FRAME_BYTES,
    MAX_VERSION_FRAME_BYTES,
    FrameReader,
    ProtocolError,
    check_server_max,
    decode_fields,
    encode_fields,
    negotiate,
    parse_version_range,
)

log = logging.getLogger("workstation.tws_api")

MAX_CLIENTS = 32
"""TWS accepts up to 32 API clients at once."""
YIELD_EVERY = 32
"""Requests one client may have answered before the loop turns to the others."""


WILDCARD_HOSTS = frozenset({"0.0.0.0", "::"})


@dataclass(frozen=True)
class ClientInfo:
    """A client past startApi, as a connected-clients list shows it; ``connected_at`` is the wall clock."""

    client_id: int
    peer: str
    server_version: int
    connected_at: datetime


class ClientObserver(Protocol):
    """Told of each client once it has its client id, and when it goes; called on the server's thread."""

    def client_connected(self, client: ClientInfo) -> None: ...

    def client_disconnected(self, client: ClientInfo) -> None: ...


@dataclass
class ServerConfig:
    """The API settings: where to listen, who may connect, and the limits."""

    host: str = "127.0.0.1"
    port: int = 4002
    trusted_hosts: frozenset[str] = frozenset()
    read_only: bool = False
    master_client_id: int | None = None
    max_server_version: int = DEFAULT_MAX_SERVER_VERSION
    max_clients: int = MAX_CLIENTS
    max_pending_connections: int = 256
    handshake_timeout: float = 10.0
    max_queued_bytes: int = 8 << 20
    max_request_backlog: int = 256

    def __post_init__(self) -> None:
        check_server_max(self.max_server_version)
        # Every interface (0.0.0.0, ::) only with addresses to admit: admits() still refuses the rest.
        wildcard = self.host in WILDCARD_HOSTS and bool(self.trusted_hosts)
        if not (_is_loopback(self.host) or self.host in self.trusted_hosts or wildcard):
            raise ValueError(f"host {self.host} is not a loopback address; list it as trusted to listen on it")

    def admits(self, peer_host: str) -> bool:
        return _is_loopback(peer_host) or peer_host in self.trusted_hosts


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class ApiServer:
    """Listens on its own thread; :meth:`start` returns once it accepts connections."""

    def __init__(self, config: ServerConfig, link: EngineLink, observer: ClientObserver | None = None) -> None:
        self.config = config
        self.link = link
        self.observer = observer
        self._clients: dict[int, ClientInfo] = {}
        self.read_only = config.read_only
        self.port: int | None = None
        self.sessions: dict[int, Session] = {}
        self._pending: deque[ApiConnection] = deque()
        self._connections: set[ApiConnection] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.base_events.Server | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._failure: BaseException | None = None

    # -- lifetime (called from any thread) -------------------------------------------------------------

    def start(self) -> int:
        """Start listening; the port (the kernel's when configured as 0). Raises OSError if it cannot bind."""
        self._thread = threading.Thread(target=self._run, name="tws-api-server", daemon=True)
        self._thread.start()
        self._ready.wait()
        if self._failure is not None:
            self._thread.join()
            raise self._failure
        assert self.port is not None
        return self.port

    def stop(self) -> None:
        """Close every connection and the listening socket, and end the thread."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None or not thread.is_alive():
            return
        loop.call_soon_threadsafe(loop.stop)
        thread.join()

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        self.link.bind(loop)
        try:
            self._server = loop.run_until_complete(
                loop.create_server(lambda: ApiConnection(self), self.config.host, self.config.port))
        except OSError as error:
            self._failure = error
            self._ready.set()
            loop.close()
            return
        self.port = self._server.sockets[0].getsockname()[1]
        log.info("API server listening on %s:%d (read-only: %s)", self.config.host, self.port, self.read_only)
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            self._server.close()
            for connection in list(self._connections):
                connection.close("the server is stopping")
            workers = asyncio.all_tasks(loop)
            for worker in workers:
                worker.cancel()
            loop.run_until_complete(_wind_down(workers))
            loop.close()

    # -- on the server's loop ----------------------------------------------------------------------------

    def claim_client_id(self, client_id: int, session: Session) -> bool:
        if client_id in self.sessions:
            return False
        self.sessions[client_id] = session
        if self.observer is not None:
            client = ClientInfo(client_id, session.outlet.peer, session.server_version, datetime.now(UTC))
            self._clients[client_id] = client
            self.observer.client_connected(client)
        return True

    def connection_made(self, connection: ApiConnection) -> None:
        self._connections.add(connection)
        self._pending.append(connection)
        while len(self._pending) > self.config.max_pending_connections:
            self._pending.popleft().close("too many connections waiting for their handshake; the oldest is dropped")

    def handshake_done(self, connection: ApiConnection) -> bool:
        """Whether a session may start: False (and the client told 502) past ``max_clients``."""
        self._discard_pending(connection)
        started = sum(1 for c in self._connections if c.session is not None)
        return started < self.config.max_clients

    def connection_lost(self, connection: ApiConnection) -> None:
        self._connections.discard(connection)
        self._discard_pending(connection)
        session = connection.session
        if session is None:
            return
        session.closed()
        if session.client_id is not None and self.sessions.get(session.client_id) is session:
            del self.sessions[session.client_id]
            client = self._clients.pop(session.client_id, None)
            if client is not None and self.observer is not None:
                self.observer.client_disconnected(client)

    def _discard_pending(self, connection: ApiConnection) -> None:
        with contextlib.suppress(ValueError):
            self._pending.remove(connection)


async def _wind_down(workers: set[asyncio.Task[object]]) -> None:
    """Let cancelled request workers finish and closing sockets close."""
    await asyncio.gather(*workers, return_exceptions=True)
    await asyncio.sleep(0)


class ApiConnection(asyncio.Protocol):
    """One socket: handshake, then frames to the session, answers back within a bounded queue."""

    def __init__(self, server: ApiServer) -> None:
        self.server = server
        self.peer = "?"
        self.session: Session | None = None
        self.transport: asyncio.Transport | None = None
        self._prefix = b""
        self._reader = FrameReader(MAX_VERSION_FRAME_BYTES)
        self._requests: asyncio.Queue[list[str]] = asyncio.Queue()
        self._worker: asyncio.Task[None] | None = None
        self._paused = False
        self._closed = False
        self._handshake_timer: asyncio.TimerHandle | None = None
        self._outgoing: list[bytes] = []
        self._outgoing_bytes = 0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        address = transport.get_extra_info("peername") or ("?", 0)
        self.peer = f"{address[0]}:{address[1]}"
        config = self.server.config
        if not config.admits(str(address[0])):
            log.warning("API connection from %s refused: not a trusted address", self.peer)
            transport.abort()
            return
        self.server.connection_made(self)
        loop = asyncio.get_running_loop()
        self._handshake_timer = loop.call_later(config.handshake_timeout, self._handshake_expired)

    def data_received(self, data: bytes) -> None:
        if self._closed:
            return
        try:
            if len(self._prefix) < len(API_PREFIX):
                data = self._read_prefix(data)
            for payload in self._reader.feed(data):
                if self._closed:
                    return
                self._frame(payload)
        except ProtocolError as error:
            self.close(str(error))

    def _read_prefix(self, data: bytes) -> bytes:
        wanted = len(API_PREFIX) - len(self._prefix)
        self._prefix += data[:wanted]
        if not API_PREFIX.startswith(self._prefix):
            raise ProtocolError(f"the connection did not open with API\\0 (got {self._prefix!r})")
        return data[wanted:]

    def _frame(self, payload: bytes) -> None:
        if self.session is None:
            self._handshake(payload)
            return
        self._requests.put_nowait(decode_fields(payload))
        if self._requests.qsize() >= self.server.config.max_request_backlog and not self._paused:
            assert self.transport is not None
            self._paused = True
            self.transport.pause_reading()

    def _handshake(self, payload: bytes) -> None:
        offered = parse_version_range(payload)
        version = negotiate(offered, self.server.config.max_server_version)
        if version is None:
            raise ProtocolError(f"client versions v{offered.low}..{offered.high} do not meet the server's "
                                f"{self.server.config.max_server_version}")
        if self._handshake_timer is not None:
            self._handshake_timer.cancel()
        admitted = self.server.handshake_done(self)
        self.session = Session(self, self.server, version)
        self._reader.max_frame = MAX_FRAME_BYTES
        self.send(replies.version_reply(version, datetime.now(UTC)))  # TWS sends its wall clock here
        if not admitted:
            self.session.send_error(replies.NO_REQUEST, *replies.TOO_MANY_CLIENTS)
            self.close(f"already {self.server.config.max_clients} API clients connected")
            return
        self._worker = asyncio.get_running_loop().create_task(self._serve(self.session))

    async def _serve(self, session: Session) -> None:
        handled = 0
        while not self._closed:
            fields = await self._requests.get()
            await session.handle(fields)
            handled += 1
            if handled % YIELD_EVERY == 0:
                await asyncio.sleep(0)  # a backlog of answers that need no engine must not starve the other clients
            if self._paused and self._requests.qsize() < self.server.config.max_request_backlog // 2:
                assert self.transport is not None
                self._paused = False
                self.transport.resume_reading()

    def send(self, fields: Sequence[object]) -> None:
        """Queue a message; never waits. Disconnects a client whose queue would overflow."""
        if self._closed or self.transport is None:
            return
        frame = encode_fields(fields)
        queued = self.transport.get_write_buffer_size() + self._outgoing_bytes
        if queued + len(frame) > self.server.config.max_queued_bytes:
            self.close(f"it is not reading: {queued:,} bytes already queued for it")
            return
        if not self._outgoing:
            asyncio.get_running_loop().call_soon(self._flush)
        self._outgoing.append(frame)
        self._outgoing_bytes += len(frame)

    def _flush(self) -> None:
        """Write what this turn of the loop queued in one call: one system call for a burst of messages."""
        if not self._outgoing or self.transport is None or self.transport.is_closing():
            return
        data = b"".join(self._outgoing)
        self._outgoing.clear()
        self._outgoing_bytes = 0
        self.transport.write(data)

    def close(self, reason: str) -> None:
        if self._closed:
            return
        self._closed = True
        who = f"client id {self.session.client_id}" if self.session and self.session.client_id is not None else ""
        log.warning("API connection %s %s closed: %s", self.peer, who, reason)
        if self.transport is not None:
            # Flush what is queued (a 326 or 502 must reach the client) unless the queue is the problem.
            if self.transport.get_write_buffer_size() > self.server.config.max_queued_bytes // 2:
                self.transport.abort()
            else:
                self._flush()
                self.transport.close()
        self._shut_down()

    def connection_lost(self, exc: Exception | None) -> None:
        if not self._closed:
            self._closed = True
            log.info("API connection %s ended by the client%s", self.peer, f" ({exc})" if exc else "")
        self._shut_down()

    def _shut_down(self) -> None:
        if self._handshake_timer is not None:
            self._handshake_timer.cancel()
        if self._worker is not None:
            self._worker.cancel()
        self.server.connection_lost(self)

    def _handshake_expired(self) -> None:
        if self.session is None:
            self.close(f"no handshake within {self.server.config.handshake_timeout:g} s")

