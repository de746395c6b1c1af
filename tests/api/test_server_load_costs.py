"""What one registration costs the server, where it costs it, and that the faster paths keep every check.

Why: under load the server's throughput is set by its argon2 work and by
how long each request holds the database's write lock.  bench/load.py
divides the argon2 ceiling by the hashes one registration needs
(`HASHES_PER_REGISTRATION`): the first test counts them.  argon2 work inside
a transaction holds the lock (and, in one process, every other request) for
tens of milliseconds: the second test finds any.  The rest check that what
is computed outside a transaction is checked again inside it.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from bench.load import HASHES_PER_REGISTRATION
from smarthub_tui import proof_of_work
from smarthub_tui.contract import (
    CAPTCHA_ANSWER_PATH,
    CAPTCHA_PATH,
    COMPLETE_PATH,
    IDENTITY_PATH,
    LOGIN_PATH,
    LOOKUP_PATH,
    OUTBOX_PATH,
    PAPERLESS_PATH,
    PASSWORD_PATH,
    PHRASE_PATH,
    SETTINGS_PATH,
    SUMMARY_PATH,
    VERIFY_PATH,
    ErrorCode,
)
from smarthub_tui.server import security
from smarthub_tui.server.store import Store
from tests.api.conftest import BACKENDS, auth_headers

# The tests that build a server run on both databases: PostgreSQL has no process lock, only row locks.
on_both_databases = pytest.mark.parametrize("store_backend", BACKENDS, indirect=True)

EMAIL = "load.member@example.com"
PASSWORD = "kettle sings at noon"


class ArgonWatch:
    """Wraps the server's argon2 hasher: counts hashes and verifications, and those made inside a transaction."""

    def __init__(self, hasher: Any) -> None:
        self._hasher = hasher
        self.calls: list[tuple[str, bool]] = []
        self.during_hash: Any = None
        self._depth = threading.local()

    def in_transaction(self) -> bool:
        return getattr(self._depth, "value", 0) > 0

    @contextmanager
    def transaction_of(self, original: Any, store: Store, **kwargs: Any) -> Iterator[Any]:
        self._depth.value = getattr(self._depth, "value", 0) + 1
        try:
            with original(store, **kwargs) as tx:
                yield tx
        finally:
            self._depth.value -= 1

    def hash(self, value: str) -> str:
        self.calls.append(("hash", self.in_transaction()))
        if self.during_hash is not None:
            action, self.during_hash = self.during_hash, None
            action()
        return str(self._hasher.hash(value))

    def verify(self, stored: str, value: str) -> bool:
        self.calls.append(("verify", self.in_transaction()))
        return bool(self._hasher.verify(stored, value))

    def check_needs_rehash(self, stored: str) -> bool:
        """Not a hash: the demo seed asks it of its precomputed hashes (when it runs first in this process)."""
        return bool(self._hasher.check_needs_rehash(stored))


@pytest.fixture
def argon(monkeypatch: pytest.MonkeyPatch) -> ArgonWatch:
    watch = ArgonWatch(security._HASHER)
    security._dummy_hash()  # made once per process; not a registration's cost
    original = Store.transaction
    monkeypatch.setattr(security, "_HASHER", watch)
    monkeypatch.setattr(Store, "transaction", lambda store, **kwargs: watch.transaction_of(original, store, **kwargs))
    return watch


async def _registered_and_verified(client: Any) -> dict[str, Any]:
    """A `default` member through lookup, CAPTCHA, identity, complete, outbox and verify: the verify answer."""
    settings = (await client.get(SETTINGS_PATH)).json()
    body = {"accountNumber": "1000234567", "lastNameOrBusiness": "Doe", "email": EMAIL, "confirmEmail": EMAIL}
    session = (await client.post(LOOKUP_PATH, json=body)).json()
    registration_id = session["registrationId"]
    challenge = (await client.post(CAPTCHA_PATH, json={"registrationId": registration_id})).json()
    nonce = proof_of_work.solve(challenge["challenge"], challenge["difficultyBits"])
    identity = {"registrationId": registration_id, "identity": {"billingZip": "78636"}}
    assert (await client.post(IDENTITY_PATH, json=identity)).status_code == 200
    answer = {"registrationId": registration_id, "captchaId": challenge["captchaId"], "captchaAnswer": nonce}
    assert (await client.post(CAPTCHA_ANSWER_PATH, json=answer)).status_code == 200
    complete = {"registrationId": registration_id, "termsAccepted": True, "termsVersion": settings["profile"]["terms"]["version"]}
    assert (await client.post(COMPLETE_PATH, json=complete)).status_code == 201
    mail = (await client.get(OUTBOX_PATH, params={"to": EMAIL})).json()["messages"][0]["body"]
    code = re.search(r"token=([0-9A-Z-]+)", mail).group(1)  # type: ignore[union-attr]
    verified = await client.post(VERIFY_PATH, json={"token": code})
    assert verified.status_code == 200, verified.text
    return dict(verified.json())


def _new_password(password: str = PASSWORD) -> dict[str, Any]:
    return {"newPassword": password, "confirmPassword": password}


@on_both_databases
async def test_a_default_registration_costs_its_counted_hashes_none_inside_a_transaction(make_app, api, argon):
    client = await api(make_app("default"))
    argon.calls.clear()  # the demo seed hashed its accounts' SSN4s at start: not a registration's cost
    auth = await _registered_and_verified(client)
    changed = await client.post(PASSWORD_PATH, json=_new_password(), headers=auth_headers(auth))
    assert changed.status_code == 200, changed.text
    auth = changed.json()
    assert (await client.put(PAPERLESS_PATH, json={"paperless": True}, headers=auth_headers(auth))).status_code == 200
    assert (await client.put(PHRASE_PATH, json={"phrase": "blue kettle at noon"}, headers=auth_headers(auth))).status_code == 200
    assert (await client.get(SUMMARY_PATH, headers=auth_headers(auth))).status_code == 200

    assert len(argon.calls) == HASHES_PER_REGISTRATION
    assert [kind for kind, inside in argon.calls if inside] == []


@on_both_databases
async def test_a_wrong_current_password_is_verified_outside_the_transaction_and_still_counted(make_app, api, argon):
    client = await api(make_app("default"))
    auth = await _registered_and_verified(client)
    auth = (await client.post(PASSWORD_PATH, json=_new_password(), headers=auth_headers(auth))).json()
    login = await client.post(LOGIN_PATH, data={"userId": EMAIL, "password": PASSWORD})
    auth = login.json()
    argon.calls.clear()

    wrong = {"currentPassword": "not the password at all", **_new_password("a brand new passphrase")}
    refused = await client.post(PASSWORD_PATH, json=wrong, headers=auth_headers(auth))

    assert refused.status_code == 401, refused.text
    assert refused.json()["code"] == ErrorCode.INVALID_CREDENTIALS
    assert argon.calls and [kind for kind, inside in argon.calls if inside] == []
    store: Store = client._transport.app.state.store  # type: ignore[attr-defined]
    with store.transaction() as tx:
        assert tx.failure(security.user_scope(EMAIL)) is not None
    again = await client.post(LOGIN_PATH, data={"userId": EMAIL, "password": PASSWORD})
    assert again.status_code == 200, "the old password still works: nothing was written"


@on_both_databases
async def test_a_session_ended_while_the_new_password_hashes_is_refused_and_nothing_is_written(make_app, api, argon):
    app = make_app("default")
    client = await api(app)
    auth = await _registered_and_verified(client)
    store: Store = app.state.store

    def sign_out_everywhere() -> None:
        with store.transaction() as tx:
            user = tx.user_by_email_key(EMAIL)
            tx.revoke_tokens_of_user(user.id, app.state.service.now())

    argon.during_hash = sign_out_everywhere
    refused = await client.post(PASSWORD_PATH, json=_new_password(), headers=auth_headers(auth))

    assert refused.status_code == 401, refused.text
    assert refused.json()["code"] == ErrorCode.NOT_AUTHORIZED
    with store.transaction() as tx:
        assert tx.user_by_email_key(EMAIL).password_hash is None


@on_both_databases
async def test_a_password_changed_elsewhere_while_hashing_is_judged_again_inside(make_app, api, argon):
    """The current password was checked against a hash that another request replaced: judged again, refused."""
    app = make_app("default")
    client = await api(app)
    auth = await _registered_and_verified(client)
    auth = (await client.post(PASSWORD_PATH, json=_new_password(), headers=auth_headers(auth))).json()
    auth = (await client.post(LOGIN_PATH, data={"userId": EMAIL, "password": PASSWORD})).json()
    store: Store = app.state.store
    other_hash = security._HASHER._hasher.hash("someone else's new password")  # type: ignore[attr-defined]

    def replaced_elsewhere() -> None:
        with store.transaction() as tx:
            tx.update_user(tx.user_by_email_key(EMAIL).id, password_hash=other_hash)

    argon.during_hash = replaced_elsewhere
    body = {"currentPassword": PASSWORD, **_new_password("a brand new passphrase")}
    refused = await client.post(PASSWORD_PATH, json=body, headers=auth_headers(auth))

    assert refused.status_code == 401, refused.text
    assert refused.json()["code"] == ErrorCode.INVALID_CREDENTIALS
    with store.transaction() as tx:
        assert tx.user_by_email_key(EMAIL).password_hash == other_hash


@on_both_databases
async def test_the_rate_limit_counts_with_one_upsert_and_forgets_old_minutes(make_app, api, clock):
    """One statement counts a request; the minutes before the current one are deleted once it starts."""
    app = make_app("pec", rate_limit_per_minute=3)
    client = await api(app)
    other = await api(app, client=("10.0.0.7", 1234))
    clock.now = clock.now.replace(second=0)
    assert [(await client.get(SETTINGS_PATH)).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert (await other.get(SETTINGS_PATH)).status_code == 200
    store: Store = app.state.store
    with store.transaction() as tx:
        assert tx.count_rows("rate_windows") == 2
        assert tx.bump_request_count("client:test", 60) == 1
        assert tx.bump_request_count("client:test", 60) == 2
    clock.advance(minutes=2)
    assert (await client.get(SETTINGS_PATH)).status_code == 200
    with store.transaction() as tx:
        assert tx.count_rows("rate_windows") == 1


class _HeldHasher:
    """A stand-in hasher whose every call waits until released, counting how many run at once."""

    def __init__(self) -> None:
        self.running = 0
        self.most = 0
        self.changed = threading.Condition()
        self.release = threading.Event()

    def hash(self, _value: str) -> str:
        with self.changed:
            self.running += 1
            self.most = max(self.most, self.running)
            self.changed.notify_all()
        self.release.wait(timeout=10)
        with self.changed:
            self.running -= 1
        return "held"


def test_no_more_argon2_computations_at_once_than_cores(monkeypatch):
    held = _HeldHasher()
    monkeypatch.setattr(security, "_HASHER", held)
    threads = [threading.Thread(target=security.hash_secret, args=("x",)) for _ in range(security.ARGON2_SLOTS + 4)]
    for thread in threads:
        thread.start()
    with held.changed:
        assert held.changed.wait_for(lambda: held.running >= security.ARGON2_SLOTS, timeout=5)
        # Were the slots not enforced, the other threads would be in within this time.
        overflowed = held.changed.wait_for(lambda: held.running > security.ARGON2_SLOTS, timeout=0.5)
    held.release.set()
    for thread in threads:
        thread.join(timeout=10)
    assert not overflowed
    assert held.most == security.ARGON2_SLOTS


async def test_the_server_gives_its_routes_more_threads_than_argon2_slots(make_app):
    import anyio.to_thread

    from smarthub_tui.server.app import REQUEST_THREADS

    app = make_app("default")
    limiter = anyio.to_thread.current_default_thread_limiter()
    before = limiter.total_tokens
    try:
        async with app.router.lifespan_context(app):
            assert limiter.total_tokens >= REQUEST_THREADS > security.ARGON2_SLOTS
    finally:
        limiter.total_tokens = before


@on_both_databases
async def test_a_login_verifies_outside_the_transaction_and_judges_again_when_the_password_changed(make_app, api, argon):
    app = make_app("default")
    client = await api(app)
    auth = await _registered_and_verified(client)
    assert (await client.post(PASSWORD_PATH, json=_new_password(), headers=auth_headers(auth))).status_code == 200
    argon.calls.clear()
    assert (await client.post(LOGIN_PATH, data={"userId": EMAIL, "password": PASSWORD})).status_code == 200
    assert [kind for kind, _ in argon.calls] == ["verify", "verify"]
    assert [kind for kind, inside in argon.calls if inside] == []

    store: Store = app.state.store
    other_hash = security._HASHER._hasher.hash("someone else's new password")  # type: ignore[attr-defined]
    original_verify = argon.verify

    def verify_then_replace(stored: str, value: str) -> bool:
        argon.verify = original_verify  # type: ignore[method-assign]
        verdict = original_verify(stored, value)
        with store.transaction() as tx:
            tx.update_user(tx.user_by_email_key(EMAIL).id, password_hash=other_hash)
        return verdict

    argon.verify = verify_then_replace  # type: ignore[method-assign]
    refused = await client.post(LOGIN_PATH, data={"userId": EMAIL, "password": PASSWORD})
    assert refused.status_code == 401, "the old password was judged against the hash stored now"
    assert refused.json()["code"] == ErrorCode.INVALID_CREDENTIALS


@on_both_databases
async def test_an_ssn4_answer_is_verified_outside_the_transaction(make_app, api, argon, cheap_profile):
    client = await api(make_app(cheap_profile("default", ssnRequired=True)))
    argon.calls.clear()
    body = {"accountNumber": "1000234567", "lastNameOrBusiness": "Doe", "email": EMAIL, "confirmEmail": EMAIL}
    registration_id = (await client.post(LOOKUP_PATH, json=body)).json()["registrationId"]
    argon.calls.clear()
    identity = {"registrationId": registration_id, "identity": {"ssn4": "4321"}}
    held = await client.post(IDENTITY_PATH, json=identity)
    assert held.status_code == 200, held.text
    assert [kind for kind, _ in argon.calls] == ["verify"]
    assert [kind for kind, inside in argon.calls if inside] == []


@on_both_databases
async def test_a_pec_registration_hashes_its_hint_answer_and_temporary_password_outside_the_transaction(
    make_app, api, member, argon
):
    client = await api(make_app("pec"))
    argon.calls.clear()
    m = member(client, "pec")
    receipt = await m.register("5000678901", "garcía", "pec.load@example.com")
    assert receipt.status_code == 201, receipt.text
    assert [kind for kind, inside in argon.calls if inside] == []
    assert [kind for kind, _ in argon.calls].count("hash") == 2  # the hint answer, the temporary password
    signed_in = await m.sign_in("pec.load@example.com")
    assert signed_in.status_code == 200, "the temporary password e-mailed is the one hashed outside"


@on_both_databases
async def test_a_made_up_session_costs_no_argon2_at_complete(make_app, api, argon):
    client = await api(make_app("pec"))
    argon.calls.clear()
    body = {"registrationId": "made-up", "termsAccepted": True, "termsVersion": "x", "hintQuestion": "q", "hintAnswer": "a"}
    refused = await client.post(COMPLETE_PATH, json=body)
    assert refused.status_code == 410, refused.text
    assert argon.calls == []


@pytest.mark.parametrize("store_backend", ["postgresql"], indirect=True)
async def test_checking_a_lockout_does_not_wait_for_a_counter_another_request_holds(make_app, api):
    """A lookup only reads its address's counter: holding it there deadlocked against requests holding the account.

    Here another transaction holds the counter of the lookup's address (as a
    request counting a failure would); the lookup must not wait for it.
    """
    import asyncio

    app = make_app("default")
    client = await api(app)
    store: Store = app.state.store
    body = {"accountNumber": "1000234567", "lastNameOrBusiness": "Doe", "email": EMAIL, "confirmEmail": EMAIL}
    with store.transaction() as tx:
        tx.failure(security.client_scope("127.0.0.1"))
        answered = await asyncio.wait_for(client.post(LOOKUP_PATH, json=body), timeout=20)
    assert answered.status_code == 200, answered.text
