"""My Profile's Manage My Registered Accounts: the accounts registered with this e-mail, and Unsubscribe.

The co-op's confirmation (digital notifications stop, paper bills resume) is
answered Yes or No.  Yes deletes the registration on the server (the login,
its links to the accounts, its sessions and codes, in one transaction) and
the member is signed out: the runner takes them to the welcome screen, where
they can register again at any time.  No changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from smarthub_tui import strings
from smarthub_tui.backend.base import BackendError, BackendTimeout, NotAuthorized
from smarthub_tui.flow import StepId
from smarthub_tui.state import UnsubscribeAnswers
from smarthub_tui.steps.base import Choice, Field, FieldKind, Problem, RetryProblem, Step, Wizard
from smarthub_tui.steps.profile_menu import accounts_in_words


class UnsubscribeStep(Step[UnsubscribeAnswers]):
    """Yes deletes the registration; No keeps it."""

    step_id = StepId.UNSUBSCRIBE
    button = "unsubscribe"
    field_names = ("unsubscribe",)

    def __init__(self, wizard: Wizard) -> None:
        super().__init__(wizard)
        self.uncertain = False
        """The last attempt's answer was lost after it was sent: it may have deleted the registration."""

    @property
    def title(self) -> str:
        return self.profile.texts.manageAccountsTitle

    def registered(self) -> str:
        """Which accounts are registered with which e-mail, in words."""
        summary = self.state.summary
        email = self.state.auth.user_id if self.state.auth else ""
        accounts = accounts_in_words(summary.accounts) if summary else ""
        return strings.UNSUBSCRIBE_ACCOUNTS.format(email=email, accounts=accounts)

    def intro(self) -> list[str]:
        return [self.registered()]

    def fields(self) -> tuple[Field, ...]:
        choices = (Choice(True, strings.BUTTON_YES), Choice(False, strings.BUTTON_NO))
        return (Field("unsubscribe", self.profile.texts.unsubscribeConfirm, FieldKind.CHOICE, choices=choices),)

    def values(self, answers: UnsubscribeAnswers) -> dict[str, Any]:
        return {"unsubscribe": answers.confirmed}

    def from_values(self, values: Mapping[str, Any]) -> UnsubscribeAnswers:
        choice = values.get("unsubscribe")
        return UnsubscribeAnswers(choice if isinstance(choice, bool) else None)

    def validate(self, answers: UnsubscribeAnswers) -> dict[str, str]:
        if answers.confirmed is None:
            return {"unsubscribe": strings.UNSUBSCRIBE_REQUIRED}
        return {}

    async def send(self, answers: UnsubscribeAnswers) -> None:
        """Yes: delete the registration, then forget the session (it ended with the login); No: nothing."""
        if not answers.confirmed:
            return
        auth = self.state.auth
        if auth is None:
            raise NotAuthorized(strings.SIGNED_OUT)
        try:
            await self.backend.unsubscribe(auth)
        except BackendTimeout as error:
            self.uncertain = error.uncertain
            raise
        except NotAuthorized:
            if not self.uncertain:
                raise
            # Retried after a lost answer: the session is gone because the registration is.
        self.state.auth = None

    def explain(self, error: BackendError) -> Problem:
        """A lost answer: the registration may be deleted already, and Retry is safe (it finds out)."""
        if isinstance(error, BackendTimeout) and error.uncertain:
            return RetryProblem(f"{error.message} {strings.UNSUBSCRIBE_UNCERTAIN}")
        return super().explain(error)

    def confirmation(self) -> str:
        return strings.UNSUBSCRIBED if self.state.auth is None else strings.UNSUBSCRIBE_KEPT
