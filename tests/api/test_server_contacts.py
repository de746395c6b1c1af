"""The contacts operations: list, add (e-mail or US mobile), confirm by code, remove; and every refusal.

A signed-in member (the demo's Ana Álvarez, password set) manages the places
bill notifications go.  The sign-in e-mail is contact 0, active and never
removable; an added contact is pending until the code sent to it comes back
(through the demo outbox, which keys a text message by the phone number).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from smarthub_tui.contract import (
    CONTACT_CONFIRM_PATH,
    CONTACT_REMOVE_PATH,
    CONTACTS_PATH,
    OUTBOX_PATH,
    ErrorCode,
)

ANA = "ana.alvarez@example.com"
ANA_PASSWORD = "Demo-Pass1"


@pytest.fixture
async def signed_in(make_app, api, member, secured, cheap_profile):
    """``await signed_in(profile=..., **changes)``: (client, headers, app) for Ana, signed in."""

    async def sign_in(profile: str = "default", **changes: Any):
        app = make_app(cheap_profile(profile, **changes))
        client = await api(app)
        answer = await member(client, profile).login(ANA, ANA_PASSWORD)
        assert answer.status_code == 200, answer.text
        return client, secured(answer.json()), app

    return sign_in


async def newest_code(client, address: str) -> str:
    messages = (await client.get(OUTBOX_PATH, params={"to": address})).json()["messages"]
    return re.search(r"\b(\d{6})\b", messages[0]["body"]).group(1)


async def test_the_sign_in_email_is_the_first_contact_and_always_active(signed_in):
    client, headers, _ = await signed_in()
    answer = await client.get(CONTACTS_PATH, headers=headers)
    assert answer.status_code == 200
    assert answer.json() == {
        "contacts": [{"id": 0, "kind": "email", "address": ANA, "status": "active", "primary": True}],
        "maximumContacts": 5,
        "smsEnabled": True,
    }


async def test_contacts_need_a_session(signed_in):
    client, _, _ = await signed_in()
    answer = await client.get(CONTACTS_PATH)
    assert answer.status_code == 401
    assert answer.json()["code"] == ErrorCode.NOT_AUTHORIZED


async def test_an_email_contact_is_pending_until_its_code_comes_back(signed_in):
    client, headers, _ = await signed_in()
    added = await client.post(CONTACTS_PATH, json={"kind": "email", "address": " Ana.Work@Example.ORG "}, headers=headers)
    assert added.status_code == 201, added.text
    contact = added.json()
    assert contact["status"] == "pending" and contact["address"] == "Ana.Work@example.org" and contact["primary"] is False
    mail = (await client.get(OUTBOX_PATH, params={"to": "ana.work@example.org"})).json()["messages"][0]
    assert mail["subject"] == "Confirm your SmartHub contact"
    code = await newest_code(client, "ana.work@example.org")

    confirmed = await client.post(CONTACT_CONFIRM_PATH, json={"id": contact["id"], "code": code}, headers=headers)
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["status"] == "active"
    listed = (await client.get(CONTACTS_PATH, headers=headers)).json()["contacts"]
    assert [(c["address"], c["status"]) for c in listed] == [(ANA, "active"), ("Ana.Work@example.org", "active")]


@pytest.mark.parametrize("typed", ["(512) 555-0123", "+1 512 555 0123", "1-512-555-0123", "512.555.0123"])
async def test_a_mobile_number_is_normalised_and_its_text_lands_in_the_demo_outbox(signed_in, typed):
    client, headers, _ = await signed_in()
    added = await client.post(CONTACTS_PATH, json={"kind": "sms", "address": typed}, headers=headers)
    assert added.status_code == 201, added.text
    assert added.json()["address"] == "+15125550123"
    messages = (await client.get(OUTBOX_PATH, params={"to": "+15125550123"})).json()["messages"]
    assert messages[0]["subject"] == "Text message"
    assert messages[0]["to"] == "+15125550123"
    code = await newest_code(client, "+15125550123")
    confirmed = await client.post(CONTACT_CONFIRM_PATH, json={"id": added.json()["id"], "code": code}, headers=headers)
    assert confirmed.json()["status"] == "active"


@pytest.mark.parametrize("typed", ["555-0123", "+44 20 7946 0958", "(012) 555-0123", "512-055-0123", "512-555-01234", "call me"])
async def test_a_malformed_number_is_refused_at_the_field(signed_in, typed):
    client, headers, app = await signed_in()
    answer = await client.post(CONTACTS_PATH, json={"kind": "sms", "address": typed}, headers=headers)
    assert answer.status_code == 422
    assert answer.json()["code"] == ErrorCode.VALIDATION_FAILED
    assert answer.json()["field"] == "address"
    with app.state.service.store.transaction() as tx:
        assert tx.count_rows("contacts") == 0


async def test_a_malformed_email_is_refused_at_the_field(signed_in):
    client, headers, _ = await signed_in()
    answer = await client.post(CONTACTS_PATH, json={"kind": "email", "address": "ana at work"}, headers=headers)
    assert (answer.status_code, answer.json()["code"], answer.json()["field"]) == (422, "validation_failed", "address")


async def test_sms_is_refused_where_the_profile_does_not_enable_it(signed_in):
    client, headers, _ = await signed_in(smsEnabled=False)
    answer = await client.post(CONTACTS_PATH, json={"kind": "sms", "address": "512-555-0123"}, headers=headers)
    assert answer.status_code == 422
    assert (answer.json()["code"], answer.json()["field"]) == (ErrorCode.SMS_NOT_ENABLED, "kind")
    assert (await client.get(CONTACTS_PATH, headers=headers)).json()["smsEnabled"] is False


async def test_duplicates_are_refused_the_sign_in_email_and_an_active_contact(signed_in):
    client, headers, _ = await signed_in()
    same = await client.post(CONTACTS_PATH, json={"kind": "email", "address": ANA.upper()}, headers=headers)
    assert (same.status_code, same.json()["code"], same.json()["field"]) == (409, ErrorCode.CONTACT_EXISTS, "address")
    added = (await client.post(CONTACTS_PATH, json={"kind": "sms", "address": "512-555-0123"}, headers=headers)).json()
    code = await newest_code(client, "+15125550123")
    await client.post(CONTACT_CONFIRM_PATH, json={"id": added["id"], "code": code}, headers=headers)
    again = await client.post(CONTACTS_PATH, json={"kind": "sms", "address": "+1 (512) 555-0123"}, headers=headers)
    assert (again.status_code, again.json()["code"]) == (409, ErrorCode.CONTACT_EXISTS)


async def test_a_pending_contact_added_again_gets_a_new_code_and_the_old_one_stops_working(signed_in):
    client, headers, _ = await signed_in()
    first = (await client.post(CONTACTS_PATH, json={"kind": "email", "address": "a2@example.org"}, headers=headers)).json()
    old = await newest_code(client, "a2@example.org")
    second = (await client.post(CONTACTS_PATH, json={"kind": "email", "address": "a2@example.org"}, headers=headers)).json()
    assert second["id"] == first["id"]
    new = await newest_code(client, "a2@example.org")
    if old != new:  # one chance in a million that they are the same
        stale = await client.post(CONTACT_CONFIRM_PATH, json={"id": first["id"], "code": old}, headers=headers)
        assert stale.json()["code"] == ErrorCode.INVALID_TOKEN
    good = await client.post(CONTACT_CONFIRM_PATH, json={"id": first["id"], "code": new}, headers=headers)
    assert good.json()["status"] == "active"


async def test_too_many_contacts_are_refused_at_the_field(signed_in):
    client, headers, _ = await signed_in(maximumContacts=3)
    for n in range(2):
        added = await client.post(CONTACTS_PATH, json={"kind": "email", "address": f"c{n}@example.org"}, headers=headers)
        assert added.status_code == 201
    refused = await client.post(CONTACTS_PATH, json={"kind": "email", "address": "c9@example.org"}, headers=headers)
    assert refused.status_code == 422
    assert (refused.json()["code"], refused.json()["field"]) == (ErrorCode.TOO_MANY_CONTACTS, "address")
    assert "3" in refused.json()["message"]


async def test_a_wrong_code_is_refused_and_counts_toward_lockout(signed_in):
    client, headers, _ = await signed_in(failedLoginLockoutLimit=3)
    added = (await client.post(CONTACTS_PATH, json={"kind": "email", "address": "w@example.org"}, headers=headers)).json()
    code = await newest_code(client, "w@example.org")
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(2):
        answer = await client.post(CONTACT_CONFIRM_PATH, json={"id": added["id"], "code": wrong}, headers=headers)
        assert (answer.status_code, answer.json()["code"], answer.json()["field"]) == (400, ErrorCode.INVALID_TOKEN, "code")
    locked = await client.post(CONTACT_CONFIRM_PATH, json={"id": added["id"], "code": wrong}, headers=headers)
    assert (locked.status_code, locked.json()["code"]) == (423, ErrorCode.LOCKED_OUT)
    # Locked: even the right code waits.
    right = await client.post(CONTACT_CONFIRM_PATH, json={"id": added["id"], "code": code}, headers=headers)
    assert right.json()["code"] == ErrorCode.LOCKED_OUT


async def test_an_expired_code_is_refused(signed_in, clock):
    client, headers, _ = await signed_in()  # default profile: codes work 10 minutes
    added = (await client.post(CONTACTS_PATH, json={"kind": "email", "address": "x@example.org"}, headers=headers)).json()
    code = await newest_code(client, "x@example.org")
    clock.advance(minutes=11)
    answer = await client.post(CONTACT_CONFIRM_PATH, json={"id": added["id"], "code": code}, headers=headers)
    assert (answer.status_code, answer.json()["code"]) == (400, ErrorCode.INVALID_TOKEN)


async def test_a_code_is_single_use(signed_in):
    client, headers, _ = await signed_in()
    added = (await client.post(CONTACTS_PATH, json={"kind": "email", "address": "r@example.org"}, headers=headers)).json()
    code = await newest_code(client, "r@example.org")
    assert (await client.post(CONTACT_CONFIRM_PATH, json={"id": added["id"], "code": code}, headers=headers)).status_code == 200
    reused = await client.post(CONTACT_CONFIRM_PATH, json={"id": added["id"], "code": code}, headers=headers)
    assert (reused.status_code, reused.json()["code"]) == (400, ErrorCode.INVALID_TOKEN)


async def test_the_code_is_stored_hashed(signed_in):
    client, headers, app = await signed_in()
    await client.post(CONTACTS_PATH, json={"kind": "sms", "address": "512-555-0199"}, headers=headers)
    code = await newest_code(client, "+15125550199")
    with app.state.service.store.transaction() as tx:
        stored = tx.connection.exec_driver_sql("SELECT code_hash FROM contacts").scalar_one()
    assert code not in stored and len(stored) == 64


async def test_remove_a_contact_but_never_the_sign_in_email(signed_in):
    client, headers, _ = await signed_in()
    added = (await client.post(CONTACTS_PATH, json={"kind": "email", "address": "gone@example.org"}, headers=headers)).json()
    primary = await client.post(CONTACT_REMOVE_PATH, json={"id": 0}, headers=headers)
    assert (primary.status_code, primary.json()["code"], primary.json()["field"]) == (422, ErrorCode.PRIMARY_CONTACT, "id")
    removed = await client.post(CONTACT_REMOVE_PATH, json={"id": added["id"]}, headers=headers)
    assert removed.status_code == 200
    assert [c["id"] for c in removed.json()["contacts"]] == [0]
    again = await client.post(CONTACT_REMOVE_PATH, json={"id": added["id"]}, headers=headers)
    assert (again.status_code, again.json()["code"]) == (404, ErrorCode.NOT_FOUND)


async def test_an_unknown_contact_is_not_found(signed_in):
    client, headers, _ = await signed_in()
    answer = await client.post(CONTACT_CONFIRM_PATH, json={"id": 4242, "code": "123456"}, headers=headers)
    assert (answer.status_code, answer.json()["code"], answer.json()["field"]) == (404, ErrorCode.NOT_FOUND, "id")
    primary = await client.post(CONTACT_CONFIRM_PATH, json={"id": 0, "code": "123456"}, headers=headers)
    assert (primary.status_code, primary.json()["code"]) == (422, ErrorCode.PRIMARY_CONTACT)


async def test_contacts_wait_for_the_new_password(make_app, api, member, secured, cheap_profile):
    app = make_app(cheap_profile("default"))
    client = await api(app)
    m = member(client, "default")
    assert (await m.register("1000234567", "Doe", "jane@example.com")).status_code == 201
    auth = (await m.sign_in("jane@example.com")).json()
    answer = await client.get(CONTACTS_PATH, headers=secured(auth))
    assert (answer.status_code, answer.json()["code"]) == (403, ErrorCode.PASSWORD_CHANGE_REQUIRED)


async def test_no_contact_code_in_any_log_line(caplog, signed_in):
    import logging

    caplog.set_level(logging.DEBUG)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "sqlalchemy", "sqlalchemy.engine"):
        caplog.set_level(logging.DEBUG, logger=name)
        logging.getLogger(name).addHandler(caplog.handler)
    try:
        client, headers, _ = await signed_in(failedLoginLockoutLimit=2)
        added = (await client.post(CONTACTS_PATH, json={"kind": "sms", "address": "512-555-0177"}, headers=headers)).json()
        code = await newest_code(client, "+15125550177")
        wrong = "000000" if code != "000000" else "111111"
        for _ in range(2):  # the second one locks: the lockout is logged
            await client.post(CONTACT_CONFIRM_PATH, json={"id": added["id"], "code": wrong}, headers=headers)
        assert caplog.records, "nothing was captured: the test would prove nothing"
        text = "\n".join(record.getMessage() for record in caplog.records)
        assert "lockout" in text
        for secret in (code, wrong):  # as a number of its own (a timestamp's digits may hold any six in a row)
            assert not re.search(rf"(?<![\d.]){secret}(?![\d.])", text), secret
    finally:
        for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "sqlalchemy", "sqlalchemy.engine"):
            logging.getLogger(name).removeHandler(caplog.handler)


async def test_a_logins_contacts_can_all_go_with_it(signed_in):
    """What an unsubscribe needs: the contact rows refer to the login, so they go first."""
    client, headers, app = await signed_in()
    await client.post(CONTACTS_PATH, json={"kind": "email", "address": "a@example.org"}, headers=headers)
    await client.post(CONTACTS_PATH, json={"kind": "sms", "address": "512-555-0123"}, headers=headers)
    with app.state.service.store.transaction() as tx:
        user = tx.user_by_email_key(ANA)
        tx.delete_contacts_of_user(user.id)
        assert tx.count_rows("contacts") == 0
