"""BusyIndicator shows at once and hides; ErrorPanel says what failed and asks for a retry by keyboard or mouse."""

from __future__ import annotations

import io

from rich.console import Console
from textual import on
from textual.app import App, ComposeResult
from textual.widgets import Button, Input

from smarthub_tui.widgets import BusyIndicator, ErrorPanel


def screen_text(app: App) -> str:
    """The whole screen as plain text (containers draw their borders and children only there)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True, record=True)
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text()


class BusyApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.retries = 0

    def compose(self) -> ComposeResult:
        yield Input(id="field")
        yield BusyIndicator()
        yield ErrorPanel(id="panel")

    @on(ErrorPanel.RetryRequested, "#panel")
    def retry(self) -> None:
        self.retries += 1


async def test_busy_indicator_shows_on_the_next_frame_and_hides() -> None:
    app = BusyApp()
    async with app.run_test(size=(80, 24)) as pilot:
        busy = app.query_one(BusyIndicator)
        assert not busy.display and not busy.busy
        busy.start()
        assert busy.busy
        await pilot.pause()  # one refresh, no timers: this is what "within 0.1 s" needs
        assert busy.display and busy.size.height == 1
        line = busy.render_line(0).text
        assert "Working… (Esc to cancel)" in line
        assert line.strip()[0] in "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
        busy.start("Checking your account…", hint="")
        await pilot.pause()
        line = busy.render_line(0).text
        assert "Checking your account…" in line and "Esc" not in line
        busy.stop()
        await pilot.pause()
        assert not busy.display and not busy.busy


async def test_busy_indicator_stands_still_without_animations() -> None:
    app = BusyApp()
    app.animation_level = "none"
    async with app.run_test(size=(80, 24)) as pilot:
        busy = app.query_one(BusyIndicator)
        busy.start("[b]Server says[/b]\x1b[2J")
        await pilot.pause()
        assert busy.render_line(0).text.strip() == "… [b]Server says[/b] (Esc to cancel)"


async def test_error_panel_shows_message_focuses_retry_and_enter_retries() -> None:
    app = BusyApp()
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.query_one(ErrorPanel)
        assert not panel.display
        panel.show_error("Could not reach the server [@click=app.quit]x\x1b]52;c;SGVsbG8=\x07")
        await pilot.pause()
        assert panel.display
        assert panel.message == "Could not reach the server [@click=app.quit]x"
        text = screen_text(app)
        assert "╭─ Connection problem ─" in text
        assert "│ ✗ Could not reach the server [@click=app.quit]x " in text
        assert "Retry" in text
        retry = panel.query_one("#retry", Button)
        assert app.focused is retry
        retry.active_effect_duration = 0  # Button ignores a second press within its 0.2 s animation
        await pilot.press("enter")
        await pilot.pause()
        assert app.retries == 1
        await pilot.click("#retry")
        await pilot.pause()
        assert app.retries == 2
        await pilot.press("tab")
        assert app.focused is app.query_one("#field", Input)
        panel.clear()
        await pilot.pause()
        assert not panel.display and panel.message == ""


async def test_error_panel_can_keep_focus_where_it_is_and_change_title() -> None:
    app = BusyApp()
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.query_one(ErrorPanel)
        field = app.query_one("#field", Input)
        field.focus()
        panel.show_error("Timed out.", title="[b]Server[/b] slow", focus=False)
        await pilot.pause()
        assert app.focused is field
        assert "╭─ [b]Server[/b] slow ─" in screen_text(app)


async def test_started_and_shown_before_mounting_appear_once_mounted() -> None:
    busy = BusyIndicator()
    panel = ErrorPanel(id="early")
    busy.start("Starting…")
    panel.show_error("Not yet mounted.", title="Early", focus=False)

    class EarlyApp(App[None]):
        def compose(self) -> ComposeResult:
            yield busy
            yield panel

    app = EarlyApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert busy.display and "Starting…" in busy.render_line(0).text
        assert panel.display and panel.message == "Not yet mounted."
        assert "╭─ Early ─" in screen_text(app)


async def test_error_panel_builds_its_message_and_retry_only_when_first_shown() -> None:
    """Most screens never show the panel: its text and button are made by the first error, not on every screen."""
    app = BusyApp()
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.query_one(ErrorPanel)
        await pilot.pause()
        assert list(panel.children) == []
        panel.show_error("Timed out.")
        await pilot.pause()
        assert [child.id for child in panel.children] == ["error-message", "retry"]
        assert app.focused is panel.query_one("#retry", Button)
        panel.clear()
        panel.show_error("Again.", focus=False)
        await pilot.pause()
        assert [child.id for child in panel.children] == ["error-message", "retry"], "made once"
        assert "✗ Again." in screen_text(app)
