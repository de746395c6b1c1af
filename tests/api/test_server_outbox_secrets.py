"""E-mails that carry a code or temporary password: sealed while they wait, gone once sent or expired.

Why: without an SMTP server (and always in demo mode) the outbox table is
where the Verify Account code or temporary password waits; it must not be
readable there, and must not stay there once it could no longer be used or
has left by SMTP.  The demo inbox still shows the text, so the wizard's demo
inbox works as before.
"""

from __future__ import annotations

import re

from smarthub_tui.contract import VERIFY_PATH
from smarthub_tui.server.fixtures import seed_demo_data
from smarthub_tui.server.mail import Mail


class FakeSmtp:
    """Stands in for `SmtpSender`: records what it was given, reports success."""

    def __init__(self) -> None:
        self.sent: list[Mail] = []

    def send(self, mail: Mail) -> bool:
        self.sent.append(mail)
        return True


def _outbox_rows(app) -> list[dict]:
    with app.state.store.engine.connect() as connection:
        return [dict(row._mapping) for row in connection.exec_driver_sql("SELECT * FROM outbox ORDER BY id")]


async def test_a_waiting_mail_is_sealed_and_the_demo_inbox_opens_it(make_app, api, member):
    app = make_app("pec")
    m = member(await api(app), "pec")
    assert (await m.register("1000234567", "Doe", "jane@example.com")).status_code == 201
    temporary = await m.credential("jane@example.com")
    [row] = _outbox_rows(app)
    assert row["body"].startswith("v1.")
    assert temporary not in row["body"] and "Doe" not in row["body"]
    assert (await m.sign_in("jane@example.com")).status_code == 200


async def test_a_mail_is_blanked_once_its_code_has_expired(make_app, api, member, clock):
    app = make_app("default")
    m = member(await api(app), "default")
    assert (await m.register("2000345678", "Peña", "pena@example.com")).status_code == 201
    clock.advance(minutes=m.profile.verificationLinkMinutes - 1)
    assert len(await m.inbox("pena@example.com")) == 1
    clock.advance(minutes=1)
    assert await m.inbox("pena@example.com") == []
    [row] = _outbox_rows(app)
    assert row["body"] == ""
    assert row["to_email"] == "pena@example.com"  # the record that a mail went out stays


async def test_any_lookup_blanks_mail_whose_temporary_password_expired(make_app, api, member, clock):
    app = make_app("pec")
    m = member(await api(app), "pec")
    assert (await m.register("1000234567", "Doe", "jane@example.com")).status_code == 201
    clock.advance(minutes=m.profile.temporaryPasswordMinutes)
    assert _outbox_rows(app)[0]["body"] != ""
    other = member(m.client, "pec")
    assert (await other.lookup("5000678901", "García", "garcia@example.com")).status_code == 200
    assert _outbox_rows(app)[0]["body"] == ""


async def test_a_mail_sent_by_smtp_is_blanked_outside_demo_mode(make_app, api, member):
    smtp = FakeSmtp()
    app = make_app("default", demo=False, smtp=smtp)
    with app.state.store.transaction() as tx:
        seed_demo_data(tx, app.state.service.now())
    m = member(await api(app), "default")
    assert (await m.register("2000345678", "Peña", "pena@example.com")).status_code == 201
    [mail] = smtp.sent
    code = re.search(r"token=([0-9A-Z-]+)", mail.body).group(1)
    [row] = _outbox_rows(app)
    assert row["body"] == "" and row["delivered_at"] is not None
    verified = await m.client.post(VERIFY_PATH, json={"token": code})
    assert verified.status_code == 200, verified.text


async def test_in_demo_mode_a_mail_sent_by_smtp_stays_sealed_for_the_demo_inbox(make_app, api, member):
    smtp = FakeSmtp()
    app = make_app("default", smtp=smtp)
    m = member(await api(app), "default")
    assert (await m.register("2000345678", "Peña", "pena@example.com")).status_code == 201
    [row] = _outbox_rows(app)
    assert row["body"].startswith("v1.") and row["delivered_at"] is not None
    assert (await m.inbox("pena@example.com"))[0]["body"] == smtp.sent[0].body
