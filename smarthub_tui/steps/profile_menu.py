"""My Profile: the menu a signed-in member lands on once nothing is pending, and comes back to after each item.

Its items are data: the co-op's `profileMenu` (which items, in which order),
less those whose feature the co-op lacks (`flow.profile_menu`); what each
item walks is `flow.PROFILE_ITEMS`, and each item's words are its first
step's `menu_label`.  The menu is one choice field, so the line mode asks it
as a numbered list and an answers file could name an item, with no code of
their own.  Its `load` refreshes the account summary shown above the items.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from smarthub_tui import strings
from smarthub_tui.backend.base import NotAuthorized
from smarthub_tui.flow import PROFILE_ITEMS, StepId, profile_menu
from smarthub_tui.models import AccountSummary
from smarthub_tui.profile_data import MenuItem
from smarthub_tui.state import ProfileMenuAnswers
from smarthub_tui.steps.base import Choice, Field, FieldKind, Step


class ProfileMenuStep(Step[ProfileMenuAnswers]):
    """Which My Profile item to open; the runner walks it and comes back here."""

    step_id = StepId.MY_PROFILE
    button = "myProfile"
    field_names = ("item",)
    kept_in = "profile_menu"

    @property
    def title(self) -> str:
        return self.profile.texts.myProfileTitle

    @property
    def email(self) -> str:
        """Who is signed in."""
        auth = self.state.auth
        return auth.user_id if auth else ""

    def intro(self) -> list[str]:
        return [strings.PROFILE_SIGNED_IN_AS.format(email=self.email)]

    def items(self) -> tuple[MenuItem, ...]:
        """The co-op's items, in its order."""
        return profile_menu(self.profile)

    def label(self, item: MenuItem) -> str:
        """An item's words: those of the first step it walks."""
        from smarthub_tui.registry import controller_for  # the registry imports every step, this one included

        return controller_for(PROFILE_ITEMS[item][0], self.wizard).menu_label

    def fields(self) -> tuple[Field, ...]:
        choices = tuple(Choice(item.value, self.label(item)) for item in self.items())
        return (Field("item", strings.PROFILE_CHOOSE, FieldKind.CHOICE, choices=choices),)

    def values(self, answers: ProfileMenuAnswers) -> dict[str, Any]:
        return {"item": answers.item}

    def from_values(self, values: Mapping[str, Any]) -> ProfileMenuAnswers:
        item = values.get("item")
        return ProfileMenuAnswers(item if isinstance(item, str) else None)

    def validate(self, answers: ProfileMenuAnswers) -> dict[str, str]:
        if answers.item not in {item.value for item in self.items()}:
            return {"item": strings.PROFILE_CHOOSE}
        return {}

    def chosen(self, answers: ProfileMenuAnswers) -> tuple[StepId, ...]:
        """The steps the chosen item walks."""
        return PROFILE_ITEMS[MenuItem(answers.item or "")]

    async def load(self) -> AccountSummary:
        """The account summary, fresh (an item may have changed it)."""
        auth = self.state.auth
        if auth is None:
            raise NotAuthorized(strings.SIGNED_OUT)
        self.state.summary = await self.backend.account_summary(auth)
        return self.state.summary

    def lines(self, summary: AccountSummary) -> list[str]:
        """The summary in words (the finished step's: e-mail, masked accounts, paperless, phrase set or not)."""
        from smarthub_tui.steps.finished import FinishedStep

        return FinishedStep(self.wizard).lines(summary)

    def report(self, loaded: Any) -> list[str]:
        return self.lines(loaded) if isinstance(loaded, AccountSummary) else []


def accounts_in_words(accounts: tuple[str, ...]) -> str:
    """ "account ****4567", "accounts ****4567 and ****8901", "accounts A, B and C"."""
    if not accounts:
        return ""
    if len(accounts) == 1:
        return strings.ACCOUNT_ONE.format(account=accounts[0])
    return strings.ACCOUNTS_AND.format(first=", ".join(accounts[:-1]), last=accounts[-1])
