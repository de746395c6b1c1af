"""The start (issue 11, launch): the first key goes to the field at once; a walk begun before the check still stops on a bad profile."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from smarthub_tui.screens.welcome import WelcomeScreen
from tests.support.harness import Wizard, build_app


async def test_a_key_with_nothing_waiting_is_not_posted_back_and_the_next_waits_for_it() -> None:
    app, _ = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        driver = Wizard(pilot)
        await driver.at(WelcomeScreen)
        await driver.settle()
        queue = app.key_queue
        # As the app reads keys from the terminal: each through `on_event` (the key queue's `take`, then Textual).
        await app.on_event(events.Key("a", "a"))
        assert queue.pending == 0, "nothing waited and the welcome takes keys: handled at once, not queued and posted back"
        await app.on_event(events.Key("b", "b"))
        assert queue.pending == 1, "the key right behind it waits until the first is handled"
        await driver.settle()
        assert queue.pending == 0
        assert app.screen.query_one("#email", Input).value == "ab"


async def test_a_walk_begun_before_the_profile_is_validated_stops_the_wizard_on_a_bad_one(tmp_path, monkeypatch) -> None:
    """Ctrl+N faster than the check behind the welcome: the walk reads the profile, which is validated then and refused."""
    from smarthub_tui.cli import make_app
    from smarthub_tui.profile_data import ProfileError
    from smarthub_tui.screens import welcome

    bad = tmp_path / "bad.toml"
    bad.write_text('extends = "default"\nprofileId = "bad"\nfailedLoginLockoutLimit = 0\n', encoding="utf-8")
    monkeypatch.setattr(welcome.WelcomeScreen, "_warm_up", lambda self: None)  # the check behind the welcome not begun yet
    app = make_app(profile=bad, unchecked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await Wizard(pilot).at(WelcomeScreen)
        await pilot.press("ctrl+n")
        await pilot.pause()
        await app.workers.wait_for_complete()
    assert app.return_code == 2
    assert isinstance(app.wizard.settings_error, ProfileError)
    assert "failedLoginLockoutLimit" in str(app.wizard.settings_error)
