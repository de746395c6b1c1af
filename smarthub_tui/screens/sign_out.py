"""My Profile's Sign Out: one question, Enter signs out (the session ends on the server), Esc goes back."""

from __future__ import annotations

from textual.app import ComposeResult

from smarthub_tui import strings
from smarthub_tui.screens.base import StepScreen
from smarthub_tui.steps import SignOutStep
from smarthub_tui.widgets import SafeText


class SignOutScreen(StepScreen):
    """Signs out; dismisses with `Next()` once the server ended the session."""

    controller: SignOutStep
    busy_text = strings.BUSY_SIGNING_OUT

    def compose_body(self) -> ComposeResult:
        for paragraph in self.controller.intro():
            yield SafeText(paragraph, classes="intro")

    def focus_first(self) -> None:
        self.query_one("#submit").focus()
