"""Screen 5, the secret hint question (only where the co-op asks one, e.g. PEC).

"Please select a Secret Hint Question to answer": one of the co-op's
questions (a radio list: the arrows pick, Enter moves to the answer; none
is picked until the member picks one), then the answer, masked like any secret.  The profile says why
it matters ("easy to remember; used if you forget your password").
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult

from smarthub_tui import strings
from smarthub_tui.screens.base import StepScreen
from smarthub_tui.screens.controls import ChoiceButton, SubmitRadioSet
from smarthub_tui.state import HintAnswers
from smarthub_tui.steps import HintStep
from smarthub_tui.widgets import FieldError, SafeText, SecretInput, safe_content


class HintScreen(StepScreen):
    """Question and answer; dismisses with `Next(HintAnswers)`."""

    controller: HintStep
    initial: HintAnswers

    def compose_body(self) -> ComposeResult:
        texts = self.profile.texts
        yield SafeText(texts.hintIntro, classes="intro")
        with SubmitRadioSet(id="hintQuestion"):
            for question in self.controller.questions:
                yield ChoiceButton(safe_content(question, single_line=True), value=question == self.initial.question)
        yield FieldError(id="hintQuestion-error")
        yield SafeText(strings.LABEL_HINT_KEYS, classes="note")
        yield self.field_row("hintAnswer", SecretInput(self.initial.answer, id="hintAnswer", max_length=self.max_length("hintAnswer")))

    def enter_description(self) -> str:
        """On the questions, Enter goes on to the answer."""
        if isinstance(self.focused, SubmitRadioSet):
            return strings.KEY_TO_ANSWER
        return super().enter_description()

    def _question(self, index: int | None) -> str | None:
        questions = self.controller.questions
        return questions[index] if index is not None and 0 <= index < len(questions) else None

    def collect(self) -> HintAnswers:
        radio = self.query_one("#hintQuestion", SubmitRadioSet)
        return HintAnswers(
            question=self._question(radio.picked_index),
            answer=self.query_one("#hintAnswer", SecretInput).value,
        )

    @on(SubmitRadioSet.Chosen)
    def _question_chosen(self, event: SubmitRadioSet.Chosen) -> None:
        """Enter on the questions: on to the answer once one is picked; otherwise say to pick one.

        Coming back with the same question and its answer kept, Enter goes
        on, as on every other step whose answers are complete.
        """
        event.stop()
        if event.index is None:
            self.query_one("#hintQuestion-error", FieldError).show_error(strings.HINT_QUESTION_REQUIRED)
            return
        self.query_one("#hintQuestion-error", FieldError).clear()
        answer = self.query_one("#hintAnswer", SecretInput)
        if self._question(event.index) == self.initial.question and answer.value:
            self.action_submit()
        else:
            answer.focus()
