"""My Profile, driven like a person at 80x24 against the embedded server: the menu and each of its items.

Why: a member who signs in with nothing pending lands on My Profile and
manages their registration there: paperless on or off for every account of
the e-mail, the security phrase (the one in force shown to them), the
password, unsubscribe (after which the same account registers again from
scratch), and sign out, which ends the session on the server.  Every failed
call offers Retry with nothing typed lost.
"""

from __future__ import annotations

from typing import Any

import pytest

from smarthub_tui import strings
from smarthub_tui.contract import PAPERLESS_PATH, PASSWORD_PATH, PHRASE_PATH, SIGN_OUT_PATH, UNSUBSCRIBE_PATH
from smarthub_tui.screens.change_password import ChangePasswordScreen
from smarthub_tui.screens.profile_menu import ProfileMenuScreen
from smarthub_tui.screens.profile_paperless import ProfilePaperlessScreen
from smarthub_tui.screens.register import RegisterScreen
from smarthub_tui.screens.sign_out import SignOutScreen
from smarthub_tui.screens.unsubscribe import UnsubscribeScreen
from smarthub_tui.screens.update_phrase import UpdatePhraseScreen
from smarthub_tui.screens.welcome import WelcomeScreen
from smarthub_tui.widgets import SafeText
from tests.support.harness import FAILURES, MEMBERS, Member, Wizard, build_app, profile_with, register_by_api

PHRASE = "TEST-PHRASE purple otter"
NEW_PHRASE = "TEST-PHRASE green heron"


def member(profile: str = "default", **changes: Any) -> Member:
    """The profile's demo member, set up completely on sign-in (paperless on, a phrase), with `changes`."""
    from dataclasses import replace

    return replace(MEMBERS[profile], **{"paperless": True, "phrase": PHRASE, **changes})


async def at_my_profile(pilot: Any, transport: Any, who: Member) -> Wizard:
    """Register `who` through the API, sign in, answer what is pending: on My Profile."""
    wizard = Wizard(pilot, who)
    wizard.transport = transport  # type: ignore[attr-defined]
    await wizard.sign_in_to("my_profile")
    await wizard.at(ProfileMenuScreen)
    return wizard


async def open_item(wizard: Wizard, label: str) -> None:
    """On the menu, move to the item whose words are `label` (↓/↑ from the one picked) and press Enter."""
    screen = await wizard.at(ProfileMenuScreen)
    labels = [choice.label for choice in screen.controller.field("item").choices]
    target = labels.index(label)
    here = screen._picked or 0
    keys = ["down"] * (target - here) if target >= here else ["up"] * (here - target)
    await wizard.press(*keys, "enter")


def notice(wizard: Wizard) -> str:
    """The notice at the top of the screen ("" when none)."""
    found = wizard.app.screen.query("#notice")
    return found.first(SafeText).text if found else ""


async def test_a_member_with_nothing_pending_lands_on_my_profile_with_the_co_ops_items() -> None:
    app, transport = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await at_my_profile(pilot, transport, member())
        screen = app.screen
        labels = [choice.label for choice in screen.controller.field("item").choices]
        texts = wizard.profile.texts
        assert labels == [
            texts.paperlessTitle,
            texts.updateSecurityPhraseTitle,
            strings.MENU_CHANGE_PASSWORD,
            texts.contactsTitle,
            texts.manageAccountsTitle,
            strings.MENU_SIGN_OUT,
        ]
        lines = [line.text for line in screen.query(".summary-line")]
        assert "Paperless billing: on (bills by e-mail)" in lines
        assert "Security phrase: set" in lines
        assert PHRASE not in str(screen.query(SafeText).results()), "the phrase is shown on its own screen only"


async def test_paperless_off_and_back_on_names_every_account_of_the_email() -> None:
    app, transport = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        who = member()
        # A second account registered with the same e-mail beforehand: the choice covers both.
        bakery = Member(
            account_number="70089012", last_name="Hill Country Bakery LLC", email=who.email, identity={"billingZip": "78701"}
        )
        await register_by_api(transport, profile_with("default"), bakery, set_password=False)
        wizard = await at_my_profile(pilot, transport, who)
        await open_item(wizard, wizard.profile.texts.paperlessTitle)
        screen = await wizard.at(ProfilePaperlessScreen)
        assert "is on now" in screen.query_one("#paperless-now", SafeText).text
        await wizard.press("down", "enter")  # Yes is picked: ↓ picks No
        await wizard.at(ProfileMenuScreen)
        assert notice(wizard) == "Paperless billing is off: bills come by mail for accounts ****9012 and ****4567."
        lines = [line.text for line in app.screen.query(".summary-line")]
        assert "Paperless billing: off (bills by mail)" in lines

        await open_item(wizard, wizard.profile.texts.paperlessTitle)
        await wizard.at(ProfilePaperlessScreen)
        await wizard.press("up", "enter")
        await wizard.at(ProfileMenuScreen)
        assert notice(wizard) == "Paperless billing is on for accounts ****9012 and ****4567."


async def test_back_from_an_item_changes_nothing_and_says_nothing() -> None:
    app, transport = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await at_my_profile(pilot, transport, member())
        await open_item(wizard, wizard.profile.texts.paperlessTitle)
        await wizard.at(ProfilePaperlessScreen)
        await wizard.press("down", "escape")
        await wizard.at(ProfileMenuScreen)
        assert notice(wizard) == ""
        assert "Paperless billing: on (bills by e-mail)" in [line.text for line in app.screen.query(".summary-line")]


async def test_the_phrase_in_force_is_shown_to_its_owner_then_replaced() -> None:
    app, transport = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await at_my_profile(pilot, transport, member())
        await open_item(wizard, wizard.profile.texts.updateSecurityPhraseTitle)
        screen = await wizard.at(UpdatePhraseScreen)
        assert screen.query_one("#phrase-now", SafeText).text == strings.PHRASE_CURRENT.format(phrase=PHRASE)
        await wizard.type(NEW_PHRASE)
        await wizard.press("enter")
        await wizard.at(ProfileMenuScreen)
        assert notice(wizard) == strings.PHRASE_UPDATED
        assert app.wizard.state.phrase.phrase == "", "the new phrase is not kept"

        await open_item(wizard, wizard.profile.texts.updateSecurityPhraseTitle)
        screen = await wizard.at(UpdatePhraseScreen)
        assert screen.query_one("#phrase-now", SafeText).text == strings.PHRASE_CURRENT.format(phrase=NEW_PHRASE)


async def test_the_registration_phrase_screen_says_where_to_update_it() -> None:
    from smarthub_tui.screens.security_phrase import SecurityPhraseScreen

    app, transport = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, member())
        wizard.transport = transport  # type: ignore[attr-defined]
        screen = await wizard.sign_in_to("security_phrase")
        assert isinstance(screen, SecurityPhraseScreen)
        texts = [text.text for text in screen.query(SafeText)]
        update = wizard.profile.texts.securityPhraseUpdateNote
        assert texts.index(update) == texts.index(wizard.profile.texts.securityPhraseWarning) + 1, "the guide's third paragraph"


async def test_change_password_checks_the_current_one_and_keeps_the_member_signed_in() -> None:
    app, transport = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        who = member()
        wizard = await at_my_profile(pilot, transport, who)
        await open_item(wizard, strings.MENU_CHANGE_PASSWORD)
        screen = await wizard.at(ChangePasswordScreen)
        assert screen.query_one("#email", SafeText).text == strings.LABEL_EMAIL_IS.format(email=who.email)
        new = "a quiet morning by the old mill"
        await wizard.fill(["not the password at all", new, new])
        await wizard.press("enter")
        await wizard.at(ChangePasswordScreen)
        assert wizard.error_at("currentPassword") == "Your current password is not correct."
        assert wizard.value("#newPassword") == new, "nothing typed is lost"
        await wizard.press("shift+tab", "shift+tab")
        await wizard.at(ChangePasswordScreen)
        app.screen.query_one("#currentPassword").focus()
        await wizard.type(who.password)
        await wizard.press("enter")
        await wizard.at(ProfileMenuScreen)
        assert notice(wizard) == strings.PASSWORD_CHANGED

        # Still signed in (with the new session), and the new password is the one that works.
        await open_item(wizard, strings.MENU_SIGN_OUT)
        await wizard.at(SignOutScreen)
        await wizard.press("enter")
        await wizard.at(WelcomeScreen)
        await wizard.sign_in(new)
        await wizard.at(ProfileMenuScreen)


async def test_sign_out_ends_the_session_on_the_server() -> None:
    app, transport = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await at_my_profile(pilot, transport, member())
        auth = app.wizard.state.auth
        await open_item(wizard, strings.MENU_SIGN_OUT)
        await wizard.at(SignOutScreen)
        await wizard.press("enter")
        await wizard.at(WelcomeScreen)
        assert notice(wizard) == strings.SIGNED_OUT_DONE
        assert app.wizard.state.auth is None
        from smarthub_tui.backend.base import NotAuthorized
        from smarthub_tui.backend.http import HttpBackend

        backend = HttpBackend(transport.base_url, transport=transport, retry_pause=0)
        with pytest.raises(NotAuthorized):
            await backend.account_summary(auth)


async def test_unsubscribe_no_keeps_everything_yes_deletes_and_the_account_registers_again() -> None:
    app, transport = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        who = member()
        wizard = await at_my_profile(pilot, transport, who)
        await open_item(wizard, wizard.profile.texts.manageAccountsTitle)
        await wizard.at(UnsubscribeScreen)
        await wizard.press("enter", "n")
        await wizard.at(ProfileMenuScreen)
        assert notice(wizard) == strings.UNSUBSCRIBE_KEPT

        wizard.keys = 0
        await open_item(wizard, wizard.profile.texts.manageAccountsTitle)
        await wizard.at(UnsubscribeScreen)
        await wizard.press("enter", "y")
        await wizard.at(WelcomeScreen)
        assert notice(wizard) == strings.UNSUBSCRIBED
        assert wizard.keys == 3, "from the menu (the item picked already): Enter, Enter on Unsubscribe, Y"
        assert app.wizard.state.auth is None

        # The login is gone...
        await wizard.sign_in()
        await wizard.at(WelcomeScreen)
        assert wizard.error_at("password")
        # ...and the same account registers again from scratch.
        app.screen.query_one("#email").focus()
        await wizard.press("ctrl+n")
        await wizard.at(RegisterScreen)
        await wizard.continue_to("finished")


async def test_unsubscribe_from_the_welcome_screen_counts_its_keys() -> None:
    """The figure the issue asks for: sign in, then the menu, unsubscribe, Yes, counted with the Driver."""
    app, transport = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        who = member()
        wizard = Wizard(pilot, who)
        wizard.transport = transport  # type: ignore[attr-defined]
        await wizard.at(WelcomeScreen)
        await register_by_api(transport, wizard.profile, who)
        # Paperless and the phrase set beforehand, so nothing is pending at sign-in.
        await _set_up(transport, who)
        wizard.keys = 0
        await wizard.sign_in()
        await open_item(wizard, wizard.profile.texts.manageAccountsTitle)
        await wizard.at(UnsubscribeScreen)
        await wizard.press("enter", "y")
        await wizard.at(WelcomeScreen)
        typed = len(who.email) + len(who.password)
        print(f"unsubscribe from the welcome screen: {wizard.keys} keys ({typed} typed characters, {wizard.keys - typed} other keys)")
        assert wizard.keys - typed == 2 + 5 + 2, "Tab, Enter; ↓↓↓↓ Enter; Enter, Y"


async def _set_up(transport: Any, who: Member) -> None:
    """Paperless and the phrase, through the API."""
    from smarthub_tui.backend.http import HttpBackend

    backend = HttpBackend(transport.base_url, transport=transport, retry_pause=0)
    auth = await backend.login(who.email, who.password)
    await backend.set_paperless(auth, True)
    await backend.set_security_phrase(auth, PHRASE)


@pytest.mark.parametrize("failure", FAILURES)
@pytest.mark.parametrize("item", ["paperless", "phrase_read", "phrase_save", "password", "unsubscribe", "sign_out"])
async def test_every_failed_call_offers_retry_with_nothing_lost(failure: str, item: str) -> None:
    app, transport = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        who = member()
        wizard = await at_my_profile(pilot, transport, who)
        texts = wizard.profile.texts
        new = "a quiet morning by the old mill"
        label, path, screen_type = {
            "paperless": (texts.paperlessTitle, PAPERLESS_PATH, ProfilePaperlessScreen),
            "phrase_read": (texts.updateSecurityPhraseTitle, PHRASE_PATH, UpdatePhraseScreen),
            "phrase_save": (texts.updateSecurityPhraseTitle, PHRASE_PATH, UpdatePhraseScreen),
            "password": (strings.MENU_CHANGE_PASSWORD, PASSWORD_PATH, ChangePasswordScreen),
            "unsubscribe": (texts.manageAccountsTitle, UNSUBSCRIBE_PATH, UnsubscribeScreen),
            "sign_out": (strings.MENU_SIGN_OUT, SIGN_OUT_PATH, SignOutScreen),
        }[item]
        if item == "phrase_read":
            transport.fail(path, failure)  # the phrase in force is read on arrival
        await open_item(wizard, label)
        await wizard.at(screen_type)
        if item != "phrase_read":
            transport.fail(path, failure)
        if item == "paperless":
            await wizard.press("down", "enter")
        elif item == "phrase_save":
            await wizard.type(NEW_PHRASE)
            await wizard.press("enter")
        elif item == "password":
            await wizard.fill([who.password, new, new])
            await wizard.press("enter")
        elif item == "unsubscribe":
            await wizard.press("enter", "y")
        elif item == "sign_out":
            await wizard.press("enter")
        screen = await wizard.at(screen_type)
        assert wizard.panel(), f"{failure} at {item}: {wizard.describe()}"
        if item == "password":
            typed = [wizard.value(f"#{name}") for name in ("currentPassword", "newPassword", "confirmPassword")]
            assert typed == [who.password, new, new]
        if item == "phrase_save":
            assert wizard.value("#phrase") == NEW_PHRASE
        for secret in (who.password, PHRASE, NEW_PHRASE, new):
            assert secret not in wizard.panel()
        transport.clear()
        await wizard.press("enter")  # Retry has the focus
        if item == "phrase_read":
            await wizard.at(UpdatePhraseScreen)
            assert screen.query_one("#phrase-now", SafeText).text == strings.PHRASE_CURRENT.format(phrase=PHRASE)
            return
        expected = WelcomeScreen if item in ("unsubscribe", "sign_out") else ProfileMenuScreen
        await wizard.at(expected)
        if item == "unsubscribe":
            assert notice(wizard) == strings.UNSUBSCRIBED, "a retry after a lost answer still says what happened"


async def test_an_unsubscribe_whose_answer_was_lost_is_done_on_retry() -> None:
    """The request reached the server, the answer did not: Retry finds the login gone and says it is deleted."""
    app, transport = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await at_my_profile(pilot, transport, member())
        await open_item(wizard, wizard.profile.texts.manageAccountsTitle)
        await wizard.at(UnsubscribeScreen)
        transport.lose_answer(UNSUBSCRIBE_PATH)
        await wizard.press("enter", "y")
        await wizard.at(UnsubscribeScreen)
        assert strings.UNSUBSCRIBE_UNCERTAIN in wizard.panel()
        await wizard.press("enter")  # Retry has the focus
        await wizard.at(WelcomeScreen)
        assert notice(wizard) == strings.UNSUBSCRIBED


async def test_my_profile_works_on_a_small_terminal() -> None:
    """Smaller than 80x24 must not crash: the menu and an item still answer the keys."""
    app, transport = build_app("default", fast=True)
    async with app.run_test(size=(40, 12)) as pilot:
        wizard = await at_my_profile(pilot, transport, member())
        await open_item(wizard, strings.MENU_SIGN_OUT)
        await wizard.at(SignOutScreen)
        await wizard.press("enter")
        await wizard.at(WelcomeScreen)
