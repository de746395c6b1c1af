"""The order of steps as data: which steps each co-op asks, and how the walk moves."""

from __future__ import annotations

import pytest

from smarthub_tui.flow import Mode, Notice, StepId, Walk, plan
from smarthub_tui.models import AccountSummary, AuthSession, Settings
from smarthub_tui.profiles import ProfileError, load_profile, parse_profile
from smarthub_tui.state import RegistrationState


def _state(profile: str = "default") -> RegistrationState:
    return RegistrationState(settings=Settings(load_profile(profile), demo=True))


@pytest.mark.parametrize(
    ("profile", "hint", "total"),
    [("default", False, 10), ("jecec", False, 10)],
)
def test_the_registration_plan_follows_the_profile(profile: str, hint: bool, total: int) -> None:
    state = _state(profile)
    steps = plan(Mode.REGISTER, state.profile, state)
    assert (StepId.HINT in steps) is hint
    assert len(steps) == total
    assert steps[0] is StepId.REGISTER and steps[-1] is StepId.FINISHED
    assert steps.index(StepId.CAPTCHA) < steps.index(StepId.TERMS) < steps.index(StepId.VERIFY)


def test_pec_setup_goes_from_its_e_mail_to_please_change_your_password() -> None:
    """Guide 002: the Verify Account link leads to "Please change your password", whose Current Password is the code."""
    state = _state("pec-setup")
    assert plan(Mode.REGISTER, state.profile, state) == (
        StepId.REGISTER,
        StepId.IDENTITY,
        StepId.CAPTCHA,
        StepId.TERMS,
        StepId.CONGRATULATIONS,
        StepId.PASSWORD,
        StepId.PAPERLESS,
        StepId.SECURITY_PHRASE,
        StepId.FINISHED,
    )


def test_pec_registers_up_to_congratulations_and_the_login_walk_does_the_rest() -> None:
    """PEC's guide: Congratulations' Login returns to the login screen; the temporary password is typed there.

    Then "create a replacement password", paperless, and the main screen: no Verify step, no security phrase.
    """
    state = _state("pec")
    assert plan(Mode.REGISTER, state.profile, state) == (
        StepId.REGISTER,
        StepId.IDENTITY,
        StepId.HINT,
        StepId.CAPTCHA,
        StepId.TERMS,
        StepId.CONGRATULATIONS,
    )
    state.auth = AuthSession("a@example.com", "token", 600, True)
    assert plan(Mode.SIGN_IN, state.profile, state) == (StepId.PASSWORD, StepId.PAPERLESS, StepId.MY_PROFILE)


def test_verify_at_login_needs_a_temporary_password_and_at_the_password_change_a_code() -> None:
    data = load_profile("default").model_dump(mode="json")
    with pytest.raises(ProfileError, match="verifyAtLogin"):
        parse_profile({**data, "verifyAtLogin": True})
    with pytest.raises(ProfileError, match="verifyAtPasswordChange"):
        parse_profile({**data, "verificationStyle": "temporaryPassword", "verifyAtPasswordChange": True})


def test_paperless_is_skipped_where_the_coop_does_not_prompt() -> None:
    profile = load_profile("default").model_copy(update={"paperBillsPrompt": False})
    state = RegistrationState(settings=Settings(profile, demo=False))
    assert StepId.PAPERLESS not in plan(Mode.REGISTER, profile, state)


def _signed_in(change_required: bool, paperless: bool | None, phrase: bool) -> RegistrationState:
    state = _state()
    state.auth = AuthSession("a@example.com", "token", 600, change_required)
    state.summary = None if change_required else AccountSummary("a@example.com", ("****1",), paperless, phrase)
    return state


def test_signing_in_skips_what_is_already_set() -> None:
    state = _signed_in(True, None, False)
    assert plan(Mode.SIGN_IN, state.profile, state) == (
        StepId.PASSWORD,
        StepId.PAPERLESS,
        StepId.SECURITY_PHRASE,
        StepId.MY_PROFILE,
    )
    state = _signed_in(False, True, False)
    assert plan(Mode.SIGN_IN, state.profile, state) == (StepId.SECURITY_PHRASE, StepId.MY_PROFILE)
    state = _signed_in(False, False, True)
    assert plan(Mode.SIGN_IN, state.profile, state) == (StepId.MY_PROFILE,)


def test_walk_forward_back_and_no_way_back_past_an_irreversible_step() -> None:
    walk = Walk((StepId.REGISTER, StepId.IDENTITY, StepId.TERMS, StepId.CONGRATULATIONS, StepId.FINISHED))
    assert walk.at_start and not walk.can_go_back
    assert walk.forward() and walk.current is StepId.IDENTITY and walk.number == 2
    assert walk.back() and walk.current is StepId.REGISTER
    walk.forward()
    walk.forward()
    assert walk.current is StepId.TERMS and walk.can_go_back
    walk.forward()
    assert walk.current is StepId.CONGRATULATIONS
    assert not walk.can_go_back and not walk.back(), "the registration is submitted: no way back"
    walk.forward()
    assert not walk.forward(), "the walk is over after the last step"


def test_walk_go_to_an_earlier_step_carries_the_notice_until_moving_on() -> None:
    walk = Walk((StepId.REGISTER, StepId.IDENTITY, StepId.CAPTCHA, StepId.TERMS))
    for _ in range(3):
        walk.forward()
    assert walk.go_to(StepId.IDENTITY, Notice("Those answers do not match."))
    assert walk.current is StepId.IDENTITY and walk.notice == Notice("Those answers do not match.")
    walk.forward()
    assert walk.notice is None
    assert not walk.go_to(StepId.PASSWORD), "not part of this walk"


def test_a_walk_needs_steps() -> None:
    with pytest.raises(ValueError):
        Walk(())


def test_walk_passes_over_a_step_that_skips_itself_both_ways() -> None:
    passed = set()
    walk = Walk((StepId.IDENTITY, StepId.HINT, StepId.CAPTCHA, StepId.TERMS), skip=lambda step: step in passed)
    walk.forward()
    walk.forward()
    assert walk.current is StepId.CAPTCHA, "not passed yet: asked"
    passed.add(StepId.CAPTCHA)
    assert walk.go_to(StepId.IDENTITY, Notice("No match."))
    walk.forward()
    walk.forward()
    assert walk.current is StepId.TERMS, "a passed CAPTCHA is not asked again"
    walk.back()
    assert walk.current is StepId.HINT, "nor on the way back"


def test_a_profile_can_ask_the_captcha_before_the_identity_questions() -> None:
    state = RegistrationState()
    default = plan(Mode.REGISTER, load_profile("default"), state)
    assert default.index(StepId.CAPTCHA) == default.index(StepId.IDENTITY) - 1
    pec = plan(Mode.REGISTER, load_profile("pec"), state)
    assert pec.index(StepId.HINT) < pec.index(StepId.CAPTCHA), "the PEC guide's order"
