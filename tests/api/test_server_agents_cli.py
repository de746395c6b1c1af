"""``smarthub-server agents add|list|revoke``: the operator's keys, in-process, as a real command, and over real HTTP.

Why: the key is printed once and only its HMAC is kept, so the one moment
it exists in clear must put it where a script can take it (stdout, alone)
and nowhere else; a list must never show a key or its hash; a mistake must
say in one line what to fix.  The last test proves the printed key works
against `smarthub-server` run as a process on the same database: a
registration with the key, its CAPTCHA waived, the agent recorded.
"""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from smarthub_tui.contract import AGENT_KEY_HEADER, AGENT_KEY_PREFIX, AGENT_ME_PATH, ErrorCode
from smarthub_tui.profiles import load_profile
from smarthub_tui.server import cli
from tests.api.test_server_processes import race_profile, start_servers  # noqa: F401 - start_servers is a fixture


def run_agents(args: list[str], capsys) -> tuple[int, str, str]:
    """`cli.main(["agents", *args])`: (exit code, stdout, stderr), whether it returns or exits."""
    try:
        code = cli.main(["agents", *args])
    except SystemExit as exit_info:
        code = exit_info.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    assert "Traceback" not in text
    return lines[0]


def test_add_prints_the_key_alone_on_stdout_once(capsys, tmp_path):
    db = str(tmp_path / "s.db")
    code, out, err = run_agents(["add", "alice", "--db", db], capsys)
    assert code == 0
    key = one_line(out)
    assert key.startswith(AGENT_KEY_PREFIX) and len(key) >= 47
    assert "alice" in one_line(err) and "only this once" in err
    # Listed without the key or its hash, and never printed again.
    code, out, err = run_agents(["list", "--db", db], capsys)
    assert code == 0
    name, added, state = one_line(out).split("\t")
    assert (name, state) == ("alice", "active") and added.startswith("added 20")
    with sqlite3.connect(db) as connection:
        (stored,) = connection.execute("SELECT key_hash FROM agents").fetchone()
    assert key not in out + err and stored not in out + err
    assert key not in Path(db).read_bytes().decode("latin-1")


def test_revoke_then_list_says_when(capsys, tmp_path):
    db = str(tmp_path / "s.db")
    run_agents(["add", "bob", "--db", db], capsys)
    code, out, _ = run_agents(["revoke", "bob", "--db", db], capsys)
    assert code == 0 and "revoked" in one_line(out)
    code, out, _ = run_agents(["revoke", "bob", "--db", db], capsys)
    assert code == 0 and "already revoked" in one_line(out)
    _, out, _ = run_agents(["list", "--db", db], capsys)
    assert one_line(out).split("\t")[2].startswith("revoked 20")


def test_an_unknown_or_taken_name_is_exit_1_in_one_line(capsys, tmp_path):
    db = str(tmp_path / "s.db")
    run_agents(["add", "carol", "--db", db], capsys)
    code, out, err = run_agents(["add", "carol", "--db", db], capsys)
    assert (code, out) == (1, "") and "exists already" in one_line(err)
    code, out, err = run_agents(["revoke", "nobody", "--db", db], capsys)
    assert (code, out) == (1, "") and "no agent named 'nobody'" in one_line(err)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["add", "", "--db", "{db}"], "1 to 64"),
        (["add", "x" * 65, "--db", "{db}"], "1 to 64"),
        (["add", "tab\there", "--db", "{db}"], "visible"),
        (["add", "ok", "--db", ":memory:"], "--db PATH"),
        (["list", "--db", "{missing}"], "no database at"),
        (["revoke", "x", "--db", "{missing}"], "no database at"),
    ],
)
def test_bad_usage_is_exit_2_in_one_line(capsys, tmp_path, args, words):
    args = [a.format(db=tmp_path / "s.db", missing=tmp_path / "missing.db") for a in args]
    code, out, err = run_agents(args, capsys)
    line = one_line(err)
    assert (code, out) == (2, "")
    assert line.startswith("smarthub-server: error: ") and words in line


def test_a_key_file_that_is_not_the_databases_is_refused(capsys, tmp_path):
    db = str(tmp_path / "s.db")
    run_agents(["add", "dave", "--db", db], capsys)
    code, _, err = run_agents(["list", "--db", db, "--key-file", str(tmp_path / "other.key")], capsys)
    assert code == 2 and "server key" in one_line(err)


def test_no_subcommand_is_an_argparse_error(capsys):
    code, _, err = run_agents([], capsys)
    assert code == 2 and "required" in err and "Traceback" not in err


def test_the_installed_command(tmp_path):
    """As an operator runs it: the key on stdout, nothing else there, usable in KEY=$(...)."""
    script = Path(sys.executable).with_name("smarthub-server")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "smarthub_tui.server"]
    db = str(tmp_path / "s.db")
    added = subprocess.run([*command, "agents", "add", "erin", "--db", db], capture_output=True, text=True, timeout=60)
    assert added.returncode == 0, added.stderr
    assert one_line(added.stdout).startswith(AGENT_KEY_PREFIX)
    listed = subprocess.run([*command, "agents", "list", "--db", db], capture_output=True, text=True, timeout=60)
    assert listed.stdout.startswith("erin\tadded ")
    unknown = subprocess.run([*command, "agents", "revoke", "x", "--db", db], capture_output=True, text=True, timeout=60)
    assert unknown.returncode == 1 and unknown.stdout == ""
    assert one_line(unknown.stderr) == "smarthub-server: no agent named 'x' (see: smarthub-server agents list)"


@pytest.mark.slow
async def test_the_printed_key_registers_over_real_http(tmp_path, start_servers, member):  # noqa: F811 - the imported fixture
    db = tmp_path / "agents.db"
    script = Path(sys.executable).with_name("smarthub-server")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "smarthub_tui.server"]
    added = await asyncio.to_thread(
        subprocess.run, [*command, "agents", "add", "Desk 7", "--db", str(db)], capture_output=True, text=True, timeout=60
    )
    key = added.stdout.strip()
    profile_path = race_profile(tmp_path, "pec")
    profile = load_profile(profile_path)
    (server,) = start_servers(1, db, profile_path)
    async with httpx.AsyncClient(base_url=server.base_url, timeout=30, headers={AGENT_KEY_HEADER: key}) as client:
        assert (await client.get(AGENT_ME_PATH)).json() == {"name": "Desk 7", "rateLimitPerMinute": 600}
        m = member(client, profile)
        looked_up = await m.lookup("1000234567", "Doe", "jane.phone@example.com")
        assert looked_up.json()["captchaWaived"] is True
        body = m.completion("1000234567", None, None, termsAcceptance="spoken")
        done = await m.complete(body)
        assert done.status_code == 201, done.text
        # Revoked while the server runs: refused at the next call.
        revoked = await asyncio.to_thread(
            subprocess.run, [*command, "agents", "revoke", "Desk 7", "--db", str(db)], capture_output=True, timeout=60
        )
        assert revoked.returncode == 0
        refused = await client.get(AGENT_ME_PATH)
        assert (refused.status_code, refused.json()["code"]) == (403, ErrorCode.AGENT_REVOKED)
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT agents.name, registrations.terms_acceptance FROM registrations JOIN agents ON agents.id = registrations.agent_id"
        ).fetchall()
    assert rows == [("Desk 7", "spoken")]
    assert key not in server.output()  # never in the server's log, uvicorn's access log included
