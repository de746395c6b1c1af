"""The server key lives outside the database, and a database without its key says so in one line.

Why: the database holds HMACs and sealed values; the key that makes them
useless to a thief must not sit beside them.  And an operator who moved the
database without its key, or started a second server with another key,
must learn it at start, not from every member's "code not valid".
"""

from __future__ import annotations

import base64
import os
import sqlite3
import stat

import pytest

from smarthub_tui.profiles import load_profile
from smarthub_tui.server import cli
from smarthub_tui.server.app import create_app
from smarthub_tui.server.keys import (
    ENV_VAR,
    SealedValueError,
    ServerKeyError,
    ServerKeys,
    create_key_file,
    parse_key,
    read_key_file,
)
from smarthub_tui.server.store import Store

PROFILE = load_profile("pec")


def run_main(args, capsys):
    """Run `cli.main(args)` up to its exit; returns (exit code, stderr)."""
    with pytest.raises(SystemExit) as exit_info:
        cli.main(args)
    return exit_info.value.code, capsys.readouterr().err


def assert_one_line_error(code, stderr, *words):
    assert code == 2
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("smarthub-server: error: ")
    for word in words:
        assert word in lines[0], lines[0]


def _app(database, **options):
    return create_app(profile=PROFILE, database_url=f"sqlite:///{database}", **options)


def test_first_run_makes_a_private_key_file_beside_the_database_and_keeps_only_a_fingerprint(tmp_path):
    database = tmp_path / "server.db"
    app = _app(database, demo=True)
    key_file = tmp_path / "server.db.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    master = read_key_file(key_file)
    assert app.state.service._keys.fingerprint == ServerKeys.from_master(master).fingerprint
    app.state.store.close()

    connection = sqlite3.connect(database)
    meta = dict(connection.execute("SELECT key, value FROM meta"))
    connection.close()
    assert set(meta) == {"schema_version", "key_fingerprint"}
    raw = b"".join(path.read_bytes() for path in tmp_path.iterdir() if path != key_file)
    for form in (master, master.hex().encode(), base64.b64encode(master), ServerKeys.from_master(master).hmac_key):
        assert form not in raw


def test_a_restart_uses_the_same_key_file(tmp_path):
    first = _app(tmp_path / "server.db")
    second = _app(tmp_path / "server.db")
    assert first.state.service._secret_key == second.state.service._secret_key
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".key")] == ["server.db.key"]


def test_a_database_whose_key_file_is_gone_is_refused_and_no_new_key_is_made(tmp_path):
    _app(tmp_path / "server.db").state.store.close()
    (tmp_path / "server.db.key").unlink()
    with pytest.raises(ServerKeyError, match="written with a server key that is not here"):
        _app(tmp_path / "server.db")
    assert not (tmp_path / "server.db.key").exists()


def test_a_database_with_another_key_is_refused(tmp_path):
    _app(tmp_path / "server.db", secret_key=b"a" * 32).state.store.close()
    with pytest.raises(ServerKeyError, match="another server key"):
        _app(tmp_path / "server.db", secret_key=b"b" * 32)
    _app(tmp_path / "server.db", secret_key=b"a" * 32)


def test_the_server_command_says_in_one_line_that_the_key_is_missing(tmp_path, capsys):
    _app(tmp_path / "server.db").state.store.close()
    (tmp_path / "server.db.key").unlink()
    code, err = run_main(["--db", str(tmp_path / "server.db"), "--port", "0"], capsys)
    assert_one_line_error(code, err, "server.db.key does not exist", "--key-file", ENV_VAR)


def test_the_server_command_refuses_a_key_file_others_can_read(tmp_path, capsys):
    _app(tmp_path / "server.db").state.store.close()
    (tmp_path / "server.db.key").chmod(0o644)
    code, err = run_main(["--db", str(tmp_path / "server.db"), "--port", "0"], capsys)
    assert_one_line_error(code, err, "may be read by other users", "chmod 600")


def test_the_server_command_takes_the_key_from_the_environment(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv(ENV_VAR, base64.b64encode(b"e" * 32).decode())
    _app_from_cli = []
    monkeypatch.setattr(cli, "serve", lambda app, sock, *_a, **_k: _app_from_cli.append(app) or sock.close() or 0)
    assert cli.main(["--db", str(tmp_path / "server.db"), "--port", "0"]) == 0
    assert not (tmp_path / "server.db.key").exists()
    assert _app_from_cli[0].state.service._keys.fingerprint == ServerKeys.from_master(b"e" * 32).fingerprint
    _app_from_cli[0].state.store.close()

    monkeypatch.setenv(ENV_VAR, base64.b64encode(b"f" * 32).decode())
    code, err = run_main(["--db", str(tmp_path / "server.db"), "--port", "0"], capsys)
    assert_one_line_error(code, err, "another server key than SMARTHUB_SERVER_KEY")
    monkeypatch.delenv(ENV_VAR)
    code, err = run_main(["--db", str(tmp_path / "server.db"), "--port", "0"], capsys)
    assert_one_line_error(code, err, "not here")


def test_the_key_file_option_wins_and_is_created_where_asked(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv(ENV_VAR, "not a key")
    served = []
    monkeypatch.setattr(cli, "serve", lambda app, sock, *_a, **_k: served.append(app) or sock.close() or 0)
    keys = tmp_path / "keys"
    keys.mkdir(mode=0o700)
    assert cli.main(["--db", str(tmp_path / "server.db"), "--key-file", str(keys / "k"), "--port", "0"]) == 0
    served[0].state.store.close()
    assert read_key_file(keys / "k") is not None
    assert not (tmp_path / "server.db.key").exists()


@pytest.mark.parametrize("value", ["not a key", base64.b64encode(b"s" * 31).decode(), "abc*" * 11])
def test_a_malformed_key_in_the_environment_is_one_line(tmp_path, capsys, monkeypatch, value):
    monkeypatch.setenv(ENV_VAR, value)
    monkeypatch.setattr(cli, "serve", lambda *_a, **_k: pytest.fail("the server started"))
    code, err = run_main(["--db", str(tmp_path / "server.db"), "--port", "0"], capsys)
    assert_one_line_error(code, err, ENV_VAR)
    assert value not in err


def test_key_texts_in_hex_and_both_base64_alphabets():
    master = bytes(range(200, 232))
    for text in (master.hex(), base64.b64encode(master).decode(), base64.urlsafe_b64encode(master).decode().rstrip("=")):
        assert parse_key(f"# a comment\n{text}\n", "test") == master


def test_a_database_of_the_older_schema_that_kept_its_key_inside_is_refused(tmp_path, capsys):
    database = tmp_path / "old.db"
    Store(f"sqlite:///{database}").close()
    connection = sqlite3.connect(database)
    with connection:
        connection.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    connection.close()
    code, err = run_main(["--db", str(database), "--port", "0"], capsys)
    assert_one_line_error(code, err, "older server (schema 1)", "move it away")


def test_a_sealed_value_opens_only_in_its_place_and_under_its_key():
    keys = ServerKeys.from_master(b"k" * 32)
    sealed = keys.seal("blue kettle", "users.security_phrase:1")
    assert "blue" not in sealed
    assert keys.seal("blue kettle", "users.security_phrase:1") != sealed  # a fresh nonce each time
    assert keys.open(sealed, "users.security_phrase:1") == "blue kettle"
    with pytest.raises(SealedValueError):
        keys.open(sealed, "users.security_phrase:2")
    with pytest.raises(SealedValueError):
        ServerKeys.from_master(b"j" * 32).open(sealed, "users.security_phrase:1")
    tampered = sealed[:-6] + ("A" if sealed[-6] != "A" else "B") + sealed[-5:]
    with pytest.raises(SealedValueError):
        keys.open(tampered, "users.security_phrase:1")
    assert keys.hmac_key.hex() not in repr(keys) and repr(keys.hmac_key) not in repr(keys)


def test_two_servers_starting_together_agree_on_one_key(tmp_path):
    """The key file is linked into place whole, so a racing second server reads the first one's key."""
    from smarthub_tui.server.keys import create_key_file

    path = tmp_path / "server.db.key"
    first = create_key_file(path)
    assert create_key_file(path) == first
    assert [p.name for p in tmp_path.iterdir()] == ["server.db.key"]
    assert os.stat(path).st_mode & 0o077 == 0


@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="only root can give a file to another user")
def test_a_private_key_file_that_belongs_to_another_user_is_refused(tmp_path):
    path = tmp_path / "server.key"
    create_key_file(path)
    os.chown(path, 12345, 12345)
    with pytest.raises(ServerKeyError, match="belongs to another user"):
        read_key_file(path)
