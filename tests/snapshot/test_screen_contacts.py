"""Snapshots of Manage contacts at 80x24: the list (one contact active, one waiting for its code), the add form,
the code form, and a refusal at the field.

The step is put into the sign-in plan for these pictures (a monkeypatch of
`flow.SIGN_IN_STEPS`, as in tests/functional/test_wizard_contacts.py): the
member signs in and lands on it.
"""

from __future__ import annotations

import pytest

from smarthub_tui import flow
from smarthub_tui.flow import StepId
from tests.support.harness import shoot


@pytest.fixture(autouse=True)
def contacts_after_sign_in(monkeypatch):
    monkeypatch.setattr(flow, "SIGN_IN_STEPS", (StepId.CONTACTS, StepId.FINISHED))


async def _list(wizard) -> None:
    from smarthub_tui.screens.contact_add import ContactAddScreen
    from smarthub_tui.screens.contact_code import ContactCodeScreen
    from smarthub_tui.screens.contacts import ContactsScreen

    await wizard.sign_in_to("contacts")
    await wizard.settle()
    wizard.app.screen.query_one("#add-sms").focus()
    await wizard.press("enter")
    await wizard.at(ContactAddScreen)
    await wizard.type("512 555 0123")
    await wizard.press("enter")
    await wizard.at(ContactCodeScreen)
    await wizard.press("escape")  # back to the list: the number waits for its code
    await wizard.at(ContactsScreen)


async def _add_form(wizard) -> None:
    from smarthub_tui.screens.contact_add import ContactAddScreen

    await wizard.sign_in_to("contacts")
    await wizard.settle()
    await wizard.press("enter")  # Add e-mail
    await wizard.at(ContactAddScreen)
    await wizard.type("jane.work@example.org")


async def _code_form(wizard) -> None:
    from smarthub_tui.screens.contact_code import ContactCodeScreen

    await _add_form(wizard)
    await wizard.press("enter")
    await wizard.at(ContactCodeScreen)


async def _refused(wizard) -> None:
    from smarthub_tui.screens.contact_add import ContactAddScreen

    await wizard.sign_in_to("contacts")
    await wizard.settle()
    await wizard.press("enter")
    await wizard.at(ContactAddScreen)
    await wizard.type(wizard.member.email)
    await wizard.press("enter")  # the sign-in e-mail: a contact already


def test_contacts_list(snap_compare) -> None:
    assert shoot(snap_compare, "default", _list)


def test_contacts_add_form(snap_compare) -> None:
    assert shoot(snap_compare, "default", _add_form)


def test_contacts_code_form(snap_compare) -> None:
    assert shoot(snap_compare, "default", _code_form)


def test_contacts_refused_at_the_field(snap_compare) -> None:
    assert shoot(snap_compare, "default", _refused)
