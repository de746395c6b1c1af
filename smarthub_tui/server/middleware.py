"""The guard in front of every route: rate limit, body size, content type, UTF-8, and no 500 with details.

Why a plain ASGI middleware rather than FastAPI features: these checks must
hold for every request before any route sees it, and answer in the
contract's error shape.

- **Rate limit**: each client address gets a budget of requests per minute,
  counted in the database so that all server processes share it; over it,
  ``429 rate_limited`` with ``Retry-After``.
- **Body size**: a declared ``Content-Length`` over the limit is refused at
  once; otherwise the body is read and counted as it streams, and refused
  the moment it passes the limit (``413 body_too_large``).  The body, at most
  64 KiB, is then replayed to the app.
- **Content type and encoding**: routes that take JSON need a JSON media
  type, the login needs a form; every body must be UTF-8
  (``400 malformed_request``).
- **Agent key**: a request with the ``X-SmartHub-Agent-Key`` header is the
  agent's: the key is checked before anything else (``401 agent_key_invalid``,
  ``403 agent_revoked``), and the request is counted against the agent's own
  budget instead of its address's (a call centre shares one address).  The
  agent is then the request's "client" for every per-client count (see
  `client_address`).  The key itself is never logged.
- **Unexpected exceptions** become ``500 internal_error`` with no details,
  and the log line names only the exception type and where it was raised:
  an exception message may quote what the client sent, and that may be a
  secret.
"""

from __future__ import annotations

import json
import logging
import traceback
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from typing import Any

import anyio

from smarthub_tui.contract import AGENT_KEY_HEADER

from .errors import ApiError, body_too_large, internal_error, malformed

log = logging.getLogger("smarthub_tui.server")

MAX_BODY_BYTES = 64 * 1024
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
JSON = "json"
FORM = "form"

Scope = MutableMapping[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


AGENT_SCOPE_KEY = "smarthub.agent"
"""Where an admitted agent (`agents.AgentContext`) is kept in the ASGI scope for the routes."""
AGENT_KEY_HEADER_LOWER = AGENT_KEY_HEADER.lower()


def client_address(scope: Scope) -> str:
    """The peer address of the request (proxy headers are not trusted), or ``agent:<id>`` for an agent's call.

    Why the agent in place of the address: many agents share a call
    centre's address, so its lockout and rate budget would be spent by all
    of them together; each agent's are its own.
    """
    agent = scope.get(AGENT_SCOPE_KEY)
    if agent is not None:
        return str(agent.scope)
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


async def send_error(send: Send, error: ApiError) -> None:
    """Answer with the contract's error body."""
    payload = json.dumps(error.body()).encode("utf-8")
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]
    headers += [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in error.headers.items()]
    await send({"type": "http.response.start", "status": error.status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


class _ResponseTracker:
    """Wraps `send` to remember whether the answer has started (after which no error can be sent)."""

    def __init__(self, send: Send) -> None:
        self._send = send
        self.started = False

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.started = True
        await self._send(message)


class _Disconnected(Exception):
    """The client went away while sending its body."""


class GuardMiddleware:
    """Rate limit, size limit, content-type and UTF-8 checks, and a last-resort 500."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        count_request: Callable[[str], None],
        body_kinds: Mapping[str, str],
        exempt_paths: frozenset[str] = frozenset(),
        max_body_bytes: int = MAX_BODY_BYTES,
        admit_agent: Callable[[str, str], Any] | None = None,
    ) -> None:
        self.app = app
        self.admit_agent = admit_agent
        self.count_request = count_request
        self.body_kinds = dict(body_kinds)
        self.exempt_paths = exempt_paths
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        tracker = _ResponseTracker(send)
        try:
            await self._guarded(scope, receive, tracker.send)
        except _Disconnected:
            return
        except ApiError as error:
            if not tracker.started:
                await send_error(tracker.send, error)
        except Exception as error:  # noqa: BLE001 - the last resort: log the type only, answer 500
            log.error("internal error: %s at %s", type(error).__name__, _where(error))
            if not tracker.started:
                await send_error(tracker.send, internal_error())

    async def _guarded(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = _headers(scope)
        agent_key = headers.get(AGENT_KEY_HEADER_LOWER) if self.admit_agent is not None else None
        if agent_key is not None and self.admit_agent is not None:
            # Checked (and counted) before anything else, on every path: a bad key makes no progress.
            scope[AGENT_SCOPE_KEY] = await anyio.to_thread.run_sync(self.admit_agent, agent_key, client_address(scope))
        elif scope["path"] not in self.exempt_paths:
            await anyio.to_thread.run_sync(self.count_request, client_address(scope))
        declared = headers.get("content-length")
        if declared is not None:
            if not (declared.isascii() and declared.isdigit()):  # "²" is a digit to str.isdigit, not to int()
                raise malformed("The Content-Length header is not a number.")
            if int(declared) > self.max_body_bytes:
                raise body_too_large(self.max_body_bytes)
        body = await self._read_body(receive)
        kind = self.body_kinds.get(scope["path"]) if scope["method"] in BODY_METHODS else None
        if kind is not None:
            _check_body(kind, headers.get("content-type", ""), body)
        await self.app(scope, _replaying(body, receive), send)

    async def _read_body(self, receive: Receive) -> bytes:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise _Disconnected
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                raise body_too_large(self.max_body_bytes)
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


def _headers(scope: Scope) -> dict[str, str]:
    return {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope.get("headers", [])}


def _check_body(kind: str, content_type: str, body: bytes) -> None:
    """Refuse an empty body, the wrong media type, a charset other than UTF-8, or bytes that are not UTF-8."""
    media_type, _, parameters = content_type.partition(";")
    media_type = media_type.strip().lower()
    if not body:
        raise malformed("The request has no body.")
    if kind == JSON and not (media_type == "application/json" or media_type.endswith("+json")):
        raise malformed("Send the request body as JSON (Content-Type: application/json).")
    if kind == FORM and media_type not in {"application/x-www-form-urlencoded", "multipart/form-data"}:
        raise malformed("Send the login as a form (Content-Type: application/x-www-form-urlencoded).")
    charset = _charset(parameters)
    if charset not in (None, "utf-8", "utf8"):
        raise malformed("Encode the request body as UTF-8.")
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        raise malformed("The request body is not valid UTF-8.") from None


def _charset(parameters: str) -> str | None:
    for parameter in parameters.split(";"):
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return None


def _replaying(body: bytes, receive: Receive) -> Receive:
    """A `receive` that hands the app the body already read, then defers to the real one."""
    delivered = False

    async def replay() -> Message:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def _where(error: BaseException) -> str:
    """``file:line in function`` of the innermost frame: enough to find a bug, no message text."""
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return "(unknown)"
    frame = frames[-1]
    return f"{frame.filename}:{frame.lineno} in {frame.name}"
