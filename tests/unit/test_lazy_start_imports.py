"""What the welcome screen imports before it takes keys: not the embedded demo, which is built behind it (issue 11)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from smarthub_tui.profile_data import BUILTIN_PROFILES
from tests.support.settings_server import serving_settings

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


# --- no pydantic before the welcome takes keys (profile_data.UncheckedProfile) ---

FULL_SCREEN = """
import sys
from textual.app import App
from smarthub_tui import cli
from smarthub_tui.screens import welcome

run = App.run
App.run = lambda self, **kw: run(self, headless=True, size=(80, 24))
cli.wants_plain = lambda *args, **kwargs: False  # the full screen, as in a terminal
"""
START = FULL_SCREEN + """
def ready(self):
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("pydantic", "pydantic_core"))
    print("loaded:", loaded[:3] or "none", flush=True)
    self.app.exit()

welcome.WelcomeScreen._warm_up = ready
sys.exit(cli.main(sys.argv[1:]))
"""


def test_the_start_script_sees_pydantic_where_it_is_imported() -> None:
    """The check below can fail: with the profiles module imported first, pydantic is seen."""
    run = subprocess.run(
        [sys.executable, "-c", "import smarthub_tui.profiles\n" + START], capture_output=True, text=True, timeout=120, check=False
    )
    assert "loaded: ['pydantic'" in run.stdout, run.stdout + run.stderr[-2000:]


def start(*argv: str) -> subprocess.CompletedProcess[str]:
    """`smarthub-tui ARGV` up to the welcome taking keys (headless), in a process of its own."""
    return subprocess.run([sys.executable, "-c", START, *argv], capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize("profile", [*BUILTIN_PROFILES, "file"])
def test_the_full_screen_start_imports_no_pydantic_before_the_welcome(profile: str, tmp_path: Path) -> None:
    """The welcome shows the profile's words read as plain data; pydantic validates it behind the welcome."""
    if profile == "file":  # as the benchmark starts it: a profile file that extends a built-in one
        path = tmp_path / "bench.toml"
        path.write_text('extends = "default"\nprofileId = "bench"\ncaptchaDifficultyBits = 8\n', encoding="utf-8")
        profile = str(path)
    run = start("--profile", profile)
    assert "loaded: none" in run.stdout, run.stdout + run.stderr[-2000:]


def test_over_http_the_start_imports_no_pydantic_before_the_welcome(settings_url: str) -> None:
    run = start("--server", settings_url)
    assert "loaded: none" in run.stdout, run.stdout + run.stderr[-2000:]


@pytest.fixture
def settings_url() -> Iterator[str]:
    """A plain HTTP server answering the settings path with PEC's settings."""
    from smarthub_tui.profiles import load_profile

    with serving_settings(load_profile("pec").model_dump(mode="json")) as url:
        yield url


def test_a_profile_that_is_not_valid_still_stops_the_full_screen_with_its_error(tmp_path: Path) -> None:
    """Validated behind the welcome, it stops the wizard before anything is sent, with `--profile`'s usual error and status 2."""
    bad = tmp_path / "bad.toml"
    bad.write_text('extends = "default"\nprofileId = "bad"\nfailedLoginLockoutLimit = 0\n', encoding="utf-8")
    script = FULL_SCREEN + "sys.exit(cli.main(sys.argv[1:]))\n"
    run = subprocess.run([sys.executable, "-c", script, "--profile", str(bad)], capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 2, run.stdout[-2000:] + run.stderr[-2000:]
    assert f"smarthub-tui: error: --profile: {bad}: failedLoginLockoutLimit: Input should be greater than or equal to 1" in run.stderr
