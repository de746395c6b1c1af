"""The whole wizard, end to end, for each co-op profile, on the reference server in-process and over loopback HTTP.

Each walk also checks, after every answer typed, the screen exactly as the
terminal shows it: no password, SSN digit, hint answer or phrase may be
there.  The default walk counts its key presses (reported in the test log).
"""

from __future__ import annotations

import html

import pytest

from smarthub_tui.profiles import load_profile as wizard_profile
from smarthub_tui.screens.welcome import WelcomeScreen
from tests.support.harness import MEMBERS, Wizard, build_app
from tests.support.servers import Link


@pytest.mark.parametrize("profile", ["default", "pec", "jecec", "pec-setup"])
async def test_a_new_member_registers_from_start_to_finish(
    profile: str, server_link: Link, record_property: pytest.RecordProperty
) -> None:
    member = MEMBERS[profile]
    secrets = [member.password, member.phrase, member.hint_answer, "4321"]
    app, _ = build_app(profile, link=server_link)
    shown: list[str] = []

    def screenshot() -> None:
        shown.append(html.unescape(app.export_screenshot()).replace("\xa0", " "))

    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, member)
        wizard.after_typing = screenshot
        # A co-op whose temporary password is typed at the login ends on My Profile, signed in.
        last = "my_profile" if wizard_profile(profile).verifyAtLogin else "finished"
        screen = await wizard.walk_to(last)
        screenshot()
        summary = [line.text for line in screen.query(".summary-line")]
        expected = member.email if last == "finished" else member.account_number[-4:]  # My Profile says the e-mail above
        assert any(expected in line for line in summary), summary
        await wizard.press("f10", "y") if last == "my_profile" else await wizard.answer("finished")
        await wizard.at(WelcomeScreen)
        # Nothing of this member survives for the next one.
        assert app.wizard.state.account.email == ""
        assert app.wizard.state.auth is None

    assert len(shown) > 8
    for picture in shown:
        for secret in secrets:
            assert secret not in picture, f"a secret is on screen: {secret!r}"

    other = wizard.keys - wizard.typed
    record_property("key_presses", wizard.keys)
    record_property("characters_typed", wizard.typed)
    print(f"\n{profile} registration ({server_link}): {wizard.keys} key presses, {wizard.typed} characters typed, {other} other keys")
    # Tab, Enter, Space and a few shortcuts: the wizard adds little to what must be typed anyway.
    assert other <= 22, other
