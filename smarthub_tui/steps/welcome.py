"""The welcome screen's log-in: an existing member signs in to finish setting up."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from smarthub_tui import strings
from smarthub_tui.backend.base import BackendError, InvalidCredentials
from smarthub_tui.flow import StepId
from smarthub_tui.state import SignInAnswers
from smarthub_tui.steps.base import Field, FieldProblem, Problem, Step, check, text_value
from smarthub_tui.validation import normalize_email


class SignInStep(Step[SignInAnswers]):
    """E-Mail and Password; on success the state holds the sign-in (and the summary, or the temporary password)."""

    step_id = StepId.WELCOME
    button = "login"
    field_names = ("email", "password")
    secret_fields = ("password",)

    @property
    def title(self) -> str:
        return self.profile.texts.loginTitle

    def intro(self) -> list[str]:
        return [self.profile.texts.loginIntro]

    def fields(self) -> tuple[Field, ...]:
        return (
            Field("email", self.profile.texts.loginEmailLabel or self.profile.texts.emailLabel, max_length=254),
            Field("password", strings.LABEL_PASSWORD, secret=True),
        )

    def answers(self) -> SignInAnswers:
        return SignInAnswers(email=self.state.sign_in.email)

    def values(self, answers: SignInAnswers) -> dict[str, Any]:
        return {"email": answers.email, "password": answers.password}

    def from_values(self, values: Mapping[str, Any]) -> SignInAnswers:
        return SignInAnswers(email=text_value(values, "email"), password=text_value(values, "password"))

    def remember(self, answers: SignInAnswers) -> None:
        # The password is not kept: it is only needed for the call itself.
        self.state.sign_in = SignInAnswers(email=answers.email)

    def validate(self, answers: SignInAnswers) -> dict[str, str]:
        reasons: dict[str, str] = {}
        check(reasons, "email", lambda: normalize_email(answers.email))
        if not answers.password:
            reasons["password"] = strings.PASSWORD_REQUIRED
        return reasons

    async def send(self, answers: SignInAnswers) -> None:
        email = normalize_email(answers.email)
        auth = await self.backend.login(email, answers.password)
        self.state.auth = auth
        if auth.password_change_required:
            # The password just typed is the temporary one: carried to the password step.
            self.state.current_password = answers.password
            self.state.summary = None
        else:
            self.state.summary = await self.backend.account_summary(auth)

    @property
    def temporary_password_here(self) -> bool:
        """True where the e-mailed temporary password is typed here, as the Password (`verifyAtLogin`)."""
        return self.profile.verifyAtLogin

    def explain(self, error: BackendError) -> Problem:
        if isinstance(error, InvalidCredentials):
            return FieldProblem("password", error.message)
        return super().explain(error)
