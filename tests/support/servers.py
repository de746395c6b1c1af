"""The reference server on a real loopback socket, and the two ways a test reaches a server.

Why: the embedded backend talks to the server through `httpx.ASGITransport`,
which skips sockets, HTTP/1.1 parsing, header encoding and uvicorn; a test
parametrized over `Link`s (the `server_link` fixture in tests/conftest.py)
runs the same steps once in-process and once over real HTTP.

`LoopbackServer` is uvicorn in a thread, started once per test session on a
port the system picks.  It serves the apps the tests install (`serve(app)`
returns a tag; the link's transport sends it in a header, which the server
routes by and removes), so every test still gets a fresh server state (its
own in-memory database, clock, CAPTCHA texts), two apps can be reached at
once, and no test pays for a new uvicorn.  The socket is bound and listening before uvicorn starts, so a
request sent at once waits in the backlog: there is nothing to poll for.
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass, field
from typing import Any

import httpx

from smarthub_tui.contract import ErrorCode

LINKS = ("embedded", "http")
"""The transports a test is parametrized over: in-process ASGI, real HTTP on loopback."""


class LoopbackServer:
    """uvicorn on 127.0.0.1 in a daemon thread, forwarding every request to the app installed last."""

    def __init__(self) -> None:
        self._apps: dict[bytes, Any] = {}
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self.url = ""

    def start(self) -> None:
        import uvicorn

        from smarthub_tui.server.protocol import ContractH11Protocol

        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        sock.listen(128)
        self.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        config = uvicorn.Config(
            self._forward,
            http=ContractH11Protocol,  # as `smarthub-server` runs it
            ws="none",
            interface="asgi3",
            lifespan="off",  # each installed app is closed by the test that installed it
            log_level="warning",
            proxy_headers=False,
            server_header=False,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]}, name="loopback-server", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=10)
            assert not self._thread.is_alive(), "the loopback server did not stop"
        self._server = self._thread = None

    def serve(self, app: Any) -> str:
        """Install `app`; requests that carry the returned tag in `APP_HEADER` reach it."""
        tag = str(len(self._apps) + 1)
        self._apps[tag.encode()] = app
        return tag

    def forget(self) -> None:
        """Drop the installed apps (after a test), so their databases can go."""
        self._apps.clear()

    async def _forward(self, scope: Any, receive: Any, send: Any) -> None:
        headers = scope.get("headers", [])
        tag = next((value for name, value in headers if name == APP_HEADER), None)
        app = self._apps.get(tag) if tag is not None else None
        if app is None:
            body = b'{"code": "%s", "message": "No app is installed.", "field": null}' % ErrorCode.HTTP_ERROR.value.encode()
            await send({"type": "http.response.start", "status": 503, "headers": [(b"content-type", b"application/json")]})
            await send({"type": "http.response.body", "body": body})
            return
        await app(scope, receive, send)


APP_HEADER = b"x-test-app"
"""Which installed app a loopback request is for (the app sees it as any unknown header)."""


class _TaggedTransport(httpx.AsyncHTTPTransport):
    """Real HTTP over a socket, each request tagged for the app it is meant for."""

    def __init__(self, tag: str) -> None:
        super().__init__()
        self.tag = tag

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        request.headers[APP_HEADER.decode()] = self.tag
        return await super().handle_async_request(request)


@dataclass
class Link:
    """One way to reach a server app: `embedded` (ASGI in this process) or `http` (the loopback server)."""

    name: str
    loopback: LoopbackServer | None = None
    opened: list[httpx.AsyncBaseTransport] = field(default_factory=list)

    def connect(self, app: Any, *, client: tuple[str, int] = ("127.0.0.1", 40001)) -> tuple[httpx.AsyncBaseTransport, str]:
        """A transport and base URL that reach `app` this way (over loopback, `app` is installed on the server)."""
        if self.loopback is None:
            return httpx.ASGITransport(app=app, client=client), "http://test"
        transport = _TaggedTransport(self.loopback.serve(app))
        self.opened.append(transport)  # closed by `close`: a test's clients may share it, so none closes it
        return transport, self.loopback.url

    async def close(self) -> None:
        """Close the connections this link opened and drop its apps from the loopback server."""
        for transport in self.opened:
            await transport.aclose()
        self.opened.clear()
        if self.loopback is not None:
            self.loopback.forget()

    def __str__(self) -> str:
        return self.name
