"""Manage contacts in the Textual wizard: add an e-mail and a mobile number, confirm each through the demo inbox, remove one.

How the step is reached: the My Profile menu that will offer it is built
elsewhere, so these tests put the step into the sign-in plan for their own
run (`contacts_after_sign_in`, a monkeypatch of `flow.SIGN_IN_STEPS`): a
member whose password is set signs in on the welcome screen and lands on
it, and Done goes on to the finished screen.  Nothing in the app changes.
"""

from __future__ import annotations

import pytest

from smarthub_tui import flow
from smarthub_tui.contract import CONTACT_CONFIRM_PATH, CONTACT_REMOVE_PATH, CONTACTS_PATH
from smarthub_tui.flow import StepId
from smarthub_tui.screens.confirm import ConfirmScreen
from smarthub_tui.screens.contact_add import ContactAddScreen
from smarthub_tui.screens.contact_code import ContactCodeScreen
from smarthub_tui.screens.contacts import ContactsScreen
from smarthub_tui.screens.finished import FinishedScreen
from smarthub_tui.screens.inbox import InboxScreen
from tests.support.harness import FAILURES, MEMBERS, Wizard, build_app, profile_with

REASONS = {
    "unreachable": "Cannot reach the server",
    "timeout": "did not answer in time",
    "500": "The server had a problem",
    "garbage": "not JSON",
    "dropped": "The connection was cut before the answer came.",
}


@pytest.fixture(autouse=True)
def contacts_after_sign_in(monkeypatch):
    """A signed-in member walks Contacts, then Finished (paperless and the phrase are skipped for the test)."""
    monkeypatch.setattr(flow, "SIGN_IN_STEPS", (StepId.CONTACTS, StepId.FINISHED))


def rows(screen: ContactsScreen) -> list[str]:
    return [str(row.text) for row in screen.query(".contact-address")]


async def press_button(wizard: Wizard, selector: str) -> None:
    """Focus a button as Tab would, and press Enter on it."""
    wizard.app.screen.query_one(selector).focus()
    await wizard.press("enter")


async def confirm_through_inbox(wizard: Wizard) -> None:
    """On the code form: F3, Use this code, Confirm."""
    await wizard.at(ContactCodeScreen)
    await wizard.press("f3")
    await wizard.at(InboxScreen)
    await wizard.settle()
    await wizard.press("u")
    await wizard.at(ContactCodeScreen)
    assert wizard.value("#code").isdigit() and len(wizard.value("#code")) == 6
    await wizard.press("enter")


async def test_add_an_email_and_a_mobile_number_confirm_each_in_the_demo_inbox_and_remove_one() -> None:
    app, transport = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        wizard.transport = transport
        screen = await wizard.sign_in_to("contacts")
        await wizard.settle()
        email = wizard.member.email
        assert rows(screen) == [f"{email}  (active, you sign in with it)"]

        await wizard.press("enter")  # Add e-mail has the focus
        await wizard.at(ContactAddScreen)
        await wizard.type("jane.work@example.org")
        await wizard.press("enter")
        await confirm_through_inbox(wizard)
        screen = await wizard.at(ContactsScreen)
        await wizard.settle()
        assert rows(screen)[1] == "jane.work@example.org  (active)"
        assert "jane.work@example.org is confirmed" in str(screen.query_one("#contacts-said").text)

        await press_button(wizard, "#add-sms")
        await wizard.at(ContactAddScreen)
        await wizard.type("(512) 555-0123")
        await wizard.press("enter")
        await wizard.at(ContactCodeScreen)
        await wizard.press("f3")
        inbox = await wizard.at(InboxScreen)
        await wizard.settle()
        assert "+15125550123" in str(inbox.query_one("#header").render()) or inbox.query(".mail")
        await wizard.press("u")
        await wizard.at(ContactCodeScreen)
        await wizard.press("enter")
        screen = await wizard.at(ContactsScreen)
        await wizard.settle()
        assert rows(screen)[2] == "(512) 555-0123  (active)"

        removes = [b for b in screen.query(".contact-action") if b.name and b.name.startswith("remove:")]
        assert len(removes) == 2  # never the sign-in e-mail
        removes[0].focus()
        await wizard.press("enter")
        await wizard.at(ConfirmScreen)
        await wizard.press("y")
        screen = await wizard.at(ContactsScreen)
        await wizard.settle()
        assert rows(screen) == [f"{email}  (active, you sign in with it)", "(512) 555-0123  (active)"]
        assert transport.count(CONTACT_REMOVE_PATH) == 1
        assert transport.count(CONTACT_CONFIRM_PATH) == 2

        await press_button(wizard, "#submit")  # Done
        await wizard.at(FinishedScreen)


async def test_refusals_are_said_at_the_field() -> None:
    app, transport = build_app(profile_with("default", maximumContacts=2, captchaDifficultyBits=8))
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        wizard.transport = transport
        await wizard.sign_in_to("contacts")
        await wizard.settle()
        await press_button(wizard, "#add-sms")
        await wizard.at(ContactAddScreen)
        await wizard.type("555-0123")
        await wizard.press("enter")
        assert "not a valid US mobile number" in wizard.error_at("address")
        assert transport.count(CONTACTS_PATH) == 1  # refused here, before any call: only the list was fetched

        await wizard.press("escape")
        await wizard.at(ContactsScreen)
        await wizard.press("enter")  # the focus is back on Add mobile number: the same form again
        await wizard.at(ContactAddScreen)
        assert wizard.value("#address") == ""
        await wizard.press("escape")
        await wizard.at(ContactsScreen)
        await press_button(wizard, "#add-email")
        await wizard.at(ContactAddScreen)
        await wizard.type(wizard.member.email.upper())
        await wizard.press("enter")
        await wizard.settle()
        assert "on your list already" in wizard.error_at("address")

        await wizard.type("second@example.org")  # the refused text is selected: typing replaces it
        await wizard.press("enter")
        code_screen = await wizard.at(ContactCodeScreen)
        await wizard.type("000000")
        await wizard.press("enter")
        await wizard.settle()
        assert "not valid" in wizard.error_at("code"), wizard.describe()
        assert code_screen is wizard.app.screen


@pytest.mark.parametrize("failure", FAILURES)
async def test_a_failed_add_offers_retry_with_the_address_kept(failure: str) -> None:
    app, transport = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        wizard.transport = transport
        await wizard.sign_in_to("contacts")
        await wizard.settle()
        await wizard.press("enter")
        await wizard.at(ContactAddScreen)
        await wizard.type("jane.work@example.org")
        transport.fail(CONTACTS_PATH, failure)
        await wizard.press("enter")
        await wizard.settle()
        assert REASONS[failure] in wizard.panel(), wizard.describe()
        assert wizard.value("#address") == "jane.work@example.org"
        transport.clear()
        await wizard.press("enter")  # Retry has the focus
        await wizard.at(ContactCodeScreen)


@pytest.mark.parametrize("failure", ["timeout", "500", "garbage"])
async def test_a_failed_confirm_and_a_failed_list_offer_retry(failure: str) -> None:
    app, transport = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        wizard.transport = transport
        await wizard.sign_in_to("contacts")
        await wizard.settle()
        await wizard.press("enter")
        await wizard.at(ContactAddScreen)
        await wizard.type("jane.work@example.org")
        await wizard.press("enter")
        await wizard.at(ContactCodeScreen)
        await wizard.press("f3")
        await wizard.at(InboxScreen)
        await wizard.settle()
        await wizard.press("u")
        await wizard.at(ContactCodeScreen)
        code = wizard.value("#code")
        transport.fail(CONTACT_CONFIRM_PATH, failure)
        await wizard.press("enter")
        await wizard.settle()
        assert REASONS[failure] in wizard.panel(), wizard.describe()
        assert wizard.value("#code") == code
        transport.clear()
        await wizard.press("enter")
        screen = await wizard.at(ContactsScreen)
        await wizard.settle()
        assert rows(screen)[1] == "jane.work@example.org  (active)"


async def _with_a_pending_email(wizard: Wizard) -> str:
    """Signed in, an e-mail contact added, its code taken from the demo inbox into the field; the code."""
    await wizard.sign_in_to("contacts")
    await wizard.settle()
    await wizard.press("enter")
    await wizard.at(ContactAddScreen)
    await wizard.type("jane.work@example.org")
    await wizard.press("enter")
    await wizard.at(ContactCodeScreen)
    await wizard.press("f3")
    await wizard.at(InboxScreen)
    await wizard.settle()
    await wizard.press("u")
    await wizard.at(ContactCodeScreen)
    return wizard.value("#code")


async def test_a_confirm_whose_answer_was_lost_is_not_called_invalid_on_retry() -> None:
    """The first try used the code up; the retry's "not valid" is checked against the list, where the contact is active."""
    app, transport = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        wizard.transport = transport
        await _with_a_pending_email(wizard)
        transport.lose_answer(CONTACT_CONFIRM_PATH)
        await wizard.press("enter")
        await wizard.settle()
        assert REASONS["timeout"] in wizard.panel(), wizard.describe()
        await wizard.press("enter")  # Retry
        screen = await wizard.at(ContactsScreen)
        await wizard.settle()
        assert rows(screen)[1] == "jane.work@example.org  (active)"
        assert transport.count(CONTACT_CONFIRM_PATH) == 2


async def test_a_remove_whose_answer_was_lost_is_not_called_not_found_on_retry() -> None:
    app, transport = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        wizard.transport = transport
        await _with_a_pending_email(wizard)
        await wizard.press("escape")  # leave it pending
        screen = await wizard.at(ContactsScreen)
        await wizard.settle()
        remove = next(b for b in screen.query(".contact-action") if b.name == "remove:1")
        remove.focus()
        await wizard.press("enter")
        await wizard.at(ConfirmScreen)
        transport.lose_answer(CONTACT_REMOVE_PATH)
        await wizard.press("y")
        screen = await wizard.at(ContactsScreen)
        await wizard.settle()
        assert REASONS["timeout"] in wizard.panel(), wizard.describe()
        await wizard.press("enter")  # Retry
        await wizard.settle()
        assert not wizard.panel()
        assert rows(screen) == [f"{wizard.member.email}  (active, you sign in with it)"]
        assert "was removed" in str(screen.query_one("#contacts-said").text)
        assert wizard.error_at("form") == "", wizard.describe()


@pytest.mark.parametrize("failure", ["unreachable", "500", "garbage"])
async def test_the_list_offers_retry_when_it_cannot_be_fetched(failure: str) -> None:
    app, transport = build_app("default", fast=True)
    transport.fail(CONTACTS_PATH, failure)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        wizard.transport = transport
        screen = await wizard.sign_in_to("contacts")
        await wizard.settle()
        assert REASONS[failure] in wizard.panel(), wizard.describe()
        transport.clear()
        await wizard.press("enter")  # Retry
        await wizard.settle()
        assert rows(screen) == [f"{wizard.member.email}  (active, you sign in with it)"]
