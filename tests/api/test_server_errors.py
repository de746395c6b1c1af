"""Every error code of docs/api.md, operation by operation, in the contract's shape.

Why: the wizard shows each refusal next to the field it names, with the
co-op's own words where the profile has them, and decides what to offer
(Forgot Password?, Retry, start again) from the machine code.  Expiry is
tested by moving the injectable clock, never by sleeping.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
from datetime import UTC, datetime

import pytest

from smarthub_tui import proof_of_work
from smarthub_tui.contract import (
    CAPTCHA_PATH,
    HEALTH_PATH,
    LOGIN_PATH,
    LOOKUP_PATH,
    OUTBOX_PATH,
    PAPERLESS_PATH,
    PASSWORD_PATH,
    PHRASE_PATH,
    SERVICES_PREFIX,
    SETTINGS_PATH,
    SUMMARY_PATH,
    VERIFY_PATH,
    ErrorCode,
)
from smarthub_tui.server import security
from smarthub_tui.server.app import create_app


def assert_error(response, status: int, code: str, field: str | None = None) -> dict:
    """The response is the contract's error body with this status, code and field."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code, body
    assert body["field"] == field, body
    assert isinstance(body["message"], str) and body["message"]
    return body


# --- lookup -------------------------------------------------------------------------------------


async def test_lookup_not_found_is_one_answer_whichever_field_was_wrong(make_app, api, member):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    unknown_number = await m.lookup("1999999999", "Doe", "jane@example.com")
    wrong_name = await m.lookup("1000234567", "Dough", "jane@example.com")
    business_typo = await m.lookup("70089012", "Hill Country Bakery", "jane@example.com")
    bodies = [assert_error(r, 404, ErrorCode.ACCOUNT_NOT_FOUND) for r in (unknown_number, wrong_name, business_typo)]
    assert bodies[0] == bodies[1] == bodies[2]
    assert bodies[0]["message"] == m.profile.texts.accountNotFound
    assert unknown_number.headers == wrong_name.headers


class CountingHasher:
    """Counts argon2 verifications, to show every branch does the same work."""

    def __init__(self, real):
        self.real = real
        self.verifications = 0

    def verify(self, stored, value):
        self.verifications += 1
        return self.real.verify(stored, value)

    def hash(self, value):
        return self.real.hash(value)


@pytest.fixture
def hasher(monkeypatch) -> CountingHasher:
    counting = CountingHasher(security._HASHER)
    monkeypatch.setattr(security, "_HASHER", counting)
    return counting


async def test_lookup_does_the_same_argon2_work_in_every_branch(make_app, api, member, hasher):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    counts = []
    for args in [
        ("1999999999", "Doe", "a@example.com"),  # no such account
        ("1000234567", "Dough", "a@example.com"),  # wrong name
        ("8000901234", "Álvarez", "ana.alvarez@example.com"),  # already registered
        ("9000012345", "Walker", "a@example.com"),  # not allowed
        ("1000234567", "Doe", "a@example.com"),  # match
    ]:
        before = hasher.verifications
        await m.lookup(*args)
        counts.append(hasher.verifications - before)
    assert counts == [1, 1, 1, 1, 1]


async def test_login_does_the_same_argon2_work_for_unknown_user_and_wrong_password(make_app, api, member, hasher):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    before = hasher.verifications
    unknown = await m.login("nobody@example.com", "Whatever1")
    middle = hasher.verifications
    wrong = await m.login("ana.alvarez@example.com", "Whatever1")
    after = hasher.verifications
    assert middle - before == after - middle == 2
    assert unknown.json() == wrong.json()
    assert_error(unknown, 401, ErrorCode.INVALID_CREDENTIALS)


async def test_lookup_already_registered_uses_the_profile_text(make_app, api, member):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    response = await m.lookup("8000901234", "alvares", "ANA.ALVAREZ@example.com")
    # Accents do not count, letters do: "alvares" is not "Álvarez".
    assert_error(response, 404, ErrorCode.ACCOUNT_NOT_FOUND)
    response = await m.lookup("80009-01234", "alvarez", "ANA.ALVAREZ@EXAMPLE.COM")
    body = assert_error(response, 409, ErrorCode.ALREADY_REGISTERED, "email")
    assert body["message"] == m.profile.texts.alreadyRegistered


@pytest.mark.parametrize(
    ("profile", "account", "name"),
    [
        ("pec", "9000012345", "Walker"),  # nothing on file
        ("default", "9000012345", "Walker"),
        ("jecec", "4000567890", "Smith"),  # billing ZIP only; jecec needs two answers
        ("jecec", "6000789012", "Baker"),  # SSN4 only
        ("pec", "4000567890", "Smith"),  # billing ZIP is not a pec option
        ("default", "5000678901", "García"),  # mailing ZIP is not a default option
    ],
)
async def test_lookup_registration_not_allowed(make_app, api, member, profile, account, name):
    client = await api(make_app(profile))
    m = member(client, profile)
    body = assert_error(await m.lookup(account, name, "x@example.com"), 403, ErrorCode.REGISTRATION_NOT_ALLOWED)
    assert body["message"] == m.profile.texts.registrationNotAllowed


async def test_lookup_ssn_required_without_ssn_on_file_is_not_allowed(make_app, api, member, cheap_profile):
    client = await api(make_app(cheap_profile("default", ssnRequired=True)))
    m = member(client, cheap_profile("default", ssnRequired=True))
    assert_error(await m.lookup("4000567890", "Smith", "x@example.com"), 403, ErrorCode.REGISTRATION_NOT_ALLOWED)


async def test_lookup_confirm_email(make_app, api, member):
    client = await api(make_app("default"))
    m = member(client, "default")
    mismatch = await m.lookup("1000234567", "Doe", "jane@example.com", confirmEmail="jane@example.org")
    assert_error(mismatch, 422, ErrorCode.VALIDATION_FAILED, "confirmEmail")
    missing = await m.lookup("1000234567", "Doe", "jane@example.com", confirmEmail=None)
    assert_error(missing, 422, ErrorCode.VALIDATION_FAILED, "confirmEmail")
    case_only = await m.lookup("1000234567", "Doe", "jane@example.com", confirmEmail="jane@EXAMPLE.com")
    assert case_only.status_code == 200


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("accountNumber", "12ab"),
        ("accountNumber", ""),
        ("lastNameOrBusiness", "   "),
        ("lastNameOrBusiness", "Doe\x00"),
        ("email", "not-an-email"),
        ("email", ""),
    ],
)
async def test_lookup_rejects_malformed_fields(make_app, api, member, field, value):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    body = {"accountNumber": "1000234567", "lastNameOrBusiness": "Doe", "email": "jane@example.com", field: value}
    assert_error(await m.lookup(**_lookup_args(body)), 422, ErrorCode.VALIDATION_FAILED, field)


def _lookup_args(body: dict) -> dict:
    return {"account": body["accountNumber"], "name": body["lastNameOrBusiness"], "email": body["email"]}


# --- captcha and session expiry -------------------------------------------------------------------


async def test_captcha_for_unknown_or_expired_session(make_app, api, member, clock):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    unknown = await client.post(CAPTCHA_PATH, json={"registrationId": "no-such-session"})
    assert_error(unknown, 410, ErrorCode.SESSION_EXPIRED)
    await m.lookup("1000234567", "Doe", "jane@example.com")
    clock.advance(minutes=14)
    assert (await client.post(CAPTCHA_PATH, json={"registrationId": m.registration_id})).status_code == 200
    clock.advance(minutes=2)
    expired = await client.post(CAPTCHA_PATH, json={"registrationId": m.registration_id})
    assert_error(expired, 410, ErrorCode.SESSION_EXPIRED)


async def test_complete_after_the_session_expired(make_app, api, member, clock):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    await m.lookup("1000234567", "Doe", "jane@example.com")
    captcha_id, answer = await m.captcha()
    clock.advance(minutes=16)
    assert_error(await m.complete(m.completion("1000234567", captcha_id, answer)), 410, ErrorCode.SESSION_EXPIRED)


async def test_a_completed_session_cannot_fetch_a_captcha(make_app, api, member):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    assert (await m.register("1000234567", "Doe", "jane@example.com")).status_code == 201
    again = await client.post(CAPTCHA_PATH, json={"registrationId": m.registration_id})
    assert_error(again, 410, ErrorCode.SESSION_EXPIRED)


# --- complete -------------------------------------------------------------------------------------


async def test_complete_identity_mismatch(make_app, api, member):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    await m.lookup("2000345678", "Peña", "maria@example.com")
    captcha_id, answer = await m.captcha()
    body = m.completion("2000345678", captcha_id, answer, identity={"ssn4": "0000"})
    assert_error(await m.complete(body), 401, ErrorCode.IDENTITY_MISMATCH)


async def test_complete_identity_mismatch_when_one_of_two_answers_is_wrong(make_app, api, member):
    client = await api(make_app("jecec"))
    m = member(client, "jecec")
    await m.lookup("2000345678", "Peña", "maria@example.com")
    captcha_id, answer = await m.captcha()
    body = m.completion("2000345678", captcha_id, answer, identity={"billingZip": "78606", "ssn4": "1234"})
    assert_error(await m.complete(body), 401, ErrorCode.IDENTITY_MISMATCH)


@pytest.mark.parametrize(
    ("profile", "identity", "field", "code"),
    [
        ("jecec", {"billingZip": "78620"}, "ssn4", ErrorCode.IDENTITY_INCOMPLETE),  # two answers required
        ("pec", {}, "mailingZip", ErrorCode.IDENTITY_INCOMPLETE),
        ("pec", {"billingZip": "78620"}, "billingZip", ErrorCode.QUESTION_NOT_ASKED),  # not a pec question
        ("pec", {"ssn4": "12345"}, "ssn4", ErrorCode.VALIDATION_FAILED),
        ("pec", {"mailingZip": "7860"}, "mailingZip", ErrorCode.VALIDATION_FAILED),
    ],
)
async def test_complete_identity_answers_malformed_or_missing(make_app, api, member, profile, identity, field, code):
    client = await api(make_app(profile))
    m = member(client, profile)
    await m.lookup("2000345678", "Peña", "maria@example.com")
    captcha_id, answer = await m.captcha()
    response = await m.complete(m.completion("2000345678", captcha_id, answer, identity=identity))
    assert_error(response, 422, code, field)


async def test_complete_requires_ssn4_when_the_profile_says_so(make_app, api, member, cheap_profile):
    profile = cheap_profile("default", ssnRequired=True)
    client = await api(make_app(profile))
    m = member(client, profile)
    await m.lookup("2000345678", "Peña", "maria@example.com")
    captcha_id, answer = await m.captcha()
    response = await m.complete(m.completion("2000345678", captcha_id, answer, identity={"billingZip": "78620"}))
    assert_error(response, 422, ErrorCode.IDENTITY_INCOMPLETE, "ssn4")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"termsAccepted": False}, "termsAccepted"),
        ({"termsVersion": "pec-2019"}, "termsVersion"),
        ({"hintQuestion": "What is your favourite colour?"}, "hintQuestion"),
        ({"hintQuestion": None}, "hintQuestion"),
        ({"hintAnswer": "   "}, "hintAnswer"),
        ({"hintAnswer": None}, "hintAnswer"),
    ],
)
async def test_complete_terms_and_hint_rules(make_app, api, member, changes, field):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    await m.lookup("1000234567", "Doe", "jane@example.com")
    captcha_id, answer = await m.captcha()
    assert_error(await m.complete(m.completion("1000234567", captcha_id, answer, **changes)), 422, ErrorCode.VALIDATION_FAILED, field)
    # A refused field leaves the CAPTCHA usable and writes nothing.
    assert (await m.complete(m.completion("1000234567", captcha_id, answer))).status_code == 201


async def test_complete_captcha_wrong_answer_uses_the_challenge_up(make_app, api, member):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    await m.lookup("1000234567", "Doe", "jane@example.com")
    captcha_id, answer = await m.captcha()
    wrong = await m.complete(m.completion("1000234567", captcha_id, "WRONG1"))
    assert_error(wrong, 400, ErrorCode.CAPTCHA_FAILED, "captchaAnswer")
    right_but_used = await m.complete(m.completion("1000234567", captcha_id, answer))
    assert_error(right_but_used, 400, ErrorCode.CAPTCHA_FAILED, "captchaAnswer")
    captcha_id, answer = await m.captcha()
    assert (await m.complete(m.completion("1000234567", captcha_id, answer))).status_code == 201


def first_nonce(challenge: str, bits: int, solves: bool, digits: str = "0123456789") -> str:
    """The first nonce written in `digits` that does (or does not) solve `challenge`."""
    for number in itertools.count():
        nonce = str(number).translate(str.maketrans("0123456789", digits))
        digest = hashlib.sha256(f"{challenge}:{nonce}".encode()).digest()
        if (proof_of_work.leading_zero_bits(digest) >= bits) == solves:
            return nonce
    raise AssertionError("unreachable")


FULLWIDTH_DIGITS = "０１２３４５６７８９"  # str.isdigit() says yes; they are not a decimal nonce


@pytest.mark.parametrize(
    "wrong",
    [
        lambda challenge, bits: "not-a-number",
        lambda challenge, bits: first_nonce(challenge, bits, solves=False),
        lambda challenge, bits: first_nonce(challenge, bits, solves=True, digits=FULLWIDTH_DIGITS),
    ],
    ids=["not-a-number", "wrong-nonce", "non-ascii-digits"],
)
async def test_complete_checkbox_captcha_wrong_nonce(make_app, api, member, wrong):
    client = await api(make_app("default"))
    m = member(client, "default")
    await m.lookup("1000234567", "Doe", "jane@example.com")
    challenge = (await client.post(CAPTCHA_PATH, json={"registrationId": m.registration_id})).json()
    answer = wrong(challenge["challenge"], challenge["difficultyBits"])
    response = await m.complete(m.completion("1000234567", challenge["captchaId"], answer))
    assert_error(response, 400, ErrorCode.CAPTCHA_FAILED, "captchaAnswer")
    # A fresh challenge with its real solution still registers: the refusal was about the answer.
    assert (await m.complete(m.completion("1000234567", *(await m.captcha())))).status_code == 201


async def test_complete_captcha_expires_after_five_minutes(make_app, api, member, clock):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    await m.lookup("1000234567", "Doe", "jane@example.com")
    captcha_id, answer = await m.captcha()
    clock.advance(minutes=5, seconds=1)
    assert_error(await m.complete(m.completion("1000234567", captcha_id, answer)), 400, ErrorCode.CAPTCHA_FAILED, "captchaAnswer")


async def test_complete_captcha_of_another_session_fails(make_app, api, member):
    client = await api(make_app("pec"))
    first, second = member(client, "pec"), member(client, "pec")
    await first.lookup("1000234567", "Doe", "jane@example.com")
    captcha_id, answer = await first.captcha()
    await second.lookup("2000345678", "Peña", "maria@example.com")
    response = await second.complete(second.completion("2000345678", captcha_id, answer))
    assert_error(response, 400, ErrorCode.CAPTCHA_FAILED, "captchaAnswer")


async def test_a_newer_captcha_replaces_the_older_one(make_app, api, member):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    await m.lookup("1000234567", "Doe", "jane@example.com")
    old_id, old_answer = await m.captcha()
    await m.captcha()
    assert_error(await m.complete(m.completion("1000234567", old_id, old_answer)), 400, ErrorCode.CAPTCHA_FAILED, "captchaAnswer")


async def test_complete_lost_race_is_already_registered(make_app, api, member):
    client = await api(make_app("pec"))
    first, second = member(client, "pec"), member(client, "pec")
    await first.lookup("1000234567", "Doe", "jane@example.com")
    await second.lookup("1000234567", "Doe", "JANE@example.com")
    first_body = first.completion("1000234567", *(await first.captcha()))
    second_body = second.completion("1000234567", *(await second.captcha()))
    assert (await first.complete(first_body)).status_code == 201
    body = assert_error(await second.complete(second_body), 409, ErrorCode.ALREADY_REGISTERED, "email")
    assert body["message"] == first.profile.texts.alreadyRegistered
    # Repeating the finished session without an Idempotency-Key says the same.
    assert_error(await first.complete(first_body), 409, ErrorCode.ALREADY_REGISTERED, "email")


async def test_complete_idempotency_key_reused_with_another_body(make_app, api, member):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    await m.lookup("1000234567", "Doe", "jane@example.com")
    captcha_id, answer = await m.captcha()
    body = m.completion("1000234567", captcha_id, answer)
    assert (await m.complete(body, **{"Idempotency-Key": "key-12345678"})).status_code == 201
    other = dict(body, hintAnswer="Somebody else")
    assert_error(await m.complete(other, **{"Idempotency-Key": "key-12345678"}), 422, ErrorCode.IDEMPOTENCY_KEY_REUSED, "Idempotency-Key")


async def test_the_same_idempotency_key_in_two_sessions_is_two_keys(make_app, api, member):
    """Two clients that happen to choose one key (a counter, a constant) do not meet."""
    client = await api(make_app("pec"))
    first, second = member(client, "pec"), member(client, "pec")
    await first.lookup("1000234567", "Doe", "jane@example.com")
    first_body = first.completion("1000234567", *(await first.captcha()))
    await second.lookup("2000345678", "Peña", "maria@example.com")
    second_body = second.completion("2000345678", *(await second.captcha()))
    key = {"Idempotency-Key": "key-00000001"}
    one, two = await first.complete(first_body, **key), await second.complete(second_body, **key)
    assert (one.status_code, two.status_code) == (201, 201), two.text
    assert (one.json()["email"], two.json()["email"]) == ("jane@example.com", "maria@example.com")


@pytest.mark.parametrize("key", ["k" * 101, "two words", "clé-0001".encode()], ids=["too-long", "a-space", "not-ascii"])
async def test_complete_idempotency_key_length(make_app, api, member, key):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    await m.lookup("1000234567", "Doe", "jane@example.com")
    captcha_id, answer = await m.captcha()
    response = await m.complete(m.completion("1000234567", captcha_id, answer), **{"Idempotency-Key": key})
    assert_error(response, 422, ErrorCode.VALIDATION_FAILED, "Idempotency-Key")


async def test_identity_failures_lock_the_account_but_not_the_address(make_app, api, member, clock):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    limit = m.profile.failedLoginLockoutLimit
    await m.lookup("2000345678", "Peña", "maria@example.com")
    for attempt in range(limit):
        captcha_id, answer = await m.captcha()
        response = await m.complete(m.completion("2000345678", captcha_id, answer, identity={"ssn4": "0000"}))
        if attempt < limit - 1:
            assert_error(response, 401, ErrorCode.IDENTITY_MISMATCH)
    body = assert_error(response, 423, ErrorCode.LOCKED_OUT)
    assert body["message"] == m.profile.lockoutMessage
    # The right answers are refused while locked, and so is a new lookup of the account.
    captcha_id, answer = await m.captcha()
    assert_error(await m.complete(m.completion("2000345678", captcha_id, answer)), 423, ErrorCode.LOCKED_OUT)
    assert_error(await m.lookup("2000345678", "Peña", "maria@example.com"), 423, ErrorCode.LOCKED_OUT)
    # Another client address is refused for this account too.
    other = member(await api(client._transport.app, client=("10.0.0.9", 4000)), "pec")
    assert_error(await other.lookup("2000345678", "Peña", "x@example.com"), 423, ErrorCode.LOCKED_OUT)
    # The name without its accent finds the same account, and so the same lockout.
    assert_error(await other.lookup("2000345678", "PENA", "x@example.com"), 423, ErrorCode.LOCKED_OUT)
    assert (await other.lookup("1000234567", "Doe", "x@example.com")).status_code == 200
    # Without the right name, a locked account answers like any account: nothing tells it exists.
    wrong_name = await other.lookup("2000345678", "Penna", "x@example.com")
    unknown = await other.lookup("2999999999", "Penna", "x@example.com")
    assert assert_error(wrong_name, 404, ErrorCode.ACCOUNT_NOT_FOUND) == assert_error(unknown, 404, ErrorCode.ACCOUNT_NOT_FOUND)
    # The address itself is below its own, higher limit: the next member at this terminal carries on.
    assert (await m.lookup("1000234567", "Doe", "jane@example.com")).status_code == 200
    clock.advance(minutes=m.profile.lockoutMinutes, seconds=1)
    assert (await m.lookup("2000345678", "Peña", "maria@example.com")).status_code == 200
    captcha_id, answer = await m.captcha()
    assert (await m.complete(m.completion("2000345678", captcha_id, answer))).status_code == 201


# --- verify ---------------------------------------------------------------------------------------


async def test_verify_unknown_used_or_expired_is_one_answer(make_app, api, member, clock):
    client = await api(make_app("default"))
    m = member(client, "default")
    await m.register("1000234567", "Doe", "jane@example.com")
    code = await m.credential("jane@example.com")
    unknown = await client.post(VERIFY_PATH, json={"token": "AAAAA-BBBBB-CCCCC-DDDDD"})
    assert (await client.post(VERIFY_PATH, json={"token": code})).status_code == 200
    used = await client.post(VERIFY_PATH, json={"token": code})
    await m.register("2000345678", "Peña", "maria@example.com")
    late_code = await m.credential("maria@example.com")
    clock.advance(minutes=m.profile.verificationLinkMinutes, seconds=1)
    expired = await client.post(VERIFY_PATH, json={"token": late_code})
    bodies = [assert_error(r, 400, ErrorCode.INVALID_TOKEN, "token") for r in (unknown, used, expired)]
    assert bodies[0] == bodies[1] == bodies[2]


async def test_verify_guessing_locks_the_client_at_the_address_limit(make_app, api, member):
    client = await api(make_app("default"))
    m = member(client, "default")
    limit = m.profile.address_lockout_limit
    await m.register("1000234567", "Doe", "jane@example.com")
    code = await m.credential("jane@example.com")
    for _ in range(limit - 1):
        assert_error(await client.post(VERIFY_PATH, json={"token": "guess"}), 400, ErrorCode.INVALID_TOKEN, "token")
    assert_error(await client.post(VERIFY_PATH, json={"token": "guess"}), 423, ErrorCode.LOCKED_OUT)
    assert_error(await client.post(VERIFY_PATH, json={"token": code}), 423, ErrorCode.LOCKED_OUT)


# --- login ----------------------------------------------------------------------------------------


async def test_login_wrong_password_and_unknown_user(make_app, api, member):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    wrong = await m.login("ana.alvarez@example.com", "Wrong-Pass1")
    unknown = await m.login("no.one@example.com", "Demo-Pass1")
    not_an_email = await m.login("not an email", "Demo-Pass1")
    bodies = [assert_error(r, 401, ErrorCode.INVALID_CREDENTIALS) for r in (wrong, unknown, not_an_email)]
    assert bodies[0] == bodies[1] == bodies[2]


async def test_login_lockout_and_release(make_app, api, member, clock):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    limit = m.profile.failedLoginLockoutLimit
    other = member(await api(client._transport.app, client=("10.0.0.7", 5000)), "pec")
    for attempt in range(limit):
        # From one address the login's own limit applies (per login and address: see security.login_scopes).
        response = await m.login("ana.alvarez@example.com", f"Wrong-{attempt}")
    body = assert_error(response, 423, ErrorCode.LOCKED_OUT)
    assert body["message"] == m.profile.lockoutMessage
    assert_error(await m.login("ana.alvarez@example.com", "Demo-Pass1"), 423, ErrorCode.LOCKED_OUT)
    # Another address is not locked out of it (tests/api/test_server_password_reset.py has the ceiling).
    assert (await other.login("ana.alvarez@example.com", "Demo-Pass1")).status_code == 200
    clock.advance(minutes=m.profile.lockoutMinutes, seconds=1)
    assert (await m.login("ana.alvarez@example.com", "Demo-Pass1")).status_code == 200


async def test_a_shared_terminal_locks_at_four_times_the_account_limit(make_app, api, member, clock):
    """Many members' mistakes from one address (a call centre, a kiosk) lock it only at the address limit."""
    client = await api(make_app("pec"))
    m = member(client, "pec")
    assert m.profile.address_lockout_limit == 4 * m.profile.failedLoginLockoutLimit
    for attempt in range(m.profile.address_lockout_limit - 1):
        # One mistake each for many different logins: no login reaches its own limit.
        assert_error(await m.login(f"member{attempt}@example.com", "Wrong-Pass1"), 401, ErrorCode.INVALID_CREDENTIALS)
    assert (await m.login("ana.alvarez@example.com", "Demo-Pass1")).status_code == 200
    assert_error(await m.login("member-last@example.com", "Wrong-Pass1"), 423, ErrorCode.LOCKED_OUT)
    # Now the address is locked for everyone at it, whatever they know; another address is not.
    assert_error(await m.login("ana.alvarez@example.com", "Demo-Pass1"), 423, ErrorCode.LOCKED_OUT)
    assert_error(await m.lookup("1000234567", "Doe", "jane@example.com"), 423, ErrorCode.LOCKED_OUT)
    other = member(await api(client._transport.app, client=("10.0.0.8", 4000)), "pec")
    assert (await other.login("ana.alvarez@example.com", "Demo-Pass1")).status_code == 200
    clock.advance(minutes=m.profile.lockoutMinutes, seconds=1)
    assert (await m.login("ana.alvarez@example.com", "Demo-Pass1")).status_code == 200


async def test_the_address_limit_is_a_profile_setting(make_app, api, member, cheap_profile):
    profile = cheap_profile("pec", failedAttemptsPerAddressLimit=2)
    client = await api(make_app(profile))
    m = member(client, profile)
    assert_error(await m.login("first@example.com", "Wrong-Pass1"), 401, ErrorCode.INVALID_CREDENTIALS)
    assert_error(await m.login("second@example.com", "Wrong-Pass1"), 423, ErrorCode.LOCKED_OUT)


async def test_temporary_password_is_single_use(make_app, api, member):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    await m.register("1000234567", "Doe", "jane@example.com")
    temporary = await m.credential("jane@example.com")
    assert (await m.login("jane@example.com", temporary)).status_code == 200
    assert_error(await m.login("jane@example.com", temporary), 401, ErrorCode.INVALID_CREDENTIALS)


async def test_temporary_password_expires(make_app, api, member, clock):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    await m.register("1000234567", "Doe", "jane@example.com")
    temporary = await m.credential("jane@example.com")
    clock.advance(minutes=m.profile.temporaryPasswordMinutes, seconds=1)
    assert_error(await m.login("jane@example.com", temporary), 401, ErrorCode.INVALID_CREDENTIALS)


async def test_no_password_before_verification(make_app, api, member):
    client = await api(make_app("default"))
    m = member(client, "default")
    await m.register("1000234567", "Doe", "jane@example.com")
    code = await m.credential("jane@example.com")
    assert_error(await m.login("jane@example.com", code), 401, ErrorCode.INVALID_CREDENTIALS)
    assert_error(await m.login("jane@example.com", ""), 422, ErrorCode.VALIDATION_FAILED, "password")


async def test_login_form_fields_are_required(make_app, api):
    client = await api(make_app("pec"))
    response = await client.post(LOGIN_PATH, data={"userId": "ana.alvarez@example.com"})
    assert_error(response, 422, ErrorCode.VALIDATION_FAILED, "password")


# --- password change ------------------------------------------------------------------------------


@pytest.fixture
async def temporary_session(make_app, api, member):
    """A pec member logged in with the e-mailed temporary password: (client, member, auth, temporary)."""
    client = await api(make_app("pec"))
    m = member(client, "pec")
    await m.register("1000234567", "Doe", "jane@example.com")
    temporary = await m.credential("jane@example.com")
    auth = (await m.login("jane@example.com", temporary)).json()
    return client, m, auth, temporary


async def test_password_policy_failure_lists_the_rules(temporary_session, secured):
    client, m, auth, temporary = temporary_session
    response = await client.post(
        PASSWORD_PATH,
        json={"currentPassword": temporary, "newPassword": "short", "confirmPassword": "short"},
        headers=secured(auth),
    )
    body = assert_error(response, 422, ErrorCode.PASSWORD_POLICY, "newPassword")
    rules = {rule["key"]: rule["met"] for rule in body["rules"]}
    assert rules == {"min": False, "max": True, "upper": False, "digit": False}
    assert all(set(rule) == {"key", "label", "met"} for rule in body["rules"])
    too_long = "Abcdefghij1"
    response = await client.post(
        PASSWORD_PATH,
        json={"currentPassword": temporary, "newPassword": too_long, "confirmPassword": too_long},
        headers=secured(auth),
    )
    assert {r["key"]: r["met"] for r in assert_error(response, 422, ErrorCode.PASSWORD_POLICY, "newPassword")["rules"]}["max"] is False


async def test_password_mismatch_and_missing_current(temporary_session, secured):
    client, m, auth, temporary = temporary_session
    mismatch = await client.post(
        PASSWORD_PATH,
        json={"currentPassword": temporary, "newPassword": "Sunny7Day", "confirmPassword": "Sunny7Dax"},
        headers=secured(auth),
    )
    assert_error(mismatch, 422, ErrorCode.VALIDATION_FAILED, "confirmPassword")
    missing = await client.post(
        PASSWORD_PATH,
        json={"newPassword": "Sunny7Day", "confirmPassword": "Sunny7Day"},
        headers=secured(auth),
    )
    assert_error(missing, 422, ErrorCode.VALIDATION_FAILED, "currentPassword")


async def test_wrong_current_password_counts_toward_lockout(temporary_session, secured):
    client, m, auth, temporary = temporary_session
    limit = m.profile.failedLoginLockoutLimit
    for attempt in range(limit):
        response = await client.post(
            PASSWORD_PATH,
            json={"currentPassword": f"Nope{attempt}", "newPassword": "Sunny7Day", "confirmPassword": "Sunny7Day"},
            headers=secured(auth),
        )
        if attempt < limit - 1:
            assert_error(response, 401, ErrorCode.INVALID_CREDENTIALS, "currentPassword")
    assert_error(response, 423, ErrorCode.LOCKED_OUT)
    assert_error(await m.login("jane@example.com", "Sunny7Day"), 423, ErrorCode.LOCKED_OUT)


async def test_password_change_ends_earlier_sessions(temporary_session, secured):
    client, m, auth, temporary = temporary_session
    changed = await client.post(
        PASSWORD_PATH,
        json={"currentPassword": temporary, "newPassword": "Sunny7Day", "confirmPassword": "Sunny7Day"},
        headers=secured(auth),
    )
    assert changed.status_code == 200
    old = await client.get(SUMMARY_PATH, headers=secured(auth))
    assert_error(old, 401, ErrorCode.NOT_AUTHORIZED)
    assert old.headers["www-authenticate"] == "Bearer"
    assert (await client.get(SUMMARY_PATH, headers=secured(changed.json()))).status_code == 200
    # The temporary password is gone with the change.
    assert_error(await m.login("jane@example.com", temporary), 401, ErrorCode.INVALID_CREDENTIALS)


async def test_change_password_after_login_needs_the_current_password(make_app, api, member, secured):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    auth = (await m.login("ana.alvarez@example.com", "Demo-Pass1")).json()
    missing = await client.post(
        PASSWORD_PATH, json={"newPassword": "Sunny7Day", "confirmPassword": "Sunny7Day"}, headers=secured(auth)
    )
    assert_error(missing, 422, ErrorCode.VALIDATION_FAILED, "currentPassword")
    ok = await client.post(
        PASSWORD_PATH,
        json={"currentPassword": "Demo-Pass1", "newPassword": "Sunny7Day", "confirmPassword": "Sunny7Day"},
        headers=secured(auth),
    )
    assert ok.status_code == 200


async def test_default_profile_refuses_common_passwords_and_the_email(make_app, api, member, secured):
    client = await api(make_app("default"))
    m = member(client, "default")
    await m.register("1000234567", "Doe", "jane.doe@example.com")
    auth = (await m.sign_in("jane.doe@example.com")).json()
    for password, rule in [("password123", "common"), ("my jane.doe secret", "email")]:
        response = await client.post(
            PASSWORD_PATH, json={"newPassword": password, "confirmPassword": password}, headers=secured(auth)
        )
        rules = {r["key"]: r["met"] for r in assert_error(response, 422, ErrorCode.PASSWORD_POLICY, "newPassword")["rules"]}
        assert rules[rule] is False


# --- secured calls: authorization -------------------------------------------------------------------


SECURED_CALLS = [
    ("POST", PASSWORD_PATH, {"newPassword": "Sunny7Day", "confirmPassword": "Sunny7Day"}),
    ("PUT", PAPERLESS_PATH, {"paperless": True}),
    ("PUT", PHRASE_PATH, {"phrase": "blue kettle"}),
    ("GET", SUMMARY_PATH, None),
]


@pytest.mark.parametrize(("method", "path", "body"), SECURED_CALLS)
async def test_secured_calls_need_a_valid_token_and_username(make_app, api, member, secured, clock, method, path, body):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    auth = (await m.login("ana.alvarez@example.com", "Demo-Pass1")).json()
    good = secured(auth)
    cases = [
        {},
        {"Authorization": good["Authorization"]},
        {"X-NISC-SMARTHUB-USERNAME": good["X-NISC-SMARTHUB-USERNAME"]},
        dict(good, **{"X-NISC-SMARTHUB-USERNAME": "someone.else@example.com"}),
        dict(good, Authorization="Bearer not-a-token"),
        dict(good, Authorization="Basic YWxhZGRpbjpvcGVuc2VzYW1l"),
    ]
    for headers in cases:
        response = await client.request(method, path, json=body, headers=headers)
        assert_error(response, 401, ErrorCode.NOT_AUTHORIZED)
    clock.advance(minutes=31)
    assert_error(await client.request(method, path, json=body, headers=good), 401, ErrorCode.NOT_AUTHORIZED)


@pytest.mark.parametrize(("method", "path", "body"), SECURED_CALLS[1:])
async def test_secured_calls_wait_for_the_password_change(temporary_session, secured, method, path, body):
    client, m, auth, temporary = temporary_session
    response = await client.request(method, path, json=body, headers=secured(auth))
    assert_error(response, 403, ErrorCode.PASSWORD_CHANGE_REQUIRED)


async def test_username_header_is_case_insensitive(make_app, api, member, secured):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    auth = (await m.login("ana.alvarez@example.com", "Demo-Pass1")).json()
    headers = dict(secured(auth), **{"X-NISC-SMARTHUB-USERNAME": "Ana.Alvarez@Example.COM"})
    assert (await client.get(SUMMARY_PATH, headers=headers)).status_code == 200


@pytest.mark.parametrize("phrase", ["abc", "    abcd    ", "x" * 101, "bell\x07rings"])
async def test_security_phrase_rules(make_app, api, member, secured, phrase):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    auth = (await m.login("ana.alvarez@example.com", "Demo-Pass1")).json()
    response = await client.put(PHRASE_PATH, json={"phrase": phrase}, headers=secured(auth))
    assert_error(response, 422, ErrorCode.VALIDATION_FAILED, "phrase")


# --- outbox, rate limit, internal error ---------------------------------------------------------------


async def test_outbox_is_not_found_outside_demo_mode(make_app, api):
    client = await api(make_app("pec", demo=False))
    response = await client.get(OUTBOX_PATH, params={"to": "jane@example.com"})
    assert_error(response, 404, ErrorCode.NOT_FOUND)


async def test_outbox_needs_an_address(make_app, api):
    client = await api(make_app("pec"))
    assert_error(await client.get(OUTBOX_PATH), 422, ErrorCode.VALIDATION_FAILED, "to")
    assert_error(await client.get(OUTBOX_PATH, params={"to": "nope"}), 422, ErrorCode.VALIDATION_FAILED, "to")


async def test_unknown_path_and_method(make_app, api):
    client = await api(make_app("pec"))
    assert_error(await client.get(SERVICES_PREFIX + "nothing-here"), 404, ErrorCode.NOT_FOUND)
    assert_error(await client.delete(HEALTH_PATH), 405, ErrorCode.METHOD_NOT_ALLOWED)


async def test_rate_limit_answers_429_with_retry_after(make_app, api, clock):
    client = await api(make_app("pec", rate_limit_per_minute=5))
    clock.now = clock.now.replace(second=15)
    for _ in range(5):
        assert (await client.get(SETTINGS_PATH)).status_code == 200
    response = await client.get(SETTINGS_PATH)
    body = assert_error(response, 429, ErrorCode.RATE_LIMITED)
    assert response.headers["retry-after"] == "45"
    assert body["retryAfter"] == 45
    # Health stays answerable for readiness probes; another address has its own budget.
    assert (await client.get(HEALTH_PATH)).status_code == 200
    other = await api(client._transport.app, client=("10.0.0.5", 1234))
    assert (await other.get(SETTINGS_PATH)).status_code == 200
    clock.advance(seconds=45)
    assert (await client.get(SETTINGS_PATH)).status_code == 200


class ClockThatBreaks:
    """A clock that works `good_calls` times, then raises with a message that must not leak."""

    def __init__(self, good_calls: int) -> None:
        self.calls = 0
        self.good_calls = good_calls

    def __call__(self):
        self.calls += 1
        if self.calls > self.good_calls:
            raise RuntimeError("secret detail 4321")
        return datetime(2026, 3, 1, tzinfo=UTC)


@pytest.mark.parametrize("good_calls", [0, 1], ids=["in-middleware", "in-route"])
async def test_an_unexpected_failure_is_a_bare_500(api, caplog, cheap_profile, good_calls):
    app = create_app(profile=cheap_profile("pec"), clock=ClockThatBreaks(good_calls), secret_key=b"k" * 32)
    client = await api(app)
    with caplog.at_level(logging.DEBUG):
        response = await client.post(
            LOOKUP_PATH,
            json={"accountNumber": "1000234567", "lastNameOrBusiness": "Doe", "email": "jane@example.com"},
        )
    assert_error(response, 500, ErrorCode.INTERNAL_ERROR)
    assert "4321" not in response.text
    assert "4321" not in caplog.text
    assert "RuntimeError" in caplog.text


async def test_a_session_the_new_profile_would_not_open_expires_instead_of_failing(tmp_path, api, member, cheap_profile):
    """Sessions live in the database, so one may outlast a restart with a stricter profile."""
    database_url = f"sqlite:///{tmp_path / 'shared.db'}"
    before = create_app(profile=cheap_profile("default"), database_url=database_url, demo=True)
    m = member(await api(before), "default")
    assert (await m.lookup("4000567890", "Smith", "r@example.com")).status_code == 200  # billing ZIP only
    captcha_id, answer = await m.captcha()
    body = m.completion("4000567890", captcha_id, answer)
    stricter = cheap_profile("default", identityAnswersRequired=2)  # this account has one answer on file
    m.client = await api(create_app(profile=stricter, database_url=database_url, demo=True))
    assert_error(await m.complete(body), 410, ErrorCode.SESSION_EXPIRED)
    assert_error(await m.lookup("4000567890", "Smith", "r@example.com"), 403, ErrorCode.REGISTRATION_NOT_ALLOWED)
