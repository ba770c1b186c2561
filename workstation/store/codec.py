"""JSON codec for commands and events: the journal's text format.

Driven by each dataclass's fields and type hints. Commands and events are looked up in the engine's
registries, which every subclass of ``Command`` and ``Event`` joins when it is defined, so a new type
is journaled and read back without touching this module. Values are exact:
Decimal as its string, datetime as ISO 8601 with its UTC offset, date as ISO, Enum by value,
tuples as lists, except tuples of Decimals and of rows of str and Decimal, journaled as columns (see
``_columnar``). Every object is tagged with its class name (``{"type": "PlaceOrder", ...}``).
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any

from workstation.engine.messages.commands import COMMANDS
from workstation.engine.messages.events import EVENTS

TAG = "type"

Encoder = Callable[[Any], Any]
Decoder = Callable[[Any], Any]


@dataclasses.dataclass(frozen=True, slots=True)
class _Codec:
    """One class's compiled field converters."""

    cls: type
    fields: tuple[tuple[str, Encoder, Decoder], ...]
    required: frozenset[str]


_REGISTRY: dict[str, type] = {}
_CODECS: dict[type, _Codec] = {}


def register(cls: type) -> type:
    """Make a value dataclass (a field type of a command or event) encodable by its class name.

    Commands and events need no registering here: they are found in the engine's registries."""
    if not dataclasses.is_dataclass(cls) or not isinstance(cls, type):
        raise TypeError(f"{cls!r} is not a dataclass")
    known = _known(cls.__name__)
    if known is not None and known is not cls:
        raise ValueError(f"two classes are named {cls.__name__}: {known.__module__} and {cls.__module__}")
    if any(f.name == TAG for f in dataclasses.fields(cls)):
        raise ValueError(f"{cls.__name__}: a field named {TAG!r} would clash with the type tag")
    _REGISTRY[cls.__name__] = cls
    return cls


# -- public API ------------------------------------------------------------------------------------


def encode(obj: Any) -> dict[str, Any]:
    """A command or event as a JSON-ready dict tagged with its class name."""
    codec = _codec_for(type(obj))
    data: dict[str, Any] = {TAG: codec.cls.__name__}
    for name, to_json, _ in codec.fields:
        data[name] = to_json(getattr(obj, name))
    return data


def decode(data: Mapping[str, Any]) -> Any:
    """The command or event that :func:`encode` turned into ``data``.

    Raises ``ValueError`` naming the type and field for an unknown type, an unknown or missing
    field, or a value of the wrong shape. Missing fields that have a default take it, so an entry
    journaled before a field was added still reads.
    """
    if not isinstance(data, Mapping):
        raise ValueError(f"expected a JSON object, got {type(data).__name__}")
    name = data.get(TAG)
    cls = _known(name) if isinstance(name, str) else None
    if cls is None:
        raise ValueError(f"{TAG}: {name!r} is not a known command or event type")
    return _decode_as(cls, data)


def dumps(obj: Any) -> str:
    """Compact JSON with sorted keys: the same object always gives the same text."""
    return _to_text(encode(obj))


def loads(text: str | bytes) -> Any:
    return decode(json.loads(text))


def dumps_all(objs: Iterable[Any]) -> str:
    """A JSON array of encoded objects, compact and key-sorted like :func:`dumps`."""
    return _to_text([encode(obj) for obj in objs])


def loads_all(text: str | bytes) -> list[Any]:
    items = json.loads(text)
    if not isinstance(items, list):
        raise ValueError(f"expected a JSON array, got {type(items).__name__}")
    return [decode(item) for item in items]


_DUMP = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode


def _to_text(value: Any) -> str:
    return _DUMP(value)


# -- compilation -----------------------------------------------------------------------------------


def _codec_for(cls: type) -> _Codec:
    codec = _CODECS.get(cls)
    if codec is not None:
        return codec
    if _known(cls.__name__) is not cls:
        raise ValueError(f"{cls.__name__} is not a registered command or event type")
    hints = typing.get_type_hints(cls)
    compiled = []
    required = set()
    for f in dataclasses.fields(cls):
        where = f"{cls.__name__}.{f.name}"
        to_json, from_json = _compile(hints[f.name], where)
        compiled.append((f.name, to_json, from_json))
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            required.add(f.name)
    codec = _Codec(cls, tuple(compiled), frozenset(required))
    _CODECS[cls] = codec
    return codec


def _known(name: str) -> type | None:
    """The command, event or value type journaled under ``name``."""
    return COMMANDS.get(name) or EVENTS.get(name) or _REGISTRY.get(name)


def _decode_as(cls: type, data: Mapping[str, Any]) -> Any:
    codec = _codec_for(cls)
    if data.get(TAG) != cls.__name__:
        raise ValueError(f"{TAG}: expected {cls.__name__}, got {data.get(TAG)!r}")
    known = {name for name, _, _ in codec.fields}
    unknown = set(data) - known - {TAG}
    if unknown:
        raise ValueError(f"{cls.__name__}: unknown field(s) {', '.join(sorted(unknown))}")
    missing = codec.required - set(data)
    if missing:
        raise ValueError(f"{cls.__name__}: missing field(s) {', '.join(sorted(missing))}")
    kwargs = {}
    for name, _, from_json in codec.fields:
        if name in data:
            try:
                kwargs[name] = from_json(data[name])
            except (ValueError, TypeError, InvalidOperation) as error:
                raise ValueError(f"{cls.__name__}.{name}: {error}") from None
    return cls(**kwargs)


def _compile(hint: Any, where: str) -> tuple[Encoder, Decoder]:
    """Converters for one type hint, built once per class so encoding does no type dispatch."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        if len(inner) != 1 or len(args) != 2:
            raise TypeError(f"{where}: only Optional unions are supported, not {hint}")
        inner_to, inner_from = _compile(inner[0], where)
        return (lambda v: None if v is None else inner_to(v)), (lambda v: None if v is None else inner_from(v))
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item_to, item_from = _compile(args[0], where)
            columnar = _columnar(args[0], item_from)
            if columnar is not None:
                return columnar
            return (lambda v: [item_to(x) for x in v]), (lambda v: tuple(item_from(x) for x in _list(v)))
        converters = [_compile(a, where) for a in args]

        def fixed_from(v: Any) -> tuple[Any, ...]:
            items = _list(v)
            if len(items) != len(converters):
                raise ValueError(f"expected {len(converters)} items, got {len(items)}")
            return tuple(c[1](x) for c, x in zip(converters, items, strict=True))

        return (lambda v: [c[0](x) for c, x in zip(converters, v, strict=True)]), fixed_from
    if origin in (Mapping, dict):
        if args[0] is not str:
            raise TypeError(f"{where}: mapping keys must be str for JSON, not {args[0]}")
        value_to, value_from = _compile(args[1], where)
        return ((lambda v: {k: value_to(x) for k, x in v.items()}),
                (lambda v: {k: value_from(x) for k, x in _object(v).items()}))
    if origin is not None:
        raise TypeError(f"{where}: cannot journal a {hint}")
    if hint is Decimal:
        return _decimal_to, _decimal_from
    if hint is datetime:
        return _datetime_to, _datetime_from
    if hint is date:
        return date.isoformat, _date_from
    if hint is bool:
        return _identity, _checked(bool)
    if hint is int:
        return _identity, _int_from
    if hint is str:
        return _identity, _checked(str)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return (lambda v: v.value), hint
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        register(hint)
        return encode, (lambda v: _decode_as(hint, _object(v)))
    raise TypeError(f"{where}: cannot journal a {hint}")


# An advisor execution journals tuples of thousands of account names and amounts, so tuples of
# Decimals and of rows of str and Decimal are journaled as columns, encoded and decoded by C loops
# (map, zip, join, split): a tuple of Decimals as one text, "10,10,12.5" (a Decimal's text has no
# comma), and rows as {"columns": [...]}, a list of str or such a text per column. Empty tuples stay
# [], and the item-by-item lists journaled before still read.
_DECIMAL_TYPES = frozenset((Decimal, int))
_COLUMNS = "columns"


def _columnar(item: Any, item_from: Decoder) -> tuple[Encoder, Decoder] | None:
    """Converters of ``tuple[item, ...]`` as columns, when ``item`` is a str, a Decimal or a fixed
    tuple of str and Decimal."""
    if item is str:
        return list, (lambda v: tuple(item_from(x) for x in _list(v)))  # a list of str, as before
    if item is Decimal:
        return _decimal_column_to, _decimal_column_from
    if typing.get_origin(item) is not tuple or Ellipsis in typing.get_args(item):
        return None
    kinds = typing.get_args(item)
    if not all(kind is str or kind is Decimal for kind in kinds):
        return None
    width = len(kinds)
    encoders = [list if kind is str else _decimal_column_to for kind in kinds]
    decoders = [_str_column_from if kind is str else _decimal_column_from for kind in kinds]

    def rows_to(value: Any) -> Any:
        if not value:
            return []
        if set(map(len, value)) != {width}:
            raise ValueError(f"expected {width} items in every row")
        return {_COLUMNS: [to(column) for to, column in zip(encoders, zip(*value), strict=True)]}

    def rows_from(value: Any) -> tuple[Any, ...]:
        if isinstance(value, list):  # item by item, as journaled before
            return tuple(item_from(row) for row in value)
        data = _object(value)
        if set(data) != {_COLUMNS}:
            raise ValueError(f"expected an object with only {_COLUMNS!r}")
        columns = _list(data[_COLUMNS])
        if len(columns) != width:
            raise ValueError(f"expected {width} columns, got {len(columns)}")
        decoded = [decode(column) for decode, column in zip(decoders, columns, strict=True)]
        if len(set(map(len, decoded))) != 1:
            raise ValueError("columns of different lengths")
        return tuple(zip(*decoded, strict=True))

    return rows_to, rows_from


def _decimal_column_to(values: Any) -> Any:
    if not values:
        return []
    if not set(map(type, values)) <= _DECIMAL_TYPES:
        for value in values:
            _decimal_to(value)  # raises on the first that is no Decimal
    # The engine shares the Decimal objects of accounts booked alike: each object's text is made
    # once (``values`` keeps the ids alive).
    ids = list(map(id, values))
    texts = dict(zip(ids, values, strict=True))
    if len(texts) * 2 > len(ids):
        return ",".join(map(str, values))
    for key, value in texts.items():
        texts[key] = str(value)
    return ",".join(map(texts.__getitem__, ids))


def _decimal_column_from(value: Any) -> tuple[Decimal, ...]:
    if isinstance(value, list):  # item by item, as journaled before
        return tuple(map(_decimal_from, value))
    if not isinstance(value, str):
        raise TypeError(f"expected a text of decimals, got {type(value).__name__} {value!r}")
    return tuple(map(Decimal, value.split(","))) if value else ()


def _str_column_from(value: Any) -> tuple[str, ...]:
    items = _list(value)
    if not set(map(type, items)) <= {str}:
        raise TypeError("expected a list of str")
    return tuple(items)


def _identity(value: Any) -> Any:
    return value


def _checked(kind: type) -> Decoder:
    def check(value: Any) -> Any:
        if type(value) is not kind:
            raise TypeError(f"expected {kind.__name__}, got {type(value).__name__} {value!r}")
        return value

    return check


def _int_from(value: Any) -> int:
    if type(value) is not int:
        raise TypeError(f"expected int, got {type(value).__name__} {value!r}")
    return value


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError(f"expected a list, got {type(value).__name__}")
    return value


def _object(value: Any) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise TypeError(f"expected an object, got {type(value).__name__}")
    return value


def _decimal_to(value: Decimal | int) -> str:
    # An int is exact, so it is journaled as the Decimal it equals. A float would be journaled
    # inexactly and replay differently: refused, which halts the engine rather than fork history.
    if isinstance(value, Decimal) or (isinstance(value, int) and not isinstance(value, bool)):
        return str(value)
    raise TypeError(f"expected Decimal, got {type(value).__name__} {value!r}")


def _decimal_from(value: Any) -> Decimal:
    if not isinstance(value, str):
        raise TypeError(f"expected a decimal string, got {type(value).__name__} {value!r}")
    return Decimal(value)


def _datetime_to(value: datetime) -> str:
    return value.isoformat()


def _datetime_from(value: Any) -> datetime:
    if not isinstance(value, str):
        raise TypeError(f"expected an ISO datetime string, got {type(value).__name__}")
    return datetime.fromisoformat(value)


def _date_from(value: Any) -> date:
    if not isinstance(value, str):
        raise TypeError(f"expected an ISO date string, got {type(value).__name__}")
    return date.fromisoformat(value)

