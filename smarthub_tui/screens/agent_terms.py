"""Agent mode's terms screen: the terms for reading aloud word for word, and the member's spoken yes.

As the member's terms screen (`TermsScreen`: the text scrolls in its box,
PgUp/PgDn from anywhere, Space ticks, Enter submits), with the agent's
words: "Read aloud, word for word:" above the text, and a box that says
what ticking it means ("The member said yes to these terms").  The submit
creates the registration with the acceptance recorded as spoken.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll

from smarthub_tui import strings
from smarthub_tui.screens.controls import SubmitCheckbox
from smarthub_tui.screens.terms import TermsScreen
from smarthub_tui.steps.agent_terms import AgentTermsStep
from smarthub_tui.widgets import FieldError, SafeText, safe_content


class AgentTermsScreen(TermsScreen):
    """The terms read aloud and the spoken acceptance; dismisses with `Next(TermsAnswers)` once registered."""

    controller: AgentTermsStep

    def compose_body(self) -> ComposeResult:
        yield SafeText(self._keys_line(self.initial.accepted), classes="note", id="terms-keys")
        with VerticalScroll(id="terms-text", can_focus=True):
            yield SafeText(self.profile.terms.text.strip())
        with Vertical(id="terms-accept"):
            yield SubmitCheckbox(safe_content(strings.AGENT_TERMS_SPOKEN), self.initial.accepted, id="termsAccepted")
            yield FieldError(id="termsAccepted-error")

    @staticmethod
    def _keys_line(accepted: bool) -> str:
        """What to do here, in one line with the keys (the terms' box needs every row it can get at 80x24)."""
        return strings.AGENT_TERMS_KEYS_TICKED if accepted else strings.AGENT_TERMS_KEYS
