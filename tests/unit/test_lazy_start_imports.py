"""What the welcome screen imports before it takes keys: not the embedded demo, which is built behind it (issue 11)."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
import smarthub_tui.app
import smarthub_tui.screens.welcome
late = sorted({"smarthub_tui.backend.embedded", "httpx"} & set(sys.modules))
print(late or "ok")
"""


def test_the_welcome_does_not_import_the_embedded_demo_or_httpx() -> None:
    # In a process of its own: the test runner has imported everything already.
    run = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120, check=False)
    assert run.stdout.strip() == "ok", run.stdout + run.stderr[-2000:]
