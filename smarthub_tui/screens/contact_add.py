"""Manage contacts, the add form: one e-mail address, or one US mobile number where the co-op sends text messages.

Opened from the contact list (`contacts`) with the controller in its add
phase; Send code makes the call, which refuses at the field a malformed
address, a duplicate, one too many, or SMS where it is not enabled.  On
success it closes with `Next` and the list opens the code form; Esc closes it
with `Back`, to the list.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input

from smarthub_tui import strings
from smarthub_tui.screens.base import StepScreen
from smarthub_tui.steps.contacts import ContactsAnswers, ContactsStep


class ContactAddScreen(StepScreen):
    """The new contact's address; dismisses with `Next` once the code was sent."""

    controller: ContactsStep
    initial: ContactsAnswers
    submit_label = strings.BUTTON_SEND_CODE
    busy_text = strings.BUSY_SAVING

    def compose_body(self) -> ComposeResult:
        control = Input(self.initial.address if self.initial else "", id="address", max_length=self.max_length("address"))
        yield self.field_row("address", control)

    def collect(self) -> ContactsAnswers:
        return ContactsAnswers(address=self.query_one("#address", Input).value)
