"""A throwaway PostgreSQL server for the tests, started from the system's binaries.

Why its own cluster: the tests must run on a fresh machine with nothing set
up by hand, must not touch a PostgreSQL someone else runs, and must leave
nothing behind.  `PostgresCluster` runs ``initdb`` into a temporary folder,
starts ``postgres`` listening only on a Unix socket in that folder (no TCP
port to collide with; the port number only names the socket), and removes it
all on exit.  ``fsync`` is off: the data is thrown away.

PostgreSQL refuses to run as root, so when the tests run as root the server
binaries run as the unprivileged ``nobody`` (via ``setpriv``), in a folder
that user owns; the tests connect as the superuser ``postgres`` over the
socket with ``trust`` authentication (only processes on this machine that can
reach the folder can connect).

Binaries are found on PATH, else in ``/usr/lib/postgresql/<version>/bin``
(Debian's layout; ``./dev`` installs Debian's ``postgresql`` package when
neither has them).  When none is found, `PostgresMissing` says how to get one:
the tests that need it fail with that message instead of being skipped.

Usage::

    with PostgresCluster() as cluster:
        url = cluster.create_database("test_1")   # postgresql+psycopg://...
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from types import TracebackType

START_TIMEOUT_SECONDS = 60


class PostgresMissing(RuntimeError):
    """No PostgreSQL server binaries on this machine."""


def _version_of(initdb: str) -> int:
    """15 for /usr/lib/postgresql/15/bin/initdb (the newest installed is used)."""
    version = Path(initdb).parts[-3]
    return int(version) if version.isdigit() else 0


def find_bin_dir() -> Path:
    """The folder holding ``initdb``, ``pg_ctl`` and ``postgres``."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version_of)
    if candidates:
        return Path(candidates[-1]).parent
    raise PostgresMissing(
        "PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH or in /usr/lib/postgresql/*/bin. "
        "The API tests run against PostgreSQL as well as SQLite and are not skipped: run `./dev test`, which "
        "installs Debian's postgresql package, or install it yourself (apt-get install postgresql)."
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PostgresCluster:
    """One PostgreSQL server in a temporary folder, for the duration of a ``with`` block."""

    def __init__(self, *, tcp: bool = False) -> None:
        """`tcp`: also listen on 127.0.0.1 at `port` (for clients that cannot use a Unix socket)."""
        self.bin_dir = find_bin_dir()
        self.tcp = tcp
        self.root = Path(tempfile.mkdtemp(prefix="smarthub-pg-"))
        self.data = self.root / "data"
        self.socket_dir = self.root
        self.port = _free_port()
        self.log = self.root / "server.log"
        self._run_as: list[str] = []
        self._started = False
        self._databases = 0

    # --- lifecycle --------------------------------------------------------------------------

    def __enter__(self) -> PostgresCluster:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.stop()

    def start(self) -> None:
        """initdb, then start the server and wait until it accepts connections."""
        if os.geteuid() == 0:
            user = pwd.getpwnam("nobody")
            os.chown(self.root, user.pw_uid, user.pw_gid)
            self._run_as = ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--clear-groups", "--"]
        self._run(
            "initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync",
        )  # fmt: skip
        options = " ".join(
            [
                f"-k {self.socket_dir}",
                f"-p {self.port}",
                f"-c listen_addresses={'127.0.0.1' if self.tcp else chr(39) * 2}",
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
                "-c max_connections=200",
                "-c shared_buffers=32MB",
            ]
        )
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t", str(START_TIMEOUT_SECONDS), "start")
        self._started = True

    def stop(self) -> None:
        """Stop the server (immediately: nothing in it is kept) and remove its folder."""
        if self._started:
            self._started = False
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.root, ignore_errors=True)

    def _run(self, program: str, *args: str, check: bool = True) -> None:
        command = [*self._run_as, str(self.bin_dir / program), *args]
        result = subprocess.run(command, capture_output=True, text=True, cwd=self.root, check=False, timeout=START_TIMEOUT_SECONDS + 30)
        if check and result.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{program} failed ({result.returncode}): {result.stderr.strip()[-2000:]}\n{log}")

    # --- databases --------------------------------------------------------------------------

    def url(self, database: str = "postgres") -> str:
        """The SQLAlchemy URL of `database` on this server (psycopg 3, over the Unix socket)."""
        if self.tcp:
            return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"
        return f"postgresql+psycopg://postgres@/{database}?host={self.socket_dir}&port={self.port}"

    def execute(self, sql: str) -> None:
        """Run one statement outside a transaction (CREATE/DROP DATABASE need that) as the superuser."""
        import psycopg

        with psycopg.connect(host=str(self.socket_dir), port=self.port, user="postgres", dbname="postgres", autocommit=True) as connection:
            connection.execute(sql)  # type: ignore[arg-type] # statements built here from trusted names

    def create_database(self, name: str | None = None, *, template: str | None = None) -> str:
        """Create a database (a copy of `template` when given); returns its URL."""
        self._databases += 1
        name = name or f"test_{self._databases}"
        copy = f" TEMPLATE {template}" if template else ""
        self.execute(f"CREATE DATABASE {name}{copy}")
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop a database, closing any connection still open to it."""
        self.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
