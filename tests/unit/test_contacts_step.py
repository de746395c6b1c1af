"""The contacts step's controller with a stub backend: its phases, what moves them, and what a refusal means."""

from __future__ import annotations

import pytest

from smarthub_tui.backend.base import Backend, BackendTimeout, InvalidToken, ValidationFailed
from smarthub_tui.models import AuthSession, Contact, ContactKind, ContactList, Settings
from smarthub_tui.profiles import load_profile
from smarthub_tui.state import RegistrationState
from smarthub_tui.steps import FieldKind, FieldProblem, RetryProblem, Wizard
from smarthub_tui.steps.contacts import DONE, ContactsAnswers, ContactsPhase, ContactsStep

PRIMARY = Contact(0, ContactKind.EMAIL, "jane@example.com", active=True, primary=True)


class StubBackend(Backend):
    """Answers the contacts calls from a list; `fail` makes the next call raise."""

    def __init__(self, sms: bool = True) -> None:
        self.contacts = [PRIMARY]
        self.sms = sms
        self.fail: Exception | None = None

    def _maybe_fail(self) -> None:
        if self.fail is not None:
            error, self.fail = self.fail, None
            raise error

    async def list_contacts(self, auth):
        self._maybe_fail()
        return ContactList(tuple(self.contacts), 5, self.sms)

    async def add_contact(self, auth, kind, address):
        self._maybe_fail()
        contact = Contact(len(self.contacts), kind, "+15125550123" if kind is ContactKind.SMS else address, active=False)
        self.contacts.append(contact)
        return contact

    async def confirm_contact(self, auth, contact_id, code):
        self._maybe_fail()
        done = Contact(contact_id, self.contacts[contact_id].kind, self.contacts[contact_id].address, active=True)
        self.contacts[contact_id] = done
        return done

    async def remove_contact(self, auth, contact_id):
        self._maybe_fail()
        self.contacts = [c for c in self.contacts if c.id != contact_id]
        return ContactList(tuple(self.contacts), 5, self.sms)

    # The registration calls are not used here.
    get_settings = lookup_account = new_captcha = check_identity = answer_captcha = None  # type: ignore[assignment]
    complete_registration = verify_account = login = change_password = set_paperless = None  # type: ignore[assignment]
    set_security_phrase = account_summary = demo_outbox = aclose = None  # type: ignore[assignment]


StubBackend.__abstractmethods__ = frozenset()


@pytest.fixture
def step() -> ContactsStep:
    backend = StubBackend()
    state = RegistrationState(settings=Settings(profile=load_profile("default"), demo=True))
    state.auth = AuthSession("jane@example.com", "token", 1800, False)
    wizard = Wizard(lambda: backend, state=state)
    wizard._backend = backend
    return ContactsStep(wizard)


async def test_the_list_offers_add_a_code_per_pending_contact_remove_per_added_one_and_done(step):
    await step.load()
    assert [c.value for c in step.actions()] == ["add:email", "add:sms", DONE]
    (field,) = step.fields()
    assert field.name == "action" and field.kind is FieldKind.CHOICE
    await step.submit(ContactsAnswers(action="add:sms"))
    assert step.phase is ContactsPhase.ADD and step.fields()[0].name == "address"
    await step.submit(ContactsAnswers(address="(512) 555-0123"))
    assert step.phase is ContactsPhase.CODE
    assert [c.value for c in step.actions()] == ["add:email", "add:sms", "code:1", "remove:1", DONE]
    assert step.actions()[2].label == "Enter the code sent to (512) 555-0123"


async def test_no_mobile_number_where_sms_is_not_enabled(step):
    step.backend.sms = False
    await step.load()
    assert "add:sms" not in [c.value for c in step.actions()]


async def test_a_refused_or_failed_call_leaves_the_phase_as_it_was(step):
    await step.load()
    await step.submit(ContactsAnswers(action="add:email"))
    step.backend.fail = ValidationFailed("That contact is on your list already.", code="contact_exists", field="address")
    with pytest.raises(ValidationFailed) as refused:
        await step.submit(ContactsAnswers(address="jane@example.com"))
    assert step.phase is ContactsPhase.ADD
    assert step.explain(refused.value) == FieldProblem("address", "That contact is on your list already.")
    step.backend.fail = BackendTimeout("The server did not answer in time.", uncertain=True)
    with pytest.raises(BackendTimeout) as lost:
        await step.submit(ContactsAnswers(address="work@example.org"))
    assert step.phase is ContactsPhase.ADD
    assert isinstance(step.explain(lost.value), RetryProblem)
    await step.submit(ContactsAnswers(address="work@example.org"))
    assert step.phase is ContactsPhase.CODE
    step.backend.fail = InvalidToken("This code is not valid.", field="code")
    with pytest.raises(InvalidToken) as wrong:
        await step.submit(ContactsAnswers(code="000000"))
    assert step.phase is ContactsPhase.CODE
    assert step.explain(wrong.value) == FieldProblem("code", "This code is not valid.")


def test_the_forms_refuse_malformed_input_before_any_call(step):
    step.choose("add:sms")
    assert "address" in step.validate(ContactsAnswers(address="555-0123"))
    assert step.validate(ContactsAnswers(address="+1 512 555 0123")) == {}
    assert step.step_back()
    step.choose("add:email")
    assert "address" in step.validate(ContactsAnswers(address="not an address"))


async def test_code_then_back_to_the_list_then_remove_then_done(step):
    await step.load()
    step.choose("add:email")
    await step.submit(ContactsAnswers(address="work@example.org"))
    assert step.step_back() and step.phase is ContactsPhase.LIST
    assert not step.step_back()  # on the list, Back leaves the step
    await step.submit(ContactsAnswers(action="code:1"))
    await step.submit(ContactsAnswers(code="123456"))
    assert step.phase is ContactsPhase.LIST and "is confirmed" in step.said
    await step.submit(ContactsAnswers(action="remove:1"))
    assert step.phase is ContactsPhase.REMOVE and step.fields()[0].kind is FieldKind.CHECKBOX
    await step.submit(ContactsAnswers(remove=True))
    assert [c.id for c in step.contacts] == [0] and "was removed" in step.said
    assert "remove:0" not in [c.value for c in step.actions()]
    await step.submit(ContactsAnswers(action=DONE))
    assert step.finished
