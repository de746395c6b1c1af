"""The terminal's cursor sits on the focused control, on every screen (issue 7).

Why: a screen reader on a text console (Speakup, BRLTTY) or a magnifier
follows the terminal's cursor; if it stays in the last text field while
Tab moves to a checkbox or a button, the person hears or sees the wrong
place.  `app.cursor_position` is where Textual puts the real cursor after
each frame, so these tests read it after every key and check it against the
focused control: in a text field at its text cursor (the cell after the
last character at the end), on a radio set at its highlighted option,
elsewhere at the start of the control's content; and the cell under the
cursor belongs to the focused control.
"""

from __future__ import annotations

import pytest
from textual.geometry import Offset
from textual.widget import Widget
from textual.widgets import Button, Input, RadioButton, RadioSet

from smarthub_tui.screens.paperless import PaperlessScreen
from smarthub_tui.screens.welcome import WelcomeScreen
from tests.support.harness import MEMBERS, Wizard, build_app


def cursor_target(focused: Widget) -> tuple[Offset, Widget]:
    """Where the cursor must be for `focused`, and the widget that cell must belong to."""
    if isinstance(focused, Input):
        region = focused.content_region
        return Offset(region.x + len(focused.value[: focused.cursor_position]) - focused.scroll_offset.x, region.y), focused
    if isinstance(focused, RadioSet):
        options = list(focused.query_children(RadioButton))
        highlighted = [o for o in options if o.has_class("-selected")]
        focused = highlighted[0] if highlighted else focused.pressed_button or options[0]
    return focused.content_region.offset, focused


def assert_cursor_on_focus(app) -> None:
    focused = app.screen.focused
    if focused is None or not focused.region:
        return  # nothing focused (a screen still arriving) or scrolled away: no place to point at
    expected, owner = cursor_target(focused)
    where = f"{type(app.screen).__name__}, focus on {focused!r}"
    assert app.cursor_position == expected, where
    under, _ = app.screen.get_widget_at(*expected)
    assert under is owner or owner in under.ancestors or under in owner.ancestors, f"{where}: the cursor cell is {under!r}"


class CursorWatcher(Wizard):
    """A `Wizard` that, whenever the app settles, checks that the cursor is on the focused control."""

    checks = 0

    async def settle(self) -> None:
        await super().settle()
        assert_cursor_on_focus(self.app)
        self.checks += 1


async def test_tab_moves_the_cursor_from_field_to_field_and_onto_the_button() -> None:
    app, _ = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        screen = await wizard.at(WelcomeScreen)
        email = screen.focused
        assert isinstance(email, Input)
        await wizard.type("abc")
        assert app.cursor_position == Offset(email.content_region.x + 3, email.content_region.y), "after the c"
        await wizard.press("left")
        assert app.cursor_position == Offset(email.content_region.x + 2, email.content_region.y), "on the c"

        await wizard.press("tab")
        password = screen.focused
        assert isinstance(password, Input) and password is not email
        assert app.cursor_position == password.content_region.offset

        await wizard.press("tab")
        login = screen.focused
        assert isinstance(login, Button)
        assert app.cursor_position == login.content_region.offset
        assert app.screen.get_widget_at(*app.cursor_position)[0] is login

        await wizard.press("shift+tab", "shift+tab")
        assert screen.focused is email
        # Back in the field, Textual selects its text and puts its cursor at the end: so does the terminal's.
        assert app.cursor_position == Offset(email.content_region.x + email.cursor_position, email.content_region.y)


async def test_the_cursor_follows_the_highlighted_radio_option() -> None:
    app, transport = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        wizard.transport = transport
        screen = await wizard.sign_in_to("paperless")
        assert isinstance(screen, PaperlessScreen)
        options = list(screen.query(RadioButton))
        rows = []
        for _ in options:
            await wizard.press("down")
            assert_cursor_on_focus(app)
            rows.append(app.cursor_position.y)
        assert rows == sorted(set(rows)) and len(rows) == len(options), "one row down per option"


@pytest.mark.parametrize("profile", ["default", "pec", "jecec", "pec-setup"])
async def test_the_cursor_is_on_the_focused_control_after_every_key_of_a_registration(profile: str) -> None:
    """Every screen of the flow, every control on it (a full Tab round on arrival), every key after."""
    from smarthub_tui.flow import Mode, plan
    from smarthub_tui.screens import screen_class

    app, _ = build_app(profile, fast=True, fixed_picture=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = CursorWatcher(pilot, MEMBERS[profile])
        await wizard.at(WelcomeScreen)
        await wizard.answer("welcome")
        steps = plan(Mode.REGISTER, wizard.profile, app.wizard.state)
        for step in steps:
            screen = await wizard.at(screen_class(step))
            for _ in screen.focus_chain:
                await wizard.press("tab")
            await wizard.answer(step.value)
        if wizard.profile.verifyAtLogin:
            # pec: back at the login screen after Congratulations, then the walk of a member who logs in.
            screen = await wizard.at(WelcomeScreen)
            for _ in screen.focus_chain:
                await wizard.press("tab")
            await wizard.login_with_temporary_password()
            for step in wizard.login_steps():
                screen = await wizard.at(screen_class(step))
                for _ in screen.focus_chain:
                    await wizard.press("tab")
                await wizard.answer(step.value)
        assert wizard.checks > 50


async def test_the_cursor_is_on_the_focused_button_of_a_confirmation() -> None:
    from smarthub_tui.screens.confirm import ConfirmScreen

    app, _ = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        await wizard.walk_to("register")
        before = app.cursor_position
        await wizard.press("f10")
        confirm = await wizard.at(ConfirmScreen)
        assert isinstance(confirm.focused, Button)
        assert_cursor_on_focus(app)
        assert app.cursor_position != before
        await wizard.press("tab")
        assert_cursor_on_focus(app)
