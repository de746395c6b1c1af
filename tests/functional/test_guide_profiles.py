"""Each PEC guide walked on its own profile, end to end on the embedded demo backend, its words read off the screens.

Why: `pec` reproduces "SmartHub: New User Registration" (001) and `pec-setup`
"How to set up SmartHub" (002), step for step.  These walks check the order
of screens each guide gives (001: Congratulations' Login returns to the
login screen with the e-mail waiting, the temporary password is typed there,
then the replacement password, paperless, the main screen; 002: the Verify
Account e-mail, "Please change your password", paperless, the Security
Phrase) and that the guide's own words are on them.  The word-for-word
fidelity tables are separate; these only prove the flows.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Button, Checkbox

from smarthub_tui import strings
from smarthub_tui.flow import StepId
from smarthub_tui.registry import controller_for
from smarthub_tui.screens.congratulations import CongratulationsScreen
from smarthub_tui.screens.finished import FinishedScreen
from smarthub_tui.screens.paperless import PaperlessScreen
from smarthub_tui.screens.password import PasswordScreen
from smarthub_tui.screens.profile_menu import ProfileMenuScreen
from smarthub_tui.screens.register import RegisterScreen
from smarthub_tui.screens.welcome import WelcomeScreen
from smarthub_tui.steps import VerifyStep
from smarthub_tui.widgets import SafeText, StepHeader
from smarthub_tui.widgets.captcha_checkbox import ProofOfWorkCheckbox
from tests.support.harness import MEMBERS, Wizard, build_app


def words(screen: Screen) -> list[str]:
    """Every piece of text on `screen` as the member reads it: the title, paragraphs, labels, buttons."""
    found = [screen.query_one(StepHeader).title]
    found += [text.text for text in screen.query(SafeText) if text.display]
    found += [str(button.label) for button in screen.query(Button) if button.display]
    found += [str(box.label) for box in screen.query(Checkbox)]
    found += [box.label for box in screen.query(ProofOfWorkCheckbox)]
    return found


async def test_pec_congratulations_login_then_the_temporary_password_at_the_login_screen() -> None:
    member = MEMBERS["pec"]
    app, _ = build_app("pec")
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, member)
        screen = await wizard.walk_to("congratulations")
        assert isinstance(screen, CongratulationsScreen)
        said = words(screen)
        assert "Congratulations!" in said
        assert (
            "Your registration is complete. You will receive an e-mail with a temporary password. "
            "Use it to login and change your password."
        ) in said
        await wizard.answer("congratulations")

        # "Clicking the "Login" button takes you back to the login screen, where the email address
        # you provided should be waiting for you."
        login = await wizard.at(WelcomeScreen)
        assert wizard.value("#email") == member.email
        assert wizard.value("#password") == ""
        assert strings.LOGIN_WITH_TEMPORARY_PASSWORD in words(login), "the login says what to type in Password"
        assert not wizard.error_at("password"), "guidance, not an error"
        assert app.wizard.state.receipt is None, "nothing of the registration is kept but the e-mail"
        assert app.focused is not None and login.query_one("#password") in (app.focused, app.focused.parent)

        # "After entering the temporary password in the Password field on the login page and clicking
        # the "Login" button, you will be directed to a screen and asked to create a replacement password."
        await wizard.login_with_temporary_password()
        screen = await wizard.at(PasswordScreen)
        said = words(screen)
        assert "Create a replacement password" in said
        assert any("temporary password you already entered" in line for line in said)
        await wizard.answer("password")

        # "You may be asked if you would like to turn on paperless billing. Unless you choose the
        # option you will continue to receive your PEC bill by mail.": optional, Enter keeps paper.
        screen = await wizard.at(PaperlessScreen)
        said = words(screen)
        assert "Would you like to turn on paperless billing?" in said
        assert "Unless you choose the option you will continue to receive your PEC bill by mail." in said
        await wizard.press("enter")

        # "... to proceed to the main SmartHub screen": no security phrase in this guide; the main
        # screen here is My Profile, where a signed-in member stays.
        screen = await wizard.at(ProfileMenuScreen)
        assert not app.wizard.state.summary or not app.wizard.state.summary.security_phrase_set


async def test_pec_setup_walks_the_seven_steps_of_its_guide() -> None:
    member = MEMBERS["pec-setup"]
    app, _ = build_app("pec-setup")
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, member)
        # Step 1: E-Mail, Password, Login, "Can't access your account?", "New User? Register to use SmartHub!"
        screen = await wizard.walk_to("welcome")
        said = words(screen)
        assert {"E-Mail", "Password", "Login", "Can't access your account?"} <= set(said)
        assert any(line.startswith("New User? Register to use SmartHub!") for line in said)

        # Step 2: the form's labels.
        await wizard.answer("welcome")
        said = words(await wizard.at(RegisterScreen))
        form = {"New User Registration", "Billing Account Number", "Last Name or Business", "E-mail Address", "Confirm E-mail Address"}
        assert form <= set(said)
        assert "To register as a new user, please enter the following information." in said

        # Steps 3 to 7, in the guide's order, each with its words.
        seen: dict[str, list[str]] = {}
        for step in ("register", "identity", "captcha", "terms", "congratulations", "password", "paperless", "security_phrase"):
            await wizard.settle()
            seen[step] = words(app.screen)
            await wizard.answer(step)
        screen = await wizard.at(FinishedScreen)
        seen["finished"] = words(screen)

    assert (
        "Please answer the following about the account that you are trying to register in order to protect you against identity theft."
    ) in seen["identity"]
    assert "Billing ZIP Code" in seen["identity"]
    assert "I'm not a robot" in seen["captcha"]
    assert "I accept the Terms and Conditions" in seen["terms"]
    assert "You will receive a confirmation email to verify your account and reset your password." in seen["congratulations"]
    # Step 5, straight after the e-mail: no Verify step; the code is the Current Password.
    assert "Please change your password" in seen["password"]
    assert f"E-Mail Address: {member.email}" in seen["password"]
    assert {"Current Password", "New Password", "Confirm Password"} <= set(seen["password"])
    assert "Would you like to turn off paper bills?" in seen["paperless"]
    assert "Please note that this will apply to all accounts registered with this email address." in seen["paperless"]
    phrase = seen["security_phrase"]
    assert "Security Phrase" in phrase and "Minimum of 5 characters in length" in phrase
    assert (
        "You can update your Security Phrase at any time by selecting 'Update My Security Phrase' under the 'My Profile' tab."
    ) in phrase
    assert any(line.startswith("What's a good security phrase?") for line in phrase)
    assert "Save" in phrase
    assert (
        "Explore and enjoy the features of SmartHub – pay your bill, view your electricity use and billing history, "
        "report outages, and more."
    ) in seen["finished"]


async def test_pec_setup_sends_the_welcome_e_mail_of_its_guide() -> None:
    """Step 4: "Welcome to SmartHub!", "Your SmartHub registration was successful. Please click the link ... Verify Account"."""
    app, _ = build_app("pec-setup")
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["pec-setup"])
        screen = await wizard.walk_to("password")
        assert isinstance(screen, PasswordScreen)
        reader = controller_for(StepId.VERIFY, app.wizard)
        assert isinstance(reader, VerifyStep)
        mail = (await reader.outbox())[0]
    assert mail.subject == "Welcome to SmartHub!"
    assert mail.body.startswith(
        "Welcome to SmartHub!\n\nYour SmartHub registration was successful. "
        "Please click the link below to verify your account and set your password.\n\nVerify Account: "
    )
    assert mail.sender == "pec-no-reply@smarthub.coop"


async def test_pec_setup_a_wrong_code_as_current_password_is_refused_at_that_field() -> None:
    """The code stands for the current password: a wrong one is said there, and nothing else is sent."""
    member = MEMBERS["pec-setup"]
    app, _ = build_app("pec-setup")
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, member)
        await wizard.walk_to("password")
        await wizard.fill(["AAAAA-BBBBB-CCCCC-DDDDD", member.password, member.password])
        await wizard.press("enter")
        await wizard.settle()
        assert isinstance(app.screen, PasswordScreen)
        assert wizard.error_at("currentPassword")
        assert app.wizard.state.auth is None
        # The right one, from the demo inbox, goes on.
        await wizard.press("f3")
        await wizard.press("u")
        await wizard.press("enter")
        await wizard.at(PaperlessScreen)
