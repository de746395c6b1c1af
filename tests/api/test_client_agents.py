"""The agent calls through `HttpBackend`, in-process and over loopback HTTP: domain models and domain errors.

Why: the agent-mode wizard sees only the client, so every agent rule the
server keeps must arrive as the model or the `BackendError` the wizard
handles (`AgentKeyInvalid`, `AgentRevoked`, `NotAuthorized` ...), and a key
that could never be valid must be refused before it is sent anywhere.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from smarthub_tui import proof_of_work
from smarthub_tui.backend import base
from smarthub_tui.backend.embedded import embedded_backend
from smarthub_tui.backend.http import HttpBackend
from smarthub_tui.contract import AGENT_KEY_HEADER, AGENT_ME_PATH
from smarthub_tui.models import (
    AccountLookup,
    AgentIdentity,
    AgentPaperlessResult,
    AgentRegistrationStatus,
    RegistrationRequest,
    TermsAcceptance,
)
from smarthub_tui.profiles import IdentityOption
from smarthub_tui.server import agents
from smarthub_tui.server.fixtures import DEMO_AGENT_KEY
from tests.support.servers import Link

JANE = AccountLookup("1000234567", "Doe", "jane.agent@example.com", "jane.agent@example.com")
SSN4 = {IdentityOption.SSN4: "4321"}


@pytest.fixture
async def backends(make_app, server_link: Link) -> AsyncIterator[Callable[..., tuple[Any, HttpBackend]]]:
    """``backends(profile, agent_key=..., **app_options)``: a fresh app and a client of it (both links)."""
    made: list[HttpBackend] = []

    def build(profile: str = "default", *, agent_key: str | None = DEMO_AGENT_KEY, **app_options: Any):
        app = make_app(profile, **app_options)
        transport, base_url = server_link.connect(app)
        backend = HttpBackend(base_url, transport=transport, retry_pause=0, agent_key=agent_key)
        made.append(backend)
        return app, backend

    yield build
    for backend in made:
        await backend.aclose()


def request(session, *, acceptance: str = TermsAcceptance.SPOKEN, terms_version: str = "") -> RegistrationRequest:
    return RegistrationRequest(
        registration_id=session.registration_id,
        terms_accepted=True,
        terms_version=terms_version,
        terms_acceptance=acceptance,
        idempotency_key="agent-" + session.registration_id[:16],
    )


async def agent_registers(backend: HttpBackend):
    profile = (await backend.get_settings()).profile
    session = await backend.lookup_account(JANE)
    assert session.captcha_waived is True
    assert await backend.check_identity(session.registration_id, SSN4) is True  # judged at once
    await backend.complete_registration(request(session, terms_version=profile.terms.version))
    return session


async def test_an_agent_registers_sets_paperless_and_reads_the_status(backends):
    _app, backend = backends("default")
    assert await backend.agent_me() == AgentIdentity(name="demo-agent", rate_limit_per_minute=600)
    session = await agent_registers(backend)
    status = await backend.agent_registration_status(session.registration_id)
    assert status == AgentRegistrationStatus(email_verified=False, password_set=False, paperless=None)
    result = await backend.set_agent_paperless(session.registration_id, False)
    assert result == AgentPaperlessResult(paperless=False, accounts=("****4567",))
    assert (await backend.agent_registration_status(session.registration_id)).paperless is False


async def test_without_a_key_the_session_is_the_members_own(backends):
    _app, backend = backends("default", agent_key=None)
    profile = (await backend.get_settings()).profile
    session = await backend.lookup_account(JANE)
    assert session.captcha_waived is False
    with pytest.raises(base.AgentKeyInvalid):
        await backend.agent_me()
    assert await backend.check_identity(session.registration_id, SSN4) is False  # held until the CAPTCHA
    captcha = await backend.new_captcha(session.registration_id)
    solved = proof_of_work.solve(captcha.challenge, captcha.difficulty_bits)
    assert await backend.answer_captcha(session.registration_id, captcha.captcha_id, solved)
    backend.use_agent_key(DEMO_AGENT_KEY)  # an agent's key on a member's session does not make it the agent's
    with pytest.raises(base.ValidationFailed) as caught:
        await backend.complete_registration(request(session, terms_version=profile.terms.version))
    assert caught.value.field == "termsAcceptance"


async def test_a_wrong_key_and_a_revoked_key_are_their_own_errors(backends):
    app, backend = backends("default", agent_key="sha_made-up")
    with pytest.raises(base.AgentKeyInvalid) as caught:
        await backend.agent_me()
    assert caught.value.message == "This agent key is not valid. Ask your supervisor for a new one."
    key = agents.add_agent(app.state.store, app.state.keys, "leaver", app.state.service.now())
    backend.use_agent_key(key)
    assert (await backend.agent_me()).name == "leaver"
    agents.revoke_agent(app.state.store, "leaver", app.state.service.now())
    with pytest.raises(base.AgentRevoked):
        await backend.lookup_account(JANE)
    backend.use_agent_key(None)  # the member's own calls again
    assert (await backend.lookup_account(JANE)).captcha_waived is False


async def test_follow_up_errors(backends):
    app, backend = backends("default")
    session = await agent_registers(backend)
    with pytest.raises(base.SessionExpired):
        await backend.agent_registration_status("no-such-registration")
    other = agents.add_agent(app.state.store, app.state.keys, "other", app.state.service.now())
    backend.use_agent_key(other)
    with pytest.raises(base.NotAuthorized):
        await backend.set_agent_paperless(session.registration_id, True)


async def test_an_agents_rate_limit_is_reported_with_retry_after(backends):
    _app, backend = backends("default", agent_rate_limit_per_minute=2)
    with pytest.raises(base.RateLimited) as caught:
        for _ in range(5):
            await backend.agent_me()
    assert caught.value.retry_after and caught.value.retry_after > 0


@pytest.mark.parametrize("key", ["", "   ", "sha_with space", "sha_ñ", "sha_tab\there", "x" * 201])
def test_a_key_that_cannot_be_one_is_refused_before_sending(key):
    sent: list[httpx.Request] = []
    transport = httpx.MockTransport(lambda r: sent.append(r) or httpx.Response(500))
    backend = HttpBackend("http://example.invalid", transport=transport)
    with pytest.raises(base.AgentKeyInvalid):
        backend.use_agent_key(key)
    with pytest.raises(base.AgentKeyInvalid):
        HttpBackend("http://example.invalid", transport=transport, agent_key=key)
    assert sent == []


async def test_a_pasted_key_loses_its_newline_and_goes_in_the_header():
    seen: list[httpx.Request] = []

    def answer(r: httpx.Request) -> httpx.Response:
        seen.append(r)
        return httpx.Response(200, json={"name": "n", "rateLimitPerMinute": 1})

    backend = HttpBackend("http://x", transport=httpx.MockTransport(answer), agent_key=" sha_abc\n")
    await backend.agent_me()
    assert seen[0].url.path == AGENT_ME_PATH and seen[0].headers[AGENT_KEY_HEADER] == "sha_abc"
    backend.use_agent_key(None)
    await backend.agent_me()
    assert AGENT_KEY_HEADER not in seen[1].headers
    await backend.aclose()


LOOKUP_ANSWER = {
    "registrationId": "r",
    "expiresIn": 900,
    "accountNumberMasked": "****4567",
    "identityOptions": ["ssn4"],
    "identityAnswersRequired": 1,
    "ssnRequired": False,
    "hintQuestions": [],
    "captchaStyle": "checkbox",
}


@pytest.mark.parametrize(
    ("extra", "expected"),
    [({}, False), ({"captchaWaived": True}, True), ({"captchaWaived": "yes"}, base.ServerError), ({"captchaWaived": 1}, base.ServerError)],
)
async def test_captcha_waived_is_read_strictly_and_absent_means_false(extra, expected):
    transport = httpx.MockTransport(lambda r: httpx.Response(200, json=dict(LOOKUP_ANSWER, **extra)))
    backend = HttpBackend("http://x", transport=transport)
    if isinstance(expected, bool):
        assert (await backend.lookup_account(JANE)).captcha_waived is expected
    else:
        with pytest.raises(expected):
            await backend.lookup_account(JANE)
    await backend.aclose()


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ({"emailVerified": True, "passwordSet": False, "paperless": "no"}, base.ServerError),
        ({"emailVerified": True, "paperless": None}, base.ServerError),
        ({"code": "agent_revoked", "message": "m", "field": None}, base.AgentRevoked),
    ],
)
async def test_a_malformed_or_refused_status_is_a_domain_error(body, error):
    status = 403 if "code" in body else 200
    backend = HttpBackend("http://x", transport=httpx.MockTransport(lambda r: httpx.Response(status, json=body)))
    with pytest.raises(error):
        await backend.agent_registration_status("r")
    await backend.aclose()


async def test_clicked_acceptance_is_not_sent_so_a_server_without_agents_sees_the_same_request():
    bodies: list[dict[str, Any]] = []

    def answer(r: httpx.Request) -> httpx.Response:
        bodies.append(json.loads(r.content))
        receipt = {"email": "e@example.com", "verificationStyle": "link", "senderEmail": "s@example.com", "expiresMinutes": 10}
        return httpx.Response(201, json=receipt)

    backend = HttpBackend("http://x", transport=httpx.MockTransport(answer))
    await backend.complete_registration(RegistrationRequest("r", True, "v1"))
    await backend.complete_registration(RegistrationRequest("r", True, "v1", terms_acceptance=TermsAcceptance.SPOKEN))
    assert "termsAcceptance" not in bodies[0]
    assert bodies[1]["termsAcceptance"] == "spoken"
    await backend.aclose()


async def test_the_embedded_demo_works_in_agent_mode_with_no_set_up():
    backend = embedded_backend("pec", agent_key=DEMO_AGENT_KEY)
    try:
        assert (await backend.agent_me()).name == "demo-agent"
        session = await backend.lookup_account(AccountLookup("1000234567", "Doe", "a@example.com"))
        assert session.captcha_waived
    finally:
        await backend.aclose()
