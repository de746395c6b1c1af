"""The whole wizard, end to end, for each co-op profile, on the embedded reference server."""

from __future__ import annotations

import html

import pytest
from harness import MEMBERS, Wizard, build_app

from smarthub_tui.screens.welcome import WelcomeScreen


@pytest.mark.parametrize("profile", ["default", "pec", "jecec"])
async def test_a_new_member_registers_from_start_to_finish(profile: str) -> None:
    app, transport = build_app(profile)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS[profile])
        screen = await wizard.walk_to("finished")
        summary = [w.text for w in screen.query(".summary-line")]
        assert any(MEMBERS[profile].email in line for line in summary), summary
        await wizard.answer("finished")
        await wizard.at(WelcomeScreen)
        # Nothing of this member survives for the next one.
        assert app.wizard.state.account.email == ""
        assert app.wizard.state.auth is None


@pytest.mark.parametrize("profile", ["default", "pec"])
async def test_no_secret_is_ever_on_screen(profile: str) -> None:
    """Every screen after every answer typed, as the terminal would show it: no password, SSN digit, answer or phrase."""
    member = MEMBERS[profile]
    secrets = [member.password, member.phrase, member.hint_answer, "4321"]
    app, _ = build_app(profile, fast=True)
    shown: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, member)
        wizard.after_typing = lambda: shown.append(html.unescape(app.export_screenshot()).replace("\xa0", " "))
        await wizard.walk_to("finished")
        shown.append(html.unescape(app.export_screenshot()).replace("\xa0", " "))
    assert len(shown) > 8
    for picture in shown:
        for secret in secrets:
            assert secret not in picture, secret
