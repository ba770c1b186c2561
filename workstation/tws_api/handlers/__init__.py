"""The session's request handlers, one module per topic, registered by request type.

A handler is ``handler(session, request)``, sync or async, for one or more request classes of
``incoming`` (``@handles(ReqCurrentTime)``); ``HANDLERS`` is derived from those registrations, so a
request type has one handler and a topic module owns its requests. A parsed request with no handler is
answered 505 by the session. Handlers reach the engine only through ``session.host.link`` and send only
through ``session.send``; an engine subscription a handler opens is closed with ``session.on_close``.

Topics: ``session_requests`` (startApi, ids, time, managed accounts), ``accounts`` (account values,
summaries, portfolio, positions, P&L), ``orders`` (orders, what-if, open and completed orders,
executions), ``fa`` (FA configuration: requestFA, replaceFA), ``market`` (contracts, market data, history),
``reference`` (option chain parameters, symbol search, the head timestamp).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from workstation.tws_api.session import Session

Handler = Callable[["Session", Any], Awaitable[None] | None]
H = TypeVar("H", bound=Handler)

HANDLERS: dict[type, Handler] = {}


def handles(*request_types: type) -> Callable[[H], H]:
    """Register the decorated function as the handler of ``request_types`` (each only once)."""

    def register(handler: H) -> H:
        for request_type in request_types:
            if request_type in HANDLERS:
                raise TypeError(f"{request_type.__name__} already has a handler: {HANDLERS[request_type].__name__}")
            HANDLERS[request_type] = handler
        return handler

    return register


def _load_topics() -> None:
    from workstation.tws_api.handlers import (  # noqa: F401, PLC0415
        accounts,
        fa,
        market,
        orders,
        reference,
        session_requests,
    )


_load_topics()
