"""The co-op settings of a remote server, fetched while the wizard is still starting.

Why: over HTTP the welcome screen needs the co-op's own words, which only
the server has.  Fetched the usual way (the `HttpBackend`, once the app is
up) they cost the person httpx's import, a round trip and a "Connecting…"
screen before the welcome takes keys.  Here one plain GET (the standard
library's `http.client`, in a thread started before Textual is imported)
overlaps the round trip with the app's own imports; httpx is imported
behind the welcome screen, for the first real call.

The settings shown are the server's current ones, never a cache or a
guess: whatever goes wrong here (no answer yet within `WAIT_SECONDS`, a
refused connection, an error status, a body that is not valid settings,
an address this plain client does not handle as httpx would: a proxy, a
user name in the URL) gives None, and the wizard connects the usual way,
with the "Connecting…" screen, its reason in words and Retry.

Textual-free and httpx-free: it runs before either is imported.
"""

from __future__ import annotations

import json
import os
import threading
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit

from smarthub_tui.contract import SETTINGS_PATH

if TYPE_CHECKING:
    from smarthub_tui.models import Settings
    from smarthub_tui.profiles import CoopProfile

WAIT_SECONDS = 1.0
"""How long the started app waits for an answer still on its way before showing "Connecting…" instead."""
MAX_BODY = 1 << 20
"""Settings are a few KiB; a larger answer is not read (the usual path reports it)."""
_PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")


class SettingsPrefetch:
    """One GET of `url`'s settings in a daemon thread, started at once; `settings()` reads its answer (see the module)."""

    def __init__(self, url: str, timeout: float) -> None:
        self._url = url.rstrip("/")
        self._timeout = timeout
        self._body: dict[str, Any] | None = None
        self._done = threading.Event()
        if self.usable(url):
            threading.Thread(target=self._fetch, name="settings-prefetch", daemon=True).start()
        else:
            self._done.set()

    @staticmethod
    def usable(url: str) -> bool:
        """Whether the plain client would reach `url` as httpx does: http(s), no user name, no proxy configured."""
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and bool(parts.hostname) and not parts.username and not any(
            os.environ.get(name) for name in _PROXY_VARIABLES
        )

    def _fetch(self) -> None:
        try:
            self._body = _get_json(self._url + SETTINGS_PATH, self._timeout)
        except Exception:  # noqa: BLE001 - any failure means "connect the usual way", which explains it
            self._body = None
        finally:
            self._done.set()

    def settings(self, wait: float = WAIT_SECONDS) -> Settings | None:
        """The server's settings if they arrived within `wait` seconds and are valid; else None (blocks: call in a thread)."""
        if not self._done.wait(wait) or self._body is None:
            return None
        from smarthub_tui.models import Settings
        from smarthub_tui.profiles import ProfileError, parse_profile

        profile, demo = self._body.get("profile"), self._body.get("demo")
        if not isinstance(profile, dict) or not isinstance(demo, bool):
            return None
        try:
            return Settings(profile=parse_profile(profile, source="server settings"), demo=demo)
        except ProfileError:
            return None


    # the welcome's words without pydantic (`profile_data.UncheckedProfile`)
    def unchecked_settings(self, wait: float = WAIT_SECONDS) -> Settings | None:
        """As `settings`, but the profile read as plain data and validated later, behind the welcome (pydantic not imported here).

        A profile whose welcome values are missing or of another type is validated now, as `settings` does.
        """
        if not self._done.wait(wait) or self._body is None:
            return None
        from smarthub_tui.models import Settings
        from smarthub_tui.profile_data import UncheckedProfile

        profile, demo = self._body.get("profile"), self._body.get("demo")
        if not isinstance(profile, dict) or not isinstance(demo, bool):
            return None
        reader = UncheckedProfile.read(profile, lambda: _parse(profile))
        if reader is None:
            return self.settings(wait)
        return Settings(profile=cast("CoopProfile", reader), demo=demo)


def _parse(data: dict[str, Any]) -> CoopProfile:
    from smarthub_tui.profiles import parse_profile

    return parse_profile(data, source="server settings")


def _get_json(url: str, timeout: float) -> dict[str, Any] | None:
    """GET `url` (the headers the `HttpBackend` sends, no redirects followed); its JSON object on a 200, else None.

    One HTTP/1.1 request on a socket (TLS for https, certificates checked as
    httpx checks them), not `http.client`: importing that module (and the
    e-mail header parser under it) cost about 5 ms, taken from the app's own
    imports running meanwhile.  An answer this reader does not take as it
    comes (not 200, chunked or compressed, a body over `MAX_BODY`, a
    malformed head) gives None, and the usual connect explains it.
    """
    import socket

    parts = urlsplit(url)
    secure = parts.scheme == "https"
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nAccept: application/json\r\nUser-Agent: smarthub-tui\r\n"
        "Accept-Encoding: identity\r\nConnection: close\r\n\r\n"
    ).encode("ascii")
    raw = socket.create_connection((parts.hostname or "", parts.port or (443 if secure else 80)), timeout=timeout)
    try:
        if secure:
            import ssl

            connection: socket.socket = ssl.create_default_context().wrap_socket(raw, server_hostname=parts.hostname)
        else:
            connection = raw
        try:
            connection.sendall(request)
            answer = _read(connection, MAX_HEAD + MAX_BODY)
        finally:
            connection.close()
    finally:
        raw.close()
    return _json_body(answer) if answer is not None else None


MAX_HEAD = 1 << 16
"""An answer's status line and headers, at most."""


def _read(connection: Any, limit: int) -> bytes | None:
    """Everything the server sends until it closes (None past `limit` bytes)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = connection.recv(65536)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)


def _json_body(answer: bytes) -> dict[str, Any] | None:
    """The JSON object of a plain 200 answer (status line, headers, body), or None."""
    head, blank, body = answer.partition(b"\r\n\r\n")
    if not blank:
        return None
    status, *lines = head.decode("latin-1").split("\r\n")
    version, _, rest = status.partition(" ")
    if not version.startswith("HTTP/1.") or rest.split(" ", 1)[0] != "200":
        return None
    headers: dict[str, str] = {}
    for line in lines:
        name, colon, value = line.partition(":")
        if not colon:
            return None
        headers[name.strip().lower()] = value.strip()
    if any(headers.get(name, "identity").lower() != "identity" for name in ("transfer-encoding", "content-encoding")):
        return None
    length = headers.get("content-length")
    if length is not None:
        if not length.isdigit() or len(body) < int(length):
            return None
        body = body[: int(length)]
    if len(body) > MAX_BODY:
        return None
    parsed = json.loads(body)
    return parsed if isinstance(parsed, dict) else None
