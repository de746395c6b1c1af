"""The e-mail and the wizard's screen say how long a code works in the same words.

Why: the `pec` congratulations screen said "expires in 24 hours" while the
e-mail it announced said "expires in 1440 minutes"; a member comparing the
two should not have to do arithmetic, nor wonder which is right.
"""

from __future__ import annotations

import pytest

from smarthub_tui.backend.base import RegistrationReceipt
from smarthub_tui.profiles import (
    ProfileError,
    VerificationStyle,
    load_profile,
    parse_profile,
)
from smarthub_tui.server.mail import link_mail, temporary_password_mail
from smarthub_tui.steps import CongratulationsStep, Wizard


def _congratulations_line(style: VerificationStyle, minutes: int) -> str:
    wizard = Wizard(lambda: None)
    wizard.state.receipt = RegistrationReceipt("jane@example.com", style, "no-reply@example.com", minutes)
    return CongratulationsStep(wizard).lines()[1]


async def test_the_pec_email_and_the_congratulations_both_say_24_hours(make_app, api, member):
    m = member(await api(make_app("pec")), "pec")
    response = await m.register("1000234567", "Doe", "jane@example.com")
    assert response.json()["expiresMinutes"] == 1440
    body = (await m.inbox("jane@example.com"))[0]["body"]
    line = _congratulations_line(VerificationStyle.TEMPORARY_PASSWORD, 1440)
    assert "expires in 24 hours." in body and "expires in 24 hours." in line
    assert "1440" not in body + line


async def test_the_default_email_and_the_congratulations_both_say_10_minutes(make_app, api, member):
    """NIST SP 800-63B rev 4: a secret sent by e-mail works for 10 minutes at most."""
    m = member(await api(make_app("default")), "default")
    response = await m.register("1000234567", "Doe", "jane@example.com")
    assert response.json()["expiresMinutes"] == 10
    body = (await m.inbox("jane@example.com"))[0]["body"]
    line = _congratulations_line(VerificationStyle.LINK, 10)
    assert "expire in 10 minutes." in body and "expires in 10 minutes." in line


@pytest.mark.parametrize("name", ["default", "pec", "jecec", "pec-setup"])
def test_each_builtin_profile_words_its_emails_like_the_screen(name):
    profile = load_profile(name)
    link = link_mail(profile, to="j@example.com", name="Jane", code="ABCDE-FGHJK-MNPQR-STVWX").body
    temporary = temporary_password_mail(profile, to="j@example.com", name="Jane", password="Temp1x").body
    link_words = _congratulations_line(VerificationStyle.LINK, profile.verificationLinkMinutes).split("expires in ")[1]
    temporary_words = _congratulations_line(
        VerificationStyle.TEMPORARY_PASSWORD, profile.temporaryPasswordMinutes
    ).split("expires in ")[1]
    assert f"expire in {link_words}" in link
    assert f"expires in {temporary_words}" in temporary


def test_an_older_profile_may_still_say_minutes():
    data = load_profile("default").model_dump(mode="json")
    data["texts"]["temporaryPasswordEmailBody"] = "{password} works for {minutes} minutes."
    profile = parse_profile(data, source="test")
    assert temporary_password_mail(profile, to="j@example.com", name="J", password="P").body == "P works for 10 minutes."
    data["texts"]["temporaryPasswordEmailBody"] = "{password} works for {hours} hours."
    with pytest.raises(ProfileError, match="unknown placeholder"):
        parse_profile(data, source="test")
