"""Forgot Password on the server: operations 12 (request a code) and 13 (set the password with it), and the lockout.

What must hold: a known and an unknown address get the same status and
body, after the same work; the e-mailed code works once, before it
expires, for its own login only; wrong codes count toward a lockout;
success sets the password, ends every session, voids older codes and the
temporary password, and lifts the login's lockout.  And the lockout is no
weapon: failures from one address lock that address out of the login, not
the member at another; the per-login ceiling still stops a guess spread
over many addresses.  Expiry moves the injectable clock; nothing sleeps.
"""

from __future__ import annotations

import re
import statistics
import time

import pytest

from smarthub_tui.contract import (
    LOGIN_PATH,
    PASSWORD_RESET_CONFIRM_PATH,
    PASSWORD_RESET_PATH,
    SUMMARY_PATH,
    VERIFY_PATH,
    ErrorCode,
)
from smarthub_tui.server import security
from tests.api.test_server_errors import assert_error

ANA = "ana.alvarez@example.com"
"""A demo login that exists before anyone registers (password Demo-Pass1, no hint answer)."""


async def reset(client, email: str, **extra):
    return await client.post(PASSWORD_RESET_PATH, json={"email": email, **extra})


async def confirm(client, email: str, code: str, password: str = "Kettle42", confirm_with: str | None = None):  # noqa: S107 - a test password
    body = {"email": email, "code": code, "newPassword": password, "confirmPassword": confirm_with or password}
    return await client.post(PASSWORD_RESET_CONFIRM_PATH, json=body)


async def reset_code(m, email: str) -> str:
    """The code of the newest reset e-mail to `email`."""
    for mail in await m.inbox(email):
        found = re.search(r"^\s+(\d{8})$", mail["body"], re.MULTILINE)
        if found:
            return found.group(1)
    raise AssertionError("no reset e-mail")


async def other_address(api, client, address: str):
    return await api(client._transport.app, client=(address, 5000))


# --- operation 12: one answer ---------------------------------------------------------------


@pytest.mark.parametrize("profile", ["default", "pec", "jecec"])
async def test_known_and_unknown_addresses_get_the_same_status_and_body(make_app, api, member, profile):
    client = await api(make_app(profile))
    m = member(client, profile)
    known = await reset(client, ANA)
    unknown = await reset(client, "nobody.at.all@example.com")
    assert known.status_code == unknown.status_code == 200
    assert known.json() == unknown.json()
    assert known.json()["expiresMinutes"] == m.profile.passwordResetMinutes
    assert "If that address is registered" in known.json()["message"]
    assert len(await m.inbox(ANA)) == 1
    assert await m.inbox("nobody.at.all@example.com") == []


async def test_known_and_unknown_addresses_take_the_same_hashing_path(make_app, api, monkeypatch):
    """Exactly one argon2 verification whatever the address and answers (what the time is made of)."""
    client = await api(make_app("pec"))
    calls: list[bool] = []
    real = security.verify_secret

    def counted(stored_hash, value):
        calls.append(stored_hash is not None)
        return real(stored_hash, value)

    monkeypatch.setattr(security, "verify_secret", counted)
    for email, hint in ((ANA, None), ("nobody@example.com", None), (ANA, "Rex"), ("nobody@example.com", "Rex")):
        calls.clear()
        response = await reset(client, email, **({"hintAnswer": hint} if hint else {}))
        assert response.status_code == 200
        assert len(calls) == 1, (email, hint, calls)


async def test_known_and_unknown_addresses_take_about_the_same_time(make_app, api):
    """Medians of 20 tries each, compared loosely (the machine is shared); printed for the report."""
    client = await api(make_app("pec", rate_limit_per_minute=1000))

    async def timed(email: str) -> float:
        start = time.perf_counter()
        response = await reset(client, email)
        assert response.status_code == 200
        return time.perf_counter() - start

    known, unknown = [], []
    for _ in range(20):
        known.append(await timed(ANA))
        unknown.append(await timed("nobody@example.com"))
    known_median, unknown_median = statistics.median(known), statistics.median(unknown)
    print(f"median known {known_median * 1000:.1f} ms, unknown {unknown_median * 1000:.1f} ms")
    assert 1 / 3 < known_median / unknown_median < 3


async def test_a_wrong_hint_answer_sends_nothing_and_says_nothing(make_app, api, member):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    await m.register("1000234567", "Doe", "jane@example.com")  # hint answer "Rex the Dog"
    before = len(await m.inbox("jane@example.com"))
    wrong = await reset(client, "jane@example.com", hintAnswer="Fido")
    right = await reset(client, "jane@example.com", hintAnswer="  rex THE dog ")
    assert wrong.json() == right.json()
    assert len(await m.inbox("jane@example.com")) == before + 1, "only the right answer got an e-mail"


async def test_the_account_number_where_the_profile_requires_it(make_app, api, member, cheap_profile):
    profile = cheap_profile("default", requireAccountNumberOnPasswordReset=True)
    client = await api(make_app(profile))
    m = member(client, profile)
    assert_error(await reset(client, ANA), 422, ErrorCode.VALIDATION_FAILED, "accountNumber")
    wrong = await reset(client, ANA, accountNumber="1000234567")
    right = await reset(client, ANA, accountNumber="8000-901-234")
    assert wrong.status_code == right.status_code == 200 and wrong.json() == right.json()
    assert len(await m.inbox(ANA)) == 1


async def test_malformed_requests_are_refused_at_their_field(make_app, api):
    client = await api(make_app("pec"))
    assert_error(await reset(client, "not an address"), 422, ErrorCode.VALIDATION_FAILED, "email")
    assert_error(await client.post(PASSWORD_RESET_PATH, json={"email": ANA, "extra": 1}), 422, ErrorCode.VALIDATION_FAILED, "extra")
    assert_error(await confirm(client, "not an address", "12345678"), 422, ErrorCode.VALIDATION_FAILED, "email")


# --- operation 13: the code -------------------------------------------------------------------


async def test_the_code_sets_the_password_once_and_ends_every_session(make_app, api, member, secured):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    before = (await m.login(ANA, "Demo-Pass1")).json()
    assert (await reset(client, ANA)).status_code == 200
    code = await reset_code(m, ANA)
    response = await confirm(client, ANA, code, "Kettle42")
    assert response.status_code == 200 and response.json() == {"status": "SUCCESS"}
    assert_error(await client.get(SUMMARY_PATH, headers=secured(before)), 401, ErrorCode.NOT_AUTHORIZED)
    assert (await m.login(ANA, "Kettle42")).status_code == 200
    assert_error(await m.login(ANA, "Demo-Pass1"), 401, ErrorCode.INVALID_CREDENTIALS)
    assert_error(await confirm(client, ANA, code, "Kettle43"), 400, ErrorCode.INVALID_TOKEN, "code")


async def test_a_newer_code_voids_the_older_one(make_app, api, member):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    await reset(client, ANA)
    older = await reset_code(m, ANA)
    await reset(client, ANA)
    newer = await reset_code(m, ANA)
    assert older != newer
    assert_error(await confirm(client, ANA, older), 400, ErrorCode.INVALID_TOKEN, "code")
    assert (await confirm(client, ANA, newer)).status_code == 200


async def test_an_expired_code_is_refused(make_app, api, member, clock):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    await reset(client, ANA)
    code = await reset_code(m, ANA)
    clock.advance(minutes=m.profile.passwordResetMinutes, seconds=1)
    assert_error(await confirm(client, ANA, code), 400, ErrorCode.INVALID_TOKEN, "code")


async def test_a_code_works_only_for_its_own_login(make_app, api, member):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    await m.register("1000234567", "Doe", "jane@example.com")
    await reset(client, ANA)
    code = await reset_code(m, ANA)
    assert_error(await confirm(client, "jane@example.com", code), 400, ErrorCode.INVALID_TOKEN, "code")
    assert_error(await confirm(client, "nobody@example.com", code), 400, ErrorCode.INVALID_TOKEN, "code")


async def test_the_policy_and_the_confirmation_are_checked_without_using_the_code(make_app, api, member):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    await reset(client, ANA)
    code = await reset_code(m, ANA)
    body = assert_error(await confirm(client, ANA, code, "short"), 422, ErrorCode.PASSWORD_POLICY, "newPassword")
    assert any(not rule["met"] for rule in body["rules"])
    assert_error(await confirm(client, ANA, code, "Kettle42", "Kettle43"), 422, ErrorCode.VALIDATION_FAILED, "confirmPassword")
    assert (await confirm(client, ANA, code, "Kettle42")).status_code == 200


async def test_the_reset_voids_the_temporary_password_and_verification_codes(make_app, api, member, cheap_profile):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    await m.register("1000234567", "Doe", "jane@example.com")
    temporary = await m.credential("jane@example.com")
    await reset(client, "jane@example.com", hintAnswer="Rex the Dog")
    assert (await confirm(client, "jane@example.com", await reset_code(m, "jane@example.com"))).status_code == 200
    assert_error(await m.login("jane@example.com", temporary), 401, ErrorCode.INVALID_CREDENTIALS)

    link = cheap_profile("default")
    client = await api(make_app(link))
    m = member(client, link)
    await m.register("1000234567", "Doe", "jane@example.com")
    verification = await m.credential("jane@example.com")
    await reset(client, "jane@example.com")
    assert (await confirm(client, "jane@example.com", await reset_code(m, "jane@example.com"), "Kettle-Blue-Sings-42")).status_code == 200
    assert_error(await client.post(VERIFY_PATH, json={"token": verification}), 400, ErrorCode.INVALID_TOKEN, "token")


async def test_the_stuck_member_whose_temporary_password_was_used_gets_in(make_app, api, member):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    await m.register("1000234567", "Doe", "jane@example.com")
    temporary = await m.credential("jane@example.com")
    assert (await m.login("jane@example.com", temporary)).status_code == 200  # used, never replaced
    assert_error(await m.login("jane@example.com", temporary), 401, ErrorCode.INVALID_CREDENTIALS)
    await reset(client, "jane@example.com", hintAnswer="Rex the Dog")
    assert (await confirm(client, "jane@example.com", await reset_code(m, "jane@example.com"))).status_code == 200
    auth = (await m.login("jane@example.com", "Kettle42")).json()
    assert auth["passwordChangeRequired"] is False


# --- lockout ------------------------------------------------------------------------------------


async def test_wrong_codes_lock_out_at_the_profiles_limit(make_app, api, member, clock):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    await reset(client, ANA)
    code = await reset_code(m, ANA)
    limit = m.profile.failedLoginLockoutLimit
    for attempt in range(limit - 1):
        assert_error(await confirm(client, ANA, f"{attempt:08d}"), 400, ErrorCode.INVALID_TOKEN, "code")
    body = assert_error(await confirm(client, ANA, "99999999"), 423, ErrorCode.LOCKED_OUT)
    assert body["message"] == m.profile.lockoutMessage
    assert_error(await confirm(client, ANA, code), 423, ErrorCode.LOCKED_OUT)
    clock.advance(minutes=m.profile.lockoutMinutes, seconds=1)
    assert_error(await confirm(client, ANA, code), 400, ErrorCode.INVALID_TOKEN, "code"), "expired meanwhile"
    await reset(client, ANA)
    assert (await confirm(client, ANA, await reset_code(m, ANA))).status_code == 200


async def test_a_strangers_failures_do_not_lock_the_member_out(make_app, api, member):
    """The stranger's address hits the limit for this login; the member at theirs logs in."""
    client = await api(make_app("pec"))
    m = member(client, "pec")
    stranger = member(await other_address(api, client, "10.6.6.6"), "pec")
    for attempt in range(m.profile.failedLoginLockoutLimit):
        response = await stranger.login(ANA, f"Wrong-{attempt}")
    assert_error(response, 423, ErrorCode.LOCKED_OUT)
    assert_error(await stranger.login(ANA, "Demo-Pass1"), 423, ErrorCode.LOCKED_OUT), "locked at the stranger's address"
    assert (await m.login(ANA, "Demo-Pass1")).status_code == 200, "the member's address is not"


async def test_the_per_login_ceiling_stops_a_guess_spread_over_many_addresses(make_app, api, member, clock):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    ceiling = m.profile.login_ceiling_limit
    limit = m.profile.failedLoginLockoutLimit
    assert ceiling > limit
    guessers = [member(await other_address(api, client, f"10.7.0.{n}"), "pec") for n in range(ceiling // (limit - 1) + 1)]
    tries = 0
    for guesser in guessers:
        for _ in range(limit - 1):  # each address stays under its own limit
            response = await guesser.login(ANA, f"Wrong-{tries}")
            tries += 1
            if tries == ceiling:
                break
        if tries == ceiling:
            break
    assert_error(response, 423, ErrorCode.LOCKED_OUT)
    assert_error(await m.login(ANA, "Demo-Pass1"), 423, ErrorCode.LOCKED_OUT), "now locked for everyone"
    clock.advance(minutes=m.profile.lockoutMinutes, seconds=1)
    assert (await m.login(ANA, "Demo-Pass1")).status_code == 200


async def test_a_successful_reset_lifts_the_logins_lockout(make_app, api, member):
    """The member locked their own login by mistyping; Forgot Password from the same address gets them in."""
    client = await api(make_app("pec"))
    m = member(client, "pec")
    for attempt in range(m.profile.failedLoginLockoutLimit):
        response = await m.login(ANA, f"Wrong-{attempt}")
    assert_error(response, 423, ErrorCode.LOCKED_OUT)
    await reset(client, ANA)
    assert (await confirm(client, ANA, await reset_code(m, ANA))).status_code == 200
    assert (await m.login(ANA, "Kettle42")).status_code == 200


async def test_a_locked_login_at_this_address_gets_the_same_answer_and_no_mail(make_app, api, member):
    """Hint answers guessed here count silently; once locked, the right one gets the same answer and no e-mail."""
    client = await api(make_app("pec"))
    m = member(client, "pec")
    await m.register("1000234567", "Doe", "jane@example.com")
    before = len(await m.inbox("jane@example.com"))
    answers = [(await reset(client, "jane@example.com", hintAnswer=f"Wrong {n}")).json() for n in range(m.profile.failedLoginLockoutLimit)]
    locked = await reset(client, "jane@example.com", hintAnswer="Rex the Dog")
    assert locked.status_code == 200 and all(answer == locked.json() for answer in answers)
    assert len(await m.inbox("jane@example.com")) == before
    other = member(await other_address(api, client, "10.0.0.9"), "pec")
    assert (await reset(other.client, "jane@example.com", hintAnswer="Rex the Dog")).status_code == 200
    assert len(await m.inbox("jane@example.com")) == before + 1, "the member at another address gets the code"


async def test_no_code_or_password_in_the_logs(make_app, api, member, caplog):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    with caplog.at_level("DEBUG"):
        await reset(client, ANA)
        code = await reset_code(m, ANA)
        await confirm(client, ANA, "00000000")
        await confirm(client, ANA, code, "Kettle42")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert code not in logged and "Kettle42" not in logged and "00000000" not in logged


async def test_login_path_is_untouched_by_the_reset_counters(make_app, api, member):
    """Wrong reset codes and wrong passwords are counted apart: one does not lock the other."""
    client = await api(make_app("pec"))
    m = member(client, "pec")
    for attempt in range(m.profile.failedLoginLockoutLimit):
        await confirm(client, ANA, f"{attempt:08d}")
    assert (await client.post(LOGIN_PATH, data={"userId": ANA, "password": "Demo-Pass1"})).status_code == 200
