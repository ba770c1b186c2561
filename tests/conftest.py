"""Checks every suite runs under: each refusal ``Engine.execute`` returns names a field of its command."""

from __future__ import annotations

import pytest

from tests.factories import assert_names_a_field_of
from workstation.engine.api import Engine
from workstation.engine.core.errors import Rejected


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
