"""EngineLink: the one marshalling point between the server's socket thread and the engine's thread.

Requests go to the engine as callables posted to its :class:`EngineExecutor`; the result comes back
to the server's event loop through ``call_soon_threadsafe``, as does every engine event the adapter
forwards with :meth:`EngineLink.publish`. The engine therefore stays single-threaded and
deterministic, and the socket thread never touches it: no lock anywhere.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Generic, TypeVar

from workstation.tws_api.adapter import EngineAdapter, EngineExecutor

A = TypeVar("A", bound=EngineAdapter)
T = TypeVar("T")
log = logging.getLogger(__name__)


class EngineLink(Generic[A]):
    """Carries work from the server's loop to the engine's thread and results back."""

    def __init__(self, adapter: A, executor: EngineExecutor) -> None:
        self._adapter = adapter
        self._executor = executor
        self._loop: asyncio.AbstractEventLoop | None = None

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        """The server's loop, where results and events are delivered."""
        self._loop = loop

    def call(self, work: Callable[[A], T]) -> asyncio.Future[T]:
        """Run ``work(adapter)`` on the engine's thread; the future resolves on the server's loop."""
        loop = self._loop
        assert loop is not None, "EngineLink.bind(loop) first"
        future: asyncio.Future[T] = loop.create_future()

        def run() -> None:
            try:
                result = work(self._adapter)
            except Exception as error:  # noqa: BLE001 - handed to the waiting session, which answers 320
                self._answer(loop, future, None, error)
            else:
                self._answer(loop, future, result, None)

        self._executor.post(run)
        return future

    @staticmethod
    def _answer(loop: asyncio.AbstractEventLoop, future: asyncio.Future[T], result: T | None,
                error: BaseException | None) -> None:
        """Hand a result back; the server may have stopped meanwhile (its loop closed): then nobody waits."""
        try:
            loop.call_soon_threadsafe(_settle, future, result, error)
        except RuntimeError:
            log.debug("engine answer dropped: the API server has stopped")

    def publish(self, deliver: Callable[..., None], *args: object) -> None:
        """From the engine's thread: run ``deliver(*args)`` on the server's loop (an engine event's fan-out)."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        try:
            loop.call_soon_threadsafe(deliver, *args)
        except RuntimeError:  # the loop closed between the check and the call: the server stopped
            log.debug("engine event dropped: the API server has stopped")


def _settle(future: asyncio.Future[T], result: T | None, error: BaseException | None) -> None:
    if future.done():  # the session went away and cancelled its wait
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)  # type: ignore[arg-type]
