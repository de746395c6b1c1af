"""Screen 10, set password: the new password twice, against the co-op's policy, ticked off live.

Both fields are masked (F2 shows the focused one); the co-op's rules are a
checklist that ticks as the person types (the same rules the server
enforces), so the password is right the first time; it is neutral until
something is typed and shows what is still missing as failed after a submit.  When a temporary
password was typed on the previous step (PEC) it is carried over as the
current password, and the screen says so instead of asking again.  The
server's verdict, if it still refuses, is shown at the field and in the list.
Where the co-op's form asks a Current Password of a member who came from the
Verify Account link (`verifyAtPasswordChange`), that field takes the code
from the e-mail (a pasted link becomes its code on submit); on a demo backend
F3 opens the demo inbox, as on the Verify step.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding

from smarthub_tui import strings
from smarthub_tui.flow import StepId
from smarthub_tui.registry import controller_for
from smarthub_tui.screens.base import StepScreen
from smarthub_tui.screens.inbox import open_demo_inbox
from smarthub_tui.state import PasswordAnswers
from smarthub_tui.steps import FieldProblem, PasswordStep, Problem, VerifyStep
from smarthub_tui.widgets import PasswordChecklist, SafeText, SecretInput


class PasswordScreen(StepScreen):
    """New password and confirmation; dismisses with `Next(PasswordAnswers())` (the password is not kept)."""

    BINDINGS = [Binding("f3", "inbox", strings.KEY_INBOX)]

    controller: PasswordStep
    busy_text = strings.BUSY_SAVING

    def compose_body(self) -> ComposeResult:
        yield SafeText(strings.LABEL_EMAIL_IS.format(email=self.controller.email), classes="note", single_line=True)
        if self.controller.current_note:
            yield SafeText(self.controller.current_note, classes="note")
        if self.controller.asks_code:
            yield self.field_row("currentPassword", SecretInput(id="currentPassword", max_length=self.max_length("currentPassword")))
            if self.controller.demo:
                yield SafeText(strings.LABEL_VERIFY_DEMO_HINT, classes="note")
        yield self.field_row("newPassword", SecretInput(id="newPassword"))
        yield self.field_row("confirmPassword", SecretInput(id="confirmPassword"))
        yield PasswordChecklist(self.profile.passwordPolicy, email=self.controller.email, id="checklist")

    def collect(self) -> PasswordAnswers:
        current = self.query("#currentPassword")
        return PasswordAnswers(
            new_password=self.query_one("#newPassword", SecretInput).value,
            confirm_password=self.query_one("#confirmPassword", SecretInput).value,
            current_password=current.first(SecretInput).value if current else "",
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "inbox":
            # Only where Current Password is the e-mailed code (My Profile's asks the member's own password).
            return self.controller.demo and self.controller.asks_code
        return super().check_action(action, parameters)

    def action_inbox(self) -> None:
        """F3 (demo, the code as Current Password): read the demo e-mails; take the code into Current Password."""
        if not self.check_action("inbox", ()) or self.busy:
            return
        reader = controller_for(StepId.VERIFY, self.controller.wizard)
        if isinstance(reader, VerifyStep):
            # The code is in: what is left to type is the new password.
            open_demo_inbox(self, reader, "currentPassword", then="newPassword")

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
