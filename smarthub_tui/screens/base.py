"""What every wizard screen shares: header, busy line, Retry panel, errors at fields, Back and Cancel.

`WizardScreen` runs backend calls in a worker with the busy line shown once
the call has run `BUSY_DELAY` (a fast call never flashes it), lets Esc stop waiting, turns a connection problem into the Retry panel
(repeating the very same call, so nothing typed is lost) and shows the other
problems where they belong.  `StepScreen` adds what a numbered step needs: the
step header ("Step 4 of 9"), the step controller that validates and submits,
Enter to submit, Esc to go back (answers kept), F10 to cancel (after a
confirmation, everything typed is wiped).  A concrete screen only composes
its fields (`compose_body`), reads them back (`collect`) and says where each
contract field is (`field_widget`).

Screens never reach into each other or into the app: they get a controller
and their initial answers in the constructor and return an `Outcome` through
`dismiss` (the Textual guide's questions01 pattern).
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.geometry import Size
from textual.screen import Screen
from textual.timer import Timer
from textual.types import NoActiveAppError
from textual.widget import Widget
from textual.widgets import Button, Input
from textual.worker import Worker

from smarthub_tui import heap, strings
from smarthub_tui.backend.base import BackendError
from smarthub_tui.flow import Back, Next, Notice, Outcome, Reroute
from smarthub_tui.runner import leaving
from smarthub_tui.screens.agent_script import agent_script
from smarthub_tui.screens.confirm import ConfirmScreen
from smarthub_tui.screens.keys import NamedKeys, button_word, footer_key
from smarthub_tui.steps import FORM, FieldProblem, FormProblem, Problem, RetryProblem, Step
from smarthub_tui.widgets import (
    BusyIndicator,
    ErrorPanel,
    FieldError,
    SafeText,
    SecretInput,
    StepHeader,
    safe_content,
)
from smarthub_tui.widgets.quiet_footer import QuietFooter

Call = Callable[[], Awaitable[Any]]


def form_field(label: str, control: Widget, field: str, *, note: str | None = None) -> Horizontal:
    """A labelled form row: the label on the left, the control and its error line on the right.

    The error line's id is ``{field}-error``, which is where `show_problem`
    puts a reason about `field`.  `label` may come from a profile: shown inert.
    """
    parts: list[Widget] = [control]
    if note:
        parts.append(SafeText(note, classes="note"))
    parts.append(FieldError(id=f"{field}-error"))
    return Horizontal(SafeText(label, classes="label"), Vertical(*parts, classes="control"), classes="field")


def button(label: str, id: str, *, variant: str = "default") -> Button:
    """A button whose label (possibly from a profile) is shown literally."""
    return Button(safe_content(label, single_line=True), id=id, variant=variant)  # type: ignore[arg-type]


NARROW_BELOW = 60
"""Below this many columns a form stacks each label above its field (styles/app.tcss, ``.-narrow``)."""
SHORT_BELOW = 20
"""Below this many rows the screens give up fixed-height parts (styles/app.tcss, ``.-short``)."""
BUSY_DELAY = 0.12
"""Seconds a backend call runs before the busy line shows.

Most calls answer well within this: showing the line for them would flash
it, and cost two re-layouts and a footer rebuild per step.  Keys typed
meanwhile are held all the same (`holds_keys`), and Esc stops waiting from
the first moment; only the line and the footer's "Stop waiting" wait.
"""


class WizardScreen(NamedKeys, Screen[Outcome]):
    """A screen that makes backend calls: busy line, Esc to stop waiting, Retry panel, problems shown."""

    BINDINGS = [
        Binding("escape", "stop_waiting", strings.KEY_STOP),
        Binding("escape", "back", strings.KEY_BACK),
    ]

    # Textual sets these classes on the screen as the terminal is resized (its
    # CSS has no media queries): narrow forms stack labels above fields.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW_BELOW, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (SHORT_BELOW, "-tall")]

    def __init__(self) -> None:
        super().__init__()
        self._last_call: tuple[Call, Callable[[Any], None], str, bool] | None = None
        self._call_worker: Worker | None = None
        self._focus_before: Widget | None = None
        self._focused_place: tuple[Widget, object] | None = None
        self._busy_timer: Timer | None = None
        self._busy_text = strings.BUSY
        self._arrived = False
        self._resize_seen = False
        self._classes_for_size()

    def _classes_for_size(self) -> None:
        """Start with the breakpoint classes the terminal's size gives (``-wide``/``-narrow``, ``-tall``/``-short``).

        Why: Textual sets them on the screen's first Resize, after its widgets
        were mounted and styled without them, and a change of the screen's
        classes restyles every node under it again (about a quarter of a step
        transition's CSS work).  Known from the start, that Resize finds them
        unchanged.  Outside a running app (a screen built in a test) the size
        is unknown: the Resize sets them as before.
        """
        try:
            width, height = self.app.size
        except NoActiveAppError:
            return
        if not width or not height:
            return
        chosen = [
            *self._get_breakpoint_classes(width, self.HORIZONTAL_BREAKPOINTS or []),
            *self._get_breakpoint_classes(height, self.VERTICAL_BREAKPOINTS or []),
        ]
        self.add_class(*chosen, update=False)

    # -- layout -----------------------------------------------------------------------

    def compose_status(self) -> ComposeResult:
        """The busy line and the Retry panel, under the body and above the footer."""
        yield ErrorPanel(title=strings.CONNECTION_PROBLEM_TITLE, retry_label=strings.BUTTON_RETRY, id="connection-error")
        yield BusyIndicator(strings.BUSY, hint=strings.BUSY_HINT, id="busy")
        yield QuietFooter()

    # -- arrival ----------------------------------------------------------------------

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """A step's first arrival: its widgets were styled as they mounted, so Textual's restyle of the whole screen is skipped.

        Textual restyles every node of a screen each time it becomes current,
        for a screen coming back after another one changed what applies; a
        screen that has just mounted has nothing to catch up on, and that
        second pass was a large part of each step transition.  Later
        arrivals (back from a dialog or the help) restyle as before.  Runs
        before Textual's own handler (a subclass's handler comes first).
        Shortly after the first arrival the heap is
        collected (`heap.tidy`), once the screen takes keys.
        """
        if not self._arrived:
            self._arrived = True
            event.refresh_styles = False
            self.set_timer(heap.TIDY_DELAY, heap.tidy, name="heap-tidy")

    def _screen_resized(self, size: Size) -> None:
        """Lay the screen out for a new size; not again for the size its arrival has just laid it out for.

        Why: the arrival's layout sends the screen itself a Resize (it is
        new in its own layout), and Textual answered it with a second whole
        layout and paint at the same size.  Anything that changed since asks
        for its own layout as usual; a real resize differs in size.
        """
        if not self._resize_seen:
            self._resize_seen = True
            if self._compositor.size == size:
                return
        super()._screen_resized(size)

    # -- the focused control stays on screen -------------------------------------------

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Scroll a newly focused control into view once it is laid out.

        Textual scrolls on focus too, but before the first layout of a screen
        (the focus given on arrival) the geometry is not known yet, so on a
        small terminal the first control could sit below the fold.
        """
        if self._focused_place is None:
            self.screen_layout_refresh_signal.subscribe(self, self._layout_refreshed)
        self._focused_place = (event.widget, None)
        self.call_after_refresh(self.keep_focused_in_view)

    def _layout_refreshed(self, screen: Screen) -> None:
        """Something above the focused control grew or shrank (a picture loaded, a resize): keep it in view.

        Only a move within its container counts: the person scrolling the
        screen themselves does not move it there, and is left alone.
        """
        focused = self.focused
        if focused is None or not focused.is_attached:
            return
        offset = focused.region.offset
        for ancestor in focused.ancestors:
            if isinstance(ancestor, Widget):
                offset += ancestor.scroll_offset  # undo scrolling: what is left is where it lies in the content
        place = (focused, offset)
        if place != self._focused_place:
            self._focused_place = place
            self.call_later(self.keep_focused_in_view)

    def scroll_to_center(self, widget: Widget, *args: Any, **kwargs: Any) -> None:
        """Textual's own scroll on focus, from geometry that may be a frame old: here the control is shown whole once laid out."""
        if widget is self.focused:
            self.call_after_refresh(self.keep_focused_in_view)
        else:
            super().scroll_to_center(widget, *args, **kwargs)

    def keep_focused_in_view(self) -> None:
        """Scroll every scrolling ancestor so that the focused control is shown whole, if it is not."""
        focused = self.focused
        if focused is not None and focused.is_attached and focused.display:
            focused.scroll_visible(animate=False, immediate=True)

    # -- keys -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "stop_waiting":
            return self.busy
        return True

    def action_stop_waiting(self) -> None:
        """Esc while a call runs: stop waiting for it (what was typed stays)."""
        self.stop_call()

    # -- calls --------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """True while a backend call runs."""
        return self._call_worker is not None and not self._call_worker.is_finished

    @property
    def holds_keys(self) -> bool:
        """True while keys typed now belong to what the call leads to (the app's key queue holds them)."""
        return self.busy

    def run_call(
        self, call: Call, on_success: Callable[[Any], None], *, busy_text: str = strings.BUSY, is_load: bool = False
    ) -> None:
        """Run `call` in a worker, the busy line shown if it runs past `BUSY_DELAY`; `on_success(result)` when it answers.

        A failure becomes a `Problem` through `explain` and is shown; a
        connection problem shows Retry, which repeats this same call.
        `is_load` marks a call made on arrival (not a submit): stopping it
        offers Retry instead of a note at the form.
        """
        self._last_call = (call, on_success, busy_text, is_load)
        panel = self.query_one(ErrorPanel)
        if self.focused is not None and panel not in self.focused.ancestors_with_self:
            self._focus_before = self.focused
        panel.clear()
        self._call_worker = self._call(call, on_success, is_load)
        self._cancel_busy_line()
        self._busy_text = busy_text
        self._busy_timer = self.set_timer(BUSY_DELAY, self.busy_line_due, name="busy-line")

    @work(exclusive=True, group="backend-call", exit_on_error=False)
    async def _call(self, call: Call, on_success: Callable[[Any], None], is_load: bool) -> None:
        try:
            result = await call()
        except asyncio.CancelledError:
            self._call_ended()
            self.call_stopped(is_load)
            raise
        except BackendError as error:
            self._call_ended()
            self.show_problem(self.explain(error))
            return
        except Exception as error:  # noqa: BLE001 - a bug must not lose what was typed: say so, offer Retry
            self._call_ended()
            self.show_problem(RetryProblem(f"Unexpected problem in the app ({type(error).__name__}). {strings.RETRY_HINT}"))
            self.log.error(f"backend call failed with {type(error).__name__}")
            return
        self._call_ended()
        on_success(result)
        if self.is_current:
            self._restore_focus()

    def _restore_focus(self) -> None:
        """After a retried call, put the focus back where it was (the Retry button is gone)."""
        focused = self.focused
        if focused is not None and focused.display and self.query_one(ErrorPanel) not in focused.ancestors_with_self:
            return
        before = self._focus_before
        if before is not None and before.is_attached and before.focusable:
            before.focus()
        elif self.focus_chain:
            self.focus_chain[0].focus()

    def busy_line_due(self) -> None:
        """The call has run `BUSY_DELAY` (the timer; tests call it as their clock moves): show the busy line, and Esc in the footer.

        Esc stops waiting from the start (`check_action`); only the footer's
        word for it waits with the line.
        """
        self._busy_timer = None
        if not self.busy or not self.is_attached:
            return
        self.query_one(BusyIndicator).start(self._busy_text)
        self.refresh_bindings()  # the footer's Esc now says "Stop waiting"

    def _cancel_busy_line(self) -> None:
        if self._busy_timer is not None:
            self._busy_timer.stop()
            self._busy_timer = None

    def _call_ended(self) -> None:
        self._cancel_busy_line()
        self._call_worker = None
        busy = self.query_one(BusyIndicator)
        if busy.busy:  # a fast call never showed it: nothing to hide
            busy.stop()
        if self.is_attached:
            self.refresh_bindings()  # what the answer shows may name other keys (the footer rebuilds only if they differ)

    def stop_call(self) -> None:
        """Stop waiting for the call in progress (Esc)."""
        if self._call_worker is not None:
            self._call_worker.cancel()

    def call_stopped(self, is_load: bool) -> None:
        """The person stopped waiting: offer Retry for a load, a note for a submit."""
        if is_load:
            self.query_one(ErrorPanel).show_error(strings.CALL_STOPPED, title=strings.STOPPED_TITLE)
        else:
            self.show_problem(FormProblem(strings.CALL_STOPPED))

    @on(ErrorPanel.RetryRequested)
    def retry(self) -> None:
        """Repeat the call that failed, exactly as it was."""
        if self._last_call is not None and not self.busy:
            call, on_success, busy_text, is_load = self._last_call
            self.run_call(call, on_success, busy_text=busy_text, is_load=is_load)

    def explain(self, error: BackendError) -> Problem:
        """What `error` means on this screen (the controller's view, by default a connection problem)."""
        return RetryProblem(error.message)

    # -- problems -------------------------------------------------------------------------

    def show_problem(self, problem: Problem) -> None:
        """Show a problem where it belongs: at a field, for the form, with Retry, or go where it points."""
        if isinstance(problem, Reroute):
            self.dismiss(problem)
        elif isinstance(problem, RetryProblem):
            self.query_one(ErrorPanel).show_error(problem.message, title=strings.CONNECTION_PROBLEM_TITLE)
        elif isinstance(problem, FieldProblem):
            self.show_field_error(problem.field, problem.message)
        else:
            self.show_form_error(problem.message)

    def show_field_error(self, field: str, message: str) -> None:
        """Show `message` under `field` and focus it (on the form when the field is not on this screen)."""
        errors = self.query(f"#{field}-error")
        if not field or not errors:
            self.show_form_error(message)
            return
        errors.first(FieldError).show_error(message)
        self.focus_field(field)

    def show_form_error(self, message: str) -> None:
        """Show `message` for the whole screen; the answer in the focused field is selected, as at a field."""
        errors = self.query("#form-error")
        if errors:
            error = errors.first(FieldError)
            error.show_error(message)
            error.scroll_visible()
        else:
            self.notify(message, severity="error", markup=False)
        if isinstance(self.focused, Input):
            # Refused as a whole (identity answers that do not match): what is typed next replaces it.
            self.focused.select_all()

    def clear_errors(self) -> None:
        """Hide every field and form error, and the notice brought on arrival (before validating again)."""
        for error in self.query(FieldError):
            error.clear()
        for notice in self.query("#notice"):
            notice.display = False  # its news (attempts left ...) is stale once the answers are sent again

    def focus_field(self, field: str) -> None:
        """Move the focus to `field`'s control, if it is on this screen, with its text selected.

        This is where every refusal (ours or the server's) sends the person.
        Selecting the refused text means that what is typed next replaces it
        rather than being added to it, also when the field had the focus
        already (Enter pressed in it), and also in a masked field, where the
        person could not see what they would be appending to.
        """
        found = self.query(f"#{field}")
        if found:
            widget = found.first()
            if isinstance(widget, SecretInput) or widget.focusable:
                widget.focus()
            text = widget.input if isinstance(widget, SecretInput) else widget
            if isinstance(text, Input):
                text.select_all()

    # -- keys -------------------------------------------------------------------------------

    def action_back(self) -> None:
        """Esc: stop waiting if a call runs; otherwise what the screen defines (`go_back`)."""
        if self.busy:
            self.stop_call()
            return
        self.go_back()

    def go_back(self) -> None:
        """Go back; screens without a way back do nothing."""


class StepScreen(WizardScreen):
    """A numbered wizard step driven by a `Step` controller.

    Subclasses set `title` (usually from the profile), compose their fields in
    `compose_body`, and implement `collect` (the answers as typed).
    """

    # One key, several meanings: the first binding whose `check_action` allows it acts, and the
    # footer names that one.  Esc stops waiting, else closes an open help panel, else goes back;
    # F10 cancels the registration until the account exists, then only stops here (signs out).
    BINDINGS = [
        Binding("escape", "stop_waiting", strings.KEY_STOP),
        Binding("escape", "close_help", strings.KEY_CLOSE_HELP),
        Binding("escape", "back", strings.KEY_BACK),
        Binding("f10", "skip", strings.KEY_CANCEL),
        Binding("f10", "cancel", strings.KEY_CANCEL),
        Binding("f10", "stop_here", strings.KEY_STOP_HERE),
        Binding("enter", "submit", strings.KEY_SUBMIT, show=False),
    ]

    busy_text: str = strings.BUSY_CHECKING
    body_scrolls: bool = True
    """False when the screen lays out its own scrolling part (the terms)."""

    def __init__(
        self,
        controller: Step,
        *,
        initial: Any = None,
        number: int = 0,
        total: int = 0,
        can_go_back: bool = True,
        notice: Notice | None = None,
    ) -> None:
        super().__init__()
        self.controller = controller
        self.initial = initial
        self.number = number
        self.total = total
        self.can_go_back = can_go_back
        self.notice = notice

    @property
    def profile(self):  # noqa: ANN201 - CoopProfile
        """The co-op profile in force."""
        return self.controller.profile

    @property
    def submit_label(self) -> str:
        """The submit button's words: the step's, from the co-op's profile (`Step.submit_label`)."""
        return self.controller.submit_label

    @property
    def title_text(self) -> str:
        """The step's title, shown in the header (the controller's: co-op wording lives with the step)."""
        return self.controller.title

    # -- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield StepHeader(self.profile.shortName, self.title_text, self.number, self.total, id="header")
        yield from agent_script(self.controller)  # agent mode: what to read to the member (nothing otherwise)
        with VerticalScroll(id="body", can_focus=False) if self.body_scrolls else Vertical(id="body"):
            if self.notice is not None and not self.notice.field:
                yield SafeText(self.notice.message, id="notice", classes="notice")
            yield from self.compose_body()
            yield FieldError(id="form-error")
            with Horizontal(id="buttons"):
                yield from self.compose_buttons()
            yield from self.compose_after_buttons()
        yield from self.compose_status()

    def compose_body(self) -> ComposeResult:
        """The step's own widgets, in Tab order."""
        yield from ()

    def field_row(self, name: str, control: Widget, *, note: str | None = None) -> Horizontal:
        """The labelled row of the step's field `name`: its label and note come from the step's data, as in every front end."""
        field = self.controller.field(name)
        return form_field(field.label, control, name, note=note or field.note or None)

    def max_length(self, name: str) -> int:
        """The most characters the step's field `name` takes (0: no limit)."""
        return self.controller.field(name).max_length or 0

    def compose_buttons(self) -> Iterable[Widget]:
        """The buttons under the form; Submit by default."""
        yield button(self.submit_label, "submit", variant="primary")

    def compose_after_buttons(self) -> ComposeResult:
        """Anything under the buttons (links on the welcome screen)."""
        yield from ()

    def on_mount(self) -> None:
        if self.notice is not None and self.notice.field:
            self.show_field_error(self.notice.field, self.notice.message)
        else:
            self.focus_first()
        self.arrived()

    def focus_first(self) -> None:
        """Where the focus starts; Textual's auto-focus has already put it on the first control."""

    def arrived(self) -> None:
        """Called once mounted: start a load here if the step needs one."""

    # -- answers ----------------------------------------------------------------------

    def collect(self) -> Any:
        """The answers as currently typed."""
        return self.initial

    def action_submit(self) -> None:
        """Enter / Submit: validate here, then make the step's call; on success, go on."""
        if self.busy:
            return
        answers = self.collect()
        self.clear_errors()
        reasons = self.controller.validate(answers)
        if reasons:
            self.show_reasons(reasons)
            return
        self.run_call(
            lambda: self.controller.submit(answers),
            lambda result: self.succeeded(answers, result),
            busy_text=self.busy_text,
        )

    def succeeded(self, answers: Any, result: Any) -> None:
        """The step's call answered: say what the step says then, if anything, and go on with these answers kept."""
        said = self.controller.said_after(answers)
        if said:
            self.app.notify(said, markup=False)
        self.dismiss(Next(self.kept(answers)))

    def kept(self, answers: Any) -> Any:
        """The part of `answers` returned through `dismiss` (all of it, unless a screen holds secrets back)."""
        return answers

    def show_reasons(self, reasons: dict[str, str]) -> None:
        """Show validation reasons at their fields; focus the first one in screen order."""
        first = None
        for field, message in reasons.items():
            if field == FORM or not self.query(f"#{field}-error"):
                self.show_form_error(message)
                continue
            self.query_one(f"#{field}-error", FieldError).show_error(message)
            first = first or field
        if first:
            self.focus_field(first)

    def explain(self, error: BackendError) -> Problem:
        return self.controller.explain(error)

    @on(Input.Submitted)
    @on(SecretInput.Submitted)
    def _enter_in_field(self, event: Input.Submitted | SecretInput.Submitted) -> None:
        event.stop()
        self.action_submit()

    @on(Input.Changed)
    @on(SecretInput.Changed)
    def _edited(self, event: Input.Changed | SecretInput.Changed) -> None:
        """Editing a field clears its error: the person is fixing it."""
        field = event.control.id
        if field:
            for error in self.query(f"#{field}-error"):
                if isinstance(error, FieldError):
                    error.clear()

    def _on_checkbox_changed(self) -> None:
        """A box was ticked or unticked: the footer's Space now says the other.

        Handlers by name (Checkbox.Changed, ProofOfWorkCheckbox.Solved and
        .Cleared), not `@on`, which would import those widgets with every
        screen: the welcome, which the start waits for, has none.
        """
        self.refresh_bindings()

    _on_proof_of_work_checkbox_solved = _on_checkbox_changed
    _on_proof_of_work_checkbox_cleared = _on_checkbox_changed

    @on(Button.Pressed, "#submit")
    def _submit_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_submit()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()

    # -- Back and Cancel --------------------------------------------------------------

    def go_back(self) -> None:
        if self.can_go_back:
            self.dismiss(Back(self.kept(self.collect())))
        else:
            self.notify(strings.CANNOT_GO_BACK, markup=False)

    @property
    def account_exists(self) -> bool:
        """True once the registration is on the server (the terms were submitted) or the member signed in.

        From then on nothing typed can be cancelled: leaving only signs out
        here, and the footer and the question say so.
        """
        state = self.controller.state
        return state.receipt is not None or state.auth is not None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "stop_waiting":
            return self.busy
        if action == "close_help":
            return not self.busy and self.open_help() is not None
        if action == "back":
            return self.can_go_back and not self.busy
        if action == "skip":
            return self.controller.optional
        if action == "cancel":
            return not self.controller.optional and not self.account_exists
        if action == "stop_here":
            return not self.controller.optional and self.account_exists
        return True

    def action_cancel(self) -> None:
        """F10 / Cancel (before the account exists): after a confirmation, wipe everything and return to the start."""
        self._leave()

    def action_skip(self) -> None:
        """F10 / Cancel on an optional step: pass over it, asking nothing (nothing saved there)."""
        self._leave()

    def action_stop_here(self) -> None:
        """F10 once the account exists: after a confirmation, stop (and sign out); the registration stays on the server."""
        self._leave()

    def _leave(self) -> None:
        """Ask what leaving now means (`runner.leaving`), then leave; an optional step is skipped without asking."""
        self.stop_call()
        leave = leaving(self.controller.state, self.controller)
        if not leave.confirm:
            if leave.outcome.message:
                self.app.notify(leave.outcome.message, markup=False)
            self.dismiss(leave.outcome)
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.dismiss(leave.outcome)

        self.app.push_screen(ConfirmScreen(leave.title, leave.question), confirmed)

    # -- help panels --------------------------------------------------------------------

    def open_help(self) -> Widget | None:
        """The help panel (class ``help``) open on this screen, if any: Esc closes it before going back."""
        return next((panel for panel in self.query(".help") if panel.display), None)

    def action_close_help(self) -> None:
        """Esc with a help panel open: close it; the step and what was typed stay."""
        panel = self.open_help()
        if panel is not None:
            panel.display = False
        self.refresh_bindings()

    # -- the footer -----------------------------------------------------------------------

    @property
    def enter_label(self) -> str:
        """What Enter does in this step's fields (the submit button's word: Submit, Save, Continue...)."""
        return self.submit_label

    def enter_description(self) -> str:
        """What Enter does where the focus is now, for the footer."""
        focused = self.shown_focus
        if isinstance(focused, Button):
            return self.enter_label if focused.id == "submit" else button_word(focused)
        return self.enter_label

    def footer_keys(self) -> list[Binding]:
        """Enter, Tab, Space and the arrows, named where they act (widgets handle them unshown)."""
        keys = [footer_key("enter", self.enter_description())]
        if self.check_action("skip", ()) or self.check_action("cancel", ()):  # F10 is the co-op's Cancel (on an optional step it skips)
            keys.append(footer_key("f10", self.profile.buttons.cancel))
        radio_set, checkbox, proof_of_work = _loaded(_RADIO_SET), _loaded(_CHECKBOX), _loaded(_PROOF_OF_WORK)
        fields = [widget for widget in self.keys_chain if isinstance(widget, (Input, radio_set, checkbox, proof_of_work))]
        if len(fields) > 1:  # Tab is named where there is a next field (it also reaches buttons and scrolling text)
            keys.append(footer_key("tab", strings.KEY_NEXT_FIELD))
        focused = self.shown_focus
        if isinstance(focused, radio_set):
            keys.append(footer_key("up", strings.KEY_CHOOSE, key_display="↑↓"))
        elif isinstance(focused, checkbox):
            keys.append(footer_key("space", strings.KEY_UNTICK if focused.value else strings.KEY_TICK))
        elif isinstance(focused, proof_of_work):
            keys.append(footer_key("space", strings.KEY_UNTICK if focused.checked else strings.KEY_TICK))
        return keys


_RADIO_SET = ("textual.widgets._radio_set", "RadioSet")
_CHECKBOX = ("textual.widgets._checkbox", "Checkbox")
_PROOF_OF_WORK = ("smarthub_tui.widgets.captcha_checkbox", "ProofOfWorkCheckbox")


class _NotLoaded:
    """No widget is an instance of this: it stands for a widget class whose module is not imported."""


def _loaded(where: tuple[str, str]) -> Any:
    """The widget class `where` names if its module is imported, else `_NotLoaded`.

    Why: no widget of a class not yet imported can be on a screen, so the
    footer's checks need not import it (the welcome, which the start waits
    for, has no radio set or checkbox).
    """
    module = sys.modules.get(where[0])
    return _NotLoaded if module is None else getattr(module, where[1])
