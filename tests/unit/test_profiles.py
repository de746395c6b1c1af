"""Co-op profiles: the built-ins reproduce their guides, and a bad profile names its field."""

from __future__ import annotations

from pathlib import Path

import pytest

from smarthub_tui.profiles import (
    ADDRESS_LIMIT_FACTOR,
    BUILTIN_PROFILES,
    CaptchaStyle,
    IdentityOption,
    ProfileError,
    VerificationStyle,
    load_profile,
)
from smarthub_tui.validation import Invalid, check_password


@pytest.mark.parametrize("name", BUILTIN_PROFILES)
def test_builtin_profiles_load(name):
    profile = load_profile(name)
    assert profile.profileId == name
    assert profile.terms.text.strip()


def test_default_follows_design_section_5():
    profile = load_profile("default")
    policy = profile.passwordPolicy
    assert not profile.legacy
    assert policy.minimumPasswordLength >= 8 and policy.maximumPasswordLength >= 64
    assert not (policy.requireUppercase or policy.requireLowercase or policy.requireDigit or policy.requireSpecial)
    assert policy.blocklist
    assert profile.hintQuestionsToPrompt == 0 and not profile.securityQuestionsListBox


def test_default_follows_nist_800_63b_rev4():
    """Rev 4: a password that is the only factor has at least 15 characters; e-mailed codes last 10 minutes at most."""
    profile = load_profile("default")
    policy = profile.passwordPolicy
    assert policy.minimumPasswordLength == 15 and policy.maximumPasswordLength >= 64
    fourteen, fifteen = "Kettle-Blue-42", "Kettle-Blue-42!"
    assert (len(fourteen), len(fifteen)) == (14, 15)
    with pytest.raises(Invalid, match="at least 15 characters"):
        check_password(policy, fourteen, fourteen)
    check_password(policy, fifteen, fifteen)
    assert profile.verificationLinkMinutes <= 10 and profile.temporaryPasswordMinutes <= 10


def test_guides_keep_their_own_lifetimes_and_lengths():
    """Default's rev 4 numbers do not leak into the co-ops' profiles, which inherit from it."""
    jecec, pec = load_profile("jecec"), load_profile("pec")
    assert (jecec.verificationLinkMinutes, jecec.temporaryPasswordMinutes) == (30, 60)
    assert (pec.verificationLinkMinutes, pec.temporaryPasswordMinutes) == (30, 1440)
    assert (jecec.passwordPolicy.minimumPasswordLength, jecec.passwordPolicy.maximumPasswordLength) == (8, 64)


def test_pec_reproduces_its_guide():
    profile = load_profile("pec")
    assert profile.legacy and profile.legacyNotes
    assert profile.senderEmail == "pec-no-reply@smarthub.coop"
    assert profile.identityOptions == [IdentityOption.MAILING_ZIP, IdentityOption.SSN4]
    assert profile.identityAnswersRequired == 1
    assert profile.securityQuestionsListBox == [
        "What is your mother's maiden name?",
        "What is your pet's name?",
        "Which high school did you attend?",
    ]
    assert profile.captchaStyle is CaptchaStyle.TEXT and profile.texts.captchaTextPrompt == "Type the text"
    assert profile.verificationStyle is VerificationStyle.TEMPORARY_PASSWORD
    policy = profile.passwordPolicy
    assert (policy.minimumPasswordLength, policy.maximumPasswordLength) == (6, 10)
    assert policy.requireUppercase and policy.requireDigit
    assert profile.securityPhraseMinimumLength == 5


def test_pec_signs_in_with_the_temporary_password_at_the_login_and_asks_no_phrase():
    """Guide 001: Login returns to the login screen, the temporary password goes in Password; no security phrase."""
    profile = load_profile("pec")
    assert profile.verifyAtLogin and not profile.securityPhrasePrompt
    texts = profile.texts
    assert texts.passwordTitle == "Create a replacement password"
    assert texts.newUserLink == "Sign up to access our Self Service site"
    assert texts.hintAnswerHelp == (
        "Make sure the answer is easy to remember; this will be used as a secondary security measure "
        "if you forget your password after you have registered."
    )
    assert texts.paperlessNote == "Unless you choose the option you will continue to receive your PEC bill by mail."
    assert profile.paperlessOptional


def test_the_temporary_password_e_mail_sends_the_member_to_our_login_not_the_co_ops_site():
    """Its site knows nothing of the password our server made: the e-mail must not send the member there."""
    from smarthub_tui.server.mail import temporary_password_mail

    for name in BUILTIN_PROFILES:
        profile = load_profile(name)
        body = temporary_password_mail(profile, to="j@example.com", name="Jane", password="Temp1x").body
        assert profile.portalUrl not in body, name


def test_pec_setup_reproduces_its_guide():
    profile = load_profile("pec-setup")
    texts = profile.texts
    assert profile.legacy and profile.legacyNotes
    assert profile.verificationStyle is VerificationStyle.LINK and not profile.verifyAtLogin
    assert profile.captchaStyle is CaptchaStyle.CHECKBOX and not profile.captchaFirst
    assert profile.confirmEmail and profile.identityOptions == [IdentityOption.BILLING_ZIP]
    assert profile.hintQuestionsToPrompt == 0 and profile.securityPhrasePrompt and profile.paperlessOptional
    policy = profile.passwordPolicy
    assert (policy.minimumPasswordLength, policy.maximumPasswordLength) == (6, 10)
    assert policy.requireUppercase and policy.requireDigit
    assert (texts.loginEmailLabel, texts.cantAccess, texts.newUserLink) == (
        "E-Mail", "Can't access your account?", "New User? Register to use SmartHub!"
    )
    assert (texts.accountNumberLabel, texts.lastNameLabel, texts.emailLabel, texts.confirmEmailLabel) == (
        "Billing Account Number", "Last Name or Business", "E-mail Address", "Confirm E-mail Address"
    )
    assert texts.billingZipLabel == "Billing ZIP Code" and texts.captchaCheckboxLabel == "I'm not a robot"
    assert texts.linkEmailSubject == "Welcome to SmartHub!"
    assert (
        "Your SmartHub registration was successful. Please click the link below to verify your account and set your password."
        in texts.linkEmailBody
    )
    assert texts.passwordTitle == "Please change your password"
    assert texts.paperlessQuestion == "Would you like to turn off paper bills?"
    assert texts.paperlessNote == "Please note that this will apply to all accounts registered with this email address."
    assert texts.securityPhraseHelpTitle == "What's a good security phrase?"
    assert texts.finishedText == (
        "Explore and enjoy the features of SmartHub \u2013 pay your bill, view your electricity use and billing history, "
        "report outages, and more."
    )


def test_default_says_what_it_does_a_code_then_the_password():
    """Its e-mail's link opens the server's page that shows a code; the wizard asks for the code, then the password."""
    texts = load_profile("default").texts
    assert "verification code" in texts.congratulationsText and "next step" in texts.congratulationsText
    assert "Please click the link below to verify your account and set your password." not in texts.linkEmailBody
    assert "enter this verification code in the SmartHub registration wizard" in texts.linkEmailBody


def test_jecec_reproduces_its_guide():
    profile = load_profile("jecec")
    assert profile.verificationStyle is VerificationStyle.LINK
    assert profile.texts.paperlessYes == "Yes, Go Paperless"
    assert "match account info exactly" in profile.texts.identityIntro
    assert "jecec.com/smarthub" in profile.texts.finishedText


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "coop.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_bad_field_is_named(tmp_path):
    path = write(tmp_path, 'extends = "default"\nprofileId = "x"\n[passwordPolicy]\nminimumPasswordLength = 0\n')
    with pytest.raises(ProfileError, match=r"passwordPolicy\.minimumPasswordLength"):
        load_profile(path)


def test_an_unknown_field_is_named(tmp_path):
    path = write(tmp_path, 'extends = "default"\nprofileId = "x"\nminimumPasswordLenght = 9\n')
    with pytest.raises(ProfileError, match="minimumPasswordLenght"):
        load_profile(path)


def test_inconsistent_settings_are_refused(tmp_path):
    path = write(tmp_path, 'extends = "default"\nprofileId = "x"\nidentityAnswersRequired = 3\n')
    with pytest.raises(ProfileError, match="identityAnswersRequired"):
        load_profile(path)


def test_a_password_policy_no_password_can_meet_is_refused(tmp_path):
    path = write(
        tmp_path,
        'extends = "pec"\nprofileId = "x"\n[passwordPolicy]\nminimumPasswordLength = 1\nmaximumPasswordLength = 2\n'
        "requireSpecial = true\n",  # with pec's uppercase and digit: three kinds in two characters
    )
    with pytest.raises(ProfileError, match="maximumPasswordLength"):
        load_profile(path)


def test_unknown_email_placeholder_is_refused(tmp_path):
    path = write(tmp_path, 'extends = "default"\nprofileId = "x"\n[texts]\nlinkEmailBody = "Hi {nmae}"\n')
    with pytest.raises(ProfileError, match="nmae"):
        load_profile(path)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("Hi {}", r"\{\}"),  # positional: str.format would raise IndexError at every registration
        ("Hi {0}", r"\{0\}"),
        ("Hi {name.__class__}", "name.__class__"),
        ("Hi {name:{x}}", "cannot be filled in"),  # a nested field the name check does not see
        ("Hi {minutes:q}", "cannot be filled in"),
        ("Hi {name", "linkEmailBody"),
    ],
)
def test_an_email_body_the_server_cannot_fill_in_is_refused(tmp_path, body, reason):
    path = write(tmp_path, f'extends = "default"\nprofileId = "x"\n[texts]\nlinkEmailBody = "{body}"\n')
    with pytest.raises(ProfileError, match=reason):
        load_profile(path)


def test_an_email_body_with_format_specs_that_work_is_accepted(tmp_path):
    path = write(tmp_path, 'extends = "default"\nprofileId = "x"\n[texts]\nlinkEmailBody = "{name!s}: {minutes:d} min, {token}"\n')
    assert load_profile(path).texts.linkEmailBody.startswith("{name!s}")


def test_unknown_name_and_unreadable_file(tmp_path):
    with pytest.raises(ProfileError, match="unknown profile"):
        load_profile("nosuchcoop")
    with pytest.raises(ProfileError, match="cannot read"):
        load_profile(tmp_path / "missing.toml")
    with pytest.raises(ProfileError, match="not valid TOML"):
        load_profile(write(tmp_path, "profileId = "))


def test_address_lockout_limit_defaults_to_a_multiple_of_the_account_limit(tmp_path):
    for name in BUILTIN_PROFILES:
        profile = load_profile(name)
        assert profile.failedAttemptsPerAddressLimit is None
        assert profile.address_lockout_limit == ADDRESS_LIMIT_FACTOR * profile.failedLoginLockoutLimit
    stricter = write(tmp_path, 'extends = "default"\nprofileId = "x"\nfailedLoginLockoutLimit = 3\n')
    assert load_profile(stricter).address_lockout_limit == ADDRESS_LIMIT_FACTOR * 3


def test_address_lockout_limit_can_be_set(tmp_path):
    path = write(tmp_path, 'extends = "default"\nprofileId = "x"\nfailedAttemptsPerAddressLimit = 50\n')
    profile = load_profile(path)
    assert profile.address_lockout_limit == 50 and profile.failedLoginLockoutLimit == 5
    with pytest.raises(ProfileError, match="failedAttemptsPerAddressLimit"):
        load_profile(write(tmp_path, 'extends = "default"\nprofileId = "x"\nfailedAttemptsPerAddressLimit = 0\n'))


def test_the_accessible_captcha_setting_per_profile():
    pec = load_profile("pec")
    assert pec.captchaStyle is CaptchaStyle.TEXT and pec.accessibleCaptcha, "a blind PEC member may take the checkbox"
    assert "PEC Member Services" in pec.texts.accessibleCaptchaUnavailable
    assert load_profile("default").accessibleCaptcha and load_profile("jecec").accessibleCaptcha


def test_a_profile_may_turn_the_accessible_captcha_off(tmp_path):
    path = write(tmp_path, 'extends = "pec"\nprofileId = "x"\naccessibleCaptcha = false\n')
    assert load_profile(path).accessibleCaptcha is False
