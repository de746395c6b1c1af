"""The terms: the text, "I accept", and the submit that creates the registration (hint and terms)."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Mapping
from typing import Any

from smarthub_tui import strings
from smarthub_tui.backend.base import (
    AlreadyRegistered,
    BackendError,
    CaptchaFailed,
    ConnectionProblem,
    IdentityMismatch,
    PasswordPolicyFailed,
    SessionExpired,
    ValidationFailed,
)
from smarthub_tui.flow import Reroute, StepId
from smarthub_tui.models import RegistrationRequest
from smarthub_tui.state import TermsAnswers
from smarthub_tui.steps.base import Field, FieldKind, Problem, Step
from smarthub_tui.steps.hint import HintStep


class TermsStep(Step[TermsAnswers]):
    """The terms, "I accept", and the submit that creates the registration (hint and terms; the rest passed its own step)."""

    step_id = StepId.TERMS
    button = "terms"
    field_names = ("termsAccepted",)
    kept_in = "terms"

    @property
    def title(self) -> str:
        return self.profile.terms.title

    def intro(self) -> list[str]:
        return [self.profile.terms.text.strip()]

    def fields(self) -> tuple[Field, ...]:
        return (Field("termsAccepted", self.profile.texts.termsAccept, FieldKind.CHECKBOX),)

    def values(self, answers: TermsAnswers) -> dict[str, Any]:
        return {"termsAccepted": answers.accepted}

    def from_values(self, values: Mapping[str, Any]) -> TermsAnswers:
        return TermsAnswers(accepted=values.get("termsAccepted") is True)

    def refused(self, error: BackendError) -> None:
        if isinstance(error, CaptchaFailed):
            self.state.void_captcha()  # the server wants a fresh pass: the CAPTCHA step fetches a new challenge
        super().refused(error)

    def validate(self, answers: TermsAnswers) -> dict[str, str]:
        return {} if answers.accepted else {"termsAccepted": strings.TERMS_REQUIRED}

    def request(self) -> RegistrationRequest:
        """The registration request from the state, with an idempotency key.

        The key is made once per distinct request and kept until a definite
        answer comes back, so a Retry (or a second Submit) after a lost answer
        resends the same key and the server cannot register twice.
        """
        state = self.state
        if state.session is None:
            raise SessionExpired(strings.SESSION_EXPIRED)
        hint_question = hint_answer = None
        if self.profile.asks_hint_question and state.hint.question:
            hint_question, hint_answer = state.hint.question, state.hint.answer.strip()
        body = {
            "registrationId": state.session.registration_id,
            "termsAccepted": state.terms.accepted,
            "termsVersion": self.profile.terms.version,
            "hintQuestion": hint_question,
            "hintAnswer": hint_answer,
        }
        fingerprint = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
        if state.pending_submit is None or state.pending_submit[0] != fingerprint:
            state.pending_submit = (fingerprint, secrets.token_urlsafe(24))
        return RegistrationRequest(
            registration_id=state.session.registration_id,
            terms_accepted=state.terms.accepted,
            terms_version=self.profile.terms.version,
            hint_question=hint_question,
            hint_answer=hint_answer,
            idempotency_key=state.pending_submit[1],
        )

    async def send(self, answers: TermsAnswers) -> None:
        request = self.request()
        try:
            receipt = await self.backend.complete_registration(request)
        except ConnectionProblem:
            raise  # the key stays pending: the retry must resend it
        except BackendError:
            self.state.pending_submit = None
            raise
        self.state.pending_submit = None
        self.state.receipt = receipt

    def explain(self, error: BackendError) -> Problem:
        if isinstance(error, IdentityMismatch):
            return Reroute(StepId.IDENTITY, error.message)  # not passed in this session (a restarted server)
        if isinstance(error, CaptchaFailed):
            return Reroute(StepId.CAPTCHA, error.message, "captchaAnswer")
        if isinstance(error, AlreadyRegistered):
            return Reroute(StepId.ALREADY_REGISTERED, self.profile.texts.alreadyRegistered, "email")
        if isinstance(error, ValidationFailed) and not isinstance(error, PasswordPolicyFailed):
            field = error.field or ""
            if field in HintStep.field_names and self.profile.asks_hint_question:
                return Reroute(StepId.HINT, error.message, field)
        return super().explain(error)
