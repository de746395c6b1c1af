"""Feed the plain line mode from answers, the way a person at the keyboard would, without a terminal.

`ScriptedInput` is the line mode's stdin: each time the front end reads a
line it looks at the question just printed (the last line of the output)
and answers it from an answers mapping (step -> contract field -> value, as
an answers file holds them), by the question's words, the way a person
reads a prompt.  It knows no step order, so a test driven by it checks that
each question is asked in words a person can answer.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import Any

CHOICES = re.compile(r"Type a number from 1 to (\d+): $")
"""A numbered list's question; the options are the numbered lines printed just above it."""

PROMPTS: list[tuple[str, tuple[str, str] | str]] = [
    (r"Account Number[^\n]*: $", ("register", "accountNumber")),
    (r"Last Name or Business[^\n]*: $", ("register", "lastNameOrBusiness")),
    (r"Confirm E-?[Mm]ail Address[^\n]*: $", ("register", "confirmEmail")),
    (r"E-?[Mm]ail Address[^\n]*: $", ("register", "email")),
    (r"Billing ZIP[^\n]*: $", ("identity", "billingZip")),
    (r"Mailing ZIP[^\n]*: $", ("identity", "mailingZip")),
    (r"(SSN|Tax ID)[^\n]*: $", ("identity", "ssn4")),
    (r"^Answer \(hidden as you type\): $", ("hint", "hintAnswer")),
    (r"I'm not a robot \(yes or no\): $", "yes"),
    (r"or type inbox to read the demo inbox\): $", "inbox"),
    (r"from this e-mail\? \(yes or no\): $", "yes"),
    (r"New Password \(hidden as you type\): $", ("password", "newPassword")),
    (r"Confirm Password \(hidden as you type\): $", ("password", "confirmPassword")),
    (r"Security Phrase \(hidden as you type\): $", ("security_phrase", "phrase")),
    (r"Press Enter: [^\n]*\. $", ""),
    (r"\(yes or no\): $", "yes"),  # the terms' "I accept"
]
"""The question's words, and what to answer: a fixed word, or the (step, field) of the answers."""


class ScriptedInput(io.TextIOBase):
    """A stdin that answers the question last printed on `output` from `answers`; empty (end of input) when done."""

    def __init__(self, output: io.StringIO, answers: Mapping[str, Mapping[str, Any]], *, stop_after: str = "Press Enter: Done.") -> None:
        self.output = output
        self.answers = answers
        self.stop_after = stop_after
        self.stopping = False
        self.asked: list[str] = []

    def readline(self, size: int | None = -1) -> str:
        hidden = "hidden as you type" in self.output.getvalue().rsplit("\n", 1)[-1]
        line = self._answer()
        if not hidden:
            self.output.write(line or "\n")  # what a terminal echoes (for a secret, the line mode writes the newline)
        return line

    def _answer(self) -> str:
        """The line typed for the question just printed."""
        printed = self.output.getvalue()
        prompt = printed.rsplit("\n", 1)[-1]
        self.asked.append(prompt)
        if prompt.startswith(self.stop_after):
            self.stopping = True
            return "\n"
        if CHOICES.search(prompt):
            return f"{self.choose(printed)}\n"
        for pattern, answer in PROMPTS:
            if re.search(pattern, prompt):
                return f"{self.value(answer)}\n"
        raise AssertionError(f"no answer for the question {prompt!r}")

    def choose(self, printed: str) -> int:
        """The number to type at a numbered list: Register (then Quit) at the welcome menu, else the answers' choice."""
        lines = printed.split("\n")[:-1]
        options: list[str] = []
        for line in reversed(lines):
            numbered = re.match(r"(\d+)\. (.*)", line)
            if not numbered:
                break
            options.insert(0, numbered.group(2))
        if options and options[-1] == "Quit":
            return len(options) if self.stopping else 2  # the welcome menu: register, and quit (the last) once done
        paperless = self.answers.get("paperless", {}).get("paperless")
        if len(options) == 2 and isinstance(paperless, bool):
            return 1 if paperless else 2  # the co-op's Yes comes first
        question = self.answers.get("hint", {}).get("hintQuestion")
        if question in options:
            return options.index(question) + 1
        raise AssertionError(f"no answer among {options}")

    def value(self, answer: tuple[str, str] | str) -> str:
        """The text typed for `answer`: a fixed word, a choice's number, or the answer file's value."""
        if isinstance(answer, str):
            return answer
        step, field = answer
        value = self.answers.get(step, {}).get(field)
        return "" if value is None else str(value)

    def isatty(self) -> bool:
        return False
