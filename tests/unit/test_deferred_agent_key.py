"""The embedded demo's deferred backend carries the agent's key (agent mode without --server).

`Backend.use_agent_key` is the one backend method that is not a coroutine.
The deferred backend passed it through as one, so the call made a coroutine
nobody awaited: the key was never set, and the demo's own published agent
key was refused as "not valid" in agent mode on the built-in demo.
"""

from __future__ import annotations

from typing import Any, cast

import pytest

from smarthub_tui.backend.deferred import DeferredBackend


class KeyedBackend:
    def __init__(self) -> None:
        self.key: str | None = "unset"

    def use_agent_key(self, key: str | None) -> None:
        if key == "bad key":
            raise ValueError("not a key")
        self.key = key

    async def agent_me(self) -> str | None:
        return self.key

    async def aclose(self) -> None:
        return None


async def test_a_key_given_before_the_build_is_carried_by_the_built_backend() -> None:
    deferred: Any = DeferredBackend(cast(Any, KeyedBackend))
    deferred.use_agent_key("sha_key")
    assert await deferred.agent_me() == "sha_key"
    deferred.use_agent_key(None)
    assert await deferred.agent_me() is None


async def test_after_the_build_the_key_goes_to_the_backend_at_once_and_a_bad_one_raises_there() -> None:
    deferred: Any = DeferredBackend(cast(Any, KeyedBackend))
    await deferred.ready()
    with pytest.raises(ValueError):
        deferred.use_agent_key("bad key")
    deferred.use_agent_key("sha_other")
    assert await deferred.agent_me() == "sha_other"


async def test_a_bad_key_given_before_the_build_is_refused_by_the_first_call() -> None:
    deferred: Any = DeferredBackend(cast(Any, KeyedBackend))
    deferred.use_agent_key("bad key")
    with pytest.raises(ValueError):
        await deferred.agent_me()
    deferred.use_agent_key(None)
    assert await deferred.agent_me() is None
