"""Text from a profile or a server is shown as plain characters: no markup, no actions, no terminal escapes."""

from __future__ import annotations

from smarthub_tui.contract import ErrorCode
from smarthub_tui.screens.identity import IdentityScreen
from smarthub_tui.screens.register import RegisterScreen
from smarthub_tui.screens.welcome import WelcomeScreen
from smarthub_tui.widgets import SafeText, StepHeader
from tests.support.harness import MEMBERS, PATHS, Wizard, build_app, profile_with

HOSTILE = "[@click=app.quit]x [bold]B[/bold] \x1b]52;c;aGVsbG8=\x07 \x1b[2J end"
SHOWN = "[@click=app.quit]x [bold]B[/bold]"


def _hostile_profile():
    return profile_with(
        "default",
        captchaDifficultyBits=8,
        coopName=HOSTILE,
        shortName=HOSTILE,
        texts={"loginIntro": HOSTILE, "newUserLink": HOSTILE, "registrationIntro": HOSTILE, "accountNumberLabel": HOSTILE},
    )


def _assert_inert(text: str) -> None:
    assert SHOWN in text, text
    assert "\x1b" not in text and "\x07" not in text


async def test_profile_texts_with_markup_and_escapes_show_literally_and_do_nothing() -> None:
    app, _ = build_app(_hostile_profile())
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        screen = await wizard.at(WelcomeScreen)
        header = screen.query_one(StepHeader)
        _assert_inert(header.render().plain)
        intro = screen.query_one(".intro")
        _assert_inert(intro.render().plain)
        _assert_inert(str(screen.query_one("#register").label))
        # Where markup would have made "x" a link to quit, there is only text.
        await pilot.click(intro)
        await pilot.click(header)
        await wizard.settle()
        assert app.is_running and isinstance(app.screen, WelcomeScreen)

        await wizard.press("ctrl+n")
        screen = await wizard.at(RegisterScreen)
        labels = " ".join(label.text for label in screen.query(".label"))
        _assert_inert(labels)


async def test_a_server_message_with_markup_and_escapes_shows_literally_at_the_field() -> None:
    app, transport = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        await wizard.walk_to("register")
        transport.reply(PATHS["lookup"], 422, {"code": ErrorCode.VALIDATION_FAILED, "message": HOSTILE, "field": "accountNumber"})
        await wizard.answer("register")
        screen = await wizard.at(RegisterScreen)
        error = screen.query_one("#accountNumber-error", SafeText)
        _assert_inert(error.render().plain)
        await pilot.click(error, offset=(12, 0))
        await wizard.settle()
        assert app.is_running


async def test_the_masked_account_number_from_the_server_shows_literally_and_no_holder_name() -> None:
    """A server (an older one) may still send the holder's name: the wizard never shows it before the identity check."""
    app, transport = build_app("pec", fast=True)  # identity follows the form directly
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["pec"])
        await wizard.walk_to("register")
        transport.reply(
            PATHS["lookup"],
            200,
            {
                "registrationId": "r-1",
                "expiresIn": 600,
                "accountName": "Jane Q. Holder",
                "accountNumberMasked": HOSTILE,
                "identityOptions": ["billingZip"],
                "identityAnswersRequired": 1,
                "ssnRequired": False,
                "hintQuestions": [],
                "captchaStyle": "checkbox",
            },
        )
        await wizard.answer("register")
        screen = await wizard.at(IdentityScreen)
        shown = " ".join(note.text for note in screen.query(".note"))
        _assert_inert(shown)
        assert all("Holder" not in text.text for text in screen.query(SafeText))
