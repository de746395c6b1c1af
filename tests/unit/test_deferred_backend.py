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


class KeyedBackend(FakeBackend):
    """Records the agent key each call went with."""

    def __init__(self) -> None:
        super().__init__()
        self.key: str | None = None

    def use_agent_key(self, key: str | None) -> None:
        self.key = key

    async def agent_me(self) -> str | None:
        return self.key


async def test_an_agent_key_set_before_the_build_goes_with_the_first_call() -> None:
    """Agent sign-in sets the key (a plain method, not a call) while the embedded server may still be building."""
    built = KeyedBackend()
    deferred = DeferredBackend(lambda: built)  # type: ignore[arg-type, return-value]
    deferred.use_agent_key("sha_key")
    assert await deferred.agent_me() == "sha_key"
    deferred.use_agent_key(None)  # once built: straight to the backend
    assert built.key is None
