"""What every suite shares: the demo universe, an engine built on it, and one check every suite runs under
(each refusal ``Engine.execute`` returns names a field of its command)."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.factories import OPEN_TIME, assert_names_a_field_of
from workstation.engine.api import Engine
from workstation.engine.core.errors import Rejected
from workstation.engine.core.universe import Universe, build_universe
from workstation.resources import demo_universe_spec


@pytest.fixture(scope="session")
def universe() -> Universe:
    """The demo universe the workstation starts with (built once per run)."""
    return build_universe(demo_universe_spec())


@pytest.fixture
def make_engine(universe):
    """Builds an engine on the demo universe at the market open, prices frozen unless asked to walk."""
    def build(start: datetime = OPEN_TIME, seed: int = 7, random_walk: bool = False) -> Engine:
        return Engine.new(universe, seed, start, random_walk=random_walk)
    return build


@pytest.fixture(autouse=True)
def every_refusal_names_a_field(monkeypatch):
    """Every refusal any test provokes is checked: its field is a field of the command (or a path
    into one, or ``command``) and its text is ``field: reason``; a refusal that names no field,
    or carries the field in its reason, fails the test that provoked it."""
    execute = Engine.execute

    def checked(self, command):
        result = execute(self, command)
        if isinstance(result, Rejected):
            assert_names_a_field_of(command, result)
        return result

    monkeypatch.setattr(Engine, "execute", checked)
