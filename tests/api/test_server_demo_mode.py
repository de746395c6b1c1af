"""The demo's own server side: the accounts the welcome screen lists do register, and a reset returns the store to its seed."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from smarthub_tui.backend.base import InvalidCredentials
from smarthub_tui.backend.embedded import demo_controls, embedded_backend
from smarthub_tui.backend.http import HttpBackend
from smarthub_tui.profiles import IdentityOption
from smarthub_tui.server.fixtures import demo_accounts_for, load_demo_data
from smarthub_tui.server.store import metadata
from tests.support.harness import Member, build_app, profile_with, register_by_api


@pytest.mark.parametrize("name", ["default", "pec", "jecec", "pec-setup"])
async def test_every_listed_account_registers_with_the_zip_shown(name):
    profile = profile_with(name, captchaDifficultyBits=8)
    rows = demo_accounts_for(profile)
    assert rows, "a demo with nothing to register"
    ssn4 = {account.accountNumber: account.ssn4 for account in load_demo_data().accounts}
    zip_option = next(option for option in profile.identityOptions if option is not IdentityOption.SSN4)
    _, transport = build_app(profile, fast=True)
    for number, row in enumerate(rows):
        identity = {zip_option.value: row.zip_code}
        if profile.identityAnswersRequired > 1 or profile.ssnRequired:
            identity["ssn4"] = ssn4[row.account_number]
        member = Member(row.account_number, row.last_name, f"demo{number}@example.com", identity)
        assert await register_by_api(transport, profile, member, set_password=False)


def table_counts(store) -> dict[str, int]:
    with store.transaction() as tx:
        return {table.name: tx.connection.execute(select(func.count()).select_from(table)).scalar_one() for table in metadata.sorted_tables}


async def test_reset_returns_every_table_to_the_seed_and_keeps_the_key():
    backend = embedded_backend("default")
    controls = demo_controls(backend)
    assert controls is not None
    store = controls._server.state.store
    seeded = table_counts(store)
    await backend.get_settings()
    for attempt in range(3):  # failed logins: counted, and the address's rate window
        with pytest.raises(InvalidCredentials):
            await backend.login("ana.alvarez@example.com", f"wrong-{attempt}")
    auth = await backend.login("ana.alvarez@example.com", "Demo-Pass1")
    assert auth
    assert table_counts(store) != seeded
    await controls.reset_demo()
    assert table_counts(store) == seeded
    # The database still opens with its key (meta kept), and the demo login works again.
    assert await backend.login("ana.alvarez@example.com", "Demo-Pass1")
    await backend.aclose()


def test_only_the_demo_in_this_process_has_controls():
    assert demo_controls(HttpBackend("http://127.0.0.1:1")) is None
    assert demo_controls(embedded_backend("default", demo=False)) is None
