"""A member registered earlier (by an agent on the phone, or who stopped after Congratulations) comes back with the code.

The welcome offers the way in only where the co-op's code has a Verify step
(default, jecec), not where the temporary password is typed at the login (pec).
"""

from __future__ import annotations

import asyncio
import io

import pytest

from smarthub_tui import strings
from smarthub_tui.backend.http import HttpBackend
from smarthub_tui.flow import Mode, StepId, offers_verify_later, plan
from smarthub_tui.frontends.lines import LineFrontEnd, run_lines
from smarthub_tui.profiles import load_profile
from smarthub_tui.screens.finished import FinishedScreen
from smarthub_tui.screens.paperless import PaperlessScreen
from smarthub_tui.screens.password import PasswordScreen
from smarthub_tui.screens.security_phrase import SecurityPhraseScreen
from smarthub_tui.screens.verify import VerifyScreen
from smarthub_tui.screens.welcome import WelcomeScreen
from smarthub_tui.steps import Wizard as StepsWizard
from tests.functional.test_line_mode_my_profile import Typist
from tests.support.harness import MEMBERS, Wizard, build_app, register_by_api


def test_offered_only_where_the_code_has_a_verify_step():
    assert offers_verify_later(load_profile("default"))
    assert offers_verify_later(load_profile("jecec"))
    assert not offers_verify_later(load_profile("pec"))
    profile = load_profile("default")
    assert plan(Mode.VERIFY_LATER, profile, None) == (  # type: ignore[arg-type]
        StepId.VERIFY,
        StepId.PASSWORD,
        StepId.PAPERLESS,
        StepId.SECURITY_PHRASE,
        StepId.FINISHED,
    )


@pytest.mark.parametrize(("profile", "shown"), [("default", True), ("pec", False)])
async def test_the_welcome_shows_the_key_only_for_code_style_coops(profile, shown):
    app, _ = build_app(profile, fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS[profile])
        screen = await wizard.at(WelcomeScreen)
        assert bool(screen.query("#verify-later")) is shown
        enabled = {active.binding.action for active in screen.active_bindings.values() if active.enabled}
        assert ("verify_later" in enabled) is shown
        await wizard.press("ctrl+o")
        assert isinstance(app.screen, WelcomeScreen) is not shown


async def test_a_member_registered_by_phone_finishes_from_the_welcome_with_the_code():
    app, transport = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        await wizard.at(WelcomeScreen)
        # The agent's call made the registration; the member has the Verify Account e-mail.
        await register_by_api(transport, wizard.profile, wizard.member, set_password=False)
        await wizard.type(wizard.member.email)
        await wizard.press("ctrl+o")
        screen = await wizard.at(VerifyScreen)
        assert wizard.member.email in str(screen.query_one(".note").render())
        # Esc goes back to the welcome, the e-mail kept.
        await wizard.press("escape")
        await wizard.at(WelcomeScreen)
        assert wizard.value("#email") == wizard.member.email
        await wizard.press("ctrl+o")
        await wizard.at(VerifyScreen)
        await wizard.answer("verify")  # F3, U (the code from the demo inbox), Enter
        for step, screen_type in [
            ("password", PasswordScreen),
            ("paperless", PaperlessScreen),
            ("security_phrase", SecurityPhraseScreen),
        ]:
            await wizard.at(screen_type)
            await wizard.answer(step)
        await wizard.at(FinishedScreen)
        summary = app.wizard.state.summary
        assert summary is not None and summary.security_phrase_set


async def test_a_member_who_stopped_after_congratulations_comes_back():
    app, _ = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        await wizard.walk_to("congratulations")
        await wizard.press("f10")  # Stop here
        await wizard.press("y")
        await wizard.at(WelcomeScreen)
        if not wizard.value("#email"):
            await wizard.type(wizard.member.email)
        await wizard.press("ctrl+o")
        await wizard.at(VerifyScreen)
        await wizard.answer("verify")
        await wizard.at(PasswordScreen)


async def test_line_mode_offers_it_and_walks_verify_to_finished():
    _, transport = build_app("default", fast=True)
    member = MEMBERS["default"]
    await register_by_api(transport, load_profile("default"), member, set_password=False)
    wizard = StepsWizard(lambda: HttpBackend(transport.base_url, transport=transport, retry_pause=0))
    out = io.StringIO()
    script = [
        (r"Type a number from 1 to 5: $", "4"),  # the welcome menu: Have a code from our e-mail?
        (r"e-mail was sent to[^\n]*: $", member.email),
        (r"[Cc]ode[^\n]*: $", "inbox"),
        (r"[^\n]*: $", "y"),  # take the code from the newest e-mail
        (r"New Password[^\n]*: $", member.password),
        (r"Confirm[^\n]*: $", member.password),
        (r"Type a number from 1 to 2: $", "1"),  # paperless: yes
        (r"Security Phrase[^\n]*: $", member.phrase),
        (r"Press Enter: Done\. $", ""),
        (r"Type a number from 1 to 5: $", "5"),  # quit
    ]
    status = await run_lines(wizard, LineFrontEnd(stdin=Typist(out, script), stdout=out))
    text = out.getvalue()
    assert status == 0, text[-2000:]
    assert f"4. {strings.LINE_VERIFY_LATER}" in text
    assert "Security phrase: set" in text, text[-1500:]
    assert member.password not in text and member.phrase not in text


def test_line_mode_does_not_offer_it_where_the_login_takes_the_temporary_password():
    out = io.StringIO()
    script = [(r"Type a number from 1 to 4: $", "4")]  # pec: Login, Register, Can't access, Quit
    status = asyncio.run(
        run_lines(StepsWizard(lambda: _http("pec")), LineFrontEnd(stdin=Typist(out, script), stdout=out))
    )
    assert status == 0, out.getvalue()[-1500:]
    assert strings.LINE_VERIFY_LATER not in out.getvalue()


def _http(profile: str) -> HttpBackend:
    _, transport = build_app(profile, fast=True)
    return HttpBackend(transport.base_url, transport=transport, retry_pause=0)


async def test_the_demo_welcome_still_fits_80x24_with_the_new_link():
    from tests.functional.test_demo_mode import demo_app

    app, _ = demo_app("default")
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        screen = await wizard.at(WelcomeScreen)
        await wizard.settle()
        assert screen.query_one("#body").max_scroll_y == 0
        for selector in ("#register", "#cant-access", "#verify-later"):
            region = screen.query_one(selector).region
            assert region.height and region.bottom <= 23, selector
        # Pressed (Enter on the focused link) as well as by its key.
        screen.query_one("#verify-later").focus()
        await wizard.press("enter")
        verify = await wizard.at(VerifyScreen)
        assert not any("E-Mail Address:" in str(note.render()) for note in verify.query(".note")), "no e-mail typed: none named"
