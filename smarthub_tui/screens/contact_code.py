"""Manage contacts, the code form: the code sent to the new contact (by e-mail, or by text message).

Opened by the contact list once a contact was added, or from its Enter code
button.  A wrong, used or expired code is refused at the field and counts
toward lockout, as any secret does.  On a demo backend F3 opens the demo
inbox on the contact's address (a phone number's text messages too) and
takes the code from the newest message, as on the Verify step.  Confirm
closes it with `Next`; Esc with `Back`, to the list (the contact stays
pending, its code still working until it expires).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from smarthub_tui import strings
from smarthub_tui.screens.inbox import CodeFromInboxScreen
from smarthub_tui.steps.contacts import ContactsAnswers, ContactsStep
from smarthub_tui.widgets import SafeText


class ContactCodeScreen(CodeFromInboxScreen):
    """The contact's code; dismisses with `Next` once confirmed."""

    BINDINGS = [Binding("f3", "inbox", strings.KEY_INBOX)]

    controller: ContactsStep
    initial: ContactsAnswers
    submit_label = strings.BUTTON_CONFIRM
    busy_text = strings.BUSY_CHECKING

    def compose_body(self) -> ComposeResult:
        yield self.field_row("code", Input(self.initial.code if self.initial else "", id="code", max_length=self.max_length("code")))
        if self.controller.demo:
            yield SafeText(strings.CONTACT_CODE_DEMO_HINT, classes="note")

    def collect(self) -> ContactsAnswers:
        return ContactsAnswers(code=self.query_one("#code", Input).value)

