"""``smarthub-server`` refuses bad set-ups with one clear line and exit code 2, never a traceback.

Why: an operator starting the server on a kiosk host or in a call centre
needs to see what to fix (the profile, the database path, the port), not a
stack trace.  Most cases call `main()` in-process; one runs the installed
command to prove the whole path prints a single line.
"""

from __future__ import annotations

import logging
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from smarthub_tui.contract import OUTBOX_PATH
from smarthub_tui.server import cli


def run_main(args: list[str], capsys) -> tuple[int, str]:
    """Run `cli.main(args)` up to its exit; returns (exit code, stderr)."""
    with pytest.raises(SystemExit) as exit_info:
        cli.main(args)
    return exit_info.value.code, capsys.readouterr().err


def assert_one_line_error(code: int, stderr: str, *words: str) -> None:
    assert code == 2
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("smarthub-server: error: ")
    assert "Traceback" not in stderr
    for word in words:
        assert word in lines[0]


@pytest.fixture
def busy_port():
    """A loopback port something is already listening on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


def test_unknown_profile(capsys, tmp_path):
    code, err = run_main(["--profile", "nosuch", "--db", str(tmp_path / "x.db")], capsys)
    assert_one_line_error(code, err, "unknown profile", "nosuch")


def test_invalid_profile_file(capsys, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('extends = "default"\nprofileId = "bad"\nfailedLoginLockoutLimit = 0\n', encoding="utf-8")
    code, err = run_main(["--profile", str(bad), "--db", str(tmp_path / "x.db")], capsys)
    assert_one_line_error(code, err, "failedLoginLockoutLimit")


def test_profile_file_that_is_not_toml(capsys, tmp_path):
    bad = tmp_path / "broken.toml"
    bad.write_text("this is = = not toml\n[", encoding="utf-8")
    code, err = run_main(["--profile", str(bad), "--db", str(tmp_path / "x.db")], capsys)
    assert_one_line_error(code, err, "not valid TOML")


@pytest.mark.parametrize("where", ["under-a-file", "missing-folder", "a-folder"])
def test_unwritable_database_path(capsys, tmp_path, where):
    blocker = tmp_path / "plain-file"
    blocker.write_text("x")
    path = {
        "under-a-file": blocker / "server.db",
        "missing-folder": tmp_path / "no" / "such" / "server.db",
        "a-folder": tmp_path,
    }[where]
    code, err = run_main(["--db", str(path)], capsys)
    assert_one_line_error(code, err, "database", str(path))


def test_database_file_that_is_not_a_database(capsys, tmp_path):
    path = tmp_path / "garbage.db"
    path.write_bytes(b"this is not an SQLite file" * 100)
    code, err = run_main(["--db", str(path), "--port", "0"], capsys)
    assert_one_line_error(code, err, "cannot open database", str(path))


def test_port_in_use(capsys, tmp_path, busy_port):
    code, err = run_main(["--db", str(tmp_path / "x.db"), "--port", str(busy_port)], capsys)
    assert_one_line_error(code, err, "already in use", str(busy_port))
    assert not (tmp_path / "x.db").exists(), "nothing is created when the server cannot start"


def test_port_out_of_range(capsys, tmp_path):
    code, err = run_main(["--db", str(tmp_path / "x.db"), "--port", "70000"], capsys)
    assert_one_line_error(code, err, "70000")


def test_bad_flag_is_an_argparse_error(capsys):
    code, err = run_main(["--no-such-flag"], capsys)
    assert code == 2
    assert "unrecognized arguments: --no-such-flag" in err
    assert "Traceback" not in err


def test_help_names_the_default_database(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert str(cli.default_database()) in out
    for flag in ("--host", "--port", "--db", "--profile", "--demo", "--log-level"):
        assert flag in out


def test_the_installed_command_prints_one_line(tmp_path, busy_port):
    script = Path(sys.executable).with_name("smarthub-server")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "smarthub_tui.server"]
    result = subprocess.run(
        [*command, "--db", str(tmp_path / "x.db"), "--port", str(busy_port)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert_one_line_error(result.returncode, result.stderr, "already in use")
    assert result.stdout == ""


def test_access_log_lines_lose_their_query_string():
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", OUTBOX_PATH + "?to=a@b.co&token=secret", "1.1", 200), None,
    )  # fmt: skip
    assert cli.StripQueryString().filter(record)
    assert record.getMessage() == f'127.0.0.1:5000 - "GET {OUTBOX_PATH} HTTP/1.1" 200'


@pytest.mark.parametrize("value", ["0", "-5", "many"])
def test_rate_limit_must_be_a_positive_number(capsys, value):
    code, err = run_main(["--rate-limit", value], capsys)
    assert code == 2
    assert "--rate-limit" in err and "at least 1" in err


def test_a_public_url_that_cannot_start_a_link_is_one_line(capsys, tmp_path):
    code, err = run_main(["--public-url", "ftp://hub.example.coop", "--db", str(tmp_path / "x.db")], capsys)
    assert_one_line_error(code, err, "--public-url", "http:// or https://")


@pytest.mark.parametrize(
    ("given", "expected"),
    [(None, "http://127.0.0.1:{port}"), ("https://hub.example.coop/reg/", "https://hub.example.coop/reg")],
    ids=["the-address-it-listens-on", "as-given"],
)
def test_the_emailed_links_start_at_the_public_url(monkeypatch, capsys, tmp_path, given, expected):
    served = {}

    def fake_serve(app, sock, args, **details):
        served.update(url=app.state.service.public_url, port=sock.getsockname()[1])
        sock.close()
        return 0

    monkeypatch.setattr(cli, "serve", fake_serve)
    extra = [] if given is None else ["--public-url", given]
    assert cli.main(["--host", "127.0.0.1", "--port", "0", "--db", str(tmp_path / "x.db"), *extra]) == 0
    assert served["url"] == expected.format(port=served["port"])


# --- PostgreSQL and several workers ---


def test_several_workers_need_a_database_they_can_share(capsys):
    code, err = run_main(["--db", ":memory:", "--workers", "2", "--port", "0"], capsys)
    assert_one_line_error(code, err, "--workers", ":memory:")


def test_a_postgresql_database_without_a_key_is_refused_in_one_line(postgres, capsys, monkeypatch):
    monkeypatch.delenv("SMARTHUB_SERVER_KEY", raising=False)
    url = postgres.create_database(f"cli_{id(capsys)}").replace("postgresql+psycopg://", "postgresql://")
    code, err = run_main(["--db", url, "--port", "0"], capsys)
    assert_one_line_error(code, err, "needs a server key", "SMARTHUB_SERVER_KEY")


def test_an_unreachable_postgresql_server_is_one_line_without_the_password(tmp_path, capsys):
    url = f"postgresql://smarthub:hunter2secret@/smarthub?host={tmp_path}&port=1"
    code, err = run_main(["--db", url, "--port", "0"], capsys)
    assert_one_line_error(code, err, "cannot open database")
    assert "hunter2secret" not in err
