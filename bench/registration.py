"""How long one whole registration takes through the client: in-process vs loopback HTTP.

One registration = settings, lookup, CAPTCHA, complete, read the demo inbox,
verify, set the password, paperless, security phrase, summary: every call the
wizard makes for a `default`-profile member, with no person in the loop.

Both runs use the same profile and the same kind of database (a SQLite file),
so the ratio measures what HTTP over loopback adds to the in-process ASGI
path.  The proof-of-work is lowered to 8 bits so that its random cost (about
2**18 hashes at the default 18 bits) does not swamp the comparison; the
argon2id hashing (OWASP parameters) is left as it is, since it is the real
cost of a registration.  Runs alternate, and each figure is the median of 20.

    ./dev bench            or   .venv/bin/python bench/registration.py [--runs 20]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from smarthub_tui import proof_of_work
from smarthub_tui.backend.embedded import embedded_backend
from smarthub_tui.backend.http import HttpBackend
from smarthub_tui.contract import HEALTH_PATH
from smarthub_tui.models import AccountLookup, CheckboxCaptcha, RegistrationRequest
from smarthub_tui.profiles import IdentityOption

PROFILE = """extends = "default"
profileId = "bench"
captchaDifficultyBits = 8
"""
PASSWORD = "kettle sings at noon"
RATE_LIMIT = "1000000"


async def register_once(backend: HttpBackend, email: str) -> None:
    """Every call of one registration, as the wizard makes them."""
    settings = await backend.get_settings()
    session = await backend.lookup_account(AccountLookup("1000234567", "Doe", email, email))
    captcha = await backend.new_captcha(session.registration_id)
    assert isinstance(captcha, CheckboxCaptcha)
    nonce = proof_of_work.solve(captcha.challenge, captcha.difficulty_bits)
    await backend.check_identity(session.registration_id, {IdentityOption.BILLING_ZIP: "78636"})
    await backend.answer_captcha(session.registration_id, captcha.captcha_id, nonce or "")
    await backend.complete_registration(
        RegistrationRequest(
            registration_id=session.registration_id,
            terms_accepted=True,
            terms_version=settings.profile.terms.version,
            idempotency_key="bench-" + captcha.captcha_id[:24],
        )
    )
    body = (await backend.demo_outbox(email))[0].body
    auth = await backend.verify_account(re.search(r"token=([0-9A-Z-]+)", body).group(1))
    auth = await backend.change_password(auth, PASSWORD, PASSWORD)
    await backend.set_paperless(auth, True)
    await backend.set_security_phrase(auth, "blue kettle at noon")
    await backend.account_summary(auth)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(profile: Path, db: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = Path(sys.executable).with_name("smarthub-server")
    process = subprocess.Popen(
        [str(server), "--port", str(port), "--db", str(db), "--profile", str(profile), "--demo",
         "--rate-limit", RATE_LIMIT, "--log-level", "warning"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + HEALTH_PATH, timeout=1).status_code == 200:
                return process, url
        except httpx.HTTPError:
            pass
        if process.poll() is not None:
            raise SystemExit("smarthub-server exited during start-up")
        time.sleep(0.05)
    process.kill()
    raise SystemExit("smarthub-server did not answer within 30 s")


async def measure(runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        profile = Path(folder) / "bench.toml"
        profile.write_text(PROFILE)
        process, url = start_server(profile, Path(folder) / "loopback.db")
        embedded = embedded_backend(
            profile, database_url=f"sqlite:///{folder}/embedded.db", rate_limit_per_minute=int(RATE_LIMIT)
        )
        loopback = HttpBackend(url)
        timings: dict[str, list[float]] = {"in-process": [], "loopback": []}
        try:
            for backend, name in ((embedded, "in-process"), (loopback, "loopback")):
                await register_once(backend, f"warmup.{name}@example.com")
            for run in range(runs):
                for backend, name in ((embedded, "in-process"), (loopback, "loopback")):
                    start = time.perf_counter()
                    await register_once(backend, f"bench{run}.{name}@example.com")
                    timings[name].append(time.perf_counter() - start)
        finally:
            await embedded.aclose()
            await loopback.aclose()
            process.terminate()
            process.wait(timeout=10)
    base = statistics.median(timings["in-process"])
    print(f"one registration through the client, median of {runs} (cores: {os.cpu_count()}):")
    for name, values in timings.items():
        median = statistics.median(values)
        print(f"  {name:<11} {median * 1000:7.1f} ms   (min {min(values) * 1000:.1f}, max {max(values) * 1000:.1f})"
              f"   x{median / base:.2f} of in-process")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    asyncio.run(measure(parser.parse_args().runs))


if __name__ == "__main__":
    main()
