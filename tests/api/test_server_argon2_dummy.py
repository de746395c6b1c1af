"""The dummy hash a lookup verifies against is made ahead, at the hasher's parameters (issue 11)."""

from __future__ import annotations

from typing import Any

import pytest

from smarthub_tui.server import security


def test_the_shipped_dummy_hash_fits_the_hasher_so_no_request_makes_one() -> None:
    """If this fails, `_HASHER`'s parameters changed: put a new hash of a random value in `_DUMMY_HASH`."""
    assert not security._HASHER.check_needs_rehash(security._DUMMY_HASH)


def test_the_first_burn_verifies_once_and_hashes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    class Counting:
        def __init__(self, inner: Any) -> None:
            self._inner = inner

        def __getattr__(self, name: str) -> Any:
            attribute = getattr(self._inner, name)
            if name in ("hash", "verify"):
                calls.append(name)
            return attribute

    security._dummy_hash.cache_clear()
    monkeypatch.setattr(security, "_HASHER", Counting(security._HASHER))
    security.burn_verify()
    assert calls == ["verify"]
    assert security.verify_secret(None, "anything") is False
