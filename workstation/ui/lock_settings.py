"""Global Configuration -> Lock and Exit: when the workstation locks itself and when it logs off or restarts.

TWS's items (reference account-management.md §1.4): "Lock trading system after ___ minutes of inactivity"
(unlocking needs the password) or "Never lock trading system", and "Set Auto Log Off Time (HH:MM)" in
12-hour hh:mm with AM/PM, choosing Auto Log Off or Auto Restart. IB is silent on the defaults: here the
workstation never locks and neither logs off nor restarts until asked (``LockAndExitSettings()``).

Settings, not engine state: kept per database as JSON in the settings table (``StoredLockSettings``), or
for the session (``SessionLockSettings``); nothing is journaled. Qt-free (login/unlock.py checks the password
that unlocks).
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import asdict, dataclass
from datetime import datetime, time
from typing import Protocol

log = logging.getLogger(__name__)

SETTING_NAME = "lock_and_exit"
ACTIONS = ("log_off", "restart")
MAX_LOCK_MINUTES = 24 * 60
_TIME = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")


class LockSettingsError(ValueError):
    """A value of the page that cannot be used: the message names the field."""


@dataclass(frozen=True)
class LockAndExitSettings:
    """``lock_minutes`` None: "Never lock trading system". ``auto_off`` the 24-hour local time of the Auto
    Log Off or Auto Restart (``action``), None for neither."""

    lock_minutes: int | None = None
    auto_off: time | None = None
    action: str = "log_off"

    def __post_init__(self) -> None:
        if self.lock_minutes is not None and not 1 <= self.lock_minutes <= MAX_LOCK_MINUTES:
            raise LockSettingsError(f"Lock trading system after: {self.lock_minutes} is not a number of minutes "
                                    f"from 1 to {MAX_LOCK_MINUTES}")
        if self.action not in ACTIONS:
            raise LockSettingsError(f"action: {self.action!r} is not one of {', '.join(ACTIONS)}")

    def to_json(self) -> str:
        fields = asdict(self)
        fields["auto_off"] = None if self.auto_off is None else self.auto_off.strftime("%H:%M")
        return json.dumps(fields, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> LockAndExitSettings:
        fields = json.loads(text)
        off = fields.get("auto_off")
        return cls(lock_minutes=fields.get("lock_minutes"), auto_off=None if off is None else time.fromisoformat(off),
                   action=fields.get("action", "log_off"))

    def twelve_hour(self) -> tuple[str, bool]:
        """The Auto Log Off time as the page shows it: ("hh:mm", PM?); ("", False) when there is none."""
        if self.auto_off is None:
            return "", False
        hour = self.auto_off.hour % 12 or 12
        return f"{hour:02d}:{self.auto_off.minute:02d}", self.auto_off.hour >= 12

    def off_due(self, previous: datetime, now: datetime) -> bool:
        """Whether the Auto Log Off (or Restart) time was reached after ``previous`` and by ``now`` (local)."""
        if self.auto_off is None or now <= previous:
            return False
        moment = now.replace(hour=self.auto_off.hour, minute=self.auto_off.minute, second=0, microsecond=0)
        return previous < moment <= now


def settings_from_page(*, never: bool, minutes: str, off_time: str, pm: bool, action: str | None
                       ) -> LockAndExitSettings:
    """What the Lock and Exit page shows, read as settings; raises :class:`LockSettingsError` naming the field.
    ``action`` None (or an empty time): no Auto Log Off and no Auto Restart."""
    lock_minutes = None
    if not never:
        try:
            lock_minutes = int(minutes.strip())
        except ValueError:
            raise LockSettingsError(f"Lock trading system after: {minutes.strip() or 'nothing'} is not a number "
                                    f"of minutes") from None
    auto_off = None
    if action is not None and off_time.strip():
        match = _TIME.match(off_time)
        if match is None or not 1 <= int(match[1]) <= 12 or int(match[2]) > 59:
            raise LockSettingsError(f"Set Auto Log Off Time (HH:MM): {off_time.strip()} is not a time such as 11:45")
        auto_off = time(int(match[1]) % 12 + (12 if pm else 0), int(match[2]))
    return LockAndExitSettings(lock_minutes, auto_off, action or "log_off")


class LockSettingsKeeper(Protocol):
    def load(self) -> LockAndExitSettings: ...

    def save(self, settings: LockAndExitSettings) -> None: ...


class SettingsTableLike(Protocol):
    def read(self, name: str) -> str | None: ...

    def write(self, name: str, value: str) -> None: ...


class StoredLockSettings:
    """The settings kept in a database's settings table."""

    def __init__(self, table: SettingsTableLike) -> None:
        self._table = table

    def load(self) -> LockAndExitSettings:
        text = self._table.read(SETTING_NAME)
        if text is None:
            return LockAndExitSettings()
        try:
            return LockAndExitSettings.from_json(text)
        except (ValueError, TypeError, AttributeError) as error:
            log.warning("the stored Lock and Exit settings are unreadable (%s); using the defaults", error)
            return LockAndExitSettings()

    def save(self, settings: LockAndExitSettings) -> None:
        self._table.write(SETTING_NAME, settings.to_json())


class SessionLockSettings:
    """The settings for this session only (no database)."""

    def __init__(self, settings: LockAndExitSettings | None = None) -> None:
        self._settings = settings or LockAndExitSettings()

    def load(self) -> LockAndExitSettings:
        return self._settings

    def save(self, settings: LockAndExitSettings) -> None:
        self._settings = settings
