"""Snapshots of Forgot Password at 80x24: each of its four screens, a refused code, and a failed request with Retry."""

from __future__ import annotations

from smarthub_tui.contract import PASSWORD_RESET_PATH
from smarthub_tui.screens.already_registered import AlreadyRegisteredScreen
from smarthub_tui.screens.forgot_password import ForgotPasswordScreen
from smarthub_tui.screens.inbox import InboxScreen
from smarthub_tui.screens.reset_code import ResetCodeScreen
from smarthub_tui.screens.reset_done import ResetDoneScreen
from smarthub_tui.screens.reset_password import ResetPasswordScreen
from smarthub_tui.screens.welcome import WelcomeScreen
from tests.support.harness import Member, shoot

ANA = Member(account_number="8000901234", last_name="Álvarez", email="ana.alvarez@example.com", identity={"mailingZip": "78610"})


async def _from_the_alert(wizard) -> None:
    await wizard.walk_to("register")
    await wizard.answer("register")
    await wizard.at(AlreadyRegisteredScreen)
    await wizard.press("enter")
    await wizard.at(ForgotPasswordScreen)


async def _code(wizard) -> None:
    await _from_the_alert(wizard)
    await wizard.press("enter")
    await wizard.at(ResetCodeScreen)


async def _new_password(wizard) -> None:
    await _code(wizard)
    await wizard.press("f3")
    await wizard.at(InboxScreen)
    await wizard.press("u", "enter")
    await wizard.at(ResetPasswordScreen)
    await wizard.type("Kettle4")


async def _done(wizard) -> None:
    await _new_password(wizard)
    await wizard.type("2")
    await wizard.press("tab")
    await wizard.type("Kettle42")
    await wizard.press("enter")
    await wizard.at(ResetDoneScreen)


async def _wrong_code(wizard) -> None:
    await _code(wizard)
    await wizard.type("12345678")
    await wizard.press("enter")
    await wizard.at(ResetPasswordScreen)
    await wizard.fill(["Kettle42", "Kettle42"])
    await wizard.press("enter")
    await wizard.at(ResetCodeScreen)
    assert wizard.error_at("code")


async def _request_fails(wizard) -> None:
    await wizard.at(WelcomeScreen)
    await wizard.type("jane.doe@example.com")
    await wizard.press("tab", "tab", "tab", "tab", "enter")
    await wizard.at(ForgotPasswordScreen)
    wizard.transport.fail(PASSWORD_RESET_PATH, "500")
    # The screen's own action (what Enter runs): a button pressed stays lit for a moment, which
    # would make the picture depend on timing.
    await wizard.app.screen.run_action("submit")
    await wizard.at(ForgotPasswordScreen)
    assert wizard.panel()


def test_forgot_password_from_the_alert(snap_compare) -> None:
    assert shoot(snap_compare, "pec", _from_the_alert, member=ANA)


def test_reset_code(snap_compare) -> None:
    assert shoot(snap_compare, "pec", _code, member=ANA)


def test_reset_password_checklist(snap_compare) -> None:
    assert shoot(snap_compare, "pec", _new_password, member=ANA)


def test_reset_done(snap_compare) -> None:
    assert shoot(snap_compare, "pec", _done, member=ANA)


def test_reset_code_refused(snap_compare) -> None:
    assert shoot(snap_compare, "pec", _wrong_code, member=ANA)


def test_forgot_password_request_failed_offers_retry(snap_compare) -> None:
    assert shoot(snap_compare, "default", _request_fails)
