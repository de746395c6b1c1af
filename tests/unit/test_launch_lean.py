"""What the start does before the welcome takes keys, and what it leaves for behind it (issue 11, launch).

Each rule here is a cost measured in the start: work done twice, or modules
loaded that the welcome does not need.  Checked in a process of its own
(the test runner has imported everything already), up to the moment the
welcome screen takes keys, as the command line starts it.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.settings_server import serving_settings

START = """
import sys
from collections import Counter
from textual.app import App
from smarthub_tui import cli
from smarthub_tui.screens import welcome

run = App.run
App.run = lambda self, **kw: run(self, headless=True, size=(80, 24))
cli.wants_plain = lambda *args, **kwargs: False  # the full screen, as in a terminal

LATE = {
    "smarthub_tui.widgets.captcha_checkbox", "smarthub_tui.widgets.captcha_image", "smarthub_tui.proof_of_work", "hashlib",
    "textual.widgets._checkbox", "textual.widgets._radio_set",
}

def shown(self):
    parsed = Counter(key[1][1] for key in self.app.stylesheet._parse_cache.keys())
    print("parsed twice:", sorted(name for name, times in parsed.items() if times > 1 and name.endswith("DEFAULT_CSS")), flush=True)
    steps = sorted(m for m in sys.modules if m.startswith("smarthub_tui.steps."))
    print("steps:", steps, flush=True)
    print("loaded:", sorted(m for m in sys.modules if m in LATE), flush=True)
    print("toml:", "tomllib" in sys.modules, flush=True)
    self.app.exit()

layouts = []
laid_out = welcome.WelcomeScreen._refresh_layout
def counted(self, size=None, scroll=False):
    layouts.append(size)
    return laid_out(self, size, scroll)
welcome.WelcomeScreen._refresh_layout = counted
def ready(self):
    print("whole layouts:", len([size for size in layouts if size is not None]), flush=True)
    shown(self)

from smarthub_tui import profile_data
reads = []
read_toml = profile_data.read_toml
def counted_read(path):
    reads.append(path)
    return read_toml(path)
profile_data.read_toml = counted_read
def ready_and_reads(self):
    print("profile files read:", len(reads), flush=True)
    ready(self)

welcome.WelcomeScreen._warm_up = ready_and_reads
sys.exit(cli.main(sys.argv[1:]))
"""


def start(*argv: str) -> str:
    """What the start script printed, `smarthub-tui ARGV` up to the welcome taking keys (headless)."""
    run = subprocess.run([sys.executable, "-c", START, *argv], capture_output=True, text=True, timeout=120, check=False)
    assert "steps:" in run.stdout, run.stdout + run.stderr[-2000:]
    return run.stdout


def test_the_start_parses_no_widget_default_css_twice() -> None:
    """Button's and Input's CSS were parsed twice: once as the welcome's own, again when SecretInput's subclasses of them mounted.

    Textual keeps one copy of a class's CSS at the lowest tie-breaker any
    subclass registers it with, and parses it again each time that changes.
    """
    out = start("--profile", "pec")
    assert "Button.DEFAULT_CSS" not in out, out
    assert "Input.DEFAULT_CSS" not in out, out


def test_the_start_parses_no_default_css_twice() -> None:
    """Screen's and Widget's too: Textual's default screen registered them before the welcome registered them lower."""
    out = start("--profile", "pec")
    assert "parsed twice: []" in out, out


def test_the_start_imports_no_step_module_beyond_the_welcomes() -> None:
    """The other steps' controllers are imported behind the welcome (with their screens), not before it takes keys."""
    out = start("--profile", "pec")
    assert "steps: ['smarthub_tui.steps.base', 'smarthub_tui.steps.welcome']" in out, out


def test_the_welcome_is_laid_out_whole_once_before_it_takes_keys() -> None:
    """Its arrival lays it out; the start's terminal size, which the app re-sends once idle, laid it all out again (about 8 ms).

    Textual keeps the last Resize the terminal sent even when the size did
    not change and hands it to the screen when the app is first idle; at
    the size the screen is already laid out for there is nothing to redo
    (what changed since asks for its own layout).
    """
    out = start("--profile", "pec")
    assert "whole layouts: 1" in out, out


NO_THREAD_WAIT = """
import gc, threading, time
from smarthub_tui import heap

def refused(self):
    raise AssertionError("quiet_start waited for a thread to start")

threading.Thread.start = refused
heap.START_SECONDS = 0.05
heap.quiet_start()
assert not gc.isenabled(), "collecting during the start"
deadline = time.monotonic() + 10
while not gc.isenabled() and time.monotonic() < deadline:
    time.sleep(0.01)
assert gc.isenabled() and gc.get_threshold() == heap.THRESHOLDS
print("ok")
"""


def test_the_quiet_start_does_not_wait_for_its_watch_thread_to_start() -> None:
    """`threading.Thread.start` waits until the new thread runs: up to a scheduler tick or two on a busy machine, before any import.

    The watch that turns the collector back on should nothing settle the
    heap needs no more than a bare thread, started without that wait.
    """
    run = subprocess.run([sys.executable, "-c", NO_THREAD_WAIT], capture_output=True, text=True, timeout=120, check=False)
    assert run.stdout.strip() == "ok", run.stdout + run.stderr[-2000:]


def test_the_start_reads_a_profile_file_once(tmp_path: Path) -> None:
    """The command line's check and the welcome's words come from one reading of the file (and of the profile it extends)."""
    path = tmp_path / "bench.toml"
    path.write_text('extends = "default"\nprofileId = "bench"\ncaptchaDifficultyBits = 8\n', encoding="utf-8")
    out = start("--profile", str(path))
    assert "profile files read: 2" in out, out  # the file and default.toml


def test_the_start_imports_no_captcha_widget_checkbox_or_radio_set() -> None:
    """The welcome has no CAPTCHA, checkbox or radio set: their modules (and hashlib, which the proof of work needs) come behind it.

    About 4 ms of imports: `screens.base` named them for its handlers and
    its footer, `widgets` imported every widget at once.
    """
    out = start("--profile", "pec")
    assert "loaded: []" in out, out


@pytest.fixture
def settings_url() -> Iterator[str]:
    """A plain HTTP server answering the settings path with PEC's settings."""
    from smarthub_tui.profiles import load_profile

    with serving_settings(load_profile("pec").model_dump(mode="json")) as url:
        yield url


def test_over_http_the_start_reads_no_toml(settings_url: str) -> None:
    """The co-op's settings come from the server as JSON: tomllib (about 1 ms of imports) is not needed before the welcome."""
    out = start("--server", settings_url)
    assert "toml: False" in out, out
