"""Screen 9, account verification: the code from the e-mail, or the temporary password.

`link` style (JECEC, default): "Check your inbox for a verification email" —
the code from the Verify Account e-mail (`verify_account`).  `temporaryPassword`
style (PEC): the e-mailed temporary password, which logs the member in
(`login`) and is carried to the next step as the current password, so it is
typed once.  On a demo backend F3 opens the demo inbox, where the e-mail can
be read and its code taken into the field without a mail client.

The code field takes the whole Verify Account link as well as the code: a
pasted link (even one a mail client wrapped over two lines) turns into the
code it carries as it lands, so the person sees what will be sent; a link
typed by hand is read the same way on submit, by the controller.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from smarthub_tui import strings
from smarthub_tui.pasted import looks_like_link
from smarthub_tui.profiles import VerificationStyle
from smarthub_tui.screens.inbox import CodeFromInboxScreen
from smarthub_tui.state import VerifyAnswers
from smarthub_tui.steps import VerifyStep
from smarthub_tui.widgets import SafeText, SecretInput


class CodeInput(Input):
    """The verification code field: a paste is read by `read` (the controller), so a pasted link becomes its code.

    Textual's `Input` keeps only the first line of a paste, which cuts a
    wrapped link in two; here the whole paste is read.  A pasted link
    replaces what the field held (a link is never part of a code); a pasted
    code goes in at the cursor as usual, without its line breaks.
    """

    def __init__(self, value: str, read: Callable[[str], str], *, id: str, max_length: int) -> None:
        super().__init__(value, id=id, max_length=max_length)
        self._read = read

    def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()  # not Input's own handler as well
        event.stop()
        pasted = "".join(event.text.split())
        if not pasted:
            return
        if looks_like_link(pasted):
            self.value = self._read(event.text) or pasted
            self.cursor_position = len(self.value)
        elif self.selection.is_empty:
            self.insert_text_at_cursor(pasted)
        else:
            self.replace(pasted, *self.selection)


class VerifyScreen(CodeFromInboxScreen):
    """The code (or temporary password); dismisses with `Next(VerifyAnswers)` once signed in."""

    BINDINGS = [Binding("f3", "inbox", strings.KEY_INBOX)]

    controller: VerifyStep
    initial: VerifyAnswers
    busy_text = strings.BUSY_SIGNING_IN

    @property
    def link_style(self) -> bool:
        """True for a verification code, False for a temporary password."""
        return self.controller.style is VerificationStyle.LINK

    def compose_body(self) -> ComposeResult:
        texts = self.profile.texts
        yield SafeText(texts.verifyLinkIntro if self.link_style else texts.verifyTemporaryIntro, classes="intro")
        if self.controller.email:  # none when a member back with the code (verify later) left the welcome's e-mail empty
            yield SafeText(strings.LABEL_EMAIL_IS.format(email=self.controller.email), classes="note", single_line=True)
        if self.link_style:
            read = lambda text: self.controller.code(VerifyAnswers(text))  # noqa: E731
            control = CodeInput(self.initial.code, read, id="code", max_length=self.max_length("code"))
        else:
            control = SecretInput(self.initial.code, id="code", max_length=self.max_length("code"))
        yield self.field_row("code", control)
        if self.controller.demo:
            yield SafeText(strings.LABEL_VERIFY_DEMO_HINT, classes="note")

    def collect(self) -> VerifyAnswers:
        field = self.query_one("#code")
        return VerifyAnswers(code=field.value if isinstance(field, (Input, SecretInput)) else "")

