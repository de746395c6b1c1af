"""Snapshots of account verification and the demo inbox (fixed e-mails: real codes are random)."""

from __future__ import annotations

from smarthub_tui.durations import duration
from smarthub_tui.profiles import load_profile
from smarthub_tui.screens.inbox import InboxScreen
from smarthub_tui.screens.verify import VerifyScreen
from smarthub_tui.server.mail import DEFAULT_PUBLIC_URL, verify_link
from tests.support.harness import PATHS, profile_with, shoot

MAIL = {
    "messages": [
        {
            "id": 1,
            "to": "jane.doe@example.com",
            "sender": "no-reply@demo.smarthub.example",
            "subject": "Welcome to SmartHub!",
            # The co-op's own template, with a fixed code (real ones are random).
            "body": load_profile("default").texts.linkEmailBody.format(
                name="Jane Doe [bold]not markup[/bold]",
                coop="Demo Electric Cooperative",
                link=verify_link(DEFAULT_PUBLIC_URL, "ABCDE-FGHJK"),
                token="ABCDE-FGHJK",
                minutes=load_profile("default").verificationLinkMinutes,
                duration=duration(load_profile("default").verificationLinkMinutes),
            ),
            "sentAt": "2026-01-01T12:00:00+00:00",
        }
    ]
}


async def _verify(wizard) -> None:
    await wizard.walk_to("verify")


async def _wrong_code(wizard) -> None:
    await wizard.walk_to("verify")
    await wizard.type("NOT-A-CODE")
    await wizard.press("enter")
    await wizard.at(VerifyScreen)
    assert wizard.error_at("code")


async def _inbox(wizard) -> None:
    await wizard.walk_to("verify")
    wizard.transport.reply(PATHS["outbox"], 200, MAIL)
    await wizard.press("f3")
    await wizard.at(InboxScreen)


def test_verify_code(snap_compare) -> None:
    assert shoot(snap_compare, "default", _verify)


def test_verify_temporary_password(snap_compare) -> None:
    """The Verify step of a temporary-password co-op whose guide has no login in between (pec's is `verifyAtLogin`)."""
    assert shoot(snap_compare, profile_with("pec", verifyAtLogin=False), _verify)


def test_verify_wrong_code(snap_compare) -> None:
    assert shoot(snap_compare, "default", _wrong_code)


def test_demo_inbox(snap_compare) -> None:
    assert shoot(snap_compare, "default", _inbox)
