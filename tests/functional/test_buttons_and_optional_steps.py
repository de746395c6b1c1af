"""Issue 9 through the front ends: every button says the profile's words, and Cancel skips an optional step.

A co-op's profile file that renames every button (every key of
`profiles.Buttons`, generated from the model, so a new button key cannot be
forgotten) is walked through the whole registration and its side screens
(already registered, the confirmation): each renamed label must appear, and
no default label may remain, on a button or in the footer.  Then Cancel on
the optional paperless step (PEC) in the Textual app and in the line mode:
the step is skipped with no question and no server change, while on a
mandatory step F10 still asks.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from textual.content import Content
from textual.widgets import Button
from textual.widgets._footer import FooterKey

from smarthub_tui import strings
from smarthub_tui.backend.http import HttpBackend
from smarthub_tui.flow import Mode, StepId, plan
from smarthub_tui.frontends.lines import LineFrontEnd, run_lines
from smarthub_tui.profiles import Buttons, CoopProfile, load_profile
from smarthub_tui.screens import screen_class
from smarthub_tui.screens.already_registered import AlreadyRegisteredScreen
from smarthub_tui.screens.confirm import ConfirmScreen
from smarthub_tui.screens.paperless import PaperlessScreen
from smarthub_tui.screens.profile_menu import ProfileMenuScreen
from smarthub_tui.screens.register import RegisterScreen
from smarthub_tui.screens.welcome import WelcomeScreen
from smarthub_tui.steps import Wizard as StepWizard
from tests.support.harness import MEMBERS, PATHS, Wizard, build_app, profile_with, register_by_api, registration
from tests.support.lines import CHOICES, ScriptedInput

RENAMED = {key: f"Q{key}" for key in Buttons.model_fields}
"""Every button key of the profile model, renamed to a word no default uses."""
DEFAULTS = {label for name in ("default", "pec", "jecec") for label in load_profile(name).buttons.model_dump().values()}
"""Every label the built-in profiles give: none may show once a co-op renamed them all."""


def renaming_profile(tmp_path: Path) -> CoopProfile:
    """A co-op's own profile file, extending PEC (which has every kind of step), with every button renamed."""
    # PEC's own flow ends the registration at Congratulations (the rest after the login) and asks no
    # phrase: turned back on here, so that one walk meets every step's button.
    lines = ['extends = "pec"', 'profileId = "renamed"', "captchaDifficultyBits = 8", "verifyAtLogin = false"]
    lines += ["securityPhrasePrompt = true", "[buttons]"]
    lines += [f'{key} = "{label}"' for key, label in RENAMED.items()]
    path = tmp_path / "renamed.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_profile(path)


def _label(button: Button) -> str:
    return button.label.plain if isinstance(button.label, Content) else str(button.label)


def shown(app) -> tuple[set[str], set[str]]:
    """The screen's button labels, and the footer's key descriptions."""
    buttons = {_label(button) for button in app.screen.query(Button)}
    footer = {key.description for key in app.screen.query(FooterKey)}
    return buttons, footer


def check(app, seen: set[str], where: str) -> None:
    """No default label on a button or in the footer; what was shown is added to `seen`."""
    buttons, footer = shown(app)
    stale = sorted(label for label in buttons | footer if label in DEFAULTS or label.split(" (")[0] in DEFAULTS)
    assert not stale, f"{where}: default labels still shown: {stale} (buttons {sorted(buttons)}, footer {sorted(footer)})"
    seen.update(label.split(" (")[0] for label in buttons | footer)


async def test_a_profile_that_renames_every_button_is_obeyed_on_every_screen(tmp_path: Path) -> None:
    profile = renaming_profile(tmp_path)
    app, transport = build_app(profile)
    seen: set[str] = set()
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["pec"])
        wizard.transport = transport
        await wizard.at(WelcomeScreen)
        check(app, seen, "welcome")
        await wizard.answer("welcome")
        for step in plan(Mode.REGISTER, profile, app.wizard.state):
            screen = await wizard.at(screen_class(step))
            await wizard.settle()
            check(app, seen, step.value)
            assert RENAMED[screen.controller.button] in seen, f"{step}: its submit button"
            if step is StepId.REGISTER:
                await wizard.press("f10")  # a mandatory step: the question comes, in the app's words
                await wizard.at(ConfirmScreen)
                check(app, seen, "the cancel confirmation")
                await wizard.press("n")
                await wizard.at(RegisterScreen)
            await wizard.answer(step.value)
        await wizard.at(WelcomeScreen)
    assert set(RENAMED.values()) - {RENAMED[key] for key in after_registration()} <= seen, "every renamed button was shown"


def after_registration() -> set[str]:
    """The button keys of the steps a registration walk never meets (the alert's, My Profile's, recovery's)."""
    from smarthub_tui.flow import REGISTRATION_STEPS
    from smarthub_tui.registry import STEPS

    registering = {STEPS[step].controller.button for step in (StepId.WELCOME, *REGISTRATION_STEPS)}
    return {"forgotPassword"} | {entry.controller.button for entry in STEPS.values()} - registering


async def test_the_already_registered_alert_says_the_profile_s_words(tmp_path: Path) -> None:
    profile = renaming_profile(tmp_path)
    app, transport = build_app(profile)
    seen: set[str] = set()
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["pec"])
        wizard.transport = transport
        await wizard.at(WelcomeScreen)
        await register_by_api(transport, profile, wizard.member)
        await wizard.answer("welcome")
        await wizard.at(RegisterScreen)
        await wizard.answer("register")
        await wizard.at(AlreadyRegisteredScreen)
        check(app, seen, "already registered")
        assert {RENAMED["forgotPassword"], RENAMED["cancel"]} <= seen
        await wizard.press("escape")  # the co-op's Cancel: back to the form
        await wizard.at(RegisterScreen)


# --- optional steps ------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["f10", "button"])
async def test_cancel_on_the_optional_paperless_step_skips_it_without_asking(how: str) -> None:
    app, transport = build_app("pec", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["pec"])
        wizard.transport = transport
        screen = await wizard.sign_in_to("paperless")
        assert isinstance(screen, PaperlessScreen)
        assert _label(screen.query_one("#cancel", Button)) == "Cancel", "the guide: Submit or Cancel"
        await wizard.press("down")  # Yes picked, then thought better of
        if how == "f10":
            await wizard.press("f10")
        else:
            await pilot.click("#cancel")
        await wizard.settle()
        assert not isinstance(app.screen, ConfirmScreen), "an optional step is skipped without a question"
        await wizard.at(ProfileMenuScreen)  # PEC asks no phrase: the main screen, My Profile, is next
        assert transport.count(PATHS["paperless"]) == 0, "nothing was saved"
        assert app.wizard.state.paperless_result is None
        assert strings.PAPERLESS_KEPT_PAPER in [str(note.message) for note in app._notifications]
        assert app.wizard.state.auth is not None, "still signed in: nothing was abandoned"


async def test_f10_on_a_mandatory_paperless_step_still_asks() -> None:
    app, transport = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        wizard.transport = transport
        screen = await wizard.sign_in_to("paperless")
        assert not screen.query("#cancel"), "no Cancel button where the step must be answered"
        await wizard.press("f10")
        await wizard.at(ConfirmScreen)
        assert transport.count(PATHS["paperless"]) == 0


class CancelAtPaperless(ScriptedInput):
    """The line mode's person types ``cancel`` at the paperless question, and answers the rest as usual."""

    def __init__(self, output: io.StringIO, answers: dict, paperless_yes: str) -> None:  # type: ignore[type-arg]
        super().__init__(output, answers)
        self.paperless_yes = paperless_yes

    def _answer(self) -> str:
        printed = self.output.getvalue()
        if CHOICES.search(printed.rsplit("\n", 1)[-1]) and re.search(rf"\n1\. {re.escape(self.paperless_yes)}\n", printed[-400:]):
            self.asked.append("cancel")
            return "cancel\n"
        return super()._answer()


async def test_cancel_at_the_optional_paperless_step_in_the_line_mode_skips_it() -> None:
    # PEC's optional paperless step, in a flow that reaches it without a login in between and
    # has a step after it (PEC's own ends the registration at Congratulations and asks no phrase).
    _, transport = build_app(profile_with("pec", verifyAtLogin=False, securityPhrasePrompt=True), fast=True)
    member = MEMBERS["pec"]
    answers = {
        "register": {"accountNumber": member.account_number, "lastNameOrBusiness": member.last_name, "email": member.email},
        "identity": dict(member.identity),
        "hint": {"hintQuestion": "What is your pet's name?", "hintAnswer": member.hint_answer},
        "password": {"newPassword": member.password, "confirmPassword": member.password},
        "security_phrase": {"phrase": member.phrase},
    }
    out = io.StringIO()
    wizard = StepWizard(lambda: HttpBackend(transport.base_url, transport=transport, retry_pause=0))
    stdin = CancelAtPaperless(out, answers, load_profile("pec").texts.paperlessYes)
    status = await run_lines(wizard, LineFrontEnd(stdin=stdin, stdout=out))
    text = out.getvalue()
    assert status == 0, text[-2000:]
    assert "cancel" in stdin.asked
    assert strings.LINE_SKIP_WORD in text, "the optional step says how to skip it"
    after = text[text.index(strings.LINE_SKIP_WORD):]
    assert strings.PAPERLESS_KEPT_PAPER in after
    assert strings.CONFIRM_SIGN_OUT_TITLE not in after and strings.CONFIRM_CANCEL_TITLE not in after, "nothing asked"
    assert re.search(r"Step \d+ of \d+: Security Phrase", after), "on to the next step"
    held = await registration(transport, member)
    assert held["paperless"] is None and held["phrase"] == member.phrase, "paperless never chosen (paper bills); the walk went on"
