"""The runner, the steps and everything under them load no Textual: other front ends (and their start-up time) depend on it."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE = [
    "smarthub_tui.runner",
    "smarthub_tui.registry",
    "smarthub_tui.steps",
    "smarthub_tui.flow",
    "smarthub_tui.state",
    "smarthub_tui.backend.base",
    "smarthub_tui.backend.http",
    "smarthub_tui.backend.prefetch",  # it runs before Textual is imported
    "smarthub_tui.profile_data",  # it runs before Textual is imported
    "smarthub_tui.frontends.lines",
]


@pytest.mark.parametrize("module", CORE)
def test_importing_it_in_a_fresh_interpreter_loads_no_textual(module: str) -> None:
    code = (
        f"import sys, importlib; importlib.import_module({module!r}); "
        "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')); "
        "print(','.join(loaded))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.strip() == "", f"{module} loaded {result.stdout.strip()}"
