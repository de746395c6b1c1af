"""Screen 6, the CAPTCHA, in the co-op's style.

`text` (PEC: "Type the text"): the server's picture drawn in half blocks,
legible at 80x24 in colour and without (NO_COLOR), and a field for the
characters; F5 fetches a new picture.  `checkbox` (PEC set-up guide: "I'm not
a robot"): the proof-of-work starts in a thread as soon as the challenge
arrives, while the person reads, so ticking is usually instant; Enter ticks
and goes on once the work is found.  The challenge is fetched on arrival
(Retry if that fails) and kept when the person goes Back and returns.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Button, Input

from smarthub_tui import strings
from smarthub_tui.models import CheckboxCaptcha, TextCaptcha
from smarthub_tui.profiles import CaptchaStyle
from smarthub_tui.screens.base import StepScreen, button, form_field
from smarthub_tui.screens.controls import SubmitProofOfWorkCheckbox
from smarthub_tui.state import CaptchaAnswers
from smarthub_tui.steps import CaptchaStep
from smarthub_tui.widgets import CaptchaImage, FieldError, ProofOfWorkCheckbox, SafeText

CAPTCHA_ROWS = 10
"""Rows the picture may take (20 pixel rows): legible, and the form still fits 80x24."""


class CaptchaScreen(StepScreen):
    """The challenge and its answer; dismisses with `Next(CaptchaAnswers)`."""

    BINDINGS = [Binding("f5", "new_captcha", strings.KEY_NEW_CAPTCHA)]

    controller: CaptchaStep
    initial: CaptchaAnswers
    submit_label = strings.BUTTON_CONTINUE

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003 - as StepScreen
        super().__init__(*args, **kwargs)
        self._captcha: TextCaptcha | CheckboxCaptcha | None = None
        self._submit_when_solved = False

    @property
    def title_text(self) -> str:
        return strings.TITLE_CAPTCHA

    @property
    def text_style(self) -> bool:
        """True for "type the text", False for "I'm not a robot"."""
        return self.controller.style is CaptchaStyle.TEXT

    def compose_body(self) -> ComposeResult:
        texts = self.profile.texts
        if self.text_style:
            yield SafeText(texts.captchaTextPrompt, classes="intro")
            with Vertical(id="captcha-picture"):
                yield CaptchaImage(max_rows=CAPTCHA_ROWS, id="captcha-image")
            yield form_field(strings.LABEL_CAPTCHA_ANSWER, Input(id="captchaAnswer", max_length=20), "captchaAnswer", note=strings.LABEL_CAPTCHA_KEYS)
        else:
            yield SubmitProofOfWorkCheckbox(texts.captchaCheckboxLabel, id="captchaAnswer")
            yield FieldError(id="captchaAnswer-error")
            yield SafeText(strings.LABEL_CAPTCHA_CHECKBOX_NOTE, classes="note")

    def compose_buttons(self):  # noqa: ANN201
        yield button(self.submit_label, "submit", variant="primary")
        if self.text_style:
            yield button(strings.BUTTON_NEW_CAPTCHA, "new-captcha")

    @on(Button.Pressed, "#new-captcha")
    def _new_captcha_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_new_captcha()

    def arrived(self) -> None:
        self.run_call(self.controller.load, self._show, busy_text=strings.BUSY_CHALLENGE, is_load=True)

    def _show(self, captcha: TextCaptcha | CheckboxCaptcha) -> None:
        """Show a challenge: the picture, or the box (which starts its proof-of-work now)."""
        self._captcha = captcha
        if isinstance(captcha, TextCaptcha):
            self.query_one(CaptchaImage).set_image(captcha.image_png)
            field = self.query_one("#captchaAnswer", Input)
            if self.initial.captcha_id == captcha.captcha_id and not field.value:
                field.value = self.initial.answer
        elif self.query(ProofOfWorkCheckbox):
            self.query_one(ProofOfWorkCheckbox).set_challenge(captcha.challenge, captcha.difficulty_bits)

    def action_new_captcha(self) -> None:
        """F5: a new picture (the old one cannot be read, or it expired)."""
        if self.busy:
            return
        if self.text_style:
            self.query_one("#captchaAnswer", Input).clear()
        self.run_call(self.controller.refresh, self._show, busy_text=strings.BUSY_CHALLENGE, is_load=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "new_captcha":
            return self.text_style
        return super().check_action(action, parameters)

    @on(CaptchaImage.Unreadable)
    def _unreadable(self, event: CaptchaImage.Unreadable) -> None:
        event.stop()
        self.show_field_error("captchaAnswer", event.reason)

    def collect(self) -> CaptchaAnswers:
        captcha_id = self._captcha.captcha_id if self._captcha else ""
        if self.text_style:
            return CaptchaAnswers(captcha_id, self.query_one("#captchaAnswer", Input).value.strip())
        nonce = self.query_one(ProofOfWorkCheckbox).nonce
        return CaptchaAnswers(captcha_id, nonce or "")

    @property
    def holds_keys(self) -> bool:
        """Also while Enter waits for the proof-of-work: the keys after it are for the next step."""
        return super().holds_keys or self._submit_when_solved

    def action_submit(self) -> None:
        if not self.text_style and not self.busy:
            box = self.query_one(ProofOfWorkCheckbox)
            if box.checked and not box.solved:
                # Enter came before the work was found: go on as soon as it is.
                self._submit_when_solved = True
                return
        if self._captcha is None:
            return  # still fetching the challenge
        super().action_submit()

    @on(ProofOfWorkCheckbox.Solved)
    def _solved(self, event: ProofOfWorkCheckbox.Solved) -> None:
        self.query_one("#captchaAnswer-error", FieldError).clear()
        if self._submit_when_solved:
            self._submit_when_solved = False
            self.action_submit()

    @on(ProofOfWorkCheckbox.Cleared)
    def _cleared(self, event: ProofOfWorkCheckbox.Cleared) -> None:
        self._submit_when_solved = False
