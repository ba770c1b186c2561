"""Frozen copies of the engine's live records (orders, accounts) for read models to hand out.

A frozen copy is the live class (an ``Order`` is still an ``Order``) whose fields cannot be set
and whose lists, sets and dicts became tuples, frozensets and read-only mappings, copied when it
was made: a reader can neither change the engine through it nor see it change after a later
command. ``copy.copy`` returns it as it is; ``copy.deepcopy`` gives the reader a live, mutable
copy of its own (a scratch account to try a booking on, say).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from operator import attrgetter
from types import MappingProxyType
from typing import Any, ClassVar, TypeVar

from workstation.engine.ledger.accounts import Account, Position
from workstation.engine.orders.allocation_plan import AccountAllocation, AllocationPlan
from workstation.engine.orders.order import Order

T = TypeVar("T")
_CONTAINERS = ("list", "set", "dict")
_LIVE_RECORD = re.compile(r"\b(Order|AllocationPlan|AccountAllocation|Account|Position)\b")
"""an annotation naming a live record class that has a frozen copy below"""
_set_field = object.__setattr__


class _Frozen:
    """A frozen copy of a live dataclass record; the subclass names the live class second."""

    __slots__ = ()
    _live: ClassVar[type]
    _fields: ClassVar[tuple[str, ...]]
    _thawed: ClassVar[dict[str, str]]
    """field -> the container kind its live value has (list, set or dict)"""
    _plain: ClassVar[tuple[str, ...]]
    """the fields whose values are immutable already, copied as they are"""
    _read_plain: ClassVar[Callable[[Any], tuple[Any, ...]]]
    _nested: ClassVar[tuple[str, ...]]
    """the fields holding containers or live records, frozen in turn"""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._live = cls.__mro__[2]
        live_fields = dataclasses.fields(cls._live)
        cls._fields = tuple(f.name for f in live_fields)
        cls._thawed = {f.name: kind for f in live_fields for kind in _CONTAINERS if str(f.type).startswith(kind)}
        nested = {f.name for f in live_fields if f.name in cls._thawed or _LIVE_RECORD.search(str(f.type))}
        cls._plain = tuple(name for name in cls._fields if name not in nested)
        getter = attrgetter(*cls._plain)
        cls._read_plain = staticmethod(getter if len(cls._plain) > 1 else lambda record: (getter(record),))
        cls._nested = tuple(name for name in cls._fields if name in nested)

    def __setattr__(self, name: str, value: Any) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}: a read model's "
                                              f"{self._live.__name__} is a frozen copy; change it by a command")

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}: a read model's "
                                              f"{self._live.__name__} is a frozen copy")

    def __copy__(self) -> _Frozen:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        live = object.__new__(self._live)
        for name in self._fields:
            _set_field(live, name, _thaw(getattr(self, name), self._thawed.get(name), memo))
        return live

    def __reduce__(self) -> tuple[Any, ...]:
        return freeze, (self.__deepcopy__({}),)


class FrozenOrder(_Frozen, Order):
    __slots__ = ()


class FrozenAllocationPlan(_Frozen, AllocationPlan):
    __slots__ = ()


class FrozenAccountAllocation(_Frozen, AccountAllocation):
    __slots__ = ()


class FrozenAccount(_Frozen, Account):
    __slots__ = ()


class FrozenPosition(_Frozen, Position):
    __slots__ = ()


_FROZEN: dict[type, type[_Frozen]] = {c._live: c for c in (FrozenOrder, FrozenAllocationPlan,
                                                           FrozenAccountAllocation, FrozenAccount, FrozenPosition)}


def freeze(record: T) -> T:
    """A frozen copy of ``record`` (an Order, Account, Position or allocation plan), nested records
    and containers included; a record already frozen is returned as it is."""
    if isinstance(record, _Frozen):
        return record
    frozen_class = _FROZEN[type(record)]
    copy = object.__new__(frozen_class)
    for name, value in zip(frozen_class._plain, frozen_class._read_plain(record)):
        _set_field(copy, name, value)
    for name in frozen_class._nested:
        _set_field(copy, name, _frozen_value(getattr(record, name)))
    return copy  # type: ignore[return-value]


def _frozen_value(value: Any) -> Any:
    kind = type(value)
    if kind is list:
        return tuple(_frozen_value(v) for v in value)
    if kind is set:
        return frozenset(value)
    if kind is dict:
        return MappingProxyType({k: _frozen_value(v) for k, v in value.items()})
    if kind in _FROZEN:
        return freeze(value)
    return value


def _thaw(value: Any, container: str | None, memo: dict[int, Any]) -> Any:
    if isinstance(value, _Frozen):
        return value.__deepcopy__(memo)
    if container == "list":
        return [_thaw(v, None, memo) for v in value]
    if container == "set":
        return set(value)
    if container == "dict":
        return {k: _thaw(v, None, memo) for k, v in value.items()}
    return value
