"""The password rules, ticked off live while the person types.

People choose a password faster and with fewer rejections when they can see
which rule is still unmet, rather than reading an error after submitting.
`PasswordChecklist` lists every rule of the co-op's `PasswordPolicy` (the
same `validation.password_rules()` the server enforces, so the two cannot
disagree) and a "passwords match" line.  Each line has a glyph *and* a word
("✓ met" / "· not yet" / "✗ not met"), so it reads in monochrome and to a
screen reader; colour only adds to that.

A rule is only shown as failed when it is: before anything is typed every
line is neutral ("· not yet", no colour), since nobody has broken a rule by
not having typed yet.  While typing, a rule still to be met by typing on
(length, a capital, a number, a symbol, a confirmation that is so far a
start of the password) stays neutral until met; a rule the typing has broken
(too long, the e-mail address in it, a common password, a confirmation that
already differs) is failed at once, since it will not mend by itself and
the person should know before submitting.  After a submit (or the server's
verdict) every unmet rule is failed: the person asked to be judged.

The widget never keeps the password: it keeps the rules' verdicts, plus a
keyed digest (random key per widget) to notice when the password changes.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widget import Widget

from smarthub_tui.text import inert
from smarthub_tui.validation import Rule, password_rules

if TYPE_CHECKING:
    from smarthub_tui.profiles import PasswordPolicy

__all__ = ["PasswordChecklist"]

MET = "✓ met    "
UNMET = "✗ not met"
PENDING = "· not yet"
MET_STATE, PENDING_STATE, UNMET_STATE = "met", "pending", "unmet"
STILL_TO_TYPE = frozenset({"min", "upper", "lower", "digit", "special"})
"""Rules that more typing can still meet: neutral, not failed, until a submit."""
MATCH_KEY = "match"
MATCH_LABEL = "Both passwords are the same"


class PasswordChecklist(Widget):
    """One line per password rule, each "✓ met", "· not yet" or "✗ not met", updated by `update_for()`.

    `update_for(password, confirm)` re-checks everything (call it on every
    change of either field); `show_failures()` marks a submit (unmet rules
    are failed from then on); `show_server_rules(rules)` shows the server's
    verdict in place of the local one until the password changes; `rules`,
    `states` and `all_met` say where things stand.
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
    PasswordChecklist > .password-checklist--pending {
        color: $text-muted;
    }
    """

    COMPONENT_CLASSES = {"password-checklist--met", "password-checklist--unmet", "password-checklist--pending"}

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
        self._typed = False
        self._match_broken = False
        self._judged = bool(self._server)

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
    def states(self) -> dict[str, str]:
        """Each line's key and how it is shown: `MET_STATE`, `PENDING_STATE` (neutral) or `UNMET_STATE` (failed)."""
        return {rule.key: self._state(rule) for rule in self.rules}

    def _state(self, rule: Rule) -> str:
        if rule.met:
            return MET_STATE
        if self._judged:
            return UNMET_STATE
        if rule.key == MATCH_KEY:
            return UNMET_STATE if self._match_broken else PENDING_STATE
        if not self._typed or rule.key in STILL_TO_TYPE:
            return PENDING_STATE
        return UNMET_STATE

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
        self._typed = bool(password)
        # A confirmation is broken once it stops being the start of the password.
        self._match_broken = bool(confirm) and not password.startswith(confirm or "")
        self.refresh(layout=True)
        return self.rules

    def show_failures(self) -> None:
        """The person submitted: from now on every unmet rule is shown failed, not "not yet"."""
        self._judged = True
        self.refresh(layout=True)

    def show_server_rules(self, rules: Iterable[Rule]) -> None:
        """Show the server's verdict: its rules replace local ones with the same key, others are added."""
        self._server = list(rules)
        self._judged = True
        self.refresh(layout=True)

    def render(self) -> Content:
        marks = {
            MET_STATE: (MET, self.get_visual_style("password-checklist--met")),
            PENDING_STATE: (PENDING, self.get_visual_style("password-checklist--pending")),
            UNMET_STATE: (UNMET, self.get_visual_style("password-checklist--unmet")),
        }
        lines = []
        for rule in self.rules:
            label = inert(rule.label, single_line=True)
            lines.append(Content.assemble(marks[self._state(rule)], "  ", label))
        return Content("\n").join(lines)
