"""The embedded demo's welcome screen waits for nothing: its settings are local and the server is built behind it (issue 11)."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest

from smarthub_tui.backend.deferred import DeferredBackend
from smarthub_tui.cli import make_wizard


class FakeBackend:
    def __init__(self) -> None:
        self.closed = False

    async def lookup_account(self, value: str) -> str:
        return f"looked up {value}"

    async def aclose(self) -> None:
        self.closed = True


async def test_the_embedded_wizard_connects_without_building_the_server() -> None:
    built: list[object] = []

    wizard = make_wizard()
    real_factory = wizard._backend_factory
    wizard._backend_factory = lambda: built.append(1) or real_factory()  # type: ignore[method-assign]
    settings = await wizard.connect()
    assert settings.profile.profileId == "default"
    assert settings.demo
    assert built == []  # nothing imported or seeded before the welcome screen
    wizard.warm_up()
    summary = await wizard.backend.get_settings()  # the calls reach the server once built
    assert built == [1]
    assert summary.profile.profileId == "default"
    await wizard.aclose()


async def test_a_remote_wizard_still_asks_the_server() -> None:
    wizard = make_wizard(server="http://127.0.0.1:9")
    assert not wizard.connects_locally


async def test_calls_wait_for_one_build_in_a_thread() -> None:
    threads: list[str] = []
    fake = FakeBackend()

    def factory() -> Any:
        threads.append(threading.current_thread().name)
        return fake

    deferred: Any = DeferredBackend(factory)
    assert deferred.built is None
    answers = await asyncio.gather(deferred.lookup_account("a"), deferred.lookup_account("b"))
    assert answers == ["looked up a", "looked up b"]
    assert len(threads) == 1 and threads[0] != threading.current_thread().name
    await deferred.aclose()
    assert fake.closed


async def test_a_failed_build_is_raised_in_the_call_and_tried_again_by_the_next() -> None:
    attempts: list[int] = []
    fake = FakeBackend()

    def factory() -> Any:
        attempts.append(1)
        if len(attempts) == 1:
            raise OSError("disk full")
        return fake

    deferred: Any = DeferredBackend(factory)
    with pytest.raises(OSError, match="disk full"):
        await deferred.lookup_account("a")
    assert await deferred.lookup_account("a") == "looked up a"
    assert len(attempts) == 2


async def test_closing_before_any_call_builds_nothing() -> None:
    deferred: Any = DeferredBackend(lambda: pytest.fail("built"))
    await deferred.aclose()


# --- agent mode over the deferred demo (review) ---------------------------------------------------


@pytest.mark.filterwarnings("error::RuntimeWarning")  # "coroutine ... was never awaited" is the bug itself
@pytest.mark.parametrize("built_first", [False, True])
async def test_the_agent_key_reaches_the_built_backend(built_first: bool) -> None:
    """`use_agent_key` is the one synchronous call of a backend: it must not become a coroutine nobody awaits.

    Before: the pass-through made every attribute an async call, so the key
    set by an agent's sign-in was dropped and the demo agent's own key was
    answered "not valid" in agent mode with the embedded demo.
    """
    from smarthub_tui.backend.embedded import embedded_backend
    from smarthub_tui.server.fixtures import DEMO_AGENT_KEY, DEMO_AGENT_NAME

    deferred = DeferredBackend(embedded_backend)
    if built_first:
        await deferred.ready()
    deferred.use_agent_key(DEMO_AGENT_KEY)  # type: ignore[attr-defined]
    me = await deferred.agent_me()  # type: ignore[attr-defined]
    assert me.name == DEMO_AGENT_NAME
    deferred.use_agent_key(None)  # type: ignore[attr-defined]
    from smarthub_tui.backend.base import AgentKeyInvalid

    with pytest.raises(AgentKeyInvalid):
        await deferred.agent_me()  # type: ignore[attr-defined]
    await deferred.aclose()

