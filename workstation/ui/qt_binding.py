"""Guards against known faults of the Qt binding, applied once before any window is built.

PySide6 6.12.0 under Python 3.11 returns ``True`` from ``SignalInstance.emit`` without taking a
reference to it, so every emit loses one reference to ``True``; calls that return ``None``
(``setText``, ``QAction.trigger``, a ``findChild`` that finds nothing, ``itemData`` of an empty
role) lose one reference to ``None`` the same way. A workstation emitting signals
at 20 frames a second drives the count to zero within minutes and the interpreter aborts with
"bool_dealloc" (and every process that emitted a few hundred signals aborts at exit). Python
3.12 made ``True``, ``False`` and ``None`` immortal for reasons like this one; on 3.11 we give them
the same immortality by raising their reference counts far beyond what any session can lose (one
lost reference per emit would take years at any rate Qt can emit). The older 6.11 releases that
do not have the fault crash in nested event loops instead, so excluding 6.12.0 is not the cure.

Nothing is changed on other versions. ``tests/ui/test_qt_binding.py`` checks the guard.
"""

from __future__ import annotations

import ctypes
import sys

_FAULTY_RELEASES = frozenset({"6.12.0"})
_HEADROOM = 1 << 40
"""References added to ``True``, ``False`` and ``None``: about 10**12, more than any run can lose."""
_applied = False


def needs_bool_guard(binding_version: str, python: tuple[int, int]) -> bool:
    return binding_version in _FAULTY_RELEASES and python < (3, 12)


def apply_binding_guards() -> bool:
    """Apply what the running binding needs (once); True if a guard was applied now or before."""
    global _applied
    import PySide6  # noqa: PLC0415 - the binding is what is being inspected

    if _applied or not needs_bool_guard(PySide6.__version__, sys.version_info[:2]):
        return _applied
    for singleton in (True, False, None):
        # ob_refcnt is the first field of every object in CPython's release builds.
        ctypes.c_ssize_t.from_address(id(singleton)).value += _HEADROOM
    _applied = True
    return True
