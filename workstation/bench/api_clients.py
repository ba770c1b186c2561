"""Bare TWS API market-data clients for the API figures: many of them on one asyncio loop, each
connected, started and holding streaming lines, noting when each last-price tick arrived.

They speak only what they need, with the field layouts of ibapi's client.py (``startApi``: 71,
version 2, clientId, optional capabilities; ``reqMktData``: 1, version 11, reqId, the 12-field
contract, no delta-neutral contract, genericTickList, snapshot, regulatorySnapshot, options) and read
tickPrice as its decoder does (1, version, reqId, tickType, price, size, attrMask). A raw client costs
a fraction of ib_async's decoding, so one process can hold 8 of them at 1,000 ticks a second each.

``python -m workstation.bench.api_clients --port P --clients N --symbols A,B,C`` connects N clients
to 127.0.0.1:P, opens a line on each symbol for each, prints ``subscribed``, keeps reading until
stdin ends and then prints one JSON line with the ticks each received (the GUI figure's clients).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import struct
import sys
import time
from collections.abc import Callable

VERSIONS = b"v157..176"
REQUESTS_PER_SECOND = 45  # under the server's pacing of 50 a second per client (error 100 beyond)
TICK_PRICE, ERROR = b"1", b"4"
LAST = b"4"
_LENGTH = struct.Struct(">I")


def _frame(*fields: object) -> bytes:
    payload = b"".join(str(f).encode() + b"\0" for f in fields)
    return _LENGTH.pack(len(payload)) + payload


class MarketDataClient:
    """One connected client; ``on_last(req_id, price, arrived)`` hears every last-price tick."""

    def __init__(self, client_id: int, on_last: Callable[[int, float, float], None] | None = None) -> None:
        self.client_id = client_id
        self.on_last = on_last
        self.errors: list[str] = []
        self.ticks = 0
        self.first_last: set[int] = set()
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._reading: asyncio.Task[None] | None = None
        self._started = asyncio.Event()

    async def connect(self, port: int, timeout: float = 30.0) -> None:
        self._reader, self._writer = await asyncio.open_connection("127.0.0.1", port)
        self._writer.write(b"API\0" + _LENGTH.pack(len(VERSIONS)) + VERSIONS)
        self._reading = asyncio.create_task(self._read())
        self._writer.write(_frame(71, 2, self.client_id, ""))
        await asyncio.wait_for(self._started.wait(), timeout)

    async def subscribe(self, symbols: list[str], first_req_id: int = 1) -> None:
        """A streaming line per symbol, paced under the server's 50 messages a second."""
        assert self._writer is not None
        started = time.monotonic()
        for n, symbol in enumerate(symbols):
            due = started + max(0, n - REQUESTS_PER_SECOND + 5) / REQUESTS_PER_SECOND
            if due > time.monotonic():
                await asyncio.sleep(due - time.monotonic())
            self._writer.write(_frame(1, 11, first_req_id + n, 0, symbol, "STK", "", 0.0, "", "", "SMART", "",
                                      "USD", "", "", 0, "", 0, 0, ""))

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            with contextlib.suppress(OSError):
                await self._writer.wait_closed()
        if self._reading is not None:
            self._reading.cancel()

    async def _read(self) -> None:
        assert self._reader is not None
        buffer = b""
        handshaken = False
        on_last, first_last = self.on_last, self.first_last
        while True:
            chunk = await self._reader.read(1 << 16)
            if not chunk:
                return
            arrived = time.monotonic()
            buffer += chunk
            at = 0
            while len(buffer) - at >= 4:
                (size,) = _LENGTH.unpack_from(buffer, at)
                if len(buffer) - at - 4 < size:
                    break
                fields = buffer[at + 4: at + 4 + size].split(b"\0")
                at += 4 + size
                if not handshaken:  # the server's version and connection time
                    handshaken = True
                    continue
                kind = fields[0]
                if kind == TICK_PRICE:
                    self.ticks += 1
                    if fields[3] == LAST:
                        req_id = int(fields[2])
                        if req_id in first_last:
                            if on_last is not None:
                                on_last(req_id, float(fields[4]), arrived)
                        else:
                            first_last.add(req_id)
                elif kind == b"9":  # nextValidId: the start is answered
                    self._started.set()
                elif kind == ERROR and int(fields[3] or 0) < 2100:  # 2104/2106/2158 are farm notices
                    self.errors.append(b" ".join(fields[2:5]).decode(errors="replace"))
            buffer = buffer[at:]


async def connected_clients(port: int, count: int, symbols: list[str], first_client_id: int = 1,
                            on_last: Callable[[int, int, float, float], None] | None = None,
                            timeout: float = 60.0) -> list[MarketDataClient]:
    """``count`` clients, each with a line on every symbol and each line's first last price read;
    ``on_last(client_index, req_id, price, arrived)`` hears every later one."""
    clients = [MarketDataClient(first_client_id + n, None if on_last is None else
                                (lambda req_id, price, arrived, n=n: on_last(n, req_id, price, arrived)))
               for n in range(count)]
    await asyncio.gather(*(c.connect(port) for c in clients))
    await asyncio.gather(*(c.subscribe(symbols) for c in clients))
    deadline = time.monotonic() + timeout
    while any(len(c.first_last) < len(symbols) for c in clients):
        failed = [error for c in clients for error in c.errors]
        if failed or time.monotonic() > deadline:
            await asyncio.gather(*(c.close() for c in clients))
            raise RuntimeError(f"the market data lines did not open: {failed[:3] or 'no first ticks'}")
        await asyncio.sleep(0.02)
    return clients


async def _hold(port: int, count: int, symbols: list[str], first_client_id: int) -> dict[str, float]:
    clients = await connected_clients(port, count, symbols, first_client_id)
    print("subscribed", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    result = {"clients": float(count), "ticks": float(sum(c.ticks for c in clients)),
              "errors": float(sum(len(c.errors) for c in clients))}
    await asyncio.gather(*(c.close() for c in clients))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workstation.bench.api_clients")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--symbols", required=True, help="comma-separated: a line on each for every client")
    parser.add_argument("--first-client-id", type=int, default=1)
    args = parser.parse_args(argv)
    held = asyncio.run(_hold(args.port, args.clients, args.symbols.split(","), args.first_client_id))
    print(json.dumps(held), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
