"""A stolen database yields no usable secret: every table, column and file the server wrote, searched.

Why this test: the server must show a security phrase back and e-mail codes
and temporary passwords, so those sit in the database in some form; a test
that only checks the columns we think of would miss the one we did not.  So
after a full registration (a phrase, a `pec` temporary password, a `default`
Verify Account code, new passwords, tokens) this reads every value of every
table, and the raw bytes of every file in the database's folder (the
database, its -wal and -shm, anything else), and looks for each secret the
test typed or was given, in the forms a reader would try (as typed, case
folded, a code without its dashes).
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from smarthub_tui.contract import PASSWORD_PATH, PHRASE_PATH, SUMMARY_PATH

PHRASE = "Blue Kettle Sings At Noon"
HINT_ANSWER = "Rex the Dog"


def _needles(secrets: dict[str, str]) -> dict[str, re.Pattern[bytes]]:
    """One pattern per secret and form; short ones (an SSN4) only where no letter or digit borders them."""
    forms: dict[str, str] = {}
    for name, value in secrets.items():
        forms[name] = value
        forms[f"{name} (case-folded)"] = value.casefold()
        if "-" in value:
            forms[f"{name} (without dashes)"] = value.replace("-", "")
    patterns = {}
    for name, value in forms.items():
        literal = re.escape(value.encode("utf-8"))
        if len(value) < 8:
            literal = rb"(?<![0-9A-Za-z])" + literal + rb"(?![0-9A-Za-z])"
        patterns[name] = re.compile(literal, re.IGNORECASE)
    return patterns


def _found_in_tables(database: Path, patterns: dict[str, re.Pattern[bytes]]) -> list[str]:
    """`table.column: secret` for every value of every table that holds a secret."""
    found = []
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        assert "users" in tables and "outbox" in tables
        for table in tables:
            cursor = connection.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names read from sqlite_master
            columns = [d[0] for d in cursor.description]
            for row in cursor:
                for column, value in zip(columns, row, strict=True):
                    if value is None:
                        continue
                    data = value if isinstance(value, bytes) else str(value).encode("utf-8")
                    found += [f"{table}.{column}: {name}" for name, p in patterns.items() if p.search(data)]
    finally:
        connection.close()
    return found


def _found_in_files(folder: Path, patterns: dict[str, re.Pattern[bytes]]) -> list[str]:
    """`file: secret` for every file in `folder` whose bytes hold a secret."""
    files = [path for path in folder.rglob("*") if path.is_file()]
    assert files
    found = []
    for path in files:
        data = path.read_bytes()
        found += [f"{path.name}: {name}" for name, p in patterns.items() if p.search(data)]
    return found


async def _register_and_set_up(client: Any, m: Any, secured: Any, *, account: str, name: str, email: str,
                               identity: dict[str, str] | None, new_password: str) -> dict[str, str]:
    """The whole registration through the HTTP API; returns every secret it typed or was given."""
    secrets: dict[str, str] = {"new password": new_password, "security phrase": PHRASE}
    lookup = await m.lookup(account, name, email)
    assert lookup.status_code == 200, lookup.text
    secrets["registration id"] = m.registration_id
    captcha_id, answer = await m.captcha()
    secrets["captcha id"] = captcha_id
    changes: dict[str, Any] = {}
    if identity is not None:
        changes["identity"] = identity
        secrets.update({f"identity {key}": value for key, value in identity.items()})
    if m.profile.asks_hint_question:
        changes["hintAnswer"] = HINT_ANSWER
        secrets["hint answer"] = HINT_ANSWER
    receipt = await m.complete(m.completion(account, captcha_id, answer, **changes))
    assert receipt.status_code == 201, receipt.text

    credential = await m.credential(email)
    secrets["e-mailed code or temporary password"] = credential
    first = await m.sign_in(email)
    assert first.status_code == 200, first.text
    auth = first.json()
    secrets["first token"] = auth["authorizationToken"]
    current = None if m.profile.verificationStyle == "link" else credential
    changed = await client.post(
        PASSWORD_PATH,
        json={"currentPassword": current, "newPassword": new_password, "confirmPassword": new_password},
        headers=secured(auth),
    )
    assert changed.status_code == 200, changed.text
    auth = changed.json()
    secrets["second token"] = auth["authorizationToken"]
    phrase = await client.put(PHRASE_PATH, json={"phrase": PHRASE}, headers=secured(auth))
    assert phrase.status_code == 200, phrase.text
    summary = await client.get(SUMMARY_PATH, headers=secured(auth))
    assert summary.json()["securityPhraseSet"] is True
    return secrets


@pytest.mark.parametrize(
    ("profile", "account", "name", "identity", "new_password"),
    [
        # pec: a temporary password, a hint answer, and the SSN4 as the identity answer.
        ("pec", "1000234567", "Doe", {"ssn4": "4321"}, "Sunny7Day"),
        # default: a Verify Account code; the billing ZIP is account data on file, so not searched.
        ("default", "2000345678", "Peña", None, "a long walk in the hill country"),
    ],
)
async def test_no_secret_is_readable_in_the_database_or_its_files(
    tmp_path, clock, captcha_texts, cheap_profile, api, member, secured, profile, account, name, identity, new_password
):
    from smarthub_tui.server.app import create_app

    folder = tmp_path / "server"
    folder.mkdir()
    database = folder / "server.db"
    app = create_app(
        profile=cheap_profile(profile),
        database_url=f"sqlite:///{database}",
        demo=True,
        clock=clock,
        captcha_text_source=captcha_texts,
    )
    client = await api(app)
    m = member(client, profile)
    secrets = await _register_and_set_up(
        client, m, secured, account=account, name=name, email=f"{profile}.member@example.com",
        identity=identity, new_password=new_password,
    )
    patterns = _needles(secrets)

    # While the server runs (the -wal file holds the newest pages) ...
    found = _found_in_tables(database, patterns) + _found_in_files(folder, patterns)
    # ... and once it has stopped and SQLite has folded the -wal into the database.
    app.state.store.close()
    found += _found_in_tables(database, patterns) + _found_in_files(folder, patterns)
    assert not found, "secrets readable at rest:\n" + "\n".join(found)
