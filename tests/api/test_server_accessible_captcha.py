"""The accessible alternative to a picture CAPTCHA: `accessible: true` asks for the proof-of-work checkbox.

Why: a blind member (a screen reader, the plain line mode, a braille
display) cannot read a picture.  A co-op whose profile sets
`accessibleCaptcha` lets such a member take the checkbox challenge instead;
one that does not answers with its own code and the co-op's message naming
the phone route, so the member is not left at a picture they cannot see.
"""

from __future__ import annotations

from smarthub_tui import proof_of_work
from smarthub_tui.contract import CAPTCHA_PATH, ErrorCode

CAPTCHA = CAPTCHA_PATH
JANE = ("1000234567", "Doe", "jane@example.com")


async def ask(client, registration_id: str, **extra):
    return await client.post(CAPTCHA, json={"registrationId": registration_id, "accessible": True, **extra})


async def test_pec_gives_the_checkbox_in_place_of_the_picture_and_the_registration_completes(make_app, api, member):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    assert m.profile.captchaStyle == "text" and m.profile.accessibleCaptcha
    await m.lookup(*JANE)

    response = await ask(client, m.registration_id)
    assert response.status_code == 200, response.text
    challenge = response.json()
    assert challenge["style"] == "checkbox"
    assert challenge["difficultyBits"] == m.profile.captchaDifficultyBits
    answer = proof_of_work.solve(challenge["challenge"], challenge["difficultyBits"])

    receipt = await m.complete(m.completion(JANE[0], challenge["captchaId"], answer))
    assert receipt.status_code == 201, receipt.text
    assert receipt.json()["email"] == JANE[2]


async def test_the_accessible_challenge_needs_its_work_done(make_app, api, member):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    await m.lookup(*JANE)
    challenge = (await ask(client, m.registration_id)).json()
    wrong = await m.answer_captcha(challenge["captchaId"], "not-a-nonce")
    assert wrong.status_code == 400 and wrong.json()["code"] == "captcha_failed"


async def test_without_the_flag_pec_still_shows_its_picture(make_app, api, member):
    client = await api(make_app("pec"))
    m = member(client, "pec")
    await m.lookup(*JANE)
    response = await client.post(CAPTCHA, json={"registrationId": m.registration_id, "accessible": False})
    assert response.json()["style"] == "text"


async def test_a_coop_without_the_alternative_refuses_with_its_code_and_message(make_app, api, member, cheap_profile):
    profile = cheap_profile("pec", accessibleCaptcha=False)
    client = await api(make_app(profile))
    m = member(client, profile)
    await m.lookup(*JANE)

    response = await ask(client, m.registration_id)
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == ErrorCode.ACCESSIBLE_CAPTCHA_UNAVAILABLE
    assert body["message"] == profile.texts.accessibleCaptchaUnavailable
    assert "PEC Member Services" in body["message"]

    picture = await client.post(CAPTCHA, json={"registrationId": m.registration_id})
    assert picture.json()["style"] == "text", "the refusal leaves the picture route open"


async def test_an_unknown_session_hears_session_expired_before_any_refusal(make_app, api, cheap_profile):
    client = await api(make_app(cheap_profile("pec", accessibleCaptcha=False)))
    response = await ask(client, "no-such-session")
    assert response.status_code == 410 and response.json()["code"] == "session_expired"


async def test_the_flag_on_a_checkbox_profile_gives_its_usual_challenge(make_app, api, member, cheap_profile):
    profile = cheap_profile("jecec", accessibleCaptcha=False)  # the flag matters only for a picture
    client = await api(make_app(profile))
    m = member(client, profile)
    await m.lookup("3000456789", "Nguyễn", "n@example.com")
    challenge = (await ask(client, m.registration_id)).json()
    assert challenge["style"] == "checkbox"
    assert challenge["difficultyBits"] == profile.captchaDifficultyBits


async def test_the_openapi_document_declares_the_flag_and_the_refusal(make_app, api):
    client = await api(make_app("pec"))
    document = (await client.get("/openapi.json")).json()
    operation = document["paths"][CAPTCHA]["post"]
    assert "403" in operation["responses"]
    assert ErrorCode.ACCESSIBLE_CAPTCHA_UNAVAILABLE in operation["responses"]["403"]["description"]
    schema = document["components"]["schemas"]["CaptchaIn"]
    assert schema["properties"]["accessible"]["type"] == "boolean"
