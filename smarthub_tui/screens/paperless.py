"""Screen 11, paperless billing: Yes or No (only where the co-op prompts, `paperBillsPrompt`).

The co-op's question ("Would you like to turn off paper bills?"), its two
answers ("Yes, Go Paperless" / "No") as a radio choice, and its note that
the choice applies to every account registered with this e-mail.  Nothing
is picked on arrival; the arrows pick, Enter saves what is shown picked
(`set_paperless`).  Enter with nothing picked is never a yes: it asks for a
choice at the field or, where the co-op makes the step optional
(`paperlessOptional`), keeps paper bills without a call and says so; there
Cancel (and F10) skips the step too, asking nothing (`flow.Skip`).
"""

from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import RadioSet

from smarthub_tui import strings
from smarthub_tui.screens.base import StepScreen, button
from smarthub_tui.screens.controls import ChoiceButton, SubmitRadioSet
from smarthub_tui.state import PaperlessAnswers
from smarthub_tui.steps import PaperlessStep
from smarthub_tui.widgets import FieldError, SafeText, safe_content

CHOICES = (True, False)
"""The radio options in order: Yes (paperless), No (paper bills)."""


class PaperlessScreen(StepScreen):
    """The paperless choice; dismisses with `Next(PaperlessAnswers)` once saved."""

    controller: PaperlessStep
    initial: PaperlessAnswers
    busy_text = strings.BUSY_SAVING

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003 - as StepScreen
        super().__init__(*args, **kwargs)
        self._choice: bool | None = self.initial.paperless if self.initial else None

    def compose_body(self) -> ComposeResult:
        texts = self.profile.texts
        yield SafeText(texts.paperlessQuestion, classes="intro")
        with SubmitRadioSet(id="paperless"):
            yield ChoiceButton(safe_content(texts.paperlessYes, single_line=True), value=self._choice is True)
            yield ChoiceButton(safe_content(texts.paperlessNo, single_line=True), value=self._choice is False)
        yield FieldError(id="paperless-error")
        yield SafeText(texts.paperlessNote, classes="note")
        keys = strings.LABEL_PAPERLESS_OPTIONAL if self.controller.optional else strings.LABEL_PAPERLESS_CHOICE
        if self.controller.optional:
            keys = f"{keys} {strings.KEY_SKIP_PAPERLESS.format(cancel=self.profile.buttons.cancel)}"
        yield SafeText(keys, classes="note", id="paperless-keys")

    def compose_buttons(self) -> Iterable[Widget]:
        """Submit, and where the step is optional the co-op's Cancel, which skips it (the PEC guides: "Submit or Cancel")."""
        yield from super().compose_buttons()
        if self.controller.optional:
            yield button(self.profile.buttons.cancel, "cancel")

    def collect(self) -> PaperlessAnswers:
        return PaperlessAnswers(self._choice)

    def _pick(self, index: int | None) -> None:
        self._choice = CHOICES[index] if index is not None and 0 <= index < len(CHOICES) else None
        if self._choice is not None:
            self.query_one("#paperless-error", FieldError).clear()

    @on(RadioSet.Changed)
    def _changed(self, event: RadioSet.Changed) -> None:
        self._pick(event.index)

    @on(SubmitRadioSet.Chosen)
    def _chosen(self, event: SubmitRadioSet.Chosen) -> None:
        """Enter: save the answer shown picked (none picked: as `PaperlessStep` says)."""
        event.stop()
        self._pick(event.index)
        self.action_submit()
