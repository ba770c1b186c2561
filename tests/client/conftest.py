"""Client fixtures: the demo universe and engines to read from, as the engine tests build them."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.factories import OPEN_TIME
from workstation.engine.api import Engine
from workstation.engine.core.universe import Universe, build_universe
from workstation.resources import demo_universe_spec


@pytest.fixture(scope="session")
def universe() -> Universe:
    return build_universe(demo_universe_spec())


@pytest.fixture
def make_engine(universe):
    def build(start: datetime = OPEN_TIME, seed: int = 7, random_walk: bool = False) -> Engine:
        return Engine.new(universe, seed, start, random_walk=random_walk)
    return build
