"""Manage contacts: the list of places bill notifications go, with Add e-mail, Add mobile number, Enter code, Remove.

The sign-in e-mail heads the list (active, no Remove); each added contact
shows whether it works yet ("waiting for its code") with a one-line Enter
code button while it waits and a Remove button.  Add opens the add form
(`contact_add`), which on success opens the code form (`contact_code`, where
F3 reads the demo inbox on a demo server); Remove asks first
(`ConfirmScreen`).  Done (Enter) ends the step with `Next`, Esc with `Back`:
ordinary outcomes, so a menu can offer this step as one of its items.  The
phases and their calls are the controller's (`ContactsStep`), shared with the
line mode; a failed call offers Retry here, as on every step.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button

from smarthub_tui import strings
from smarthub_tui.flow import Back, Next, Outcome
from smarthub_tui.screens.base import StepScreen, button
from smarthub_tui.screens.confirm import ConfirmScreen
from smarthub_tui.steps.contacts import DONE, ContactsAnswers, ContactsPhase, ContactsStep
from smarthub_tui.widgets import SafeText, safe_content


def opens_a_form(widget: Button) -> Button:
    """A button that opens another screen: no pressed look, which would outlive the trip and swallow the next press.

    Textual ignores a press while the button still looks pressed (a fifth of
    a second); coming back from a form quicker than that, Enter did nothing.
    """
    widget.active_effect_duration = 0
    return widget


def row_button(label: str, action: str) -> Button:
    """A one-line button on a contact's row; its `name` is the list action it stands for."""
    return opens_a_form(Button(safe_content(label, single_line=True), name=action, compact=True, classes="contact-action"))


class ContactsScreen(StepScreen):
    """The contact list; dismisses with `Next` on Done, `Back` on Esc."""

    controller: ContactsStep
    busy_text = strings.BUSY_SAVING

    def compose_body(self) -> ComposeResult:
        for paragraph in self.controller.intro():
            yield SafeText(paragraph, classes="intro")
        yield SafeText(strings.CONTACTS_LOADING, id="contacts-heading", classes="subtitle")
        yield Vertical(id="contact-list")
        yield SafeText("", id="contacts-said", classes="note")

    def compose_buttons(self) -> Iterable[Widget]:
        yield opens_a_form(button(strings.BUTTON_ADD_EMAIL, "add-email"))
        if self.controller.sms_enabled:
            yield opens_a_form(button(strings.BUTTON_ADD_MOBILE, "add-sms"))
        yield button(self.submit_label, "submit", variant="primary")

    def focus_first(self) -> None:
        self.query_one("#add-email").focus()

    def arrived(self) -> None:
        self.query_one("#contacts-said").display = False
        self.run_call(self.controller.load, self._show, busy_text=strings.CONTACTS_LOADING, is_load=True)

    def _show(self, _result: Any = None) -> None:
        """The list as the controller last fetched it, and what the last action did."""
        controller = self.controller
        self.query_one("#contacts-heading", SafeText).update(controller.heading())
        rows = []
        for contact in controller.contacts:
            parts: list[Widget] = [SafeText(controller.row(contact), classes="contact-address")]
            if not contact.active:
                parts.append(row_button(strings.BUTTON_ENTER_CODE, f"code:{contact.id}"))
            if not contact.primary:
                parts.append(row_button(strings.BUTTON_REMOVE, f"remove:{contact.id}"))
            rows.append(Horizontal(*parts, classes="contact"))
        box = self.query_one("#contact-list", Vertical)
        if self.focused is not None and box in self.focused.ancestors:
            # The rows are made anew: the focus goes to Add e-mail, not nowhere (where Enter would end the step).
            self.query_one("#submit" if controller.full else "#add-email").focus()
        box.remove_children()
        box.mount_all(rows)
        said = self.query_one("#contacts-said", SafeText)
        said.update(controller.said)
        said.display = bool(controller.said)
        self.query_one("#add-email").disabled = controller.full
        for add_sms in self.query("#add-sms"):
            add_sms.disabled = controller.full

    def collect(self) -> ContactsAnswers:
        return ContactsAnswers(action=DONE)

    def succeeded(self, answers: Any, result: Any) -> None:
        if self.controller.finished:
            super().succeeded(answers, result)

    # -- the actions ------------------------------------------------------------------------

    @on(Button.Pressed, "#add-email")
    def _add_email(self, event: Button.Pressed) -> None:
        event.stop()
        self.act("add:email")

    @on(Button.Pressed, "#add-sms")
    def _add_sms(self, event: Button.Pressed) -> None:
        event.stop()
        self.act("add:sms")

    @on(Button.Pressed, ".contact-action")
    def _row_action(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.name:
            self.act(event.button.name)

    def act(self, action: str) -> None:
        """Open what `action` asks for: the add form, the code form, or the question before Remove."""
        if self.busy:
            return
        self.clear_errors()
        self.controller.choose(action)
        self.open_phase()

    def open_phase(self) -> None:
        """Show the form of the controller's phase (the list itself needs nothing opened)."""
        controller = self.controller
        if controller.phase is ContactsPhase.ADD:
            from smarthub_tui.screens.contact_add import ContactAddScreen

            self.app.push_screen(ContactAddScreen(controller, initial=ContactsAnswers()), self._form_closed)
        elif controller.phase is ContactsPhase.CODE:
            from smarthub_tui.screens.contact_code import ContactCodeScreen

            self.app.push_screen(ContactCodeScreen(controller, initial=ContactsAnswers()), self._form_closed)
        elif controller.phase is ContactsPhase.REMOVE:
            self.app.push_screen(ConfirmScreen(strings.CONTACT_REMOVE_TITLE, controller.remove_question), self._remove_answered)

    def _form_closed(self, outcome: Outcome | None) -> None:
        """A form closed: on to the code form after an add, back to the list otherwise; leaving goes on up."""
        if isinstance(outcome, Next):
            self._show()
            self.open_phase()
            return
        if outcome is None or isinstance(outcome, Back):
            self.controller.step_back()
            self._show()
            return
        self.dismiss(outcome)  # Cancel (F10) or a Reroute (signed out): the step ends

    def _remove_answered(self, yes: bool | None) -> None:
        if not yes:
            self.controller.step_back()
            self._show()
            return
        answers = ContactsAnswers(remove=True)
        self.run_call(lambda: self.controller.submit(answers), self._show, busy_text=self.busy_text)

    def go_back(self) -> None:
        if self.can_go_back:
            self.dismiss(Back(ContactsAnswers()))
        else:
            self.notify(strings.CANNOT_GO_BACK, markup=False)
