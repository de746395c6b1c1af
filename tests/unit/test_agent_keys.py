"""The agent key store: the key in the keyring, one per server, and nowhere else; a missing or broken keyring said plainly."""

from __future__ import annotations

import logging
from pathlib import Path

import keyring
import pytest
from keyring.backends import chainer, fail, null

from smarthub_tui import strings
from smarthub_tui.agent_keys import SERVICE, AgentKeyStore, key_user_name
from tests.support.memory_keyring import BrokenKeyring, FailingKeyring, MemoryKeyring, NoBackendAtUseKeyring

KEY = "agk_7f3a9c2e41d8b6f05e1a2b3c4d5e6f70"


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A fresh home and data directories, so anything the store wrote would be found there."""
    for name in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def files_holding(root: Path, secret: str) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file() and secret.encode() in path.read_bytes()]


def test_a_key_round_trips_through_the_keyring():
    backend = MemoryKeyring()
    store = AgentKeyStore("http://127.0.0.1:8000", backend)
    assert store.available and store.unavailable_reason == ""
    assert store.load() is None
    assert store.save(KEY) is True
    assert store.load() == KEY
    assert backend.secrets == {(SERVICE, "http://127.0.0.1:8000"): KEY}
    assert AgentKeyStore("http://127.0.0.1:8000", backend).load() == KEY


def test_one_key_per_server_and_never_the_urls_credentials():
    backend = MemoryKeyring()
    AgentKeyStore("http://a.example:8000", backend).save("key-a")
    AgentKeyStore("https://b.example", backend).save("key-b")
    assert AgentKeyStore("http://a.example:8000/", backend).load() == "key-a"
    assert AgentKeyStore("http://user:pw@A.example:8000", backend).load() == "key-a"
    assert AgentKeyStore("https://b.example", backend).load() == "key-b"
    assert AgentKeyStore("https://c.example", backend).load() is None
    assert key_user_name("https://user:hunter2@Host.example:8443/api/?x=1#f") == "https://host.example:8443/api"
    assert not any("hunter2" in user or "pw" in user for _, user in backend.secrets)


def test_forget_removes_the_key_and_forgetting_nothing_is_fine():
    backend = MemoryKeyring()
    store = AgentKeyStore("http://127.0.0.1:8000", backend)
    store.save(KEY)
    AgentKeyStore("http://other:1", backend).save("other")
    store.forget()
    assert store.load() is None
    assert AgentKeyStore("http://other:1", backend).load() == "other"
    store.forget()
    assert store.available


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring(), FailingKeyring()], ids=["fail", "null", "failing"])
def test_no_keyring_backend_is_unavailable_with_a_reason(backend):
    store = AgentKeyStore("http://127.0.0.1:8000", backend)
    assert store.available is False
    assert store.unavailable_reason == strings.AGENT_KEY_NO_KEYRING
    assert store.load() is None
    assert store.save(KEY) is False
    store.forget()


def test_the_failing_keyring_is_not_even_asked():
    backend = FailingKeyring()
    store = AgentKeyStore("http://127.0.0.1:8000", backend)
    store.save(KEY)
    store.load()
    assert backend.calls == 0


def test_a_chain_with_nothing_in_it_is_no_keyring(monkeypatch):
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [], raising=False)
    store = AgentKeyStore("http://127.0.0.1:8000", chainer.ChainerBackend())
    assert not store.available and store.unavailable_reason == strings.AGENT_KEY_NO_KEYRING


def test_the_default_keyring_is_the_os_one(monkeypatch):
    backend = MemoryKeyring()
    monkeypatch.setattr(keyring, "get_keyring", lambda: backend)
    store = AgentKeyStore("http://127.0.0.1:8000")
    assert store.save(KEY) and backend.secrets


def test_finding_the_os_keyring_failing_is_no_keyring(monkeypatch):
    def boom():
        raise RuntimeError("no D-Bus")

    monkeypatch.setattr(keyring, "get_keyring", boom)
    store = AgentKeyStore("http://127.0.0.1:8000")
    assert not store.available and store.load() is None and store.save(KEY) is False


def test_a_plain_file_keyring_is_refused():
    plain = type("PlaintextKeyring", (MemoryKeyring,), {"__module__": "keyrings.alt.file"})()
    store = AgentKeyStore("http://127.0.0.1:8000", plain)
    assert not store.available and store.unavailable_reason == strings.AGENT_KEY_PLAIN_FILE_KEYRING
    assert store.save(KEY) is False and plain.secrets == {}


@pytest.mark.parametrize("action", ["load", "save", "forget"])
def test_a_broken_backend_never_raises_and_the_warning_holds_no_key(action, caplog):
    store = AgentKeyStore("http://127.0.0.1:8000", BrokenKeyring())
    assert store.available  # cannot be known before it is used
    with caplog.at_level(logging.WARNING):
        if action == "save":
            assert store.save(KEY) is False
        else:
            getattr(store, action)()
    assert store.available is False
    assert store.unavailable_reason == strings.AGENT_KEY_KEYRING_FAILED
    assert caplog.records and all(KEY not in record.getMessage() for record in caplog.records)
    assert store.load() is None and store.save(KEY) is False


def test_a_backend_with_nothing_behind_it_says_no_keyring():
    store = AgentKeyStore("http://127.0.0.1:8000", NoBackendAtUseKeyring())
    assert store.save(KEY) is False
    assert store.unavailable_reason == strings.AGENT_KEY_NO_KEYRING


@pytest.mark.parametrize(
    "backend", [MemoryKeyring, FailingKeyring, BrokenKeyring, NoBackendAtUseKeyring], ids=lambda kind: kind.__name__
)
def test_the_key_is_never_written_to_disk(home, backend):
    store = AgentKeyStore("http://127.0.0.1:8000", backend())
    store.save(KEY)
    store.load()
    assert files_holding(home, KEY) == []
    assert not any(path.is_file() for path in home.rglob("*"))
