"""Message pacing: TWS accepts at most 50 messages a second from one client (IB error 100).

IB's API documentation ("Requests limitations"): "the maximum number of messages per second is 50
... beyond this threshold, TWS will reject the messages with error 100 'Max rate of messages per
second has been exceeded'". The session asks :class:`MessagePacing` once per incoming message; a
message over the limit is answered 100 (reqId -1) and dropped, and the session goes on.

The limit is a token bucket: 50 messages at once, refilled at 50 a second. A sliding one-second
window would be exact on the sender's clock but not on ours: ib_async throttles itself to 45
requests in any second (client.py ``MaxRequests``), and two of its bursts a second apart can arrive
closer together than that after a pause in the network or the server. The bucket lets such jitter
pass (up to a fifth of a second) and still holds any client to 50 a second sustained.
"""

from __future__ import annotations

import time
from collections.abc import Callable

MAX_MESSAGES_PER_SECOND = 50
PACING_VIOLATION = 100


class MessagePacing:
    """One client's allowance: ``limit`` messages at once, refilled at ``limit`` a second."""

    def __init__(self, limit: int = MAX_MESSAGES_PER_SECOND, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self._clock = clock
        self._tokens = float(limit)
        self._at = clock()
        self.refused = 0

    def admit(self) -> bool:
        """Count one message now; False when it is over the limit (then it is refused, not counted)."""
        now = self._clock()
        self._tokens = min(float(self.limit), self._tokens + (now - self._at) * self.limit)
        self._at = now
        if self._tokens < 1.0:
            self.refused += 1
            return False
        self._tokens -= 1.0
        return True

    def violation_text(self) -> str:
        """IB's text for error 100, with the limit as TWS reports it."""
        return (f"Max rate of messages per second has been exceeded:max={self.limit} "
                f"(message dropped; {self.refused} so far)")
