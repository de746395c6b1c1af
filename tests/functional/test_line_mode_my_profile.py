"""My Profile in the plain line mode: the menu is a numbered choice, each item its own questions.

Why: the line mode asks any step from its `Field` data, so My Profile must
read as plain lines too (a screen reader, a serial console): the summary,
the items numbered, the phrase in force said to its owner before a new one
is asked, the unsubscribe confirmation as Yes / No, sign out, and the
welcome menu again.  Driven in-process by the questions' words.
"""

from __future__ import annotations

import io
import re

from smarthub_tui import strings
from smarthub_tui.backend.http import HttpBackend
from smarthub_tui.frontends.lines import LineFrontEnd, run_lines
from smarthub_tui.steps import Wizard
from tests.support.harness import build_app

ANA = {"email": "ana.alvarez@example.com", "password": "Demo-Pass1"}
"""The demo member registered before anyone runs the wizard (no paperless choice, no phrase yet)."""
PHRASE = "TEST-PHRASE purple otter"
NEW_PHRASE = "TEST-PHRASE green heron"


class Typist(io.TextIOBase):
    """A stdin that answers each question printed on `output` with the next answer whose pattern it matches."""

    def __init__(self, output: io.StringIO, script: list[tuple[str, str]]) -> None:
        self.output = output
        self.script = list(script)
        self.asked: list[str] = []

    def readline(self, size: int | None = -1) -> str:
        question = self.output.getvalue().rsplit("\n", 1)[-1]
        self.asked.append(question)
        if not self.script:
            return ""  # end of input
        pattern, answer = self.script[0]
        if not re.search(pattern, question):
            raise AssertionError(f"expected a question like {pattern!r}, got {question!r}:\n{self.output.getvalue()[-1500:]}")
        self.script.pop(0)
        if "hidden as you type" not in question:
            self.output.write(answer + "\n")  # what a terminal echoes (for a secret, the line mode writes the newline)
        return answer + "\n"


async def test_my_profile_as_plain_lines_phrase_then_unsubscribe() -> None:
    _, transport = build_app("default", fast=True)
    wizard = Wizard(lambda: HttpBackend(transport.base_url, transport=transport, retry_pause=0))
    out = io.StringIO()
    menu = r"Type a number from 1 to 6[^\n]*: $"
    script = [
        (r"Type a number from 1 to 5: $", "1"),  # the welcome menu: log in
        (r"E-Mail Address: $", ANA["email"]),
        (r"Password \(hidden as you type\): $", ANA["password"]),
        (r"Type a number from 1 to 2: $", "1"),  # paperless: yes (pending)
        (r"Security Phrase \(hidden as you type\): $", PHRASE),  # pending
        (menu, "2"),  # Update My Security Phrase
        (r"New Security Phrase \(hidden as you type\): $", NEW_PHRASE),
        (menu, "5"),  # Manage My Registered Accounts
        (r"Type a number from 1 to 2: $", "2"),  # No
        (menu, "5"),
        (r"Type a number from 1 to 2: $", "1"),  # Yes
        (r"Type a number from 1 to 5: $", "5"),  # the welcome menu again: quit
    ]
    status = await run_lines(wizard, LineFrontEnd(stdin=Typist(out, script), stdout=out))
    text = out.getvalue()
    assert status == 0, text[-2000:]
    assert "My Profile" in text
    items = ["1. Paperless Billing", "2. Update My Security Phrase", "3. Change Password"]
    items += ["4. Manage Contacts", "5. Manage My Registered Accounts", "6. Sign Out"]
    assert all(item in text for item in items), text
    assert strings.PHRASE_CURRENT.format(phrase=PHRASE) in text, "the phrase in force, said to its owner"
    assert f"{strings.LINE_NOTE} {strings.PHRASE_UPDATED}" in text, "news, not an error"
    assert strings.UNSUBSCRIBE_KEPT in text
    assert strings.UNSUBSCRIBED in text
    assert NEW_PHRASE not in text and ANA["password"] not in text, "what is typed hidden is never echoed"
    assert text.count("Paperless billing: on (bills by e-mail)") >= 1


async def test_sign_out_in_plain_lines_ends_the_session() -> None:
    _, transport = build_app("default", fast=True)
    wizard = Wizard(lambda: HttpBackend(transport.base_url, transport=transport, retry_pause=0))
    out = io.StringIO()
    script = [
        (r"Type a number from 1 to 5: $", "1"),
        (r"E-Mail Address: $", ANA["email"]),
        (r"Password \(hidden as you type\): $", ANA["password"]),
        (r"Type a number from 1 to 2: $", "2"),
        (r"Security Phrase \(hidden as you type\): $", PHRASE),
        (r"Type a number from 1 to 6[^\n]*: $", "6"),
        (r"Press Enter: Sign Out\. $", ""),
        (r"Type a number from 1 to 5: $", "5"),
    ]
    status = await run_lines(wizard, LineFrontEnd(stdin=Typist(out, script), stdout=out))
    text = out.getvalue()
    assert status == 0, text[-2000:]
    assert strings.SIGN_OUT_TEXT in text
    assert f"{strings.LINE_NOTE} {strings.SIGNED_OUT_DONE}" in text
    sessions = [path for method, path in transport.seen if "sign-out" in path]
    assert sessions, "the session was ended on the server"
