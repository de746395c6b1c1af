"""The registration form: account number, name on the account, e-mail (and its confirmation)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from smarthub_tui import strings
from smarthub_tui.backend.base import AccountNotFound, AlreadyRegistered, BackendError, RegistrationNotAllowed
from smarthub_tui.flow import Reroute, StepId
from smarthub_tui.models import AccountLookup
from smarthub_tui.state import AccountAnswers
from smarthub_tui.steps.base import Field, FormProblem, Problem, Step, check, text_value
from smarthub_tui.validation import emails_match, normalize_account_number, normalize_email, normalize_name


class RegisterStep(Step[AccountAnswers]):
    """Opens a registration session once the account is found; "already registered" is a side trip."""

    step_id = StepId.REGISTER
    button = "registration"
    field_names = ("accountNumber", "lastNameOrBusiness", "email", "confirmEmail")
    kept_in = "account"

    @property
    def title(self) -> str:
        return self.profile.texts.registrationTitle

    def intro(self) -> list[str]:
        return [self.profile.texts.registrationIntro]

    def fields(self) -> tuple[Field, ...]:
        texts = self.profile.texts
        fields = [
            Field("accountNumber", texts.accountNumberLabel, max_length=40),
            Field("lastNameOrBusiness", texts.lastNameLabel, max_length=100),
            Field("email", texts.emailLabel, max_length=254),
        ]
        if self.profile.confirmEmail:
            fields.append(Field("confirmEmail", texts.confirmEmailLabel, max_length=254, confirms="email"))
        return tuple(fields)

    def values(self, answers: AccountAnswers) -> dict[str, Any]:
        return {
            "accountNumber": answers.account_number,
            "lastNameOrBusiness": answers.last_name,
            "email": answers.email,
            "confirmEmail": answers.confirm_email,
        }

    def from_values(self, values: Mapping[str, Any]) -> AccountAnswers:
        return AccountAnswers(
            account_number=text_value(values, "accountNumber"),
            last_name=text_value(values, "lastNameOrBusiness"),
            email=text_value(values, "email"),
            confirm_email=text_value(values, "confirmEmail"),
        )

    def validate(self, answers: AccountAnswers) -> dict[str, str]:
        reasons: dict[str, str] = {}
        check(reasons, "accountNumber", lambda: normalize_account_number(answers.account_number))
        check(reasons, "lastNameOrBusiness", lambda: normalize_name(answers.last_name))
        check(reasons, "email", lambda: normalize_email(answers.email))
        if self.profile.confirmEmail and "email" not in reasons:
            if not answers.confirm_email.strip():
                reasons["confirmEmail"] = strings.EMPTY_FIELD
            elif not emails_match(answers.email, answers.confirm_email):
                reasons["confirmEmail"] = strings.EMAIL_MISMATCH
        return reasons

    async def send(self, answers: AccountAnswers) -> None:
        lookup = AccountLookup(
            account_number=normalize_account_number(answers.account_number),
            last_name_or_business=normalize_name(answers.last_name),
            email=normalize_email(answers.email),
            confirm_email=normalize_email(answers.confirm_email) if self.profile.confirmEmail else None,
        )
        session = await self.backend.lookup_account(lookup)
        if self.state.session is None or session.registration_id != self.state.session.registration_id:
            # A new session: any challenge fetched or passed for the old one is void.
            self.state.void_captcha()
            self.state.pending_submit = None
        self.state.session = session

    def explain(self, error: BackendError) -> Problem:
        texts = self.profile.texts
        if isinstance(error, AccountNotFound):
            return FormProblem(texts.accountNotFound)
        if isinstance(error, AlreadyRegistered):
            return Reroute(StepId.ALREADY_REGISTERED, texts.alreadyRegistered, "email")
        if isinstance(error, RegistrationNotAllowed):
            return FormProblem(texts.registrationNotAllowed)
        return super().explain(error)
