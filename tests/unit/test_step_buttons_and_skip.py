"""Button labels are step data from the profile, and an optional step is skipped by Cancel (issue 9), without any front end.

The runner walks a scripted front end (as in test_runner.py): `Skip` on an
optional step moves on with nothing saved and nothing wiped; on a mandatory
step it is refused.  `leaving()` is the one place every front end asks what
Cancel means: on an optional step nothing is asked.
"""

from __future__ import annotations

from typing import Any

import pytest

from smarthub_tui import strings
from smarthub_tui.flow import Cancel, Mode, Next, Outcome, Skip, StepId
from smarthub_tui.profiles import Buttons, load_profile
from smarthub_tui.registry import STEPS, controller_for
from smarthub_tui.runner import Ending, Runner, Visit, leaving
from smarthub_tui.state import PaperlessAnswers
from smarthub_tui.steps import Wizard
from tests.unit.test_runner import Scripted, SettingsOnly


def test_every_step_names_a_button_of_the_profile() -> None:
    """A new step that forgets its button, or names one the profile does not have, fails here."""
    keys = set(Buttons.model_fields)
    for step, entry in STEPS.items():
        assert entry.controller.button in keys, f"{step}: Step.button {entry.controller.button!r} is not a [buttons] key"


@pytest.mark.parametrize(
    ("profile", "step", "label"),
    [
        ("jecec", StepId.REGISTER, "Continue"),  # "Fill out the registration form completely. Click the Continue button."
        ("jecec", StepId.IDENTITY, "Register"),  # "Enter the requested verification information and click the Register button."
        ("jecec", StepId.PASSWORD, "Save"),  # "Enter your password twice and click the Save button."
        ("pec", StepId.REGISTER, "Submit"),  # "After entering that data, click the Submit button."
        ("pec", StepId.CONGRATULATIONS, "Login"),  # "Clicking the Login button takes you back to the login screen"
        ("pec", StepId.PASSWORD, "Submit"),  # "After creating a password and confirming it ..., click the Submit button."
        ("pec", StepId.PAPERLESS, "Submit"),  # "Click the Submit or Cancel button"
        ("default", StepId.WELCOME, "Login"),
    ],
)
async def test_each_guide_s_button_words_are_its_steps_submit_labels(profile: str, step: StepId, label: str) -> None:
    wizard = Wizard(lambda: SettingsOnly(profile))
    await wizard.connect()
    assert controller_for(step, wizard).submit_label == label


def test_a_profile_file_can_rename_a_button(tmp_path) -> None:
    path = tmp_path / "coop.toml"
    path.write_text('extends = "jecec"\nprofileId = "coop"\n[buttons]\ncancel = "Abandon"\n', encoding="utf-8")
    profile = load_profile(path)
    assert profile.buttons.cancel == "Abandon"
    assert profile.buttons.registration == "Continue", "the rest comes from the profile it extends"


# --- optional steps ------------------------------------------------------------------------


def _through(at_paperless: Outcome, seen: dict[str, Any], wizard_box: list[Wizard]) -> Any:
    """Register, Next at every step, `at_paperless` at the paperless step; notes the state on arrival at the phrase."""

    def script(visit: Visit) -> Outcome:
        if visit.step is StepId.WELCOME:
            return Next(Mode.REGISTER)
        if visit.step is StepId.PAPERLESS:
            return at_paperless
        if visit.step is StepId.SECURITY_PHRASE:
            seen["paperless"] = wizard_box[0].state.paperless
        return Next(visit.answers)

    return script


async def test_skip_on_an_optional_step_goes_on_to_the_next_with_nothing_saved() -> None:
    wizard = Wizard(lambda: SettingsOnly("pec-setup"))  # the backend refuses any call: skipping makes none
    wizard.state.paperless = PaperlessAnswers(True)  # picked, never saved
    seen: dict[str, Any] = {}
    front_end = Scripted(_through(Skip(strings.PAPERLESS_KEPT_PAPER), seen, [wizard]))
    ending = await Runner(wizard, front_end).run(walks=1)
    assert ending is Ending.FINISHED, "the walk went on to its end: nothing was abandoned"
    walked = front_end.steps
    assert walked[walked.index(StepId.PAPERLESS) + 1] is StepId.SECURITY_PHRASE
    assert seen["paperless"] == PaperlessAnswers(None), "the choice that was not saved is forgotten: bills stay on paper"


async def test_skip_on_a_mandatory_step_is_refused() -> None:
    wizard = Wizard(lambda: SettingsOnly("default"))  # default: the paperless question must be answered
    front_end = Scripted(_through(Skip(), {}, [wizard]))
    with pytest.raises(ValueError, match="not optional"):
        await Runner(wizard, front_end).run(walks=1)


async def test_cancel_on_an_optional_step_asks_nothing_and_skips_on_a_mandatory_one_it_asks_and_abandons() -> None:
    optional = Wizard(lambda: SettingsOnly("pec"))
    await optional.connect()
    skip = leaving(optional.state, controller_for(StepId.PAPERLESS, optional))
    assert not skip.confirm
    assert skip.outcome == Skip(strings.PAPERLESS_KEPT_PAPER)

    mandatory = Wizard(lambda: SettingsOnly("default"))
    await mandatory.connect()
    for step in (StepId.PAPERLESS, StepId.REGISTER):
        leave = leaving(mandatory.state, controller_for(step, mandatory))
        assert leave.confirm and leave.question == strings.CONFIRM_CANCEL_TEXT
        assert leave.outcome == Cancel()
    leave = leaving(optional.state, controller_for(StepId.REGISTER, optional))
    assert leave.confirm and leave.outcome == Cancel(), "only the optional step is skipped"
