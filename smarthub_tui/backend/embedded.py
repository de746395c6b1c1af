"""The embedded backend: the reference server's ASGI app in this process, driven by `HttpBackend`.

Why a module of its own: `backend/http.py` is the client of any SmartHub
server and must not pull in the reference server (FastAPI, SQLAlchemy,
Pillow) just to exist; only the front end that wants the server in-process
(the default `smarthub-tui` without ``--server``, the tests, the bench) comes
here.  The wizard still goes through the one client path, over
`httpx.ASGITransport` instead of a socket, so the same tests cover both.
The server's modules are imported inside `embedded_backend`, not at module
import, so the wizard can paint its first screen before they load.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from smarthub_tui.backend.http import HttpBackend
from smarthub_tui.profiles import CoopProfile, load_profile

EMBEDDED_URL = "http://embedded"
"""The base URL the embedded client is given: never resolved, only shown in messages."""
EMBEDDED_CLIENT = ("127.0.0.1", 40000)
"""The peer address the server sees (its rate limits key on an address)."""


def embedded_backend(
    profile: str | Path | CoopProfile = "default",
    *,
    demo: bool = True,
    database_url: str = "sqlite://",
    **app_options: Any,
) -> HttpBackend:
    """Run the reference server in this process (demo data, in-memory SQLite) and drive it.

    `profile` is a built-in name, a .toml path or a loaded `CoopProfile`.
    `app_options` go to `create_app` (tests pass a clock or a fixed CAPTCHA
    source).  Closing the backend closes the server's database too:
    `ASGITransport` runs no lifespan, so nothing else would.
    """
    from smarthub_tui.server.app import create_app

    # The server's warnings (a lockout, a rate limit) are for a server's operator; in the wizard's
    # process nobody configured logging, and Python would print them over the plain line mode's
    # questions.  Tests and `--server` set their own handlers, which still receive the records.
    server_log = logging.getLogger("smarthub_tui.server")
    if not server_log.handlers:
        server_log.addHandler(logging.NullHandler())
    if not isinstance(profile, CoopProfile):
        profile = load_profile(profile)
    app = create_app(profile=profile, database_url=database_url, demo=demo, **app_options)
    transport = httpx.ASGITransport(app=app, client=EMBEDDED_CLIENT)
    return HttpBackend(EMBEDDED_URL, transport=transport, on_close=_closer(app.state.store))


def _closer(store: Any) -> Callable[[], None]:
    """Close the server's database once no transaction runs in it.

    Why: the server's routes run in threads.  A call the wizard gives up
    (quitting while it signs out, say) is cancelled in the event loop, but its
    thread goes on using the database; closing an in-memory database under
    it crashed the whole process (SQLite, segmentation fault).  Every
    transaction holds the store's lock, so taking it waits for the last one.
    """
    lock = getattr(store, "_lock", None)

    def close() -> None:
        with lock if lock is not None else contextlib.nullcontext():
            store.close()

    return close
