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

import asyncio
import contextlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from smarthub_tui.backend.http import HttpBackend
from smarthub_tui.profiles import CoopProfile, load_profile

if TYPE_CHECKING:
    from fastapi import FastAPI

    from smarthub_tui.server.fixtures import DemoAccountRow

EMBEDDED_URL = "http://embedded"
"""The base URL the embedded client is given: never resolved, only shown in messages."""
EMBEDDED_CLIENT = ("127.0.0.1", 40000)
"""The peer address the server sees (its rate limits key on an address)."""


def embedded_backend(
    profile: str | Path | CoopProfile = "default",
    *,
    demo: bool = True,
    database_url: str = "sqlite://",
    agent_key: str | None = None,
    **app_options: Any,
) -> HttpBackend:
    """Run the reference server in this process (demo data, in-memory SQLite) and drive it.

    `profile` is a built-in name, a .toml path or a loaded `CoopProfile`.
    `app_options` go to `create_app` (tests pass a clock or a fixed CAPTCHA
    source).  `agent_key` makes every call an agent's (with ``demo=True`` the
    server has the agent ``demo-agent``, whose key is
    `smarthub_tui.server.fixtures.DEMO_AGENT_KEY`).  Closing the backend closes the server's database too:
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
    return EmbeddedBackend(
        EMBEDDED_URL, transport=transport, on_close=_closer(app.state.store), server=app, demo=demo, agent_key=agent_key
    )


def _closer(store: Any) -> Callable[[], None]:
    """Close the server's database once no transaction runs in it.

    Why: the server's routes run in threads.  A call the wizard gives up
    (quitting while it signs out, say) is cancelled in the event loop, but its
    thread goes on using the database; closing an in-memory database under
    it crashed the whole process (SQLite, segmentation fault).  Every
    SQLite transaction holds the store's lock, so taking it waits for the last one.
    """
    lock = getattr(store, "_lock", None)

    def close() -> None:
        with lock if lock is not None else contextlib.nullcontext():
            store.close()

    return close


# --- demo mode (issue 10) ---------------------------------------------------------------------


class EmbeddedBackend(HttpBackend):
    """`HttpBackend` over the server in this process, which the demo can also reach directly.

    What only a demo in this process may do, with no HTTP operation for it
    (a real server's operator would never want a button that empties the
    database): list the demo accounts for the welcome screen and put the
    demo data back to its seed.  A front end asks `demo_controls(wizard)`,
    which answers None for any other backend (``--server``, tests' own).
    """

    def __init__(self, base_url: str, *, server: FastAPI, demo: bool, **options: Any) -> None:
        super().__init__(base_url, **options)
        self._server = server
        self.demo = demo
        self._accounts: list[DemoAccountRow] | None = None

    def demo_accounts(self) -> list[DemoAccountRow]:
        """The demo accounts that register with this co-op (number, last name, ZIP); read once, kept."""
        if self._accounts is None:
            from smarthub_tui.server.fixtures import demo_accounts_for

            self._accounts = demo_accounts_for(self._server.state.service.profile)
        return self._accounts

    async def reset_demo(self) -> None:
        """Every registration, login, e-mail, session and lockout gone, the demo accounts seeded again.

        In a thread, like the server's own database work: the seed hashes
        nothing new (the hashes are cached), but it is still database I/O.
        """
        if not self.demo:
            raise RuntimeError("reset_demo: not a demo backend")
        await asyncio.to_thread(self._reset)
        self._client.cookies.clear()

    def _reset(self) -> None:
        from smarthub_tui.server.fixtures import reset_demo_data

        service = self._server.state.service
        with service.store.transaction() as tx:
            reset_demo_data(tx, service.now())
        # --- agents: the demo agent is demo data too (as create_app seeds it), so agent mode still signs in ---
        from smarthub_tui.server.agents import add_agent_with_key
        from smarthub_tui.server.fixtures import DEMO_AGENT_KEY, DEMO_AGENT_NAME

        add_agent_with_key(service.store, self._server.state.keys, DEMO_AGENT_NAME, DEMO_AGENT_KEY, service.now())


def demo_controls(backend: object) -> EmbeddedBackend | None:
    """The demo's own controls (the accounts list, reset) when `backend` is the demo in this process; else None.

    The embedded demo is built behind the welcome screen (`backend.deferred`):
    until it is, there are no controls yet (`DeferredBackend.built` is None).
    """
    from smarthub_tui.backend.deferred import DeferredBackend

    if isinstance(backend, DeferredBackend):
        backend = backend.built
    if isinstance(backend, EmbeddedBackend) and backend.demo:
        return backend
    return None
