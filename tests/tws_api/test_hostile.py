"""Hostile clients cannot block the server: after (or during) each abuse, a well-behaved client still
has reqCurrentTime answered, and the abuser is closed with a log line saying why. Every wait here
ends on an answer or on the server closing a socket; TIMEOUT only turns a hang into a failure."""

from __future__ import annotations

import asyncio
import logging
import socket
import struct
import threading

from tests.tws_api.conftest import ADVISOR_SCENARIO, TIMEOUT, RawClient, frame, run


async def _still_answered(port: int, client_id: int = 1) -> list[str]:
    good = await RawClient.started(port, client_id)
    try:
        return await good.current_time()
    finally:
        good.close()


def test_garbage_instead_of_the_handshake_is_closed(open_gateway, caplog):
    gateway = open_gateway(ADVISOR_SCENARIO)

    async def scenario() -> tuple[bool, list[str]]:
        garbage = await RawClient.open(gateway.port)
        garbage.writer.write(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        return await garbage.closed_by_server(), await _still_answered(gateway.port)

    closed, answer = run(scenario())
    assert closed and answer[:2] == ["49", "1"]
    assert "did not open with API" in caplog.text


def test_a_four_gigabyte_length_prefix_closes_without_allocating(open_gateway, caplog):
    gateway = open_gateway(ADVISOR_SCENARIO)

    async def scenario() -> tuple[bool, bool, list[str]]:
        in_handshake = await RawClient.open(gateway.port)
        in_handshake.writer.write(b"API\0\xff\xff\xff\xff")
        in_session = await RawClient.started(gateway.port, client_id=2)
        in_session.writer.write(b"\xff\xff\xff\xff" + b"x" * 1000)
        return (await in_handshake.closed_by_server(), await in_session.closed_by_server(),
                await _still_answered(gateway.port))

    handshake_closed, session_closed, answer = run(scenario())
    assert handshake_closed and session_closed and answer[:2] == ["49", "1"]
    assert caplog.text.count("frame of 4,294,967,295 bytes announced") == 2


def test_a_client_sending_byte_by_byte_is_served_and_blocks_no_one(open_gateway):
    gateway = open_gateway(ADVISOR_SCENARIO)
    stream = b"API\0" + struct.pack(">I", 9) + b"v157..178" + frame(71, 2, 4, "") + frame(49, 1)

    async def scenario() -> tuple[list[str], list[str]]:
        slow = await RawClient.open(gateway.port)
        half = len(stream) // 2
        for byte in stream[:half]:
            slow.writer.write(bytes([byte]))
            await slow.writer.drain()
        # Halfway through its startApi, another client is served as usual.
        other = await _still_answered(gateway.port)
        for byte in stream[half:]:
            slow.writer.write(bytes([byte]))
            await slow.writer.drain()
        answers = [await slow.read() for _ in range(7)]  # version, accounts, next id, three farms, the time
        slow.close()
        return answers[-1], other

    slow_answer, other_answer = run(scenario())
    assert slow_answer[:2] == ["49", "1"] and other_answer[:2] == ["49", "1"]


def test_a_hundred_idle_connections_lock_no_one_out_and_time_out(open_gateway, caplog):
    gateway = open_gateway(ADVISOR_SCENARIO, handshake_timeout=2.0, max_pending_connections=64)

    async def scenario() -> tuple[list[str], int]:
        idle = [await RawClient.open(gateway.port) for _ in range(100)]
        answer = await _still_answered(gateway.port)
        # The 36 oldest were dropped to keep 64 pending; the rest go at the handshake timeout.
        closed = await asyncio.gather(*(connection.closed_by_server() for connection in idle))
        return answer, sum(closed)

    answer, closed = run(scenario())
    assert answer[:2] == ["49", "1"]
    assert closed == 100
    assert "the oldest is dropped" in caplog.text and "no handshake within 2 s" in caplog.text


class _LogWatcher(logging.Handler):
    """Sets ``event`` when the server logs a line containing ``text``."""

    def __init__(self, text: str, event: threading.Event) -> None:
        super().__init__()
        self.text, self.event = text, event

    def emit(self, record: logging.LogRecord) -> None:
        if self.text in record.getMessage():
            self.event.set()


def test_a_client_that_never_reads_is_disconnected_and_others_are_served(open_gateway, caplog, request):
    gateway = open_gateway(ADVISOR_SCENARIO, max_queued_bytes=256 << 10)
    dropped = threading.Event()
    watcher = _LogWatcher("it is not reading", dropped)
    logging.getLogger("workstation.tws_api").addHandler(watcher)
    request.addfinalizer(lambda: logging.getLogger("workstation.tws_api").removeHandler(watcher))

    async def scenario() -> tuple[list[str], bool]:
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # a small window, so the server's queue fills
        sock.setblocking(False)
        await asyncio.get_running_loop().sock_connect(sock, ("127.0.0.1", gateway.port))
        reader, writer = await asyncio.open_connection(sock=sock)
        deaf = RawClient(reader, writer)
        deaf.writer.write(b"API\0" + struct.pack(">I", 9) + b"v157..178" + frame(71, 2, 6, ""))
        # Each request is answered with a ~90-byte error: ~8 MB of answers the client never reads.
        deaf.writer.write(frame(1, 11, 1) * 90_000)
        answer = await _still_answered(gateway.port)
        # Reading now would drain the queue: wait for the server to say it dropped the client first.
        assert await asyncio.get_running_loop().run_in_executor(None, dropped.wait, TIMEOUT)
        return answer, await deaf.closed_by_server()

    answer, closed = run(scenario())
    assert answer[:2] == ["49", "1"] and closed
    assert "it is not reading" in caplog.text


def test_clients_past_the_limit_are_told_502_and_closed(open_gateway):
    gateway = open_gateway(ADVISOR_SCENARIO, max_clients=2)

    async def scenario() -> tuple[list[str], list[str]]:
        first = await RawClient.started(gateway.port, client_id=1)
        second = await RawClient.started(gateway.port, client_id=2)
        third = await RawClient.open(gateway.port)
        await third.handshake()
        refusal = await third.read()
        assert await third.closed_by_server()
        second.close()
        await second.closed_by_server()
        answer = await first.current_time()
        first.close()
        return refusal, answer

    refusal, answer = run(scenario())
    assert refusal[:4] == ["4", "2", "-1", "502"]  # IB "Message Codes": 502, couldn't connect to TWS
    assert answer[:2] == ["49", "1"]
