"""Forgot Password: the login's e-mail (and what the co-op asks besides); the server e-mails a reset code.

Reached from the welcome screen's "Can't access your account?" and from the
"already registered" alert's "Forgot Password?" (PEC's guide tells its
pre-registered members to press it), there with the e-mail filled in.  The
account number is asked where the profile sets
`requireAccountNumberOnPasswordReset`; the secret hint answer where the
co-op uses hint questions (PEC: "used as a secondary security measure if
you forget your password"), optional, since a login the co-op registered
has none.  The server's answer is the same whether or not the address is
registered, and the next step says it as it came.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from smarthub_tui.flow import StepId
from smarthub_tui.state import ResetAnswers, ResetCodeAnswers
from smarthub_tui.steps.base import Field, Step, check, text_value
from smarthub_tui.validation import normalize_account_number, normalize_email, normalize_hint_answer


class ForgotPasswordStep(Step[ResetAnswers]):
    """E-mail, and the account number or hint answer as the profile asks; sends the reset code."""

    step_id = StepId.FORGOT_PASSWORD
    button = "sendResetCode"
    field_names = ("email", "accountNumber", "hintAnswer")
    kept_in = "forgot"
    secret_fields = ("hintAnswer",)

    @property
    def title(self) -> str:
        return self.profile.texts.forgotPasswordTitle

    def intro(self) -> list[str]:
        return [self.profile.texts.forgotPasswordIntro]

    def fields(self) -> tuple[Field, ...]:
        texts = self.profile.texts
        asked = [Field("email", texts.emailLabel, max_length=254)]
        if self.profile.requireAccountNumberOnPasswordReset:
            asked.append(Field("accountNumber", texts.accountNumberLabel, max_length=40))
        if self.profile.asks_hint_question:
            asked.append(Field("hintAnswer", texts.resetHintLabel, secret=True, max_length=100, note=texts.resetHintNote, optional=True))
        return tuple(asked)

    def answers(self) -> ResetAnswers:
        """What was typed here before, else the e-mail typed on the welcome screen or the registration form."""
        kept = self.state.forgot
        if kept.email:
            return kept
        return ResetAnswers(email=self.state.sign_in.email, account_number=kept.account_number, hint_answer=kept.hint_answer)

    def values(self, answers: ResetAnswers) -> dict[str, Any]:
        values: dict[str, Any] = {"email": answers.email}
        if self.profile.requireAccountNumberOnPasswordReset:
            values["accountNumber"] = answers.account_number
        if self.profile.asks_hint_question:
            values["hintAnswer"] = answers.hint_answer
        return values

    def from_values(self, values: Mapping[str, Any]) -> ResetAnswers:
        return ResetAnswers(
            email=text_value(values, "email"),
            account_number=text_value(values, "accountNumber"),
            hint_answer=text_value(values, "hintAnswer"),
        )

    def validate(self, answers: ResetAnswers) -> dict[str, str]:
        reasons: dict[str, str] = {}
        check(reasons, "email", lambda: normalize_email(answers.email))
        if self.profile.requireAccountNumberOnPasswordReset:
            check(reasons, "accountNumber", lambda: normalize_account_number(answers.account_number))
        if self.profile.asks_hint_question and answers.hint_answer.strip():
            check(reasons, "hintAnswer", lambda: normalize_hint_answer(answers.hint_answer))
        return reasons

    async def send(self, answers: ResetAnswers) -> None:
        email = normalize_email(answers.email)
        number = normalize_account_number(answers.account_number) if self.profile.requireAccountNumberOnPasswordReset else None
        hint = answers.hint_answer.strip() if self.profile.asks_hint_question else ""
        self.state.forgot_sent = await self.backend.request_password_reset(email, account_number=number, hint_answer=hint or None)
        self.state.forgot_code = ResetCodeAnswers()  # a new code is on its way: an older one no longer works

