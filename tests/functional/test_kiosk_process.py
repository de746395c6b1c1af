"""A real kiosk process in a pseudo-terminal: Ctrl+C, Ctrl+Z and Ctrl+\\ (keys or signals) do not stop it; it writes no file.

Textual's Linux driver turns ISIG off in raw mode, so those keys arrive as
keys; the kiosk also ignores SIGINT, SIGTSTP and SIGQUIT for when they come
as signals (before raw mode, or from `kill`).  Each check ends by asking the
process for something only a live kiosk can show (the operator's dialog),
rather than by waiting a while.  HOME, the XDG directories and the working
directory are empty temporary directories, and must still be empty after a
visitor has typed in a registration and the operator has left.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pexpect
import pytest
from argon2 import PasswordHasher

ROOT = Path(__file__).resolve().parents[2]
PIN = "2468"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals and POSIX signals")


def files_under(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


def spawn_kiosk(tmp_path: Path, home: Path) -> pexpect.spawn:
    config = tmp_path / "kiosk.toml"
    pin_hash = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PIN)
    config.write_text(f'operator_pin_hash = "{pin_hash}"\n', encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key not in ("NO_COLOR", "ACCESSIBLE", "TEXTUAL_ALLOW_SIGNALS")}
    env.update(
        TERM="xterm-256color",
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_STATE_HOME=str(home / ".local" / "state"),
        XDG_CACHE_HOME=str(home / ".cache"),
        PYTHONPATH=str(ROOT),
        PYTHONDONTWRITEBYTECODE="1",
    )
    child = pexpect.spawn(
        sys.executable,
        ["-m", "smarthub_tui", "--mode", "kiosk", "--kiosk-config", str(config)],
        env=env,
        cwd=str(home),
        encoding="utf-8",
        timeout=60,
        dimensions=(24, 80),
    )
    child.logfile_read = open(os.environ["KIOSK_LOG"], "a") if os.environ.get("KIOSK_LOG") else None
    return child


def operator_leaves(child: pexpect.spawn) -> None:
    child.send("\x1b[24~")  # F12
    child.expect("Operator")
    child.send(PIN + "\r")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_ctrl_c_ctrl_z_and_ctrl_backslash_do_not_stop_a_kiosk(tmp_path: Path, home: Path) -> None:
    child = spawn_kiosk(tmp_path, home)
    child.expect("Can't access your account")
    for key in ("\x03", "\x1a", "\x1c", "\x11"):  # Ctrl+C, Ctrl+Z, Ctrl+\, Ctrl+Q from the terminal
        child.send(key)
    for number in (signal.SIGINT, signal.SIGTSTP, signal.SIGQUIT):  # and as signals
        child.kill(number)
    child.send("\x1b[24~")  # F12: only a live, running kiosk opens the operator's dialog
    child.expect("Operator")
    assert child.isalive()
    child.send("\x1b")  # Esc: back to the wizard
    operator_leaves(child)


def test_a_kiosk_writes_no_file_while_a_visitor_registers(tmp_path: Path, home: Path) -> None:
    child = spawn_kiosk(tmp_path, home)
    child.expect("Can't access your account")
    child.send("1000234567\r")  # a barcode scanner: the account number from a bill, then Enter
    child.expect("Account Number")
    child.send("Doe\tjane.doe@example.com\tjane.doe@example.com\r")
    child.expect("Step 2 of")
    operator_leaves(child)
    assert files_under(home) == []
