"""Demo data, the database on disk, and the security primitives behind the API.

Why: the README prints DEMO_ACCOUNTS.md and demos rely on it, so the table
must say exactly what the fixture file seeds and which profile accepts
which account; a file database must survive a second start (and a second
process) without duplicating anything or changing its key; and generated
temporary passwords must pass the very policy they will be checked against.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smarthub_tui.profiles import BUILTIN_PROFILES, IdentityOption, PasswordPolicy, load_profile
from smarthub_tui.server import security
from smarthub_tui.server.app import create_app
from smarthub_tui.server.fixtures import load_demo_data
from smarthub_tui.server.keys import ServerKeys
from smarthub_tui.server.store import Store
from smarthub_tui.validation import check_password

DEMO_TABLE = Path(__file__).parents[2] / "smarthub_tui" / "server" / "DEMO_ACCOUNTS.md"
OPTION_FIELDS = {IdentityOption.BILLING_ZIP: "billingZip", IdentityOption.MAILING_ZIP: "mailingZip", IdentityOption.SSN4: "ssn4"}


def table_rows() -> list[list[str]]:
    """The rows of the demo-accounts table (the one whose first column is an account number)."""
    rows = []
    for line in DEMO_TABLE.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if cells and re.fullmatch(r"[0-9]{8,10}", cells[0]):
            rows.append(cells)
    return rows


def registers_with(account) -> list[str]:
    """Which built-in profiles accept `account` (enough identity data on file)."""
    accepted = []
    for name in BUILTIN_PROFILES:
        profile = load_profile(name)
        on_file = [o for o in profile.identityOptions if getattr(account, OPTION_FIELDS[o])]
        if len(on_file) >= profile.identityAnswersRequired and (not profile.ssnRequired or IdentityOption.SSN4 in on_file):
            accepted.append(name)
    return accepted


def test_demo_table_matches_the_fixture_file():
    data = load_demo_data()
    rows = {row[0]: row for row in table_rows()}
    assert set(rows) == {account.accountNumber for account in data.accounts}
    for account in data.accounts:
        number, last, holder, billing, mailing, ssn4, profiles, _ = rows[account.accountNumber]
        assert (last, holder) == (account.lastNameOrBusiness, account.holderName)
        assert (billing, mailing, ssn4) == tuple(v or "–" for v in (account.billingZip, account.mailingZip, account.ssn4))
        expected = registers_with(account)
        assert profiles == (", ".join(expected) if expected else "none")
    text = DEMO_TABLE.read_text(encoding="utf-8")
    for registration in data.registrations:
        assert f"| {registration.email} | {registration.password} | {registration.accountNumber} |" in text


def test_demo_data_covers_what_demos_need():
    data = load_demo_data()
    combos = {tuple(bool(getattr(a, f)) for f in ("billingZip", "mailingZip", "ssn4")) for a in data.accounts}
    # Each single option, all three, billing ZIP + SSN4 (jecec's pair), and nothing at all.
    singles = [(True, False, False), (False, True, False), (False, False, True)]
    for combo in [*singles, (True, True, True), (True, False, True), (False, False, False)]:
        assert combo in combos
    names = {a.lastNameOrBusiness for a in data.accounts}
    assert {"Peña", "Nguyễn", "Hill Country Bakery LLC"} <= names
    assert all(8 <= len(a.accountNumber) <= 10 for a in data.accounts)
    assert data.registrations, "one account must already be registered"
    for name in BUILTIN_PROFILES:
        assert sum(name in registers_with(a) for a in data.accounts) >= 3


def test_file_database_survives_restarts_and_is_seeded_once(tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    first = create_app(profile=load_profile("pec"), database_url=url, demo=True)
    second = create_app(profile=load_profile("jecec"), database_url=url, demo=True)
    for app in (first, second):
        with app.state.store.transaction() as tx:
            assert tx.count_rows("accounts") == len(load_demo_data().accounts)
            assert tx.count_rows("registrations") == 1
            assert tx.count_rows("users") == 1
    assert first.state.service._secret_key == second.state.service._secret_key
    with first.state.store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 10_000


def test_a_given_secret_key_is_used_and_not_stored(tmp_path):
    url = f"sqlite:///{tmp_path / 'keyed.db'}"
    app = create_app(profile=load_profile("pec"), database_url=url, secret_key=b"x" * 32)
    assert app.state.service._keys.fingerprint == ServerKeys.from_master(b"x" * 32).fingerprint
    assert not (tmp_path / "keyed.db.key").exists()
    with app.state.store.transaction() as tx:
        assert tx.get_meta("secret_key") is None


def test_without_demo_there_are_no_accounts():
    app = create_app(profile=load_profile("pec"))
    with app.state.store.transaction() as tx:
        assert tx.count_rows("accounts") == 0


def test_a_newer_schema_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'future.db'}"
    store = Store(url)
    with store.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    store.release()
    with pytest.raises(Exception, match="newer server"):
        Store(url)


@pytest.mark.parametrize("name", BUILTIN_PROFILES)
def test_temporary_passwords_meet_each_builtin_policy(name):
    policy = load_profile(name).passwordPolicy
    for _ in range(50):
        check_password(policy, security.new_temporary_password(policy, email="jane@example.com"))


@settings(max_examples=60, deadline=None)
@given(
    minimum=st.integers(4, 20),
    extra=st.integers(0, 40),
    upper=st.booleans(),
    lower=st.booleans(),
    digit=st.booleans(),
    special=st.booleans(),
)
def test_temporary_passwords_meet_any_reasonable_policy(minimum, extra, upper, lower, digit, special):
    policy = PasswordPolicy(
        minimumPasswordLength=minimum,
        maximumPasswordLength=minimum + extra,
        requireUppercase=upper,
        requireLowercase=lower,
        requireDigit=digit,
        requireSpecial=special,
        blocklist=True,
        forbidEmail=True,
    )
    password = security.new_temporary_password(policy, email="a@example.com")
    check_password(policy, password, email="a@example.com")


def test_verification_codes_are_long_and_typeable():
    codes = {security.new_verification_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert re.fullmatch(r"([0-9A-HJKMNP-TV-Z]{5}-){3}[0-9A-HJKMNP-TV-Z]{5}", code)
        assert security.normalize_verification_code(code.lower().replace("-", " ")) == code.replace("-", "")


def test_argon2_parameters_are_owasp():
    stored = security.hash_secret("x")
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert security.verify_secret(stored, "x")
    assert not security.verify_secret(stored, "y")
    assert not security.verify_secret(None, "")
    assert not security.verify_secret("not a hash", "x")
