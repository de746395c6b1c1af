"""Demo data: the billing accounts and registrations of `demo_accounts.toml`, seeded on demand.

Why a data file: docs/architecture.md section 4 wants demo accounts that the README prints and a
demo can rely on; keeping them in TOML (validated here) lets the table in
DEMO_ACCOUNTS.md and the database come from one source.  Seeding is
idempotent (an account number already present is left alone) and runs in
one transaction, so two processes starting together on one database agree.

The SSN4 digits and the demo password are stored argon2-hashed like real
ones.  Hashing is slow on purpose (about 8 hashes, a quarter second on a
small machine, at every start of the demo), so the hashes are precomputed
in `demo_hashes.toml`, each next to a SHA-256 of the value it hashes: one
whose value or argon2 parameters no longer match is computed afresh, so an
edited fixture file is never wrong, only slower until
``python -m smarthub_tui.server.fixtures`` writes the file again.  The
hashes are computed (or read) once per process and reused by every app a
test suite creates.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import delete

from smarthub_tui.profiles import CoopProfile, IdentityOption
from smarthub_tui.validation import name_key, normalize_account_number, normalize_email, normalize_ssn4, normalize_zip

from . import security
from .store import Tx, meta, metadata

FIXTURE_FILE = Path(__file__).with_name("demo_accounts.toml")
# --- agents ---
DEMO_AGENT_NAME = "demo-agent"
DEMO_AGENT_KEY = "sha_demo-agent-key-for-the-embedded-demo-only-000"
"""The key of the demo agent a demo server (``demo=True`` only) seeds, so agent mode works with no set-up.

Demo data only: it is published here, so anyone can use it against a demo
server, which opens its outbox to anyone anyway.  A real server has no such
agent: its operator issues keys with ``smarthub-server agents add NAME``.
"""
HASHES_FILE = Path(__file__).with_name("demo_hashes.toml")
DEMO_TERMS_VERSION = "demo-fixture"


class DemoAccount(BaseModel):
    """One billing account of the fixture file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    accountNumber: str = Field(pattern=r"^[0-9]{8,10}$")
    holderName: str = Field(min_length=1, max_length=200)
    lastNameOrBusiness: str = Field(min_length=1, max_length=100)
    billingZip: str | None = None
    mailingZip: str | None = None
    ssn4: str | None = None
    note: str = ""


class DemoRegistration(BaseModel):
    """An account already registered to an e-mail address, with a password that logs in."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    accountNumber: str
    email: str
    password: str = Field(min_length=1)


class DemoData(BaseModel):
    """The whole fixture file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    accounts: list[DemoAccount]
    registrations: list[DemoRegistration] = []


def load_demo_data(path: Path = FIXTURE_FILE) -> DemoData:
    """Read and validate the fixture file (normalising ZIPs, SSN4, names and e-mails as the server does)."""
    data = DemoData.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    for account in data.accounts:
        normalize_account_number(account.accountNumber)
        name_key(account.lastNameOrBusiness)
        for zip_code in (account.billingZip, account.mailingZip):
            if zip_code is not None:
                normalize_zip(zip_code)
        if account.ssn4 is not None:
            normalize_ssn4(account.ssn4)
    numbers = {a.accountNumber for a in data.accounts}
    for registration in data.registrations:
        if registration.accountNumber not in numbers:
            raise ValueError(f"registration for unknown demo account {registration.accountNumber}")
        normalize_email(registration.email)
    return data


@dataclass(frozen=True)
class _Hashes:
    ssn4: dict[str, str]
    passwords: dict[str, str]


def _digest(value: str) -> str:
    """What a precomputed hash is checked against: cheap, unlike argon2 (the values are the fixture file's, not secrets)."""
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def _precomputed(path: Path = HASHES_FILE) -> dict[str, dict[str, dict[str, str]]]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}


def _hash_of(table: dict[str, dict[str, str]], key: str, value: str) -> str:
    """The precomputed hash of `value` when it is still the right one, else a fresh one."""
    entry = table.get(key, {})
    stored = entry.get("hash", "")
    if entry.get("digest") == _digest(value) and stored.startswith("$argon2") and not security._HASHER.check_needs_rehash(stored):
        return stored
    return security.hash_secret(value)


@lru_cache(maxsize=1)
def _hashes() -> _Hashes:
    data = load_demo_data()
    stored = _precomputed()
    ssn4_table, password_table = stored.get("ssn4", {}), stored.get("passwords", {})
    ssn4 = {a.accountNumber: _hash_of(ssn4_table, a.accountNumber, a.ssn4) for a in data.accounts if a.ssn4}
    passwords = {r.email: _hash_of(password_table, r.email, r.password) for r in data.registrations}
    return _Hashes(ssn4=ssn4, passwords=passwords)


def write_demo_hashes(path: Path = HASHES_FILE) -> None:
    """Write the precomputed hashes of the fixture file's secrets (run after editing demo_accounts.toml)."""
    data = load_demo_data()
    lines = ["# Precomputed argon2id hashes of demo_accounts.toml's secrets: `python -m smarthub_tui.server.fixtures`.",
             "# Each is used only while `digest` (SHA-256 of the value) and the argon2 parameters still match.", ""]
    for table, entries in (
        ("ssn4", [(a.accountNumber, a.ssn4) for a in data.accounts if a.ssn4]),
        ("passwords", [(r.email, r.password) for r in data.registrations]),
    ):
        for key, value in entries:
            lines += [f'[{table}."{key}"]', f'digest = "{_digest(value)}"', f'hash = "{security.hash_secret(value)}"', ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def seed_demo_data(tx: Tx, now: float) -> int:
    """Insert the demo accounts and registrations that are missing; returns how many accounts were added."""
    data = load_demo_data()
    hashes = _hashes()
    added = 0
    for account in data.accounts:
        if tx.account_by_number(account.accountNumber) is not None:
            continue
        tx.insert_account(
            account_number=account.accountNumber,
            holder_name=account.holderName,
            name_key=name_key(account.lastNameOrBusiness),
            billing_zip=normalize_zip(account.billingZip) if account.billingZip else None,
            mailing_zip=normalize_zip(account.mailingZip) if account.mailingZip else None,
            ssn4_hash=hashes.ssn4.get(account.accountNumber),
        )
        added += 1
    for registration in data.registrations:
        _seed_registration(tx, registration, hashes.passwords[registration.email], now)
    return added


def _seed_registration(tx: Tx, registration: DemoRegistration, password_hash: str, now: float) -> None:
    email = normalize_email(registration.email)
    key = email.casefold()
    account = tx.account_by_number(registration.accountNumber)
    if account is None or tx.registration_exists(account.id, key):
        return
    user = tx.user_by_email_key(key)
    user_id = user.id if user is not None else tx.insert_user(email=email, email_key=key, now=now)
    tx.update_user(user_id, password_hash=password_hash, email_verified_at=now)
    tx.insert_registration(
        account_id=account.id,
        user_id=user_id,
        created_at=now,
        terms_version=DEMO_TERMS_VERSION,
        terms_accepted_at=now,
    )


# --- demo mode (issue 10): the accounts a presenter registers with, and starting over ---------------


@dataclass(frozen=True)
class DemoAccountRow:
    """One line of the welcome screen's demo table: what a presenter types on the registration form and the identity step."""

    account_number: str
    last_name: str
    """The Last Name or Business as the form asks it (not the holder's full name)."""
    zip_code: str


def demo_accounts_for(profile: CoopProfile) -> list[DemoAccountRow]:
    """The demo accounts that register under `profile` with a ZIP code, in the fixture file's order.

    The same rule as the server's identity step (the profile's options that
    the account has on file, enough of them, SSN4 where the co-op requires
    it), so the list never offers an account the co-op would refuse.  Left
    out: accounts already registered (they show the "already registered"
    alert, not a registration), and those with no ZIP this co-op asks, which
    would need an SSN4 on the screen.
    """
    data = load_demo_data()
    registered = {registration.accountNumber for registration in data.registrations}
    rows = []
    for account in data.accounts:
        on_file = {
            IdentityOption.BILLING_ZIP: account.billingZip,
            IdentityOption.MAILING_ZIP: account.mailingZip,
            IdentityOption.SSN4: account.ssn4,
        }
        options = [option for option in profile.identityOptions if on_file[option]]
        if account.accountNumber in registered or len(options) < profile.identityAnswersRequired:
            continue
        if profile.ssnRequired and IdentityOption.SSN4 not in options:
            continue
        zip_code = next((on_file[option] for option in options if option is not IdentityOption.SSN4), None)
        if zip_code:
            rows.append(DemoAccountRow(account.accountNumber, account.lastNameOrBusiness, normalize_zip(zip_code)))
    return rows


def reset_demo_data(tx: Tx, now: float) -> None:
    """Back to the seed: every table emptied (registrations, logins, sessions, mail, lockouts), then the demo data seeded again.

    Only the ``meta`` table stays: it holds the schema version and the
    fingerprint of the server's key, which belong to the database, not to
    the demo.  Children first, so no foreign key is left dangling; a table
    added later is emptied too without being named here.
    """
    for table in reversed(metadata.sorted_tables):
        if table is not meta:
            tx.connection.execute(delete(table))
    seed_demo_data(tx, now)


if __name__ == "__main__":
    write_demo_hashes()
