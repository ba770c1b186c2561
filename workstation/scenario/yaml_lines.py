"""YAML (and JSON, a subset) loading that remembers where every mapping key was written, and
reads numbers as exact Decimals, never floats.

Hostile files are refused quickly, with the key and line where the problem starts: aliases that
repeat more than ``MAX_ALIAS_VALUES`` values in all (a "billion laughs" would otherwise grow in
memory for minutes), nesting deeper than ``MAX_DEPTH`` levels, numbers written with more than
``MAX_NUMBER_LENGTH`` characters, and control characters. libyaml reads the text when it is
installed (PyYAML's own reader is ten times slower). The values are built here straight from the
parser's events, without PyYAML's nodes, so the limits are counted as the document is built and a
large file takes time in proportion to its size.
"""

from __future__ import annotations

import gc
import re
from decimal import Decimal
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode
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


_MERGE = "tag:yaml.org,2002:merge"
_BOOLEANS = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}


class _ExactLoader(_EventSource, Resolver):
    """Builds ``Located`` mappings, lists, text, ints and ``Decimal`` numbers straight from the
    parser's events (YAML 1.1 tags, as PyYAML's safe loader resolves them), counting depth and what
    aliases repeat as it goes."""

    def __init__(self, stream: str) -> None:
        _EventSource.__init__(self, stream)
        Resolver.__init__(self)
        self.anchors: dict[str, tuple[Any, int, int]] = {}  # value, values it holds, its depth
        self.building: set[str] = set()
        self.alias_values = 0

    def document(self) -> Any:
        """The single document of the stream (None when there is none)."""
        self.get_event()  # stream start
        value = None
        if not self.check_event(StreamEndEvent):
            self.get_event()  # document start
            value, _, _ = self._value(0)
            self.get_event()  # document end
        if not self.check_event(StreamEndEvent):
            raise ComposerError(None, None, "a second document begins here; a file holds one",
                                self.peek_event().start_mark)
        return value

    def _value(self, depth: int) -> tuple[Any, int, int]:
        """The next value, how many values it holds once aliases are expanded, and its height."""
        event = self.get_event()
        if isinstance(event, AliasEvent):
            return self._alias(event, depth)
        if depth >= MAX_DEPTH:
            raise _LimitExceeded(None, None, f"nested deeper than {MAX_DEPTH} levels", event.start_mark)
        anchor = event.anchor
        if anchor is not None:
            self.building.add(anchor)
        if isinstance(event, ScalarEvent):
            built = (self._scalar(event), 1, 1)
        elif isinstance(event, SequenceStartEvent):
            built = self._sequence(event, depth)
        else:
            built = self._mapping(event, depth)
        if anchor is not None:
            self.building.discard(anchor)
            self.anchors[anchor] = built
        return built

    def _alias(self, event: AliasEvent, depth: int) -> tuple[Any, int, int]:
        if event.anchor in self.building:
            raise _LimitExceeded(None, None, f"the alias *{event.anchor} is inside the value it names",
                                 event.start_mark)
        if event.anchor not in self.anchors:
            raise ComposerError(None, None, f"found undefined alias {event.anchor!r}", event.start_mark)
        built = self.anchors[event.anchor]
        self.alias_values += built[1]
        if self.alias_values > MAX_ALIAS_VALUES:
            raise _LimitExceeded(None, None, f"aliases repeat more than {MAX_ALIAS_VALUES:,} values in all; "
                                 "write the values out", event.start_mark)
        if depth + built[2] > MAX_DEPTH:
            raise _LimitExceeded(None, None, f"nested deeper than {MAX_DEPTH} levels", event.start_mark)
        return built

    def _sequence(self, event: SequenceStartEvent, depth: int) -> tuple[list, int, int]:
        self._check_tag(event, "tag:yaml.org,2002:seq")
        items, size, height = [], 1, 0
        while not self.check_event(SequenceEndEvent):
            value, value_size, value_height = self._value(depth + 1)
            items.append(value)
            size += value_size
            height = max(height, value_height)
        self.get_event()
        return items, size, height + 1

    def _mapping(self, event: MappingStartEvent, depth: int) -> tuple[Located, int, int]:
        self._check_tag(event, "tag:yaml.org,2002:map")
        own: list[tuple[str, Any, int]] = []
        seen: set[str] = set()
        merged: list[Located] = []
        size, height = 1, 0
        while not self.check_event(MappingEndEvent):
            key_event = self.peek_event()
            merge = isinstance(key_event, ScalarEvent) and key_event.tag is None and key_event.value == "<<" \
                and key_event.implicit[0]
            key, key_size, key_height = self._value(depth + 1)
            value, value_size, value_height = self._value(depth + 1)
            size += key_size + value_size
            height = max(height, key_height, value_height)
            if merge:
                merged.extend(self._merged(value, key_event))
                continue
            key = key if isinstance(key, str) else str(key)
            if key in seen:
                raise ConstructorError(None, None, f"key {key!r} appears twice in one mapping", key_event.start_mark)
            seen.add(key)
            own.append((key, value, key_event.start_mark.line + 1))
        self.get_event()
        mapping = Located()
        mapping.line = event.start_mark.line + 1
        mapping.key_lines = {}
        for source in reversed(merged):  # the mappings merged first win, the mapping's own keys over all
            for key, value in source.items():
                mapping[key] = value
                mapping.key_lines[key] = source.key_lines[key]
        for key, value, line in own:
            mapping[key] = value
            mapping.key_lines[key] = line
        return mapping, size, height + 1

    @staticmethod
    def _merged(value: Any, key_event: ScalarEvent) -> list[Located]:
        sources = value if isinstance(value, list) else [value]
        if not all(isinstance(source, Located) for source in sources):
            raise ConstructorError(None, None, "a merge key (<<) takes a mapping or a list of mappings",
                                   key_event.start_mark)
        return sources

    def _check_tag(self, event: Any, expected: str) -> None:
        if event.tag not in (None, "!", expected):
            raise ConstructorError(None, None, f"the tag {event.tag} is not read here", event.start_mark)

    def _scalar(self, event: ScalarEvent) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.resolve(ScalarNode, event.value, event.implicit)
        text = event.value
        if tag == "tag:yaml.org,2002:str" or tag == "tag:yaml.org,2002:timestamp" or tag == _MERGE:
            return text  # timestamps stay text: the scenario reads ISO times with their zone as written
        if tag == "tag:yaml.org,2002:int":
            return _integer(text, event.start_mark)
        if tag == "tag:yaml.org,2002:float":
            return _decimal(text, event.start_mark)
        if tag == "tag:yaml.org,2002:bool":
            return _BOOLEANS[text.lower()]
        if tag == "tag:yaml.org,2002:null":
            return None
        raise ConstructorError(None, None, f"the tag {tag} is not read here", event.start_mark)


def _number_text(text: str, mark: Any) -> str:
    if len(text) > MAX_NUMBER_LENGTH:
        raise _LimitExceeded(None, None, f"a number written with {len(text):,} characters; at most "
                             f"{MAX_NUMBER_LENGTH} are read", mark)
    return text


def _decimal(text: str, mark: Any) -> Decimal:
    text = _number_text(text, mark).replace("_", "")
    try:
        value = Decimal(text)
    except ArithmeticError:
        value = None
    if value is None or not value.is_finite():
        raise ConstructorError(None, None, f"{text!r} is not a finite number", mark)
    return value


_PLAIN_INTEGER = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")


def _integer(text: str, mark: Any) -> int:
    """Only plain decimal integers: YAML 1.1 would read 010 as 8 and 1:30 as 90."""
    if not _PLAIN_INTEGER.match(_number_text(text, mark)):
        raise ConstructorError(None, None, f"{text!r} is not a plain decimal number (write it without leading "
                               "zeros, or quote it if it is text)", mark)
    return int(text.replace("_", ""))


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
        loader = _ExactLoader(text)
        try:
            return loader.document()
        finally:
            loader.dispose()
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
