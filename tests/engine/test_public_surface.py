"""``workstation.engine`` is the supported way in: every name it exports resolves, every command and event
the engine defines is among them, so is every engine type the facade's reads take or return, and its room
map names every room."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import types
import typing

import workstation.engine
from workstation.engine.api import Engine
from workstation.engine.messages.commands import command_types
from workstation.engine.messages.events import event_types


def every_engine_module() -> list[str]:
    return [module.name for module in pkgutil.walk_packages(workstation.engine.__path__, "workstation.engine.")]


def test_every_exported_name_resolves_once() -> None:
    exported = workstation.engine.__all__
    assert len(exported) == len(set(exported)), "a name exported twice"
    assert [name for name in exported if not hasattr(workstation.engine, name)] == []


def test_every_command_and_event_the_engine_defines_is_exported() -> None:
    for name in every_engine_module():
        importlib.import_module(name)  # a type defined in any room registers itself
    defined = {cls.__name__: cls for cls in (*command_types(), *event_types())}

    missing = sorted(name for name in defined if name not in workstation.engine.__all__)
    assert missing == [], "export these from workstation/engine/__init__.py"
    assert all(getattr(workstation.engine, name) is cls for name, cls in defined.items())


def _engine_classes(hint: object) -> set[type]:
    """The classes defined in the engine that a type hint names, through unions and generics."""
    if typing.get_origin(hint) is not None or isinstance(hint, types.UnionType):
        return set().union(*(_engine_classes(arg) for arg in typing.get_args(hint)))
    if isinstance(hint, type) and hint.__module__.startswith("workstation.engine."):
        return {hint}
    return set()


def test_every_engine_type_the_facade_takes_or_returns_is_exported() -> None:
    named: set[type] = set()
    for name, member in inspect.getmembers(Engine):
        function = member.fget if isinstance(member, property) else member
        if not name.startswith("_") and callable(function):
            for hint in typing.get_type_hints(function).values():
                named |= _engine_classes(hint)

    exported = {name: getattr(workstation.engine, name) for name in workstation.engine.__all__}
    assert sorted(cls.__name__ for cls in named if exported.get(cls.__name__) is not cls) == []


def test_the_room_map_names_every_room() -> None:
    rooms = [module.name for module in pkgutil.iter_modules(workstation.engine.__path__) if module.ispkg]
    room_map = workstation.engine.__doc__.split("Room map", 1)[1].split("Where things happen", 1)[0]
    assert rooms and [room for room in rooms if f"    {room}/ " not in room_map] == []
