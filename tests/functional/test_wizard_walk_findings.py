"""Findings of a walk through the TUI at 80x24 as new members would use it, one test each."""

from __future__ import annotations

from smarthub_tui import strings
from smarthub_tui.screens.already_registered import AlreadyRegisteredScreen
from smarthub_tui.screens.reset_done import ResetDoneScreen
from smarthub_tui.screens.welcome import WelcomeScreen
from tests.functional.test_wizard_forgot_password import ANA, code_from_inbox, new_password
from tests.support.harness import Wizard, build_app


def shown(screen: WelcomeScreen) -> str:
    """Every plain text on the screen, one line per widget."""
    return "\n".join(str(widget.render()) for widget in screen.query(".note"))


async def test_login_after_forgot_password_does_not_send_the_member_to_the_demo_inbox() -> None:
    """PEC's login offers the demo inbox for the e-mailed temporary password; after a reset the password is the member's own."""
    app, _transport = build_app("pec", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, ANA)
        await wizard.walk_to("register")
        await wizard.answer("register")
        await wizard.at(AlreadyRegisteredScreen)
        await wizard.press("enter")  # Forgot Password?
        await wizard.press("enter")  # no hint answer on file
        await code_from_inbox(wizard)
        await new_password(wizard, "Kettle42")
        await wizard.at(ResetDoneScreen)
        await wizard.press("enter")
        welcome = await wizard.at(WelcomeScreen)
        assert wizard.value("#email") == ANA.email
        assert strings.LABEL_VERIFY_DEMO_HINT not in shown(welcome)


async def test_the_code_taken_from_the_inbox_as_current_password_moves_on_to_new_password() -> None:
    """pec-setup: F3, Use this code fills Current Password; the next thing to type is the new password, so the focus goes there."""
    from smarthub_tui.screens.inbox import InboxScreen
    from smarthub_tui.screens.password import PasswordScreen
    from tests.support.harness import MEMBERS

    app, _transport = build_app("pec-setup", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["pec-setup"])
        await wizard.walk_to("password")
        screen = await wizard.at(PasswordScreen)
        await wizard.press("f3")
        await wizard.at(InboxScreen)
        await wizard.press("u")
        await wizard.at(PasswordScreen)
        assert wizard.value("#currentPassword"), "the code is taken"
        assert screen.focused is not None and screen.focused.id == "newPassword-input"
