"""Screen 7, terms and conditions, and the registration submit.

The co-op's terms scroll inside the screen (PgUp/PgDn from anywhere on it,
or the arrows once the text has the focus), "I accept" is a checkbox that
has the focus on arrival (Space ticks it), and Submit is refused in plain
words until it is ticked.  The line of keys above the terms says what is
true now: coming back with the box already ticked, it says so and that
Enter continues, so following it cannot untick the box by surprise.  Submitting creates
the registration with the hint and the terms (`complete_registration`, with
an idempotency key kept across Retry so a lost answer cannot register twice;
the identity answers and the CAPTCHA were checked at their own steps);
errors about earlier answers take the person back to that step, with the
server's words there.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll

from smarthub_tui import strings
from smarthub_tui.screens.base import StepScreen
from smarthub_tui.screens.controls import SubmitCheckbox
from smarthub_tui.state import TermsAnswers
from smarthub_tui.steps import TermsStep
from smarthub_tui.widgets import FieldError, SafeText, safe_content


class TermsScreen(StepScreen):
    """The terms and "I accept"; dismisses with `Next(TermsAnswers)` once registered."""

    BINDINGS = [
        Binding("pageup", "scroll_terms(-1)", strings.KEY_SCROLL, show=False),
        Binding("pagedown", "scroll_terms(1)", strings.KEY_SCROLL),
    ]

    controller: TermsStep
    initial: TermsAnswers
    busy_text = strings.BUSY_REGISTERING
    body_scrolls = False

    def compose_body(self) -> ComposeResult:
        yield SafeText(self._keys_line(self.initial.accepted), classes="note", id="terms-keys")
        with VerticalScroll(id="terms-text", can_focus=True):
            yield SafeText(self.profile.terms.text.strip())
        with Vertical(id="terms-accept"):
            yield SubmitCheckbox(safe_content(self.profile.texts.termsAccept), self.initial.accepted, id="termsAccepted")
            yield FieldError(id="termsAccepted-error")

    def focus_first(self) -> None:
        self.query_one("#termsAccepted").focus()

    def action_scroll_terms(self, pages: int) -> None:
        """PgUp/PgDn: scroll the terms a page, wherever the focus is."""
        terms = self.query_one("#terms-text", VerticalScroll)
        if pages < 0:
            terms.scroll_page_up()
        else:
            terms.scroll_page_down()

    def collect(self) -> TermsAnswers:
        return TermsAnswers(accepted=self.query_one("#termsAccepted", SubmitCheckbox).value)

    @staticmethod
    def _keys_line(accepted: bool) -> str:
        return strings.LABEL_TERMS_KEYS_ACCEPTED if accepted else strings.LABEL_TERMS_KEYS

    def on_checkbox_changed(self, event: SubmitCheckbox.Changed) -> None:
        if event.value:
            self.query_one("#termsAccepted-error", FieldError).clear()
        self.query_one("#terms-keys", SafeText).update(self._keys_line(event.value))
