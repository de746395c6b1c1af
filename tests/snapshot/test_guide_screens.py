"""Every screen of each guide's profile at 80x24, in the guide's order: the co-op's flow as its members see it.

One snapshot per step of the profile's registration plan (plus the welcome
screen and the "already registered" alert), so a change of wording, button or
order in a guide's profile shows up as a picture to read, and the README can
show each co-op's flow (README, "Each co-op's flow").  The words themselves
are checked against the guides by tests/functional/test_fidelity_*.py.
"""

from __future__ import annotations

import pytest

from smarthub_tui.flow import SIGN_IN_STEPS, Mode, StepId, plan
from smarthub_tui.profiles import load_profile
from smarthub_tui.state import RegistrationState
from tests.support.harness import register_by_api, shoot

GUIDE_PROFILES = ("jecec", "pec", "pec-setup")
"""The built-in profiles that reproduce a guide (shared/seeds/), as opposed to `default`."""


def _screens(profile: str) -> list[str]:
    """The screens of `profile`'s walk in order: the plan's, then the login and what follows where the
    temporary password is typed at the login (`verifyAtLogin`); then the "already registered" alert."""
    coop = load_profile(profile)
    steps = [step.value for step in plan(Mode.REGISTER, coop, RegistrationState())]
    if coop.verifyAtLogin:
        steps += ["login", *(step.value for step in SIGN_IN_STEPS if step is not StepId.SECURITY_PHRASE or coop.securityPhrasePrompt)]
    return ["welcome", *steps, "already_registered"]


CASES = [(profile, f"{number:02d}_{screen}") for profile in GUIDE_PROFILES for number, screen in enumerate(_screens(profile))]


@pytest.mark.parametrize(("profile", "screen"), CASES, ids=[f"{profile}-{screen}" for profile, screen in CASES])
def test_guide_screen(snap_compare, profile: str, screen: str) -> None:
    step = screen.split("_", 1)[1]

    async def drive(wizard) -> None:
        if step == "already_registered":
            await wizard.walk_to("welcome")  # connected: the co-op's profile is known
            await register_by_api(wizard.transport, wizard.profile, wizard.member)
            await wizard.answer("welcome")
            await wizard.answer("register")
        else:
            await wizard.walk_to(step)

    assert shoot(snap_compare, profile, drive)
