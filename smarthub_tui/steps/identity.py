"""Verify your identity: facts about the account (billing or mailing ZIP, last 4 of SSN)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any

from smarthub_tui import strings
from smarthub_tui.backend.base import BackendError, CaptchaFailed, IdentityMismatch, SessionExpired, ValidationFailed
from smarthub_tui.flow import Reroute, StepId
from smarthub_tui.profile_data import IdentityOption
from smarthub_tui.state import IdentityAnswers
from smarthub_tui.steps.base import FORM, Field, FormProblem, Problem, Step, check, text_value
from smarthub_tui.validation import normalize_ssn4, normalize_zip


class IdentityStep(Step[IdentityAnswers]):
    """Facts about the account (billing or mailing ZIP, last 4 of SSN): how many are needed and which."""

    step_id = StepId.IDENTITY
    button = "identity"
    field_names = tuple(option.value for option in IdentityOption)
    kept_in = "identity"
    secret_fields = (IdentityOption.SSN4.value,)

    @property
    def options(self) -> tuple[IdentityOption, ...]:
        """The facts this session asks for, in the order shown."""
        session = self.state.session
        return session.identity_options if session else tuple(self.profile.identityOptions)

    @property
    def required(self) -> int:
        """How many of `options` must be answered."""
        session = self.state.session
        return session.identity_answers_required if session else self.profile.identityAnswersRequired

    @property
    def ssn_required(self) -> bool:
        """True when the last 4 of the SSN must be among the answers."""
        session = self.state.session
        return session.ssn_required if session else self.profile.ssnRequired

    def label(self, option: IdentityOption) -> str:
        """The co-op's label for `option`."""
        texts = self.profile.texts
        return {
            IdentityOption.BILLING_ZIP: texts.billingZipLabel,
            IdentityOption.MAILING_ZIP: texts.mailingZipLabel,
            IdentityOption.SSN4: texts.ssn4Label,
        }[option]

    @property
    def requirement(self) -> str:
        """How many to answer, in words true for the fields shown.

        A session offers only the facts on file for the account, so there may
        be fewer fields than the profile lists (one field is never "all of
        these"); the same words also stand at the first empty field when too
        few were answered.
        """
        shown = len(self.options)
        needed = min(self.required, shown)
        if shown <= 1:
            return strings.LABEL_IDENTITY_REQUIRED_SINGLE
        if self.ssn_required and needed <= 1:
            return strings.LABEL_IDENTITY_SSN_REQUIRED
        if needed >= shown:
            return strings.LABEL_IDENTITY_REQUIRED_BOTH if shown == 2 else strings.LABEL_IDENTITY_REQUIRED_ALL
        if needed <= 1:
            return strings.LABEL_IDENTITY_REQUIRED_EITHER if shown == 2 else strings.LABEL_IDENTITY_REQUIRED_ONE
        if self.ssn_required:
            return strings.LABEL_IDENTITY_REQUIRED_SOME_WITH_SSN.format(count=needed)
        return strings.LABEL_IDENTITY_REQUIRED_SOME.format(count=needed)

    @property
    def title(self) -> str:
        return strings.TITLE_IDENTITY

    def intro(self) -> list[str]:
        lines = [self.profile.texts.identityIntro]
        session = self.state.session
        if session is not None:
            lines.append(strings.LABEL_ACCOUNT.format(number=session.account_number_masked))
        lines.append(self.requirement)
        return lines

    def fields(self) -> tuple[Field, ...]:
        return tuple(
            Field(option.value, self.label(option), secret=True, max_length=4, note=strings.LABEL_SSN_NOTE, optional=True)
            if option is IdentityOption.SSN4
            else Field(option.value, self.label(option), max_length=10, optional=True)
            for option in self.options
        )

    def values(self, answers: IdentityAnswers) -> dict[str, Any]:
        return {option.value: value for option, value in answers.values.items()}

    def from_values(self, values: Mapping[str, Any]) -> IdentityAnswers:
        return IdentityAnswers({option: text_value(values, option.value) for option in IdentityOption if values.get(option.value)})

    def validate(self, answers: IdentityAnswers) -> dict[str, str]:
        reasons: dict[str, str] = {}
        answered = 0
        for option in self.options:
            value = answers.get(option).strip()
            if not value:
                continue
            normalizer = normalize_ssn4 if option is IdentityOption.SSN4 else normalize_zip
            before = len(reasons)
            check(reasons, option.value, partial(normalizer, value))
            answered += len(reasons) == before
        if self.ssn_required and not answers.get(IdentityOption.SSN4).strip():
            reasons.setdefault(IdentityOption.SSN4.value, strings.LABEL_IDENTITY_SSN_REQUIRED)
        if not reasons and answered < self.required:
            first_empty = next((o.value for o in self.options if not answers.get(o).strip()), FORM)
            reasons[first_empty] = self.requirement
        return reasons

    async def send(self, answers: IdentityAnswers) -> None:
        """Have the answers checked now; before the CAPTCHA is passed the server holds its verdict."""
        session = self.state.session
        if session is None:
            raise SessionExpired(strings.SESSION_EXPIRED)
        verified = await self.backend.check_identity(session.registration_id, self.normalized())
        if not verified and (self.state.captcha_passed or self.profile.captchaFirst):
            # The server holds the verdict: it has not seen this session pass its CAPTCHA
            # (an answer lost on the way, a server that lost its state).  Pass it now.
            self.state.void_captcha()
            raise CaptchaFailed(strings.CAPTCHA_NEEDED_FIRST, field="captchaAnswer")

    def explain(self, error: BackendError) -> Problem:
        if isinstance(error, CaptchaFailed):
            return Reroute(StepId.CAPTCHA, error.message, "captchaAnswer")
        if isinstance(error, IdentityMismatch):
            return FormProblem(error.message)
        if isinstance(error, ValidationFailed) and error.field and error.field.startswith("identity"):
            return FormProblem(error.message)
        return super().explain(error)

    def normalized(self) -> dict[IdentityOption, str]:
        """The answers given, normalized as the server compares them (empty ones left out)."""
        result = {}
        for option in self.options:
            value = self.state.identity.get(option).strip()
            if value:
                result[option] = normalize_ssn4(value) if option is IdentityOption.SSN4 else normalize_zip(value)
        return result
