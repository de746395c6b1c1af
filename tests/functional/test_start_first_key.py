"""A key typed when nothing waits goes to the field at once; keys right behind it still wait their turn (issue 11, launch)."""

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
