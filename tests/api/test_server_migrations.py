"""The schema's migrations: they build what `metadata` says, and they upgrade an older database in place.

Why: the server creates and upgrades its schema itself with Alembic
(smarthub_tui/server/migrations).  Two things can go wrong without anyone
noticing: a table or column added to `metadata` without a migration (a new
database works, an upgraded one does not), and a database made by the server
before migrations existed failing to open or losing its data.  Each test
runs on SQLite and on the suite's PostgreSQL (`store_backend`).
"""

from __future__ import annotations

import logging
import secrets
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, insert, text

from smarthub_tui.contract import ErrorCode
from smarthub_tui.server import migrations
from smarthub_tui.server.app import create_app
from smarthub_tui.server.keys import ServerKeys
from smarthub_tui.server.security import hash_secret
from smarthub_tui.server.store import Store, StoreError, make_engine, metadata
from smarthub_tui.validation import name_key
from tests.api.conftest import cheap_profile
from tests.api.data import schema_v2

KEY = b"migration test key, 32 bytes long"
START_DEADLINE_SECONDS = 60


@pytest.fixture
def empty_database_url(store_backend, tmp_path, request):
    """A database with no tables at all (not the suite's migrated template)."""
    if store_backend == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.db'}"
    postgres = request.getfixturevalue("postgres")
    name = f"e_{secrets.token_hex(6)}"
    url = postgres.create_database(name)
    request.addfinalizer(lambda: postgres.drop_database(name))
    return url


def _differences(url: str) -> list:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return compare_metadata(MigrationContext.configure(connection), metadata)
    finally:
        engine.dispose()


def test_the_migrations_build_exactly_the_schema_metadata_describes(empty_database_url, caplog):
    caplog.set_level(logging.INFO, logger="smarthub_tui.server.store")
    Store(empty_database_url).close()
    assert f"database: applied migration {migrations.BASELINE}" in caplog.messages
    # Add a table or column to store.metadata without a migration (or the reverse) and this lists it.
    assert _differences(empty_database_url) == []


def test_a_migrated_database_opens_again_without_migrating(empty_database_url, caplog):
    Store(empty_database_url).close()
    caplog.set_level(logging.INFO, logger="smarthub_tui.server.store")
    Store(empty_database_url).close()
    assert caplog.messages == [f"database: schema up to date ({migrations.head()})"]


def _make_previous_server_database(url: str) -> None:
    """What the server before migrations left: create_all of its schema, its meta rows, one registration."""
    engine = create_engine(url)
    with engine.begin() as connection:
        schema_v2.metadata.create_all(connection)
        connection.execute(
            insert(schema_v2.meta),
            [
                {"key": "schema_version", "value": str(schema_v2.SCHEMA_VERSION)},
                {"key": "key_fingerprint", "value": ServerKeys.from_master(KEY).fingerprint},
            ],
        )
        connection.execute(
            insert(schema_v2.accounts).values(
                id=1, account_number="1000234567", holder_name="Jane Doe", name_key=name_key("Doe"), billing_zip="78636"
            )
        )
        connection.execute(
            insert(schema_v2.users).values(
                id=1,
                email="jane@example.com",
                email_key="jane@example.com",
                created_at=1.0,
                password_hash=hash_secret("an old and trusted password"),
                email_verified_at=2.0,
            )
        )
        connection.execute(
            insert(schema_v2.registrations).values(
                id=1, account_id=1, user_id=1, created_at=1.0, terms_version="2024-01", terms_accepted_at=1.0
            )
        )
    engine.dispose()


def _revisions_after_baseline() -> list[str]:
    """Every revision after the baseline, oldest first (what a database of the previous server is given)."""
    walk = [script.revision for script in migrations.script_directory().walk_revisions()]
    return list(reversed(walk[: walk.index(migrations.BASELINE)]))


LATER = _revisions_after_baseline()


async def test_a_database_of_the_server_before_migrations_upgrades_in_place_with_its_data(empty_database_url, api, member, caplog):
    _make_previous_server_database(empty_database_url)
    caplog.set_level(logging.INFO, logger="smarthub_tui.server.store")
    app = create_app(profile=cheap_profile("default"), database_url=empty_database_url, secret_key=KEY)
    try:
        # Stamped as the baseline, then given every later revision, each said in one line.
        assert caplog.messages[: len(LATER)] == [f"database: applied migration {revision}" for revision in LATER]
        with app.state.store.transaction() as tx:
            assert tx.count_rows("registrations") == 1
            # 0002_agents: the old registrations were the members' own, their terms ticked on screen.
            assert tx.connection.execute(text("SELECT agent_id, terms_acceptance FROM registrations")).all() == [(None, "clicked")]
            assert tx.connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == migrations.head()
        # The server serves what the old one stored: the login works, and the account is known as registered.
        m = member(await api(app), "default")
        assert (await m.login("jane@example.com", "an old and trusted password")).status_code == 200
        refused = await m.lookup("1000234567", "Doe", "jane@example.com")
        assert refused.status_code == 409 and refused.json()["code"] == ErrorCode.ALREADY_REGISTERED
    finally:
        app.state.store.close()
    assert _differences(empty_database_url) == []


LATER_MIGRATION = '''"""A later migration, for the test only.

Revision ID: 9000_test_column
Revises: {head}
"""

import sqlalchemy as sa
from alembic import op

revision = "9000_test_column"
down_revision = "{head}"


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("test_column", sa.String(20)))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("test_column")
'''


async def test_an_old_database_is_stamped_as_baseline_then_given_the_later_migrations(
    empty_database_url, tmp_path, monkeypatch, caplog
):
    folder = tmp_path / "migrations"
    shutil.copytree(migrations.MIGRATIONS, folder, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "versions" / "9000_test_column.py").write_text(LATER_MIGRATION.replace("{head}", migrations.head()), encoding="utf-8")
    monkeypatch.setattr(migrations, "MIGRATIONS", Path(folder))
    monkeypatch.setattr(migrations, "script_directory", _uncached_script_directory(folder))
    _make_previous_server_database(empty_database_url)
    caplog.set_level(logging.INFO, logger="smarthub_tui.server.store")
    store = Store(empty_database_url)
    try:
        assert caplog.messages == [f"database: applied migration {revision}" for revision in [*LATER, "9000_test_column"]]
        with store.transaction() as tx:
            assert tx.connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "9000_test_column"
            assert tx.connection.execute(text("SELECT test_column FROM users")).all() == [(None,)]
            assert tx.count_rows("registrations") == 1
    finally:
        store.close()


def _uncached_script_directory(folder: Path):
    from alembic.script import ScriptDirectory

    return lambda: ScriptDirectory(str(folder))


def test_a_database_from_a_newer_server_is_refused(empty_database_url):
    Store(empty_database_url).close()
    engine = make_engine(empty_database_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    engine.dispose()
    with pytest.raises(StoreError, match="newer server"):
        Store(empty_database_url)


def test_servers_starting_together_migrate_once(empty_database_url, caplog):
    caplog.set_level(logging.INFO, logger="smarthub_tui.server.store")
    pool = ThreadPoolExecutor(max_workers=4)
    starts = [pool.submit(Store, empty_database_url) for _ in range(4)]
    try:
        # Without the migration lock, starts block each other for good: fail then, do not hang the suite.
        stores = [start.result(timeout=START_DEADLINE_SECONDS) for start in starts]
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    for store in stores:
        store.close()
    # One applied every revision; the others waited for its lock and found the schema up to date.
    assert sorted(caplog.messages) == sorted(
        [f"database: applied migration {revision}" for revision in [migrations.BASELINE, *LATER]]
        + [f"database: schema up to date ({migrations.head()})"] * 3
    )
