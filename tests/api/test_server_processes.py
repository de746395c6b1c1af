"""Real `smarthub-server` processes over loopback HTTP, sharing one SQLite file or PostgreSQL database.

Why: the contract promises that several server processes (separate servers,
or one server's ``--workers``) may share one database and that a
registration race has exactly one winner; only real processes prove WAL
mode, busy_timeout and ``BEGIN IMMEDIATE`` do their job on SQLite, and the
row and advisory locks do theirs on PostgreSQL.
It also runs one whole registration over real HTTP and reads the servers'
own output (uvicorn access log included, at DEBUG) for secrets.

Processes start with ``--port 0`` and announce the port they got; readiness
is polled on /services/health with a deadline; every process is stopped in
teardown.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from smarthub_tui.contract import (
    COMPLETE_PATH,
    HEALTH_PATH,
    LOOKUP_PATH,
    PAPERLESS_PATH,
    PASSWORD_PATH,
    PHRASE_PATH,
    SUMMARY_PATH,
    ErrorCode,
)
from smarthub_tui.profiles import load_profile

pytestmark = pytest.mark.slow

START_TIMEOUT = 30.0
READY_LINE = re.compile(r"listening on http://127\.0\.0\.1:(\d+)")


@dataclass
class ServerProcess:
    """A running server: its process, base URL and output files."""

    process: subprocess.Popen
    base_url: str
    stdout: Path
    stderr: Path

    def output(self) -> str:
        return self.stdout.read_text(errors="replace") + self.stderr.read_text(errors="replace")


def race_profile(tmp_path: Path, base: str = "default") -> Path:
    """A profile file extending a built-in one with a cheap proof-of-work."""
    path = tmp_path / f"{base}-cheap.toml"
    path.write_text(f'extends = "{base}"\nprofileId = "{base}-cheap"\ncaptchaDifficultyBits = 4\n', encoding="utf-8")
    return path


# A PostgreSQL database keeps no key file beside it: its servers get the key from the environment.
POSTGRES_KEY = base64.b64encode(b"race test key, 32 bytes at least").decode()


def _launch(tmp_path: Path, name: str, db: Path | str, profile: Path, workers: int = 1) -> tuple[subprocess.Popen, Path, Path]:
    stdout, stderr = tmp_path / f"{name}.out", tmp_path / f"{name}.err"
    command = [
        sys.executable, "-m", "smarthub_tui.server",
        "--host", "127.0.0.1", "--port", "0",
        "--db", str(db), "--profile", str(profile), "--demo", "--log-level", "debug", "--workers", str(workers),
    ]  # fmt: skip
    env = dict(os.environ, SMARTHUB_SERVER_KEY=POSTGRES_KEY) if str(db).startswith("postgresql") else None
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=tmp_path, env=env)
    return process, stdout, stderr


def _wait_until_ready(process: subprocess.Popen, stdout: Path, stderr: Path) -> str:
    """The base URL, once the start line is printed and /services/health answers; fails at the deadline."""
    deadline = time.monotonic() + START_TIMEOUT
    base_url = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"server exited with {process.returncode}: {stderr.read_text(errors='replace')[-2000:]}")
        if base_url is None:
            match = READY_LINE.search(stdout.read_text(errors="replace"))
            base_url = f"http://127.0.0.1:{match.group(1)}" if match else None
        if base_url is not None:
            try:
                if httpx.get(base_url + HEALTH_PATH, timeout=2).status_code == 200:
                    return base_url
            except httpx.TransportError:
                pass
        time.sleep(0.05)  # polling for readiness, bounded by the deadline
    pytest.fail(f"server not ready after {START_TIMEOUT}s: {stderr.read_text(errors='replace')[-2000:]}")


@pytest.fixture
def start_servers(tmp_path):
    """``start_servers(n, db, profile, workers=1)``: n servers on one database, all ready; stopped at teardown."""
    running: list[subprocess.Popen] = []

    def start(count: int, db: Path | str, profile: Path, workers: int = 1) -> list[ServerProcess]:
        launched = [_launch(tmp_path, f"server{i}", db, profile, workers) for i in range(count)]
        running.extend(process for process, _, _ in launched)
        return [ServerProcess(p, _wait_until_ready(p, out, err), out, err) for p, out, err in launched]

    yield start
    for process in running:
        process.terminate()
    for process in running:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture
def shared_database(store_backend, tmp_path, new_database_url):
    """A database several servers share: a SQLite file, or a new database on the suite's PostgreSQL."""
    return tmp_path / "shared.db" if store_backend == "sqlite" else new_database_url()


RACERS = 4


@pytest.mark.parametrize("servers, workers", [(2, 1), (1, 2)], ids=["two-servers", "one-server-two-workers"])
async def test_concurrent_registrations_of_one_account_have_one_winner(
    tmp_path, start_servers, member, shared_database, servers, workers
):
    profile_path = race_profile(tmp_path)
    profile = load_profile(profile_path)
    started = start_servers(servers, shared_database, profile_path, workers)
    clients = [httpx.AsyncClient(base_url=started[i % servers].base_url, timeout=30) for i in range(RACERS)]
    try:
        for round_number in range(4):
            email = f"race{round_number}@example.com"
            members = [member(client, profile) for client in clients]
            bodies = []
            for m in members:
                assert (await m.lookup("1000234567", "Doe", email)).status_code == 200
                bodies.append(m.completion("1000234567", *(await m.captcha())))
            results = await asyncio.gather(*(m.complete(body) for m, body in zip(members, bodies, strict=True)))
            statuses = sorted(response.status_code for response in results)
            assert statuses == [201] + [409] * (RACERS - 1), [r.text for r in results]
            for loser in (r.json() for r in results if r.status_code == 409):
                assert loser["code"] == ErrorCode.ALREADY_REGISTERED
                assert loser["message"] == profile.texts.alreadyRegistered
            # One registration, one e-mail, whichever process is asked.
            assert {len(await m.inbox(email)) for m in members} == {1}
            assert (await members[-1].lookup("1000234567", "Doe", email)).status_code == 409
    finally:
        for client in clients:
            await client.aclose()
    assert all(server.process.poll() is None for server in started)


async def test_full_registration_over_loopback(tmp_path, start_servers, member, secured):
    profile_path = race_profile(tmp_path, "jecec")
    profile = load_profile(profile_path)
    (server,) = start_servers(1, tmp_path / "one.db", profile_path)
    email = "nguyen.an@example.com"
    async with httpx.AsyncClient(base_url=server.base_url, timeout=30) as client:
        m = member(client, profile)
        assert (await m.register("3000456789", "Nguyễn", email)).status_code == 201
        code = await m.credential(email)
        # The Verify Account link opens this server's own page, at the address it listens on.
        link = f"{server.base_url}/verify?token={code}"
        assert link in (await m.inbox(email))[0]["body"]
        page = await client.get(link)
        assert page.status_code == 200 and code in page.text
        auth = (await m.sign_in(email)).json()
        assert auth["passwordChangeRequired"] is True
        password = "lantern by the river"
        changed = await client.post(
            PASSWORD_PATH,
            json={"newPassword": password, "confirmPassword": password},
            headers=secured(auth),
        )
        assert changed.status_code == 200, changed.text
        auth = changed.json()
        assert (await client.put(PAPERLESS_PATH, json={"paperless": True}, headers=secured(auth))).status_code == 200
        phrase = "moonlit tea kettle"
        assert (await client.put(PHRASE_PATH, json={"phrase": phrase}, headers=secured(auth))).status_code == 200
        summary = (await client.get(SUMMARY_PATH, headers=secured(auth))).json()
        assert summary == {"email": email, "accounts": ["****6789"], "paperless": True, "securityPhraseSet": True}
        # A token in a query string must not reach the access log either.
        await client.get(HEALTH_PATH, params={"token": "query-secret-123"})
    output = server.output()
    assert f'"POST {COMPLETE_PATH} HTTP/1.1" 201' in output
    for secret in [code, password, phrase, "5678", auth["authorizationToken"], m.registration_id, "query-secret-123"]:
        # On its own: "5678" inside a port number such as 45678 is no leak.
        assert re.search(rf"(?<![0-9A-Za-z]){re.escape(secret)}(?![0-9A-Za-z])", output) is None, secret


def _raw_exchange(base_url: str, request: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send raw bytes on a fresh connection; read the answer until the server closes it."""
    host, port = base_url.removeprefix("http://").rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(request)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {name.strip().lower(): value.strip() for name, value in (line.split(":", 1) for line in header_lines)}
    return int(status_line.split()[1]), headers, body


@pytest.mark.parametrize(
    "request_bytes",
    [
        # Headers past uvicorn's limit (16 KiB) before they end: it stops reading and answers.
        b"GET " + HEALTH_PATH.encode() + b" HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 40_000,
        b"POST " + LOOKUP_PATH.encode() + b" HTTP/1.1\r\nHost: x\r\nContent-Length: twelve\r\n\r\n{}",
        b"POST " + LOOKUP_PATH.encode() + b" HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
        b"NOT HTTP AT ALL\r\n\r\n",
    ],
    ids=["oversized-header", "content-length-not-a-number", "two-content-lengths", "no-http"],
)
def test_requests_uvicorn_refuses_itself_answer_the_contracts_json_error(tmp_path, start_servers, request_bytes):
    (server,) = start_servers(1, tmp_path / "shared.db", race_profile(tmp_path))
    status, headers, body = _raw_exchange(server.base_url, request_bytes)
    assert status == 400
    assert headers["content-type"].startswith("application/json")
    assert int(headers["content-length"]) == len(body)
    answer = json.loads(body)
    assert answer["code"] == ErrorCode.MALFORMED_REQUEST and answer["field"] is None
    assert answer["message"] and "Invalid HTTP request" not in answer["message"]
