"""The reference server under load: N simulated members register at once over loopback HTTP.

Each simulated member has its own HTTP client and walks a whole `default`
registration, every call the wizard makes (settings, lookup, CAPTCHA with its
proof-of-work, identity, CAPTCHA answer, complete, demo outbox, verify,
password, paperless, security phrase, summary), against ``smarthub-server``
started as a real process on loopback.  All members start together.

What it reports, per database (SQLite; PostgreSQL when a server can be had)
and per number of server processes (1 and 2):

- errors (any error fails the run: a refused call is a broken server),
- throughput in registrations per second, from the first call to the last
  answer,
- p50/p99 per operation,
- the server's CPU time per registration and the load generator's own CPU
  use (it shares the machine with the server, so it takes from the ceiling),
- the ceiling argon2 sets: argon2id hashes per second at the server's own
  parameters on every core (a process pool of `os.cpu_count()`), measured in
  the same run, divided by the hashes one registration needs
  (`HASHES_PER_REGISTRATION`, counted by tests/api/test_server_load_costs.py).

The proof-of-work is lowered to 8 bits through the bench profile, as in
bench/registration.py: solving it is the member's own machine's cost, not the
server's, and 200 clients solving 18 bits each on the server's two cores
would measure the load generator instead of the server.

Why a second, paced run ("arrivals"): when 200 members press Enter in the
same instant, the last of them waits for the argon2 work of all the others
(200 members x 2 hashes / the hashes per second the cores allow), so no
server on this machine answers all of them within a second.  A call centre's
load arrives spread out; the paced run starts members at a steady rate of
`PACED_SHARE` of the measured ceiling and reports the p99 a member then sees.

PostgreSQL is the throwaway cluster of tests/support/postgres.py (fsync and
synchronous_commit off, as for the tests), or the server named by
``SMARTHUB_BENCH_POSTGRES_URL``.  ``--against CHECKOUT`` runs every setup on
that checkout's server too, alternating, so a change is measured against what
it changed in the same run; ``--lock-hold`` measures only the time one
registration holds the SQLite write lock, which the machine's other work
barely moves.

    python bench/load.py [--members 200] [--quick] [--db sqlite|postgresql|both] [--workers 1,2]
                         [--against CHECKOUT] [--lock-hold] [--no-paced]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import resource
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import httpx

ROOT = Path(__file__).resolve().parent.parent
# `python bench/load.py` from a checkout; the lock-hold child imports the server of the tree it measures.
for _tree in (str(ROOT), os.environ.get("SMARTHUB_LOAD_TREE", "")):
    if _tree:
        sys.path.insert(0, _tree)

from bench.figures import Figure  # noqa: E402
from smarthub_tui import proof_of_work  # noqa: E402
from smarthub_tui.backend.http import HttpBackend  # noqa: E402
from smarthub_tui.contract import HEALTH_PATH  # noqa: E402
from smarthub_tui.models import AccountLookup, CheckboxCaptcha, RegistrationRequest  # noqa: E402
from smarthub_tui.profiles import IdentityOption  # noqa: E402

PROFILE = """extends = "default"
profileId = "bench"
captchaDifficultyBits = 8
"""
PASSWORD = "kettle sings at noon"
PHRASE = "blue kettle at noon"
ACCOUNT, NAME, ZIP = "1000234567", "Doe", "78636"
RATE_LIMIT = "100000000"
HASHES_PER_REGISTRATION = 2
"""argon2id hashes one `default` registration costs the server: the lookup's equal-time verification
and the new password's hash (the link-style code and the checkbox CAPTCHA are HMACs, not argon2)."""
PACED_SHARE = 0.7
"""The paced run's arrival rate as a share of the argon2 ceiling: the throughput the budget asks for."""
BUDGET_SHARE = 0.7
BUDGET_P99_SECONDS = 1.0
CLIENT_TIMEOUT_SECONDS = 120.0

T = TypeVar("T")

# --- the argon2 ceiling -------------------------------------------------------------------------


def _hash_for(seconds: float) -> int:
    from smarthub_tui.server.security import hash_secret

    count, end = 0, time.perf_counter() + seconds
    while time.perf_counter() < end:
        hash_secret("ceiling measurement")
        count += 1
    return count


def argon2_hashes_per_second(seconds: float = 3.0) -> float:
    """argon2id hashes per second at the server's parameters with every core hashing."""
    cores = os.cpu_count() or 1
    with ProcessPoolExecutor(cores) as pool:
        list(pool.map(_hash_for, [0.3] * cores))  # warm up: import, first allocation
        start = time.perf_counter()
        counts = list(pool.map(_hash_for, [seconds] * cores))
        elapsed = time.perf_counter() - start
    return sum(counts) / elapsed


# --- servers ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _server_supports_workers(server: Path, env: dict[str, str]) -> bool:
    result = subprocess.run([str(server), "--help"], capture_output=True, text=True, timeout=60, env=env)
    return "--workers" in result.stdout


@dataclass
class Servers:
    """The server processes of one run and the base URLs the members are spread over."""

    processes: list[subprocess.Popen[bytes]]
    urls: list[str]

    def cpu_seconds(self) -> float:
        """User + system CPU of every server process and its children so far (Linux /proc)."""
        return sum(_tree_cpu_seconds(process.pid) for process in self.processes)

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def _tree_cpu_seconds(pid: int) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    children: dict[int, list[int]] = {}
    stats: dict[int, list[str]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            text = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2 :].split()
        stats[int(entry)] = fields
        children.setdefault(int(fields[1]), []).append(int(entry))
    todo = [pid]
    while todo:
        current = todo.pop()
        if current in stats:
            fields = stats[current]
            total += (int(fields[11]) + int(fields[12])) / ticks
        todo.extend(children.get(current, []))
    return total


def start_servers(
    profile: Path, database_url: str, workers: int, tree: Path | None = None, key_file: Path | None = None
) -> Servers:
    """``smarthub-server`` on loopback: one process with --workers N when it has that option, else N processes.

    `tree`: a checkout whose server code runs instead of this one's (the
    baseline of ``--against``); the same interpreter and packages.
    """
    server = Path(sys.executable).with_name("smarthub-server")
    env = dict(os.environ, PYTHONPATH=str(tree or ROOT))
    common = ["--db", database_url, "--profile", str(profile), "--demo", "--rate-limit", RATE_LIMIT, "--log-level", "warning"]
    if key_file is not None:  # a database that is not a file keeps its key in a file of its own
        common += ["--key-file", str(key_file)]
    launches: list[list[str]] = []
    if workers > 1 and _server_supports_workers(server, env):
        launches.append(["--workers", str(workers)])
    else:
        launches.extend([] for _ in range(workers))
    servers = Servers([], [])
    try:
        for extra in launches:
            port = free_port()
            command = [str(server), "--port", str(port), *common, *extra]
            servers.processes.append(
                subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
            )
            servers.urls.append(f"http://127.0.0.1:{port}")
            _wait_healthy(servers.processes[-1], servers.urls[-1])
    except BaseException:
        servers.stop()
        raise
    return servers


def _wait_healthy(process: subprocess.Popen[bytes], url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + HEALTH_PATH, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if process.poll() is not None:
            raise RuntimeError("smarthub-server exited during start-up")
        time.sleep(0.05)
    raise RuntimeError("smarthub-server did not answer within 60 s")


# --- one member ---------------------------------------------------------------------------------


@dataclass
class Timings:
    """Seconds per call, by operation, and the errors met (type and operation only: no secrets)."""

    calls: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    finished: list[float] = field(default_factory=list)

    async def timed(self, operation: str, call: Awaitable[T]) -> T:
        start = time.perf_counter()
        try:
            return await call
        finally:
            self.calls.setdefault(operation, []).append(time.perf_counter() - start)


@cache
def _tls_context() -> ssl.SSLContext:
    """One TLS context for every simulated member (loopback is plain HTTP: it is never used)."""
    return ssl.create_default_context()


def member_transport() -> httpx.AsyncHTTPTransport:
    """One member's own connection pool (keep-alive across its calls), built on the run's one TLS context.

    Why not httpx's default: every client httpx builds makes a TLS context
    and loads the CA bundle into it, about 20 ms of CPU, which was most of
    the load generator's CPU per registration when each of 200 members
    opened its own client.  A wizard opens one client for its whole run and
    pays it once; so does this run now.
    """
    return httpx.AsyncHTTPTransport(verify=_tls_context())


async def register_member(url: str, email: str, timings: Timings, transport: httpx.AsyncBaseTransport | None = None) -> None:
    """One whole `default` registration by one member with their own client."""
    backend = HttpBackend(url, timeout=CLIENT_TIMEOUT_SECONDS, transport=transport or member_transport())
    timed = timings.timed
    try:
        settings = await timed("settings", backend.get_settings())
        session = await timed("lookup", backend.lookup_account(AccountLookup(ACCOUNT, NAME, email, email)))
        captcha = await timed("captcha", backend.new_captcha(session.registration_id))
        if not isinstance(captcha, CheckboxCaptcha):
            raise RuntimeError("the bench profile's CAPTCHA is a checkbox")
        nonce = proof_of_work.solve(captcha.challenge, captcha.difficulty_bits)
        await timed("identity", backend.check_identity(session.registration_id, {IdentityOption.BILLING_ZIP: ZIP}))
        await timed("captcha answer", backend.answer_captcha(session.registration_id, captcha.captcha_id, nonce or ""))
        request = RegistrationRequest(
            registration_id=session.registration_id,
            terms_accepted=True,
            terms_version=settings.profile.terms.version,
            idempotency_key="load-" + captcha.captcha_id[:24],
        )
        await timed("complete", backend.complete_registration(request))
        mail = (await timed("outbox", backend.demo_outbox(email)))[0]
        match = re.search(r"token=([0-9A-Z-]+)", mail.body)
        if match is None:
            raise RuntimeError("no Verify Account code in the e-mail")
        auth = await timed("verify", backend.verify_account(match.group(1)))
        auth = await timed("password", backend.change_password(auth, PASSWORD, PASSWORD))
        await timed("paperless", backend.set_paperless(auth, True))
        await timed("phrase", backend.set_security_phrase(auth, PHRASE))
        await timed("summary", backend.account_summary(auth))
        timings.finished.append(time.perf_counter())
    except Exception as error:  # noqa: BLE001 - counted and named, the run fails
        timings.errors.append(type(error).__name__)
    finally:
        await backend.aclose()


# --- one run ------------------------------------------------------------------------------------


@dataclass
class Run:
    """What one load run measured."""

    members: int
    seconds: float
    errors: list[str]
    calls: dict[str, list[float]]
    client_cpu_seconds: float
    server_cpu_seconds: float
    arrival_per_second: float | None = None

    @property
    def throughput(self) -> float:
        done = self.members - len(self.errors)
        return done / self.seconds if self.seconds else 0.0

    def percentile(self, operation: str, share: float) -> float:
        values = sorted(self.calls.get(operation, [0.0]))
        return values[min(len(values) - 1, max(0, round(share * len(values)) - 1))]

    def worst_p99(self) -> tuple[str, float]:
        operation = max(self.calls, key=lambda name: self.percentile(name, 0.99))
        return operation, self.percentile(operation, 0.99)


def _cpu_self() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def load_run(urls: list[str], members: int, tag: str, *, arrival_per_second: float | None = None) -> Run:
    """`members` registrations at once (or started at `arrival_per_second`), spread over `urls`."""
    timings = Timings()
    cpu_before, start = _cpu_self(), time.perf_counter()
    tasks = []
    for number in range(members):
        if arrival_per_second:
            await asyncio.sleep(max(0.0, start + number / arrival_per_second - time.perf_counter()))
        email = f"load.{tag}.{number}@example.com"
        tasks.append(asyncio.create_task(register_member(urls[number % len(urls)], email, timings)))
    await asyncio.gather(*tasks)
    end = max(timings.finished, default=time.perf_counter())
    return Run(
        members=members,
        seconds=end - start,
        errors=timings.errors,
        calls=timings.calls,
        client_cpu_seconds=_cpu_self() - cpu_before,
        server_cpu_seconds=0.0,
        arrival_per_second=arrival_per_second,
    )


async def measured_run(
    servers: Servers, members: int, tag: str, *, arrival_per_second: float | None = None
) -> Run:
    server_before = servers.cpu_seconds()
    run = await load_run(servers.urls, members, tag, arrival_per_second=arrival_per_second)
    run.server_cpu_seconds = servers.cpu_seconds() - server_before
    return run


# --- databases ----------------------------------------------------------------------------------


@contextmanager
def database(kind: str, folder: Path, name: str) -> Iterator[str | None]:
    """A fresh database for ``--db`` (a SQLite file path or a PostgreSQL URL), or None when PostgreSQL cannot be had."""
    if kind == "sqlite":
        yield str(folder / (name + ".db"))
        return
    url = os.environ.get("SMARTHUB_BENCH_POSTGRES_URL")
    if url:
        yield url
        return
    try:
        from tests.support.postgres import PostgresCluster, PostgresMissing
    except ImportError:
        yield None
        return
    try:
        cluster = PostgresCluster()
    except PostgresMissing:
        yield None
        return
    with cluster:
        yield cluster.create_database(name.replace("-", "_"))


# --- the write lock ------------------------------------------------------------------------------


def lock_hold_child(registrations: int) -> None:
    """Print (JSON) the time one registration spends inside database transactions, registrations one at a time.

    On SQLite every transaction holds the database's write lock (``BEGIN
    IMMEDIATE``) and, within a process, the store's lock: whatever runs inside
    one, no other request of any process writes.  So ``1 / hold`` caps the
    registrations per second of one database file however many processes
    share it.  The CPU time inside (``thread_time``) barely moves when the
    machine is busy with other work, where wall time does.
    """
    import json

    from smarthub_tui.profiles import load_profile
    from smarthub_tui.server.app import create_app
    from smarthub_tui.server.store import Store

    held = {"wall": 0.0, "cpu": 0.0, "count": 0}
    by_caller: dict[str, float] = {}
    original = Store.transaction

    @contextmanager
    def timed_transaction(store: Store, **kwargs: Any) -> Iterator[Any]:
        with original(store, **kwargs) as tx:
            wall, cpu = time.perf_counter(), time.thread_time()
            try:
                yield tx
            finally:
                held["wall"] += time.perf_counter() - wall
                held["cpu"] += time.thread_time() - cpu
                held["count"] += 1
                if os.environ.get("SMARTHUB_LOAD_BREAKDOWN"):
                    caller = sys._getframe(2).f_code.co_name
                    by_caller[caller] = by_caller.get(caller, 0.0) + time.perf_counter() - wall

    with tempfile.TemporaryDirectory() as folder:
        profile = Path(folder) / "bench.toml"
        profile.write_text(PROFILE)
        app = create_app(profile=load_profile(profile), database_url=f"sqlite:///{folder}/hold.db", demo=True,
                         rate_limit_per_minute=int(RATE_LIMIT))
        transport = httpx.ASGITransport(app=app)
        timings = Timings()

        async def walk(count: int, tag: str) -> None:
            for number in range(count):
                await register_member("http://bench", f"hold.{tag}.{number}@example.com", timings, transport)

        asyncio.run(walk(2, "warm"))
        Store.transaction = timed_transaction  # type: ignore[method-assign]
        asyncio.run(walk(registrations, "run"))
        app.state.store.close()
    if timings.errors:
        raise SystemExit(f"errors: {timings.errors}")
    for caller, seconds in sorted(by_caller.items(), key=lambda item: -item[1]):
        print(f"{caller:<24} {seconds / registrations * 1000:6.2f} ms", file=sys.stderr)
    print(json.dumps({key: value / registrations for key, value in held.items()}))


def lock_hold(tree: Path | None, registrations: int = 10) -> dict[str, float]:
    """`lock_hold_child` in a fresh process on `tree`'s server code (this checkout's by default)."""
    import json

    env = dict(os.environ, SMARTHUB_LOAD_TREE=str(tree or ROOT))
    env.pop("PYTHONPATH", None)
    result = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--lock-hold-child", str(registrations)],
        capture_output=True, text=True, env=env, timeout=600, check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"lock-hold measurement failed: {result.stderr.strip()[-500:]}")
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def lock_hold_figure(against: Path | None) -> list[Figure]:
    """The write lock held per registration (SQLite), against a baseline checkout when given."""
    ours = lock_hold(None)
    base = lock_hold(against) if against is not None else None
    cap = 1 / ours["wall"] if ours["wall"] else 0.0
    return [
        Figure(
            name="load sqlite: write lock held per registration",
            value=round(ours["wall"] * 1000, 1),
            unit="ms",
            baseline=round(base["wall"] * 1000, 1) if base else None,
            ratio=round(ours["wall"] / base["wall"], 2) if base else None,
            budget="(reported)",
            passed=True,
            note=(f"CPU inside transactions {ours['cpu'] * 1000:.1f} ms"
                  + (f" (baseline {base['cpu'] * 1000:.1f} ms)" if base else "")
                  + f", {ours['count']:.0f} transactions; one database file caps near {cap:.0f} registrations/s"),
        )
    ]


# --- the figures --------------------------------------------------------------------------------


@dataclass
class Setup:
    """All runs of one database and worker count."""

    db: str
    workers: int
    small: Run
    large: Run
    paced: Run | None
    ceiling: float
    """Registrations/s argon2 allows: the mean of the measurements just before and just after these runs."""
    label: str = ""


async def ceiling_now(seconds: float) -> float:
    """The argon2 ceiling in registrations per second, measured now (the machine is shared: it moves)."""
    return await asyncio.to_thread(argon2_hashes_per_second, seconds) / HASHES_PER_REGISTRATION


async def measure_setup(
    db: str, workers: int, members: int, small: int, paced: bool, ceiling_seconds: float, tree: Path | None = None
) -> Setup | None:
    ceiling = await ceiling_now(ceiling_seconds)
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        profile = folder / "bench.toml"
        profile.write_text(PROFILE)
        with database(db, folder, f"{db}-{workers}") as url:
            if url is None:
                return None
            try:
                key_file = folder / "server.key" if db != "sqlite" else None
                servers = await asyncio.to_thread(start_servers, profile, url, workers, tree, key_file)
            except RuntimeError:
                if tree is None:
                    raise
                return None  # a baseline from before PostgreSQL support cannot open this database
            try:
                await load_run(servers.urls, min(10, small), f"warm{db}{workers}")
                small_run = await measured_run(servers, small, f"s{db}{workers}")
                large_run = await measured_run(servers, members, f"l{db}{workers}")
                paced_run = None
                if paced:
                    rate = PACED_SHARE * ceiling
                    paced_run = await measured_run(servers, members, f"p{db}{workers}", arrival_per_second=rate)
            finally:
                servers.stop()
    ceiling = (ceiling + await ceiling_now(ceiling_seconds)) / 2
    return Setup(db, workers, small_run, large_run, paced_run, ceiling, "baseline " if tree else "")


def _describe(run: Run) -> str:
    busiest = sorted(run.calls, key=lambda name: -run.percentile(name, 0.99))[:3]
    slow = ", ".join(f"{name} {run.percentile(name, 0.5) * 1000:.0f}/{run.percentile(name, 0.99) * 1000:.0f} ms" for name in busiest)
    kinds = ", ".join(f"{name} x{run.errors.count(name)}" for name in sorted(set(run.errors)))
    return (
        f"{run.members} members: {run.throughput:.1f}/s, errors {len(run.errors)}{f' ({kinds})' if kinds else ''}, "
        f"server CPU {run.server_cpu_seconds / max(1, run.members) * 1000:.0f} ms/registration, "
        f"load generator {run.client_cpu_seconds / run.seconds:.0%} of a core; p50/p99 {slow}"
    )


def figures_of(setup: Setup) -> list[Figure]:
    """The budget rows of one setup: throughput against the ceiling, p99, 200 members against 20."""
    label = f"{setup.label}load {setup.db} x{setup.workers}"
    ceiling = setup.ceiling
    large, small = setup.large, setup.small
    errors = len(large.errors) + len(small.errors) + (len(setup.paced.errors) if setup.paced else 0)
    rows = [
        Figure(
            name=f"{label}: registrations/s at {large.members}",
            value=round(large.throughput, 1),
            unit="reg/s",
            baseline=round(ceiling, 1),
            ratio=round(large.throughput / ceiling, 2),
            budget=f">= {BUDGET_SHARE} of argon2 ceiling, 0 errors",
            passed=large.throughput >= BUDGET_SHARE * ceiling and errors == 0,
            note=f"errors {errors}; " + _describe(large),
        ),
    ]
    operation, p99 = large.worst_p99()
    rows.append(
        Figure(
            name=f"{label}: worst p99, {large.members} at once",
            value=round(p99, 3),
            unit="s",
            baseline=BUDGET_P99_SECONDS,
            ratio=round(p99 / BUDGET_P99_SECONDS, 2),
            budget="<= 1 s (all at once: queueing bound, see note)",
            passed=p99 <= BUDGET_P99_SECONDS,
            note=f"{operation}; all start in the same instant",
        )
    )
    if setup.paced is not None:
        paced = setup.paced
        operation, p99 = paced.worst_p99()
        rows.append(
            Figure(
                name=f"{label}: worst p99, arrivals at {PACED_SHARE:.0%} of ceiling",
                value=round(p99, 3),
                unit="s",
                baseline=BUDGET_P99_SECONDS,
                ratio=round(p99 / BUDGET_P99_SECONDS, 2),
                budget="<= 1 s",
                passed=p99 <= BUDGET_P99_SECONDS and not paced.errors,
                note=f"{operation}; " + _describe(paced),
            )
        )
    rows.append(
        Figure(
            name=f"{label}: throughput {large.members} vs {small.members} members",
            value=round(large.throughput, 1),
            unit="reg/s",
            baseline=round(small.throughput, 1),
            ratio=round(large.throughput / small.throughput, 2) if small.throughput else 0.0,
            budget=">= 1.0",
            passed=small.throughput > 0 and large.throughput >= small.throughput,
            note=_describe(small),
        )
    )
    return rows


async def collect(
    quick: bool,
    members: int,
    dbs: list[str],
    workers: list[int],
    *,
    paced: bool = True,
    against: Path | None = None,
    echo: Callable[[str], Any] = print,
) -> list[Figure]:
    """Every setup's rows; with `against`, each setup runs on that checkout's server first, alternating."""
    small = max(1, members // 10)
    ceiling_seconds = 1.5 if quick else 3.0
    rows: list[Figure] = []
    for db in dbs:
        for count in workers:
            trees: list[Path | None] = [against, None] if against is not None else [None]
            for tree in trees:
                setup = await measure_setup(db, count, members, small, paced, ceiling_seconds, tree)
                if setup is None:
                    why = "the baseline's server cannot open it" if tree else "no PostgreSQL here: set SMARTHUB_BENCH_POSTGRES_URL"
                    echo(f"{'baseline ' if tree else ''}load {db} x{count}: skipped ({why})")
                    continue
                echo(f"{setup.label}load {db} x{count}: argon2 ceiling {setup.ceiling:.1f} registrations/s "
                     f"({setup.ceiling * HASHES_PER_REGISTRATION:.1f} hashes/s on {os.cpu_count()} cores)")
                for run in (setup.small, setup.large, setup.paced):
                    if run is None:
                        continue
                    kind = f"arrivals {run.arrival_per_second:.1f}/s" if run.arrival_per_second else "at once"
                    echo(f"{setup.label}load {db} x{count} {kind}: {_describe(run)}")
                    for operation in run.calls:
                        echo(
                            f"    {operation:<15} p50 {run.percentile(operation, 0.5) * 1000:7.1f} ms"
                            f"   p99 {run.percentile(operation, 0.99) * 1000:7.1f} ms"
                        )
                rows.extend(figures_of(setup))
    return rows


def run_members(main: Coroutine[Any, Any, T]) -> T:
    """Run the simulated members on uvloop where it is installed (the server's own loop), else asyncio's.

    Why: the load generator shares the server's two cores, so what its event
    loop costs per call is taken from the ceiling; uvloop's wake-ups and
    socket writes cost less than asyncio's pure-Python loop (the members'
    calls, httpx and the wizard's client code are the same either way).
    """
    try:
        import uvloop
    except ImportError:
        return asyncio.run(main)
    return uvloop.run(main)


def load_figures(quick: bool) -> list[Figure]:
    """The load rows for bench/run.py; `quick` runs SQLite with one process, 40 members and no paced run."""
    rows = lock_hold_figure(None)
    if quick:
        return rows + run_members(collect(True, 40, ["sqlite"], [1], paced=False, echo=lambda _line: None))
    return rows + run_members(collect(False, 200, ["sqlite", "postgresql"], [1, 2], echo=lambda _line: None))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--quick", action="store_true", help="SQLite, one process, no paced run")
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--workers", default="1,2", help="comma-separated process counts (default 1,2)")
    parser.add_argument("--no-paced", action="store_true", help="skip the run with arrivals spread out")
    parser.add_argument("--lock-hold-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--lock-hold", action="store_true", help="only measure the write lock held per registration")
    parser.add_argument(
        "--against", type=Path, metavar="CHECKOUT", help="also run each setup on that checkout's server, alternating (before/after)"
    )
    args = parser.parse_args(argv)
    if args.lock_hold_child:
        lock_hold_child(args.lock_hold_child)
        return 0
    dbs = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    workers = [int(part) for part in args.workers.split(",") if part.strip()]
    if args.quick:
        dbs, workers = ["sqlite"], [1]
    rows = lock_hold_figure(args.against)
    if not args.lock_hold:
        paced = not (args.quick or args.no_paced)
        rows += run_members(collect(args.quick, args.members, dbs, workers, paced=paced, against=args.against))
    print()
    for row in rows:
        mark = "pass" if row.passed else "FAIL"
        print(f"{mark}  {row.name:<56} {row.value:>8} {row.unit:<6} base {row.baseline!s:>7}  x{row.ratio!s:<5} {row.budget}")
        if row.note:
            print(f"      {row.note}")
    failed = sum(not row.passed for row in rows)
    print(f"budgets: {len(rows) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
