"""The common-password list is read from zxcvbn's file, not by importing all six of its lists (issue 11: memory)."""

from __future__ import annotations

import subprocess
import sys

from smarthub_tui.validation import _common_passwords, is_common_password


def test_the_list_is_zxcvbns_passwords_escapes_and_all() -> None:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    assert _common_passwords() == frozenset(FREQUENCY_LISTS["passwords"])
    assert is_common_password("pic's")  # written "pic\\'s" in zxcvbn's source
    assert is_common_password("Dragon")


def test_reading_it_imports_none_of_zxcvbn() -> None:
    script = (
        "import sys\n"
        "from smarthub_tui.validation import is_common_password\n"
        "assert is_common_password('letmein')\n"
        "print(sorted(m for m in sys.modules if m.startswith('zxcvbn')))\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert run.stdout.strip() == "[]", run.stdout + run.stderr[-2000:]
