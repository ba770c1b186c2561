"""Shared pieces of the TWS API tests: the clients' log guard, a raw socket client, a runner.

The guard follows the reference's §7: ib_async catches every decoding exception and only logs it
(``Decoder.interpret`` logs "Error handling fields" with exc_info, ib_async/decoder.py), and ibapi
drops a message whose field count is off with an ERROR "diff len fields and params"
(ibapi/decoder.py ``interpret``). A test passes only if neither logged an error or an exception.
"""

from __future__ import annotations

import asyncio
import logging
import struct
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

from tests.tws_api.clients import client_error_records

T = TypeVar("T")
SCENARIOS = Path(__file__).parent.parent / "scenarios"
ADVISOR_SCENARIO = SCENARIOS / "advisor_orders.yaml"  # FA9 advising K1, K2, K3
TIMEOUT = 30.0  # a guard against a hang, never a pace: every wait below ends on an answer
# The negotiated versions every client-facing test runs at: ib_async's minimum, the default, the maximum.
SERVER_VERSIONS = (157, 176, 178)


@pytest.fixture(autouse=True)
def client_log_guard(caplog: pytest.LogCaptureFixture, request: pytest.FixtureRequest) -> Iterator[None]:
    caplog.set_level(logging.DEBUG, logger="ib_async")
    caplog.set_level(logging.INFO, logger="ibapi")
    caplog.set_level(logging.INFO, logger="workstation.tws_api")
    yield
    failures = client_error_records(caplog.get_records("setup") + caplog.get_records("call"))
    expected = getattr(request.node, "expected_client_errors", set())
    failures = [r for r in failures if r.exc_info or not any(
        r.getMessage().startswith(f"Error {code}, ") for code in expected)]
    assert not failures, "a client logged a decoding failure: " + "; ".join(
        r.getMessage()[:300] for r in failures)


@pytest.fixture
def expected_client_errors(request: pytest.FixtureRequest) -> set[int]:
    """The IB error codes a test provokes on purpose. ib_async logs each at ERROR ("Error 200, reqId 5: ...",
    ib_async/wrapper.py ``error``); the guard lets those pass, never a decoding failure."""
    codes: set[int] = set()
    request.node.expected_client_errors = codes
    return codes


async def connect_ib(gateway: Any, client_id: int, *, raise_request_errors: bool = False) -> Any:
    """An ib_async client connected to ``gateway`` (a missing startup answer fails instead of timing out)."""
    import ib_async  # noqa: PLC0415 - a test dependency, imported where a test connects

    ib = ib_async.IB()
    ib.RaiseRequestErrors = raise_request_errors
    await ib.connectAsync(gateway.host, gateway.port, clientId=client_id, timeout=TIMEOUT, raiseSyncErrors=True)
    return ib


async def on_engine(gateway: Any, work: Callable[[Any], Any]) -> Any:
    """``work(engine)`` on the engine's thread without blocking the client's loop."""
    return await asyncio.to_thread(gateway.on_engine, work)


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a test's client side on its own loop, failing instead of hanging."""
    return asyncio.run(asyncio.wait_for(coroutine, TIMEOUT))


def frame(*fields: object) -> bytes:
    payload = b"".join(str(f).encode() + b"\0" for f in fields)
    return struct.pack(">I", len(payload)) + payload


class RawClient:
    """A bare TWS API client over asyncio streams: what a test needs to speak byte by byte."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.server_version = 0

    @classmethod
    async def open(cls, port: int, **options: Any) -> RawClient:
        reader, writer = await asyncio.open_connection("127.0.0.1", port, **options)
        return cls(reader, writer)

    @classmethod
    async def started(cls, port: int, client_id: int, versions: bytes = b"v157..178") -> RawClient:
        """Connected, handshaken and past startApi with the connect messages read."""
        client = await cls.open(port)
        await client.handshake(versions)
        client.send(71, 2, client_id, "")
        assert (await client.read())[0] == "15"
        assert (await client.read())[0] == "9"
        for _farm in range(3):
            assert (await client.read())[:2] == ["4", "2"]
        return client

    async def handshake(self, versions: bytes = b"v157..178") -> list[str]:
        self.writer.write(b"API\0" + struct.pack(">I", len(versions)) + versions)
        reply = await self.read()
        self.server_version = int(reply[0])
        return reply

    def send(self, *fields: object) -> None:
        self.writer.write(frame(*fields))

    async def read(self) -> list[str]:
        (size,) = struct.unpack(">I", await self.reader.readexactly(4))
        payload = await self.reader.readexactly(size)
        return payload.decode().split("\0")[:-1]

    async def current_time(self) -> list[str]:
        """reqCurrentTime (ibapi client.py reqCurrentTime: 49, version 1) and its answer."""
        self.send(49, 1)
        return await self.read()

    async def closed_by_server(self) -> bool:
        """True once the server closed the connection (whatever it sent before is skipped)."""
        try:
            while await self.reader.read(65536):
                pass
        except ConnectionError:
            pass
        return True

    def close(self) -> None:
        self.writer.close()
