"""At 40x12 every step can be used: the focused control is on screen, fields keep a usable width.

The terms' "I accept" box used to sit below the screen for good, and inputs
shrank to 4 cells beside their 24-cell labels.  Now narrow screens stack each
label above its field and the focused control is scrolled into view (also
after something above it grows, such as the CAPTCHA picture loading).
"""

from __future__ import annotations

import pytest
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input

from smarthub_tui.flow import Mode, StepId, plan
from smarthub_tui.screens import screen_class
from smarthub_tui.screens.register import RegisterScreen
from smarthub_tui.screens.terms import TermsScreen
from smarthub_tui.screens.welcome import WelcomeScreen
from tests.support.harness import MEMBERS, Wizard, build_app

SMALL = (40, 12)
MIN_INPUT_WIDTH = 20


def wholly_visible(screen: Screen, widget: Widget) -> bool:
    """True when all of `widget` is drawn: inside the screen and not cut off by a scrolling container or the footer."""
    geometry = screen.find_widget(widget)
    return geometry.region.area > 0 and geometry.visible_region == geometry.region


async def drawn(wizard: Wizard) -> None:
    """Wait until the keys' effects are on screen: work done, scrolls finished, the screen redrawn."""
    await wizard.settle()
    await wizard.pilot.wait_for_scheduled_animations()
    await wizard.pilot.pause()
    await wizard.pilot.pause()


async def assert_usable(wizard: Wizard, screen: Screen, where: str) -> None:
    await drawn(wizard)
    focused = screen.focused
    assert focused is not None, f"{where}: nothing has the focus"
    assert wholly_visible(screen, focused), f"{where}: {focused!r} at {screen.find_widget(focused).region} is off screen"
    for field in screen.query(Input):
        if field.display and screen.find_widget(field).region.area:
            width = field.region.width
            assert width >= MIN_INPUT_WIDTH, f"{where}: {field!r} is {width} cells wide"


@pytest.mark.parametrize("profile", ["default", "pec", "jecec"])
async def test_every_step_at_40x12_shows_its_focused_control_and_wide_fields(profile: str) -> None:
    app, _ = build_app(profile, fast=True)
    async with app.run_test(size=SMALL) as pilot:
        wizard = Wizard(pilot, MEMBERS[profile])
        screen = await wizard.at(WelcomeScreen)
        await assert_usable(wizard, screen, "welcome")
        for _ in range(len(screen.focus_chain)):
            await wizard.press("tab")
            await assert_usable(wizard, screen, f"welcome after Tab to {screen.focused!r}")
        await wizard.answer("welcome")
        for step in plan(Mode.REGISTER, wizard.profile, app.wizard.state):
            if step is StepId.WELCOME:
                continue
            screen = await wizard.at(screen_class(step))
            assert screen.has_class("-narrow") and screen.has_class("-short")
            await assert_usable(wizard, screen, step.value)
            arrival = screen.focused
            for _ in range(len(screen.focus_chain)):  # Tab through the whole screen: each control comes into view
                await wizard.press("tab")
                await assert_usable(wizard, screen, f"{step.value} after Tab to {screen.focused!r}")
            if step is StepId.FINISHED:
                break
            arrival.focus()  # answer the step as from arrival
            await wizard.settle()
            await wizard.answer(step.value)


async def test_the_terms_text_and_the_accept_box_are_reached_at_40x12() -> None:
    app, _ = build_app("default", fast=True)
    async with app.run_test(size=SMALL) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        screen = await wizard.walk_to("terms")
        await drawn(wizard)
        box = screen.query_one("#termsAccepted")
        assert screen.focused is box and wholly_visible(screen, box), "I accept is on screen on arrival"
        terms = screen.query_one("#terms-text")
        await wizard.press("pagedown")
        await drawn(wizard)
        assert terms.scroll_y > 0, "PgDn scrolls the terms"
        await wizard.press("shift+tab")
        await drawn(wizard)
        assert screen.focused is terms and wholly_visible(screen, terms)
        await wizard.press("tab")
        await drawn(wizard)
        assert screen.focused is box and wholly_visible(screen, box)
        await wizard.press("space", "enter")
        assert not isinstance(app.screen, TermsScreen)


async def test_shrinking_the_terminal_keeps_the_focused_field_in_view_and_restacks_the_form() -> None:
    app, _ = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        screen = await wizard.walk_to("register")
        assert isinstance(screen, RegisterScreen) and not screen.has_class("-narrow")
        await wizard.press("tab", "tab", "tab")
        focused = screen.focused
        await pilot.resize_terminal(*SMALL)
        await wizard.settle()
        assert screen.has_class("-narrow")
        assert screen.focused is focused
        await assert_usable(wizard, screen, "register after the resize")
        await pilot.resize_terminal(80, 24)
        await wizard.settle()
        assert not screen.has_class("-narrow")


async def test_the_demo_inbox_at_40x12_shows_its_buttons() -> None:
    from smarthub_tui.screens.inbox import InboxScreen

    app, _ = build_app("default", fast=True)
    async with app.run_test(size=SMALL) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        await wizard.walk_to("verify")
        await wizard.press("f3")
        screen = await wizard.at(InboxScreen)
        await assert_usable(wizard, screen, "inbox")
        await wizard.press("tab")
        await assert_usable(wizard, screen, f"inbox after Tab to {screen.focused!r}")
        buttons = screen.query_one("#buttons")
        assert buttons.region.height == 3, "one row of buttons: the e-mail keeps the room"
