"""The CAPTCHA: type the picture's text, or tick "I'm not a robot" (a proof of work)."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from smarthub_tui import strings
from smarthub_tui.backend.base import BackendError, CaptchaFailed, IdentityMismatch, LockedOut, SessionExpired
from smarthub_tui.flow import Reroute, StepId
from smarthub_tui.models import CheckboxCaptcha, TextCaptcha
from smarthub_tui.profile_data import CaptchaStyle
from smarthub_tui.proof_of_work import solve
from smarthub_tui.state import CaptchaAnswers
from smarthub_tui.steps.base import Field, FieldKind, Problem, Step, text_value


class CaptchaStep(Step[CaptchaAnswers]):
    """A fresh challenge from the server: type the picture's text, or tick "I'm not a robot"."""

    step_id = StepId.CAPTCHA
    button = "captcha"
    field_names = ("captchaAnswer",)
    kept_in = "captcha_answer"

    @property
    def style(self) -> CaptchaStyle:
        """`text` or `checkbox`, as the session (else the profile) says."""
        session = self.state.session
        return session.captcha_style if session else self.profile.captchaStyle

    @property
    def captcha(self) -> TextCaptcha | CheckboxCaptcha | None:
        """The challenge in force, if one was fetched."""
        return self.state.captcha

    async def load(
        self, *, columns: int | None = None, rows: int | None = None, accessible: bool = False
    ) -> TextCaptcha | CheckboxCaptcha:
        """The challenge to show: the one in force, or a new one from the server (see `refresh`)."""
        captcha = self.state.captcha
        if captcha is None or (accessible and isinstance(captcha, TextCaptcha)):
            return await self.refresh(columns=columns, rows=rows, accessible=accessible)
        return captcha

    async def refresh(
        self, *, columns: int | None = None, rows: int | None = None, accessible: bool = False
    ) -> TextCaptcha | CheckboxCaptcha:
        """Fetch a new challenge (a new picture); the old answer no longer applies.

        `columns` x `rows` is the room the front end has for a picture, in
        character cells: the server draws the text for that grid, so a
        terminal shows it pixel for pixel (None: the server's 80x24 size).
        `accessible` asks for the alternative to a picture (the "I'm not a
        robot" box) for a front end that cannot show one, where the co-op
        allows it.
        """
        session = self.state.session
        if session is None:
            raise SessionExpired(strings.SESSION_EXPIRED)
        try:
            if accessible:
                captcha = await self.backend.new_captcha(session.registration_id, columns=columns, rows=rows, accessible=True)
            else:
                captcha = await self.backend.new_captcha(session.registration_id, columns=columns, rows=rows)
        except BackendError as error:
            self.refused(error)  # an expired session: the form opens a new one
            raise
        self.state.captcha = captcha
        self.state.captcha_answer = CaptchaAnswers(captcha_id=captcha.captcha_id)
        return captcha

    async def tick(self, challenge: CheckboxCaptcha) -> CaptchaAnswers:
        """Tick "I'm not a robot": solve the challenge's proof of work (in a thread), as the answers to send.

        For the front ends that simply wait (the line mode, the answers
        file); the Textual checkbox solves it in a worker with a progress bar.
        """
        nonce = await asyncio.to_thread(solve, challenge.challenge, challenge.difficulty_bits)
        return CaptchaAnswers(captcha_id=challenge.captcha_id, answer=nonce or "")

    @property
    def title(self) -> str:
        return strings.TITLE_CAPTCHA

    def intro(self) -> list[str]:
        return [self.profile.texts.captchaTextPrompt] if self.style is CaptchaStyle.TEXT else []

    def fields(self) -> tuple[Field, ...]:
        if self.style is CaptchaStyle.TEXT:
            return (Field("captchaAnswer", strings.LABEL_CAPTCHA_ANSWER, FieldKind.CAPTCHA, max_length=20),)
        return (Field("captchaAnswer", self.profile.texts.captchaCheckboxLabel, FieldKind.CAPTCHA),)

    def values(self, answers: CaptchaAnswers) -> dict[str, Any]:
        return {"captchaAnswer": answers.answer}

    def from_values(self, values: Mapping[str, Any]) -> CaptchaAnswers:
        return CaptchaAnswers(captcha_id=self.state.captcha_answer.captcha_id, answer=text_value(values, "captchaAnswer"))

    def validate(self, answers: CaptchaAnswers) -> dict[str, str]:
        if answers.answer.strip():
            return {}
        if self.style is CaptchaStyle.TEXT:
            return {"captchaAnswer": strings.CAPTCHA_REQUIRED_TEXT}
        return {"captchaAnswer": strings.CAPTCHA_REQUIRED_CHECKBOX}

    def skipped(self) -> bool:
        """True once the session has passed its CAPTCHA: it stays passed, so the step is not shown again."""
        return self.state.captcha_passed

    async def send(self, answers: CaptchaAnswers) -> None:
        """Answer the challenge; the server then gives the identity verdict it held, if any."""
        session = self.state.session
        if session is None:
            raise SessionExpired(strings.SESSION_EXPIRED)
        try:
            await self.backend.answer_captcha(session.registration_id, answers.captcha_id, answers.answer.strip())
        except CaptchaFailed:
            # Any answer uses the challenge up: a fresh one is fetched when the step is shown again.
            self.state.void_captcha()
            raise
        except IdentityMismatch:
            self.state.captcha_passed = True  # the CAPTCHA itself passed; the identity answers did not
            self.state.captcha = None
            raise
        self.state.captcha_passed = True
        self.state.captcha = None  # used up

    def explain(self, error: BackendError) -> Problem:
        if isinstance(error, CaptchaFailed):
            return Reroute(StepId.CAPTCHA, error.message, "captchaAnswer")
        if isinstance(error, IdentityMismatch):
            return Reroute(StepId.IDENTITY, error.message)
        if isinstance(error, LockedOut):
            # The identity answers, judged now, caused it: say so on their step.
            return Reroute(StepId.IDENTITY, self.profile.lockoutMessage)
        return super().explain(error)
