"""Call-centre agents on the reference server: keys, the waived CAPTCHA, spoken terms, follow-up, rate limits.

Why each rule: an agent key is a credential, so a wrong or revoked one must
make no progress at all; the agent is the human on this side of the phone,
so the CAPTCHA is waived but every lockout that protects the member still
applies; the registration must say who made it and how the terms were
accepted; only the agent who made a registration may follow it up; and a
call centre shares one address, so agents are counted per agent.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from smarthub_tui.contract import (
    AGENT_KEY_HEADER,
    AGENT_KEY_PREFIX,
    AGENT_ME_PATH,
    AGENT_PAPERLESS_PATH,
    AGENT_STATUS_PATH,
    COMPLETE_PATH,
    HEALTH_PATH,
    IDENTITY_PATH,
    PASSWORD_PATH,
    SETTINGS_PATH,
    ErrorCode,
)
from smarthub_tui.server import agents
from smarthub_tui.server.fixtures import DEMO_AGENT_KEY, DEMO_AGENT_NAME
from smarthub_tui.server.store import registrations

ACCOUNT, NAME = "1000234567", "Doe"
WRONG_KEY = AGENT_KEY_PREFIX + "not-a-key-the-server-issued-0000000000000000"


def new_agent(app: Any, name: str) -> str:
    """Issue a key for `name` on `app`'s database, as `smarthub-server agents add` does."""
    return agents.add_agent(app.state.store, app.state.keys, name, app.state.service.now())


async def agent_client(api, app, key: str, address: str = "10.0.0.1") -> httpx.AsyncClient:
    """A client whose every call carries `key`, from `address` (a call centre's one address)."""
    client = await api(app, client=(address, 40000))
    client.headers[AGENT_KEY_HEADER] = key
    return client


def registration_rows(app: Any) -> list[Any]:
    with app.state.store.transaction() as tx:
        return list(tx.connection.execute(select(registrations)).mappings())


def count(app: Any, table: str) -> int:
    with app.state.store.transaction() as tx:
        return tx.count_rows(table)


def complete_body(m) -> dict[str, Any]:
    """The body of the complete call alone (no identity or CAPTCHA fields)."""
    body = m.completion(ACCOUNT, None, None)
    return {k: v for k, v in body.items() if k not in ("identity", "captchaId", "captchaAnswer")}


async def agent_registers(m, email: str, **changes: Any) -> httpx.Response:
    """Lookup and complete with no CAPTCHA at all (the agent's session is waived)."""
    looked_up = await m.lookup(ACCOUNT, NAME, email)
    assert looked_up.status_code == 200, looked_up.text
    body = m.completion(ACCOUNT, None, None, **changes)
    return await m.complete(body)


# --- the key -------------------------------------------------------------------------------------


async def test_me_names_the_agent_of_a_valid_key(make_app, api):
    app = make_app("pec", agent_rate_limit_per_minute=321)
    key = new_agent(app, "Desk 4")
    assert key.startswith(AGENT_KEY_PREFIX) and len(key) > 40
    client = await agent_client(api, app, key)
    answer = await client.get(AGENT_ME_PATH)
    assert answer.status_code == 200
    assert answer.json() == {"name": "Desk 4", "rateLimitPerMinute": 321}


async def test_the_demo_server_has_the_demo_agent(make_app, api):
    client = await agent_client(api, make_app("default"), DEMO_AGENT_KEY)
    assert (await client.get(AGENT_ME_PATH)).json()["name"] == DEMO_AGENT_NAME


async def test_a_server_that_is_not_a_demo_has_no_demo_agent(make_app, api):
    client = await agent_client(api, make_app("default", demo=False), DEMO_AGENT_KEY)
    assert (await client.get(AGENT_ME_PATH)).json()["code"] == ErrorCode.AGENT_KEY_INVALID


@pytest.mark.parametrize("key", [None, WRONG_KEY, "", "x" * 500])
async def test_a_missing_or_wrong_key_is_401(make_app, api, key):
    app = make_app()
    client = await api(app)
    headers = {} if key is None else {AGENT_KEY_HEADER: key}
    answer = await client.get(AGENT_ME_PATH, headers=headers)
    assert answer.status_code == 401
    assert answer.json() == {
        "code": ErrorCode.AGENT_KEY_INVALID,
        "message": "This agent key is not valid. Ask your supervisor for a new one.",
        "field": None,
    }


async def test_a_revoked_key_is_403(make_app, api, clock):
    app = make_app()
    key = new_agent(app, "leaver")
    client = await agent_client(api, app, key)
    assert (await client.get(AGENT_ME_PATH)).status_code == 200
    agents.revoke_agent(app.state.store, "leaver", app.state.service.now())
    answer = await client.get(AGENT_ME_PATH)
    assert answer.status_code == 403
    assert answer.json()["code"] == ErrorCode.AGENT_REVOKED
    assert answer.json()["message"] == "This agent key was revoked by the server's operator."


@pytest.mark.parametrize("revoked", [False, True])
async def test_a_bad_key_makes_no_progress(make_app, api, member, revoked):
    """The key is checked before anything else: no session opens, no registration is made."""
    app = make_app()
    key = WRONG_KEY
    if revoked:
        key = new_agent(app, "leaver")
        agents.revoke_agent(app.state.store, "leaver", app.state.service.now())
    m = member(await agent_client(api, app, key))
    sessions = count(app, "registration_sessions")
    answer = await m.lookup(ACCOUNT, NAME, "jane.agent@example.com")
    assert answer.status_code == (403 if revoked else 401)
    assert count(app, "registration_sessions") == sessions
    assert (await m.client.get(SETTINGS_PATH)).status_code == (403 if revoked else 401)


# --- the CAPTCHA waived, the agent recorded --------------------------------------------------------


async def test_an_agents_session_waives_the_captcha_and_records_the_agent(make_app, api, member):
    app = make_app("pec")
    m = member(await agent_client(api, app, DEMO_AGENT_KEY))
    looked_up = await m.lookup(ACCOUNT, NAME, "jane.agent@example.com")
    assert looked_up.json()["captchaWaived"] is True
    identity = await m.check_identity({"ssn4": "4321"})
    assert identity.json() == {"status": "verified"}  # judged at once, as after a passed CAPTCHA
    body = m.completion(ACCOUNT, None, None, termsAcceptance="spoken")
    body.pop("identity")
    done = await m.complete(body)
    assert done.status_code == 201, done.text
    (row,) = [r for r in registration_rows(app) if r["agent_id"] is not None]
    with app.state.store.transaction() as tx:
        assert tx.agent_by_name(DEMO_AGENT_NAME).id == row["agent_id"]
    assert row["terms_acceptance"] == "spoken"


async def test_a_members_own_session_is_not_waived_and_records_no_agent(make_app, api, member):
    app = make_app("pec")
    m = member(await api(app))
    looked_up = await m.lookup(ACCOUNT, NAME, "jane.self@example.com")
    assert looked_up.json()["captchaWaived"] is False
    assert (await m.check_identity({"ssn4": "4321"})).json() == {"status": "pending"}
    no_captcha = await m.client.post(COMPLETE_PATH, json=complete_body(m))
    assert no_captcha.json()["code"] == ErrorCode.CAPTCHA_REQUIRED
    captcha_id, answer = await m.captcha()
    assert (await m.complete(m.completion(ACCOUNT, captcha_id, answer))).status_code == 201
    rows = registration_rows(app)
    mine = [r for r in rows if r["terms_acceptance"] == "clicked" and r["agent_id"] is None]
    assert len(mine) == len(rows)  # the demo registrations and this one: no agent, clicked


async def test_spoken_acceptance_is_refused_on_a_members_session(make_app, api, member):
    app = make_app("pec")
    before = count(app, "registrations")
    m = member(await api(app))
    await m.lookup(ACCOUNT, NAME, "jane.self@example.com")
    captcha_id, answer = await m.captcha()
    refused = await m.complete(m.completion(ACCOUNT, captcha_id, answer, termsAcceptance="spoken"))
    assert refused.status_code == 422
    assert (refused.json()["code"], refused.json()["field"]) == (ErrorCode.VALIDATION_FAILED, "termsAcceptance")
    assert count(app, "registrations") == before


async def test_spoken_acceptance_is_refused_from_another_agent(make_app, api, member):
    app = make_app("pec")
    m = member(await agent_client(api, app, DEMO_AGENT_KEY))
    await m.lookup(ACCOUNT, NAME, "jane.agent@example.com")
    other = await agent_client(api, app, new_agent(app, "other"))
    body = complete_body(m)
    assert (await m.check_identity({"ssn4": "4321"})).status_code == 200
    refused = await other.post(COMPLETE_PATH, json=dict(body, termsAcceptance="spoken"))
    # Another agent may not go on with this session at all (see the test below), spoken or not.
    assert (refused.status_code, refused.json()["code"]) == (403, ErrorCode.NOT_AUTHORIZED)


async def test_an_unknown_terms_acceptance_is_a_validation_error(make_app, api, member):
    app = make_app("pec")
    m = member(await agent_client(api, app, DEMO_AGENT_KEY))
    answer = await agent_registers(m, "jane.agent@example.com", termsAcceptance="nodded")
    assert (answer.status_code, answer.json()["field"]) == (422, "termsAcceptance")


# --- follow-up: paperless and status --------------------------------------------------------------


async def test_the_agent_sets_paperless_and_polls_the_status(make_app, api, member, secured):
    app = make_app("default")
    m = member(await agent_client(api, app, DEMO_AGENT_KEY), "default")
    email = "jane.agent@example.com"
    assert (await agent_registers(m, email, termsAcceptance="spoken")).status_code == 201
    registration = {"registrationId": m.registration_id}
    status = await m.client.post(AGENT_STATUS_PATH, json=registration)
    assert status.json() == {"emailVerified": False, "passwordSet": False, "paperless": None}
    for _ in range(2):  # the same answer twice is fine
        answer = await m.client.post(AGENT_PAPERLESS_PATH, json=dict(registration, paperless=True))
        assert answer.status_code == 200
        assert answer.json() == {"paperless": True, "accounts": ["****4567"]}
    # The member finishes on their own, from the e-mail (no agent key: their own client).
    member_client = await api(app, client=("203.0.113.9", 5000))
    own = member(member_client, "default")
    auth = (await own.sign_in(email)).json()
    set_password = await member_client.post(
        PASSWORD_PATH,
        json={"newPassword": "zebra lamp under the stairs", "confirmPassword": "zebra lamp under the stairs"},
        headers=secured(auth),
    )
    assert set_password.status_code == 200, set_password.text
    status = await m.client.post(AGENT_STATUS_PATH, json=registration)
    assert status.json() == {"emailVerified": True, "passwordSet": True, "paperless": True}


@pytest.mark.parametrize("path", [AGENT_PAPERLESS_PATH, AGENT_STATUS_PATH])
async def test_follow_up_is_only_for_the_agent_that_made_it(make_app, api, member, path):
    app = make_app("default")
    m = member(await agent_client(api, app, DEMO_AGENT_KEY), "default")
    body: dict[str, Any] = {"registrationId": ""}
    if path == AGENT_PAPERLESS_PATH:
        body["paperless"] = False
    # Not completed yet: nothing to follow up.
    await m.lookup(ACCOUNT, NAME, "jane.agent@example.com")
    early = await m.client.post(path, json=dict(body, registrationId=m.registration_id))
    assert (early.status_code, early.json()["code"]) == (403, ErrorCode.NOT_AUTHORIZED)
    assert (await m.complete(m.completion(ACCOUNT, None, None))).status_code == 201
    mine = dict(body, registrationId=m.registration_id)
    other = await agent_client(api, app, new_agent(app, "other"))
    refused = await other.post(path, json=mine)
    assert (refused.status_code, refused.json()["code"]) == (403, ErrorCode.NOT_AUTHORIZED)
    no_key = await api(app)
    assert (await no_key.post(path, json=mine)).json()["code"] == ErrorCode.AGENT_KEY_INVALID
    unknown = await m.client.post(path, json=dict(body, registrationId="no-such-registration"))
    assert (unknown.status_code, unknown.json()["code"]) == (410, ErrorCode.SESSION_EXPIRED)
    assert (await m.client.post(path, json=mine)).status_code == 200


@pytest.mark.parametrize("path", [AGENT_PAPERLESS_PATH, AGENT_STATUS_PATH])
async def test_follow_up_of_a_members_own_registration_is_refused(make_app, api, member, path):
    app = make_app("default")
    own = member(await api(app), "default")
    assert (await own.register(ACCOUNT, NAME, "jane.self@example.com")).status_code == 201
    body: dict[str, Any] = {"registrationId": own.registration_id}
    if path == AGENT_PAPERLESS_PATH:
        body["paperless"] = True
    agent = await agent_client(api, app, DEMO_AGENT_KEY)
    refused = await agent.post(path, json=body)
    assert (refused.status_code, refused.json()["code"]) == (403, ErrorCode.NOT_AUTHORIZED)


async def test_follow_up_lasts_30_minutes_after_completion(make_app, api, member, clock):
    app = make_app("default")
    m = member(await agent_client(api, app, DEMO_AGENT_KEY), "default")
    await m.lookup(ACCOUNT, NAME, "jane.agent@example.com")
    clock.advance(minutes=14)  # completed near the end of the 15-minute session
    assert (await m.complete(m.completion(ACCOUNT, None, None))).status_code == 201
    body = {"registrationId": m.registration_id}
    clock.advance(minutes=29)
    assert (await m.client.post(AGENT_STATUS_PATH, json=body)).status_code == 200
    clock.advance(minutes=2)
    gone = await m.client.post(AGENT_STATUS_PATH, json=body)
    assert (gone.status_code, gone.json()["code"]) == (410, ErrorCode.SESSION_EXPIRED)


async def test_a_revoked_agent_cannot_follow_up(make_app, api, member):
    app = make_app("default")
    key = new_agent(app, "leaver")
    m = member(await agent_client(api, app, key), "default")
    assert (await agent_registers(m, "jane.agent@example.com")).status_code == 201
    agents.revoke_agent(app.state.store, "leaver", app.state.service.now())
    refused = await m.client.post(AGENT_STATUS_PATH, json={"registrationId": m.registration_id})
    assert (refused.status_code, refused.json()["code"]) == (403, ErrorCode.AGENT_REVOKED)


# --- rate limits and lockouts ------------------------------------------------------------------


async def test_agents_are_counted_per_agent_not_per_address(make_app, api):
    """Two agents and a member share one address: each agent has its own budget, the address its own."""
    app = make_app("default", rate_limit_per_minute=3, agent_rate_limit_per_minute=5)
    first = await agent_client(api, app, DEMO_AGENT_KEY, address="10.0.0.1")
    second = await agent_client(api, app, new_agent(app, "second"), address="10.0.0.1")
    member_client = await api(app, client=("10.0.0.1", 40001))
    for _ in range(5):
        assert (await first.get(AGENT_ME_PATH)).status_code == 200
    over = await first.get(AGENT_ME_PATH)
    assert (over.status_code, over.json()["code"]) == (429, ErrorCode.RATE_LIMITED)
    assert "agent" in over.json()["message"]
    assert int(over.headers["Retry-After"]) >= 1
    for _ in range(5):
        assert (await second.get(AGENT_ME_PATH)).status_code == 200
    for _ in range(3):  # the address's own budget is untouched by the agents' ten calls
        assert (await member_client.get(SETTINGS_PATH)).status_code == 200
    assert (await member_client.get(SETTINGS_PATH)).status_code == 429


async def test_a_wrong_key_spends_its_addresss_budget(make_app, api):
    """Otherwise a made-up key would be a way around the per-address limit."""
    app = make_app("default", rate_limit_per_minute=3)
    wrong = await agent_client(api, app, WRONG_KEY, address="10.0.0.2")
    for _ in range(3):
        assert (await wrong.get(SETTINGS_PATH)).status_code == 401
    assert (await wrong.get(SETTINGS_PATH)).status_code == 429
    assert (await wrong.get(HEALTH_PATH)).status_code == 429  # a key on the health check is checked too


async def test_the_identity_lockout_of_the_account_applies_to_agents(make_app, api, member, cheap_profile):
    app = make_app(cheap_profile("pec", failedLoginLockoutLimit=3))
    m = member(await agent_client(api, app, DEMO_AGENT_KEY), "pec")
    await m.lookup(ACCOUNT, NAME, "jane.agent@example.com")
    answers = []
    for _ in range(3):
        answers.append((await m.check_identity({"ssn4": "0000"})).json()["code"])
    assert answers[:2] == [ErrorCode.IDENTITY_MISMATCH] * 2
    assert answers[2] == ErrorCode.LOCKED_OUT
    # Locked for everyone, the agent's next call and the member at home alike.
    again = await m.lookup(ACCOUNT, NAME, "jane.agent@example.com")
    assert again.json()["code"] == ErrorCode.LOCKED_OUT
    at_home = member(await api(app, client=("198.51.100.7", 1234)), "pec")
    assert (await at_home.lookup(ACCOUNT, NAME, "jane.self@example.com")).json()["code"] == ErrorCode.LOCKED_OUT


async def test_an_agents_wrong_answers_count_against_the_agent_not_the_call_centres_address(
    make_app, api, member, cheap_profile
):
    """The per-address lockout guards against one guesser at many accounts: for an agent, that guesser is the agent."""
    app = make_app(cheap_profile("pec", failedLoginLockoutLimit=5, failedAttemptsPerAddressLimit=2))
    agent = member(await agent_client(api, app, DEMO_AGENT_KEY, address="10.0.0.1"), "pec")
    for account, name in ((ACCOUNT, NAME), ("2000345678", "Peña")):
        await agent.lookup(account, name, "someone@example.com")
        answer = await agent.check_identity({"ssn4": "0000"})
        assert answer.json()["code"] in (ErrorCode.IDENTITY_MISMATCH, ErrorCode.LOCKED_OUT)
    assert answer.json()["code"] == ErrorCode.LOCKED_OUT  # the agent's own budget is spent
    colleague = member(await agent_client(api, app, new_agent(app, "colleague"), address="10.0.0.1"), "pec")
    assert (await colleague.lookup("3000456789", "Nguyễn", "x@example.com")).status_code == 200
    at_the_desk = member(await api(app, client=("10.0.0.1", 40002)), "pec")
    assert (await at_the_desk.lookup("3000456789", "Nguyễn", "y@example.com")).status_code == 200


# --- the operator's functions -------------------------------------------------------------------


def test_names_are_one_to_64_visible_characters(make_app):
    app = make_app()
    for bad in ["", " lead", "trail ", "two  spaces", "tab\there", "bell\a", "x" * 65]:
        with pytest.raises(agents.AgentNameError):
            new_agent(app, bad)
    assert new_agent(app, "x" * 64).startswith(AGENT_KEY_PREFIX)
    new_agent(app, "Ana María")
    with pytest.raises(agents.AgentExists):
        new_agent(app, "Ana María")


def test_only_an_hmac_of_the_key_is_stored(make_app):
    app = make_app()
    key = new_agent(app, "alice")
    with app.state.store.transaction() as tx:
        row = tx.agent_by_name("alice")
    assert key not in str(row._data)
    assert row.key_hash == agents.key_hash(app.state.keys, key)
    assert datetime.fromtimestamp(row.created_at, UTC).year == 2026


# --- an agent's session is the agent's alone (review) ----------------------------------------------


@pytest.mark.parametrize("who", ["no key", "another agent", "revoked"])
async def test_an_agents_session_goes_on_only_with_that_agents_key(make_app, api, member, who):
    """The CAPTCHA waived for the agent's call must not pass to whoever else holds its registration id.

    Without this, a leaver whose key was revoked mid-call (or anyone given
    the id) finishes the registration by dropping the key: no CAPTCHA, and
    the registration still named the agent.
    """
    app = make_app("pec")
    key = new_agent(app, "leaver")
    m = member(await agent_client(api, app, key))
    assert (await m.lookup(ACCOUNT, NAME, "jane.agent@example.com")).status_code == 200
    before = count(app, "registrations")
    if who == "revoked":
        agents.revoke_agent(app.state.store, "leaver", app.state.service.now())
    if who == "another agent":
        other = await agent_client(api, app, new_agent(app, "other"))
    else:
        other = await api(app, client=("10.0.0.1", 40000))  # the same desk, the key left out
    identity = await other.post(
        IDENTITY_PATH, json={"registrationId": m.registration_id, "identity": {"ssn4": "4321"}}
    )
    assert (identity.status_code, identity.json()["code"]) == (403, ErrorCode.NOT_AUTHORIZED)
    done = await other.post(COMPLETE_PATH, json=complete_body(m))
    assert (done.status_code, done.json()["code"]) == (403, ErrorCode.NOT_AUTHORIZED)
    assert count(app, "registrations") == before


async def test_an_agents_request_is_counted_as_a_members_is_old_minutes_forgotten_once(make_app, api, clock):
    """Counting an agent's request must not delete the old minutes every time (the write-lock cost issue 11 removed).

    Before: `admit_agent` used the older count that deletes every stale
    minute on each request, a second statement under the write lock (on
    PostgreSQL, a delete every agent's request contends on).
    """
    from sqlalchemy import event

    app = make_app("default")
    client = await agent_client(api, app, DEMO_AGENT_KEY)
    clock.now = clock.now.replace(second=0)
    assert (await client.get(AGENT_ME_PATH)).status_code == 200  # the minute's one clean-up
    deletes: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:
        if statement.lstrip().upper().startswith("DELETE") and "rate_windows" in statement:
            deletes.append(statement)

    engine = app.state.store.engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        for _ in range(3):
            assert (await client.get(AGENT_ME_PATH)).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert deletes == []
    clock.advance(minutes=2)
    assert (await client.get(AGENT_ME_PATH)).status_code == 200
    with app.state.store.transaction() as tx:
        assert tx.count_rows("rate_windows") == 1  # the old minutes are still forgotten when a new one starts
