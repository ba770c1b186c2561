"""The Login window driven through its published names (reference account-management.md §1.1-§1.6).

Texts: KB1133 "Login failed - Invalid username or password"; IBC TooManyFailedLoginAttemptsDialogHandler
"Too many failed login attempts. Please wait N seconds before attempting to re-login again."; IBC
SecondFactorAuthenticationDialogHandler ("Second Factor Authentication", "Security Code Card Authentication",
"Enter Read Only"); ExistingSessionDetectedDialogHandler ("Existing session detected", "Continue Login",
"Exit Application"); NonBrokerageAccountDialogHandler ("This is not a brokerage account", "I understand and
accept"). The service's clock is a fake one the tests move; the countdown's QTimer is fired by hand.
"""

from __future__ import annotations

import os

import pyotp
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QMessageBox

from tests.login.conftest import PASSWORD
from tests.ui.login.conftest import LIVE, PAPER, UsersDatabase
from workstation.login import Authenticated
from workstation.ui import object_names as names
from workstation.ui.dialogs.login_prompts import SecondFactorDialog
from workstation.ui.dialogs.login_window import LoginWindow


@pytest.fixture
def login(qtbot, users_db: UsersDatabase) -> LoginWindow:
    window = LoginWindow(users_db.service(), users_db.engine)
    qtbot.addWidget(window)
    window.show()
    return window


def type_in(window, name: str, text: str) -> None:
    field = window.findChild(QLineEdit, name)
    field.setText(text)


def click(qtbot, parent, name: str) -> None:
    button = parent.findChild(QAbstractButton, name)
    assert button is not None and button.isEnabled(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def log_in(qtbot, window: LoginWindow, username: str, password: str = PASSWORD) -> None:
    type_in(window, names.LOGIN_USERNAME, username)
    type_in(window, names.LOGIN_PASSWORD, password)
    click(qtbot, window, names.LOGIN_SUBMIT)


def message(window: LoginWindow) -> str:
    return window.findChild(QLabel, names.LOGIN_MESSAGE).text()


def second_factor(window: LoginWindow) -> SecondFactorDialog:
    dialog = window.findChild(SecondFactorDialog, names.SECOND_FACTOR_DIALOG)
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_a_wrong_password_says_iBs_text_and_the_password_is_cleared(qtbot, login):
    log_in(qtbot, login, "alice", "wrong")

    assert message(login) == "Login failed - Invalid username or password"
    assert login.findChild(QLineEdit, names.LOGIN_PASSWORD).text() == ""
    assert login.outcome is None and login.isVisible()


def test_return_in_the_password_field_is_one_attempt(qtbot, login):
    # Enter both in the field and on the dialog's default button: each press must count one failure, or two
    # wrong passwords would already start the throttle (it starts at the third).
    for _ in range(2):
        type_in(login, names.LOGIN_USERNAME, "alice")
        type_in(login, names.LOGIN_PASSWORD, "wrong")
        qtbot.keyClick(login.findChild(QLineEdit, names.LOGIN_PASSWORD), Qt.Key.Key_Return)

    assert message(login) == "Login failed - Invalid username or password"
    assert not login.countdown.isActive()


def test_the_throttle_counts_down_each_second_then_clears(qtbot, login, users_db):
    for _ in range(3):
        log_in(qtbot, login, "alice", "wrong")
    assert message(login) == ("Login failed - Invalid username or password\nToo many failed login attempts. "
                              "Please wait 30 seconds before attempting to re-login again.")
    assert login.countdown.isActive() and login.countdown.interval() == 1000

    users_db.clock.advance(1)
    login.countdown.timeout.emit()
    assert message(login).endswith("Please wait 29 seconds before attempting to re-login again.")

    log_in(qtbot, login, "alice")          # even the right password waits while the throttle holds
    assert message(login) == ("Too many failed login attempts. Please wait 29 seconds before attempting to "
                              "re-login again.")
    assert login.outcome is None

    users_db.clock.advance(29)
    login.countdown.timeout.emit()
    assert message(login) == "" and not login.countdown.isActive()
    log_in(qtbot, login, "alice")
    assert login.outcome is not None and login.outcome.login == "alice"


def test_return_in_the_card_values_field_is_one_answer(qtbot, login, users_db):
    log_in(qtbot, login, "carl")
    dialog = second_factor(login)
    answers = []
    dialog.sig_answer.connect(answers.append)
    type_in(dialog, names.SECOND_FACTOR_RESPONSE, users_db.card_answer(dialog.challenge.indices))
    qtbot.keyClick(dialog.findChild(QLineEdit, names.SECOND_FACTOR_RESPONSE), Qt.Key.Key_Return)

    assert len(answers) == 1
    assert login.outcome is not None and login.outcome.login == "carl"


def test_a_security_code_card_asks_two_indices_and_takes_the_card_values(qtbot, login, users_db):
    log_in(qtbot, login, "carl")
    dialog = second_factor(login)
    assert dialog.windowTitle() == "Security Code Card Authentication"
    first, second = dialog.challenge.indices
    assert f"<b>{first}</b> and <b>{second}</b>" in dialog.findChild(QLabel,
                                                                      names.SECOND_FACTOR_PROMPT).text()

    type_in(dialog, names.SECOND_FACTOR_RESPONSE, users_db.card_answer((first, second)))
    click(qtbot, dialog, names.SECOND_FACTOR_OK)

    assert login.result() == LoginWindow.DialogCode.Accepted
    assert (login.outcome.username, login.outcome.login, login.outcome.account) == ("carl", "carl", LIVE)


def test_a_wrong_card_value_is_login_failed(qtbot, login, users_db):
    log_in(qtbot, login, "carl")
    dialog = second_factor(login)
    right = users_db.card_answer(dialog.challenge.indices)
    type_in(dialog, names.SECOND_FACTOR_RESPONSE, "999999" if right != "999999" else "000000")
    click(qtbot, dialog, names.SECOND_FACTOR_OK)

    assert message(login) == "Login failed" and login.outcome is None


def test_an_authenticator_code_logs_in(qtbot, login, users_db):
    log_in(qtbot, login, "tina")
    dialog = second_factor(login)
    assert dialog.windowTitle() == "Second Factor Authentication"

    type_in(dialog, names.SECOND_FACTOR_RESPONSE, pyotp.TOTP(users_db.totp_secret()).at(users_db.clock()))
    click(qtbot, dialog, names.SECOND_FACTOR_OK)

    assert login.outcome is not None and (login.outcome.login, login.outcome.read_only) == ("tina", False)


def test_enter_read_only_logs_in_read_only_without_the_second_factor(qtbot, login):
    log_in(qtbot, login, "tina")
    click(qtbot, second_factor(login), names.SECOND_FACTOR_READ_ONLY)

    assert login.outcome is not None
    assert (login.outcome.login, login.outcome.read_only, login.outcome.account) == ("tina:read-only", True, LIVE)


def test_an_existing_session_is_taken_over_with_continue_login(qtbot, login, users_db):
    other = users_db.service(pid=os.getppid())   # a live process holds alice's session
    held = other.start_session(Authenticated("alice"))
    log_in(qtbot, login, "alice")
    box = login.findChild(QMessageBox, names.EXISTING_SESSION_DIALOG)
    assert box is not None and box.windowTitle() == "Existing session detected"
    assert {b.text() for b in box.buttons()} == {"Continue Login", "Exit Application"}

    click(qtbot, box, names.EXISTING_SESSION_CONTINUE)

    assert login.outcome is not None and login.outcome.username == "alice"
    assert not other.session_is_current(held)


def test_exit_application_at_an_existing_session_leaves_it(qtbot, login, users_db):
    other = users_db.service(pid=os.getppid())
    held = other.start_session(Authenticated("alice"))
    log_in(qtbot, login, "alice")
    click(qtbot, login.findChild(QMessageBox, names.EXISTING_SESSION_DIALOG), names.EXISTING_SESSION_EXIT)

    assert login.result() == LoginWindow.DialogCode.Rejected and login.outcome is None
    assert other.session_is_current(held)


def test_paper_trading_logs_in_to_the_users_du_account_after_the_non_brokerage_notice(qtbot, login):
    click(qtbot, login, names.LOGIN_PAPER)
    assert login.findChild(QAbstractButton, names.LOGIN_SUBMIT).text() == "Paper Log In"
    log_in(qtbot, login, "alice")
    box = login.findChild(QMessageBox, names.NON_BROKERAGE_DIALOG)
    assert box is not None and box.text() == "This is not a brokerage account"
    assert login.result() != LoginWindow.DialogCode.Accepted   # nothing before the notice is accepted

    click(qtbot, box, names.NON_BROKERAGE_ACCEPT)

    assert login.result() == LoginWindow.DialogCode.Accepted
    assert (login.outcome.account, login.outcome.paper) == (PAPER, True)


def test_paper_trading_without_a_paper_account_says_so(qtbot, login):
    click(qtbot, login, names.LOGIN_PAPER)
    log_in(qtbot, login, "vera")

    assert message(login) == "No paper trading account for vera" and login.outcome is None
    click(qtbot, login, names.LOGIN_LIVE)
    assert login.findChild(QAbstractButton, names.LOGIN_SUBMIT).text() == "Log In"


@pytest.mark.parametrize("window, covers_main", [("login", False), ("second-factor", False), ("lock", True)])
def test_the_screenshot_renders_the_login_windows(qtbot, tmp_path, window, covers_main):
    from PySide6.QtGui import QImage  # noqa: PLC0415

    from workstation.scenario.demo import demo_engine  # noqa: PLC0415
    from workstation.ui.app import render_screenshot  # noqa: PLC0415

    engine, _profile = demo_engine()
    out = render_screenshot(engine, tmp_path / f"{window}.png", window=window, size=(1000, 700))

    image = QImage(str(out))
    assert not image.isNull()
    if covers_main:       # the lock screen covers the whole main window
        assert (image.width(), image.height()) == (1000, 700)
    else:                 # a window of its own, smaller than the main window
        assert image.width() < 1000 and image.height() < 700


def test_the_start_up_shows_the_login_window_until_a_user_is_logged_in(qtbot, users_db):
    from PySide6.QtCore import QTimer  # noqa: PLC0415
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from workstation.ui.app import run_login_window  # noqa: PLC0415

    def fill_in() -> None:
        [window] = [w for w in QApplication.topLevelWidgets() if w.objectName() == names.LOGIN_WINDOW
                    and w.isVisible()]
        type_in(window, names.LOGIN_USERNAME, "alice")
        type_in(window, names.LOGIN_PASSWORD, PASSWORD)
        window.findChild(QAbstractButton, names.LOGIN_SUBMIT).click()

    QTimer.singleShot(0, fill_in)
    outcome = run_login_window(users_db.service(), users_db.engine)

    assert outcome is not None and (outcome.login, outcome.account, outcome.paper) == ("alice", LIVE, False)
    assert users_db.service().session_is_current(outcome.session)
