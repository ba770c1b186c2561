"""The lock screen's unlock: the user's password checked against its stored hash, under the log-in's throttle
and lock (Global Configuration -> Lock and Exit, reference account-management.md §1.4: unlocking needs the
password)."""

from __future__ import annotations

from workstation.login.credentials import check_password
from workstation.login.service import LoginService
from workstation.store.users import UserTable


class PasswordUnlock:
    """Unlocks the trading system with ``username``'s password: a wrong one counts as a failed log-in, and
    the throttle and the lock apply as at log-in (so the lock screen cannot be used to guess)."""

    def __init__(self, service: LoginService, username: str) -> None:
        self._service = service
        self._users: UserTable = service.users
        self.username = username
        self._clock = service.clock  # the throttle's clock

    def __call__(self, password: str) -> str | None:
        """None if ``password`` is the user's; else the text to show."""
        waiting = self._service.wait_left(self.username)
        if waiting is not None:
            return waiting.text
        row = self._users.user(self.username)
        if row is None or row.password_hash is None or check_password(password, row.password_hash) is None:
            self._users.add_failure(self.username, self._clock())
            waiting = self._service.wait_left(self.username)
            return "Invalid password" if waiting is None else f"Invalid password. {waiting.text}"
        self._users.clear_failures(self.username)
        return None
