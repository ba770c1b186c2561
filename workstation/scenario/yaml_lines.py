"""YAML (and JSON, a subset) loading that remembers where every mapping key was written, and
reads numbers as exact Decimals, never floats.

Hostile files are refused quickly, with the key and line where the problem starts: aliases that
repeat more than ``MAX_ALIAS_VALUES`` values in all (a "billion laughs" would otherwise grow in
memory for minutes), nesting deeper than ``MAX_DEPTH`` levels, numbers written with more than
``MAX_NUMBER_LENGTH`` characters, and control characters. libyaml reads the text when it is
installed (PyYAML's own reader is ten times slower); the nodes are always composed here, so the
limits are counted as the document is built, before anything is expanded.
"""

from __future__ import annotations

import gc
import re
from decimal import Decimal
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

MAX_DEPTH = 50
MAX_ALIAS_VALUES = 100_000
MAX_NUMBER_LENGTH = 40



class _PythonEvents(Reader, Scanner, Parser):
    """PyYAML's own reader: no limit on nesting, and it does not read far ahead."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)


try:
    from yaml.cyaml import CParser as _EventSource
except ImportError:  # PyYAML without libyaml
    _EventSource = _PythonEvents  # type: ignore[misc]


class Located(dict):
    """A mapping from the file that knows its own line and the line of each key (1-based)."""

    line: int
    key_lines: dict[str, int]


class YamlProblem(ValueError):
    """The text is not a document the scenario reader accepts. ``where`` is the key being read
    (a path such as ``steps[3].place.quantity``; empty before the first key), ``line`` 1-based."""

    def __init__(self, where: str, line: int | None, problem: str, syntax: bool) -> None:
        super().__init__(problem)
        self.where, self.line, self.problem, self.syntax = where, line, problem, syntax


class _LimitExceeded(yaml.MarkedYAMLError):
    """One of the limits on hostile input."""


class _ExactLoader(_EventSource, Composer, SafeConstructor, Resolver):
    """A safe loader that builds ``Located`` mappings and ``Decimal`` numbers from the source text,
    and composes the nodes itself to count depth and what aliases repeat."""

    def __init__(self, stream: str) -> None:
        _EventSource.__init__(self, stream)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        self.depth = 0
        self.alias_values = 0

    # libyaml's parser would compose the nodes too, uncounted: compose them here instead.
    check_node = Composer.check_node
    get_node = Composer.get_node
    get_single_node = Composer.get_single_node
    compose_document = Composer.compose_document

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            node = Composer.compose_node(self, parent, index)
            size = getattr(node, "expanded_size", None)
            if size is None:
                raise _LimitExceeded(None, None, f"the alias *{event.anchor} is inside the value it names",
                                     event.start_mark)
            self.alias_values += size
            if self.alias_values > MAX_ALIAS_VALUES:
                raise _LimitExceeded(None, None, f"aliases repeat more than {MAX_ALIAS_VALUES:,} values in all; "
                                     "write the values out", event.start_mark)
            if self.depth + node.height > MAX_DEPTH:
                raise _LimitExceeded(None, None, f"nested deeper than {MAX_DEPTH} levels", event.start_mark)
            return node
        if self.depth >= MAX_DEPTH:
            raise _LimitExceeded(None, None, f"nested deeper than {MAX_DEPTH} levels", event.start_mark)
        self.depth += 1
        try:
            node = Composer.compose_node(self, parent, index)
        finally:
            self.depth -= 1
        if isinstance(node, ScalarNode):
            node.expanded_size, node.height = 1, 1
        else:
            children = [part for pair in node.value for part in pair] if isinstance(node, MappingNode) else node.value
            node.expanded_size = 1 + sum(child.expanded_size for child in children)
            node.height = 1 + max((child.height for child in children), default=0)
        return node


def _construct_mapping(loader: _ExactLoader, node: yaml.MappingNode) -> Located:
    own = sum(1 for key_node, _ in node.value if key_node.tag != "tag:yaml.org,2002:merge")
    loader.flatten_mapping(node)
    merged = len(node.value) - own  # merge keys' pairs come first; the mapping's own keys override them
    mapping = Located()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    own_keys: set[str] = set()
    for position, (key_node, value_node) in enumerate(node.value):
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            key = str(key)
        if position >= merged:
            if key in own_keys:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} appears twice in one mapping", key_node.start_mark)
            own_keys.add(key)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


def _number_text(loader: _ExactLoader, node: yaml.ScalarNode) -> str:
    text = loader.construct_scalar(node)
    if len(text) > MAX_NUMBER_LENGTH:
        raise _LimitExceeded(None, None, f"a number written with {len(text):,} characters; at most "
                             f"{MAX_NUMBER_LENGTH} are read", node.start_mark)
    return text


def _construct_float(loader: _ExactLoader, node: yaml.ScalarNode) -> Decimal:
    text = _number_text(loader, node).replace("_", "")
    try:
        value = Decimal(text)
    except ArithmeticError:
        value = None
    if value is None or not value.is_finite():
        raise yaml.constructor.ConstructorError(None, None, f"{text!r} is not a finite number", node.start_mark)
    return value


_PLAIN_INTEGER = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")


def _construct_int(loader: _ExactLoader, node: yaml.ScalarNode) -> int:
    """Only plain decimal integers: YAML 1.1 would read 010 as 8 and 1:30 as 90."""
    text = _number_text(loader, node)
    if not _PLAIN_INTEGER.match(text):
        raise yaml.constructor.ConstructorError(
            None, None, f"{text!r} is not a plain decimal number (write it without leading zeros, "
            "or quote it if it is text)", node.start_mark)
    return int(text.replace("_", ""))


_ExactLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_ExactLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_ExactLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)
# Timestamps stay text: the scenario reads them as ISO times with their zone, exactly as written.
_ExactLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


def load_exact(text: str) -> Any:
    """Parse YAML or JSON text into Located dicts, lists, str, int, Decimal, bool and None.

    Raises ``YamlProblem`` naming the key and the line of anything it refuses.
    """
    control = Reader.NON_PRINTABLE.search(text)
    if control is not None:
        line, column = _line_and_column(text, control.start())
        where = key_path_at(Reader.NON_PRINTABLE.sub(" ", text), line, column)
        raise YamlProblem(where, line + 1, f"the control character U+{ord(control.group()[0]):04X} is not allowed "
                          "in the file", syntax=False)
    # Collection pauses grow with every object a large file adds; nothing here makes cycles.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return yaml.load(text, Loader=_ExactLoader)  # noqa: S506 - a safe loader (SafeConstructor)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or str(error)
        if mark is None:
            raise YamlProblem("", None, problem, syntax=True) from None
        where = key_path_at(text, mark.line, mark.column)
        limit = isinstance(error, _LimitExceeded)
        if problem == "exceeded maximum nesting depth":  # libyaml's own limit, far above ours
            problem, limit = f"nested deeper than {MAX_DEPTH} levels", True
        raise YamlProblem(where, mark.line + 1, problem, syntax=not limit) from None
    except yaml.YAMLError as error:
        raise YamlProblem("", None, str(error), syntax=True) from None
    finally:
        if collecting:
            gc.enable()


def _line_and_column(text: str, position: int) -> tuple[int, int]:
    line = text.count("\n", 0, position)
    return line, position - (text.rfind("\n", 0, position) + 1)


_PATH_DEPTH = MAX_DEPTH + 2  # deeper frames are counted, not named


def key_path_at(text: str, line: int, column: int) -> str:
    """The path of the key being read at 0-based ``line`` and ``column`` of ``text`` (such as
    ``steps[3].place.quantity``): that of the last value starting at or before that point. Reads
    events only (aliases are not expanded), up to that point or the first error."""
    path, complete = _walk(_EventSource(text), line, column)
    if not complete and _EventSource is not _PythonEvents:
        # libyaml reads flow collections far ahead and stops at its own nesting limit before
        # giving a single event; PyYAML's reader gives them as it goes.
        path, _ = _walk(_PythonEvents(text), line, column)
    return path


def _walk(events: Any, line: int, column: int) -> tuple[str, bool]:
    """The path at that point, and whether the events reached it."""
    frames: list[list[Any]] = []  # [is_mapping, values seen, current key]
    depth = 0
    path = ""
    try:
        while events.check_event():
            event = events.get_event()
            if (event.start_mark.line, event.start_mark.column) > (line, column):
                return path, True
            if isinstance(event, (MappingEndEvent, SequenceEndEvent)):
                depth -= 1
                if depth < len(frames):
                    frames.pop()
                if frames and depth == len(frames):
                    frames[-1][1] += 1
                continue
            if not isinstance(event, (ScalarEvent, AliasEvent, MappingStartEvent, SequenceStartEvent)):
                continue
            if frames and depth == len(frames):
                top = frames[-1]
                if top[0] and top[1] % 2 == 0:
                    top[2] = event.value if isinstance(event, ScalarEvent) else "?"
                elif not top[0]:
                    top[2] = top[1]
                path = _path(frames)
                if isinstance(event, (ScalarEvent, AliasEvent)):
                    top[1] += 1
            if isinstance(event, (MappingStartEvent, SequenceStartEvent)):
                if depth == len(frames) and depth < _PATH_DEPTH:
                    frames.append([isinstance(event, MappingStartEvent), 0, None])
                depth += 1
    except yaml.YAMLError:
        return path, False
    finally:
        events.dispose()
    return path, True


def _path(frames: list[list[Any]]) -> str:
    parts = []
    for is_mapping, _seen, key in frames:
        if key is None:
            break
        parts.append(f".{key}" if is_mapping else f"[{key}]")
    shown = parts if len(parts) <= 8 else [*parts[:8], "..."]
    return "".join(shown).lstrip(".")
