"""``smarthub-server``: run the reference backend over HTTP with uvicorn.

Why the checks before uvicorn starts: an operator who mistypes a profile, a
database path or a busy port should get one clear line and exit code 2, not
a traceback from deep inside a library.  The listening socket is bound here
and handed to uvicorn, so "port in use" is found before anything else
happens and cannot slip in between a check and the real bind.

With ``--workers N`` the parent process checks everything and opens the
database once (migrations, the server key, the demo seed: so N workers never
race to make N keys), then closes it and starts N uvicorn worker processes
that share the bound socket and the database.  Every piece of server state
(sessions, CAPTCHA answers and proof-of-work seeds, codes, tokens, rate-limit
windows, lockouts, idempotency records) lives in the database, so any worker
can serve any request.  Several workers need a database they can share: a
SQLite file or PostgreSQL, not ``:memory:``.

Logging never carries a secret: uvicorn's access log is given paths without
query strings, proxy headers are not trusted (a client could otherwise
choose the address its failed attempts are counted under), and the server
header is not sent.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import socket
import sys
from pathlib import Path
from typing import Any, NoReturn

LOG_LEVELS = ("critical", "error", "warning", "info", "debug")
PROG = "smarthub-server"
# How the parent hands its checked settings to the worker processes it spawns (JSON; never the key).
WORKER_SETTINGS_ENV = "SMARTHUB_SERVER_WORKER_SETTINGS"
POSTGRES_SCHEMES = ("postgresql://", "postgresql+psycopg://")


def default_database() -> Path:
    """Where the database lives when --db is not given: the user's data folder."""
    import platformdirs

    return platformdirs.user_data_path("smarthub-tui") / "server.db"


def build_parser() -> argparse.ArgumentParser:
    """The command line, with the defaults spelled out in --help."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Run the SmartHub registration reference server (the HTTP contract of docs/api.md).",
        epilog="The database is created and migrated on first run. Several servers may share one database file. "
        "E-mail goes to the outbox table; set SMARTHUB_SMTP_HOST (and _PORT, _USER, _PASSWORD, _STARTTLS) "
        "to deliver it by SMTP as well. The server key (for token hashes and the encrypted security phrases "
        "and e-mails) is never kept in the database: it comes from --key-file, else from SMARTHUB_SERVER_KEY "
        "(base64 of 32 random bytes, e.g. `openssl rand -base64 32`), else from the file <database>.key, "
        "created on first run with mode 0600. Back it up apart from the database: without it the database "
        "cannot be used. Call-centre agents: `smarthub-server agents add|list|revoke` (see "
        "`smarthub-server agents --help`).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    parser.add_argument("--port", type=int, default=8080, help="port to listen on; 0 picks a free one (default: %(default)s)")
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        help="SQLite database file, :memory:, or a PostgreSQL URL postgresql://USER:PASSWORD@HOST:PORT/DATABASE "
        f"(psycopg 3; give the server key with --key-file or SMARTHUB_SERVER_KEY) (default: {default_database()})",
    )
    parser.add_argument(
        "--workers",
        type=positive_int,
        default=1,
        metavar="N",
        help="worker processes sharing the port and the database (a SQLite file or PostgreSQL) (default: %(default)s)",
    )
    parser.add_argument(
        "--key-file",
        metavar="PATH",
        type=Path,
        help="file holding the server key, created (mode 0600) with a new database; takes precedence over "
        "SMARTHUB_SERVER_KEY (default: the database path + .key)",
    )
    parser.add_argument(
        "--profile",
        default="default",
        metavar="NAME",
        help="co-op profile: default, pec, jecec, pec-setup, or a path to a .toml file (default: %(default)s)",
    )
    parser.add_argument(
        "--public-url",
        metavar="URL",
        help="where members reach this server, e.g. https://smarthub.example.coop; the Verify Account link "
        "in the e-mails opens its /verify page there. Set it when the server is behind a proxy or listens "
        "on all addresses (default: http://HOST:PORT, the address it listens on)",
    )
    parser.add_argument("--demo", action="store_true", help="seed the demo accounts and open the demo outbox endpoint")
    parser.add_argument(
        "--rate-limit",
        type=positive_int,
        default=120,
        metavar="N",
        help="requests per client address per minute before 429 (default: %(default)s); "
        "raise it when many terminals share one address",
    )
    parser.add_argument(
        "--agent-rate-limit",
        type=positive_int,
        default=600,
        metavar="N",
        help="requests per call-centre agent per minute before 429; a call with a valid agent key counts "
        "against its agent, not its address (default: %(default)s)",
    )
    parser.add_argument("--log-level", choices=LOG_LEVELS, default="info", help="(default: %(default)s)")
    return parser


def positive_int(text: str) -> int:
    """argparse type: a whole number of at least 1."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {text!r}")
    return int(text)


def fail(message: str) -> NoReturn:
    """Print one line to stderr and exit with code 2."""
    print(f"{PROG}: error: {' '.join(str(message).split())}", file=sys.stderr, flush=True)
    raise SystemExit(2)


def database_url(db: str | None) -> tuple[str, str]:
    """The SQLAlchemy URL for --db and a description for the start line; refuses unusable paths."""
    if db == ":memory:":
        return "sqlite://", "in memory"
    if db is not None and db.startswith(POSTGRES_SCHEMES):
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            shown = make_url(db).render_as_string(hide_password=True)
        except ArgumentError:
            fail("--db: not a valid PostgreSQL URL (postgresql://USER:PASSWORD@HOST:PORT/DATABASE)")
        return db, shown
    if db is None:
        path = default_database()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            fail(f"cannot create the database folder {path.parent}: {error.strerror or error}")
    else:
        path = Path(db).expanduser()
    _check_writable(path)
    return f"sqlite:///{path.resolve()}", str(path)


def _check_writable(path: Path) -> None:
    parent = path.parent
    if path.is_dir():
        fail(f"cannot use database {path}: it is a directory")
    if not parent.exists():
        fail(f"cannot create database {path}: the folder {parent} does not exist")
    if not parent.is_dir():
        fail(f"cannot create database {path}: {parent} is not a folder")
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        fail(f"cannot open database {path}: permission denied")
    if not path.exists() and not os.access(parent, os.W_OK | os.X_OK):
        fail(f"cannot create database {path}: the folder {parent} is not writable")


def bind_socket(host: str, port: int) -> socket.socket:
    """Bind the listening socket now, so a busy port is reported before anything starts."""
    if not 0 <= port <= 65535:
        fail(f"--port must be between 0 and 65535, not {port}")
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as error:
        fail(f"cannot listen on {host}:{port}: {error.strerror or error}")
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as error:
        sock.close()
        reason = "the port is already in use" if error.errno in {98, 48, 10048} else (error.strerror or str(error))
        fail(f"cannot listen on {host}:{port}: {reason}")
    sock.set_inheritable(True)
    return sock


class StripQueryString(logging.Filter):
    """Removes the query string from uvicorn access-log lines (never let a token in a URL reach a log)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], args[2].split("?", 1)[0], *args[3:])
        return True


def configure_logging(level: str) -> None:
    """One format on stderr for the server's own loggers (uvicorn configures its own)."""
    logging.basicConfig(
        level=level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, check it, open the database and serve until interrupted."""
    arguments = sys.argv[1:] if argv is None else argv
    if arguments[:1] == ["agents"]:
        return agents_main(arguments[1:])
    args = build_parser().parse_args(argv)
    from smarthub_tui.profiles import ProfileError, load_profile

    try:
        profile = load_profile(args.profile)
    except ProfileError as error:
        fail(str(error))
    url, where = database_url(args.db)
    if args.workers > 1 and url == "sqlite://":
        fail("--workers needs a database the workers can share (a file or PostgreSQL), not :memory:")
    from smarthub_tui.server.mail import PublicUrlError, normalize_public_url

    if args.public_url is not None:
        try:
            args.public_url = normalize_public_url(args.public_url)
        except PublicUrlError as error:
            fail(f"--public-url: {error}")
    sock = bind_socket(args.host, args.port)
    public_url = args.public_url or listening_url(sock)

    from smarthub_tui.server.store import StoreError

    configure_logging(args.log_level)
    settings = {
        "profile": args.profile,
        "database_url": url,
        "key_file": str(args.key_file.expanduser().resolve()) if args.key_file is not None else None,
        "demo": args.demo,
        "rate_limit_per_minute": args.rate_limit,
        "agent_rate_limit_per_minute": args.agent_rate_limit,
        "public_url": public_url,
        "log_level": args.log_level,
    }
    try:
        app = _app_from_settings(settings)
    except StoreError as error:
        sock.close()
        fail(str(error))
    if args.workers > 1:
        # The workers open the database themselves; the parent's part (schema, key, seed) is done.
        app.state.store.close()
        os.environ[WORKER_SETTINGS_ENV] = json.dumps(settings)
    return serve(app, sock, args, profile_id=profile.profileId, where=where, public_url=public_url)


def _app_from_settings(settings: dict[str, Any]) -> Any:
    """The server app for checked settings (in the parent, and again in each worker)."""
    from smarthub_tui.profiles import load_profile
    from smarthub_tui.server.app import create_app
    from smarthub_tui.server.keys import ENV_VAR, key_from_environment
    from smarthub_tui.server.mail import SmtpSender, SmtpSettings

    try:
        smtp_settings = SmtpSettings.from_environment()
    except ValueError:
        fail("SMARTHUB_SMTP_PORT must be a number")
    key_file = Path(settings["key_file"]) if settings["key_file"] is not None else None
    return create_app(
        profile=load_profile(settings["profile"]),
        database_url=settings["database_url"],
        secret_key=None if key_file is not None else key_from_environment(),
        secret_key_source=ENV_VAR,
        key_file=key_file,
        demo=settings["demo"],
        rate_limit_per_minute=settings["rate_limit_per_minute"],
        agent_rate_limit_per_minute=settings["agent_rate_limit_per_minute"],
        smtp=SmtpSender(smtp_settings) if smtp_settings else None,
        public_url=settings["public_url"],
    )


def worker_app() -> Any:
    """The app of one ``--workers`` process (uvicorn calls this factory in each worker it spawns)."""
    settings = json.loads(os.environ[WORKER_SETTINGS_ENV])
    configure_logging(settings["log_level"])
    return _app_from_settings(settings)


def listening_url(sock: socket.socket) -> str:
    """``http://HOST:PORT`` of the bound socket (the real port when --port 0 picked one)."""
    host, port = sock.getsockname()[:2]
    shown_host = f"[{host}]" if ":" in host else host
    return f"http://{shown_host}:{port}"


def serve(
    app: Any, sock: socket.socket, args: argparse.Namespace, *, profile_id: str, where: str, public_url: str = ""
) -> int:
    """Announce where the server listens, then run uvicorn on the bound socket."""
    import uvicorn

    from smarthub_tui.server.protocol import ContractH11Protocol

    workers = getattr(args, "workers", 1)
    print(
        f"{PROG}: listening on {listening_url(sock)} "
        f"(profile {profile_id}, demo {'on' if args.demo else 'off'}, database {where}"
        f"{f', {workers} workers' if workers > 1 else ''})",
        flush=True,
    )
    if public_url and public_url != listening_url(sock):
        print(f"{PROG}: e-mailed links open {public_url}", flush=True)
    config = uvicorn.Config(
        f"{__name__}:worker_app" if workers > 1 else app,
        factory=workers > 1,
        workers=workers,
        http=ContractH11Protocol,  # unparseable requests answer the contract's JSON error
        ws="none",  # no WebSocket routes: an upgrade request is answered as an ordinary request, in JSON
        log_level=args.log_level,
        proxy_headers=False,
        server_header=False,
        timeout_graceful_shutdown=5,
    )
    logging.getLogger("uvicorn.access").addFilter(StripQueryString())
    if workers > 1:
        from uvicorn.supervisors import Multiprocess

        # Each worker re-imports this module, builds its app with `worker_app` and serves the shared socket.
        Multiprocess(config, sockets=[sock]).run()
    else:
        uvicorn.Server(config).run(sockets=[sock])
    return 0


# --- agents -----------------------------------------------------------------------------------------
# ``smarthub-server agents add|list|revoke``: the operator issues and withdraws call-centre agents'
# keys.  The key is an HMAC under the server key in the database, so these take the server's own
# --db and --key-file (or SMARTHUB_SERVER_KEY), and refuse a key that is not the database's.


def build_agents_parser() -> argparse.ArgumentParser:
    """``smarthub-server agents ...``: one subcommand per operator action."""
    parser = argparse.ArgumentParser(
        prog=f"{PROG} agents",
        description="Issue, list and revoke the keys call-centre agents sign in to the wizard with "
        "(smarthub-tui --mode agent). A key is printed once, when added; the database keeps only its HMAC.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="{add,list,revoke}")
    add = commands.add_parser("add", help="add an agent and print its key (once: keep it, it cannot be shown again)")
    add.add_argument("name", help="the agent's name: 1 to 64 visible characters, unique")
    commands.add_parser("list", help="name, when added, and active or when revoked (never a key)")
    revoke = commands.add_parser("revoke", help="refuse the agent's key from now on")
    revoke.add_argument("name", help="the agent's name, as listed")
    for command in (add, commands.choices["list"], revoke):
        command.add_argument("--db", metavar="PATH", help=f"the server's SQLite database file (default: {default_database()})")
        command.add_argument(
            "--key-file",
            metavar="PATH",
            type=Path,
            help="the server's key file; takes precedence over SMARTHUB_SERVER_KEY (default: the database path + .key)",
        )
    return parser


def agents_main(argv: list[str]) -> int:
    """Run one agents subcommand; exit 2 with one line on bad usage, 1 on an unknown or taken name."""
    from datetime import UTC, datetime

    args = build_agents_parser().parse_args(argv)
    from smarthub_tui.server import agents

    name: str = getattr(args, "name", "")  # "list" has none
    if args.command == "add":
        try:
            agents.check_agent_name(name)
        except agents.AgentNameError as error:
            fail(str(error))
    if args.db == ":memory:":
        fail("agents live in the server's database file: give --db PATH (an in-memory database ends with this command)")
    if args.command != "add" and args.db is not None and not Path(args.db).expanduser().exists():
        fail(f"no database at {args.db}: add an agent first, or give the server's --db")
    url, _where = database_url(args.db)
    store, keys = _open_store(url, args.key_file)
    try:
        now = datetime.now(UTC).timestamp()
        if args.command == "add":
            try:
                key = agents.add_agent(store, keys, name, now)
            except agents.AgentExists:
                return refuse(f"an agent named {name!r} exists already (revoke it, or choose another name)")
            print(f"{PROG}: agent {name!r} added; its key follows, shown only this once:", file=sys.stderr, flush=True)
            print(key, flush=True)
        elif args.command == "list":
            rows = agents.list_agents(store)
            if not rows:
                print(f"{PROG}: no agents yet (add one with: {PROG} agents add NAME)", file=sys.stderr, flush=True)
            for row in rows:
                state = "active" if row.revoked_at is None else f"revoked {_when(row.revoked_at)}"
                print(f"{row.name}\tadded {_when(row.created_at)}\t{state}", flush=True)
        else:
            try:
                row = agents.revoke_agent(store, name, now)
            except agents.UnknownAgent:
                return refuse(f"no agent named {name!r} (see: {PROG} agents list)")
            if row.revoked_at is not None:
                print(f"{PROG}: agent {name!r} was already revoked {_when(row.revoked_at)}", flush=True)
            else:
                print(f"{PROG}: agent {name!r} revoked; its key is refused from now on", flush=True)
    finally:
        store.close()
    return 0


def _open_store(url: str, key_file: Path | None) -> tuple[Any, Any]:
    """The database and its server key, as the server would open them; one line and exit 2 if they cannot be."""
    from smarthub_tui.server.keys import ENV_VAR, ServerKeyError, key_from_environment, keys_for
    from smarthub_tui.server.store import Store, StoreError

    try:
        store = Store(url)
    except StoreError as error:
        fail(str(error))
    try:
        master = None if key_file is not None else key_from_environment()
        keys = keys_for(
            store, master=master, master_source=ENV_VAR, key_file=key_file.expanduser() if key_file is not None else None
        )
    except ServerKeyError as error:
        store.close()
        fail(str(error))
    return store, keys


def refuse(message: str) -> int:
    """Print one line to stderr; exit code 1 (the request was understood, the data says no)."""
    print(f"{PROG}: {' '.join(message.split())}", file=sys.stderr, flush=True)
    return 1


def _when(moment: float) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%d %H:%M UTC")


if __name__ == "__main__":
    sys.exit(main())
