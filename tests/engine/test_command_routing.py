"""Every command type is handled by exactly one room; the facade only merges the rooms' handlers."""

from __future__ import annotations

import pytest

from workstation.engine.api import merge_handlers
from workstation.engine.messages.commands import AdvanceClock, PlaceOrder, SetPrice, command_types


def _handler(command):
    return command


def _apply(command, checked, sink):
    sink.append(checked)


def _all_but(*missing: type) -> dict:
    return {c: (_handler, _apply) for c in command_types() if c not in missing}


def test_two_rooms_claiming_the_same_command_type_is_refused_at_wiring():
    clock_room = {AdvanceClock: (_handler, _apply), SetPrice: (_handler, _apply)}
    rest = _all_but(AdvanceClock, SetPrice, PlaceOrder)
    orders_room = {PlaceOrder: (_handler, _apply), SetPrice: (_handler, _apply)}
    with pytest.raises(TypeError, match="two rooms handle SetPrice"):
        merge_handlers(clock_room, rest, orders_room)


def test_a_command_type_no_room_handles_is_refused_at_wiring():
    with pytest.raises(TypeError, match="no handler for AdvanceClock"):
        merge_handlers(_all_but(AdvanceClock))


def test_rooms_covering_every_command_once_merge_into_one_table():
    rooms = [{c: (_handler, _apply)} for c in command_types()]
    assert set(merge_handlers(*rooms)) == set(command_types())


def test_the_engine_rooms_claim_every_command_type_exactly_once(make_engine):
    engine = make_engine()  # wiring merges the rooms' handlers and raises on an overlap or a gap
    assert set(engine._handlers) == set(command_types())
