"""The "I'm not a robot" checkbox, backed by a proof-of-work.

Some co-op guides show an "I'm not a robot" box instead of a picture to
decipher.  Ours asks the computer, not the person, to do the work: the server
hands out a challenge, and finding a nonce whose SHA-256 starts with
`difficulty_bits` zero bits (`smarthub_tui.proof_of_work.solve`) costs about
2**bits hashes, cheap for one registration and expensive for a bot farm.

The work starts in a thread worker as soon as the challenge is set, while the
person reads the screen, so ticking the box is usually instant.  If it is not
done yet, the box says "Checking…" and, after `progress_delay` seconds, shows
a progress bar: the chance of having found the nonce by now, which is what
"how far along" honestly means for a search.  The bar is built only then:
most people never see it, and building it on arrival (a ProgressBar and
its parts, each styled for the first time in the process) was a measurable
part of the step to this screen.  Unticking, a new challenge, or
removing the widget cancels the search; the solver polls the worker's
cancelled flag, so no thread outlives the screen.
"""

from __future__ import annotations

import math
from time import monotonic, sleep

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import ProgressBar, Static
from textual.worker import Worker, WorkerState, get_current_worker

from smarthub_tui import strings
from smarthub_tui.proof_of_work import solve
from smarthub_tui.text import inert
from smarthub_tui.widgets.safe_text import SafeText

__all__ = ["ProofOfWorkCheckbox"]

UNTICKED = "[ ]"
CHECKING = "[…]"
TICKED = "[✓]"
YIELD_EVERY = 1024
"""Hashes between two checks for cancellation, each of which also lets the UI thread run."""


class ProofOfWorkCheckbox(Widget, can_focus=True):
    """"I'm not a robot": Space or Enter ticks it; the tick appears once the proof-of-work is found.

    `set_challenge(challenge, difficulty_bits)` starts solving in the
    background; `nonce` is the answer once the box is ticked and solved
    (None otherwise), `solved` says the same as a bool.  Posts `Solved(nonce)`
    when the tick appears and `Cleared()` when a tick (or a tick in progress)
    is taken back, by the person or by a new challenge.
    """

    DEFAULT_CSS = """
    ProofOfWorkCheckbox {
        height: auto;
        width: 1fr;
        border: tall $border-blurred;
        padding: 0 1;
        background: $surface;
        pointer: pointer;
    }
    ProofOfWorkCheckbox:focus {
        border: tall $border;
        background-tint: $foreground 5%;
    }
    ProofOfWorkCheckbox > #box {
        width: auto;
        text-style: bold;
    }
    ProofOfWorkCheckbox:focus > #box {
        /* Like Checkbox: the focused label is a block cursor, visible without colour. */
        color: $block-cursor-foreground;
        background: $block-cursor-background;
        text-style: $block-cursor-text-style;
    }
    ProofOfWorkCheckbox.-solved > #box {
        color: $text-success;
    }
    ProofOfWorkCheckbox > #status {
        color: $foreground-muted;
        display: none;
    }
    ProofOfWorkCheckbox > #status.-shown {
        display: block;
    }
    ProofOfWorkCheckbox > ProgressBar {
        display: none;
    }
    ProofOfWorkCheckbox > ProgressBar.-shown {
        display: block;
    }
    """

    BINDINGS = [Binding("enter,space", "toggle", strings.KEY_TICK, show=False)]

    class Solved(Message):
        """The box is ticked and the proof-of-work found: send `nonce` with the form."""

        def __init__(self, checkbox: ProofOfWorkCheckbox, nonce: str) -> None:
            super().__init__()
            self.checkbox = checkbox
            self.nonce = nonce

        @property
        def control(self) -> ProofOfWorkCheckbox:
            """The checkbox (for `@on` selectors)."""
            return self.checkbox

    class Cleared(Message):
        """The box is no longer ticked (unticked, or a new challenge): no answer to send."""

        def __init__(self, checkbox: ProofOfWorkCheckbox) -> None:
            super().__init__()
            self.checkbox = checkbox

        @property
        def control(self) -> ProofOfWorkCheckbox:
            """The checkbox (for `@on` selectors)."""
            return self.checkbox

    class _Progress(Message):
        """From the solver thread: `tried` hashes so far for challenge number `generation`."""

        def __init__(self, generation: int, tried: int) -> None:
            super().__init__()
            self.generation = generation
            self.tried = tried

    def __init__(
        self,
        label: str,
        challenge: str | None = None,
        difficulty_bits: int = 16,
        *,
        progress_delay: float = 0.3,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self._label = inert(label, single_line=True)
        self._challenge = challenge
        self._bits = difficulty_bits
        self._progress_delay = progress_delay
        self._generation = 0
        self._found: str | None = None
        self._checked = False
        self._worker: Worker[tuple[int, str | None]] | None = None
        self._progress_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static(self._box_content(), id="box", markup=False)
        yield SafeText("", id="status")

    def on_mount(self) -> None:
        if self._challenge is not None:
            self._start_solving()

    # ---- public API -------------------------------------------------------

    @property
    def label(self) -> str:
        """The label as shown (cleaned)."""
        return self._label

    @property
    def checked(self) -> bool:
        """True while the person has the box ticked (solved or still checking)."""
        return self._checked

    @property
    def nonce(self) -> str | None:
        """The proof-of-work answer once the box is ticked and solved; None before."""
        return self._found if self._checked else None

    @property
    def solved(self) -> bool:
        """True when the box shows its tick and `nonce` is ready to send."""
        return self.nonce is not None

    @property
    def challenge(self) -> str | None:
        """The challenge being answered, or None before `set_challenge`."""
        return self._challenge

    def set_challenge(self, challenge: str, difficulty_bits: int) -> None:
        """Answer a new challenge: any tick is taken back and solving restarts in the background."""
        was_checked = self._checked
        self._challenge = challenge
        self._bits = difficulty_bits
        self._found = None
        self._checked = False
        self._refresh_view()
        if was_checked:
            self.post_message(self.Cleared(self))
        if self.is_mounted:
            self._start_solving()

    def action_toggle(self) -> None:
        """Tick the box (solving if needed) or take the tick back (cancelling the search)."""
        if self._checked:
            self._checked = False
            if self._found is None:
                self._cancel_solving()
            self._refresh_view()
            self.post_message(self.Cleared(self))
            return
        if self._challenge is None:
            self._set_status("The check is not ready yet; try again in a moment.")
            return
        self._checked = True
        if self._found is not None:
            self._finish()
            return
        if self._worker is None or self._worker.is_finished:
            self._start_solving()
        self._refresh_view()
        if self._progress_delay <= 0:
            self._show_progress()
        else:
            self._progress_timer = self.set_timer(self._progress_delay, self._show_progress)

    # ---- internals --------------------------------------------------------

    def _on_click(self, event: events.Click) -> None:
        event.stop()
        self.action_toggle()

    def _box_content(self) -> Content:
        if self._checked and self._found is not None:
            box = TICKED
        elif self._checked:
            box = CHECKING
        else:
            box = UNTICKED
        return Content.assemble(box, " ", self._label)

    def _set_status(self, text: str) -> None:
        if not self.is_mounted:
            return
        status = self.query_one("#status", SafeText)
        status.update(text)
        status.set_class(bool(text), "-shown")

    def _refresh_view(self) -> None:
        if not self.is_mounted:
            return
        self.query_one("#box", Static).update(self._box_content())
        self.set_class(self.solved, "-solved")
        if self._checked and self._found is None:
            self._set_status("Checking…")
        elif self.solved:
            self._set_status("Done: you can go on.")
        else:
            self._set_status("")
        if not (self._checked and self._found is None):
            self._hide_progress()

    def _show_progress(self) -> None:
        self._progress_timer = None
        if self._checked and self._found is None and self.is_mounted:
            bar = self._progress_bar()
            if bar is None:
                self.mount(ProgressBar(total=100, show_eta=False, show_percentage=True, classes="-shown"))
            else:
                bar.add_class("-shown")

    def _progress_bar(self) -> ProgressBar | None:
        """The progress bar, once `_show_progress` built it (None before)."""
        bars = self.query(ProgressBar)
        return bars.first() if bars else None

    def _hide_progress(self) -> None:
        if self._progress_timer is not None:
            self._progress_timer.stop()
            self._progress_timer = None
        bar = self._progress_bar()
        if bar is not None:
            bar.remove_class("-shown")
            bar.update(progress=0)

    def _finish(self) -> None:
        assert self._found is not None  # noqa: S101 - called only once a nonce is found
        self._refresh_view()
        self.post_message(self.Solved(self, self._found))

    def _start_solving(self) -> None:
        assert self._challenge is not None  # noqa: S101 - called only once a challenge is set
        self._generation += 1
        self._worker = self._solve(self._generation, self._challenge, self._bits)

    def _cancel_solving(self) -> None:
        if self._worker is not None and not self._worker.is_finished:
            self._worker.cancel()
        self._worker = None

    @work(thread=True, exclusive=True, group="proof-of-work", exit_on_error=False)
    def _solve(self, generation: int, challenge: str, bits: int) -> tuple[int, str | None]:
        """Search for the nonce in a thread; posts throttled progress, stops when cancelled."""
        worker = get_current_worker()
        last_report = 0.0

        def progress(tried: int) -> None:
            nonlocal last_report
            now = monotonic()
            if now - last_report >= 0.1:
                last_report = now
                self.post_message(self._Progress(generation, tried))

        def cancelled() -> bool:
            # The search is pure Python and holds the GIL; giving it up every ~1,000
            # hashes keeps the UI thread responsive while it runs.
            sleep(0)
            return worker.is_cancelled

        return generation, solve(challenge, bits, progress=progress, cancelled=cancelled, report_every=YIELD_EVERY)

    @on(_Progress)
    def _on_search_progress(self, message: _Progress) -> None:
        message.stop()
        if message.generation != self._generation or not self._checked:
            return
        chance = 1 - math.exp(-message.tried / 2**self._bits)
        bar = self._progress_bar()
        if bar is not None:
            bar.update(progress=min(chance * 100, 99))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker is not self._worker:
            return
        event.stop()
        if event.state == WorkerState.SUCCESS:
            generation, nonce = event.worker.result or (None, None)
            if generation != self._generation or nonce is None:
                return
            self._found = nonce
            self._worker = None
            if self._checked:
                self._finish()
        elif event.state == WorkerState.ERROR:
            self._worker = None
            self._checked = False
            self._refresh_view()
            self._set_status("The check failed; press Space to try again.")
            self.post_message(self.Cleared(self))
