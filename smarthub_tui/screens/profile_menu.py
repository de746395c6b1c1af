"""My Profile: what is set up, then the co-op's items as a menu (↑↓ choose, Enter opens).

The items and their order are the profile's (`ProfileMenuStep.fields`); the
summary above them is fetched on arrival, so a change made in an item shows
here at once.  A notice at the top says what the last item did ("Paperless
billing is on for ..."); the item last opened has the highlight again.
F10 signs out after a confirmation; there is nothing to go back to.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import RadioSet

from smarthub_tui import strings
from smarthub_tui.models import AccountSummary
from smarthub_tui.screens.base import StepScreen
from smarthub_tui.screens.controls import ChoiceButton, SubmitRadioSet
from smarthub_tui.screens.keys import footer_key
from smarthub_tui.state import ProfileMenuAnswers
from smarthub_tui.steps import ProfileMenuStep
from smarthub_tui.widgets import FieldError, SafeText, safe_content


class ProfileMenuScreen(StepScreen):
    """The menu; dismisses with `Next(ProfileMenuAnswers(item))`."""

    controller: ProfileMenuStep
    initial: ProfileMenuAnswers
    busy_text = strings.BUSY_CHECKING

    def compose_body(self) -> ComposeResult:
        yield SafeText(self.controller.intro()[0], classes="intro", single_line=True)
        yield Vertical(SafeText(strings.PROFILE_LOADING, classes="note"), id="profile-summary")
        with SubmitRadioSet(id="item"):
            for index, choice in enumerate(self._choices):
                yield ChoiceButton(safe_content(choice.label, single_line=True), value=index == self._picked)
        yield FieldError(id="item-error")

    def compose_buttons(self) -> list[Widget]:
        return []  # Enter on an item opens it

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003 - as StepScreen
        super().__init__(*args, **kwargs)
        self._choices = self.controller.field("item").choices
        values = [choice.value for choice in self._choices]
        last = self.initial.item if self.initial is not None else None
        # The item last opened is picked again, else the first: Enter opens what "(●)" shows.
        self._picked = values.index(last) if last in values else 0

    def focus_first(self) -> None:
        self.query_one("#item", SubmitRadioSet).focus()

    def arrived(self) -> None:
        self.run_call(self.controller.load, self._show, busy_text=strings.PROFILE_LOADING, is_load=True)

    def _show(self, summary: AccountSummary) -> None:
        box = self.query_one("#profile-summary", Vertical)
        box.remove_children()
        lines = self.controller.lines(summary)[1:]  # the e-mail is said above already
        box.mount_all([SafeText(line, classes="summary-line", single_line=True) for line in lines])

    def collect(self) -> ProfileMenuAnswers:
        index = self._picked
        return ProfileMenuAnswers(self._choices[index].value if index is not None and 0 <= index < len(self._choices) else None)

    @on(RadioSet.Changed, "#item")
    def _changed(self, event: RadioSet.Changed) -> None:
        self._picked = event.index

    @on(SubmitRadioSet.Chosen, "#item")
    def _chosen(self, event: SubmitRadioSet.Chosen) -> None:
        """Enter: open the item shown picked."""
        event.stop()
        if event.index is not None:
            self._picked = event.index
        self.action_submit()

    def footer_keys(self) -> list[Binding]:
        return [footer_key("enter", strings.KEY_OPEN), footer_key("up", strings.KEY_CHOOSE, key_display="↑↓")]
