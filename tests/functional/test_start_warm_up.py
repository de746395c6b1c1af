"""Behind the welcome screen, once it takes keys: the deferred backend is built and the other screens are loaded (issue 11)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from smarthub_tui.screens.welcome import WelcomeScreen
from tests.support.harness import Wizard, build_app


async def test_the_welcome_screen_warms_up_the_wizard_once_drawn(monkeypatch: pytest.MonkeyPatch) -> None:
    from smarthub_tui.screens import welcome

    loaded: list[str] = []
    monkeypatch.setattr(welcome, "preload", lambda: loaded.append("screens"))
    app, _ = build_app("default", fast=True)
    warmed: list[str] = []
    monkeypatch.setattr(app.wizard, "warm_up", lambda: warmed.append("backend"))
    async with app.run_test(size=(80, 24)) as pilot:
        driver = Wizard(pilot)
        await driver.at(WelcomeScreen)
        await driver.settle()
        assert warmed == ["backend"]
        assert loaded == ["screens"]


def test_preload_imports_every_step_screen() -> None:
    script = (
        "import sys\n"
        "from smarthub_tui.registry import STEPS\n"
        "from smarthub_tui.screens import preload\n"
        "preload()\n"
        "missing = [r.screen[0] for r in STEPS.values() if 'smarthub_tui.screens.' + r.screen[0] not in sys.modules]\n"
        "print(missing)\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert run.stdout.strip() == "[]", run.stderr[-2000:]
