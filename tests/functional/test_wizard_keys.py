"""Keys do what they say, and nothing the member did not give is saved (issue 6).

Each test drives the whole wizard through Pilot, as a person pressing keys.
"""

from __future__ import annotations

import pytest
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from smarthub_tui import strings
from smarthub_tui.contract import SIGN_OUT_PATH
from smarthub_tui.screens.already_registered import AlreadyRegisteredScreen
from smarthub_tui.screens.confirm import ConfirmScreen
from smarthub_tui.screens.congratulations import CongratulationsScreen
from smarthub_tui.screens.identity import IdentityScreen
from smarthub_tui.screens.paperless import PaperlessScreen
from smarthub_tui.screens.profile_menu import ProfileMenuScreen
from smarthub_tui.screens.register import RegisterScreen
from smarthub_tui.screens.security_phrase import SecurityPhraseScreen
from smarthub_tui.screens.terms import TermsScreen
from smarthub_tui.screens.verify import VerifyScreen
from smarthub_tui.screens.welcome import WelcomeScreen
from tests.support.harness import MEMBERS, PATHS, Wizard, build_app


def _notifications(app) -> list[str]:
    return [str(note.message) for note in app._notifications]


# --- paperless: no choice is never a yes ---------------------------------------------------


@pytest.mark.parametrize("profile", ["default", "jecec"])
async def test_enter_with_no_paperless_choice_asks_for_one_where_the_step_is_required(profile: str) -> None:
    app, transport = build_app(profile, fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS[profile])
        wizard.transport = transport
        await wizard.sign_in_to("paperless")
        await wizard.press("enter")
        await wizard.at(PaperlessScreen)
        assert wizard.error_at("paperless") == strings.PAPERLESS_REQUIRED
        assert transport.count(PATHS["paperless"]) == 0
        await wizard.press("down", "down", "enter")  # No
        await wizard.at(SecurityPhraseScreen)
        assert app.wizard.state.paperless_result is not None and app.wizard.state.paperless_result.paperless is False


async def test_enter_with_no_paperless_choice_keeps_paper_bills_where_the_coop_makes_it_optional() -> None:
    app, transport = build_app("pec", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["pec"])
        wizard.transport = transport
        screen = await wizard.sign_in_to("paperless")
        assert "without a choice keeps paper bills" in str(screen.query_one("#paperless-keys").content)
        await wizard.press("enter")
        await wizard.at(ProfileMenuScreen)  # pec asks no security phrase: on to the main screen, My Profile
        assert transport.count(PATHS["paperless"]) == 0, "no call may turn paperless on"
        assert app.wizard.state.paperless_result is None
        assert strings.PAPERLESS_KEPT_PAPER in _notifications(app)


async def test_the_arrows_pick_the_answer_that_enter_saves() -> None:
    app, transport = build_app("pec", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["pec"])
        wizard.transport = transport
        await wizard.sign_in_to("paperless")
        await wizard.press("down")
        assert app.screen.query_one("#paperless").picked_index == 0, "↓ picks Yes, shown (●)"
        await wizard.press("enter")
        await wizard.at(ProfileMenuScreen)  # pec asks no security phrase: on to the main screen, My Profile
        assert app.wizard.state.paperless_result is not None and app.wizard.state.paperless_result.paperless is True


# --- after a refusal, what is typed next replaces the refused value -------------------------


async def test_typing_after_a_refused_phrase_replaces_it_in_the_masked_field() -> None:
    app, transport = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        wizard.transport = transport
        await wizard.sign_in_to("security_phrase")
        await wizard.type("abcd")
        await wizard.press("enter")
        await wizard.at(SecurityPhraseScreen)
        assert wizard.error_at("phrase")
        field = app.screen.query_one("#phrase").input
        assert field.selected_text == "abcd", "the refused value is shown selected"
        await wizard.type("blue kettle")
        assert wizard.value("#phrase") == "blue kettle"


async def test_typing_after_a_refused_email_replaces_it() -> None:
    app, _ = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        await wizard.walk_to("register")
        await wizard.fill(["1000234567", "Doe", "jane.example.com"])
        await wizard.press("enter")
        assert wizard.error_at("email")
        assert app.screen.focused is app.screen.query_one("#email"), "the field keeps the focus"
        await wizard.type("jane@example")
        assert wizard.value("#email") == "jane@example"


# --- Terms: coming back with the box ticked is no trap ------------------------------------


async def test_coming_back_to_ticked_terms_says_so_and_enter_continues() -> None:
    app, _ = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        await wizard.walk_to("terms")
        await wizard.press("space")  # ticked
        await wizard.press("escape")
        await wizard.at(IdentityScreen)  # the CAPTCHA before it, passed, is passed over
        await wizard.press("enter")
        screen = await wizard.at(TermsScreen)
        assert screen.query_one("#termsAccepted").value is True
        line = str(screen.query_one("#terms-keys").content)
        assert line == strings.LABEL_TERMS_KEYS_ACCEPTED, "the screen says the box is ticked and Enter continues"
        assert footer(app)["space"] == strings.KEY_UNTICK
        await wizard.press("enter")
        await wizard.at(CongratulationsScreen)


# --- Esc closes a help panel before it goes back ------------------------------------------


async def test_esc_closes_the_phrase_help_and_keeps_what_was_typed() -> None:
    app, transport = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        wizard.transport = transport
        await wizard.sign_in_to("security_phrase")
        await wizard.type("blue")
        await wizard.press("f1")
        help_text = app.screen.query_one("#phrase-help")
        assert help_text.display
        assert footer(app)["escape"] == strings.KEY_CLOSE_HELP
        await wizard.press("escape")
        await wizard.at(SecurityPhraseScreen)
        assert not help_text.display
        assert footer(app)["escape"] == strings.KEY_BACK
        await wizard.type(" kettle")
        assert wizard.value("#phrase") == "blue kettle"


# --- once the account exists, F10 says what it does ----------------------------------------


async def test_after_the_registration_f10_stops_here_and_keeps_it() -> None:
    app, transport = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        await wizard.walk_to("terms")
        assert footer(app)["f10"] == strings.KEY_CANCEL
        await wizard.answer("terms")
        await wizard.at(CongratulationsScreen)
        keys = footer(app)
        assert keys["f10"] == strings.KEY_STOP_HERE and "escape" not in keys
        await wizard.press("f10")
        dialog = await wizard.at(ConfirmScreen)
        assert "registration is kept" in str(dialog.query_one("#dialog-text").content)
        await wizard.press("y")
        welcome = await wizard.at(WelcomeScreen)
        assert strings.STOPPED_REGISTERED in str(welcome.query_one("#notice").content)
        assert app.wizard.state.receipt is None, "what was here is wiped"
        # The registration itself stays: registering again finds it.
        await wizard.press("ctrl+n")
        await wizard.at(RegisterScreen)
        await wizard.answer("register")
        await wizard.at(AlreadyRegisteredScreen)


# --- the footer names every key that acts, within 80 columns ------------------------------


def footer(app) -> dict[str, str]:
    """The footer as shown: key -> description."""
    return {key.key: key.description for key in app.screen.query(FooterKey)}


def footer_fits(app) -> bool:
    bar = app.screen.query_one(Footer)
    return bar.virtual_size.width <= bar.size.width


@pytest.mark.parametrize("profile", ["default", "pec", "jecec"])
async def test_every_step_names_enter_and_its_keys_within_80_columns(profile: str) -> None:
    from smarthub_tui.flow import Mode, plan
    from smarthub_tui.screens import screen_class

    app, _ = build_app(profile, fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS[profile])
        await wizard.at(WelcomeScreen)
        seen = {"welcome": footer(app)}
        assert footer_fits(app)
        await wizard.answer("welcome")
        for step in plan(Mode.REGISTER, wizard.profile, app.wizard.state):
            await wizard.at(screen_class(step))
            seen[step.value] = footer(app)
            assert footer_fits(app), f"{step}: {seen[step.value]}"
            await wizard.answer(step.value)
        for step, keys in seen.items():
            assert "enter" in keys, f"{step}: {keys}"
        assert seen["register"]["tab"] == strings.KEY_NEXT_FIELD
        assert "space" in seen["terms"]
        assert seen["welcome"]["enter"] == strings.BUTTON_LOGIN


async def test_a_signed_in_member_stopping_is_told_the_registration_is_kept() -> None:
    # default: its paperless step must be answered, so F10 stops there (on PEC's optional one it skips the step).
    app, transport = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        wizard.transport = transport
        await wizard.sign_in_to("paperless")
        assert footer(app)["f10"] == strings.KEY_STOP_HERE
        await wizard.press("f10")
        dialog = await wizard.at(ConfirmScreen)
        assert str(dialog.query_one("#dialog-title").content) == strings.CONFIRM_SIGN_OUT_TITLE
        await wizard.press("y")
        welcome = await wizard.at(WelcomeScreen)
        assert strings.STOPPED_SIGNED_OUT in str(welcome.query_one("#notice").content)
        assert app.wizard.state.auth is None
        # "Signed out" on the server too, as F10 on My Profile does: the token forgotten here must not stay valid there.
        assert transport.count(SIGN_OUT_PATH) == 1
        await wizard.sign_in()
        await wizard.at(PaperlessScreen)


async def test_a_finished_registration_ends_its_session_on_the_server() -> None:
    """On a kiosk the next person must not find the member signed in: not here, and not with the token on the server."""
    app, transport = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        wizard.transport = transport
        await wizard.walk_to("finished")
        assert transport.count(SIGN_OUT_PATH) == 0
        await wizard.answer("finished")
        await wizard.at(WelcomeScreen)
        assert app.wizard.state.auth is None
        assert transport.count(SIGN_OUT_PATH) == 1


# --- a refusal of the whole form (identity answers) also lets the next keys replace ------------


@pytest.mark.parametrize(
    ("profile", "typed", "field", "retyped"),
    [("default", ["99999"], "billingZip", "78636"), ("jecec", ["78636", "tab", "0000"], "ssn4", "4321")],
)
async def test_retyping_after_identity_answers_that_do_not_match_replaces_them(profile, typed, field, retyped) -> None:
    app, _ = build_app(profile, fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS[profile])
        await wizard.walk_to("identity")
        for keys in typed:
            await (wizard.press(keys) if keys == "tab" else wizard.type(keys))
        await wizard.press("enter")
        await wizard.at(IdentityScreen)
        assert "attempts left" in wizard.error_at("form")
        await wizard.type(retyped)
        assert wizard.value(f"#{field}") == retyped, "the refused answer is replaced, not added to (or kept, in a 4-digit field)"
        await wizard.press("enter")
        await wizard.at(TermsScreen)


async def test_quitting_once_the_account_exists_says_the_registration_is_kept() -> None:
    app, _ = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        await wizard.walk_to("register")
        await wizard.press("ctrl+q")
        dialog = await wizard.at(ConfirmScreen)
        assert dialog.question == strings.CONFIRM_QUIT_TEXT
        await wizard.press("n")
        await wizard.continue_to("congratulations")
        await wizard.press("ctrl+q")
        dialog = await wizard.at(ConfirmScreen)
        assert dialog.question == strings.CONFIRM_QUIT_TEXT_KEPT


async def test_the_demo_inbox_scrolls_to_the_end_of_a_long_mail() -> None:
    from smarthub_tui.screens.inbox import InboxScreen

    app, _ = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        await wizard.walk_to("verify")
        await wizard.press("f3")
        screen = await wizard.at(InboxScreen)
        body = screen.query_one("#body")
        assert body.max_scroll_y > 0, "the e-mail is longer than the screen (else this test proves nothing)"
        assert footer(app).get("pagedown") == strings.KEY_SCROLL_MAIL
        await wizard.press("pagedown")
        assert body.scroll_y == body.max_scroll_y, "the end of the e-mail (its expiry) can be read"
        await wizard.press("u")
        await wizard.at(VerifyScreen)
        assert wizard.value("#code"), "U still uses the code"
