"""Findings of a walk through the plain line mode as a blind member would use it.

Each test drives `smarthub-tui --plain` in a pseudo-terminal (see
test_line_mode.py) and checks one thing the walk found wrong.
"""

from __future__ import annotations

from tests.functional.test_line_mode import spawn


def test_the_reset_code_typed_by_hand_is_not_echoed() -> None:
    """The e-mailed reset code is a secret (the TUI masks it): typed at the prompt, it must not appear on the terminal."""
    child = spawn("--profile", "default")
    child.expect(r"Type a number from 1 to 4: $")
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
