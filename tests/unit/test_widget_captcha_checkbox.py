"""ProofOfWorkCheckbox: solves in the background, ticks at once when ready, cancels cleanly."""

from __future__ import annotations

import threading

import pytest
from textual import on
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, ProgressBar
from textual.worker import WorkerState

from smarthub_tui.proof_of_work import is_solution
from smarthub_tui.widgets import ProofOfWorkCheckbox

LABEL = "I'm not a robot"
EASY = 6  # solved in well under a millisecond
ENDLESS = 60  # with `endless_solver`: ends only when cancelled


@pytest.fixture
def endless_solver(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Replace the real search by one that reports progress and waits for cancellation without using the CPU.

    A real search that never ends would keep the CPU busy, and Pilot waits for
    an idle CPU after every key press.  The widget's contract with `solve` is
    the same: progress(tried) now and then, stop when cancelled() says so.
    The returned event is set once the fake has seen the cancellation.
    """
    stopped = threading.Event()

    def fake_solve(challenge, difficulty_bits, *, progress=None, cancelled=None, report_every=4096):
        tried = 0
        while True:
            tried += report_every
            if progress is not None:
                progress(tried)
            if cancelled is not None and cancelled():
                stopped.set()
                return None
            stopped.wait(0.002)

    monkeypatch.setattr("smarthub_tui.widgets.captcha_checkbox.solve", fake_solve)
    return stopped


def bar_shown(checkbox: ProofOfWorkCheckbox) -> bool:
    """Whether the progress bar shows (it is built only when first needed)."""
    return any(bar.display for bar in checkbox.query(ProgressBar))


def box_line(checkbox: ProofOfWorkCheckbox) -> str:
    return checkbox.query_one("#box").render_line(0).text.strip()


class CheckboxApp(App[None]):
    def __init__(self, challenge: str | None = "challenge-1", bits: int = EASY, label: str = LABEL) -> None:
        super().__init__()
        self.challenge = challenge
        self.bits = bits
        self.label = label
        self.events: list[tuple[str, str | None]] = []

    def compose(self) -> ComposeResult:
        yield Input(id="before")
        with Vertical(id="holder"):
            yield ProofOfWorkCheckbox(self.label, self.challenge, self.bits, progress_delay=0, id="robot")
        yield Input(id="after")

    @on(ProofOfWorkCheckbox.Solved, "#robot")
    def solved(self, message: ProofOfWorkCheckbox.Solved) -> None:
        self.events.append(("solved", message.nonce))

    @on(ProofOfWorkCheckbox.Cleared, "#robot")
    def cleared(self) -> None:
        self.events.append(("cleared", None))


async def test_solved_in_the_background_so_space_ticks_at_once() -> None:
    app = CheckboxApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        checkbox = app.query_one(ProofOfWorkCheckbox)
        assert checkbox.nonce is None and not checkbox.solved, "no answer before the person ticks"
        assert box_line(checkbox) == f"[ ] {LABEL}"
        await pilot.press("tab")
        assert app.focused is checkbox
        await pilot.press("space")
        await pilot.pause()
        assert checkbox.solved
        assert is_solution("challenge-1", checkbox.nonce, EASY)
        assert app.events == [("solved", checkbox.nonce)]
        assert box_line(checkbox) == f"[✓] {LABEL}"
        assert not bar_shown(checkbox)


async def test_ticking_before_it_is_solved_shows_checking_and_progress_then_untick_cancels(endless_solver: threading.Event) -> None:
    app = CheckboxApp(bits=ENDLESS)
    async with app.run_test(size=(80, 24)) as pilot:
        checkbox = app.query_one(ProofOfWorkCheckbox)
        checkbox.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert checkbox.checked and not checkbox.solved
        assert box_line(checkbox) == f"[…] {LABEL}"
        assert "Checking…" in checkbox.query_one("#status").render_line(0).text
        assert bar_shown(checkbox)
        workers = [w for w in app.workers if w.node is checkbox]
        assert workers and workers[0].state == WorkerState.RUNNING
        await pilot.press("space")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert workers[0].is_cancelled
        assert endless_solver.wait(5), "the search thread must stop"
        assert not checkbox.checked and checkbox.nonce is None
        assert app.events == [("cleared", None)]
        assert box_line(checkbox) == f"[ ] {LABEL}"
        assert not bar_shown(checkbox)


async def test_progress_bar_waits_for_the_delay(endless_solver: threading.Event) -> None:
    class SlowApp(CheckboxApp):
        def compose(self) -> ComposeResult:
            yield ProofOfWorkCheckbox(LABEL, "c", ENDLESS, progress_delay=60, id="robot")

    app = SlowApp()
    async with app.run_test(size=(80, 24)) as pilot:
        checkbox = app.query_one(ProofOfWorkCheckbox)
        checkbox.focus()
        await pilot.press("space")
        await pilot.pause()
        assert checkbox.checked and not bar_shown(checkbox)
        assert "Checking…" in checkbox.query_one("#status").render_line(0).text


async def test_ticked_while_solving_gets_the_tick_when_the_answer_arrives() -> None:
    app = CheckboxApp(challenge=None)
    async with app.run_test(size=(80, 24)) as pilot:
        checkbox = app.query_one(ProofOfWorkCheckbox)
        checkbox.focus()
        await pilot.press("space")
        await pilot.pause()
        assert not checkbox.checked, "nothing to solve yet"
        assert "not ready" in checkbox.query_one("#status").render_line(0).text
        checkbox.set_challenge("late-challenge", 14)
        await pilot.press("space")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert checkbox.solved and is_solution("late-challenge", checkbox.nonce, 14)
        assert app.events == [("solved", checkbox.nonce)]


async def test_new_challenge_takes_the_tick_back_and_solves_again() -> None:
    app = CheckboxApp()
    async with app.run_test(size=(80, 24)) as pilot:
        checkbox = app.query_one(ProofOfWorkCheckbox)
        await app.workers.wait_for_complete()
        checkbox.focus()
        await pilot.press("space")
        await pilot.pause()
        first = checkbox.nonce
        checkbox.set_challenge("challenge-2", EASY)
        await pilot.pause()
        assert not checkbox.checked and checkbox.nonce is None
        assert app.events == [("solved", first), ("cleared", None)]
        await app.workers.wait_for_complete()
        await pilot.press("space")
        await pilot.pause()
        assert is_solution("challenge-2", checkbox.nonce, EASY)


async def test_untick_after_solving_and_tick_again_is_instant() -> None:
    app = CheckboxApp()
    async with app.run_test(size=(80, 24)) as pilot:
        checkbox = app.query_one(ProofOfWorkCheckbox)
        await app.workers.wait_for_complete()
        await pilot.click("#robot")
        await pilot.pause()
        nonce = checkbox.nonce
        await pilot.click("#robot")
        await pilot.pause()
        assert checkbox.nonce is None
        await pilot.click("#robot")
        await pilot.pause()
        assert checkbox.nonce == nonce
        assert [kind for kind, _ in app.events] == ["solved", "cleared", "solved"]


async def test_removing_the_widget_mid_search_cancels_it_without_errors(endless_solver: threading.Event) -> None:
    app = CheckboxApp(bits=ENDLESS)
    async with app.run_test(size=(80, 24)) as pilot:
        checkbox = app.query_one(ProofOfWorkCheckbox)
        checkbox.focus()
        await pilot.press("space")
        await pilot.pause()
        workers = [w for w in app.workers if w.node is checkbox]
        await app.query_one("#holder").remove()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert all(w.state == WorkerState.CANCELLED for w in workers)
        assert endless_solver.wait(5), "the search thread must stop"
    assert app.return_code in (None, 0)
    assert app._exception is None


async def test_app_exit_mid_search_is_clean(endless_solver: threading.Event) -> None:
    app = CheckboxApp(bits=ENDLESS)
    async with app.run_test(size=(80, 24)) as pilot:
        app.query_one(ProofOfWorkCheckbox).focus()
        await pilot.press("space")
        await pilot.pause()
    assert endless_solver.wait(5), "the search thread must stop with the app"
    assert app._exception is None


async def test_untrusted_label_is_shown_literally() -> None:
    app = CheckboxApp(label="[@click=app.quit]x [b]robot[/b]\x1b[2J")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        checkbox = app.query_one(ProofOfWorkCheckbox)
        assert box_line(checkbox) == "[ ] [@click=app.quit]x [b]robot[/b]"
        assert checkbox.label == "[@click=app.quit]x [b]robot[/b]"
        await pilot.click("#box", offset=(5, 0))
        await pilot.pause()
        assert app.is_running and checkbox.solved
