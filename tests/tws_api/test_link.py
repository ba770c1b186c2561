"""EngineLink, the one marshalling point: work runs on the engine's thread, results, errors and
engine events come back on the server's loop."""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Callable

import pytest

from tests.tws_api.conftest import run
from workstation.tws_api.link import EngineLink


class ThreadExecutor:
    """An engine thread of its own, draining posted work in order."""

    def __init__(self) -> None:
        self.work: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._drain, daemon=True)
        self.thread.start()

    def post(self, work: Callable[[], None]) -> None:
        self.work.put(work)

    def _drain(self) -> None:
        while (work := self.work.get()) is not None:
            work()

    def close(self) -> None:
        self.work.put(None)
        self.thread.join()


class Adapter:
    def __init__(self) -> None:
        self.threads: list[int] = []

    def answer(self) -> int:
        self.threads.append(threading.get_ident())
        return 42

    def fail(self) -> int:
        raise KeyError("no such account")


@pytest.fixture
def executor():
    started = ThreadExecutor()
    yield started
    started.close()


def test_work_runs_on_the_engine_thread_and_its_result_or_error_comes_back(executor):
    adapter = Adapter()
    link = EngineLink(adapter, executor)

    async def ask() -> tuple[int, str, int]:
        link.bind(asyncio.get_running_loop())
        answer = await link.call(lambda a: a.answer())
        with pytest.raises(KeyError) as refused:
            await link.call(lambda a: a.fail())
        return answer, str(refused.value), threading.get_ident()

    answer, error, loop_thread = run(ask())
    assert answer == 42 and "no such account" in error
    assert adapter.threads == [executor.thread.ident] != [loop_thread]


def test_engine_events_are_delivered_on_the_servers_loop_in_order(executor):
    link = EngineLink(Adapter(), executor)

    async def publish() -> tuple[list[tuple[int, int]], int]:
        link.bind(asyncio.get_running_loop())
        delivered: list[tuple[int, int]] = []
        done = asyncio.Event()

        def deliver(number: int) -> None:
            delivered.append((number, threading.get_ident()))
            if number == 2:
                done.set()

        for number in range(3):
            executor.post(lambda n=number: link.publish(deliver, n))
        await done.wait()
        return delivered, threading.get_ident()

    delivered, loop_thread = run(publish())
    assert delivered == [(0, loop_thread), (1, loop_thread), (2, loop_thread)]


def test_events_after_the_server_stopped_are_dropped_quietly(executor):
    link = EngineLink(Adapter(), executor)
    loop = asyncio.new_event_loop()
    link.bind(loop)
    loop.close()
    link.publish(print, "never delivered")  # no exception on the engine's thread


def test_work_answered_after_the_server_stopped_does_not_fail_the_engine_thread():
    # A GUI's engine thread keeps running after the API server stops; work a session posted just before
    # (an unsubscription on close) must not raise on that thread when its answer has nowhere to go.
    class InlineExecutor:
        def post(self, work: Callable[[], None]) -> None:
            self.pending = work

    executor = InlineExecutor()
    link = EngineLink(Adapter(), executor)
    loop = asyncio.new_event_loop()
    link.bind(loop)
    link.call(lambda adapter: adapter.answer())
    loop.close()
    executor.pending()  # runs on "the engine thread" with the loop gone: no RuntimeError
