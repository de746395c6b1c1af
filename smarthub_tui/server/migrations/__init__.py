"""The server's schema migrations (Alembic), run by the server itself when it opens its database.

Why inside the server: an operator upgrades the package and starts it; no
separate ``alembic`` command to know, no version to forget.  `upgrade` runs
in the transaction `Store` opened for it, after it took the migration lock
(SQLite: ``BEGIN IMMEDIATE``; PostgreSQL: an advisory lock), so two servers
starting at once never both migrate: the second waits, then finds the schema
up to date.  On both databases the DDL is transactional, so a failed
migration leaves the schema as it was.

Revision files live in ``versions/`` (package data), one per change, named
``NNNN_what.py`` with ``revision = "NNNN_what"``; docs/architecture.md ("Changing
the schema") has the recipe.  A database made before migrations existed
(``meta.schema_version`` 2, no ``alembic_version`` table) is stamped with the
baseline, then upgraded like any other.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from alembic.script import ScriptDirectory
    from sqlalchemy import Connection

MIGRATIONS = Path(__file__).resolve().parent
BASELINE = "0001_baseline"


@functools.cache
def script_directory() -> ScriptDirectory:
    """The revision files (read once per process)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS))


def head() -> str:
    """The newest revision this server knows."""
    revision = script_directory().get_current_head()
    if revision is None:
        raise RuntimeError(f"no migrations in {MIGRATIONS}: the package is incomplete")
    return revision


def upgrade(connection: Connection) -> tuple[list[str], str]:
    """Bring the schema to the newest revision; returns (revisions applied, revision now in force).

    Raises `StoreError` when the database carries a revision this server does
    not know (a newer server wrote it).
    """
    # Alembic narrates every step at INFO; the server says in one line what it applied (see `Store`).
    logging.getLogger("alembic").setLevel(logging.WARNING)
    from alembic.config import Config
    from alembic.runtime.environment import EnvironmentContext
    from alembic.runtime.migration import MigrationContext, MigrationInfo
    from alembic.util import CommandError

    from smarthub_tui.server.store import StoreError, meta, metadata

    script = script_directory()
    current = MigrationContext.configure(connection).get_current_revision()
    if current is None and connection.dialect.has_table(connection, meta.name):
        # Made by the server before migrations (schema 2 was checked by the caller): it is the baseline.
        MigrationContext.configure(connection).stamp(script, BASELINE)
        current = BASELINE
    if current is not None:
        try:
            script.get_revision(current)
        except CommandError:
            raise StoreError(f"the database was written by a newer server (migration {current})") from None
    target = head()
    if current == target:
        return [], target
    applied: list[str] = []

    def steps(revision: Any, _context: Any) -> Any:
        return script._upgrade_revs(target, revision)  # what `alembic upgrade` itself calls

    def record(ctx: MigrationContext, step: MigrationInfo, heads: Collection[Any], run_args: Mapping[str, Any]) -> None:
        applied.append(str(step.up_revision_id))

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with EnvironmentContext(config, script, fn=steps, destination_rev=target) as environment:
        environment.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=True,  # SQLite alters a table by copying it; batch mode does that for us
            on_version_apply=record,
        )
        with environment.begin_transaction():  # the caller's transaction: nothing new is begun
            environment.run_migrations()
    return applied, target
