"""My Profile's operations: read the security phrase, change the password, sign out, unsubscribe.

Why: a signed-in member manages their registration from My Profile, and each
of these must hold against the wrong session, a second session, a wrong
current password, and a co-op that does not offer unsubscribing; after an
unsubscribe the same account registers again from scratch.
"""

from __future__ import annotations

from typing import Any

from smarthub_tui.contract import (
    LOOKUP_PATH,
    PAPERLESS_PATH,
    PASSWORD_PATH,
    PHRASE_PATH,
    SIGN_OUT_PATH,
    SUMMARY_PATH,
    UNSUBSCRIBE_PATH,
    ErrorCode,
)

PASSWORD = "a long walk in the hill country"
PHRASE = "TEST-PHRASE purple otter"


async def _signed_in(client: Any, m: Any, secured: Any, email: str = "jane@example.com") -> dict[str, Any]:
    """Register Jane Doe's account (default profile), verify, set the password: a set-up session."""
    assert (await m.register("1000234567", "Doe", email)).status_code == 201
    auth = (await m.sign_in(email)).json()
    changed = await client.post(PASSWORD_PATH, json={"newPassword": PASSWORD, "confirmPassword": PASSWORD}, headers=secured(auth))
    assert changed.status_code == 200, changed.text
    result: dict[str, Any] = changed.json()
    return result


async def test_the_phrase_is_read_back_by_its_owner_only(make_app, api, member, secured):
    client = await api(make_app("default"))
    m = member(client, "default")
    auth = await _signed_in(client, m, secured)
    assert (await client.get(PHRASE_PATH, headers=secured(auth))).json() == {"phrase": None}
    await client.put(PHRASE_PATH, json={"phrase": PHRASE}, headers=secured(auth))
    assert (await client.get(PHRASE_PATH, headers=secured(auth))).json() == {"phrase": PHRASE}

    # Another member's session, or no session, gets no phrase.
    other = await _signed_in(client, m, secured, "someone.else@example.com")
    assert (await client.get(PHRASE_PATH, headers=secured(other))).json() == {"phrase": None}
    anonymous = await client.get(PHRASE_PATH)
    assert anonymous.status_code == 401
    assert anonymous.json()["code"] == ErrorCode.NOT_AUTHORIZED
    assert PHRASE not in anonymous.text
    # A token under another member's name is refused.
    mixed = {**secured(auth), "X-NISC-SMARTHUB-USERNAME": b"someone.else@example.com"}
    refused = await client.get(PHRASE_PATH, headers=mixed)
    assert refused.status_code == 401
    assert PHRASE not in refused.text


async def test_the_phrase_is_not_read_before_the_password_is_set(make_app, api, member, secured):
    client = await api(make_app("default"))
    m = member(client, "default")
    assert (await m.register("1000234567", "Doe", "jane@example.com")).status_code == 201
    auth = (await m.sign_in("jane@example.com")).json()
    refused = await client.get(PHRASE_PATH, headers=secured(auth))
    assert refused.status_code == 403
    assert refused.json()["code"] == ErrorCode.PASSWORD_CHANGE_REQUIRED


async def test_changing_the_password_checks_the_current_one_and_ends_the_other_sessions(make_app, api, member, secured):
    client = await api(make_app("default"))
    m = member(client, "default")
    auth = await _signed_in(client, m, secured)
    elsewhere = (await m.login("jane@example.com", PASSWORD)).json()
    new = "an even longer walk by the river"

    wrong = await client.post(
        PASSWORD_PATH,
        json={"currentPassword": "not the password at all", "newPassword": new, "confirmPassword": new},
        headers=secured(auth),
    )
    assert wrong.status_code == 401
    assert wrong.json()["code"] == ErrorCode.INVALID_CREDENTIALS
    assert wrong.json()["field"] == "currentPassword"

    changed = await client.post(
        PASSWORD_PATH, json={"currentPassword": PASSWORD, "newPassword": new, "confirmPassword": new}, headers=secured(auth)
    )
    assert changed.status_code == 200, changed.text
    assert (await client.get(SUMMARY_PATH, headers=secured(changed.json()))).status_code == 200
    assert (await client.get(SUMMARY_PATH, headers=secured(elsewhere))).status_code == 401
    assert (await m.login("jane@example.com", PASSWORD)).status_code == 401
    assert (await m.login("jane@example.com", new)).status_code == 200


async def test_wrong_current_passwords_lock_the_login(make_app, api, member, secured):
    client = await api(make_app("default"))
    m = member(client, "default")
    auth = await _signed_in(client, m, secured)
    new = "an even longer walk by the river"
    codes = []
    for _ in range(m.profile.failedLoginLockoutLimit + 1):
        response = await client.post(
            PASSWORD_PATH,
            json={"currentPassword": "not the password at all", "newPassword": new, "confirmPassword": new},
            headers=secured(auth),
        )
        codes.append(response.json()["code"])
    assert codes[0] == ErrorCode.INVALID_CREDENTIALS
    assert codes[-1] == ErrorCode.LOCKED_OUT


async def test_sign_out_ends_this_session_only(make_app, api, member, secured):
    client = await api(make_app("default"))
    m = member(client, "default")
    auth = await _signed_in(client, m, secured)
    elsewhere = (await m.login("jane@example.com", PASSWORD)).json()
    out = await client.post(SIGN_OUT_PATH, headers=secured(auth))
    assert out.status_code == 200
    assert out.json() == {"status": "SUCCESS"}
    assert (await client.get(SUMMARY_PATH, headers=secured(auth))).status_code == 401
    again = await client.post(SIGN_OUT_PATH, headers=secured(auth))
    assert again.status_code == 401
    assert again.json()["code"] == ErrorCode.NOT_AUTHORIZED
    assert (await client.get(SUMMARY_PATH, headers=secured(elsewhere))).status_code == 200
    assert (await client.post(SIGN_OUT_PATH)).status_code == 401


async def test_unsubscribe_deletes_the_registration_and_the_account_registers_again(make_app, api, member, secured):
    app = make_app("default")
    client = await api(app)
    m = member(client, "default")
    auth = await _signed_in(client, m, secured)
    await client.put(PAPERLESS_PATH, json={"paperless": True}, headers=secured(auth))
    await client.put(PHRASE_PATH, json={"phrase": PHRASE}, headers=secured(auth))
    elsewhere = (await m.login("jane@example.com", PASSWORD)).json()

    gone = await client.post(UNSUBSCRIBE_PATH, headers=secured(auth))
    assert gone.status_code == 200, gone.text
    assert gone.json() == {"status": "SUCCESS", "accountsRemoved": 1}
    # Every session ended, the login is gone.
    assert (await client.get(SUMMARY_PATH, headers=secured(auth))).status_code == 401
    assert (await client.get(SUMMARY_PATH, headers=secured(elsewhere))).status_code == 401
    assert (await m.login("jane@example.com", PASSWORD)).status_code == 401
    with app.state.store.transaction() as tx:
        assert tx.user_by_email_key("jane@example.com") is None
        assert tx.count_rows("registrations") == 1  # Ana's, the demo member registered beforehand
        assert tx.count_rows("verification_codes") == 0

    # The same account registers again from scratch: paper bills, no phrase.
    lookup = await m.lookup("1000234567", "Doe", "jane@example.com")
    assert lookup.status_code == 200, lookup.text
    captcha_id, answer = await m.captcha()
    assert (await m.complete(m.completion("1000234567", captcha_id, answer))).status_code == 201
    auth = (await m.sign_in("jane@example.com")).json()
    auth = (
        await client.post(PASSWORD_PATH, json={"newPassword": PASSWORD, "confirmPassword": PASSWORD}, headers=secured(auth))
    ).json()
    summary = (await client.get(SUMMARY_PATH, headers=secured(auth))).json()
    assert summary["paperless"] is None
    assert summary["securityPhraseSet"] is False
    assert summary["accounts"] == ["****4567"]


async def test_unsubscribe_is_refused_where_the_co_op_does_not_offer_it(make_app, api, member, secured, cheap_profile):
    client = await api(make_app(cheap_profile("default", allowUnsubscribe=False)))
    m = member(client, "default")
    auth = await _signed_in(client, m, secured)
    refused = await client.post(UNSUBSCRIBE_PATH, headers=secured(auth))
    assert refused.status_code == 403
    assert refused.json()["code"] == ErrorCode.UNSUBSCRIBE_NOT_ALLOWED
    assert (await client.get(SUMMARY_PATH, headers=secured(auth))).status_code == 200


async def test_unsubscribe_needs_a_set_up_session(make_app, api, member, secured):
    client = await api(make_app("default"))
    m = member(client, "default")
    assert (await m.register("1000234567", "Doe", "jane@example.com")).status_code == 201
    auth = (await m.sign_in("jane@example.com")).json()
    refused = await client.post(UNSUBSCRIBE_PATH, headers=secured(auth))
    assert refused.status_code == 403
    assert refused.json()["code"] == ErrorCode.PASSWORD_CHANGE_REQUIRED
    assert (await client.post(UNSUBSCRIBE_PATH)).status_code == 401
    assert (await client.post(LOOKUP_PATH, json={})).status_code == 422  # the server is still answering
