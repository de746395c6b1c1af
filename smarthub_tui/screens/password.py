"""Screen 10, set password: the new password twice, against the co-op's policy, ticked off live.

Both fields are masked (F2 shows the focused one); the co-op's rules are a
checklist that ticks as the person types (the same rules the server
enforces), so the password is right the first time; it is neutral until
something is typed and shows what is still missing as failed after a submit.  When a temporary
password was typed on the previous step (PEC) it is carried over as the
current password, and the screen says so instead of asking again.  The
server's verdict, if it still refuses, is shown at the field and in the list.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult

from smarthub_tui import strings
from smarthub_tui.screens.base import StepScreen
from smarthub_tui.state import PasswordAnswers
from smarthub_tui.steps import FieldProblem, PasswordStep, Problem
from smarthub_tui.widgets import PasswordChecklist, SafeText, SecretInput


class PasswordScreen(StepScreen):
    """New password and confirmation; dismisses with `Next(PasswordAnswers())` (the password is not kept)."""

    controller: PasswordStep
    busy_text = strings.BUSY_SAVING
    submit_label = strings.BUTTON_SAVE

    def compose_body(self) -> ComposeResult:
        yield SafeText(strings.LABEL_EMAIL_IS.format(email=self.controller.email), classes="note", single_line=True)
        if self.controller.current_note:
            yield SafeText(self.controller.current_note, classes="note")
        yield self.field_row("newPassword", SecretInput(id="newPassword"))
        yield self.field_row("confirmPassword", SecretInput(id="confirmPassword"))
        yield PasswordChecklist(self.profile.passwordPolicy, email=self.controller.email, id="checklist")

    def collect(self) -> PasswordAnswers:
        return PasswordAnswers(
            new_password=self.query_one("#newPassword", SecretInput).value,
            confirm_password=self.query_one("#confirmPassword", SecretInput).value,
        )

    def kept(self, answers: PasswordAnswers) -> PasswordAnswers:
        """Nothing: the password goes to the server, never back to the state."""
        return PasswordAnswers()

    def action_submit(self) -> None:
        """Enter / Save: from now on the checklist shows unmet rules as failed (not "not yet"), then submit."""
        if not self.busy:
            self.query_one(PasswordChecklist).show_failures()
        super().action_submit()

    @on(SecretInput.Changed)
    def _typed(self, event: SecretInput.Changed) -> None:
        answers = self.collect()
        self.query_one(PasswordChecklist).update_for(answers.new_password, answers.confirm_password)

    def show_problem(self, problem: Problem) -> None:
        if isinstance(problem, FieldProblem) and problem.rules:
            self.query_one(PasswordChecklist).show_server_rules(problem.rules)
        super().show_problem(problem)
