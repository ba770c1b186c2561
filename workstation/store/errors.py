"""The store's one error: the file cannot serve, or a write did not reach it, said in one sentence."""

from __future__ import annotations

# What every "the file is damaged" message offers besides restoring a backup.
START_AFRESH = "start a new database with --reset (erasing this one) or with another --db"


class StoreError(Exception):
    """The file cannot serve as a workstation store (not ours, too new, damaged, read-only, a
    folder), or a write did not reach it: one sentence naming the path and what to do."""
