"""Moving around the wizard: Back keeps answers, Cancel and Quit ask first, no way back past a submit, side trips return."""

from __future__ import annotations

from smarthub_tui.contract import CAPTCHA_PATH
from smarthub_tui.screens.already_registered import AlreadyRegisteredScreen
from smarthub_tui.screens.captcha import CaptchaScreen
from smarthub_tui.screens.confirm import ConfirmScreen
from smarthub_tui.screens.congratulations import CongratulationsScreen
from smarthub_tui.screens.forgot_password import ForgotPasswordScreen
from smarthub_tui.screens.identity import IdentityScreen
from smarthub_tui.screens.paperless import PaperlessScreen
from smarthub_tui.screens.register import RegisterScreen
from smarthub_tui.screens.security_phrase import SecurityPhraseScreen
from smarthub_tui.screens.welcome import WelcomeScreen
from smarthub_tui.widgets import StepHeader
from tests.support.harness import MEMBERS, Member, Wizard, build_app


async def test_esc_goes_back_with_every_answer_kept() -> None:
    app, _ = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        await wizard.walk_to("identity")
        await wizard.type("78636")
        await wizard.press("escape")
        await wizard.at(RegisterScreen)  # the CAPTCHA between them, passed, is passed over
        assert wizard.value("#accountNumber") == "1000234567"
        assert wizard.value("#confirmEmail") == "jane.doe@example.com"
        await wizard.press("escape")
        screen = await wizard.at(WelcomeScreen)
        await wizard.press("ctrl+n")
        await wizard.at(RegisterScreen)
        assert wizard.value("#lastNameOrBusiness") == "Doe", "Back to the welcome screen keeps the form"
        await wizard.press("enter")
        await wizard.at(CaptchaScreen)  # a new look-up opens a new session, which passes its own CAPTCHA
        await wizard.answer("captcha")
        await wizard.at(IdentityScreen)
        assert wizard.value("#billingZip") == "78636"
        assert screen is not None


async def test_every_step_shows_where_the_person_is() -> None:
    app, _ = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        screen = await wizard.walk_to("captcha")
        header = screen.query_one(StepHeader)
        assert header.count_text == "Step 2 of 10"


async def test_cancel_asks_first_then_wipes_everything_typed() -> None:
    app, _ = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        await wizard.walk_to("identity")
        await wizard.type("78636")
        await wizard.press("f10")
        await wizard.at(ConfirmScreen)
        await wizard.press("n")
        await wizard.at(IdentityScreen)
        assert wizard.value("#billingZip") == "78636"
        await wizard.press("f10")
        await wizard.at(ConfirmScreen)
        await wizard.press("y")
        await wizard.at(WelcomeScreen)
        state = app.wizard.state
        assert state.account.account_number == "" and state.session is None and not state.identity.values
        await wizard.press("ctrl+n")
        await wizard.at(RegisterScreen)
        assert wizard.value("#accountNumber") == ""


async def test_the_cancel_button_of_the_form_asks_too() -> None:
    app, _ = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        await wizard.walk_to("register")
        await wizard.type("1000234567")
        await pilot.click("#cancel")
        await wizard.at(ConfirmScreen)
        await wizard.press("escape")  # Esc means no
        await wizard.at(RegisterScreen)
        assert wizard.value("#accountNumber") == "1000234567"


async def test_reset_empties_the_form() -> None:
    app, _ = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        await wizard.walk_to("register")
        await wizard.fill(["1000234567", "Doe"])
        await pilot.click("#reset")
        await wizard.settle()
        assert wizard.value("#accountNumber") == "" and wizard.value("#lastNameOrBusiness") == ""
        assert app.focused is app.screen.query_one("#accountNumber")


async def test_quit_keys_ask_before_quitting() -> None:
    app, _ = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        await wizard.walk_to("register")
        await wizard.type("1000234567")
        for key in ("ctrl+q", "ctrl+c"):
            await wizard.press(key)
            await wizard.at(ConfirmScreen)
            await wizard.press("n")
            await wizard.at(RegisterScreen)
            assert wizard.value("#accountNumber") == "1000234567"
        await wizard.press("ctrl+q")
        await wizard.at(ConfirmScreen)
        await wizard.press("y")
        await pilot.pause()
    assert app.return_code == 0


async def test_no_way_back_once_registered() -> None:
    app, _ = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        await wizard.walk_to("congratulations")
        await wizard.press("escape")
        await wizard.at(CongratulationsScreen)
        assert "back" not in {active.binding.action for active in app.active_bindings.values() if active.enabled}


async def test_already_registered_alert_cancel_returns_to_the_form_and_forgot_password_to_its_screens() -> None:
    app, _ = build_app("default", fast=True)
    member = Member(account_number="8000901234", last_name="Álvarez", email="ana.alvarez@example.com", identity={"billingZip": "78610"})
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, member)
        await wizard.walk_to("register")
        await wizard.answer("register")
        alert = await wizard.at(AlreadyRegisteredScreen)
        assert "already registered with the same e-mail address" in alert.query_one("#email-error").error
        await wizard.press("escape")
        await wizard.at(RegisterScreen)
        assert wizard.value("#email") == "ana.alvarez@example.com"
        await wizard.press("enter")
        await wizard.at(AlreadyRegisteredScreen)
        await wizard.press("enter")  # Forgot Password? has the focus
        await wizard.at(ForgotPasswordScreen)
        assert wizard.value("#email") == "ana.alvarez@example.com", "the alert's e-mail is filled in"
        await wizard.press("escape")
        await wizard.at(WelcomeScreen)
        assert wizard.value("#email") == "ana.alvarez@example.com", "the e-mail is there to sign in with"


async def test_cant_access_leads_to_forgot_password_and_back() -> None:
    app, _ = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        await wizard.at(WelcomeScreen)
        await pilot.click("#cant-access")
        await wizard.at(ForgotPasswordScreen)
        await wizard.press("escape")
        await wizard.at(WelcomeScreen)


async def test_coming_back_to_the_captcha_keeps_the_challenge() -> None:
    app, transport = build_app("pec", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["pec"])
        await wizard.walk_to("captcha")
        await wizard.type("ABC234")
        await wizard.press("escape")
        await wizard.press("enter")  # the hint screen, answers kept: Enter goes on
        await wizard.at(CaptchaScreen)
        assert wizard.value("#captchaAnswer") == "ABC234"
        assert transport.count(CAPTCHA_PATH) == 1


async def test_coming_back_to_a_choice_highlights_it_so_enter_keeps_it() -> None:
    app, _ = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, Member(paperless=False))
        await wizard.walk_to("paperless")
        await wizard.answer("paperless")  # No
        await wizard.press("escape")
        await wizard.at(PaperlessScreen)
        await wizard.press("enter")
        await wizard.at(SecurityPhraseScreen)
        assert app.wizard.state.paperless.paperless is False
