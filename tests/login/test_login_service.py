"""The log-in service against IB's rules (reference account-management.md §1.2 wrong password, throttle,
lockout; §1.3 second factor and "Enter Read Only"; §1.5 one session per user). Time is a fake clock."""

from __future__ import annotations

import random
import re

import pyotp
import pytest

from tests.login.conftest import PASSWORD
from workstation.login import (
    EXISTING_SESSION,
    INVALID,
    Authenticated,
    ExistingSession,
    LoginService,
    Refused,
    SecondFactor,
    Session,
)
from workstation.login.service import SECOND_FACTOR_FAILED
from workstation.store.users import UserTable


@pytest.fixture
def service(users, clock) -> LoginService:
    return LoginService(users, clock, choose=random.Random(5), pid=100)


def test_the_right_password_logs_in(service, add_user):
    add_user("olive")
    assert service.log_in("olive", PASSWORD) == Authenticated("olive")


def test_a_wrong_password_and_an_unknown_user_get_the_same_text(service, add_user):
    # KB1133: "Login failed - Invalid username or password"; the same for a name that is no user
    add_user("olive")
    assert service.log_in("olive", "wrong") == Refused(INVALID)
    assert service.log_in("nobody", PASSWORD) == Refused(INVALID)
    assert INVALID == "Login failed - Invalid username or password"


def test_repeated_failures_throttle_with_a_countdown(service, add_user, clock):
    # IBC TooManyFailedLoginAttemptsDialogHandler: "Too many failed login attempts. Please wait 53 seconds ..."
    add_user("olive")
    for _ in range(2):
        assert service.log_in("olive", "wrong") == Refused(INVALID)
    third = service.log_in("olive", "wrong")
    assert (third.text, third.wait) == (INVALID, 30.0)   # the third failure starts the countdown

    clock.advance(7)
    waiting = service.log_in("olive", PASSWORD)  # even the right password waits
    assert waiting.text == "Too many failed login attempts. Please wait 23 seconds before attempting to re-login again."
    assert service.wait_left("olive").wait == 23

    clock.advance(23)
    fourth = service.log_in("olive", "wrong")
    assert fourth.wait == 60.0  # doubled per further failure
    clock.advance(60)
    assert service.log_in("olive", PASSWORD) == Authenticated("olive")
    assert service.wait_left("olive") is None  # a success clears the count


def test_the_wait_is_said_in_minutes_and_seconds_up_to_its_cap(users, clock, add_user):
    add_user("olive")
    service = LoginService(users, clock, pid=100)
    for _ in range(7):
        service.log_in("olive", "wrong")
        clock.advance(service.wait_left("olive").wait if service.wait_left("olive") else 0)
    service.log_in("olive", "wrong")
    clock.advance(13)
    assert "Please wait 4 minutes & 47 seconds before" in service.log_in("olive", PASSWORD).text  # 300 s cap


def _fail_until_locked(service: LoginService, clock, username: str) -> Refused:
    for _ in range(10):
        waiting = service.wait_left(username)
        if waiting is not None:
            clock.advance(waiting.wait)
        result = service.log_in(username, "wrong")
    return result


def test_ten_failures_in_a_day_lock_the_username_across_a_restart(service, add_user, clock, database):
    # "10 consecutive failed ... login attempts within any 24-hour period ... locked ... until 24 hours have
    # passed since the last unsuccessful log in attempt" (ibkr.info account-security)
    add_user("olive")
    locked = _fail_until_locked(service, clock, "olive")
    assert locked.locked and locked.text.startswith("Login failed - This username is locked after 10 failed")

    with UserTable(database) as reopened:  # a new process on the same database
        again = LoginService(reopened, clock, pid=200)
        clock.advance(23 * 3600)
        refused = again.log_in("olive", PASSWORD)
        assert refused.locked and "Please wait 1 hours & 0 minutes" in refused.text
        clock.advance(3600)
        assert again.log_in("olive", PASSWORD) == Authenticated("olive")


def test_an_unknown_username_is_throttled_and_locked_as_a_known_one(service, clock):
    assert _fail_until_locked(service, clock, "nobody").locked


def test_a_security_code_card_asks_two_cells(service, add_user):
    card = add_user("carl", "card")
    cells = dict(re.findall(r"(\d\d): (\d{3})", card))
    assert len(cells) == 36

    challenge = service.log_in("carl", PASSWORD)

    assert isinstance(challenge, SecondFactor) and challenge.title == "Security Code Card Authentication"
    first, second = challenge.indices
    assert first != second and f"cells {first} and {second}" in challenge.prompt
    assert service.answer(challenge, "000 000" if cells[f"{first:02d}"] != "000" else "111111") == \
        Refused(SECOND_FACTOR_FAILED)
    assert service.answer(challenge, cells[f"{first:02d}"] + cells[f"{second:02d}"]) == Authenticated("carl")


def test_an_authenticator_code_of_this_step_or_the_one_before_logs_in(service, add_user, clock):
    shown = add_user("tina", "totp")
    secret = re.search(r"secret \(shown only now\): ([A-Z2-7]+)", shown).group(1)
    assert f"secret={secret}" in shown   # the provisioning URI an authenticator app reads
    totp = pyotp.TOTP(secret)

    challenge = service.log_in("tina", PASSWORD)
    assert isinstance(challenge, SecondFactor) and challenge.title == "Second Factor Authentication"
    assert service.answer(challenge, totp.at(clock() - 90)) == Refused(SECOND_FACTOR_FAILED)  # three steps old
    assert service.answer(challenge, totp.at(clock() - 30)) == Authenticated("tina")          # one step: drift


def test_wrong_second_factors_count_towards_the_throttle(service, add_user):
    add_user("tina", "totp")
    challenge = service.log_in("tina", PASSWORD)
    for _ in range(3):
        last = service.answer(challenge, "000000")
    assert last.wait == 30.0
    assert service.answer(challenge, "000000").text.startswith("Too many failed login attempts")


def test_enter_read_only_logs_in_without_the_second_factor(service, add_user):
    add_user("tina", "totp")
    challenge = service.log_in("tina", PASSWORD)

    login = service.enter_read_only(challenge)

    assert login.read_only and login.login == "tina:read-only"  # what the engine refuses every change of


def test_a_second_login_of_the_same_user_is_told_and_may_take_over(users, clock, add_user):
    # IBC ExistingSessionDetectedDialogHandler: "Existing session detected"; the first session is disconnected
    add_user("olive")
    first = LoginService(users, clock, pid=100)
    second = LoginService(users, clock, pid=200)
    mine = first.start_session(first.log_in("olive", PASSWORD))
    assert isinstance(mine, Session)

    existing = second.start_session(second.log_in("olive", PASSWORD), alive=lambda pid: True)
    assert isinstance(existing, ExistingSession) and (existing.text, existing.pid) == (EXISTING_SESSION, 100)
    assert first.session_is_current(mine)

    theirs = second.start_session(Authenticated("olive"), take_over=existing, alive=lambda pid: True)

    assert isinstance(theirs, Session) and second.session_is_current(theirs)
    assert not first.session_is_current(mine) and first.replaced_by(mine) == 200


def test_a_session_left_by_an_ended_process_is_taken_without_asking(users, clock, add_user):
    add_user("olive")
    LoginService(users, clock, pid=100).start_session(Authenticated("olive"))
    later = LoginService(users, clock, pid=200)
    assert isinstance(later.start_session(Authenticated("olive"), alive=lambda pid: False), Session)


def test_a_passwordless_user_logs_in_by_name_only(service, users):
    from workstation.store.users import UserRow

    users.add(UserRow("demo", None, "none", None, 0.0))
    assert service.log_in_passwordless("demo") == Authenticated("demo")
    assert service.log_in("demo", "") == Refused(INVALID)   # never with a password
    assert not users.has_passwords()
