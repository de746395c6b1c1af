"""Shared fixtures for the API tests: the reference server in-process, a fake clock, and a member who registers.

Why here: the server tests (test_server_*.py) and the HTTP client tests
(test_client_*.py) both need an app they control.  Everything is built with
the public `create_app`; the only test doors are the ones the factory
documents: an injectable clock, a CAPTCHA text source (so a test knows the
text without reading the image) and a lower proof-of-work difficulty (the
profile is data; a test profile may ask for less work).

Fixtures:
- `clock`: a `FakeClock`; call ``clock.advance(minutes=16)`` to expire things.
- `captcha_texts`: the text source given to the app; ``.last`` is the text of
  the newest text CAPTCHA.
- `make_app(profile="pec", **create_app_kwargs)`: a demo app using the two
  fixtures above (difficulty lowered to 4 bits), each on a new database of
  the test's `store_backend`: in-memory SQLite, or a fresh database on the
  suite's own PostgreSQL server (a copy of a migrated template, with a key).
- `store_backend`: "sqlite", or "postgresql" too for the test modules listed
  in `POSTGRES_MODULES` (every test in them runs once per backend).
- `postgres`: the session's `PostgresCluster` (tests/support/postgres.py),
  started on first use (one per xdist worker) and removed at the end.
- `cheap_profile(name, **changes)`: that profile, changed, with the cheap difficulty.
- `api`: ``await api(app)`` returns an `httpx.AsyncClient` on that app
  (closed at teardown).
- `member`: ``member(client, profile)`` returns a `Member`, whose methods
  walk the registration steps and return the raw `httpx.Response`.
  ``member.complete(body)`` takes a body in the shape of `Member.completion`
  (identity, CAPTCHA, hint and terms together) and walks the contract's
  three calls in order: identity, CAPTCHA answer (until one passes in this
  session), complete; it returns the first refusal or the complete answer.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from smarthub_tui import proof_of_work
from smarthub_tui.contract import (
    CAPTCHA_ANSWER_PATH,
    CAPTCHA_PATH,
    COMPLETE_PATH,
    IDENTITY_PATH,
    LOGIN_PATH,
    LOOKUP_PATH,
    OUTBOX_PATH,
    VERIFY_PATH,
    ErrorCode,
)
from smarthub_tui.profiles import CoopProfile, load_profile
from smarthub_tui.server.app import create_app
from smarthub_tui.server.store import Store
from tests.support.postgres import PostgresCluster

TEST_DIFFICULTY_BITS = 4

# The test modules whose every test runs on PostgreSQL as well as SQLite (the others: SQLite only,
# to keep the suite's time down; they exercise the same store methods through the same service).
POSTGRES_MODULES = frozenset(
    {
        "test_server_registration",
        "test_server_step_checks",
        "test_server_my_profile",
        "test_server_contacts",
        "test_server_password_reset",
        "test_server_errors",
        "test_server_outbox_secrets",
        "test_server_verify_link",
        "test_server_migrations",
        "test_server_postgres",
    }
)
BACKENDS = ("sqlite", "postgresql")
POSTGRES_TEMPLATE = "smarthub_template"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run the tests of `POSTGRES_MODULES` that build a server once per backend."""
    if "store_backend" in metafunc.fixturenames and metafunc.module.__name__.rsplit(".", 1)[-1] in POSTGRES_MODULES:
        metafunc.parametrize("store_backend", BACKENDS, indirect=True)


class FakeClock:
    """A clock that stands still until a test moves it."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        """Move time forward by a `timedelta(**delta)`."""
        self.now += timedelta(**delta)


class CaptchaTexts:
    """Hands out ``TEST01``, ``TEST02`` ... and remembers the last one."""

    def __init__(self) -> None:
        self.count = 0
        self.last = ""

    def __call__(self) -> str:
        self.count += 1
        self.last = f"TEST{self.count:02d}"
        return self.last


def cheap_profile(name_or_profile: str | CoopProfile = "pec", **changes: Any) -> CoopProfile:
    """A built-in profile with a cheap proof-of-work (and any other `changes`)."""
    profile = load_profile(name_or_profile) if isinstance(name_or_profile, str) else name_or_profile
    return profile.model_copy(update={"captchaDifficultyBits": TEST_DIFFICULTY_BITS, **changes})


@pytest.fixture(name="cheap_profile")
def cheap_profile_fixture() -> Callable[..., CoopProfile]:
    """``cheap_profile("default", ssnRequired=True)``: a built-in profile with changes, cheap proof-of-work."""
    return cheap_profile


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def captcha_texts() -> CaptchaTexts:
    return CaptchaTexts()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    """This worker's PostgreSQL server, with a migrated template database the tests' databases copy."""
    with PostgresCluster() as cluster:
        Store(cluster.create_database(POSTGRES_TEMPLATE)).close()
        yield cluster


@pytest.fixture
def store_backend(request: pytest.FixtureRequest) -> str:
    """The database the test's apps run on ("sqlite" unless the module is parametrized by backend)."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture
def new_database_url(store_backend: str, request: pytest.FixtureRequest) -> Iterator[Callable[[], str]]:
    """``new_database_url()``: the URL of a new, empty (migrated) database of the test's backend."""
    if store_backend == "sqlite":
        yield lambda: "sqlite://"
        return
    cluster: PostgresCluster = request.getfixturevalue("postgres")
    made: list[str] = []

    def new() -> str:
        name = f"t_{secrets.token_hex(6)}"
        made.append(name)
        return cluster.create_database(name, template=POSTGRES_TEMPLATE)

    yield new
    for name in made:
        cluster.drop_database(name)


@pytest.fixture
def make_app(
    clock: FakeClock, captcha_texts: CaptchaTexts, store_backend: str, new_database_url: Callable[[], str]
) -> Iterator[Callable[..., Any]]:
    apps: list[Any] = []

    def make(profile: str | CoopProfile = "pec", **kwargs: Any) -> Any:
        options: dict[str, Any] = {"demo": True, "clock": clock, "captcha_text_source": captcha_texts}
        if store_backend != "sqlite":
            # A database that is not in memory needs a key from outside it (an in-memory one makes its own).
            options.update(database_url=new_database_url(), secret_key=secrets.token_bytes(32))
        options.update(kwargs)
        app = create_app(profile=cheap_profile(profile), **options)
        apps.append(app)
        return app

    yield make
    if store_backend != "sqlite":
        for app in apps:
            app.state.store.close()


@pytest.fixture
async def api() -> AsyncIterator[Callable[..., Any]]:
    clients: list[httpx.AsyncClient] = []

    async def open_client(app: Any, **kwargs: Any) -> httpx.AsyncClient:
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app, **kwargs), base_url="http://test")
        clients.append(client)
        return client

    yield open_client
    for client in clients:
        await client.aclose()


# Identity answers that match each demo account, per option.
DEMO_IDENTITY = {
    "1000234567": {"billingZip": "78636", "mailingZip": "78636", "ssn4": "4321"},
    "2000345678": {"billingZip": "78620", "mailingZip": "78606", "ssn4": "1234"},
    "3000456789": {"billingZip": "78130", "ssn4": "5678"},
    "4000567890": {"billingZip": "78654"},
    "5000678901": {"mailingZip": "78669"},
    "6000789012": {"ssn4": "9876"},
    "70089012": {"billingZip": "78701", "mailingZip": "78701", "ssn4": "2468"},
    "8000901234": {"billingZip": "78610", "mailingZip": "78610", "ssn4": "1357"},
}


class Member:
    """Walks the registration steps against one client; each step returns the raw response."""

    def __init__(self, client: httpx.AsyncClient, profile: CoopProfile, captcha_texts: CaptchaTexts) -> None:
        self.client = client
        self.profile = profile
        self.captcha_texts = captcha_texts
        self.registration_id = ""
        self.session: dict[str, Any] = {}
        self.captcha_passed = False
        self.registered = False

    async def lookup(self, account: str, name: str, email: str, **extra: Any) -> httpx.Response:
        body = {"accountNumber": account, "lastNameOrBusiness": name, "email": email}
        if self.profile.confirmEmail:
            body["confirmEmail"] = email
        body.update(extra)
        response = await self.client.post(LOOKUP_PATH, json=body)
        if response.status_code == 200:
            self.session = response.json()
            self.registration_id = self.session["registrationId"]
            self.captcha_passed = False
            self.registered = False
        return response

    async def check_identity(self, identity: dict[str, str]) -> httpx.Response:
        """POST the identity answers at their own step."""
        body = {"registrationId": self.registration_id, "identity": identity}
        return await self.client.post(IDENTITY_PATH, json=body)

    async def answer_captcha(self, captcha_id: str, answer: str) -> httpx.Response:
        """POST the CAPTCHA answer at its own step; remembers when the session passed it."""
        body = {"registrationId": self.registration_id, "captchaId": captcha_id, "captchaAnswer": answer}
        response = await self.client.post(CAPTCHA_ANSWER_PATH, json=body)
        if response.status_code == 200 or response.json().get("code") == ErrorCode.IDENTITY_MISMATCH:
            self.captcha_passed = True
        return response

    async def captcha(self) -> tuple[str, str]:
        """Fetch a challenge and solve it: returns (captchaId, answer)."""
        response = await self.client.post(CAPTCHA_PATH, json={"registrationId": self.registration_id})
        assert response.status_code == 200, response.text
        challenge = response.json()
        if challenge["style"] == "text":
            return challenge["captchaId"], self.captcha_texts.last.lower()
        return challenge["captchaId"], proof_of_work.solve(challenge["challenge"], challenge["difficultyBits"])

    def completion(self, account: str, captcha_id: str, answer: str, **changes: Any) -> dict[str, Any]:
        """A complete-registration body with the right answers for `account`; `changes` override."""
        on_file = DEMO_IDENTITY[account]
        options = [o for o in self.session.get("identityOptions", self.profile.identityOptions) if o in on_file]
        wanted = options[: self.profile.identityAnswersRequired]
        if self.profile.ssnRequired and "ssn4" not in wanted:
            wanted = ["ssn4", *wanted[:-1]]
        body: dict[str, Any] = {
            "registrationId": self.registration_id,
            "identity": {option: on_file[option] for option in wanted},
            "captchaId": captcha_id,
            "captchaAnswer": answer,
            "termsAccepted": True,
            "termsVersion": self.profile.terms.version,
        }
        if self.profile.asks_hint_question:
            body["hintQuestion"] = self.profile.securityQuestionsListBox[1]
            body["hintAnswer"] = "Rex the Dog"
        body.update(changes)
        return body

    async def complete(self, body: dict[str, Any], **headers: str) -> httpx.Response:
        """Walk identity, CAPTCHA (once passed, not again) and complete; the first refusal or the answer.

        Once the session registered, only the complete call is resent (a retry of the submit).
        """
        body = dict(body)
        identity = body.pop("identity", None)
        captcha_id, answer = body.pop("captchaId", None), body.pop("captchaAnswer", None)
        if self.registered:
            return await self.client.post(COMPLETE_PATH, json=body, headers=headers)
        if identity is not None:
            response = await self.client.post(
                IDENTITY_PATH,
                json={"registrationId": body["registrationId"], "identity": identity},
            )
            if response.status_code != 200:
                return response
        if captcha_id is not None and not self.captcha_passed:
            response = await self.answer_captcha(captcha_id, answer)
            if response.status_code != 200:
                return response
        response = await self.client.post(COMPLETE_PATH, json=body, headers=headers)
        self.registered = response.status_code == 201
        return response

    async def register(self, account: str, name: str, email: str) -> httpx.Response:
        """Lookup, CAPTCHA and complete in one go; returns the complete response."""
        response = await self.lookup(account, name, email)
        assert response.status_code == 200, response.text
        captcha_id, answer = await self.captcha()
        return await self.complete(self.completion(account, captcha_id, answer))

    async def inbox(self, email: str) -> list[dict[str, Any]]:
        response = await self.client.get(OUTBOX_PATH, params={"to": email})
        assert response.status_code == 200, response.text
        return response.json()["messages"]

    async def credential(self, email: str) -> str:
        """The Verify Account code or temporary password from the newest e-mail to `email`."""
        body = (await self.inbox(email))[0]["body"]
        if self.profile.verificationStyle == "link":
            return re.search(r"token=([0-9A-Z-]+)", body).group(1)
        return re.search(r"^\s{4}(\S+)$", body, re.MULTILINE).group(1)

    async def sign_in(self, email: str) -> httpx.Response:
        """Verify the code, or log in with the temporary password, from the e-mail."""
        secret = await self.credential(email)
        if self.profile.verificationStyle == "link":
            return await self.client.post(VERIFY_PATH, json={"token": secret})
        return await self.login(email, secret)

    async def login(self, user_id: str, password: str) -> httpx.Response:
        return await self.client.post(LOGIN_PATH, data={"userId": user_id, "password": password})


def auth_headers(auth: dict[str, Any]) -> dict[str, Any]:
    """The headers of a secured call for an AuthResult."""
    return {
        "Authorization": f"Bearer {auth['authorizationToken']}",
        "X-NISC-SMARTHUB-USERNAME": auth["userId"].encode("utf-8"),  # an e-mail may be non-ASCII
    }


@pytest.fixture
def member(captcha_texts: CaptchaTexts) -> Callable[[httpx.AsyncClient, str | CoopProfile], Member]:
    def make(client: httpx.AsyncClient, profile: str | CoopProfile = "pec") -> Member:
        return Member(client, cheap_profile(profile), captcha_texts)

    return make


@pytest.fixture
def secured() -> Callable[[dict[str, Any]], dict[str, Any]]:
    """``secured(auth)``: the Authorization and username headers for an AuthResult."""
    return auth_headers
