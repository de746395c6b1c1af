"""Screen 12, security phrase: the anti-phishing phrase shown on payment forms.

Why it matters comes first (the co-op's intro and warning: if the phrase on
a payment form is not yours, stop and call; and where to update it later,
My Profile, as the set-up guide's third paragraph says); then the phrase, masked like a
secret (F2 shows it), with the co-op's minimum length; and "What's a good
security phrase?" as a button (or F1) that opens the co-op's advice in place;
Esc closes it before it would go back a step.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Button

from smarthub_tui import strings
from smarthub_tui.screens.base import StepScreen, button
from smarthub_tui.screens.keys import with_key
from smarthub_tui.state import PhraseAnswers
from smarthub_tui.steps import SecurityPhraseStep
from smarthub_tui.widgets import SafeText, SecretInput


class SecurityPhraseScreen(StepScreen):
    """The phrase; dismisses with `Next(PhraseAnswers)` once saved."""

    BINDINGS = [Binding("f1", "toggle_help", strings.KEY_HELP_PHRASE)]

    controller: SecurityPhraseStep
    initial: PhraseAnswers
    busy_text = strings.BUSY_SAVING

    def compose_body(self) -> ComposeResult:
        texts = self.profile.texts
        yield SafeText(texts.securityPhraseIntro, classes="intro")
        yield SafeText(texts.securityPhraseWarning, classes="note")
        if texts.securityPhraseUpdateNote:
            yield SafeText(texts.securityPhraseUpdateNote, classes="note")
        yield self.field_row("phrase", SecretInput(self.initial.phrase, id="phrase", max_length=self.max_length("phrase")))
        help_text = SafeText(texts.securityPhraseHelp, id="phrase-help", classes="help")
        help_text.display = False
        yield help_text

    def compose_buttons(self):  # noqa: ANN201
        yield button(self.submit_label, "submit", variant="primary")
        yield button(with_key(self.profile.texts.securityPhraseHelpTitle, "F1"), "help")

    def collect(self) -> PhraseAnswers:
        return PhraseAnswers(self.query_one("#phrase", SecretInput).value)

    def action_toggle_help(self) -> None:
        """F1 / the help button: show or hide the co-op's advice on a good phrase."""
        help_text = self.query_one("#phrase-help", SafeText)
        help_text.display = not help_text.display
        if help_text.display:
            help_text.scroll_visible()
        self.refresh_bindings()  # Esc now closes the help (or goes back again)

    @on(Button.Pressed, "#help")
    def _help(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_toggle_help()
