"""The password rules, ticked off live while the person types.

People choose a password faster and with fewer rejections when they can see
which rule is still unmet, rather than reading an error after submitting.
`PasswordChecklist` lists every rule of the co-op's `PasswordPolicy` (the
same `validation.password_rules()` the server enforces, so the two cannot
disagree) and a "passwords match" line.  Each line has a glyph *and* a word
("✓ met" / "✗ not met"), so it reads in monochrome and to a screen reader;
colour only adds to that.

The widget never keeps the password: it keeps the rules' verdicts, plus a
keyed digest (random key per widget) to notice when the password changes.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable

from textual.content import Content
from textual.widget import Widget

from smarthub_tui.profiles import PasswordPolicy
from smarthub_tui.text import inert
from smarthub_tui.validation import Rule, password_rules

__all__ = ["PasswordChecklist"]

MET = "✓ met    "
UNMET = "✗ not met"
MATCH_KEY = "match"
MATCH_LABEL = "Both passwords are the same"


class PasswordChecklist(Widget):
    """One line per password rule, each "✓ met" or "✗ not met", updated by `update_for()`.

    `update_for(password, confirm)` re-checks everything (call it on every
    change of either field); `show_server_rules(rules)` shows the server's
    verdict in place of the local one until the password changes; `rules`
    and `all_met` say where things stand.
    """

    DEFAULT_CSS = """
    PasswordChecklist {
        height: auto;
        width: 1fr;
        padding: 0 1;
    }
    PasswordChecklist > .password-checklist--met {
        color: $text-success;
    }
    PasswordChecklist > .password-checklist--unmet {
        color: $text-error;
    }
    """

    COMPONENT_CLASSES = {"password-checklist--met", "password-checklist--unmet"}

    def __init__(
        self,
        policy: PasswordPolicy,
        *,
        email: str = "",
        show_match: bool = True,
        server_rules: Iterable[Rule] | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._policy = policy
        self._email = email
        self._show_match = show_match
        self._key = os.urandom(16)
        self._digest = self._digest_of("")
        self._local: list[Rule] = password_rules(policy, "", email=email)
        self._match = Rule(MATCH_KEY, MATCH_LABEL, False)
        self._server: list[Rule] = list(server_rules or ())

    def on_mount(self) -> None:
        if self._policy.blocklist:
            # Load the common-password list off the UI thread, before the first keystroke needs it.
            from smarthub_tui.validation import is_common_password

            self.run_worker(lambda: is_common_password(""), thread=True, exit_on_error=False)

    def _digest_of(self, password: str) -> bytes:
        return hashlib.blake2b(password.encode("utf-8", "surrogatepass"), key=self._key).digest()

    @property
    def email(self) -> str:
        """The member's e-mail (for the "not your e-mail address" rule)."""
        return self._email

    @email.setter
    def email(self, email: str) -> None:
        self._email = email

    @property
    def rules(self) -> list[Rule]:
        """The lines as shown, in order: the rules (server verdict first), then the match line."""
        shown = list(self._local)
        server = {rule.key: rule for rule in self._server}
        shown = [server.pop(rule.key, rule) for rule in shown]
        shown.extend(server.values())
        if self._show_match:
            shown.append(self._match)
        return shown

    @property
    def all_met(self) -> bool:
        """True when every line is met (the form may be submitted)."""
        return all(rule.met for rule in self.rules)

    def update_for(self, password: str, confirm: str | None = None) -> list[Rule]:
        """Re-check `password` (and that `confirm` equals it); return the lines as shown."""
        digest = self._digest_of(password)
        if digest != self._digest:
            self._digest = digest
            self._server = []
        self._local = password_rules(self._policy, password, email=self._email)
        matched = bool(password) and confirm is not None and confirm == password
        self._match = Rule(MATCH_KEY, MATCH_LABEL, matched)
        self.refresh(layout=True)
        return self.rules

    def show_server_rules(self, rules: Iterable[Rule]) -> None:
        """Show the server's verdict: its rules replace local ones with the same key, others are added."""
        self._server = list(rules)
        self.refresh(layout=True)

    def render(self) -> Content:
        met_style = self.get_visual_style("password-checklist--met")
        unmet_style = self.get_visual_style("password-checklist--unmet")
        lines = []
        for rule in self.rules:
            label = inert(rule.label, single_line=True)
            mark = (MET, met_style) if rule.met else (UNMET, unmet_style)
            lines.append(Content.assemble(mark, "  ", label))
        return Content("\n").join(lines)
