"""The demo login (``resources/demo_profile.yaml``) and an in-memory engine opened on it.

The workstation's composition root opens the demo on a database; tools that need the same accounts
without a store (screenshots of a fresh layout, ``workstation.testing``) build it here.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from workstation.engine.api import Engine
from workstation.engine.core.errors import Rejected
from workstation.engine.core.instruments import InstrumentCatalog
from workstation.engine.core.terms import MarketState
from workstation.engine.core.universe import build_universe
from workstation.engine.market.calendar import EASTERN, ExchangeCalendar
from workstation.resources import demo_universe_spec, read_text
from workstation.scenario.loader import Profile, parse_profile, seeds_per_unit

if TYPE_CHECKING:
    from workstation.store.sqlite_store import SqliteStore

DEFAULT_SEED = 1
"""The market seed of a new demo database (and of an in-memory demo)."""


def demo_profile() -> Profile:
    """The demo login, its seed positions' costs per unit as the engine books them (the file gives
    derivatives' per contract, as a scenario file does)."""
    profile = parse_profile(read_text("demo_profile.yaml"), "demo_profile.yaml")
    catalog = _demo_catalog()
    return replace(profile, accounts=[seeds_per_unit(a, catalog) for a in profile.accounts])


@lru_cache(maxsize=1)
def _demo_catalog() -> InstrumentCatalog:
    return build_universe(demo_universe_spec()).catalog


def demo_start_time(calendar: ExchangeCalendar, now: datetime | None = None) -> datetime:
    """Where a new demo's clock starts: ``now`` (default: the wall clock) if the market is open
    then, else the next open."""
    moment = (now or datetime.now(EASTERN)).astimezone(EASTERN).replace(microsecond=0)
    if calendar.state_at(moment) is MarketState.OPEN:
        return moment
    return calendar.next_session(moment).open


def demo_engine(seed: int = DEFAULT_SEED, start: datetime | None = None) -> tuple[Engine, Profile]:
    """A fresh engine with the demo accounts, no journal; the clock at ``start`` (or as
    :func:`demo_start_time` chooses). Raises ``RuntimeError`` if the profile is refused."""
    profile = demo_profile()
    calendar = ExchangeCalendar.nyse()
    engine = Engine.new(build_universe(demo_universe_spec()), seed, start or demo_start_time(calendar), calendar)
    for command in profile.commands:
        result = engine.execute(command)
        if isinstance(result, Rejected):
            raise RuntimeError(f"demo profile: {result.code}: {result.text}")
    return engine, profile


def open_demo_database(db: Path, seed: int = DEFAULT_SEED) -> tuple[Engine, SqliteStore, Profile]:
    """Open the workstation's database at ``db``, creating it with the demo profile (and the
    market seed ``seed``) if it is new; an existing database keeps its own seed and accounts."""
    from workstation.store import open_engine  # noqa: PLC0415 - only the GUI and its tools need the store

    profile = demo_profile()
    db.parent.mkdir(parents=True, exist_ok=True)
    engine, store = open_engine(db, universe_spec=demo_universe_spec(), seed=seed,
                                start=demo_start_time(ExchangeCalendar.nyse()), initial_commands=profile.commands)
    return engine, store, profile
