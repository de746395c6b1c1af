"""Manage contacts in the plain line mode: the list, an action by number, a form, the code from the demo inbox, Done.

As in test_wizard_contacts.py the step is put into the sign-in plan for the
test (a monkeypatch of `flow.SIGN_IN_STEPS`); the member, registered through
the API with a password, signs in from the welcome menu.  The script answers
each question by its words, in order, and fails on a question it did not
expect.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pytest

from smarthub_tui import flow
from smarthub_tui.backend.http import HttpBackend
from smarthub_tui.flow import StepId
from smarthub_tui.frontends.lines import LineFrontEnd
from smarthub_tui.profiles import load_profile
from smarthub_tui.runner import Runner
from smarthub_tui.steps import Wizard
from tests.support.harness import MEMBERS, build_app, register_by_api

Answer = str | Callable[[str], str]


def option(label: str) -> Callable[[str], str]:
    """The number of the listed option that starts with `label` (the last list printed)."""

    def number(printed: str) -> str:
        found = re.findall(rf"^(\d+)\. {re.escape(label)}", printed, re.MULTILINE)
        assert found, f"no option {label!r} in:\n{printed[-800:]}"
        return found[-1]

    return number


class Script(io.TextIOBase):
    """Stdin that answers each question in turn: (the question's words, the answer); anything else fails."""

    def __init__(self, output: io.StringIO, steps: list[tuple[str, Answer]]) -> None:
        self.output = output
        self.steps = list(steps)

    def readline(self, size: int | None = -1) -> str:
        printed = self.output.getvalue()
        prompt = printed.rsplit("\n", 1)[-1]
        if not self.steps:
            return ""  # end of input
        pattern, answer = self.steps.pop(0)
        assert re.search(pattern, prompt), f"expected {pattern!r}, asked {prompt!r}\n{printed[-1200:]}"
        line = answer(printed) if callable(answer) else answer
        self.output.write(line + "\n")
        return line + "\n"


@pytest.fixture(autouse=True)
def contacts_after_sign_in(monkeypatch):
    monkeypatch.setattr(flow, "SIGN_IN_STEPS", (StepId.CONTACTS, StepId.FINISHED))


async def test_the_line_mode_adds_confirms_and_removes_contacts() -> None:
    member = MEMBERS["default"]
    app, transport = build_app("default", fast=True)
    await register_by_api(transport, load_profile("default"), member)
    output = io.StringIO()
    choose = r"Type a number from 1 to \d+: $"
    script = Script(
        output,
        [
            (choose, "1"),  # Login
            (r"E-Mail Address: $", member.email),
            (r"Password \(hidden as you type\): $", member.password),
            (choose, option("Add an e-mail contact")),
            (r"E-Mail Address: $", "jane.work@example.org"),
            (r"Confirmation Code \(or type inbox to read the demo inbox\): $", "wrong"),
            (r"Confirmation Code \(or type inbox to read the demo inbox\): $", "inbox"),
            (r"\(yes or no\): $", "yes"),
            (choose, option("Add a mobile number")),
            (r"Mobile Number: $", "555-0123"),  # refused here: no area code
            (r"Mobile Number: $", "(512) 555-0123"),
            (r"Confirmation Code \(or type inbox to read the demo inbox\): $", "back"),  # to the list, still pending
            (choose, option("Enter the code sent to (512) 555-0123")),
            (r"Confirmation Code \(or type inbox to read the demo inbox\): $", "inbox"),
            (r"\(yes or no\): $", "yes"),
            (choose, option("Remove jane.work@example.org")),
            (r"Remove jane.work@example.org\? .*\(yes or no\): $", "yes"),
            (choose, option("Done")),
            (r"Press Enter: Done\. $", ""),
        ],
    )
    front_end = LineFrontEnd(stdin=script, stdout=output)
    backend = HttpBackend(transport.base_url, transport=transport, retry_pause=0)
    wizard = Wizard(lambda: backend)
    try:
        await Runner(wizard, front_end).run(walks=1)
    finally:
        await wizard.aclose()
    said = output.getvalue()
    assert not script.steps, said[-1500:]
    assert "We sent a code to jane.work@example.org." in said
    assert "This code is not valid" in said
    assert "jane.work@example.org is confirmed" in said
    assert "That is not a valid US mobile number" in said
    assert "(512) 555-0123 is confirmed" in said
    assert "jane.work@example.org was removed." in said
    last_list = said.rsplit("Your contacts", 1)[1]
    assert "(512) 555-0123  (active)" in last_list and "jane.work" not in last_list.split("What would")[0]
    assert "\x1b" not in said
