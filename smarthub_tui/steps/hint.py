"""The secret hint question: one of the co-op's questions, and its answer (checked with the terms' submit)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from smarthub_tui import strings
from smarthub_tui.flow import StepId
from smarthub_tui.state import HintAnswers
from smarthub_tui.steps.base import Choice, Field, FieldKind, Step, check, text_value
from smarthub_tui.validation import normalize_hint_answer


class HintStep(Step[HintAnswers]):
    """One of the co-op's secret hint questions, and its answer."""

    step_id = StepId.HINT
    button = "hint"
    field_names = ("hintQuestion", "hintAnswer")
    kept_in = "hint"
    secret_fields = ("hintAnswer",)

    @property
    def questions(self) -> tuple[str, ...]:
        """The questions offered (the session's, else the profile's)."""
        session = self.state.session
        if session and session.hint_questions:
            return session.hint_questions
        return tuple(self.profile.securityQuestionsListBox)

    @property
    def title(self) -> str:
        return strings.TITLE_HINT

    def intro(self) -> list[str]:
        return [self.profile.texts.hintIntro]

    def fields(self) -> tuple[Field, ...]:
        return (
            Field("hintQuestion", strings.LABEL_HINT_QUESTION, FieldKind.CHOICE, choices=tuple(Choice(q, q) for q in self.questions)),
            Field("hintAnswer", strings.LABEL_HINT_ANSWER, secret=True, max_length=100, note=self.profile.texts.hintAnswerHelp),
        )

    def values(self, answers: HintAnswers) -> dict[str, Any]:
        return {"hintQuestion": answers.question, "hintAnswer": answers.answer}

    def from_values(self, values: Mapping[str, Any]) -> HintAnswers:
        question = values.get("hintQuestion")
        return HintAnswers(question=question if isinstance(question, str) else None, answer=text_value(values, "hintAnswer"))

    def validate(self, answers: HintAnswers) -> dict[str, str]:
        reasons: dict[str, str] = {}
        if answers.question not in self.questions:
            reasons["hintQuestion"] = strings.HINT_QUESTION_REQUIRED
        check(reasons, "hintAnswer", lambda: normalize_hint_answer(answers.answer))
        return reasons
