"""What the person sees while a backend call runs, and when it fails.

docs/architecture.md section 10: busy states show within 0.1 s and the UI never blocks.
`BusyIndicator` is a single line ("⠋ Working… (Esc to cancel)") that a screen
shows synchronously when it starts a worker and hides when it ends; its
spinner is a character, so it moves in monochrome too, and it stands still
when the app's animations are off.  `ErrorPanel` is the other half: a
connection problem in plain words with a Retry button, so nothing typed is
lost and the person decides when to try again.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button

from smarthub_tui import strings
from smarthub_tui.text import inert
from smarthub_tui.widgets.safe_text import SafeText

__all__ = ["BusyIndicator", "ErrorPanel"]

SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
STILL = "…"


class BusyIndicator(Widget):
    """A one-line "Working… (Esc to cancel)" with a spinner; hidden until `start()`.

    `start(text)` shows it at once (the next frame, well within 0.1 s),
    `stop()` hides it, `busy` says which.  The Esc key itself is the screen's
    to bind: this widget only says so (`hint=""` hides the hint).
    """

    DEFAULT_CSS = """
    BusyIndicator {
        height: 1;
        width: 1fr;
        padding: 0 1;
        display: none;
    }
    BusyIndicator.-busy {
        display: block;
    }
    BusyIndicator > .busy-indicator--spinner {
        color: $accent;
        text-style: bold;
    }
    BusyIndicator > .busy-indicator--hint {
        color: $foreground-muted;
    }
    """

    COMPONENT_CLASSES = {"busy-indicator--spinner", "busy-indicator--hint"}

    def __init__(
        self,
        text: str = "Working…",
        *,
        hint: str = "Esc to cancel",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._text = inert(text, single_line=True)
        self._hint = inert(hint, single_line=True)
        self._frame = 0
        self._timer: Timer | None = None
        self._ready = False  # set by on_mount (`is_mounted` is still False inside it)

    def on_mount(self) -> None:
        self._ready = True
        if self.busy:  # start() was called before the widget was mounted
            self.start()

    @property
    def busy(self) -> bool:
        """True while shown."""
        return self.has_class("-busy")

    @property
    def text(self) -> str:
        """The words shown next to the spinner."""
        return self._text

    def start(self, text: str | None = None, *, hint: str | None = None) -> None:
        """Show the indicator now, optionally with other words ("Checking your account…")."""
        if text is not None:
            self._text = inert(text, single_line=True)
        if hint is not None:
            self._hint = inert(hint, single_line=True)
        self._frame = 0
        self.add_class("-busy")
        if self._timer is None and self._ready and self.app.animation_level != "none":
            self._timer = self.set_interval(0.1, self._advance)
        self.refresh()

    def stop(self) -> None:
        """Hide the indicator (the call finished, failed or was cancelled)."""
        self.remove_class("-busy")
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _advance(self) -> None:
        self._frame = (self._frame + 1) % len(SPINNER)
        self.refresh()

    def render(self) -> Content:
        animated = self._ready and self.app.animation_level != "none"
        frame = SPINNER[self._frame] if animated else STILL
        parts: list[str | tuple[str, object]] = [
            (frame, self.get_visual_style("busy-indicator--spinner")),
            " ",
            self._text,
        ]
        if self._hint:
            parts += [" ", (f"({self._hint})", self.get_visual_style("busy-indicator--hint"))]
        return Content.assemble(*parts)  # type: ignore[arg-type]


class ErrorPanel(Widget):
    """A boxed "✗ <what went wrong>" with a Retry button; hidden until `show_error()`.

    The message may come from the server (shown literally).  Retry posts
    `RetryRequested`; the screen repeats the call.  `show_error()` moves focus
    to Retry by default, so Enter retries and Tab goes back to the form.
    """

    DEFAULT_CSS = """
    ErrorPanel {
        height: auto;
        width: 1fr;
        border: round $error;
        border-title-color: $text-error;
        border-title-style: bold;
        padding: 0 1;
        display: none;
    }
    ErrorPanel.-shown {
        display: block;
    }
    ErrorPanel > #error-message {
        width: 1fr;
    }
    ErrorPanel > Button {
        margin: 1 0 0 0;
    }
    """

    class RetryRequested(Message):
        """The person asked to try the failed call again."""

        def __init__(self, panel: ErrorPanel) -> None:
            super().__init__()
            self.panel = panel

        @property
        def control(self) -> ErrorPanel:
            """The `ErrorPanel` (for `@on` selectors)."""
            return self.panel

    def __init__(
        self,
        message: str = "",
        *,
        title: str = "Connection problem",
        retry_label: str = strings.BUTTON_RETRY,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._message = ""
        self._title = title
        self._retry_label = retry_label
        self._initial = message
        self._ready = False  # set by on_mount, once the children exist

    def compose(self) -> ComposeResult:
        """Nothing yet: the message and Retry are made by the first `show_error` (`_parts`).

        Why: every screen that calls the backend has a panel, and most never
        show it; its text and button were built, mounted and styled in every
        step transition all the same.
        """
        yield from ()

    def _parts(self) -> tuple[SafeText, Button]:
        """The message and the Retry button, made the first time they are needed."""
        if not self.query("#error-message"):
            self.mount(
                SafeText("", id="error-message"),
                Button(Content(inert(self._retry_label, single_line=True)), id="retry", variant="error"),
            )
        return self.query_one("#error-message", SafeText), self.query_one("#retry", Button)

    def on_mount(self) -> None:
        self._ready = True
        self.border_title = Content(inert(self._title, single_line=True))
        if self._initial:
            self.show_error(self._initial, focus=False)
            self._initial = ""

    @property
    def message(self) -> str:
        """The error shown (cleaned), or "" when hidden."""
        return self._message

    def show_error(self, message: str, *, title: str | None = None, focus: bool = True) -> None:
        """Show `message` (untrusted text is fine); focus Retry unless `focus=False`."""
        if title is not None:
            self._title = title
        if not self._ready:  # shown once mounted
            self._initial = message
            return
        self._message = inert(message).strip()
        self.border_title = Content(inert(self._title, single_line=True))
        text, retry = self._parts()
        text.update(f"✗ {self._message}")
        self.add_class("-shown")
        if focus:
            retry.focus()

    def clear(self) -> None:
        """Hide the panel (the retry started or succeeded)."""
        self._message = self._initial = ""
        self.remove_class("-shown")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.RetryRequested(self))
