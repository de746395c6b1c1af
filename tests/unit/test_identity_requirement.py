"""The identity screen's requirement line says what is true for the fields actually shown.

A session offers only the facts on file for the account, so the number of
fields can be lower than the profile's list: one field must not be told
"Answer all of these.", two with one needed must not say "all" either.
"""

from __future__ import annotations

import pytest

from smarthub_tui import strings
from smarthub_tui.backend.embedded import embedded_backend
from smarthub_tui.models import AccountLookup, RegistrationSession
from smarthub_tui.profiles import CaptchaStyle, IdentityOption, load_profile
from smarthub_tui.steps import IdentityStep, Wizard

BILLING, MAILING, SSN4 = IdentityOption.BILLING_ZIP, IdentityOption.MAILING_ZIP, IdentityOption.SSN4


def _step(options: tuple[IdentityOption, ...], required: int, ssn_required: bool = False) -> IdentityStep:
    wizard = Wizard(lambda: None)  # type: ignore[arg-type, return-value]
    wizard.state.session = RegistrationSession(
        registration_id="r-1",
        expires_in=600,
        account_number_masked="****4567",
        identity_options=options,
        identity_answers_required=required,
        ssn_required=ssn_required,
        hint_questions=(),
        captcha_style=CaptchaStyle.CHECKBOX,
    )
    return IdentityStep(wizard)


@pytest.mark.parametrize(
    ("options", "required", "ssn_required", "expected"),
    [
        ((BILLING,), 1, False, strings.LABEL_IDENTITY_REQUIRED_SINGLE),
        ((SSN4,), 1, False, strings.LABEL_IDENTITY_REQUIRED_SINGLE),
        ((SSN4,), 1, True, strings.LABEL_IDENTITY_REQUIRED_SINGLE),
        ((BILLING, SSN4), 1, False, strings.LABEL_IDENTITY_REQUIRED_EITHER),
        ((BILLING, SSN4), 2, False, strings.LABEL_IDENTITY_REQUIRED_BOTH),
        ((BILLING, SSN4), 1, True, strings.LABEL_IDENTITY_SSN_REQUIRED),
        ((BILLING, MAILING, SSN4), 1, False, strings.LABEL_IDENTITY_REQUIRED_ONE),
        ((BILLING, MAILING, SSN4), 3, False, strings.LABEL_IDENTITY_REQUIRED_ALL),
        ((BILLING, MAILING, SSN4), 2, False, strings.LABEL_IDENTITY_REQUIRED_SOME.format(count=2)),
        ((BILLING, MAILING, SSN4), 2, True, strings.LABEL_IDENTITY_REQUIRED_SOME_WITH_SSN.format(count=2)),
    ],
)
def test_the_requirement_line_fits_the_fields_shown(
    options: tuple[IdentityOption, ...], required: int, ssn_required: bool, expected: str
) -> None:
    assert _step(options, required, ssn_required).requirement == expected


def test_no_line_says_all_or_both_above_a_single_field() -> None:
    for required in (1, 2, 3):
        line = _step((BILLING,), required).requirement
        assert "all" not in line.lower() and "both" not in line.lower() and "these" not in line.lower()


def test_a_missing_single_answer_is_refused_in_words_that_fit_one_field() -> None:
    from smarthub_tui.state import IdentityAnswers

    reasons = _step((SSN4,), 1).validate(IdentityAnswers({}))
    assert reasons == {"ssn4": strings.LABEL_IDENTITY_REQUIRED_SINGLE}


# The demo accounts whose accounts hold only some facts, on each built-in profile they exist on,
# and the full accounts for comparison: (profile, account, name, expected options, expected line).
DEMO_SESSIONS = [
    ("default", "1000234567", "Doe", (BILLING, SSN4), strings.LABEL_IDENTITY_REQUIRED_EITHER),
    ("default", "4000567890", "Smith", (BILLING,), strings.LABEL_IDENTITY_REQUIRED_SINGLE),
    ("default", "6000789012", "Baker", (SSN4,), strings.LABEL_IDENTITY_REQUIRED_SINGLE),
    ("pec", "1000234567", "Doe", (MAILING, SSN4), strings.LABEL_IDENTITY_REQUIRED_EITHER),
    ("pec", "5000678901", "García", (MAILING,), strings.LABEL_IDENTITY_REQUIRED_SINGLE),
    ("pec", "6000789012", "Baker", (SSN4,), strings.LABEL_IDENTITY_REQUIRED_SINGLE),
    ("jecec", "1000234567", "Doe", (BILLING, SSN4), strings.LABEL_IDENTITY_REQUIRED_BOTH),
]


@pytest.mark.parametrize(("profile", "account", "name", "options", "expected"), DEMO_SESSIONS)
async def test_demo_sessions_with_some_facts_on_file_get_a_true_line(
    profile: str, account: str, name: str, options: tuple[IdentityOption, ...], expected: str
) -> None:
    backend = embedded_backend(profile, demo=True)
    try:
        wizard = Wizard(lambda: backend)
        await wizard.connect()
        confirm = "new.member@example.com" if load_profile(profile).confirmEmail else None
        wizard.state.session = await backend.lookup_account(
            AccountLookup(account, name, "new.member@example.com", confirm)
        )
        step = IdentityStep(wizard)
        assert step.options == options
        assert step.requirement == expected
    finally:
        await backend.aclose()
