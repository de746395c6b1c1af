"""The lookup's purge of rows a day past use: at most once a minute, and still done (issue 11).

Why: the six deletes ran inside every lookup's transaction, holding the
write lock for rows that were already a day stale; the step from the
registration form to the CAPTCHA waited for them.  Every lookup still
blanks the e-mails whose secret expired (tests/api/test_server_outbox_secrets.py).
"""

from __future__ import annotations

from typing import Any

import pytest

from smarthub_tui.server.service import KEEP_EXPIRED_SECONDS, PURGE_EVERY_SECONDS
from smarthub_tui.server.store import Tx


@pytest.fixture
def purges(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The `now` of every full purge the server runs."""
    seen: list[float] = []
    purge = Tx.purge_expired

    def counted(self: Tx, now: float, keep_seconds: float) -> None:
        seen.append(now)
        purge(self, now, keep_seconds)

    monkeypatch.setattr(Tx, "purge_expired", counted)
    return seen


def _sessions(app: Any) -> int:
    with app.state.store.engine.connect() as connection:
        return connection.exec_driver_sql("SELECT COUNT(*) FROM registration_sessions").scalar_one()


async def test_lookups_within_a_minute_purge_once_at_most(make_app, api, member, clock, purges) -> None:
    app = make_app("default")
    m = member(await api(app), "default")
    for _ in range(3):
        assert (await m.lookup("1000234567", "Doe", "jane@example.com")).status_code == 200
        clock.advance(seconds=PURGE_EVERY_SECONDS / 4)
    assert len(purges) <= 1


async def test_a_lookup_a_minute_later_purges_what_is_a_day_stale(make_app, api, member, clock, purges) -> None:
    app = make_app("default")
    m = member(await api(app), "default")
    assert (await m.lookup("1000234567", "Doe", "jane@example.com")).status_code == 200
    assert _sessions(app) == 1
    clock.advance(seconds=KEEP_EXPIRED_SECONDS + 60 * 60)
    assert (await m.lookup("1000234567", "Doe", "jane@example.com")).status_code == 200
    assert purges, "the lookup a day later purged"
    assert _sessions(app) == 1, "the day-stale session went, the new one stays"
