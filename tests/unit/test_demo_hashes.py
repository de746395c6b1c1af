"""The demo seed's argon2 hashes are precomputed (server/demo_hashes.toml), and never wrong when the fixtures change (issue 11)."""

from __future__ import annotations

from pathlib import Path

import pytest

from smarthub_tui.server import fixtures, security


@pytest.fixture
def fresh_hashes():
    fixtures._hashes.cache_clear()
    yield
    fixtures._hashes.cache_clear()


def test_the_seed_computes_no_hash_and_each_precomputed_one_matches(fresh_hashes: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(security, "hash_secret", lambda value: pytest.fail("hashed at start"))
    hashes = fixtures._hashes()
    data = fixtures.load_demo_data()
    for account in data.accounts:
        if account.ssn4:
            assert security.verify_secret(hashes.ssn4[account.accountNumber], account.ssn4)
    for registration in data.registrations:
        assert security.verify_secret(hashes.passwords[registration.email], registration.password)


def test_a_hash_whose_value_changed_is_computed_afresh(fresh_hashes: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stale = tmp_path / "demo_hashes.toml"
    stale.write_text(fixtures.HASHES_FILE.read_text(encoding="utf-8").replace(fixtures._digest("4321"), fixtures._digest("0000")))
    monkeypatch.setattr(fixtures, "_precomputed", lambda: fixtures.tomllib.loads(stale.read_text()))
    hashed: list[str] = []
    real = security.hash_secret
    monkeypatch.setattr(security, "hash_secret", lambda value: hashed.append(value) or real(value))
    hashes = fixtures._hashes()
    assert hashed == ["4321"]  # Jane Doe's SSN4 only: the others still match
    assert security.verify_secret(hashes.ssn4["1000234567"], "4321")
