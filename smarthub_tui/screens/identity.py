"""Screen 4, identity verification: facts about the account that prove the person may register it.

The session says which facts it accepts (billing ZIP, mailing ZIP, last 4 of
the SSN or Tax ID) and how many must be answered; the co-op's intro says why
("to protect you against identity theft", JECEC: "answers must match account
info exactly").  The last 4 of the SSN are masked (show with F2).  Nothing is
sent yet: the answers go with the registration submit, and a mismatch brings
the person back here with the server's words.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input

from smarthub_tui import strings
from smarthub_tui.profiles import IdentityOption
from smarthub_tui.screens.base import StepScreen
from smarthub_tui.state import IdentityAnswers
from smarthub_tui.steps import IdentityStep
from smarthub_tui.widgets import SafeText, SecretInput


class IdentityScreen(StepScreen):
    """One field per identity option; dismisses with `Next(IdentityAnswers)`."""

    controller: IdentityStep
    initial: IdentityAnswers

    def compose_body(self) -> ComposeResult:
        controller = self.controller
        yield SafeText(self.profile.texts.identityIntro, classes="intro")
        session = controller.state.session
        if session is not None:
            yield SafeText(
                strings.LABEL_ACCOUNT.format(number=session.account_number_masked),
                classes="note",
                single_line=True,
            )
        yield SafeText(controller.requirement, classes="note")
        for option in controller.options:
            value = self.initial.get(option)
            length = self.max_length(option.value)
            if option is IdentityOption.SSN4:
                yield self.field_row(option.value, SecretInput(value, id=option.value, max_length=length, classes="short"))
            else:
                yield self.field_row(option.value, Input(value, id=option.value, max_length=length, restrict=r"[0-9 -]*", classes="short"))

    def collect(self) -> IdentityAnswers:
        values: dict[IdentityOption, str] = {}
        for option in self.controller.options:
            widget = self.query_one(f"#{option.value}")
            value = widget.value if isinstance(widget, (Input, SecretInput)) else ""
            if value:
                values[option] = value
        return IdentityAnswers(values)
