"""My Profile's Update My Security Phrase: the phrase in force, shown to its owner, then the new one.

The phrase in force is fetched on arrival (Retry if that fails) and shown
as plain text on this screen only: it is the anti-phishing check the member
must recognise.  The new phrase is typed masked (F2 shows it), with the
registration's help (F1).  Esc goes back to My Profile.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical

from smarthub_tui import strings
from smarthub_tui.screens.security_phrase import SecurityPhraseScreen
from smarthub_tui.steps import UpdatePhraseStep
from smarthub_tui.widgets import SafeText, SecretInput


class UpdatePhraseScreen(SecurityPhraseScreen):
    """The phrase in force, then a new one; dismisses with `Next(PhraseAnswers)` once saved."""

    controller: UpdatePhraseStep

    def compose_body(self) -> ComposeResult:
        texts = self.profile.texts
        yield Vertical(SafeText(strings.PHRASE_LOADING, classes="note"), id="current-phrase")
        yield SafeText(texts.securityPhraseWarning, classes="note")
        yield self.field_row("phrase", SecretInput(id="phrase", max_length=self.max_length("phrase")))
        help_text = SafeText(texts.securityPhraseHelp, id="phrase-help", classes="help")
        help_text.display = False
        yield help_text

    def arrived(self) -> None:
        self.run_call(self.controller.load, self._show, busy_text=strings.PHRASE_LOADING, is_load=True)

    def _show(self, phrase: str | None) -> None:
        box = self.query_one("#current-phrase", Vertical)
        box.remove_children()
        lines = self.controller.report(phrase)
        box.mount_all([SafeText(lines[0], classes="intro", id="phrase-now"), *(SafeText(line, classes="note") for line in lines[1:])])
