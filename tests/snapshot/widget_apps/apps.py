"""Small apps that show each widget in the states worth a snapshot, at 80x24.

Loaded by file path from tests/snapshot/test_widget_snapshots.py, so they need
no package.  No secret appears in any of them: password fields are filled
with a made-up value and shown masked only.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label

from smarthub_tui.profiles import load_profile
from smarthub_tui.widgets import (
    BusyIndicator,
    CaptchaImage,
    ErrorPanel,
    FieldError,
    PasswordChecklist,
    ProofOfWorkCheckbox,
    SafeText,
    SecretInput,
    StepHeader,
)

CAPTCHA_PNG = (Path(__file__).with_name("captcha.png")).read_bytes()
HOSTILE = [
    "[@click=app.quit]x",
    "[bold]x[/bold]",
    "before\x1b]52;c;SGVsbG8=\x07after",
    "\x1b[2Jcleared?",
]


class WidgetApp(App[None]):
    """A plain stack of widgets under a StepHeader; no cursor blink, no animation (stable snapshots)."""

    CSS = """
    Screen { layout: vertical; }
    #body { padding: 1 2; height: 1fr; }
    Label { margin-top: 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.animation_level = "none"

    def compose(self) -> ComposeResult:
        yield StepHeader("PEC", self.TITLE or "", 4, 9)
        with Vertical(id="body"):
            yield from self.compose_body()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        for field in self.query(Input):
            field.cursor_blink = False


class HostileTextApp(WidgetApp):
    """Untrusted co-op name, title and texts: shown as typed, minus escape sequences."""

    def compose(self) -> ComposeResult:
        yield StepHeader(HOSTILE[0], HOSTILE[1] + HOSTILE[2], 2, 9)
        with Vertical(id="body"):
            for text in HOSTILE:
                yield SafeText(text)
            yield FieldError(HOSTILE[0] + HOSTILE[3])


class SecretInputApp(WidgetApp):
    """A masked password with the Show button, and the reason it was rejected."""

    TITLE = "Set your password"

    def compose_body(self) -> ComposeResult:
        yield Label("New password")
        yield SecretInput("Example-Passw0rd", id="password")
        yield FieldError("The password does not meet this rule: a number.")
        yield Label("Confirm the new password")
        yield SecretInput(id="confirm", placeholder="Type it again")


class ChecklistApp(WidgetApp):
    """PEC's legacy rules, some met and some not, and a confirmation that does not match yet."""

    TITLE = "Set your password"

    def compose_body(self) -> ComposeResult:
        yield PasswordChecklist(load_profile("pec").passwordPolicy)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(PasswordChecklist).update_for("abcdef1", "abc")


class CaptchaColourApp(WidgetApp):
    """The CAPTCHA picture in colour."""

    TITLE = "Type the text"

    def compose_body(self) -> ComposeResult:
        yield SafeText("Type the characters you see in the picture.")
        yield CaptchaImage(CAPTCHA_PNG, monochrome=False)


class CaptchaMonochromeApp(WidgetApp):
    """The same picture as a terminal without colour shows it."""

    TITLE = "Type the text"

    def compose_body(self) -> ComposeResult:
        yield SafeText("Type the characters you see in the picture.")
        yield CaptchaImage(CAPTCHA_PNG, monochrome=True)


class CaptchaUnreadableApp(WidgetApp):
    """Garbage instead of a PNG: a sentence, not a crash."""

    TITLE = "Type the text"

    def compose_body(self) -> ComposeResult:
        yield SafeText("Type the characters you see in the picture.")
        yield CaptchaImage(b"\x89PNG\r\n\x1a\n not really")


class CheckboxApp(WidgetApp):
    """"I'm not a robot" after the search: unticked (found in the background), or ticked."""

    TITLE = "Are you a person?"

    def compose_body(self) -> ComposeResult:
        yield ProofOfWorkCheckbox("I'm not a robot", "snapshot-challenge", 8, id="robot")


class BusyAndErrorApp(WidgetApp):
    """A call in progress, and the panel shown when the previous one failed."""

    TITLE = "Find your account"

    def compose_body(self) -> ComposeResult:
        yield BusyIndicator()
        yield ErrorPanel()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(BusyIndicator).start("Looking up your account…")
        self.query_one(ErrorPanel).show_error("Could not reach the co-op's server. Check the network cable, then retry.")
