"""The test transport: the reference server behind `httpx.ASGITransport`, failing on demand.

Why apart from the Pilot driver: it is Textual-free, and the functional tests,
the snapshot tests and the transport fixtures (tests/conftest.py) all put it
between the app's real `HttpBackend` and the server.  For a path it can, on
demand, refuse the connection, time out, answer 500, answer garbage, or
answer a chosen body; `clear()` lets requests through again.  Paths come
from `smarthub_tui.contract`; `PATHS` only gives them the short names the
tests use.
"""

from __future__ import annotations

import asyncio
import base64
import json
from typing import Any

import httpx

from smarthub_tui import contract

CAPTCHA_TEXT = "ABC234"
"""What every text CAPTCHA says in tests (the server's injectable text source)."""

FAILURES = ("unreachable", "timeout", "500", "garbage", "dropped")
"""The ways an answer can fail to come, as `FaultyTransport.fail` takes them (dropped: the server hung up)."""

PATHS = {  # the short names tests use, to the contract's paths
    "settings": contract.SETTINGS_PATH,
    "lookup": contract.LOOKUP_PATH,
    "identity": contract.IDENTITY_PATH,
    "captcha": contract.CAPTCHA_PATH,
    "captcha_answer": contract.CAPTCHA_ANSWER_PATH,
    "complete": contract.COMPLETE_PATH,
    "verify": contract.VERIFY_PATH,
    "login": contract.LOGIN_PATH,
    "password": contract.PASSWORD_PATH,
    "paperless": contract.PAPERLESS_PATH,
    "phrase": contract.PHRASE_PATH,
    "summary": contract.SUMMARY_PATH,
    "outbox": contract.OUTBOX_PATH,
}


def fixed_captcha_png(text: str = CAPTCHA_TEXT, columns: int | None = None, rows: int | None = None) -> bytes:
    """The server's own picture for `columns` x `rows` cells, its randomness fixed, so it is the same on every run."""
    import random

    from smarthub_tui.server import captcha

    return captcha.render_png(text, columns=columns, rows=rows, rng=random.Random(7))


class FaultyTransport(httpx.AsyncBaseTransport):
    """An ASGI transport to the reference server that fails on demand, per path."""

    def __init__(
        self, app: Any, *, fixed_picture: bool = False, inner: httpx.AsyncBaseTransport | None = None, base_url: str = "http://test"
    ) -> None:
        # `inner` reaches the server another way (real HTTP on loopback: tests/support/servers.py).
        self.inner = inner or httpx.ASGITransport(app=app, client=("127.0.0.1", 40001))
        self.base_url = base_url
        self.failures: dict[str, str] = {}
        self.replies: dict[str, tuple[int, Any]] = {}
        self.lose_answer_once: set[str] = set()
        self.held: dict[str, asyncio.Event] = {}
        self.fixed_picture = fixed_picture
        self.seen: list[tuple[str, str]] = []

    def fail(self, path: str, kind: str) -> None:
        """Make requests to `path` fail: `unreachable`, `timeout`, `500`, `garbage` or `dropped`."""
        assert kind in FAILURES, kind
        self.failures[path] = kind

    def reply(self, path: str, status: int, body: Any) -> None:
        """Answer requests to `path` with `body` (JSON) and `status`, without asking the server."""
        self.replies[path] = (status, body)

    def lose_answer(self, path: str) -> None:
        """Let the next request to `path` reach the server, then lose its answer (a read timeout)."""
        self.lose_answer_once.add(path)

    def hold(self, path: str) -> asyncio.Event:
        """Make requests to `path` wait (a slow server) until the returned event is set."""
        self.held[path] = asyncio.Event()
        return self.held[path]

    def clear(self) -> None:
        """Let every request through again."""
        self.failures.clear()
        self.replies.clear()
        self.lose_answer_once.clear()
        for event in self.held.values():
            event.set()
        self.held.clear()

    def count(self, path: str) -> int:
        """How many requests went to `path` (failed ones included)."""
        return sum(1 for _, seen in self.seen if seen == path)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        self.seen.append((request.method, path))
        if path in self.held:
            await self.held[path].wait()
        kind = self.failures.get(path)
        if kind == "unreachable":
            raise httpx.ConnectError("connection refused", request=request)
        if kind == "timeout":
            raise httpx.ReadTimeout("timed out", request=request)
        if kind == "dropped":
            raise httpx.RemoteProtocolError("Server disconnected without sending a response.", request=request)
        if kind == "500":
            return httpx.Response(500, text="Internal Server Error", request=request)
        if kind == "garbage":
            return httpx.Response(200, content=b"<html>\x00\xffnot json", request=request)
        if path in self.replies:
            status, body = self.replies[path]
            return httpx.Response(status, json=body, request=request)
        response = await self.inner.handle_async_request(request)
        if path in self.lose_answer_once:
            self.lose_answer_once.discard(path)
            await response.aread()
            raise httpx.ReadTimeout("the answer was lost", request=request)
        if self.fixed_picture and path == PATHS["captcha"] and response.status_code == 200:
            await response.aread()
            body = json.loads(response.content)
            if body.get("style") == "text":
                asked = json.loads(request.content or b"{}")
                png = fixed_captcha_png(columns=asked.get("columns"), rows=asked.get("rows"))
                body["imagePng"] = base64.b64encode(png).decode()
            return httpx.Response(200, json=body, request=request)
        return response
