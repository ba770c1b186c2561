"""The TWS API wire format: frames, fields, and the opening handshake's version negotiation.

A message is a 4-byte big-endian length followed by that many bytes of NUL-terminated ASCII fields;
the first field is the message id. A client opens with the raw bytes ``API\\0`` and one frame
holding ``v<min>..<max>`` (connect options may follow a space). The server answers with a frame of
exactly two fields, the server version it chose and its connection time. Nothing here touches a
socket: :class:`FrameReader` is fed whatever bytes arrived, however they were split, and hands
back whole frames; a length prefix over its maximum is refused before a byte of it is buffered.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

API_PREFIX = b"API\0"
LENGTH = struct.Struct(">I")

MIN_SERVER_VERSION = 157
"""ib_async's own minimum and the lowest version every supported client accepts (reference §0)."""
MAX_SERVER_VERSION = 178
"""The highest layout the server speaks (PENDING_PRICE_REVISION); 201 and up is protobuf."""
DEFAULT_MAX_SERVER_VERSION = 176
"""The recommended default: keeps the order's separate faProfile field, which 177 removes."""
SKIPPED_VERSIONS = frozenset({158, 163})
"""Versions at which ib_async and ibapi disagree on a layout (openOrder at 158, contractDetails at
163): never answered, the next lower one is."""

MAX_FRAME_BYTES = 1 << 20
"""The largest request accepted. The biggest real request, a placeOrder with a long combo and its
conditions, is a few kilobytes; anything near a megabyte is a broken or hostile client."""
MAX_VERSION_FRAME_BYTES = 256
"""The handshake's version frame is ``v100..226`` plus a few connect options."""

_VERSION_RANGE = re.compile(rb"v(\d{1,6})(?:\.\.(\d{1,6}))?")


class ProtocolError(Exception):
    """The peer broke the wire format; the connection is closed with this message logged."""


def encode_fields(fields: Iterable[object]) -> bytes:
    """One frame: every field as text, NUL-terminated, behind the payload's length."""
    payload = b"".join(_field_bytes(field) + b"\0" for field in fields)
    return LENGTH.pack(len(payload)) + payload


def _field_bytes(field: object) -> bytes:
    if isinstance(field, bool):
        text = "1" if field else "0"
    elif field is None:
        text = ""
    else:
        text = str(field)
    if "\0" in text:
        raise ValueError(f"a field may not contain NUL: {text!r}")
    # The clients decode strings as ASCII (ibapi then unicode-escapes error texts): escape the rest.
    return text.encode("ascii", errors="backslashreplace")


def decode_fields(payload: bytes) -> list[str]:
    """A frame's fields. Bytes that are not ASCII are kept as escapes, never raise."""
    parts = payload.split(b"\0")
    if parts and parts[-1] == b"":
        parts.pop()
    return [part.decode("ascii", errors="backslashreplace") for part in parts]


class FrameReader:
    """Reassembles length-prefixed frames from bytes as they arrive (one at a time, or many frames
    in one read). Raises :class:`ProtocolError` on a length over ``max_frame``, without buffering it."""

    def __init__(self, max_frame: int = MAX_FRAME_BYTES) -> None:
        self.max_frame = max_frame
        self._buffer = bytearray()

    @property
    def buffered(self) -> int:
        return len(self._buffer)

    def feed(self, data: bytes) -> list[bytes]:
        """Add ``data``; return the payloads of every frame now complete, in order."""
        self._buffer += data
        frames: list[bytes] = []
        while len(self._buffer) >= LENGTH.size:
            (size,) = LENGTH.unpack_from(self._buffer)
            if size > self.max_frame:
                raise ProtocolError(f"frame of {size:,} bytes announced; the limit is {self.max_frame:,}")
            end = LENGTH.size + size
            if len(self._buffer) < end:
                break
            frames.append(bytes(self._buffer[LENGTH.size:end]))
            del self._buffer[:end]
        return frames


@dataclass(frozen=True)
class ClientVersions:
    """The range a client offered in its handshake, and its connect options (e.g. ``+PACEAPI``)."""

    low: int
    high: int
    options: str = ""


def parse_version_range(payload: bytes) -> ClientVersions:
    """``v157..178``, ``v100..226 +PACEAPI`` or a single ``v176``."""
    text, _, options = payload.partition(b" ")
    match = _VERSION_RANGE.fullmatch(text)
    if match is None:
        raise ProtocolError(f"handshake version range {payload[:40]!r} is not v<min>..<max>")
    low = int(match.group(1))
    high = int(match.group(2)) if match.group(2) else low
    if high < low:
        raise ProtocolError(f"handshake version range v{low}..{high} is upside down")
    return ClientVersions(low, high, options.decode("ascii", errors="replace").strip())


def check_server_max(max_version: int) -> int:
    """``max_version`` if the server can be configured to it; ValueError naming the range otherwise."""
    if not MIN_SERVER_VERSION <= max_version <= MAX_SERVER_VERSION or max_version in SKIPPED_VERSIONS:
        raise ValueError(f"server version {max_version} is not supported; choose {MIN_SERVER_VERSION} to "
                         f"{MAX_SERVER_VERSION}, except {' and '.join(map(str, sorted(SKIPPED_VERSIONS)))}")
    return max_version


def negotiate(client: ClientVersions, server_max: int = DEFAULT_MAX_SERVER_VERSION) -> int | None:
    """The server version to answer: the highest both sides speak, stepping over the skipped ones;
    None when the ranges do not meet (the connection is then closed, as TWS drops it)."""
    version = min(client.high, server_max)
    while version in SKIPPED_VERSIONS:
        version -= 1
    if version < max(client.low, MIN_SERVER_VERSION):
        return None
    return version


def message_id(fields: Sequence[str]) -> int | None:
    """The message id of a request, None when the first field is not a number."""
    if not fields or not fields[0].isdigit() or len(fields[0]) > 6:
        return None
    return int(fields[0])
