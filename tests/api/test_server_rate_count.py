"""The rate-limit count made in the route's own thread-pool hop: one hop per request, and the limit still answers first.

Why: counting a request is a database write, so it runs in a worker thread;
made on arrival it cost every request a hop of its own before the route's.
`GuardMiddleware` now leaves the count pending and the route makes it first
thing in its hop (`take_pending_count`); whatever answers without a route
(a refusal by the guard, a 404, a 422, a refused token) counts it before its
answer starts.  A client over its limit must still get exactly the 429 it got
before, byte for byte, and nothing the route does may happen.
"""

from __future__ import annotations

import json
from typing import Any

import anyio.to_thread
import pytest

from smarthub_tui.contract import LOOKUP_PATH, SETTINGS_PATH, SUMMARY_PATH, ErrorCode
from smarthub_tui.server.errors import rate_limited
from tests.api.conftest import auth_headers

LOOKUP = {"accountNumber": "1000234567", "lastNameOrBusiness": "Doe", "email": "ana@example.com", "confirmEmail": "ana@example.com"}


@pytest.fixture
def hops(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The functions the server hands to its thread pool, by name, in order."""
    calls: list[str] = []
    original = anyio.to_thread.run_sync

    async def counted(function: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(getattr(function, "__name__", None) or getattr(getattr(function, "func", None), "__name__", "?"))
        return await original(function, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counted)
    return calls


async def test_a_route_counts_the_request_and_does_its_work_in_one_hop(make_app, api, hops):
    client = await api(make_app("default", rate_limit_per_minute=100))
    hops.clear()
    assert (await client.get(SETTINGS_PATH)).status_code == 200
    assert len(hops) == 1, hops
    hops.clear()
    assert (await client.post(LOOKUP_PATH, json=LOOKUP)).status_code == 200
    assert len(hops) == 1, hops


async def _over_the_limit(make_app: Any, api: Any, clock: Any) -> Any:
    client = await api(make_app("default", rate_limit_per_minute=2))
    clock.now = clock.now.replace(second=15)
    for _ in range(2):
        assert (await client.get(SETTINGS_PATH)).status_code == 200
    return client


EXPECTED_429 = rate_limited(45)


@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("GET", SETTINGS_PATH, {}),  # a route
        ("POST", LOOKUP_PATH, {"json": LOOKUP}),  # a route that would write
        ("GET", "/no/such/path", {}),  # 404, no route
        ("POST", LOOKUP_PATH, {"content": b"{}", "headers": {"content-type": "text/plain"}}),  # the guard's 400
        ("POST", LOOKUP_PATH, {"json": {"accountNumber": 5}}),  # 422 before the route
        ("GET", SUMMARY_PATH, {"headers": auth_headers({"authorizationToken": "not-a-token", "userId": "ana@example.com"})}),  # 401
    ],
    ids=["route", "writing-route", "not-found", "guard-refusal", "validation", "bad-token"],
)
async def test_over_the_limit_every_request_gets_the_same_429_bytes_and_nothing_is_done(
    make_app, api, clock, method, path, kwargs
):
    client = await _over_the_limit(make_app, api, clock)
    store = client._transport.app.state.store
    with store.transaction() as tx:
        sessions_before = tx.count_rows("registration_sessions")

    response = await client.request(method, path, **kwargs)

    assert response.status_code == 429
    assert response.json()["code"] == ErrorCode.RATE_LIMITED
    # The very bytes and headers the guard sent when it counted on arrival.
    assert response.content == json.dumps(EXPECTED_429.body()).encode()
    assert [(name, value) for name, value in response.headers.items() if name != "date"] == [
        ("content-type", "application/json"),
        ("content-length", str(len(response.content))),
        ("retry-after", "45"),
    ]
    with store.transaction() as tx:
        assert tx.count_rows("registration_sessions") == sessions_before
