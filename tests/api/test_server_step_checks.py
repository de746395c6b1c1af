"""Each registration answer is judged at its own step, and the CAPTCHA still guards the identity answers.

Why: a wrong ZIP reported two screens later (after the CAPTCHA and the
terms) costs the member a fresh CAPTCHA and the terms again.  The server
now checks the identity answers and the CAPTCHA answer when they are given.
What must not change: no identity answer is judged for a session that has
not passed its CAPTCHA (the verdict is held, with the same answer, status
and work for right and wrong answers), the CAPTCHA is single use, and
failures count toward the same lockouts.
"""

from __future__ import annotations

import pytest

from smarthub_tui.contract import CAPTCHA_ANSWER_PATH, COMPLETE_PATH, IDENTITY_PATH, ErrorCode
from tests.api.test_server_errors import assert_error

IDENTITY = IDENTITY_PATH
ANSWER = CAPTCHA_ANSWER_PATH
COMPLETE = COMPLETE_PATH


async def _session(make_app, api, member, profile: str = "pec", **app_options):
    client = await api(make_app(profile, **app_options))
    m = member(client, profile)
    assert (await m.lookup("2000345678", "Peña", "maria@example.com")).status_code == 200
    return client, m


async def test_before_the_captcha_right_and_wrong_answers_get_the_same_answer_and_count_nothing(make_app, api, member):
    _, m = await _session(make_app, api, member)
    for _ in range(m.profile.failedLoginLockoutLimit + 1):
        wrong = await m.check_identity({"mailingZip": "99999"})
        assert wrong.status_code == 200 and wrong.json() == {"status": "pending"}
    right = await m.check_identity({"mailingZip": "78606"})
    assert right.status_code == 200 and right.json() == {"status": "pending"}
    response = await m.answer_captcha(*(await m.captcha()))
    assert response.json() == {"status": "passed", "identity": "verified"}, "held verdicts counted nothing"


async def test_a_held_mismatch_is_given_once_the_captcha_passes_and_then_answers_are_judged_at_once(make_app, api, member):
    _, m = await _session(make_app, api, member)
    await m.check_identity({"mailingZip": "99999"})
    captcha_id, answer = await m.captcha()
    body = assert_error(await m.answer_captcha(captcha_id, answer), 401, ErrorCode.IDENTITY_MISMATCH)
    limit = m.profile.failedLoginLockoutLimit
    assert body["attemptsLeft"] == limit - 1 and f"{limit - 1} attempts left" in body["message"]

    # The CAPTCHA stays passed for the session: the next answers are judged where they are given.
    body = assert_error(await m.check_identity({"mailingZip": "99998"}), 401, ErrorCode.IDENTITY_MISMATCH)
    assert body["attemptsLeft"] == limit - 2
    assert (await m.check_identity({"mailingZip": "78606"})).json() == {"status": "verified"}
    body = assert_error(await m.check_identity({"mailingZip": "99999"}), 401, ErrorCode.IDENTITY_MISMATCH)
    assert body["attemptsLeft"] == limit - 1, "a success cleared the account's count"


async def test_a_held_match_is_verified_by_the_captcha(make_app, api, member):
    _, m = await _session(make_app, api, member)
    await m.check_identity({"mailingZip": "78606"})
    captcha_id, answer = await m.captcha()
    response = await m.answer_captcha(captcha_id, answer)
    assert response.status_code == 200 and response.json() == {"status": "passed", "identity": "verified"}


async def test_a_wrong_captcha_gives_no_identity_verdict_and_uses_the_challenge_up(make_app, api, member):
    _, m = await _session(make_app, api, member)
    await m.check_identity({"mailingZip": "99999"})
    captcha_id, answer = await m.captcha()
    assert_error(await m.answer_captcha(captcha_id, "WRONG1"), 400, ErrorCode.CAPTCHA_FAILED, "captchaAnswer")
    assert_error(await m.answer_captcha(captcha_id, answer), 400, ErrorCode.CAPTCHA_FAILED, "captchaAnswer")
    response = await m.check_identity({"mailingZip": "99999"})
    assert response.json() == {"status": "pending"}, "still no verdict without a passed CAPTCHA"


async def test_the_captcha_first_then_identity_answers_are_judged_at_their_step(make_app, api, member):
    _, m = await _session(make_app, api, member)
    captcha_id, answer = await m.captcha()
    response = await m.answer_captcha(captcha_id, answer)
    assert response.json() == {"status": "passed", "identity": "unanswered"}
    assert_error(await m.check_identity({"mailingZip": "99999"}), 401, ErrorCode.IDENTITY_MISMATCH)


async def test_the_lockout_comes_at_the_identity_step_that_reaches_it(make_app, api, member):
    _, m = await _session(make_app, api, member)
    captcha_id, answer = await m.captcha()
    await m.answer_captcha(captcha_id, answer)
    limit = m.profile.failedLoginLockoutLimit
    for _ in range(limit - 1):
        assert_error(await m.check_identity({"ssn4": "0000"}), 401, ErrorCode.IDENTITY_MISMATCH)
    body = assert_error(await m.check_identity({"ssn4": "0000"}), 423, ErrorCode.LOCKED_OUT)
    assert body["message"] == m.profile.lockoutMessage
    assert_error(await m.check_identity({"ssn4": "1234"}), 423, ErrorCode.LOCKED_OUT)


async def test_a_profile_can_keep_the_attempts_left_to_itself(make_app, api, member, cheap_profile):
    _, m = await _session(make_app, api, member, cheap_profile("pec", showAttemptsLeft=False))
    captcha_id, answer = await m.captcha()
    await m.answer_captcha(captcha_id, answer)
    body = assert_error(await m.check_identity({"mailingZip": "99999"}), 401, ErrorCode.IDENTITY_MISMATCH)
    assert "attemptsLeft" not in body and "left" not in body["message"]


@pytest.mark.parametrize("passed", ["nothing", "identity only", "captcha only"])
async def test_complete_refuses_a_session_that_skipped_a_step(make_app, api, member, passed):
    client, m = await _session(make_app, api, member)
    if passed == "identity only":
        await m.check_identity({"mailingZip": "78606"})
    if passed == "captcha only":
        await m.answer_captcha(*(await m.captcha()))
    body = m.completion("2000345678", "", "")
    for key in ("identity", "captchaId", "captchaAnswer"):
        body.pop(key)
    response = await client.post(COMPLETE, json=body)
    if passed == "captcha only":
        assert_error(response, 400, ErrorCode.IDENTITY_REQUIRED, "identity")
    else:
        assert_error(response, 400, ErrorCode.CAPTCHA_REQUIRED, "captchaAnswer")


async def test_identity_answers_for_an_unknown_session_are_410(make_app, api):
    client = await api(make_app("pec"))
    response = await client.post(IDENTITY, json={"registrationId": "nope", "identity": {"mailingZip": "78606"}})
    assert_error(response, 410, ErrorCode.SESSION_EXPIRED)
    response = await client.post(ANSWER, json={"registrationId": "nope", "captchaId": "x", "captchaAnswer": "y"})
    assert_error(response, 410, ErrorCode.SESSION_EXPIRED)


async def test_asking_again_after_a_lost_answer_hears_the_same_verdict_counted_once(make_app, api, member):
    """The answer to a passed CAPTCHA may be lost on the way: asking again neither spends a challenge nor counts twice."""
    _, m = await _session(make_app, api, member)
    await m.check_identity({"mailingZip": "99999"})
    captcha_id, answer = await m.captcha()
    first = assert_error(await m.answer_captcha(captcha_id, answer), 401, ErrorCode.IDENTITY_MISMATCH)
    again = assert_error(await m.answer_captcha(captcha_id, answer), 401, ErrorCode.IDENTITY_MISMATCH)
    assert again["attemptsLeft"] == first["attemptsLeft"], "told again, not counted again"
    fresh_id, fresh_answer = await m.captcha()
    assert_error(await m.answer_captcha(fresh_id, fresh_answer), 401, ErrorCode.IDENTITY_MISMATCH)
    assert (await m.check_identity({"mailingZip": "78606"})).json() == {"status": "verified"}
    response = await m.answer_captcha(fresh_id, "anything")
    assert response.json() == {"status": "passed", "identity": "verified"}, "the session passed: no challenge is judged again"
