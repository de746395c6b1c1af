"""My Profile in the runner, without any front end's widgets: the menu loop, its items, and the ways out.

Why: a signed-in member lands on the menu once nothing is pending, comes
back to it from every item (Back or done, done with the item's
confirmation), and leaves it only by signing out, unsubscribing or F10,
which ends the session on the server too.  Every front end relies on this.
"""

from __future__ import annotations

from typing import Any

import pytest

from smarthub_tui import strings
from smarthub_tui.flow import Back, Mode, Next, Outcome, Reroute, StepId, profile_menu
from smarthub_tui.models import AccountSummary, AuthSession
from smarthub_tui.profiles import CoopProfile, MenuItem, load_profile
from smarthub_tui.registry import controller_for
from smarthub_tui.runner import Ending, Runner, Visit, leaving
from smarthub_tui.state import ProfileMenuAnswers
from smarthub_tui.steps import Wizard
from tests.support.harness import profile_with
from tests.unit.test_runner import Scripted, SettingsOnly

AUTH = AuthSession("jane@example.com", "t", 600, False)
SUMMARY = AccountSummary("jane@example.com", ("****4567", "****9012"), True, True)


class SignsOut(SettingsOnly):
    """Knows the settings and records a sign-out; any other call is the runner's mistake."""

    def __init__(self, profile: str = "default") -> None:
        super().__init__(profile)
        self.signed_out: list[AuthSession] = []

    async def sign_out(self, auth: AuthSession) -> None:
        self.signed_out.append(auth)


def signed_in(then: Any) -> Any:
    """At the welcome screen, sign in (as the sign-in step would leave the state), then follow `then`."""

    def script(visit: Visit) -> Outcome:
        if visit.step is StepId.WELCOME:
            state = visit.controller.state
            state.auth = AUTH
            state.summary = SUMMARY
            return Next(Mode.SIGN_IN)
        outcome: Outcome = then(visit)
        return outcome

    return script


async def test_items_come_back_to_the_menu_and_sign_out_leaves_for_the_welcome_screen() -> None:
    chosen = iter(["paperless", "change_password", "sign_out"])

    def script(visit: Visit) -> Outcome:
        if visit.step is StepId.MY_PROFILE:
            return Next(ProfileMenuAnswers(next(chosen)))
        if visit.step is StepId.PROFILE_PAPERLESS:
            return Back()
        if visit.step is StepId.SIGN_OUT:
            visit.controller.state.auth = None  # what its submit does
        return Next(visit.answers)

    front_end = Scripted(signed_in(script))
    wizard = Wizard(lambda: SignsOut())
    runner = Runner(wizard, front_end)
    ending = await runner.run(walks=1)
    assert ending is Ending.LEFT
    assert front_end.steps == [
        StepId.WELCOME,
        StepId.MY_PROFILE,
        StepId.PROFILE_PAPERLESS,
        StepId.MY_PROFILE,
        StepId.CHANGE_PASSWORD,
        StepId.MY_PROFILE,
        StepId.SIGN_OUT,
    ]
    menus = [visit for visit in front_end.visits if visit.step is StepId.MY_PROFILE]
    assert menus[1].notice is None, "Back from an item says nothing"
    assert menus[2].notice is not None and menus[2].notice.message == strings.PASSWORD_CHANGED
    assert menus[2].answers == ProfileMenuAnswers("change_password"), "the item last opened is picked again"
    assert not menus[0].can_go_back, "nothing comes before the menu"
    assert runner.notice is not None and runner.notice.message == strings.SIGNED_OUT_DONE
    assert wizard.state.auth is None and wizard.state.summary is None, "the member's data is wiped"


async def test_f10_at_the_menu_ends_the_session_on_the_server() -> None:
    backend = SignsOut()
    asked = []

    def f10(visit: Visit) -> Outcome:
        leave = leaving(visit.controller.state)  # what the front end asks first
        asked.append(leave.question)
        return leave.outcome

    front_end = Scripted(signed_in(f10))
    wizard = Wizard(lambda: backend)
    runner = Runner(wizard, front_end)
    assert await runner.run(walks=1) is Ending.LEFT
    assert backend.signed_out == [AUTH]
    assert asked == [strings.SIGN_OUT_TEXT], "nothing is left to finish: the question is only about signing out"
    assert runner.notice is not None and runner.notice.message == strings.SIGNED_OUT_DONE


async def test_a_session_that_ended_sends_the_member_to_sign_in_again_with_the_email_kept() -> None:
    def script(visit: Visit) -> Outcome:
        if visit.step is StepId.MY_PROFILE:
            return Next(ProfileMenuAnswers("security_phrase"))
        return Reroute(StepId.WELCOME, strings.SIGNED_OUT)

    front_end = Scripted(signed_in(script))
    wizard = Wizard(lambda: SignsOut())
    runner = Runner(wizard, front_end)
    await runner.run(walks=2)
    assert front_end.steps[:4] == [StepId.WELCOME, StepId.MY_PROFILE, StepId.UPDATE_PHRASE, StepId.WELCOME]
    again = front_end.visits[3]
    assert again.answers.email == AUTH.user_id
    assert again.notice is not None and again.notice.message == strings.SIGNED_OUT


def test_the_menu_is_the_profiles_list_less_what_the_co_op_does_not_offer() -> None:
    assert profile_menu(load_profile("default")) == (
        MenuItem.PAPERLESS,
        MenuItem.SECURITY_PHRASE,
        MenuItem.CHANGE_PASSWORD,
        MenuItem.CONTACTS,
        MenuItem.UNSUBSCRIBE,
        MenuItem.SIGN_OUT,
    )
    lean = profile_with("default", allowUnsubscribe=False, paperBillsPrompt=False)
    assert profile_menu(lean) == (MenuItem.SECURITY_PHRASE, MenuItem.CHANGE_PASSWORD, MenuItem.CONTACTS, MenuItem.SIGN_OUT)
    reordered = profile_with("default", profileMenu=["sign_out", "contacts", "change_password"])
    assert profile_menu(reordered) == (MenuItem.SIGN_OUT, MenuItem.CONTACTS, MenuItem.CHANGE_PASSWORD)


def test_a_menu_without_sign_out_is_refused() -> None:
    data = load_profile("default").model_dump(mode="json")
    data["profileMenu"] = ["paperless"]
    with pytest.raises(ValueError, match="sign_out"):
        CoopProfile.model_validate(data)


async def test_the_menu_labels_are_the_co_ops_words() -> None:
    wizard = Wizard(lambda: SignsOut("pec"))
    await wizard.connect()
    wizard.state.auth = AUTH
    menu = controller_for(StepId.MY_PROFILE, wizard)
    labels = [choice.label for choice in menu.field("item").choices]
    texts = wizard.state.profile.texts
    assert labels == [
        texts.paperlessTitle,
        texts.updateSecurityPhraseTitle,
        strings.MENU_CHANGE_PASSWORD,
        texts.contactsTitle,
        texts.manageAccountsTitle,
        strings.MENU_SIGN_OUT,
    ]
