"""The whole wizard, end to end, for each co-op profile, on the reference server in-process and over loopback HTTP.

Each walk also checks, after every answer typed, the screen exactly as the
terminal shows it: no password, SSN digit, hint answer or phrase may be
there.  The default walk counts its key presses (reported in the test log).
"""

from __future__ import annotations

import html

import pytest

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
        screen = await wizard.walk_to("finished")
        screenshot()
        summary = [line.text for line in screen.query(".summary-line")]
        assert any(member.email in line for line in summary), summary
        await wizard.answer("finished")
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
