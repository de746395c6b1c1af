"""The common-password list is read from zxcvbn's file, not by importing all six of its lists (issue 11: memory)."""

from __future__ import annotations

import subprocess
import sys

from smarthub_tui.validation import _common_passwords, is_common_password


def test_the_list_is_zxcvbns_passwords_escapes_and_all() -> None:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    passwords = FREQUENCY_LISTS["passwords"]
    assert _common_passwords() == "," + ",".join(passwords) + ","
    assert all(is_common_password(password) for password in passwords)
    assert is_common_password("pic's")  # written "pic\\'s" in zxcvbn's source
    assert is_common_password("Dragon")


def test_only_whole_entries_are_common() -> None:
    first, second = _common_passwords().split(",")[1:3]
    assert not is_common_password(f"{first},{second}")  # two entries and the comma between them
    assert not is_common_password(first[1:] + "\u00e9" + second[:-1])
    assert not is_common_password("")
    assert not is_common_password(",")
    assert not is_common_password("Kettle-Blue-Gate-42")


def test_the_loaded_list_is_small() -> None:
    """One string of 212 KB: a set of its 30,000 entries took about 3.5 MiB of the wizard's peak memory (issue 11)."""
    script = (
        "import tracemalloc\n"
        "from smarthub_tui.validation import is_common_password\n"
        "tracemalloc.start()\n"
        "assert is_common_password('letmein')\n"
        "print(tracemalloc.get_traced_memory()[0])\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    assert int(run.stdout) < 512 * 1024


def test_reading_it_imports_none_of_zxcvbn() -> None:
    script = (
        "import sys\n"
        "from smarthub_tui.validation import is_common_password\n"
        "assert is_common_password('letmein')\n"
        "print(sorted(m for m in sys.modules if m.startswith('zxcvbn')))\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert run.stdout.strip() == "[]", run.stdout + run.stderr[-2000:]
