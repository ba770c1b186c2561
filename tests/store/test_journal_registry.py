"""Every command and event the engine can produce is journaled and read back on a database.

The registries are derived (each subclass of ``Command`` and ``Event`` joins when defined), and one
instance of every registered class, built from its type hints, round-trips through the store's
codec. A type added tomorrow is covered without editing this file.
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import types
import typing
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum

import pytest

import workstation.engine
from workstation.engine.messages.commands import COMMANDS, Command, command_types
from workstation.engine.messages.events import EVENTS, Event, event_types
from workstation.store import codec

_TIME = datetime(2026, 11, 24, 15, 30, 5, 250000, tzinfo=UTC)


def _sample(hint: object, where: str) -> object:
    """A plausible value of ``hint``: positive amounts, short tuples, the first enum member."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return _sample(next(a for a in args if a is not type(None)), where)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return (_sample(args[0], where),)
        return tuple(_sample(a, where) for a in args)
    if origin is not None and issubclass(origin, typing.Mapping):
        return {"USD": _sample(args[1], where)}
    if hint is Decimal:
        return Decimal("12.50")
    if hint is datetime:
        return _TIME
    if hint is date:
        return _TIME.date()
    if hint is bool:
        return True
    if hint is int:
        return 7
    if hint is str:
        return "U1"
    if isinstance(hint, type) and issubclass(hint, Enum):
        return next(iter(hint))
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _instance(hint)
    raise TypeError(f"{where}: no sample for {hint}")


def _instance(cls: type) -> object:
    hints = typing.get_type_hints(cls)
    return cls(**{f.name: _sample(hints[f.name], f"{cls.__name__}.{f.name}")
                  for f in dataclasses.fields(cls) if f.init})


def _all_subclasses(base: type) -> set[type]:
    found, todo = set(), [base]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    return found


@pytest.mark.parametrize("cls", [*command_types(), *event_types()], ids=lambda cls: cls.__name__)
def test_one_instance_of_every_command_and_event_round_trips_through_the_journal_codec(cls: type) -> None:
    # Arrange
    obj = _instance(cls)

    # Act
    text = codec.dumps(obj)
    back = codec.loads(text)

    # Assert
    assert back == obj
    assert type(back) is cls
    assert codec.dumps(back) == text


@pytest.mark.parametrize("name", ["LiquidationStarted", "RegTCallIssued", "ExposureFeeNotice", "ExposureFeeCharged",
                                  "MarginabilityChanged"])
def test_the_margin_events_that_once_halted_a_journaled_engine_are_registered(name: str) -> None:
    assert EVENTS.get(name) is not None
    assert codec.loads(codec.dumps(_instance(EVENTS.get(name)))).__class__.__name__ == name


def test_every_command_and_event_class_anywhere_in_the_engine_is_in_its_registry() -> None:
    # Arrange: load every engine module, so a type defined outside commands.py / events.py is seen too
    for module in pkgutil.walk_packages(workstation.engine.__path__, "workstation.engine."):
        importlib.import_module(module.name)

    # Act
    defined = {cls for cls in _all_subclasses(Event) | _all_subclasses(Command)
               if not cls.__name__.startswith("_") and "__slots__" in vars(cls)}

    # Assert
    registered = set(command_types()) | set(event_types())
    assert defined <= registered, sorted(c.__name__ for c in defined - registered)


def test_two_types_with_one_name_are_refused_when_defined() -> None:
    # Act / Assert: the journal tags objects by class name, so a second PlaceOrder would be unreadable
    with pytest.raises(TypeError, match="two command types are named PlaceOrder"):
        type("PlaceOrder", (Command,), {"__module__": "elsewhere"})
    assert COMMANDS.get("PlaceOrder").__module__ == "workstation.engine.messages.commands"
