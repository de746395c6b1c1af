"""Every database access of the reference server, in one module.

Why one module: docs/architecture.md section 4 asks for the store behind one seam so that SQLite
(the default, one file or in memory) and PostgreSQL (when many terminals
share a server) run the same server code.  The rest of the server never writes SQL; it
opens a `Store.transaction()` and calls the named methods of the `Tx` it gets.

Why every request is one transaction: several server processes (``--workers``,
or several servers) may share one database, and a request's checks and
writes must be decided on data no other request changes underneath them.

On SQLite each transaction starts with ``BEGIN IMMEDIATE`` (SQLite's write
lock), so two processes racing to register the same account are serialised
and the loser sees the winner's row.  WAL mode lets readers work while one
process writes, and ``busy_timeout`` makes a process wait for the lock instead
of failing.  Within one process a lock serialises transactions: an
in-memory database lives in one shared connection (`StaticPool`) that two
threads must not interleave on, and for a file, where ``BEGIN IMMEDIATE``
serialises writers anyway, waiting on the lock is cheaper than SQLite's
busy-wait.  Argon2 work done inside a transaction would therefore hold up
every other writer for its duration, so the service hashes and verifies
between transactions and checks again inside what it computed outside.

On PostgreSQL there is no process lock: a pool of connections serves the
requests side by side at READ COMMITTED, and the rows a request decides on
are locked instead (unique constraints + row locks, not SERIALIZABLE: a
serialization failure would have to re-run the whole request, and the
service's requests are written as one straight ``with store.transaction()``
block that cannot be replayed from here).  The rows a request reads in order
to change them are read ``SELECT ... FOR UPDATE`` (a registration session, its
billing account, a CAPTCHA, a code, a login): two registrations of one
account queue on the account row, and the second then sees the first's
registration, exactly as under ``BEGIN IMMEDIATE``.  Where the row may not
exist yet (a login for a new e-mail address, a failed-attempt counter, a meta
value, an Idempotency-Key) a transaction-scoped advisory lock on its key stands in for the row
lock (`Tx.serialize`).  Counters are single atomic upserts (``INSERT ... ON
CONFLICT DO UPDATE``) on both databases, and unique constraints remain the
last word (`insert_registration` turns a violation into `Conflict`).  Locks
are taken in the order the requests meet them, the same in every request
that takes several (session, account, counters, login); should a cycle slip
through, PostgreSQL breaks it by failing one request (a 500), never by hanging.

The schema is created and upgraded by the Alembic migrations in
`smarthub_tui.server.migrations` (see there); an in-memory database, which
never outlives its process, is made straight from `metadata`, which a test
keeps equal to the migrations' result.

Times are stored as POSIX seconds (floats) taken from the server's injectable
clock, so tests can expire things without sleeping.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Hashable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import StaticPool

log = logging.getLogger(__name__)

# 2: the server key left the database (see `keys`); security phrases and outbox bodies are sealed.
SCHEMA_VERSION = 2
BUSY_TIMEOUT_SECONDS = 15
# Connections one server process keeps open to PostgreSQL (and may add under load): enough for
# uvicorn's thread pool to keep every core busy, few enough that several workers stay well under
# PostgreSQL's default max_connections (100).
POSTGRES_POOL_SIZE = 8
POSTGRES_MAX_OVERFLOW = 8

metadata = MetaData()

# The schema version and the fingerprint of the server key (never the key itself).
meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# The co-op's billing records (in a real co-op: its customer information system).
accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("account_number", String(20), nullable=False, unique=True),
    Column("holder_name", String(200), nullable=False),
    Column("name_key", String(200), nullable=False),
    Column("billing_zip", String(5)),
    Column("mailing_zip", String(5)),
    Column("ssn4_hash", String(200)),
)

# A SmartHub login: one per e-mail address, linked to one or more accounts.
users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String(254), nullable=False),
    Column("email_key", String(254), nullable=False, unique=True),
    Column("created_at", Float, nullable=False),
    Column("password_hash", String(200)),
    Column("temp_password_hash", String(200)),
    Column("temp_password_expires_at", Float),
    Column("temp_password_used_at", Float),
    Column("email_verified_at", Float),
    Column("paperless", Boolean),
    # Sealed (AES-GCM under the server key, bound to this user id): it is shown back, so it cannot be hashed.
    Column("security_phrase", Text),
)

registrations = Table(
    "registrations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("account_id", Integer, ForeignKey("accounts.id"), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("terms_version", String(100), nullable=False),
    Column("terms_accepted_at", Float, nullable=False),
    Column("hint_question", String(200)),
    Column("hint_answer_hash", String(200)),
    # agents: who made it (NULL: the member, on their own) and how the terms were accepted
    Column("agent_id", Integer, ForeignKey("agents.id")),
    Column("terms_acceptance", String(16), nullable=False, server_default="clicked"),
    UniqueConstraint("account_id", "user_id", name="uq_registration_account_user"),
)

registration_sessions = Table(
    "registration_sessions",
    metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("account_id", Integer, ForeignKey("accounts.id"), nullable=False),
    Column("email", String(254), nullable=False),
    Column("client", String(100), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("expires_at", Float, nullable=False, index=True),
    Column("completed_at", Float),
    # When the session passed its CAPTCHA; no identity answer is judged before.
    Column("human_at", Float),
    # Where its identity check stands: NULL (no answer), "held_match" / "held_mismatch"
    # (judged, verdict held until the CAPTCHA is passed), "verified", "mismatch" (told).
    Column("identity_status", String(16)),
    # agents: the agent whose call opened it (its CAPTCHA is waived; only it may follow it up)
    Column("agent_id", Integer, ForeignKey("agents.id")),
)

captchas = Table(
    "captchas",
    metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("session_hash", String(64), nullable=False, index=True),
    Column("style", String(16), nullable=False),
    Column("answer_hash", String(64)),
    Column("challenge", String(100)),
    Column("difficulty_bits", Integer),
    Column("created_at", Float, nullable=False),
    Column("expires_at", Float, nullable=False, index=True),
    Column("used_at", Float),
)

verification_codes = Table(
    "verification_codes",
    metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("expires_at", Float, nullable=False),
    Column("used_at", Float),
)

auth_tokens = Table(
    "auth_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False, index=True),
    Column("origin", String(16), nullable=False),
    Column("password_change_required", Boolean, nullable=False),
    Column("created_at", Float, nullable=False),
    Column("expires_at", Float, nullable=False, index=True),
    Column("revoked_at", Float),
)

# Failed attempts per scope ("client:ADDRESS", "account:NUMBER", "user:EMAIL").
failures = Table(
    "failures",
    metadata,
    Column("scope_key", String(400), primary_key=True),
    Column("count", Integer, nullable=False),
    Column("window_started_at", Float, nullable=False),
    Column("locked_until", Float),
)

rate_windows = Table(
    "rate_windows",
    metadata,
    Column("client", String(100), primary_key=True),
    Column("window_start", Integer, primary_key=True),
    Column("count", Integer, nullable=False),
    Index("ix_rate_windows_window_start", "window_start"),
)

# Idempotency-Keys, stored as an HMAC of the registration session and the key.
idempotency = Table(
    "idempotency",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("request_hash", String(64), nullable=False),
    Column("status_code", Integer, nullable=False),
    Column("response_json", Text, nullable=False),
    Column("created_at", Float, nullable=False, index=True),
)

outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("to_email", String(254), nullable=False),
    Column("to_key", String(254), nullable=False, index=True),
    Column("sender", String(254), nullable=False),
    Column("subject", Text, nullable=False),
    # Sealed while it waits; blanked once delivered by SMTP (outside demo mode) or once the
    # code or temporary password in it has expired (`expires_at`).
    Column("body", Text, nullable=False),
    Column("sent_at", Float, nullable=False),
    Column("delivered_at", Float),
    Column("expires_at", Float, index=True),
)

# --- contacts ---
# More places a login's notices go besides its own e-mail: e-mail addresses and US mobile numbers
# (E.164).  Each starts pending with a confirmation code (hashed, keyed by the row) and is active
# once the code came back; the code is then dropped, so it cannot be used twice.
contacts = Table(
    "contacts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False, index=True),
    Column("kind", String(8), nullable=False),
    Column("address", String(254), nullable=False),
    Column("address_key", String(254), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("confirmed_at", Float),
    Column("code_hash", String(64)),
    Column("code_expires_at", Float),
    UniqueConstraint("user_id", "address_key", name="uq_contact_user_address"),
)


# --- Forgot Password ---
# Reset codes, stored as an HMAC under the server key bound to their login (a code
# of 8 digits is only worth anything with the login it was sent to).
password_resets = Table(
    "password_resets",
    metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False, index=True),
    Column("created_at", Float, nullable=False),
    Column("expires_at", Float, nullable=False, index=True),
    Column("used_at", Float),
)


# --- agents ---
# Call-centre agents, issued by the server's operator (`smarthub-server agents add NAME`).  The key
# is stored only as an HMAC under the server key, like session tokens: the database alone opens nothing.
agents = Table(
    "agents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("key_hash", String(64), nullable=False, unique=True),
    Column("created_at", Float, nullable=False),
    Column("revoked_at", Float),
)


class StoreError(RuntimeError):
    """The database cannot be opened or created; the message says where and why (no secrets)."""


class Conflict(Exception):
    """A uniqueness rule refused a write (e.g. a registration that already exists)."""


@dataclass(frozen=True)
class Row:
    """A read-only view of one database row, attribute access by column name."""

    _data: dict[str, Any]

    def __getattr__(self, name: str) -> Any:
        try:
            return self._data[name]
        except KeyError:
            raise AttributeError(name) from None


def _row(result_row: Any) -> Row | None:
    return None if result_row is None else Row(dict(result_row._mapping))


def _present(row: Row | None, what: str) -> Row:
    """`row`, which a foreign key says exists; a missing one means a damaged database."""
    if row is None:
        raise StoreError(f"The database has lost a {what} that another row refers to.")
    return row


def _new_id(result: Any) -> int:
    """The primary key of the row an INSERT just added."""
    return int(result.inserted_primary_key[0])


def _configure_sqlite(engine: Engine, *, file_backed: bool) -> None:
    """Take BEGIN over from pysqlite so every transaction takes the write lock at once."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite's own implicit BEGIN would start DEFERRED transactions; we emit our own.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")
        if file_backed:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


class _NoRowDumps(logging.Filter):
    """Drops SQLAlchemy's DEBUG records, which print result rows (hashes, e-mails, a security phrase)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno > logging.DEBUG


_NO_ROW_DUMPS = _NoRowDumps()


def _keep_rows_out_of_logs(engine: Engine) -> None:
    # engine.logger is an InstanceLogger (no .name) when the engine echoes.
    logger = engine.logger if isinstance(engine.logger, logging.Logger) else engine.logger.logger
    if _NO_ROW_DUMPS not in logger.filters:
        logger.addFilter(_NO_ROW_DUMPS)


def postgres_url(database_url: str | URL) -> URL:
    """`database_url` with the psycopg (3) driver when it names PostgreSQL without one."""
    url = make_url(database_url)
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    return url


def make_engine(database_url: str) -> Engine:
    """An engine for `database_url`; SQLite gets WAL, busy_timeout and immediate transactions.

    ``postgresql://`` and ``postgresql+psycopg://`` both mean psycopg 3, with a
    pool of connections (`POSTGRES_POOL_SIZE`) at READ COMMITTED.

    Even when someone turns SQLAlchemy's logging up to DEBUG, no value stored
    or queried reaches a log line: ``hide_parameters`` keeps bound values out
    of its SQL log and exception messages, and a filter drops its row dumps.
    """
    url = postgres_url(database_url)
    if url.get_backend_name() != "sqlite":
        options: dict[str, Any] = {"hide_parameters": True, "pool_pre_ping": True}
        if url.get_backend_name() == "postgresql":
            options.update(
                pool_size=POSTGRES_POOL_SIZE,
                max_overflow=POSTGRES_MAX_OVERFLOW,
                isolation_level="READ COMMITTED",
                connect_args={"connect_timeout": BUSY_TIMEOUT_SECONDS},  # an unreachable host: a clear error, not a hang
            )
        engine = create_engine(url, **options)
        _keep_rows_out_of_logs(engine)
        return engine
    in_memory = url.database in (None, "", ":memory:")
    options = {
        "connect_args": {"check_same_thread": False, "timeout": BUSY_TIMEOUT_SECONDS},
        "hide_parameters": True,
    }
    if in_memory:
        options["poolclass"] = StaticPool
    engine = create_engine(url, **options)
    _configure_sqlite(engine, file_backed=not in_memory)
    _keep_rows_out_of_logs(engine)
    return engine


class Store:
    """The database of one server: opens it, migrates it, and hands out transactions."""

    def __init__(self, database_url: str) -> None:
        self.engine = make_engine(database_url)
        self.in_memory = isinstance(self.engine.pool, StaticPool)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        # SQLite: one writer at a time anyway (see the module docstring); PostgreSQL: row locks instead.
        self._lock: AbstractContextManager[Any] = threading.RLock() if self.is_sqlite else nullcontext()
        try:
            self._migrate()
        except Exception as error:  # noqa: BLE001 - turned into one clear message
            self.engine.dispose()
            reason = getattr(error, "orig", None) or error
            raise StoreError(f"cannot open database {_describe_url(database_url)}: {reason}") from None

    def _migrate(self) -> None:
        """Create or upgrade the schema; safe when processes race (the migrations module says how)."""
        if self.in_memory:
            # Nothing to upgrade and nobody to race: the schema straight from metadata, no Alembic to import.
            with self.transaction() as tx:
                metadata.create_all(tx.connection)
                tx.set_meta("schema_version", str(SCHEMA_VERSION))
            return
        from smarthub_tui.server.migrations import upgrade

        with self.transaction() as tx:
            tx.serialize("schema migration")
            check_schema_version(tx)
            applied, current = upgrade(tx.connection)
        if applied:
            for revision in applied:
                log.info("database: applied migration %s", revision)
        else:
            log.info("database: schema up to date (%s)", current)

    @contextmanager
    def transaction(self, *, commit_on: tuple[type[BaseException], ...] = ()) -> Iterator[Tx]:
        """One atomic unit of work.

        Commits on normal exit, and also when one of `commit_on` escapes (a
        refusal that must still record something, such as a used-up CAPTCHA
        or a failed attempt); rolls back on anything else.
        """
        with self._lock:
            connection = self.engine.connect()
            try:
                transaction = connection.begin()
                try:
                    yield Tx(connection)
                except commit_on:
                    transaction.commit()
                    raise
                except BaseException:
                    transaction.rollback()
                    raise
                else:
                    transaction.commit()
            finally:
                connection.close()

    def release(self) -> None:
        """Close pooled connections of a file database (they reopen on demand).

        An in-memory database lives only in its one connection, so it is kept:
        an app may be started and stopped more than once (test clients do).
        """
        if not self.in_memory:
            self.engine.dispose()

    def close(self) -> None:
        """Close every connection for good, an in-memory database's too (its data goes with it)."""
        self.engine.dispose()


def check_schema_version(tx: Tx) -> None:
    """Refuse a database from a newer server, or from the unreleased schema 1 (no migration exists for it).

    ``meta.schema_version`` is what servers before the migrations looked at; it
    stays 2 (the baseline) so such a server still opens a database this one made.
    """
    if not tx.connection.dialect.has_table(tx.connection, meta.name):
        return
    version = tx.get_meta("schema_version")
    if version is None:
        return
    if int(version) > SCHEMA_VERSION:
        raise StoreError(f"the database was written by a newer server (schema {version})")
    if int(version) < SCHEMA_VERSION:
        # Not released yet, so no conversion: schema 1 kept the server key and secrets readable inside.
        raise StoreError(
            f"the database was written by an older server (schema {version}) that kept its key and "
            "secrets inside it; this server does not convert it: move it away to start a new one"
        )


def _describe_url(database_url: str) -> str:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        return url.database or "(in memory)"
    return url.render_as_string(hide_password=True)


# --- statements built once ---------------------------------------------------------------

_BUILT: dict[Hashable, Any] = {}


def _built(key: Hashable, build: Callable[[], Any]) -> Any:
    """The statement `key` names (what it is, database kind included), built by `build()` the first time only.

    Why: building a Core statement and computing its cache key (before
    SQLAlchemy finds the compiled SQL in its cache) cost more than running it
    on SQLite: about 0.1 ms of CPU per statement, for the ten or so lookups
    of every request under load.  A statement built once, with `bindparam`
    placeholders, keeps its cache key.  (Two threads building one at once
    both build it; either is right.)
    """
    try:
        return _BUILT[key]
    except KeyError:
        statement = _BUILT[key] = build()
        return statement


class Tx:
    """The queries of one transaction; every method reads or writes through its connection."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.is_postgresql = connection.dialect.name == "postgresql"

    def _one(self, statement: Any) -> Row | None:
        return _row(self.connection.execute(statement).first())

    def _for_update(self, statement: Any) -> Row | None:
        """The one row of `statement`, locked until this transaction ends (PostgreSQL; SQLite's lock covers it)."""
        return self._one(statement.with_for_update() if self.is_postgresql else statement)

    def _by_key(self, column: Column[Any], key: Any, *, for_update: bool = False) -> Row | None:
        """The row of `column`'s table whose `column` is `key` (locked, as `_for_update`, when `for_update`).

        The statement is built once per process (`_built`): the hot lookups of
        every request skip building it and computing its cache key anew.
        """

        locked = for_update and self.is_postgresql

        def build() -> Any:
            statement = select(column.table).where(column == bindparam("key"))
            return statement.with_for_update() if locked else statement

        statement = _built(("row by key", column.table.name, column.name, locked), build)
        return _row(self.connection.execute(statement, {"key": key}).first())

    def serialize(self, name: str) -> None:
        """Wait until no other transaction holds `name`, then hold it until this one ends.

        For decisions on a row that may not exist yet (a login for a new e-mail
        address, a counter, the schema): PostgreSQL gets a transaction-scoped
        advisory lock on the name's hash; on SQLite ``BEGIN IMMEDIATE`` already
        made this transaction the only writer, so there is nothing to do.
        """
        if self.is_postgresql:
            self.connection.execute(select(func.pg_advisory_xact_lock(func.hashtextextended(name, 0))))

    def _upsert(self, table: Table, keys: list[str], values: dict[str, Any], update_values: dict[str, Any]) -> Any:
        """``INSERT ... ON CONFLICT (keys) DO UPDATE``: one atomic statement on both databases."""
        if self.is_postgresql:  # imported here: the wizard's embedded (SQLite) server never needs it
            from sqlalchemy.dialects import postgresql

            return postgresql.insert(table).values(**values).on_conflict_do_update(index_elements=keys, set_=update_values)
        from sqlalchemy.dialects import sqlite

        return sqlite.insert(table).values(**values).on_conflict_do_update(index_elements=keys, set_=update_values)

    # --- meta ---------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        """The value stored under `key` in the meta table, or None (locked for this transaction, to set it)."""
        self.serialize(f"meta:{key}")
        return self.connection.execute(select(meta.c.value).where(meta.c.key == key)).scalar()

    def set_meta(self, key: str, value: str) -> None:
        """Insert `key` (callers check it is absent first, inside the same transaction)."""
        self.connection.execute(insert(meta).values(key=key, value=value))

    # --- accounts ------------------------------------------------------------------------

    def account_by_number(self, account_number: str) -> Row | None:
        """The billing account with this (normalised) number."""
        return self._by_key(accounts.c.account_number, account_number)

    def account_by_id(self, account_id: int) -> Row:
        """The billing account with this row id (one that a session refers to)."""
        return _present(self._by_key(accounts.c.id, account_id, for_update=True), "billing account")

    def insert_account(self, **values: Any) -> int:
        """Add a billing account (demo fixtures); returns its id."""
        return _new_id(self.connection.execute(insert(accounts).values(**values)))

    # --- users and registrations --------------------------------------------------------

    def user_by_email_key(self, email_key: str) -> Row | None:
        """The SmartHub login for this case-folded e-mail address (whether or not it exists, held for this transaction)."""
        self.serialize(f"user:{email_key}")
        return self._by_key(users.c.email_key, email_key, for_update=True)

    def user_by_id(self, user_id: int) -> Row:
        """The SmartHub login with this row id (one that a code or token refers to)."""
        return _present(self._by_key(users.c.id, user_id, for_update=True), "login")

    def insert_user(self, *, email: str, email_key: str, now: float) -> int:
        """Create a login for an e-mail address; returns its id."""
        result = self.connection.execute(insert(users).values(email=email, email_key=email_key, created_at=now))
        return _new_id(result)

    def update_user(self, user_id: int, **values: Any) -> None:
        """Change columns of one login."""
        self.connection.execute(update(users).where(users.c.id == user_id).values(**values))

    def registration_exists(self, account_id: int, email_key: str) -> bool:
        """True when this account is registered to the login of this e-mail."""
        statement = (
            select(registrations.c.id)
            .join(users, users.c.id == registrations.c.user_id)
            .where(registrations.c.account_id == account_id, users.c.email_key == email_key)
        )
        return self.connection.execute(statement).first() is not None

    def insert_registration(self, **values: Any) -> int:
        """Link an account to a login; raises `Conflict` when that link exists already."""
        try:
            with self.connection.begin_nested():
                return _new_id(self.connection.execute(insert(registrations).values(**values)))
        except IntegrityError:
            raise Conflict("registration exists") from None

    def accounts_of_user(self, user_id: int) -> list[str]:
        """The account numbers registered to a login, oldest registration first."""
        statement = (
            select(accounts.c.account_number)
            .join(registrations, registrations.c.account_id == accounts.c.id)
            .where(registrations.c.user_id == user_id)
            .order_by(registrations.c.id)
        )
        return list(self.connection.execute(statement).scalars())

    # --- registration sessions and CAPTCHAs ----------------------------------------------

    def insert_session(self, **values: Any) -> None:
        """Open a registration session (its id is stored hashed)."""
        self.connection.execute(insert(registration_sessions).values(**values))

    def session_by_hash(self, id_hash: str) -> Row | None:
        """The registration session with this hashed id."""
        return self._by_key(registration_sessions.c.id_hash, id_hash, for_update=True)

    def complete_session(self, id_hash: str, now: float) -> None:
        """Mark a session used by a successful registration."""
        statement = update(registration_sessions).where(registration_sessions.c.id_hash == id_hash)
        self.connection.execute(statement.values(completed_at=now))

    def update_session(self, id_hash: str, **values: Any) -> None:
        """Record where a session's checks stand (`human_at`, `identity_status`)."""
        statement = update(registration_sessions).where(registration_sessions.c.id_hash == id_hash)
        self.connection.execute(statement.values(**values))

    def replace_captcha(self, **values: Any) -> None:
        """Store a new challenge for a session, dropping any earlier one of that session."""
        self.connection.execute(delete(captchas).where(captchas.c.session_hash == values["session_hash"]))
        self.connection.execute(insert(captchas).values(**values))

    def captcha_by_hash(self, id_hash: str) -> Row | None:
        """The challenge with this hashed id."""
        return self._for_update(select(captchas).where(captchas.c.id_hash == id_hash))

    def use_captcha(self, id_hash: str, now: float) -> None:
        """Mark a challenge used up: any answer, right or wrong, consumes it."""
        self.connection.execute(update(captchas).where(captchas.c.id_hash == id_hash).values(used_at=now))

    def purge_expired(self, now: float, keep_seconds: float) -> None:
        """Delete sessions, challenges, codes, tokens, idempotency records and attempt counters long past use."""
        cutoff = now - keep_seconds
        self.connection.execute(delete(captchas).where(captchas.c.expires_at < cutoff))
        self.connection.execute(delete(registration_sessions).where(registration_sessions.c.expires_at < cutoff))
        self.connection.execute(delete(verification_codes).where(verification_codes.c.expires_at < cutoff))
        self.connection.execute(delete(auth_tokens).where(auth_tokens.c.expires_at < cutoff))
        self.connection.execute(delete(idempotency).where(idempotency.c.created_at < cutoff))
        stale = (failures.c.window_started_at < cutoff) & (
            failures.c.locked_until.is_(None) | (failures.c.locked_until < cutoff)
        )
        self.connection.execute(delete(failures).where(stale))
        self.purge_expired_mail(now)

    # --- verification codes and session tokens ------------------------------------------

    def insert_verification_code(self, **values: Any) -> None:
        """Store a Verify Account code (hashed)."""
        self.connection.execute(insert(verification_codes).values(**values))

    def verification_code_by_hash(self, code_hash: str) -> Row | None:
        """The Verify Account code with this hash."""
        return self._for_update(select(verification_codes).where(verification_codes.c.code_hash == code_hash))

    def use_verification_code(self, code_hash: str, now: float) -> None:
        """Mark a Verify Account code redeemed."""
        statement = update(verification_codes).where(verification_codes.c.code_hash == code_hash)
        self.connection.execute(statement.values(used_at=now))

    def insert_token(self, **values: Any) -> None:
        """Store a session token (hashed)."""
        self.connection.execute(insert(auth_tokens).values(**values))

    def token_by_hash(self, token_hash: str) -> Row | None:
        """The session token with this hash."""
        return self._by_key(auth_tokens.c.token_hash, token_hash)

    def revoke_tokens_of_user(self, user_id: int, now: float) -> None:
        """End every session of a login (after a password change)."""
        statement = update(auth_tokens).where(auth_tokens.c.user_id == user_id, auth_tokens.c.revoked_at.is_(None))
        self.connection.execute(statement.values(revoked_at=now))

    # --- My Profile -----------------------------------------------------------------------

    def revoke_token(self, token_hash: str, now: float) -> None:
        """End one session (sign-out): the token is refused from now on."""
        statement = update(auth_tokens).where(auth_tokens.c.token_hash == token_hash, auth_tokens.c.revoked_at.is_(None))
        self.connection.execute(statement.values(revoked_at=now))

    def delete_login(self, user_id: int) -> None:
        """Delete a login and every row that belongs to it (unsubscribe), children first.

        Every table with a ``user_id`` column pointing at ``users`` is
        emptied of this login's rows (registrations, sessions, codes, and any
        table added later, contacts included), so no new table can be left
        holding a deleted member's data.
        """
        for table in reversed(metadata.sorted_tables):
            column = table.c.get("user_id")
            if column is not None and any(key.column.table is users for key in column.foreign_keys):
                self.connection.execute(delete(table).where(column == user_id))
        self.connection.execute(delete(users).where(users.c.id == user_id))

    # --- failed attempts and request rates ----------------------------------------------

    def failure(self, scope_key: str) -> Row | None:
        """The failed-attempt counter of one scope (whether or not it exists, held for this transaction)."""
        self.serialize(f"failures:{scope_key}")
        return self._by_key(failures.c.scope_key, scope_key, for_update=True)

    def save_failure(self, scope_key: str, *, count: int, window_started_at: float, locked_until: float | None) -> None:
        """Write the failed-attempt counter of one scope."""
        values = {"count": count, "window_started_at": window_started_at, "locked_until": locked_until}
        self.connection.execute(self._upsert(failures, ["scope_key"], {"scope_key": scope_key, **values}, values))

    def clear_failure(self, scope_key: str) -> None:
        """Forget the failed attempts of one scope (after a success)."""
        self.connection.execute(delete(failures).where(failures.c.scope_key == scope_key))

    # --- idempotency ---------------------------------------------------------------------

    def idempotent_answer(self, key: str) -> Row | None:
        """The answer stored under an Idempotency-Key (held for this transaction, so a twin request waits for it)."""
        self.serialize(f"idempotency:{key}")
        return self._one(select(idempotency).where(idempotency.c.key == key))

    def save_idempotent_answer(self, **values: Any) -> None:
        """Remember the answer given to an Idempotency-Key."""
        self.connection.execute(insert(idempotency).values(**values))

    # --- outbox --------------------------------------------------------------------------

    def insert_mail(self, **values: Any) -> int:
        """Queue an e-mail; returns its id."""
        return _new_id(self.connection.execute(insert(outbox).values(**values)))

    def mails_to(self, to_key: str, limit: int = 100) -> list[Row]:
        """The e-mails sent to a case-folded address that still hold their body, newest first."""
        wanted = (outbox.c.to_key == to_key) & (outbox.c.body != "")
        statement = select(outbox).where(wanted).order_by(outbox.c.id.desc()).limit(limit)
        return [Row(dict(r._mapping)) for r in self.connection.execute(statement)]

    def purge_expired_mail(self, now: float) -> None:
        """Blank the bodies whose code or temporary password has expired: nothing left worth keeping."""
        expired = (outbox.c.expires_at <= now) & (outbox.c.body != "")
        self.connection.execute(update(outbox).where(expired).values(body=""))

    def mark_mail_delivered(self, mail_id: int, now: float, *, keep_body: bool) -> None:
        """Record an SMTP delivery; outside demo mode the body (which holds a secret) is dropped."""
        values: dict[str, Any] = {"delivered_at": now}
        if not keep_body:
            values["body"] = ""
        self.connection.execute(update(outbox).where(outbox.c.id == mail_id).values(**values))

    # --- contacts ----------------------------------------------------------------------------

    def contacts_of_user(self, user_id: int) -> list[Row]:
        """The login's extra contacts, oldest first."""
        statement = select(contacts).where(contacts.c.user_id == user_id).order_by(contacts.c.id)
        return [Row(dict(r._mapping)) for r in self.connection.execute(statement)]

    def contact_of_user(self, user_id: int, contact_id: int) -> Row | None:
        """One contact of the login (None when the id is not one of its own)."""
        return self._for_update(select(contacts).where(contacts.c.id == contact_id, contacts.c.user_id == user_id))

    def insert_contact(self, **values: Any) -> int:
        """Add a pending contact; returns its id."""
        return _new_id(self.connection.execute(insert(contacts).values(**values)))

    def update_contact(self, contact_id: int, **values: Any) -> None:
        """Change columns of one contact (a new code, its confirmation)."""
        self.connection.execute(update(contacts).where(contacts.c.id == contact_id).values(**values))

    def delete_contact(self, contact_id: int) -> None:
        """Remove one contact."""
        self.connection.execute(delete(contacts).where(contacts.c.id == contact_id))

    def delete_contacts_of_user(self, user_id: int) -> None:
        """Remove every contact of a login (before the login itself goes: the rows refer to it)."""
        self.connection.execute(delete(contacts).where(contacts.c.user_id == user_id))
    # --- Forgot Password --------------------------------------------------------------------

    def insert_password_reset(self, **values: Any) -> None:
        """Store a reset code (hashed)."""
        self.connection.execute(insert(password_resets).values(**values))

    def password_reset_by_hash(self, code_hash: str) -> Row | None:
        """The reset code with this hash."""
        return self._for_update(select(password_resets).where(password_resets.c.code_hash == code_hash))

    def void_password_resets_of_user(self, user_id: int, now: float) -> None:
        """Use up every unused reset code of a login (a newer one replaces them; a new password ends them)."""
        statement = update(password_resets).where(password_resets.c.user_id == user_id, password_resets.c.used_at.is_(None))
        self.connection.execute(statement.values(used_at=now))

    def void_verification_codes_of_user(self, user_id: int, now: float) -> None:
        """Use up every unused Verify Account code of a login (a new password makes them pointless)."""
        statement = update(verification_codes).where(
            verification_codes.c.user_id == user_id, verification_codes.c.used_at.is_(None)
        )
        self.connection.execute(statement.values(used_at=now))

    def hint_answer_hash_of_user(self, user_id: int) -> str | None:
        """The secret hint answer (hashed) of the login's oldest registration that has one, or None."""
        statement = (
            select(registrations.c.hint_answer_hash)
            .where(registrations.c.user_id == user_id, registrations.c.hint_answer_hash.is_not(None))
            .order_by(registrations.c.id)
            .limit(1)
        )
        return self.connection.execute(statement).scalar()

    def clear_failures_with_prefix(self, prefix: str) -> None:
        """Forget the failed attempts of every scope whose key starts with `prefix` (a login at every address)."""
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        self.connection.execute(delete(failures).where(failures.c.scope_key.like(escaped + "%", escape="\\")))

    def purge_expired_password_resets(self, cutoff: float) -> None:
        """Delete reset codes long past use."""
        self.connection.execute(delete(password_resets).where(password_resets.c.expires_at < cutoff))

    # --- agents ------------------------------------------------------------------------------

    def insert_agent(self, *, name: str, key_hash: str, created_at: float) -> int:
        """Add an agent; raises `Conflict` when the name (or, never in practice, the key) is taken."""
        try:
            with self.connection.begin_nested():
                result = self.connection.execute(insert(agents).values(name=name, key_hash=key_hash, created_at=created_at))
                return _new_id(result)
        except IntegrityError:
            raise Conflict("agent exists") from None

    def agent_by_key_hash(self, key_hash: str) -> Row | None:
        """The agent whose key has this HMAC."""
        return self._one(select(agents).where(agents.c.key_hash == key_hash))

    def agent_by_name(self, name: str) -> Row | None:
        """The agent with this name."""
        return self._one(select(agents).where(agents.c.name == name))

    def all_agents(self) -> list[Row]:
        """Every agent, oldest first."""
        return [Row(dict(r._mapping)) for r in self.connection.execute(select(agents).order_by(agents.c.id))]

    def revoke_agent(self, agent_id: int, now: float) -> None:
        """Refuse this agent's key from now on."""
        self.connection.execute(update(agents).where(agents.c.id == agent_id).values(revoked_at=now))

    def registration_of(self, account_id: int, email_key: str) -> Row | None:
        """The registration of this account to the login of this e-mail (what a completed session made)."""
        statement = (
            select(registrations)
            .join(users, users.c.id == registrations.c.user_id)
            .where(registrations.c.account_id == account_id, users.c.email_key == email_key)
        )
        return self._one(statement)
    # --- one statement per counted request ----------------------------------------------

    def bump_request_count(self, client: str, window_start: int) -> int:
        """Count one request of `client` in the minute starting at `window_start`: one upsert; the count.

        Why not also delete old windows here: that is a second statement under
        the write lock each time, for rows that go stale once a minute; the
        service deletes them with `forget_request_windows_before` when a new
        minute starts.
        """
        statement = _built(("request count upsert", self.is_postgresql), self._request_count_upsert)
        return int(self.connection.execute(statement, {"client": client, "window_start": window_start}).scalar_one())

    def _request_count_upsert(self) -> Any:
        values = {"client": bindparam("client"), "window_start": bindparam("window_start"), "count": 1}
        statement = self._upsert(rate_windows, ["client", "window_start"], values, {"count": rate_windows.c.count + 1})
        return statement.returning(rate_windows.c.count)

    def failure_as_committed(self, scope_key: str) -> Row | None:
        """The failed-attempt counter of one scope as last committed, without holding it (`failure` holds it).

        For checks that only read (is this scope locked?): holding the
        counter there made a lookup wait on the client address's lock while
        another request held the billing account's row and waited for that
        address's lock, a deadlock PostgreSQL broke by failing one of them
        (under load, half the registrations).  Counting a failure still holds
        the counter (`failure`), so no failure is lost.
        """
        return self._by_key(failures.c.scope_key, scope_key)

    def forget_request_windows_before(self, window_start: int) -> None:
        """Delete the request counts of minutes before `window_start`: no limit looks at them again."""
        self.connection.execute(delete(rate_windows).where(rate_windows.c.window_start < window_start))

    # --- counts, for tests and health --------------------------------------------------------

    def count_rows(self, table_name: str) -> int:
        """How many rows a table holds (tests check that refused requests wrote nothing)."""
        table = metadata.tables[table_name]
        return self.connection.execute(select(func.count()).select_from(table)).scalar_one()
