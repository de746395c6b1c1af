"""Paperless billing: yes or no, for every account registered with this e-mail."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from smarthub_tui import strings
from smarthub_tui.backend.base import NotAuthorized
from smarthub_tui.flow import StepId
from smarthub_tui.state import PaperlessAnswers
from smarthub_tui.steps.base import Choice, Field, FieldKind, Step


class PaperlessStep(Step[PaperlessAnswers]):
    """Yes or no to paperless billing, for every account registered with this e-mail."""

    step_id = StepId.PAPERLESS
    button = "paperless"
    field_names = ("paperless",)
    kept_in = "paperless"

    @property
    def title(self) -> str:
        return self.profile.texts.paperlessTitle

    def fields(self) -> tuple[Field, ...]:
        texts = self.profile.texts
        choices = (Choice(True, texts.paperlessYes), Choice(False, texts.paperlessNo))
        question = texts.paperlessQuestion
        return (Field("paperless", question, FieldKind.CHOICE, choices=choices, note=texts.paperlessNote, optional=self.optional),)

    def values(self, answers: PaperlessAnswers) -> dict[str, Any]:
        return {"paperless": answers.paperless}

    def from_values(self, values: Mapping[str, Any]) -> PaperlessAnswers:
        choice = values.get("paperless")
        return PaperlessAnswers(choice if isinstance(choice, bool) else None)

    @property
    def optional(self) -> bool:
        """True where the co-op lets the member skip the question (bills then stay on paper)."""
        return self.profile.paperlessOptional

    def validate(self, answers: PaperlessAnswers) -> dict[str, str]:
        """No choice is never a yes: refused at the field, unless the co-op makes the step optional."""
        if answers.paperless is None and not self.optional:
            return {"paperless": strings.PAPERLESS_REQUIRED}
        return {}

    def skip_note(self) -> str:
        """Cancel on the optional step: the bills stay as they are (on paper, unless a choice was saved before)."""
        return strings.PAPERLESS_KEPT_PAPER if self.state.paperless_result is None else ""

    def said_after(self, answers: PaperlessAnswers) -> str:
        """No choice on an optional step: the bills stay on paper, and the person is told so."""
        return strings.PAPERLESS_KEPT_PAPER if answers.paperless is None else ""

    async def send(self, answers: PaperlessAnswers) -> None:
        """Save the member's choice; with no choice (optional step) nothing is sent and bills stay on paper.

        Nothing is saved for a choice the member did not make, not even
        "paper": the server's default already is paper bills, and the
        question stays open for a later sign-in.
        """
        auth = self.state.auth
        if auth is None:
            raise NotAuthorized(strings.SIGNED_OUT)
        if answers.paperless is None:
            if not self.optional:
                raise ValueError("no paperless choice to save")  # validate() refuses this first
            self.state.paperless_result = None
            return
        self.state.paperless_result = await self.backend.set_paperless(auth, answers.paperless)
