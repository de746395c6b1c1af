"""Forgot Password end to end in the Textual UI, against the embedded reference server.

From the welcome screen's "Can't access your account?" and from the
"already registered" alert (PEC's pre-registered member), the stuck member
whose temporary password was used but never replaced, a wrong and a reused
code, lockout on wrong codes, and every failure of the two new calls
(refused, timeout, 500, garbage, dropped) showing Retry with nothing typed lost.
"""

from __future__ import annotations

import pytest

from smarthub_tui.contract import PASSWORD_RESET_CONFIRM_PATH, PASSWORD_RESET_PATH
from smarthub_tui.screens.already_registered import AlreadyRegisteredScreen
from smarthub_tui.screens.forgot_password import ForgotPasswordScreen
from smarthub_tui.screens.inbox import InboxScreen
from smarthub_tui.screens.paperless import PaperlessScreen
from smarthub_tui.screens.reset_code import ResetCodeScreen
from smarthub_tui.screens.reset_done import ResetDoneScreen
from smarthub_tui.screens.reset_password import ResetPasswordScreen
from smarthub_tui.screens.welcome import WelcomeScreen
from smarthub_tui.strings import RESET_SIGN_IN_NOW
from tests.support.harness import FAILURES, MEMBERS, Member, Wizard, build_app, register_by_api
from tests.support.transport import FaultyTransport

RESET = PASSWORD_RESET_PATH
CONFIRM = PASSWORD_RESET_CONFIRM_PATH
ANA = Member(account_number="8000901234", last_name="Álvarez", email="ana.alvarez@example.com", identity={"mailingZip": "78610"})
"""PEC's pre-registered member: the alert's Forgot Password? is her way in (her old password is Demo-Pass1)."""
REASONS = {
    "unreachable": "Cannot reach the server",
    "timeout": "did not answer in time",
    "500": "The server had a problem",
    "garbage": "not JSON",
    "dropped": "The connection was cut before the answer came.",
}


async def cant_access(wizard: Wizard, email: str) -> None:
    """On the welcome screen: type the e-mail, Tab to "Can't access your account?", press it."""
    await wizard.at(WelcomeScreen)
    await wizard.type(email)
    await wizard.press("tab", "tab", "tab", "tab", "enter")  # Password, Login, New User, Can't access


async def code_from_inbox(wizard: Wizard) -> None:
    """On the code screen: F3, Use this code (U), Continue."""
    await wizard.at(ResetCodeScreen)
    await wizard.press("f3")
    await wizard.at(InboxScreen)
    await wizard.press("u")
    await wizard.at(ResetCodeScreen)
    assert wizard.value("#code").isdigit() and len(wizard.value("#code")) == 8
    await wizard.press("enter")


async def new_password(wizard: Wizard, password: str) -> None:
    await wizard.at(ResetPasswordScreen)
    await wizard.fill([password, password])
    await wizard.press("enter")


async def logs_in(transport: FaultyTransport, email: str, password: str) -> bool:
    from smarthub_tui.backend.base import InvalidCredentials
    from smarthub_tui.backend.http import HttpBackend

    backend = HttpBackend(transport.base_url, transport=transport, retry_pause=0)
    try:
        await backend.login(email, password)
    except InvalidCredentials:
        return False
    finally:
        await backend.aclose()
    return True


async def test_cant_access_walks_forgot_password_to_login_with_the_new_password() -> None:
    app, transport = build_app("default", fast=True)
    member = MEMBERS["default"]
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, member)
        await wizard.at(WelcomeScreen)
        await register_by_api(transport, wizard.profile, member)
        wizard.keys = wizard.typed = 0
        await cant_access(wizard, member.email)
        screen = await wizard.at(ForgotPasswordScreen)
        assert wizard.value("#email") == member.email, "the e-mail typed on the welcome screen is taken along"
        assert not screen.query("#hintAnswer") and not screen.query("#accountNumber"), "default asks neither"
        await wizard.press("enter")  # Send code has the focus
        await code_from_inbox(wizard)
        await new_password(wizard, "Brand-New-Kettle-77")
        await wizard.at(ResetDoneScreen)
        await wizard.press("enter")  # Login
        welcome = await wizard.at(WelcomeScreen)
        print(f"keys from the welcome screen to the new password accepted: {wizard.keys} ({wizard.typed} typed)")
        assert wizard.value("#email") == member.email, "the e-mail waits at Login"
        assert welcome.query_one("#notice").text == RESET_SIGN_IN_NOW
        assert await logs_in(transport, member.email, "Brand-New-Kettle-77")
        assert not await logs_in(transport, member.email, member.password), "the old password no longer works"


async def test_the_alerts_forgot_password_gets_the_pre_registered_pec_member_in() -> None:
    app, transport = build_app("pec", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, ANA)
        await wizard.walk_to("register")
        await wizard.answer("register")
        await wizard.at(AlreadyRegisteredScreen)
        await wizard.press("enter")  # Forgot Password? has the focus
        screen = await wizard.at(ForgotPasswordScreen)
        assert wizard.value("#email") == ANA.email, "the alert's e-mail is filled in"
        assert screen.query("#hintAnswer"), "PEC asks the secret hint answer"
        assert screen.focused is not None and screen.focused.id == "hintAnswer-input", "the e-mail is there: on to the hint"
        await wizard.press("enter")  # she has no hint (the co-op registered her): left empty
        await code_from_inbox(wizard)
        await new_password(wizard, "Kettle42")
        await wizard.at(ResetDoneScreen)
        await wizard.press("enter")
        await wizard.at(WelcomeScreen)
        assert wizard.value("#email") == ANA.email
        # The e-mail is waiting and the focus is on Password.
        await wizard.type("Kettle42")
        await wizard.press("enter")
        await wizard.at(PaperlessScreen)  # signed in with the new password: on to what is not set up yet
        assert not await logs_in(transport, ANA.email, "Demo-Pass1")


async def test_a_member_stuck_with_a_used_temporary_password_is_rescued() -> None:
    """PEC: the temporary password logged in once and was never replaced; it cannot log in again."""
    app, transport = build_app("pec", fast=True)
    member = MEMBERS["pec"]
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, member)
        await wizard.at(WelcomeScreen)
        temporary = await register_by_api(transport, wizard.profile, member, set_password=False)
        assert await logs_in(transport, member.email, temporary), "used once, and the member went away"
        assert not await logs_in(transport, member.email, temporary), "stuck: the temporary password is used up"
        await cant_access(wizard, member.email)
        await wizard.at(ForgotPasswordScreen)
        await wizard.type(member.hint_answer)
        await wizard.press("enter")
        await code_from_inbox(wizard)
        await new_password(wizard, "Rescued7")
        await wizard.at(ResetDoneScreen)
        assert await logs_in(transport, member.email, "Rescued7")


async def test_a_wrong_code_comes_back_to_the_code_with_the_reason_and_a_used_code_is_refused() -> None:
    app, transport = build_app("default", fast=True)
    member = MEMBERS["default"]
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, member)
        await wizard.at(WelcomeScreen)
        await register_by_api(transport, wizard.profile, member)
        await cant_access(wizard, member.email)
        await wizard.at(ForgotPasswordScreen)
        await wizard.press("enter")
        await wizard.at(ResetCodeScreen)
        await wizard.type("12345678")
        await wizard.press("enter")
        await new_password(wizard, "Brand-New-Kettle-77")
        await wizard.at(ResetCodeScreen)
        assert "not valid" in wizard.error_at("code"), wizard.describe()
        # The right code now: it works, once.
        screen = wizard.app.screen
        assert isinstance(screen, ResetCodeScreen)
        code = screen.controller.newest_code(await screen.controller.outbox())
        assert code is not None
        await wizard.type(code)
        await wizard.press("enter")
        await new_password(wizard, "Brand-New-Kettle-77")
        await wizard.at(ResetDoneScreen)
        state = wizard.app.wizard.state
        from smarthub_tui.backend.base import InvalidToken

        with pytest.raises(InvalidToken):
            await state_backend(wizard).confirm_password_reset(member.email, code, "Another-Kettle-88", "Another-Kettle-88")
        assert state.forgot_code.code == "", "a used code is not kept"


def state_backend(wizard: Wizard):  # the app's own backend
    return wizard.app.wizard.backend


async def test_wrong_codes_lock_out_and_the_screen_says_the_co_ops_words() -> None:
    app, transport = build_app("default", fast=True)
    member = MEMBERS["default"]
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, member)
        await wizard.at(WelcomeScreen)
        await register_by_api(transport, wizard.profile, member)
        await cant_access(wizard, member.email)
        await wizard.at(ForgotPasswordScreen)
        await wizard.press("enter")
        for attempt in range(wizard.profile.failedLoginLockoutLimit):
            await wizard.at(ResetCodeScreen)
            await wizard.type(f"{attempt:08d}")
            await wizard.press("enter")
            await new_password(wizard, "Brand-New-Kettle-77")
        await wizard.at(ResetPasswordScreen)
        assert wizard.error_at("form") == wizard.profile.lockoutMessage, wizard.describe()


async def _to_code_screen(wizard: Wizard) -> None:
    await cant_access(wizard, wizard.member.email)
    await wizard.at(ForgotPasswordScreen)
    await wizard.press("enter")
    await wizard.at(ResetCodeScreen)
    await wizard.press("f3")
    await wizard.at(InboxScreen)
    await wizard.press("u")
    await wizard.press("enter")
    await wizard.at(ResetPasswordScreen)
    await wizard.fill(["Brand-New-Kettle-77", "Brand-New-Kettle-77"])


@pytest.mark.parametrize("failure", FAILURES)
@pytest.mark.parametrize("path", [RESET, CONFIRM])
async def test_a_failed_call_offers_retry_and_keeps_everything_typed(path: str, failure: str) -> None:
    app, transport = build_app("default", fast=True)
    member = MEMBERS["default"]
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, member)
        await wizard.at(WelcomeScreen)
        await register_by_api(transport, wizard.profile, member)
        if path == RESET:
            await cant_access(wizard, member.email)
            await wizard.at(ForgotPasswordScreen)
            transport.fail(path, failure)
            await wizard.press("enter")
            await wizard.at(ForgotPasswordScreen)
            assert wizard.value("#email") == member.email
            then: type = ResetCodeScreen
        else:
            await _to_code_screen(wizard)
            transport.fail(path, failure)
            await wizard.press("enter")
            await wizard.at(ResetPasswordScreen)
            assert wizard.value("#newPassword") == wizard.value("#confirmPassword") == "Brand-New-Kettle-77"
            then = ResetDoneScreen
        assert REASONS[failure] in wizard.panel(), wizard.describe()
        transport.clear()
        await wizard.press("enter")  # Retry has the focus
        await wizard.at(then)


async def test_a_co_op_that_requires_the_account_number_asks_it_and_a_wrong_one_gets_no_code() -> None:
    from tests.support.harness import profile_with

    app, transport = build_app(profile_with("default", captchaDifficultyBits=8, requireAccountNumberOnPasswordReset=True))
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        await cant_access(wizard, ANA.email)
        screen = await wizard.at(ForgotPasswordScreen)
        assert screen.focused is not None and screen.focused.id == "accountNumber", "the e-mail is there: on to the number"
        await wizard.press("enter")
        await wizard.at(ForgotPasswordScreen)
        assert wizard.error_at("accountNumber"), "asked for at its field"
        await wizard.type("1000234567")  # not Ana's: the same answer, and no e-mail
        await wizard.press("enter")
        code = await wizard.at(ResetCodeScreen)
        assert isinstance(code, ResetCodeScreen) and await code.controller.outbox() == []
        await wizard.press("escape")
        await wizard.at(ForgotPasswordScreen)
        await wizard.press("shift+tab", "ctrl+a", "ctrl+k")  # Send code had the focus: back to the number, cleared
        await wizard.type("8000901234")
        await wizard.press("enter")
        await code_from_inbox(wizard)
        await new_password(wizard, "Brand-New-Kettle-77")
        await wizard.at(ResetDoneScreen)
        assert await logs_in(transport, ANA.email, "Brand-New-Kettle-77")
