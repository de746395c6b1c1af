"""Screen 8, congratulations: the registration is done; what e-mail to expect and what to do with it.

The co-op's words first ("Congratulations! Your registration is complete..."),
then the particulars from the server's receipt: the address it went to, the
sender to look for (`receipt.sender_email`, e.g. pec-no-reply@smarthub.coop),
what it holds (a Verify Account code or a temporary password), how long it
works, and the spam folder.  There is no going back from here: the
registration exists.
"""

from __future__ import annotations

from textual.app import ComposeResult

from smarthub_tui.screens.base import StepScreen
from smarthub_tui.steps import CongratulationsStep
from smarthub_tui.widgets import SafeText


class CongratulationsScreen(StepScreen):
    """What happened and what comes next; Enter continues to the verification step."""

    controller: CongratulationsStep

    def compose_body(self) -> ComposeResult:
        yield SafeText(self.profile.texts.congratulationsText, classes="intro")
        for line in self.controller.lines():
            yield SafeText(line, classes="note")

    def focus_first(self) -> None:
        self.query_one("#submit").focus()
