"""The market room's book: the clock, the market's phase and the seeded simulator every room reads."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from workstation.engine.core.terms import MarketState
from workstation.engine.market.delayed import DelayedQuotes
from workstation.engine.market.simulator import MarketSimulator


class MarketBook(Protocol):
    """``seed``: the seed of every random stream (the simulator's, allocation's random method);
    ``now``: the engine's clock, the only time it knows; ``market_state``: the session phase at ``now``;
    ``market``: the simulated quotes. The engine facade advances them; every room reads them.
    ``delayed_quotes``: the moments the delayed quotes of logins without a subscription are read from
    (``market.delayed``; kept only once an account has delayed data)."""

    seed: int
    now: datetime
    market_state: MarketState
    market: MarketSimulator
    delayed_quotes: DelayedQuotes
