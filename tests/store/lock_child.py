"""Child process of the lock tests: opens a workstation database as the GUI does (lock first),
prints "ready", then holds it until its stdin closes or it is killed.
Usage: ``python lock_child.py PATH``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from workstation.cli import open_workstation
from workstation.store.lock import lock_database


def main(path: str) -> None:
    with lock_database(Path(path), command="lock_child.py (a test's workstation)"):
        _engine, store, _profile = open_workstation(Path(path), None)
        print("ready", flush=True)
        sys.stdin.read()
        store.close()


if __name__ == "__main__":
    main(sys.argv[1])
