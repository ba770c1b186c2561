"""Message pacing: TWS accepts at most 50 messages a second from one client (IB error 100).

IB's API documentation ("Requests limitations"): "the maximum number of messages per second is 50
... beyond this threshold, TWS will reject the messages with error 100 'Max rate of messages per
second has been exceeded'". The session asks :class:`MessagePacing` once per incoming message; a
message over the limit is answered 100 and dropped (the session goes on), which is what a client
that throttles itself (ib_async sends at most 45 a second) never meets.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

MAX_MESSAGES_PER_SECOND = 50
PACING_VIOLATION = 100
WINDOW_SECONDS = 1.0


class MessagePacing:
    """A sliding one-second window over the arrival times of a client's messages."""

    def __init__(self, limit: int = MAX_MESSAGES_PER_SECOND, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self._clock = clock
        self._arrivals: deque[float] = deque()

    def admit(self) -> bool:
        """Count one message now; False when it is over the limit (it is not counted then)."""
        now = self._clock()
        arrivals = self._arrivals
        while arrivals and now - arrivals[0] >= WINDOW_SECONDS:
            arrivals.popleft()
        if len(arrivals) >= self.limit:
            return False
        arrivals.append(now)
        return True

    def violation_text(self) -> str:
        """IB's text for error 100, with the limit and the count as TWS reports them."""
        return (f"Max rate of messages per second has been exceeded:max={self.limit} "
                f"rec={len(self._arrivals) + 1} (one message was dropped)")
