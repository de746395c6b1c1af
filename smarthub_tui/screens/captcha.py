"""Screen 6, the CAPTCHA, in the co-op's style.

`text` (PEC: "Type the text"): the server's picture drawn in half blocks and
a field for the characters.  The screen asks for a picture made for the room
it has (`picture_room`: the width less the padding, the height less the rest
of the form), so the server draws it pixel for pixel on the cell grid and a
wider or taller terminal gets bigger glyphs (bench/captcha_readability.py
measures how well people read it off the screen).
F5 fetches a new picture at the window's size of the moment; a resize shows
the same challenge again in the new room (reduced if it no longer fits, so
what was typed stays valid).  `checkbox` (PEC set-up guide: "I'm not
a robot"): the proof-of-work starts in a thread as soon as the challenge
arrives, while the person reads, so ticking is usually instant; Enter ticks
and goes on once the work is found.  The challenge is fetched on arrival
(Retry if that fails) and kept when the person goes Back and returns.
"""

from __future__ import annotations

import asyncio
from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.types import NoActiveAppError
from textual.widgets import Button, Input

from smarthub_tui import strings
from smarthub_tui.models import CheckboxCaptcha, TextCaptcha
from smarthub_tui.profiles import CaptchaStyle
from smarthub_tui.screens.base import StepScreen, button
from smarthub_tui.screens.controls import SubmitProofOfWorkCheckbox
from smarthub_tui.state import CaptchaAnswers
from smarthub_tui.steps import CaptchaStep
from smarthub_tui.widgets import CaptchaImage, FieldError, ProofOfWorkCheckbox, SafeText

CAPTCHA_ROWS = 9
"""Rows the picture takes at 80x24 (18 pixels tall): the most that leaves the whole form on
screen, a reason of two lines at the answer included (with ten, the body scrolled, its
scroll bar took two columns, and the picture no longer fitted pixel for pixel)."""
MAX_CAPTCHA_ROWS = 16
"""Rows it may take on a taller terminal: glyphs of 28 pixels read easily; more only costs room."""
ROWS_AROUND_PICTURE = 24 - CAPTCHA_ROWS
"""The header, prompt, answer field, buttons and footer: what a screen's height keeps for itself."""
COLUMNS_AROUND_PICTURE = 4
"""The body's and the picture's padding, one cell each side."""
READABLE_ROOM = (50, 7)
"""The least room (columns, rows) in which five glyphs are drawn large enough to read; in less, the screen says so."""


def picture_room(width: int, height: int) -> tuple[int, int]:
    """The cells (columns, rows) the picture may use on a `width` x `height` terminal.

    The server draws the picture for exactly this grid, so the wider or taller
    the terminal (up to `MAX_CAPTCHA_ROWS`), the larger the glyphs.
    """
    columns = max(1, width - COLUMNS_AROUND_PICTURE)
    rows = min(max(height - ROWS_AROUND_PICTURE, 4), MAX_CAPTCHA_ROWS)
    return columns, rows


class CaptchaScreen(StepScreen):
    """The challenge and its answer; dismisses with `Next(CaptchaAnswers)`."""

    BINDINGS = [Binding("f5", "new_captcha", strings.KEY_NEW_CAPTCHA)]

    controller: CaptchaStep
    initial: CaptchaAnswers

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003 - as StepScreen
        super().__init__(*args, **kwargs)
        self._captcha: TextCaptcha | CheckboxCaptcha | None = None
        self._submit_when_solved = False
        self._early: asyncio.Task[TextCaptcha | CheckboxCaptcha] | None = self._start_loading()

    def _start_loading(self) -> asyncio.Task[TextCaptcha | CheckboxCaptcha] | None:
        """Ask for the challenge now, as the screen is made, not once it is mounted; `arrived` waits for this answer.

        Why: the screen is built and laid out (most of the step to it) while
        the server makes the challenge, where the request used to start only
        after all that.  The same call, with the same picture room: the room
        is the terminal's size, known already.  None outside a running app.
        """
        try:
            columns, rows = picture_room(*self.app.size)
            asyncio.get_running_loop()
        except (NoActiveAppError, RuntimeError):
            return None
        return asyncio.ensure_future(self.controller.load(columns=columns, rows=rows))

    @property
    def text_style(self) -> bool:
        """True for "type the text", False for "I'm not a robot"."""
        return self.controller.style is CaptchaStyle.TEXT

    def compose_body(self) -> ComposeResult:
        texts = self.profile.texts
        if self.text_style:
            yield SafeText(texts.captchaTextPrompt, classes="intro")
            with Vertical(id="captcha-picture"):
                columns, rows = picture_room(*self.app.size)
                yield CaptchaImage(max_columns=columns, max_rows=rows, id="captcha-image")
            yield SafeText(strings.CAPTCHA_WINDOW_TOO_SMALL, id="captcha-small", classes="note")
            answer = Input(id="captchaAnswer", max_length=20)
            yield self.field_row("captchaAnswer", answer, note=strings.LABEL_CAPTCHA_KEYS)
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
        self._say_if_too_small()
        columns, rows = picture_room(*self.app.size)

        async def load() -> TextCaptcha | CheckboxCaptcha:
            """The challenge asked for as the screen was made; a Retry asks again."""
            early, self._early = self._early, None
            if early is not None:
                return await early
            return await self.controller.load(columns=columns, rows=rows)

        self.run_call(load, self._show, busy_text=strings.BUSY_CHALLENGE, is_load=True)

    def on_resize(self) -> None:
        """A resized window: the picture shown again in the room there is now (no new challenge)."""
        if self.text_style:
            self.query_one(CaptchaImage).set_room(*picture_room(*self.app.size))
            self._say_if_too_small()

    def _say_if_too_small(self) -> None:
        """Below `READABLE_ROOM` no picture can be read: say so, and how to get a readable one."""
        if self.text_style:
            columns, rows = picture_room(*self.app.size)
            self.query_one("#captcha-small").display = columns < READABLE_ROOM[0] or rows < READABLE_ROOM[1]

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
            self.query_one("#captchaAnswer-error", FieldError).clear()  # the reason was about the old picture
        columns, rows = picture_room(*self.app.size)
        refresh = partial(self.controller.refresh, columns=columns, rows=rows)
        self.run_call(refresh, self._show, busy_text=strings.BUSY_CHALLENGE, is_load=True)

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
