"""Market requests: contract details, market data (streaming and snapshots), market data type and
historical bars. None is served yet: the session answers them 505 until their handlers are here."""

from __future__ import annotations
