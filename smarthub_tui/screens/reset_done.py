"""Forgot Password, done: the new password is set and every other session ended; Login returns to the welcome screen.

As PEC's guide says of its own screens, the e-mail address "should be
waiting" at the login: the runner keeps it for the welcome screen.
"""

from __future__ import annotations

from textual.app import ComposeResult

from smarthub_tui.screens.base import StepScreen
from smarthub_tui.steps import ResetDoneStep
from smarthub_tui.widgets import SafeText


class ResetDoneScreen(StepScreen):
    """What happened; Enter (Login) goes to the welcome screen with the e-mail filled in."""

    controller: ResetDoneStep

    def compose_body(self) -> ComposeResult:
        for paragraph in self.controller.intro():
            yield SafeText(paragraph, classes="intro")

    def focus_first(self) -> None:
        self.query_one("#submit").focus()
