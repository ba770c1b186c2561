"""One owner per fact: every field of the engine state is declared by exactly one room's book, the
state provides every book, and the rooms work over protocols made of books, never over EngineState."""

import ast
import dataclasses
import importlib
import inspect
import pkgutil
import typing
from pathlib import Path
from typing import Generic, Protocol

import pytest

import workstation.engine
from workstation.engine.state import EngineState

ENGINE = Path(workstation.engine.__file__).parent
ROOMS = sorted(p.name for p in ENGINE.iterdir() if (p / "__init__.py").exists())
STATE_FIELDS = [f.name for f in dataclasses.fields(EngineState)]


def _engine_modules() -> list:
    return [importlib.import_module(info.name)
            for info in pkgutil.walk_packages(workstation.engine.__path__, "workstation.engine.")]


def _protocols() -> dict[str, type]:
    """Every Protocol class defined in the engine, by name."""
    found = {}
    for module in _engine_modules():
        for name, cls in vars(module).items():
            if inspect.isclass(cls) and cls.__module__ == module.__name__ and getattr(cls, "_is_protocol", False):
                assert name not in found, f"two protocols named {name}: {found[name].__module__}, {module.__name__}"
                found[name] = cls
    return found


PROTOCOLS = _protocols()
BOOKS = sorted((cls for name, cls in PROTOCOLS.items() if name.endswith("Book")), key=lambda cls: cls.__name__)


def _own_fields(book: type) -> list[str]:
    return list(vars(book).get("__annotations__", {}))


def _room_of(module_name: str) -> str | None:
    parts = module_name.split(".")
    return parts[2] if len(parts) > 3 and parts[2] in ROOMS else None


def _members(protocol: type) -> set[str]:
    """The state fields a protocol lets its user touch: its books' fields and any read-only properties."""
    names: set[str] = set()
    for cls in protocol.__mro__:
        if cls in (Protocol, Generic, object):
            continue
        names |= set(vars(cls).get("__annotations__", {}))
        names |= {name for name, value in vars(cls).items() if isinstance(value, property)}
    return names


def test_the_books_are_found_in_the_rooms():
    assert BOOKS, "no ...Book protocol found in workstation.engine"
    for book in BOOKS:
        assert _room_of(book.__module__), f"{book.__name__} in {book.__module__} is in no room"
        assert _own_fields(book), f"{book.__name__} declares no field"
        bases = [base for base in book.__bases__ if base is not Protocol]
        assert not bases, f"{book.__name__} extends {bases}: a book lists only the fields its room owns"


def test_every_field_of_the_engine_state_is_owned_by_exactly_one_book():
    owners: dict[str, list[str]] = {name: [] for name in STATE_FIELDS}
    for book in BOOKS:
        for name in _own_fields(book):
            owners.setdefault(name, []).append(f"{book.__module__}.{book.__name__}")
    unowned = [name for name in STATE_FIELDS if not owners[name]]
    shared = {name: books for name, books in owners.items() if len(books) > 1}
    assert not unowned, f"EngineState fields no room's book declares: {unowned}"
    assert not shared, f"fields declared by more than one book: {shared}"


def test_the_engine_state_provides_every_book_with_the_same_types():
    state_types = typing.get_type_hints(EngineState)
    for book in BOOKS:
        book_types = typing.get_type_hints(book)
        for name in _own_fields(book):
            assert name in state_types, f"{book.__name__}.{name} is not a field of EngineState"
            assert book_types[name] == state_types[name], (
                f"{book.__name__}.{name}: {book_types[name]} in the book, {state_types[name]} in EngineState")


def _room_files() -> list[Path]:
    return sorted(path for room in ROOMS for path in (ENGINE / room).rglob("*.py"))


def _imported_modules(path: Path) -> set[str]:
    package = ".".join(path.relative_to(ENGINE.parent.parent).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found |= {base} | {f"{base}.{alias.name}" for alias in node.names}
    return found


def test_no_room_imports_the_engine_state():
    offenders = [str(path.relative_to(ENGINE)) for path in _room_files()
                 if "workstation.engine.state" in _imported_modules(path)]
    assert not offenders, f"rooms importing workstation.engine.state (use a protocol of books): {offenders}"


def _annotation_name(arg: ast.arg) -> str | None:
    annotation = arg.annotation
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        return annotation.value
    return annotation.id if isinstance(annotation, ast.Name) else None


class _StateUse(ast.NodeVisitor):
    """Per function of a room module: the protocol its state is annotated with, the state fields it
    touches, and the calls it hands its state to."""

    def __init__(self, module):
        self.module = module
        self.classes: list[ast.ClassDef] = []
        self.problems: list[str] = []

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.classes.append(node)
        self.generic_visit(node)
        self.classes.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        cls = self.classes[-1] if self.classes else None
        protocol_name = next((_annotation_name(a) for a in node.args.args + node.args.kwonlyargs
                              if a.arg == "state"), None)
        if protocol_name is not None:
            self._check(node, protocol_name, lambda n: isinstance(n, ast.Name) and n.id == "state", cls)
        held = self._held_state_protocol(cls)
        if held is not None:
            self._check(node, held, lambda n: (isinstance(n, ast.Attribute) and n.attr == "_state"
                                               and isinstance(n.value, ast.Name) and n.value.id == "self"), cls)
        self.generic_visit(node)

    def _held_state_protocol(self, cls: ast.ClassDef | None) -> str | None:
        """The protocol of a ``state`` a class keeps as ``self._state``."""
        if cls is None:
            return None
        for item in cls.body:
            if isinstance(item, ast.FunctionDef) and item.name == "__init__":
                return next((_annotation_name(a) for a in item.args.args if a.arg == "state"), None)
        return None

    def _check(self, node: ast.FunctionDef, protocol_name: str, is_state, cls: ast.ClassDef | None) -> None:
        where = f"{self.module.__name__}.{node.name}"
        protocol = PROTOCOLS.get(protocol_name)
        if protocol is None:
            self.problems.append(f"{where}: its state is a {protocol_name}, not a protocol of books")
            return
        allowed = _members(protocol)
        for inner in ast.walk(node):
            if isinstance(inner, ast.Attribute) and is_state(inner.value) and inner.attr in STATE_FIELDS \
                    and inner.attr not in allowed:
                self.problems.append(f"{where} touches state.{inner.attr}, which {protocol_name} does not declare")
            if isinstance(inner, ast.Call):
                self._check_handover(where, inner, is_state, allowed, protocol_name, cls)

    def _check_handover(self, where: str, call: ast.Call, is_state, allowed: set[str], protocol_name: str,
                        cls: ast.ClassDef | None) -> None:
        """A callee given this state may need no field the caller's protocol lacks."""
        callee, skip_self = self._resolve(call.func, cls)
        if callee is None:
            return
        try:
            parameters = list(inspect.signature(callee).parameters)[1 if skip_self else 0:]
        except (TypeError, ValueError):
            return
        annotations = getattr(callee, "__annotations__", {})
        names = [parameters[i] for i, arg in enumerate(call.args) if is_state(arg) and i < len(parameters)]
        names += [k.arg for k in call.keywords if is_state(k.value)]
        for name in names:
            needed = PROTOCOLS.get(annotations.get(name, ""))
            if needed is None:
                continue
            missing = _members(needed) - allowed
            if missing:
                self.problems.append(f"{where} hands its {protocol_name} to {callee.__qualname__}, which needs "
                                     f"{needed.__name__}; missing {sorted(missing)}")

    def _resolve(self, func: ast.expr, cls: ast.ClassDef | None):
        namespace = vars(self.module)
        if isinstance(func, ast.Name):
            target = namespace.get(func.id)
            return (target, False) if inspect.isfunction(target) else (None, False)
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            if func.value.id == "self" and cls is not None:
                owner = namespace.get(cls.name)
                raw = inspect.getattr_static(owner, func.attr, None) if owner is not None else None
                target = getattr(owner, func.attr, None)
                return (target, not isinstance(raw, staticmethod)) if inspect.isfunction(target) else (None, False)
            holder = namespace.get(func.value.id)
            if inspect.ismodule(holder) or inspect.isclass(holder):
                target = getattr(holder, func.attr, None)
                raw = inspect.getattr_static(holder, func.attr, None) if inspect.isclass(holder) else None
                skip = inspect.isclass(holder) and not isinstance(raw, staticmethod)
                return (target, skip) if inspect.isfunction(target) else (None, False)
        return None, False


@pytest.mark.parametrize("path", _room_files(), ids=lambda path: str(path.relative_to(ENGINE)))
def test_a_room_touches_only_the_state_its_protocol_declares(path: Path):
    module = importlib.import_module(".".join(path.relative_to(ENGINE.parent.parent).with_suffix("").parts)
                                     .removesuffix(".__init__"))
    checker = _StateUse(module)
    checker.visit(ast.parse(path.read_text()))
    assert not checker.problems, "\n".join(checker.problems)
