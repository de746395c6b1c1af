"""The whole registration, per profile, against the in-process server; and the happy path of every operation.

Why: each co-op guide is one flow (lookup, CAPTCHA, complete, e-mail, verify
or temporary password, new password, paperless, security phrase, summary),
and the wizard relies on every step answering in the contract's shapes.
"""

from __future__ import annotations

import base64
import io

import pytest
from PIL import Image

from smarthub_tui.contract import (
    CAPTCHA_PATH,
    HEALTH_PATH,
    PAPERLESS_PATH,
    PASSWORD_PATH,
    PHRASE_PATH,
    SETTINGS_PATH,
    SUMMARY_PATH,
    VERIFY_PATH,
    ErrorCode,
)
from smarthub_tui.validation import check_password


@pytest.mark.parametrize(
    ("profile", "account", "name", "new_password"),
    [
        ("default", "2000345678", "PEÑA", "a long walk in the hill country"),
        ("pec", "5000678901", "garcía", "Sunny7Day"),
        ("jecec", "3000456789", "Nguyễn", "river-bend-42"),
    ],
)
async def test_full_registration_per_profile(make_app, api, member, secured, profile, account, name, new_password):
    app = make_app(profile)
    client = await api(app)
    m = member(client, profile)
    email = f"{profile}.member@example.com"

    settings = (await client.get(SETTINGS_PATH)).json()
    assert settings["demo"] is True
    assert settings["profile"]["profileId"] == profile

    lookup = await m.lookup(account, name, email)
    assert lookup.status_code == 200, lookup.text
    session = lookup.json()
    assert session["accountNumberMasked"] == "****" + account[-4:]
    assert session["captchaStyle"] == m.profile.captchaStyle
    assert session["expiresIn"] == 15 * 60

    captcha_id, answer = await m.captcha()
    receipt = await m.complete(m.completion(account, captcha_id, answer))
    assert receipt.status_code == 201, receipt.text
    assert receipt.json() == {
        "email": email,
        "verificationStyle": m.profile.verificationStyle,
        "senderEmail": m.profile.senderEmail,
        "expiresMinutes": m.profile.verificationLinkMinutes
        if m.profile.verificationStyle == "link"
        else m.profile.temporaryPasswordMinutes,
    }

    messages = await m.inbox(email)
    assert len(messages) == 1
    assert messages[0]["sender"] == m.profile.senderEmail
    assert messages[0]["to"] == email

    first = await m.sign_in(email)
    assert first.status_code == 200, first.text
    auth = first.json()
    assert auth["status"] == "SUCCESS"
    assert auth["passwordChangeRequired"] is True
    assert auth["userId"] == email

    blocked = await client.put(PAPERLESS_PATH, json={"paperless": True}, headers=secured(auth))
    assert blocked.status_code == 403
    assert blocked.json()["code"] == ErrorCode.PASSWORD_CHANGE_REQUIRED

    current = None if m.profile.verificationStyle == "link" else await m.credential(email)
    changed = await client.post(
        PASSWORD_PATH,
        json={"currentPassword": current, "newPassword": new_password, "confirmPassword": new_password},
        headers=secured(auth),
    )
    assert changed.status_code == 200, changed.text
    auth = changed.json()
    assert auth["passwordChangeRequired"] is False

    paperless = await client.put(PAPERLESS_PATH, json={"paperless": True}, headers=secured(auth))
    assert paperless.json() == {"paperless": True, "accountsAffected": 1}
    phrase = await client.put(
        PHRASE_PATH, json={"phrase": "blue kettle sings at noon"}, headers=secured(auth)
    )
    assert phrase.json() == {"status": "SUCCESS"}
    summary = await client.get(SUMMARY_PATH, headers=secured(auth))
    assert summary.json() == {
        "email": email,
        "accounts": ["****" + account[-4:]],
        "paperless": True,
        "securityPhraseSet": True,
    }

    again = await m.login(email.upper(), new_password)
    assert again.status_code == 200
    assert again.json()["passwordChangeRequired"] is False


async def test_health_and_settings(make_app, api):
    client = await api(make_app("jecec", demo=False))
    assert (await client.get(HEALTH_PATH)).json() == {"status": "ok"}
    settings = (await client.get(SETTINGS_PATH)).json()
    assert settings["demo"] is False
    assert settings["profile"]["terms"]["version"] == "jecec-2022"


async def test_text_captcha_is_a_png_without_the_answer(make_app, api, member, captcha_texts):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    await m.lookup("1000234567", "Doe", "jane@example.com")
    response = await client.post(CAPTCHA_PATH, json={"registrationId": m.registration_id})
    challenge = response.json()
    assert challenge["style"] == "text"
    assert challenge["length"] == len(captcha_texts.last)
    assert captcha_texts.last not in response.text
    image = Image.open(io.BytesIO(base64.b64decode(challenge["imagePng"])))
    assert image.format == "PNG"
    assert image.size == (76, 18), "without a size from the client: an 80x24 terminal's room, one pixel per half block"


async def test_checkbox_captcha_uses_the_profile_difficulty(make_app, api, member):
    client = await api(make_app("default"))
    m = member(client, "default")
    await m.lookup("1000234567", "Doe", "jane@example.com")
    challenge = (await client.post(CAPTCHA_PATH, json={"registrationId": m.registration_id})).json()
    assert challenge["style"] == "checkbox"
    assert challenge["difficultyBits"] == m.profile.captchaDifficultyBits
    assert len(challenge["challenge"]) >= 32


async def test_text_captcha_answer_ignores_case_and_spaces(make_app, api, member, captcha_texts):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    await m.lookup("1000234567", "Doe", "jane@example.com")
    captcha_id, _ = await m.captcha()
    spaced = " ".join(captcha_texts.last.lower())
    response = await m.complete(m.completion("1000234567", captcha_id, spaced))
    assert response.status_code == 201, response.text


async def test_temporary_password_meets_the_pec_policy(make_app, api, member):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    for index, account in enumerate(["1000234567", "2000345678", "3000456789", "6000789012", "70089012"]):
        name = {"1000234567": "Doe", "2000345678": "Peña", "3000456789": "Nguyễn", "6000789012": "Baker"}.get(
            account, "Hill Country Bakery LLC"
        )
        email = f"member{index}@example.com"
        assert (await m.register(account, name, email)).status_code == 201
        password = await m.credential(email)
        assert 6 <= len(password) <= 10
        check_password(m.profile.passwordPolicy, password)


async def test_a_second_account_with_the_same_email_shares_the_login(make_app, api, member, secured):
    client = await api(make_app("default"))
    m = member(client, "default")
    email = "household@example.com"
    assert (await m.register("1000234567", "Doe", email)).status_code == 201
    auth = (await m.sign_in(email)).json()
    new_password = "kitchen table sunrise"
    auth = (
        await client.post(
            PASSWORD_PATH,
            json={"newPassword": new_password, "confirmPassword": new_password},
            headers=secured(auth),
        )
    ).json()
    assert (await m.register("70089012", "hill country bakery llc", email)).status_code == 201
    # The password already set keeps working; the new code is an additional way in.
    assert (await m.login(email, new_password)).status_code == 200
    paperless = await client.put(PAPERLESS_PATH, json={"paperless": False}, headers=secured(auth))
    assert paperless.json() == {"paperless": False, "accountsAffected": 2}
    summary = (await client.get(SUMMARY_PATH, headers=secured(auth))).json()
    assert summary["accounts"] == ["****4567", "****9012"]
    assert summary["paperless"] is False
    assert summary["securityPhraseSet"] is False


async def test_an_account_registered_with_another_email_can_be_registered_again(make_app, api, member):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    lookup = await m.lookup("8000901234", "Álvarez", "second.person@example.com")
    assert lookup.status_code == 200
    captcha_id, answer = await m.captcha()
    assert (await m.complete(m.completion("8000901234", captcha_id, answer))).status_code == 201


async def test_demo_registration_logs_in_with_the_documented_password(make_app, api, member):
    client = await api(make_app("default"))
    m = member(client, "default")
    response = await m.login("ana.alvarez@example.com", "Demo-Pass1")
    assert response.status_code == 200
    assert response.json()["passwordChangeRequired"] is False


async def test_identity_options_offered_are_those_on_file(make_app, api, member):
    client = await api(make_app("default"))
    m = member(client, "default")
    session = (await m.lookup("3000456789", "Nguyễn", "an@example.com")).json()
    assert session["identityOptions"] == ["billingZip", "ssn4"]
    session = (await m.lookup("6000789012", "Baker", "tom@example.com")).json()
    assert session["identityOptions"] == ["ssn4"]


async def test_pec_session_lists_the_hint_questions(make_app, api, member):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    session = (await m.lookup("2000345678", "Peña", "maria@example.com")).json()
    assert session["hintQuestions"] == m.profile.securityQuestionsListBox
    assert session["identityOptions"] == ["mailingZip", "ssn4"]
    assert "accountName" not in session


@pytest.mark.parametrize("profile", ["default", "pec", "jecec"])
async def test_lookup_tells_nothing_the_member_did_not_type(make_app, api, member, profile):
    """Before the identity check passes, the answer holds no name: not the holder's, not in any field."""
    client = await api(make_app(profile))
    m = member(client, profile)
    response = await m.lookup("2000345678", "Peña", "maria@example.com")
    assert response.status_code == 200, response.text
    for part in ("María", "Maria", "Peña", "Pena", "pena"):
        assert part not in response.text
    declared = (await client.get("/openapi.json")).json()
    assert "accountName" not in declared["components"]["schemas"]["RegistrationSessionOut"]["properties"]


async def test_idempotent_retry_replays_the_first_answer(make_app, api, member):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    await m.lookup("1000234567", "Doe", "jane@example.com")
    captcha_id, answer = await m.captcha()
    body = m.completion("1000234567", captcha_id, answer)
    first = await m.complete(body, **{"Idempotency-Key": "retry-key-0001"})
    second = await m.complete(body, **{"Idempotency-Key": "retry-key-0001"})
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert len(await m.inbox("jane@example.com")) == 1


async def test_outbox_is_newest_first(make_app, api, member):
    client = await api(make_app("default"))
    m = member(client, "default")
    email = "twice@example.com"
    await m.register("1000234567", "Doe", email)
    await m.register("2000345678", "Peña", email)
    messages = await m.inbox(email)
    assert [message["id"] for message in messages] == sorted((message["id"] for message in messages), reverse=True)
    assert "Peña" in messages[0]["body"]
    assert (await m.inbox("nobody@example.com")) == []


async def test_verify_link_points_at_the_servers_own_page(make_app, api, member):
    client = await api(make_app("jecec", public_url="https://hub.example.coop"))
    m = member(client, "jecec")
    await m.register("1000234567", "Doe", "jane@example.com")
    body = (await m.inbox("jane@example.com"))[0]["body"]
    code = await m.credential("jane@example.com")
    assert f"https://hub.example.coop/verify?token={code}" in body
    assert "jecec.com" not in body
    assert "Jane Doe" in body


async def test_verification_code_is_forgiving_about_case_and_dashes(make_app, api, member):
    client = await api(make_app("default"))
    m = member(client, "default")
    await m.register("1000234567", "Doe", "jane@example.com")
    code = await m.credential("jane@example.com")
    typed = code.replace("-", " ").lower()
    response = await client.post(VERIFY_PATH, json={"token": typed})
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    ("account", "typed"),
    [
        ("8000901234", "alvarez"),
        ("3000456789", "NGUYEN"),
        ("2000345678", "pena"),
        ("2000345678", "  PEÑA "),
        ("70089012", "hill  country   bakery llc"),
    ],
)
async def test_lookup_finds_a_name_typed_without_its_accents_case_or_spacing(make_app, api, member, account, typed):
    client = await api(make_app("default"))
    response = await member(client, "default").lookup(account, typed, "someone.new@example.com")
    assert response.status_code == 200, response.text


async def test_lookup_still_refuses_another_name(make_app, api, member):
    client = await api(make_app("default"))
    m = member(client, "default")
    for typed in ("alvares", "alva rez", "Nguyet", "pen"):
        response = await m.lookup("8000901234" if typed.startswith("alva") else "3000456789", typed, "x@example.com")
        assert response.status_code == 404, (typed, response.text)


async def test_a_name_stored_by_an_older_server_still_matches_without_accents(make_app, api, member):
    """Older servers stored the key case-folded with its accents ("peña"): it is folded again when compared."""
    app = make_app("default")
    with app.state.store.transaction() as tx:
        tx.insert_account(account_number="1234509876", holder_name="Zoë Peña", name_key="peña", billing_zip="78636")
    client = await api(app)
    response = await member(client, "default").lookup("1234509876", "PENA", "zoe@example.com")
    assert response.status_code == 200, response.text
