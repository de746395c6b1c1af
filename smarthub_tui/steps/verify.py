"""Account verification: the code from the Verify Account e-mail, or the temporary password; signs the member in."""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from smarthub_tui import strings
from smarthub_tui.backend.base import BackendError, InvalidCredentials, InvalidToken, NotAuthorized
from smarthub_tui.flow import StepId
from smarthub_tui.models import OutboxMessage
from smarthub_tui.pasted import code_from_paste
from smarthub_tui.profile_data import VerificationStyle
from smarthub_tui.state import VerifyAnswers
from smarthub_tui.steps.base import Field, FieldProblem, Problem, Step, text_value

if TYPE_CHECKING:
    from smarthub_tui.profiles import CoopProfile


class VerifyStep(Step[VerifyAnswers]):
    """The code from the Verify Account e-mail, or the temporary password: signs the member in."""

    step_id = StepId.VERIFY
    button = "verify"
    field_names = ("code",)
    kept_in = "verify"
    secret_fields = ("code",)

    @property
    def style(self) -> VerificationStyle:
        """`link` (a verification code) or `temporaryPassword`."""
        receipt = self.state.receipt
        return receipt.verification_style if receipt else self.profile.verificationStyle

    @property
    def email(self) -> str:
        """The member's e-mail as registered (at the login screen, where `verifyAtLogin` sends the member: as typed there)."""
        receipt = self.state.receipt
        return receipt.email if receipt else (self.state.account.email.strip() or self.state.sign_in.email.strip())

    @property
    def title(self) -> str:
        return strings.TITLE_VERIFY

    def intro(self) -> list[str]:
        texts = self.profile.texts
        intro = [texts.verifyLinkIntro if self.style is VerificationStyle.LINK else texts.verifyTemporaryIntro]
        if self.email:  # a member back with the code (verify later) may give none: the server needs only the code
            intro.append(strings.LABEL_EMAIL_IS.format(email=self.email))
        return intro

    def fields(self) -> tuple[Field, ...]:
        if self.style is VerificationStyle.LINK:
            return (Field("code", strings.LABEL_VERIFICATION_CODE, max_length=1000),)
        return (Field("code", strings.LABEL_TEMPORARY_PASSWORD, secret=True, max_length=200),)

    def values(self, answers: VerifyAnswers) -> dict[str, Any]:
        return {"code": answers.code}

    def from_values(self, values: Mapping[str, Any]) -> VerifyAnswers:
        return VerifyAnswers(code=text_value(values, "code"))

    def code(self, answers: VerifyAnswers) -> str:
        """What to send: for a code, the code itself even when the whole link was pasted; a password as typed.

        A temporary password is never read as a link: it may hold ``/``, ``?`` or ``=``.
        """
        if self.style is VerificationStyle.LINK:
            return code_from_paste(answers.code)
        return answers.code.strip()

    def validate(self, answers: VerifyAnswers) -> dict[str, str]:
        if not answers.code.strip():
            message = strings.CODE_REQUIRED if self.style is VerificationStyle.LINK else strings.TEMPORARY_PASSWORD_REQUIRED
            return {"code": message}
        if not self.code(answers):
            return {"code": strings.CODE_LINK_WITHOUT_CODE}
        return {}

    async def send(self, answers: VerifyAnswers) -> None:
        code = self.code(answers)
        if self.style is VerificationStyle.LINK:
            self.state.auth = await self.backend.verify_account(code)
            self.state.current_password = ""
        else:
            self.state.auth = await self.backend.login(self.email, code)
            self.state.current_password = code
        self.state.verify = VerifyAnswers()  # used: no need to keep it

    def explain(self, error: BackendError) -> Problem:
        if isinstance(error, (InvalidToken, InvalidCredentials)):
            return FieldProblem("code", error.message)
        if isinstance(error, NotAuthorized):
            return FieldProblem("code", error.message)
        return super().explain(error)

    async def outbox(self) -> list[OutboxMessage]:
        """The demo inbox: the e-mails the demo server sent to the member."""
        return await self.backend.demo_outbox(self.email)

    def code_in(self, message: OutboxMessage) -> str | None:
        """The verification code (or temporary password) in a demo e-mail, read by the profile's template."""
        return code_in_email(self.profile, self.style, message.body)

    def newest_code(self, messages: list[OutboxMessage]) -> str | None:
        """The code in the newest e-mail that holds one (`outbox()` lists the newest first)."""
        return next((code for code in map(self.code_in, messages) if code), None)


def code_in_email(profile: CoopProfile, style: VerificationStyle, body: str) -> str | None:
    """The Verify Account code (`link`) or temporary password in an e-mail `body` made from the profile's template."""
    texts = profile.texts
    if style is VerificationStyle.LINK:
        code = _placeholder_value(texts.linkEmailBody, "token", body)
        if code is None:  # a template that shows only the link: the code is in it
            link = _placeholder_value(texts.linkEmailBody, "link", body)
            code = code_from_paste(link) if link else None
        return code or None
    return _placeholder_value(texts.temporaryPasswordEmailBody, "password", body)


def _placeholder_value(template: str, name: str, text: str) -> str | None:
    """Find what `{name}` was filled with in `text`, which was made from `template`; None if it does not fit.

    The template's literal words must appear in order (any whitespace between
    them); other placeholders match anything.  Used only by the demo inbox.
    """
    pattern = []
    found = False
    for literal, field, _, _ in string.Formatter().parse(template):
        pattern.append(r"\s*".join(re.escape(word) for word in re.split(r"\s+", literal)))
        if field == name and not found:
            pattern.append(rf"(?P<{name}>\S+)")
            found = True
        elif field is not None:
            pattern.append(r".*?")
    if not found:
        return None
    match = re.search("".join(pattern), text, re.DOTALL)
    return match.group(name) if match else None
