"""The wizard's process settles its heap once after start-up: start-up objects frozen, fewer collections (issue 11)."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest

from smarthub_tui import heap

SCRIPT = """
import gc
from smarthub_tui import heap
import smarthub_tui.app  # start-up objects: Textual, pydantic, the screens
assert gc.get_freeze_count() == 0
heap.settle()
frozen = gc.get_freeze_count()
assert frozen > 10000, frozen
assert gc.get_threshold() == heap.THRESHOLDS
gc.set_threshold(700, 10, 10)
heap.settle()  # once per process: a second app in the same process changes nothing
assert gc.get_freeze_count() == frozen and gc.get_threshold() == (700, 10, 10)
print("ok")
"""


def test_settle_freezes_the_start_up_objects_once() -> None:
    # In a process of its own: freezing the test runner's heap would outlive the test.
    run = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120, check=False)
    assert run.stdout.strip() == "ok", run.stderr[-2000:]


async def test_the_embedded_build_settles_the_heap_in_its_thread(monkeypatch) -> None:
    from smarthub_tui import heap
    from smarthub_tui.backend.deferred import DeferredBackend

    settled: list[int] = []
    monkeypatch.setattr(heap, "settle", lambda: settled.append(1))

    class Built:
        async def aclose(self) -> None:
            pass

    deferred = DeferredBackend(Built, after_build=lambda: heap.settle())  # type: ignore[arg-type]
    await deferred.ready()
    assert settled == [1]


START_SCRIPT = """
import gc
from smarthub_tui import cli, heap

seen = []

def make_app(**kwargs):
    seen.append(gc.get_threshold())
    raise SystemExit(0)

cli.make_app = make_app
cli.wants_plain = lambda plain=False: False  # full screen, though this process has no terminal
try:
    cli.main([])
except SystemExit:
    pass
assert seen == [heap.THRESHOLDS], seen
print("ok")
"""


def test_the_full_screen_start_imports_under_the_settled_thresholds() -> None:
    # Importing Textual, pydantic and the screens with the default thresholds costs full collections of a growing heap
    # before the welcome takes keys; the app is built (and its imports run) with the thresholds `settle` keeps anyway.
    run = subprocess.run([sys.executable, "-c", START_SCRIPT], capture_output=True, text=True, timeout=120, check=False)
    assert run.stdout.strip() == "ok", run.stderr[-2000:]


# --- no collections at all until the first screen takes keys ---

PAUSE_SCRIPT = """
import gc
from smarthub_tui import heap

heap.quiet_start()
assert not gc.isenabled(), "collecting during the start"
heap.settle()
assert gc.isenabled() and gc.get_threshold() == heap.THRESHOLDS
print("ok")
"""

RESUME_SCRIPT = """
import gc, time
from smarthub_tui import heap

heap.START_SECONDS = 0.05
heap.quiet_start()
deadline = time.monotonic() + 10
while not gc.isenabled() and time.monotonic() < deadline:
    time.sleep(0.01)
assert gc.isenabled() and gc.get_threshold() == heap.THRESHOLDS
print("ok")
"""


def test_the_start_collects_nothing_until_the_heap_settles() -> None:
    # The start's objects all survive: collecting them (a dozen young collections, about 9 ms) only delays the first keys.
    run = subprocess.run([sys.executable, "-c", PAUSE_SCRIPT], capture_output=True, text=True, timeout=120, check=False)
    assert run.stdout.strip() == "ok", run.stderr[-2000:]


def test_the_collector_comes_back_even_if_nothing_settles() -> None:
    run = subprocess.run([sys.executable, "-c", RESUME_SCRIPT], capture_output=True, text=True, timeout=120, check=False)
    assert run.stdout.strip() == "ok", run.stderr[-2000:]
# --- between steps: heap.tidy ---


def test_tidy_frees_a_screen_left_behind_in_the_oldest_generation(monkeypatch: pytest.MonkeyPatch) -> None:
    """A screen left behind is a web of cycles that has reached the oldest generation by then: `tidy` frees it (issue 11: memory)."""
    import weakref

    class Screen:
        pass

    monkeypatch.setattr(heap, "_settled", True)
    left = Screen()
    left.self = left  # type: ignore[attr-defined]
    gone = weakref.ref(left)
    enabled = gc.isenabled()
    gc.disable()  # no automatic collection frees it by chance: only `tidy`
    try:
        gc.collect(1)
        gc.collect(1)  # promoted to the oldest generation, as a screen's widgets are by the time it is left
        del left
        gc.collect(1)
        assert gone() is not None
        heap.tidy()
        assert gone() is None
    finally:
        if enabled:
            gc.enable()


def test_tidy_leaves_the_start_to_settle(monkeypatch: pytest.MonkeyPatch) -> None:
    """Before the heap is settled (the start), tidying collects nothing: `settle` collects and freezes it then."""
    monkeypatch.setattr(heap, "_settled", False)
    junk = [[object()] for _ in range(20000)]
    del junk
    gc.collect(0)
    before = gc.get_count()[1]
    heap.tidy()
    assert gc.get_count()[1] == before
