"""The real IB API clients as test oracles: their decoders fed with our messages, their encoders captured.

ib_async 2.1.0 (ib_async/decoder.py Decoder.interpret, ib_async/client.py Client.send) and ibapi-latest
10.51.1 (ibapi/decoder.py Decoder.interpret, ibapi/client.py EClient.sendMsg) are driven without sockets:
our fields are framed and split exactly as each client splits a frame, and each client's requests are
captured at its connection's sendMsg and split back into fields.
"""

from __future__ import annotations

import asyncio
import logging
import struct
from collections.abc import Callable
from datetime import UTC
from types import SimpleNamespace
from typing import Any

import ib_async.client
import ib_async.decoder
import ibapi.client
import ibapi.decoder

# Every client log record at this level or above fails a test: ib_async logs (never raises) decoder
# exceptions, ibapi logs "diff len fields" and drops the message (reference tws-api.md section 7).
CLIENT_LOGGERS = ("ib_async", "ibapi")


def client_error_records(records: list[logging.LogRecord]) -> list[logging.LogRecord]:
    """The records that show a client failed on a message: errors, or anything logged with an exception."""
    return [record for record in records
            if record.name.split(".")[0] in CLIENT_LOGGERS and (record.levelno >= logging.ERROR or record.exc_info)]


class Recorder:
    """A wrapper for either client that records every callback as (name, args)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self.ib = SimpleNamespace(TimezoneTWS=None)  # ib_async's execDetails reads wrapper.ib.TimezoneTWS
        self.defaultTimezone = UTC

    def __getattr__(self, name: str) -> Callable[..., None]:
        if name.startswith("__"):
            raise AttributeError(name)

        def record(*args: Any) -> None:
            self.calls.append((name, args))

        return record

    def named(self, name: str) -> list[tuple[Any, ...]]:
        """The argument tuples of every call of `name`."""
        return [args for called, args in self.calls if called == name]

    def only(self, name: str) -> tuple[Any, ...]:
        """The arguments of the single call made; fails if anything else (an error) was called."""
        assert [called for called, _ in self.calls] == [name], self.calls
        return self.calls[0][1]


def _payload(fields: list[str]) -> bytes:
    return b"".join(f.encode("ascii") + b"\0" for f in fields)


def ib_async_decode(fields: list[str], server_version: int) -> Recorder:
    """Feed one message to ib_async's Decoder as its client would (ib_async client._onSocketHasData)."""
    recorder = Recorder()
    text = _payload(fields).decode(errors="backslashreplace").split("\0")
    text.pop()
    ib_async.decoder.Decoder(recorder, server_version).interpret(text)  # type: ignore[arg-type]
    return recorder


def ibapi_decode(fields: list[str], server_version: int) -> Recorder:
    """Feed one message to ibapi's Decoder as EClient.run does: the id cut off, the rest as byte fields."""
    recorder = Recorder()
    payload = _payload(fields)
    cut = payload.index(b"\0")
    msg_id = int(payload[:cut])
    rest = tuple(payload[cut + 1 :].split(b"\0")[:-1])
    ibapi.decoder.Decoder(recorder, server_version).interpret(rest, msg_id)
    return recorder


class _Capture:
    """A connection stand-in that keeps the frames a client sends."""

    def __init__(self) -> None:
        self.frames: list[bytes] = []

    def sendMsg(self, frame: bytes) -> None:  # noqa: N802 - the clients' method name
        self.frames.append(frame)

    def isConnected(self) -> bool:  # noqa: N802 - the clients' method name
        return True

    def requests(self) -> list[list[str]]:
        out = []
        for frame in self.frames:
            (size,) = struct.unpack(">I", frame[:4])
            assert size == len(frame) - 4
            out.append(frame[4:].decode("ascii").split("\0")[:-1])
        return out


def ib_async_requests(server_version: int, call: Callable[[ib_async.client.Client], None]) -> list[list[str]]:
    """The requests ib_async's Client sends for `call(client)` at `server_version`, split into fields."""
    capture = _Capture()
    client = ib_async.client.Client(Recorder())  # type: ignore[arg-type]
    client.conn = capture  # type: ignore[assignment]
    client.connState = ib_async.client.Client.CONNECTED
    client._serverVersion = server_version
    client.MaxRequests = 0
    loop = asyncio.new_event_loop()
    try:
        asyncio.set_event_loop(loop)
        call(client)
    finally:
        asyncio.set_event_loop(None)
        loop.close()
    return capture.requests()


def ibapi_requests(server_version: int, call: Callable[[ibapi.client.EClient], None]) -> list[list[str]]:
    """The requests ibapi's EClient sends for `call(client)` at `server_version`, split into fields.

    Anything ibapi refuses to send it reports through wrapper.error: that fails here.
    """
    capture = _Capture()
    recorder = Recorder()
    client = ibapi.client.EClient(recorder)
    client.conn = capture  # type: ignore[assignment]
    client.connState = ibapi.client.EClient.CONNECTED
    client.serverVersion_ = server_version
    call(client)
    assert not recorder.calls, recorder.calls
    return capture.requests()
