"""An existing member signs in on the welcome screen and finishes only what is not set up yet."""

from __future__ import annotations

from smarthub_tui.screens.paperless import PaperlessScreen
from smarthub_tui.screens.password import PasswordScreen
from smarthub_tui.screens.profile_menu import ProfileMenuScreen
from smarthub_tui.screens.security_phrase import SecurityPhraseScreen
from smarthub_tui.screens.welcome import WelcomeScreen
from smarthub_tui.widgets import StepHeader
from tests.support.harness import MEMBERS, Member, Wizard, build_app, register_by_api

ANA = Member(account_number="8000901234", last_name="Álvarez", email="ana.alvarez@example.com", password="Demo-Pass1")
"""The demo member who is registered before anyone runs the wizard."""


async def test_a_registered_member_signs_in_and_sets_paperless_and_phrase() -> None:
    app, _ = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, ANA)
        await wizard.sign_in()
        screen = await wizard.at(PaperlessScreen)
        assert screen.query_one(StepHeader).count_text == "Step 1 of 3"
        await wizard.answer("paperless")
        await wizard.at(SecurityPhraseScreen)
        await wizard.answer("security_phrase")
        screen = await wizard.at(ProfileMenuScreen)
        lines = [line.text for line in screen.query(".summary-line")]
        assert "Paperless billing: on (bills by e-mail)" in lines
        assert "Security phrase: set" in lines
        await wizard.press("f10", "y")  # signs out
        await wizard.at(WelcomeScreen)

        # Signing in again: nothing left to do, so My Profile at once.
        wizard.member = ANA
        await wizard.sign_in()
        screen = await wizard.at(ProfileMenuScreen)
        assert screen.query_one(StepHeader).count_text == ""


async def test_a_wrong_password_is_said_at_the_password_field() -> None:
    app, _ = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, ANA)
        await wizard.sign_in("not-the-password")
        await wizard.at(WelcomeScreen)
        assert wizard.error_at("password"), wizard.describe()
        assert wizard.value("#email") == ANA.email


async def test_a_temporary_password_leads_to_the_password_change_without_typing_it_again() -> None:
    app, transport = build_app("pec", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["pec"])
        await wizard.at(WelcomeScreen)
        temporary = await register_by_api(transport, wizard.profile, wizard.member, set_password=False)
        await wizard.sign_in(temporary)
        screen = await wizard.at(PasswordScreen)
        assert screen.query(".note").filter(".note").first() is not None
        assert any("temporary password" in note.text for note in screen.query(".note"))
        await wizard.answer("password")
        await wizard.at(PaperlessScreen)
        # The temporary password is gone from memory once replaced.
        assert app.wizard.state.current_password == ""
