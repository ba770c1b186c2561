"""The log-in service: credentials, the throttle and the lock, the second factor, one session per user.

Pure logic over the database's users tables (store/users.py) and an injectable clock, so the GUI's login
window, the command line and tests drive the same steps:

    step = service.log_in(username, password)      # Refused | SecondFactor | Authenticated
    step = service.answer(step, response)           # after SecondFactor: Refused | Authenticated
    step = service.enter_read_only(step)            # or "Enter Read Only": Authenticated(read_only=True)
    session = service.start_session(step)           # Session | ExistingSession
    session = service.start_session(step, take_over=existing)   # "Existing session detected" -> continue
    service.session_is_current(session)             # polled; False once another login took it over

IB's texts (reference account-management.md §1.2): "Login failed - Invalid username or password", the same
for an unknown username so usernames cannot be probed; "Too many failed login attempts. Please wait N
seconds before attempting to re-login again."; "Login failed" after a wrong second factor. The thresholds
are ``LoginPolicy``'s (README "Users and log in").
"""

from __future__ import annotations

import math
import os
import random
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from workstation.login.credentials import (
    CARD_CELLS,
    card_answer_matches,
    check_password,
    dummy_check,
    totp_matches,
    unwrap,
)
from workstation.store.users import SessionRow, UserTable

INVALID = "Login failed - Invalid username or password"
SECOND_FACTOR_FAILED = "Login failed"
EXISTING_SESSION = "Existing session detected"
REPLACED = "This session was disconnected: the same user logged in elsewhere"
DAY = 24 * 3600.0


@dataclass(frozen=True, slots=True)
class LoginPolicy:
    """When failed attempts slow a user down and when they lock the username.

    ``free_attempts`` failures in a row are answered at once; each one after them makes the next attempt
    wait ``first_wait`` seconds, doubled per further failure up to ``max_wait`` (300 s, the interval IBC
    keeps between automated attempts to stay clear of TWS's throttle). ``lock_after`` failures within
    ``lock_window`` seconds lock the username until ``lock_window`` after the last of them (IB's Client
    Portal rule: 10 in 24 hours). A successful log-in clears the count."""

    free_attempts: int = 3
    first_wait: float = 30.0
    max_wait: float = 300.0
    lock_after: int = 10
    lock_window: float = DAY
    totp_window: int = 1


@dataclass(frozen=True, slots=True)
class Refused:
    """The attempt failed: ``text`` to show; ``wait`` seconds before the next is looked at (the throttle's
    countdown, or the lock's), 0 if none."""

    text: str
    wait: float = 0.0
    locked: bool = False


@dataclass(frozen=True, slots=True)
class SecondFactor:
    """The password was right; now the second factor ("Second Factor Authentication", or "Security Code Card
    Authentication" for a card). ``prompt`` is the line to show; ``indices`` the card's two cells."""

    username: str
    kind: str
    prompt: str
    indices: tuple[int, int] | None = None
    _key: bytes = field(default=b"", repr=False)
    _wrapped: str = field(default="", repr=False)

    @property
    def title(self) -> str:
        return "Security Code Card Authentication" if self.kind == "card" else "Second Factor Authentication"


@dataclass(frozen=True, slots=True)
class Authenticated:
    """Logged in as ``username``; ``read_only`` after "Enter Read Only". ``login`` is what the user's
    commands carry as ``entered_by`` (partitions/users.py)."""

    username: str
    read_only: bool = False

    @property
    def login(self) -> str:
        return f"{self.username}:read-only" if self.read_only else self.username


@dataclass(frozen=True, slots=True)
class Session:
    """This process's session of ``username``: ``token`` identifies it in the database."""

    username: str
    token: str
    read_only: bool


@dataclass(frozen=True, slots=True)
class ExistingSession:
    """Another login of the same user holds the session (process ``pid`` since ``started``); pass this to
    ``start_session(..., take_over=...)`` to disconnect it."""

    text: str
    pid: int
    started: float
    token: str


class LoginService:
    """Log-in against the users of one workstation database."""

    def __init__(self, users: UserTable, clock: Callable[[], float] = time.time, policy: LoginPolicy = LoginPolicy(),
                 choose: random.Random | None = None, pid: int | None = None) -> None:
        self._users = users
        self._clock = clock
        self.policy = policy
        self._choose = choose or secrets.SystemRandom()
        self._pid = os.getpid() if pid is None else pid

    @property
    def users(self) -> UserTable:
        """The users table the service checks against (the lock screen's unlock checks the same)."""
        return self._users

    @property
    def clock(self) -> Callable[[], float]:
        return self._clock

    # -- credentials ---------------------------------------------------------------------------------

    def wait_left(self, username: str) -> Refused | None:
        """The throttle's or the lock's refusal if ``username`` must wait now (its live countdown), else None."""
        now = self._clock()
        policy = self.policy
        failures = self._users.failures(username, now - policy.lock_window)
        if not failures:
            return None
        last = failures[-1]
        if len(failures) >= policy.lock_after:
            left = last + policy.lock_window - now
            return Refused(f"Login failed - This username is locked after {len(failures)} failed login attempts "
                           f"within 24 hours. Please wait {_duration(left)} before attempting to re-login again.",
                           wait=left, locked=True)
        beyond = len(failures) - policy.free_attempts
        if beyond < 0:
            return None
        left = last + min(policy.first_wait * 2 ** beyond, policy.max_wait) - now
        if left <= 0:
            return None
        return Refused(f"Too many failed login attempts. Please wait {_duration(left)} before attempting to re-login "
                       f"again.", wait=left)

    def log_in(self, username: str, password: str) -> Refused | SecondFactor | Authenticated:
        """Check ``username`` and ``password`` (after the throttle and the lock)."""
        waiting = self.wait_left(username)
        if waiting is not None:
            return waiting
        row = self._users.user(username)
        if row is None or row.password_hash is None:
            dummy_check(password)  # an unknown user costs what a known one does
            return self._fail(username, INVALID)
        key = check_password(password, row.password_hash)
        if key is None:
            return self._fail(username, INVALID)
        if row.second_factor == "card":
            first, second = self._choose.sample(range(1, CARD_CELLS + 1), 2)
            return SecondFactor(username, "card", f"Enter the values of card cells {first} and {second}, no space",
                                (first, second), key, row.factor_secret or "")
        if row.second_factor == "totp":
            return SecondFactor(username, "totp", "Enter the 6-digit code of your authenticator", None, key,
                                row.factor_secret or "")
        return self._succeed(username)

    def log_in_passwordless(self, username: str) -> Refused | Authenticated:
        """A demo user without a password (``--login``'s kind): no password asked, no second factor."""
        row = self._users.user(username)
        if row is None or row.password_hash is not None:
            return Refused(INVALID)
        return Authenticated(username)

    def answer(self, challenge: SecondFactor, response: str) -> Refused | Authenticated:
        """The second factor's response: the card's two values, or the authenticator's code."""
        waiting = self.wait_left(challenge.username)
        if waiting is not None:
            return waiting
        secret = unwrap(challenge._wrapped, challenge._key)
        if challenge.kind == "card":
            assert challenge.indices is not None
            good = card_answer_matches(secret, challenge.indices, response)
        else:
            good = totp_matches(secret.decode("ascii"), response, self._clock(), self.policy.totp_window)
        if not good:
            return self._fail(challenge.username, SECOND_FACTOR_FAILED)
        return self._succeed(challenge.username)

    def enter_read_only(self, challenge: SecondFactor) -> Authenticated:
        """The Second Factor dialog's "Enter Read Only": logged in without the second factor, able to see
        everything and to place, modify or cancel nothing (the engine refuses it: partitions/users.py)."""
        return Authenticated(challenge.username, read_only=True)

    def _fail(self, username: str, text: str) -> Refused:
        self._users.add_failure(username, self._clock())
        waiting = self.wait_left(username)
        if waiting is None:
            return Refused(text)
        # The text stays the failure's; the wait starts the countdown the next attempt would be shown (a lock says so).
        return waiting if waiting.locked else Refused(text, waiting.wait)

    def _succeed(self, username: str) -> Authenticated:
        self._users.clear_failures(username)
        return Authenticated(username)

    # -- one session per user --------------------------------------------------------------------------

    def start_session(self, login: Authenticated, take_over: ExistingSession | None = None,
                      alive: Callable[[int], bool] | None = None) -> Session | ExistingSession:
        """The user's session for this process. If another live process holds it, "Existing session
        detected" (an ``ExistingSession``) unless ``take_over`` is that session: then it is replaced, and
        that process finds out by polling :meth:`session_is_current`. A session left by a process that has
        ended is taken without asking."""
        alive = alive or _process_alive
        while True:
            current = self._users.session(login.username)
            if current is not None and take_over is None and current.pid != self._pid and alive(current.pid):
                return ExistingSession(EXISTING_SESSION, current.pid, current.started, current.token)
            if current is not None and take_over is not None and take_over.token != current.token:
                return ExistingSession(EXISTING_SESSION, current.pid, current.started, current.token)
            session = SessionRow(login.username, secrets.token_hex(16), self._pid, self._clock(), login.read_only)
            if self._users.start_session(session, None if current is None else current.token, self._clock()):
                return Session(login.username, session.token, login.read_only)

    def session_is_current(self, session: Session) -> bool:
        return self._users.session_is_current(session.token)

    def replaced_by(self, session: Session) -> int | None:
        """The process that took ``session`` over (it was told ``REPLACED``), or None."""
        return self._users.replaced_by(session.token)

    def end_session(self, session: Session) -> None:
        self._users.end_session(session.token)


def _duration(seconds: float) -> str:
    """IB's countdown wording: "53 seconds", "4 minutes & 47 seconds", "23 hours & 59 minutes"."""
    whole = max(1, math.ceil(seconds))
    if whole < 60:
        return f"{whole} seconds"
    if whole < 3600:
        return f"{whole // 60} minutes & {whole % 60} seconds"
    return f"{whole // 3600} hours & {whole % 3600 // 60} minutes"


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, owned by someone else
    return True
