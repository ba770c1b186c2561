"""Registries of journaled types, filled by construction.

Commands and events register themselves when their class is defined (``__init_subclass__`` on
their base), so the journal's codec reads the live registry and a new type can never be written
to a database that cannot read it back. This module imports nothing of the engine, so both
``commands`` and ``events`` can use it without a circle.
"""

from __future__ import annotations


class TypeRegistry:
    """Concrete classes of one kind by class name, the journal's type tag, in definition order."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._types: dict[str, type] = {}

    def add(self, cls: type) -> None:
        """Record ``cls``; names starting with ``_`` are abstract bases, never journaled alone.

        ``@dataclass(slots=True)`` builds a second class from the one the ``class`` statement made,
        so one definition arrives twice and the later (slotted) class replaces the first. Two
        definitions sharing a name would be indistinguishable in the journal: refused at import.
        """
        if cls.__name__.startswith("_"):
            return
        known = self._types.get(cls.__name__)
        if known is not None and (known.__module__, known.__qualname__) != (cls.__module__, cls.__qualname__):
            raise TypeError(f"two {self.kind} types are named {cls.__name__}: {known.__module__} and "
                            f"{cls.__module__}")
        self._types[cls.__name__] = cls

    def get(self, name: str) -> type | None:
        return self._types.get(name)

    def types(self) -> tuple[type, ...]:
        return tuple(self._types.values())
