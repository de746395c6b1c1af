"""Manage contacts: the places bill notifications go, each added one confirmed by a code sent to it.

The PEC guide: "you will be notified your bill is available by email at the
email address used as your SmartHub username. You can create additional email
contacts or choose to get your bill notifications via SMS text message".  So
the sign-in e-mail is the first contact (always active, never removed); the
member may add e-mail addresses and, where the profile sets `smsEnabled`, US
mobile numbers; each stays pending until the code sent to it is entered here.

One step, several phases, because the member works on a list until Done:
the list (choose an action), the add form (one address), the code form, and
the remove question.  The phase lives on this controller (one per visit), so
each front end asks the current phase's `fields()` and, after a successful
submit, asks again while `finished` is False: the Textual screens push a form
per phase, the line mode loops, both through the same `validate`/`submit`.
Nothing a phase does changes the phase until its call succeeded, so a
refusal or a Retry keeps the person where they were with what they typed.
Nothing here imports Textual.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from smarthub_tui import strings
from smarthub_tui.backend.base import BackendError, InvalidToken, NotAuthorized, ValidationFailed
from smarthub_tui.durations import duration
from smarthub_tui.flow import StepId
from smarthub_tui.models import AuthSession, Contact, ContactKind, ContactList, OutboxMessage
from smarthub_tui.steps.base import Choice, Field, FieldKind, FieldProblem, FormProblem, Problem, Step, check, text_value
from smarthub_tui.steps.verify import _placeholder_value
from smarthub_tui.validation import MAX_EMAIL_LENGTH, normalize_email, normalize_us_mobile


def shown(contact: Contact) -> str:
    """A contact's address as people read it: a mobile number as ``(512) 555-0123``, an e-mail as stored."""
    address = contact.address
    if contact.kind is ContactKind.SMS and len(address) == 12 and address.startswith("+1") and address[2:].isdigit():
        return f"({address[2:5]}) {address[5:8]}-{address[8:]}"
    return address


class ContactsPhase(StrEnum):
    """Which part of managing contacts is asked now."""

    LIST = "list"
    ADD = "add"
    CODE = "code"
    REMOVE = "remove"


DONE = "done"
"""The list's action that ends the step."""


@dataclass(frozen=True)
class ContactsAnswers:
    """What the current phase collected: the list's `action`, the new `address`, the `code`, or `remove` (yes/no)."""

    action: str = ""
    address: str = ""
    code: str = field(default="", repr=False)
    remove: bool = False


class ContactsStep(Step[ContactsAnswers]):
    """The contact list and its actions: add an e-mail or a mobile number, enter its code, remove one, Done."""

    step_id = StepId.CONTACTS
    button = "contacts"
    field_names = ("action", "address", "kind", "code", "id", "remove")
    secret_fields = ("code",)

    def __init__(self, wizard: Any) -> None:
        super().__init__(wizard)
        self.phase = ContactsPhase.LIST
        self.kind = ContactKind.EMAIL
        """What the add form asks for."""
        self.target: Contact | None = None
        """The contact the code form or the remove question is about."""
        self.listed: ContactList | None = None
        self.finished = False
        """True once Done was chosen: the step is over."""
        self.said = ""
        """What the last action did ("... is confirmed"), said once on the list."""

    # -- what it asks ------------------------------------------------------------------

    @property
    def title(self) -> str:
        if self.phase is ContactsPhase.ADD:
            return strings.TITLE_ADD_MOBILE if self.kind is ContactKind.SMS else strings.TITLE_ADD_EMAIL
        if self.phase is ContactsPhase.CODE:
            return strings.TITLE_CONTACT_CODE
        return self.profile.texts.contactsTitle

    @property
    def sms_enabled(self) -> bool:
        """Whether mobile numbers may be added (the server's list says so; before it came, the profile)."""
        return self.listed.sms_enabled if self.listed is not None else self.profile.smsEnabled

    def intro(self) -> list[str]:
        if self.phase is ContactsPhase.LIST:
            texts = self.profile.texts
            return [texts.contactsIntro, texts.contactsSmsIntro] if self.sms_enabled else [texts.contactsIntro]
        return []  # the code form's note says where the code went

    def fields(self) -> tuple[Field, ...]:
        if self.phase is ContactsPhase.ADD:
            if self.kind is ContactKind.SMS:
                return (Field("address", strings.LABEL_CONTACT_MOBILE, max_length=40, note=strings.NOTE_CONTACT_MOBILE),)
            return (Field("address", strings.LABEL_CONTACT_EMAIL, max_length=MAX_EMAIL_LENGTH, note=strings.NOTE_CONTACT_EMAIL),)
        if self.phase is ContactsPhase.CODE:
            return (Field("code", strings.LABEL_CONTACT_CODE, max_length=64, note=self.code_note),)
        if self.phase is ContactsPhase.REMOVE:
            return (Field("remove", self.remove_question, FieldKind.CHECKBOX),)
        return (Field("action", strings.LABEL_CONTACT_ACTION, FieldKind.CHOICE, choices=self.actions()),)

    @property
    def code_note(self) -> str:
        """Where the code went and how long it works."""
        address = shown(self.target) if self.target is not None else ""
        return strings.NOTE_CONTACT_CODE.format(address=address, duration=duration(self.profile.verificationLinkMinutes))

    @property
    def remove_question(self) -> str:
        """The question before a contact is removed."""
        return strings.CONTACT_REMOVE_QUESTION.format(address=shown(self.target) if self.target else "")

    @property
    def contacts(self) -> tuple[Contact, ...]:
        """The contacts as last listed (none before the list came)."""
        return self.listed.contacts if self.listed is not None else ()

    @property
    def full(self) -> bool:
        """True when no contact can be added (the server has the last word)."""
        return self.listed is not None and len(self.listed.contacts) >= self.listed.maximum

    def actions(self) -> tuple[Choice, ...]:
        """What can be done from the list, as choices: add, a code per pending contact, remove per added one, Done."""
        choices = [Choice("add:email", strings.CONTACT_CHOICE_ADD_EMAIL)]
        if self.sms_enabled:
            choices.append(Choice("add:sms", strings.CONTACT_CHOICE_ADD_MOBILE))
        for contact in self.contacts:
            if not contact.active:
                choices.append(Choice(f"code:{contact.id}", strings.CONTACT_CHOICE_CODE.format(address=shown(contact))))
        for contact in self.contacts:
            if not contact.primary:
                choices.append(Choice(f"remove:{contact.id}", strings.CONTACT_CHOICE_REMOVE.format(address=shown(contact))))
        choices.append(Choice(DONE, strings.CONTACT_CHOICE_DONE))
        return tuple(choices)

    def row(self, contact: Contact) -> str:
        """One contact as a line: the address and whether it works yet."""
        status = strings.CONTACT_ACTIVE if contact.active else strings.CONTACT_PENDING
        template = strings.CONTACT_ROW_PRIMARY if contact.primary else strings.CONTACT_ROW
        return template.format(address=shown(contact), status=status)

    def heading(self) -> str:
        """"Your contacts (2 of at most 5):"."""
        maximum = self.listed.maximum if self.listed is not None else self.profile.maximumContacts
        return strings.CONTACTS_HEADING.format(count=len(self.contacts), maximum=maximum)

    def report(self, loaded: Any) -> list[str]:
        """The list as lines (the line mode says them before the actions)."""
        return [self.heading(), *(f"  {self.row(contact)}" for contact in self.contacts)]

    # -- answers -----------------------------------------------------------------------

    def values(self, answers: ContactsAnswers) -> dict[str, Any]:
        return {"action": answers.action, "address": answers.address, "code": answers.code, "remove": answers.remove}

    def from_values(self, values: Mapping[str, Any]) -> ContactsAnswers:
        remove = values.get("remove")
        action = values.get("action")
        return ContactsAnswers(
            action=action if isinstance(action, str) else "",
            address=text_value(values, "address"),
            code=text_value(values, "code"),
            remove=remove is True,
        )

    def validate(self, answers: ContactsAnswers) -> dict[str, str]:
        reasons: dict[str, str] = {}
        if self.phase is ContactsPhase.LIST:
            if answers.action not in {choice.value for choice in self.actions()}:
                reasons["action"] = strings.CONTACT_CHOOSE
        elif self.phase is ContactsPhase.ADD:
            normalize = normalize_us_mobile if self.kind is ContactKind.SMS else normalize_email
            check(reasons, "address", lambda: normalize(answers.address))
        elif self.phase is ContactsPhase.CODE and not answers.code.strip():
            reasons["code"] = strings.CONTACT_CODE_REQUIRED
        return reasons

    # -- moving between phases -----------------------------------------------------------

    def choose(self, action: str) -> None:
        """Act on a choice from the list: open the add form, the code form or the remove question, or finish."""
        self.said = ""
        if action == DONE:
            self.finished = True
            return
        verb, _, rest = action.partition(":")
        if verb == "add":
            self.kind = ContactKind(rest)
            self.target = None
            self.phase = ContactsPhase.ADD
            return
        contact = next((c for c in self.contacts if str(c.id) == rest), None)
        if contact is None:
            raise ValueError(f"no contact {rest!r} on the list")  # validate() refuses this first
        self.target = contact
        self.phase = ContactsPhase.CODE if verb == "code" else ContactsPhase.REMOVE

    def step_back(self) -> bool:
        """Back from a form to the list; False on the list itself (Back then leaves the step)."""
        if self.phase is ContactsPhase.LIST:
            return False
        self.phase = ContactsPhase.LIST
        self.target = None
        self.said = ""
        return True

    # -- calls -------------------------------------------------------------------------

    @property
    def auth(self) -> AuthSession:
        """The member's session (contacts are for a signed-in member only)."""
        auth = self.state.auth
        if auth is None:
            raise NotAuthorized(strings.SIGNED_OUT)
        return auth

    async def load(self) -> ContactList:
        """Fetch the list (on arrival, and after each change)."""
        self.listed = await self.backend.list_contacts(self.auth)
        return self.listed

    async def send(self, answers: ContactsAnswers) -> None:
        """The current phase's call; the phase moves on only once it succeeded."""
        if self.phase is ContactsPhase.LIST:
            self.choose(answers.action)
        elif self.phase is ContactsPhase.ADD:
            self.target = await self.backend.add_contact(self.auth, self.kind, answers.address.strip())
            self.phase = ContactsPhase.CODE
            self.said = strings.CONTACT_CODE_SENT.format(address=shown(self.target))
            await self._reload()
        elif self.phase is ContactsPhase.CODE:
            target = self._target()
            try:
                confirmed = await self.backend.confirm_contact(self.auth, target.id, answers.code.strip())
            except InvalidToken as refusal:
                # A Retry after a lost answer sends a code the first try used up: if the contact
                # is active now, that first try worked, and saying "not valid" would be wrong.
                confirmed = await self._now(target, refusal, active=True)
            self.phase = ContactsPhase.LIST
            self.target = None
            self.said = strings.CONTACT_CONFIRMED.format(address=shown(confirmed))
            await self._reload()
        else:
            target = self._target()
            if answers.remove:
                try:
                    self.listed = await self.backend.remove_contact(self.auth, target.id)
                except BackendError as refusal:
                    if refusal.code != "not_found":
                        raise
                    await self._now(target, refusal, active=None)  # gone already (a Retry after a lost answer): removed
                self.said = strings.CONTACT_REMOVED.format(address=shown(target))
            else:
                self.said = strings.CONTACT_KEPT.format(address=shown(target))
            self.phase = ContactsPhase.LIST
            self.target = None

    async def _reload(self) -> None:
        """The list again after a change; if only the reload fails, the change stands and the list shows as it was."""
        try:
            await self.load()
        except BackendError:
            pass

    async def _now(self, target: Contact, refusal: BackendError, *, active: bool | None) -> Contact:
        """After a `refusal` that a lost earlier answer may explain: the list again, and `target` as it is now.

        `active=True`: returns the contact if it is active now; `None`: returns
        `target` if it is gone now.  Otherwise the refusal stands (raised again).
        """
        try:
            await self.load()
        except BackendError:
            raise refusal from None
        now = next((c for c in self.contacts if c.id == target.id), None)
        if active is None and now is None:
            return target
        if active and now is not None and now.active:
            return now
        raise refusal

    def _target(self) -> Contact:
        if self.target is None:
            raise ValueError("no contact chosen")
        return self.target

    def explain(self, error: BackendError) -> Problem:
        if isinstance(error, InvalidToken):
            return FieldProblem("code", error.message)
        if isinstance(error, ValidationFailed) and error.field in {"address", "kind"}:
            return FieldProblem("address", error.message)
        if isinstance(error, ValidationFailed) and error.field == "id":
            return FormProblem(error.message)
        if isinstance(error, BackendError) and error.code == "not_found":
            return FormProblem(error.message)
        return super().explain(error)

    # -- the demo inbox (as on the Verify step) ----------------------------------------------

    @property
    def email(self) -> str:
        """Where the demo inbox looks: the contact waiting for its code (an e-mail address or a mobile number)."""
        return self.target.address if self.target is not None else ""

    async def outbox(self) -> list[OutboxMessage]:
        """The messages the demo server sent to the contact waiting for its code."""
        return await self.backend.demo_outbox(self.email)

    def code_in(self, message: OutboxMessage) -> str | None:
        """The code in a demo message, read by the profile's template (e-mail or text message)."""
        texts = self.profile.texts
        template = texts.contactCodeSms if self.target and self.target.kind is ContactKind.SMS else texts.contactCodeEmailBody
        code = _placeholder_value(template, "code", message.body)
        return code.rstrip(".,") if code else None

    def newest_code(self, messages: list[OutboxMessage]) -> str | None:
        """The code in the newest message that holds one (`outbox()` lists the newest first)."""
        return next((code for code in map(self.code_in, messages) if code), None)
