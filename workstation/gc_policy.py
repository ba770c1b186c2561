"""What the garbage collector is asked to skip: the engine's long-lived state, in a process that runs
one workstation for days.

Every full (generation 2) collection walks every container object the process holds, so with a week
of history the pauses grow with it. The state rebuilt on open and the state a snapshot has just
captured lives until the next snapshot or longer: ``gc.freeze()`` moves it out of the collector's
generations, so later collections walk only what was made since. Garbage that is already there is
collected first, so only live objects are frozen; frozen objects are still freed by reference
counting, and a reopen unfreezes everything, so an engine left behind by a reset is collected.

A process-wide decision, so the process that owns it (the GUI, the long bench) switches it on;
the store only says when its moments come. Off by default: tests and libraries keep the
interpreter's collector as it is.
"""

from __future__ import annotations

import gc

_enabled = False


def keep_long_lived_out_of_collections(enabled: bool = True) -> None:
    """Switch the policy on (the workstation's GUI, the long bench) or off."""
    global _enabled  # noqa: PLW0603 - one switch for the process, as the collector is one per process
    _enabled = enabled


def after_engine_rebuilt() -> None:
    """The store has built the engine (new, or from a snapshot and the journal): freeze it."""
    if _enabled:
        gc.unfreeze()   # whatever an earlier engine in this process left is collectable again
        gc.collect()
        gc.freeze()


def after_snapshot() -> None:
    """A snapshot of the state has just been written: freeze what was made since the last freeze.
    The collection walks only those objects, so it costs what the commands since then allocated."""
    if _enabled:
        gc.collect()
        gc.freeze()
