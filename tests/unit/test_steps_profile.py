"""My Profile's step controllers with a stub backend: what each asks, validates, sends and says after.

Why: the three front ends only show these; the rules (a current password
required, a wrong one said at its field, unsubscribe only on Yes, sign-out
forgetting the session even when the server had ended it, the confirmation
naming the accounts) live in the controllers and are checked here once.
"""

from __future__ import annotations

from smarthub_tui import strings
from smarthub_tui.backend.base import InvalidCredentials, NotAuthorized
from smarthub_tui.models import AccountSummary, AuthSession
from smarthub_tui.state import ChangePasswordAnswers, PaperlessAnswers, ProfileMenuAnswers, UnsubscribeAnswers
from smarthub_tui.steps import (
    ChangePasswordStep,
    FieldProblem,
    ProfileMenuStep,
    ProfilePaperlessStep,
    SignOutStep,
    UnsubscribeStep,
    UpdatePhraseStep,
)
from tests.unit.test_steps import RecordingBackend, _wizard

AUTH = AuthSession("jane@example.com", "t", 600, False)


class Ended(RecordingBackend):
    """A server on which the session has already ended."""

    async def sign_out(self, auth):
        raise NotAuthorized(strings.SIGNED_OUT)


async def _signed_in(backend=None):
    wizard = await _wizard(backend=backend or RecordingBackend())
    wizard.state.auth = AUTH
    wizard.state.summary = AccountSummary(AUTH.user_id, ("****4567", "****9012"), None, True)
    return wizard


async def test_the_menu_refuses_an_item_the_co_op_does_not_offer() -> None:
    step = ProfileMenuStep(await _signed_in())
    assert step.validate(ProfileMenuAnswers("sign_out")) == {}
    assert step.validate(ProfileMenuAnswers("unsubscribe")) == {}
    assert step.validate(ProfileMenuAnswers("no_such_item")) == {"item": strings.PROFILE_CHOOSE}
    assert step.validate(ProfileMenuAnswers(None)) == {"item": strings.PROFILE_CHOOSE}
    assert step.from_values({"item": 3}) == ProfileMenuAnswers(None)


async def test_paperless_from_my_profile_is_never_optional_and_names_the_accounts() -> None:
    wizard = await _signed_in()
    step = ProfilePaperlessStep(wizard)
    assert step.answers() == PaperlessAnswers(None)
    assert step.validate(PaperlessAnswers(None)) == {"paperless": strings.PAPERLESS_REQUIRED}
    await step.submit(PaperlessAnswers(True))
    assert step.confirmation() == "Paperless billing is on for accounts ****4567 and ****9012."
    assert wizard.state.summary is not None and wizard.state.summary.paperless is True
    assert wizard.state.paperless == PaperlessAnswers(), "the registration's answer is not touched"


async def test_the_phrase_in_force_is_reported_and_a_new_one_checked() -> None:
    step = UpdatePhraseStep(await _signed_in())
    assert step.report(None) == [strings.PHRASE_CURRENT_NONE]
    assert step.report("TEST-PHRASE owl")[0] == strings.PHRASE_CURRENT.format(phrase="TEST-PHRASE owl")
    assert step.field("phrase").label == strings.LABEL_NEW_SECURITY_PHRASE
    assert step.field("phrase").secret


async def test_change_password_needs_the_current_one_and_says_a_wrong_one_at_its_field() -> None:
    wizard = await _signed_in()
    step = ChangePasswordStep(wizard)
    assert [field.name for field in step.fields()] == ["currentPassword", "newPassword", "confirmPassword"]
    new = "a quiet morning by the old mill"
    assert step.validate(ChangePasswordAnswers(new, new, "")) == {"currentPassword": strings.PASSWORD_REQUIRED}
    assert step.validate(ChangePasswordAnswers(new, new, "old one")) == {}
    await step.submit(ChangePasswordAnswers(new, new, "old one"))
    assert wizard.backend.requests[-1] == "old one", "sent as the current password"
    assert wizard.state.auth is not None and wizard.state.auth.token == "t2", "the new session replaces the old"
    wrong = InvalidCredentials("Your current password is not correct.", field="currentPassword")
    assert step.explain(wrong) == FieldProblem("currentPassword", "Your current password is not correct.")
    assert "old one" not in repr(ChangePasswordAnswers(new, new, "old one"))


async def test_unsubscribe_sends_only_on_yes() -> None:
    wizard = await _signed_in()
    step = UnsubscribeStep(wizard)
    assert step.validate(UnsubscribeAnswers(None)) == {"unsubscribe": strings.UNSUBSCRIBE_REQUIRED}
    await step.submit(UnsubscribeAnswers(False))
    assert "unsubscribe" not in wizard.backend.requests
    assert step.confirmation() == strings.UNSUBSCRIBE_KEPT
    await step.submit(UnsubscribeAnswers(True))
    assert wizard.backend.requests[-1] == "unsubscribe"
    assert wizard.state.auth is None
    assert step.confirmation() == strings.UNSUBSCRIBED


async def test_sign_out_forgets_the_session_even_when_the_server_had_ended_it() -> None:
    wizard = await _signed_in(Ended())
    step = SignOutStep(wizard)
    await step.submit(None)
    assert wizard.state.auth is None
    assert step.confirmation() == strings.SIGNED_OUT_DONE
