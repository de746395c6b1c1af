"""The wizard in real terminal conditions: small, monochrome, keyboard only, and how fast it starts."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from smarthub_tui.screens.profile_menu import ProfileMenuScreen
from smarthub_tui.widgets import PasswordChecklist
from tests.support.harness import MEMBERS, Wizard, build_app

SMARTHUB_TUI = Path(sys.executable).with_name("smarthub-tui")


async def test_a_40x12_terminal_is_cramped_but_nothing_breaks() -> None:
    app, _ = build_app("pec", fast=True)
    async with app.run_test(size=(40, 12)) as pilot:
        wizard = Wizard(pilot, MEMBERS["pec"])
        await wizard.walk_to("my_profile")  # pec's walk ends signed in, on My Profile
        await pilot.resize_terminal(30, 8)
        await wizard.settle()
        await pilot.resize_terminal(80, 24)
        await wizard.at(ProfileMenuScreen)


async def test_no_color_mode_keeps_every_state_in_the_characters() -> None:
    app, _ = build_app("default", fast=True, no_color=True)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.no_color
        wizard = Wizard(pilot, MEMBERS["default"])
        screen = await wizard.walk_to("terms")
        box = screen.query_one("#termsAccepted")
        assert box.render().plain.startswith("[ ]")
        await wizard.press("space")
        assert box.render().plain.startswith("[✓]")
        await wizard.press("enter")
        screen = await wizard.continue_to("password")
        checklist = screen.query_one(PasswordChecklist)
        assert "· not yet" in checklist.render().plain and "✗" not in checklist.render().plain
        await wizard.type("abc")
        lines = checklist.render().plain
        assert "✓ met" in lines and "· not yet" in lines and "✗" not in lines
        await wizard.press("enter")
        assert "✗ not met" in checklist.render().plain


@pytest.mark.slow
def test_the_first_screen_paints_before_the_server_is_imported() -> None:
    """Launch the real command in a pseudo-terminal; time the first paint and the welcome screen.

    The embedded demo's first screen is the welcome screen itself: its
    settings are the local profile and the server is built behind it, so
    there is no "Connecting…" to show (bench/run.py times it to the first key).
    """
    first, ready = _time_launch([str(SMARTHUB_TUI)])
    print(f"\nfirst screen painted after {first:.2f} s; welcome screen ready after {ready:.2f} s")
    assert first <= ready
    assert ready < 5.0

    probe = (
        "import sys; from smarthub_tui.cli import make_app; app = make_app(); "
        "print(sorted(m for m in ('fastapi', 'PIL', 'zxcvbn', 'smarthub_tui.server', 'sqlalchemy') if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]", loaded


def _time_launch(argv: list[str], timeout: float = 30.0) -> tuple[float, float]:
    """Seconds until the program first draws and until the welcome screen appears in its output."""
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.environ["TERM"] = "xterm-256color"
        os.execv(argv[0], argv)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    start = time.perf_counter()
    output = b""
    first = ready = None
    try:
        while time.perf_counter() - start < timeout and ready is None:
            readable, _, _ = select.select([fd], [], [], 0.05)
            if not readable:
                continue
            try:
                output += os.read(fd, 65536)
            except OSError:
                break
            now = time.perf_counter() - start
            if first is None and b"\x1b[?1049h" in output:  # the full screen is taken: the first paint follows
                first = now
            if b"Welcome to SmartHub" in output:
                ready = now
    finally:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
        os.close(fd)
    assert first is not None and ready is not None, output[-500:]
    return first, ready
