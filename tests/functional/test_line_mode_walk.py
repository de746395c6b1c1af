"""Findings of a walk through the plain line mode as a blind member would use it.

Each test drives `smarthub-tui --plain` in a pseudo-terminal (see
test_line_mode.py) and checks one thing the walk found wrong.
"""

from __future__ import annotations

import pexpect

from tests.functional.test_line_mode import spawn


def quick(*args: str) -> pexpect.spawn:
    """`spawn` with a short timeout: a question that never comes fails in seconds, not a minute."""
    child = spawn(*args)
    child.timeout = 15
    return child


def test_the_reset_code_typed_by_hand_is_not_echoed() -> None:
    """The e-mailed reset code is a secret (the TUI masks it): typed at the prompt, it must not appear on the terminal."""
    child = quick("--profile", "default")
    child.expect(r"Type a number from 1 to 5: $")
    child.sendline("3")
    child.expect(r"E-Mail Address: $")
    child.sendline("nobody@example.com")
    child.expect(r"Code, hidden as you type \(or type inbox to read the demo inbox\): $")
    child.sendline("83920475")
    child.expect(r"New Password \(hidden as you type\): $")
    transcript = child.before
    child.sendline("cancel")
    child.close()
    assert "83920475" not in transcript


def test_a_refused_password_says_what_the_list_under_it_is() -> None:
    """The rules listed under a refused password are the ones still unmet: a heading says so (a bare list read as a mystery)."""
    child = quick("--profile", "default")
    child.expect(r"Type a number from 1 to 5: $")
    child.sendline("3")
    child.expect(r"E-Mail Address: $")
    child.sendline("nobody@example.com")
    child.expect(r"or type inbox to read the demo inbox\): $")
    child.sendline("83920475")
    child.expect(r"New Password \(hidden as you type\): $")
    child.sendline("Short1")
    child.expect(r"Confirm Password \(hidden as you type\): $")
    child.sendline("Short1")
    child.expect(r"Error: New Password: [^\n]*\n[^\n]*\n")
    child.expect(r"New Password \(hidden as you type\): $")
    listed = child.before
    child.sendline("cancel")
    child.close()
    assert "Still to meet:\r\n  - At least 15 characters" in listed, listed
