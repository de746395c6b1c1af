"""SafeText and StepHeader show untrusted text literally: no markup, no escapes, no actions."""

from __future__ import annotations

import io
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from textual.app import App, ComposeResult
from textual.content import Content

from smarthub_tui.text import inert
from smarthub_tui.widgets import SafeText, StepHeader, safe_content, safe_static

HOSTILE = [
    "[@click=app.quit]x",
    "[bold]x[/bold]",
    "\x1b]52;c;SGVsbG8=\x07",
    "\x1b[2J",
]
FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def screen_text(app: App) -> str:
    """The whole screen as plain text, as a terminal would show it."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True, record=True)
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text()


def segments_text(content: Content) -> str:
    return "".join(segment.text for segment in content.render_segments())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec=None), max_size=80))
def test_safe_text_shows_exactly_inert_text(text: str) -> None:
    widget = SafeText(text)
    assert widget.text == inert(text)
    assert isinstance(widget.visual, Content)
    assert widget.visual.plain == inert(text)
    assert not widget.visual.spans, "text must never create styles"
    rendered = segments_text(widget.visual)
    assert "\x1b" not in rendered
    assert not FORBIDDEN.search(rendered)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(HOSTILE + ["a", "[", "]", "=", "@", "\x9b", "\x1b", "\n", "\r"]), max_size=12))
def test_safe_text_update_is_as_safe_as_the_constructor(parts: list[str]) -> None:
    text = "".join(parts)
    widget = SafeText("before")
    widget.update(text)
    assert widget.visual.plain == inert(text)
    assert not widget.visual.spans
    single = SafeText(text, single_line=True)
    assert "\n" not in single.text


def test_safe_content_and_safe_static_are_plain() -> None:
    assert safe_content("[b]x[/b]\x1b[2J").plain == "[b]x[/b]"
    assert not safe_content("[b]x[/b]").spans
    assert safe_static("[i]y[/i]", id="y").text == "[i]y[/i]"


def test_content_setter_goes_through_inert() -> None:
    widget = SafeText()
    widget.content = "[@click=app.quit]x\x1b[2J"
    assert widget.visual.plain == "[@click=app.quit]x"
    assert not widget.visual.spans


class HostileApp(App[None]):
    def compose(self) -> ComposeResult:
        yield StepHeader(coop=HOSTILE[0], title=HOSTILE[1] + HOSTILE[2], step=2, total=5, id="header")
        for number, text in enumerate(HOSTILE):
            yield SafeText(text, id=f"t{number}")


async def test_hostile_text_is_shown_literally_and_clicking_it_does_nothing() -> None:
    app = HostileApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "[@click=app.quit]x · [bold]x[/bold]" in text
        assert "[@click=app.quit]x" in text.splitlines()[2]
        assert "[bold]x[/bold]" in text.splitlines()[3]
        assert "\x1b" not in text and "52;c" not in text and "SGVsbG8" not in text
        for selector in ("#header", "#t0", "#t1"):
            await pilot.click(selector)
            await pilot.click(selector, offset=(1, 0))
        await pilot.click("#header", offset=(2, 0))
        await pilot.pause()
        assert app.is_running
        assert app.return_code is None
