"""No secret reaches a log line (docs/architecture.md section 9), even with every logger at DEBUG.

Why: logs are copied, shipped and kept far longer than a registration
session; a password, SSN4, hint answer, security phrase, token or CAPTCHA
answer in one would outlive every other protection.  The test runs whole
registrations, including the failures that log warnings, with the root
logger and uvicorn's loggers capturing at DEBUG, and looks for each secret
in every captured message and traceback.  (The real uvicorn access log is
checked in test_server_processes.py.)
"""

from __future__ import annotations

import logging
import re

import pytest

from smarthub_tui.contract import PAPERLESS_PATH, PASSWORD_PATH, PHRASE_PATH, SIGN_OUT_PATH, SUMMARY_PATH, UNSUBSCRIBE_PATH

# Loggers that do not propagate to the root, or that hold their own level (SQLAlchemy sets WARN).
LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access", "sqlalchemy", "sqlalchemy.engine")


@pytest.fixture
def all_logs(caplog):
    """Capture every log record at DEBUG, from the root and from loggers that do not propagate.

    SQLAlchemy's SQL log is switched on too: its bound parameters would
    include the security phrase if the engine did not hide them.
    """
    caplog.set_level(logging.DEBUG)
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)  # restored by caplog at teardown
        logging.getLogger(name).addHandler(caplog.handler)
    yield caplog
    for name in LOGGERS:
        logging.getLogger(name).removeHandler(caplog.handler)


def captured_text(caplog) -> str:
    lines = []
    for record in caplog.records:
        lines.append(record.getMessage())
        if record.exc_info:
            lines.append(logging.Formatter().formatException(record.exc_info))
    return "\n".join(lines)


@pytest.mark.parametrize("profile", ["pec", "default"])
async def test_no_secret_in_any_log_line(all_logs, make_app, api, member, secured, captcha_texts, profile):
    app = make_app(profile)  # created after the level is set, so SQLAlchemy logs its SQL too
    client = await api(app)
    m = member(client, profile)
    email = "jane.logs@example.com"
    secrets: list[str] = []

    await m.lookup("1000234567", "Doe", email)
    secrets.append(m.registration_id)
    captcha_id, answer = await m.captcha()
    wrong = await m.complete(m.completion("1000234567", captcha_id, answer, identity={"ssn4": "8642"}))
    assert wrong.status_code in (401, 422)
    secrets.append("8642")
    captcha_id, answer = await m.captcha()
    secrets.append(captcha_id)
    if m.profile.captchaStyle == "text":  # a proof-of-work nonce is no secret (and may be "7")
        secrets += [answer, captcha_texts.last]
    body = m.completion("1000234567", captcha_id, answer, identity={"ssn4": "4321"}, hintAnswer="Whiskers McTabby")
    receipt = await m.complete(body, **{"Idempotency-Key": "idem-key-secret-77"})
    assert receipt.status_code == 201, receipt.text
    secrets += ["4321", "Whiskers McTabby", "whiskers mctabby"]
    credential = await m.credential(email)
    secrets.append(credential)

    assert (await m.login(email, "Wrong-Guess9")).status_code == 401
    secrets.append("Wrong-Guess9")
    auth = (await m.sign_in(email)).json()
    secrets.append(auth["authorizationToken"])
    new_password = "Zebra5Lamp" if profile == "pec" else "zebra lamp under the stairs"
    current = credential if profile == "pec" else None
    bad_current = await client.post(
        PASSWORD_PATH,
        json={"currentPassword": "Nope1Nope", "newPassword": new_password, "confirmPassword": new_password},
        headers=secured(auth),
    )
    assert bad_current.status_code in (200, 401)
    if bad_current.status_code == 200:  # a verify session needs no current password
        auth = bad_current.json()
    else:
        auth = (
            await client.post(
                PASSWORD_PATH,
                json={"currentPassword": current, "newPassword": new_password, "confirmPassword": new_password},
                headers=secured(auth),
            )
        ).json()
    secrets += ["Nope1Nope", new_password, auth["authorizationToken"]]
    phrase = "purple otters juggle"
    await client.put(PAPERLESS_PATH, json={"paperless": True}, headers=secured(auth))
    await client.put(PHRASE_PATH, json={"phrase": phrase}, headers=secured(auth))
    secrets.append(phrase)
    assert (await client.get(SUMMARY_PATH, headers=secured(auth))).status_code == 200
    # My Profile: the phrase read back, a sign-out, an unsubscribe.
    assert (await client.get(PHRASE_PATH, headers=secured(auth))).json() == {"phrase": phrase}
    assert (await m.login(email, new_password)).status_code == 200
    other = (await m.login(email, new_password)).json()
    secrets.append(other["authorizationToken"])
    assert (await client.post(SIGN_OUT_PATH, headers=secured(other))).status_code == 200
    assert (await client.post(UNSUBSCRIBE_PATH, headers=secured(auth))).status_code == 200

    text = captured_text(all_logs)
    assert "registration created" in text  # the capture works
    assert "registration was deleted" in text
    assert any(record.name.startswith("sqlalchemy") for record in all_logs.records)
    leaked = [secret for secret in secrets if appears(secret, text)]
    assert leaked == []


def appears(secret: str, text: str) -> bool:
    """True when `secret` is in `text` on its own (``4321`` inside a timing like ``0.004321s`` is not)."""
    return re.search(rf"(?<![0-9A-Za-z]){re.escape(secret)}(?![0-9A-Za-z])", text) is not None


# --- agents ---


async def test_no_agent_key_in_any_log_line(all_logs, make_app, api, member):
    """An agent's key (valid, wrong, revoked) and its HMAC never reach a log, whatever the call does."""
    from smarthub_tui.contract import AGENT_KEY_HEADER, AGENT_ME_PATH, AGENT_PAPERLESS_PATH, AGENT_STATUS_PATH
    from smarthub_tui.server import agents

    app = make_app("pec", agent_rate_limit_per_minute=12)
    now = app.state.service.now()
    key = agents.add_agent(app.state.store, app.state.keys, "logged", now)
    leaver = agents.add_agent(app.state.store, app.state.keys, "leaver", now)
    agents.revoke_agent(app.state.store, "leaver", now)
    wrong = "sha_a-key-nobody-issued-but-someone-typed-12345"
    client = await api(app)
    client.headers[AGENT_KEY_HEADER] = key
    m = member(client, "pec")
    await m.lookup("1000234567", "Doe", "jane.agent.logs@example.com")
    await m.check_identity({"ssn4": "8642"})  # a wrong answer: a warning-level path
    await m.check_identity({"ssn4": "4321"})
    body = m.completion("1000234567", None, None, termsAcceptance="spoken", hintAnswer="Whiskers McTabby")
    assert (await m.complete(body)).status_code == 201
    await client.post(AGENT_PAPERLESS_PATH, json={"registrationId": m.registration_id, "paperless": True})
    await client.post(AGENT_STATUS_PATH, json={"registrationId": m.registration_id})
    for other in (wrong, leaver):
        await client.get(AGENT_ME_PATH, headers={AGENT_KEY_HEADER: other})
    for _ in range(12):  # over the agent's rate limit: another warning-level path
        await client.get(AGENT_ME_PATH)
    with app.state.store.transaction() as tx:
        hashes = [row.key_hash for row in tx.all_agents()]
    text = captured_text(all_logs)
    assert "registration created" in text and "agent added: logged" in text  # the capture works
    leaked = [secret for secret in [key, leaver, wrong, *hashes, m.registration_id] if appears(secret, text)]
    assert leaked == []
