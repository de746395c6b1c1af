"""A backend that is still being built: its calls wait for it.

Why: the embedded demo backend is the whole reference server (FastAPI,
SQLAlchemy, Pillow, a database seeded with the demo accounts): about a
second of imports and set-up on a small machine.  Its co-op settings are
only the local profile, so the welcome screen needs none of it; the
person can be typing an e-mail address while the server is built.  The
build runs in a thread, started by `start()` (the front end calls it once
its first screen takes keys) or by the first call, whichever comes first;
every call waits for the build, then goes to the built backend.  A build
that fails raises in the call that waited for it (the screen's usual
"try again" answer) and is started afresh by the next call.

Textual-free; any method of `Backend`, present or added later, is passed
through by name, so this class need not change when the contract grows.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from smarthub_tui.backend.base import Backend


class DeferredBackend:
    """Stands in for the backend `factory` builds, until it is built (see the module)."""

    def __init__(self, factory: Callable[[], Backend], *, after_build: Callable[[], None] | None = None) -> None:
        self._factory = factory
        self._after_build = after_build
        """Called in the build's thread once the backend is built (the wizard settles its heap there)."""
        self._built: Backend | None = None
        self._building: asyncio.Future[Backend] | None = None
        self._agent_key: tuple[str | None] | None = None
        """The agent key set before the build (in a 1-tuple: None is a key choice too), handed to the backend once built."""

    @property
    def built(self) -> Backend | None:
        """The backend, once built (None before)."""
        return self._built

    def start(self) -> None:
        """Start the build in a thread, if it is not running or done already (needs a running event loop)."""
        if self._built is None and self._building is None:
            self._building = asyncio.ensure_future(asyncio.to_thread(self._build))

    def _build(self) -> Backend:
        backend = self._factory()
        if self._after_build is not None:
            self._after_build()
        return backend

    async def ready(self) -> Backend:
        """The built backend, waiting for (or starting) the build."""
        if self._built is not None:
            return self._built
        if self._building is None:
            self._building = asyncio.ensure_future(asyncio.to_thread(self._build))
        building = self._building
        try:
            built = await asyncio.shield(building)
        except BaseException:
            if building.done():
                self._building = None  # failed: the next call builds afresh
            raise
        if self._agent_key is not None:
            key, self._agent_key = self._agent_key[0], None
            built.use_agent_key(key)  # before any call goes through; a key of the wrong form raises in that call
        self._built = built
        return built

    def use_agent_key(self, key: str | None) -> None:
        """Agent mode: the key every call carries.  Not a call (it sends nothing), so not passed through as one.

        Before the build it is kept and given to the built backend ahead of
        the first call (agent sign-in over the embedded demo sets it while the
        server is still being built).
        """
        if self._built is not None:
            self._built.use_agent_key(key)
        else:
            self._agent_key = (key,)

    async def aclose(self) -> None:
        """Close the built backend; a build still running is waited for, so its server's database is closed too."""
        if self._building is not None and self._built is None:
            try:
                await self.ready()
            except Exception:  # noqa: BLE001 - a build that failed leaves nothing to close
                return
        if self._built is not None:
            await self._built.aclose()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)

        async def call(*args: Any, **kwargs: Any) -> Any:
            backend = await self.ready()
            return await getattr(backend, name)(*args, **kwargs)

        call.__name__ = name
        return call
