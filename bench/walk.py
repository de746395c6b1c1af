"""One whole `default` registration through the Textual wizard, headless, as a subject process of bench/run.py.

    python bench/walk.py bare|embedded|answers|http [--server URL] --profile FILE

Prints one JSON object on its last line, with the process's own peak RSS
(``peak_kib``, the kernel's VmHWM), so each figure is one fresh process
(nothing warmed by an earlier run, as for a person starting the wizard).
Not `os.wait4`'s ru_maxrss: Linux carries the parent's high-water mark
across fork and exec into the child's, so a child smaller than the
benchmark process that started it would be reported at the parent's size.

- ``embedded``: the wizard as ``smarthub-tui`` starts it (the demo server in
  the process), driven by the test harness's `Wizard` driver at 80x24 from
  the member of examples/answers/default.toml, one key event per key;
- ``http``: the same, against ``--server`` (a running smarthub-server);
- ``answers``: the same calls with no UI (the headless answers runner);
- ``bare``: the bare Textual app (bench/bare_app.py): ten Enter presses,
  each pushing a bare Label-and-Input screen (the bare step transition).

Each transition also reports the process's CPU time over it (`cpu_ms`, the
embedded server's threads included): on a busy machine the wall time is
mostly other processes' turns, the CPU time is this one's own work.

A step transition runs from the Enter (or Ctrl+N on the welcome screen)
that submits a valid form to the moment the next screen is ready for keys:
current, mounted, and not holding keys (the condition under which the
app's key queue lets a key through to it).  A poller looks every
millisecond.  In embedded mode the server's argon2 work is timed too
(hash and verify wrapped), so argon2-bound steps can be told apart.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import sys
import time
import weakref
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    # run as a script: the test harness lives in the repository, not the package.  Appended, so that a PYTHONPATH
    # naming another checkout (bench/run.py --against) is what this walk imports and measures.
    sys.path.append(str(ROOT))

SECRETS = {"SMARTHUB_NEW_PASSWORD": "Kettle-Blue-Gate-42", "SMARTHUB_PHRASE": "green gate at dawn", "SMARTHUB_SSN4": "4321"}
SUBMIT_KEYS = ("enter", "ctrl+n")
POLL = 0.001


class Watcher:
    """Notes when each new screen becomes ready for keys (polled every millisecond)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        # Weak: the wizard lets each screen go once the next one shows, and a list holding them all would keep
        # every screen of the registration alive, in a walk that measures the process's peak memory.
        self.ready: list[tuple[float, weakref.ref[Any]]] = []
        self.cpu: dict[int, float] = {}  # id(screen): the process's CPU seconds when it became ready
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._watch())

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()

    async def _watch(self) -> None:
        last = None
        while True:
            screen = self.app.screen
            stacked = len(self.app.screen_stack) > 1  # the app's own base screen shows between two steps
            if screen is not last and stacked and screen.is_mounted and not getattr(screen, "holds_keys", False):
                last = screen
                self.ready.append((time.perf_counter(), weakref.ref(screen)))
                self.cpu[id(screen)] = time.process_time()
            await asyncio.sleep(POLL)

    def first_after(self, started: float, before: Any) -> tuple[float, Any] | None:
        seen = ((t, ref()) for t, ref in self.ready if t >= started)
        return next(((t, s) for t, s in seen if s is not None and s is not before), None)


class Argon2Clock:
    """Seconds the in-process server spends in argon2 (hash and verify), with when."""

    def __init__(self) -> None:
        self.spans: list[tuple[float, float]] = []
        from smarthub_tui.server import security

        clock = self

        class Timed:
            """The server's hasher, timed (PasswordHasher takes no new attributes: wrap it whole)."""

            def __init__(self, inner: Any) -> None:
                self._inner = inner

            def __getattr__(self, name: str) -> Any:
                attribute = getattr(self._inner, name)
                if name not in ("hash", "verify"):
                    return attribute

                def timed(*args: Any, **kwargs: Any) -> Any:
                    started = time.perf_counter()
                    try:
                        return attribute(*args, **kwargs)
                    finally:
                        clock.spans.append((started, time.perf_counter()))

                return timed

        security._HASHER = Timed(security._HASHER)  # type: ignore[assignment]

    def within(self, start: float, end: float) -> float:
        return sum(e - s for s, e in self.spans if s >= start and e <= end)


def time_calls(backend: Any, calls: list[tuple[str, float, float]]) -> None:
    """Wrap the client's one request method: (path, start, end) of each call."""
    original = backend._call

    async def timed(method: str, path: str, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return await original(method, path, **kwargs)
        finally:
            calls.append((path, started, time.perf_counter()))

    backend._call = timed


async def walk_wizard(mode: str, profile: Path, server: str | None, email: str | None) -> dict[str, Any]:
    from smarthub_tui.answers_file import parse_answers
    from smarthub_tui.cli import make_app
    from tests.support.front_ends import member_of
    from tests.support.harness import Wizard as Driver

    answers = parse_answers((ROOT / "examples" / "answers" / "default.toml").read_text(encoding="utf-8"), environ=SECRETS)
    calls: list[tuple[str, float, float]] = []
    clock: list[Argon2Clock] = []

    def backend() -> Any:
        if mode == "http":
            from smarthub_tui.backend.http import HttpBackend

            made = HttpBackend(server or "")
        else:
            from smarthub_tui.backend.embedded import embedded_backend

            made = embedded_backend(profile, demo=True)
            clock.append(Argon2Clock())
        time_calls(made, calls)
        return made

    app = make_app(backend_factory=backend)
    transitions: list[dict[str, Any]] = []
    screens: list[str] = []

    class Timed(Driver):
        settled_at = 0.0

        async def press(self, *keys: str) -> None:
            for key in keys:
                if key not in SUBMIT_KEYS:
                    await super().press(key)
                    continue
                before = self.app.screen
                started = time.perf_counter()
                cpu_started = time.process_time()
                # The key alone, as a terminal sends it: the driver's settling (Pilot's pause posts a callback to every
                # widget of the screen, again and again) is test machinery a person's terminal does not run, and it
                # took its turns on the main thread inside the interval measured.  It settles once the next screen is
                # ready, outside the interval.
                self.keys += 1
                self._send(key, None)
                seen = await self.next_ready(started, before)
                await self.settle()
                self.settled_at = time.perf_counter()
                if self.app.screen is not before:
                    screens.append(type(before).__name__)  # one screen answered: one Enter a person must press
                if seen is None and self.app.screen is not before:
                    # The next screen is still coming (the welcome, after the sign-out of the last step): wait for it
                    # rather than drop the transition (dropping kept only the fast ones).
                    deadline = time.perf_counter() + 5
                    while seen is None and time.perf_counter() < deadline:
                        await asyncio.sleep(POLL)
                        seen = watcher.first_after(started, before)
                if seen is not None:
                    transitions.append({"from": type(before).__name__, "to": type(seen[1]).__name__, "start": started, "end": seen[0],
                                        "cpu_ms": (watcher.cpu[id(seen[1])] - cpu_started) * 1000})

        async def next_ready(self, started: float, before: Any) -> tuple[float, Any] | None:
            """Wait (polling, not settling) for the next screen ready for keys; None once the app is idle on `before`."""
            while (seen := watcher.first_after(started, before)) is None:
                await asyncio.sleep(POLL)
                if self.app.screen is before and not getattr(before, "holds_keys", False) and not self._working():
                    return None  # refused, or no screen follows this key: the driver settles as before
            return seen

        def _working(self) -> bool:
            """A worker of the screen's runs, or a message (the key itself) waits for the app or the screen."""
            queued = self.app._message_queue.qsize() + self.app.screen._message_queue.qsize()
            return queued > 0 or any(not w.is_finished and w.group != "wizard" for w in self.app.workers)

    async with app.run_test(size=(80, 24)) as pilot:
        watcher = Watcher(app)
        watcher.start()
        member = member_of(answers)
        if email:
            member = dataclasses.replace(member, email=email)
        driver = Timed(pilot, member)
        await driver.walk_to("welcome")
        started = time.perf_counter()  # from the welcome screen: the start itself is the launch figure
        cpu = time.process_time()
        await driver.walk_to("finished")
        await driver.answer("finished")
        wall = driver.settled_at - started  # as the driver settled: not the wait above for the last screen's readiness
        cpu = time.process_time() - cpu
        watcher.stop()
        keys, typed = driver.keys, driver.typed
    for step in transitions:
        step["ms"] = (step["end"] - step["start"]) * 1000
        step["argon2_ms"] = clock[0].within(step["start"], step["end"]) * 1000 if clock else 0.0
        step["calls"] = [(path, (e - s) * 1000) for path, s, e in calls if s >= step["start"] and e <= step["end"]]
    return {
        "wall": wall,
        "cpu": cpu,
        "transitions": transitions,
        "keys": keys,
        "typed": typed,
        "screens": len(screens),
        "calls": [(path, (e - s) * 1000) for path, s, e in calls],
    }


async def walk_answers(profile: Path) -> dict[str, Any]:
    import io

    from smarthub_tui.answers_file import parse_answers
    from smarthub_tui.backend.embedded import embedded_backend
    from smarthub_tui.frontends.answers import run_headless
    from smarthub_tui.steps import Wizard

    answers = parse_answers((ROOT / "examples" / "answers" / "default.toml").read_text(encoding="utf-8"), environ=SECRETS)
    backend = embedded_backend(profile, demo=True)
    await backend.get_settings()  # the server built, as the UI walk's clock starts at the welcome screen
    wizard = Wizard(lambda: backend)
    started = time.perf_counter()
    await run_headless(wizard, answers, io.StringIO())
    wall = time.perf_counter() - started
    await wizard.aclose()
    return {"wall": wall}


async def walk_bare(presses: int = 10) -> dict[str, Any]:
    from textual import events

    from bench.bare_app import BareApp

    app = BareApp()
    transitions = []
    async with app.run_test(size=(80, 24)) as pilot:
        watcher = Watcher(app)
        watcher.start()
        await pilot.pause()
        for _ in range(presses):
            await pilot.press("x")
            before = app.screen
            started = time.perf_counter()
            app.post_message(events.Key("enter", None))  # as the wizard's walk sends its Enter: no settling inside the interval
            while (seen := watcher.first_after(started, before)) is None:  # noqa: ASYNC110 - the watcher polls too
                await asyncio.sleep(POLL)
            transitions.append({"ms": (seen[0] - started) * 1000})
        watcher.stop()
    return {"transitions": transitions}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("bare", "embedded", "answers", "http"))
    parser.add_argument("--server")
    parser.add_argument("--email", help="the member's e-mail instead of the answers file's (one server, many runs)")
    parser.add_argument("--profile", type=Path, default=ROOT / "smarthub_tui" / "profiles" / "default.toml")
    args = parser.parse_args()
    os.environ.update(SECRETS)
    if args.mode == "bare":
        result = asyncio.run(walk_bare())
    elif args.mode == "answers":
        result = asyncio.run(walk_answers(args.profile))
    else:
        result = asyncio.run(walk_wizard(args.mode, args.profile, args.server, args.email))
    result["peak_kib"] = peak_kib()
    print(json.dumps(result))


def peak_kib() -> int:
    """This process's peak resident set (VmHWM): its own, from its exec on, whoever started it."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")


if __name__ == "__main__":
    main()
