"""Every operation and every error code of the contract, through `HttpBackend`, against the server in-process and over loopback HTTP.

The client is what the wizard sees, so these tests read like the wizard:
domain models and domain errors, never raw HTTP.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from smarthub_tui import proof_of_work
from smarthub_tui.backend import base
from smarthub_tui.backend.embedded import embedded_backend
from smarthub_tui.backend.http import HttpBackend
from smarthub_tui.contract import ErrorCode
from smarthub_tui.models import AccountLookup, AuthSession, CheckboxCaptcha, RegistrationRequest, TextCaptcha
from smarthub_tui.profiles import CoopProfile, IdentityOption, VerificationStyle
from tests.support.servers import Link

JANE = ("1000234567", "Doe")
# What the demo data holds for Jane Doe (smarthub_tui/server/demo_accounts.toml).
DEMO_IDENTITY = {"1000234567": {"billingZip": "78636", "mailingZip": "78636", "ssn4": "4321"}}
NEW_PASSWORD = {"default": "kettle sings at noon", "pec": "Kettle42", "jecec": "kettle sings at noon", "pec-setup": "Kettle42"}


class Wizard:
    """Drives one registration through the client, as the wizard would."""

    def __init__(self, backend: HttpBackend, profile: CoopProfile, captcha_texts: Callable[[], str]) -> None:
        self.backend = backend
        self.profile = profile
        self.captcha_texts = captcha_texts

    def lookup_for(self, account: str, name: str, email: str) -> AccountLookup:
        return AccountLookup(account, name, email, email if self.profile.confirmEmail else None)

    async def answer(self, captcha) -> str:
        if isinstance(captcha, TextCaptcha):
            return self.captcha_texts.last
        return proof_of_work.solve(captcha.challenge, captcha.difficulty_bits)

    def identity(self, session, account: str) -> dict[IdentityOption, str]:
        """The right identity answers for `account`, as many as the session asks."""
        on_file = DEMO_IDENTITY[account]
        options = [o for o in session.identity_options if o.value in on_file][: session.identity_answers_required]
        return {option: on_file[option.value] for option in options}

    def request(self, session, **changes: Any) -> RegistrationRequest:
        fields: dict[str, Any] = {
            "registration_id": session.registration_id,
            "terms_accepted": True,
            "terms_version": self.profile.terms.version,
            "idempotency_key": "test-key-" + session.registration_id[:20],
        }
        if session.hint_questions:
            fields["hint_question"] = session.hint_questions[0]
            fields["hint_answer"] = "Fluffy"
        fields.update(changes)
        return RegistrationRequest(**fields)

    async def pass_checks(self, session, account: str) -> None:
        """The identity step, then the CAPTCHA step, as the wizard takes them."""
        assert await self.backend.check_identity(session.registration_id, self.identity(session, account)) is False
        captcha = await self.backend.new_captcha(session.registration_id)
        assert await self.backend.answer_captcha(session.registration_id, captcha.captcha_id, await self.answer(captcha))

    async def register(self, account: str, name: str, email: str):
        session = await self.backend.lookup_account(self.lookup_for(account, name, email))
        await self.pass_checks(session, account)
        receipt = await self.backend.complete_registration(self.request(session))
        return session, receipt

    async def credential(self, email: str) -> str:
        body = (await self.backend.demo_outbox(email))[0].body
        if self.profile.verificationStyle is VerificationStyle.LINK:
            return re.search(r"token=([0-9A-Z-]+)", body).group(1)
        return re.search(r"^\s{4}(\S+)$", body, re.MULTILINE).group(1)


@pytest.fixture
async def client_for(make_app, server_link: Link) -> AsyncIterator[Callable[..., HttpBackend]]:
    """Clients of fresh apps, reached in-process and (a second run) over real HTTP on loopback."""
    backends: list[HttpBackend] = []

    def build(profile: str = "pec", **app_options: Any) -> HttpBackend:
        app = make_app(profile, **app_options)
        transport, base_url = server_link.connect(app)
        backend = HttpBackend(base_url, transport=transport, retry_pause=0)
        backends.append(backend)
        return backend

    yield build
    for backend in backends:
        await backend.aclose()


@pytest.fixture
def wizard(client_for, captcha_texts, cheap_profile) -> Callable[..., Wizard]:
    def build(profile: str = "pec", **app_options: Any) -> Wizard:
        return Wizard(client_for(profile, **app_options), cheap_profile(profile), captcha_texts)

    return build


@pytest.mark.parametrize("profile", ["default", "pec", "jecec", "pec-setup"])
async def test_whole_registration_through_the_client(wizard, profile):
    w = wizard(profile)
    settings = await w.backend.get_settings()
    assert settings.profile.profileId == profile and settings.demo

    email = f"jane.{profile}@example.com"
    session, receipt = await w.register(*JANE, email)
    assert "4567" in session.account_number_masked
    assert not hasattr(session, "account_name")  # the holder's name is not the wizard's to know yet
    assert receipt.email == email and receipt.sender_email == settings.profile.senderEmail

    secret = await w.credential(email)
    if receipt.verification_style is VerificationStyle.LINK:
        auth = await w.backend.verify_account(secret)
        current = None
    else:
        auth = await w.backend.login(email, secret)
        current = secret
    assert auth.password_change_required

    auth = await w.backend.change_password(auth, NEW_PASSWORD[profile], NEW_PASSWORD[profile], current)
    assert not auth.password_change_required
    paperless = await w.backend.set_paperless(auth, True)
    assert paperless.paperless and paperless.accounts_affected == 1
    await w.backend.set_security_phrase(auth, "blue kettle at noon")
    summary = await w.backend.account_summary(auth)
    assert summary.email == email and summary.paperless is True and summary.security_phrase_set
    assert all("4567" in a or "*" in a for a in summary.accounts)

    again = await w.backend.login(email, NEW_PASSWORD[profile])
    assert not again.password_change_required


async def test_captcha_styles_come_from_the_profile(wizard):
    pec = wizard("pec")
    session = await pec.backend.lookup_account(pec.lookup_for(*JANE, "a@example.com"))
    captcha = await pec.backend.new_captcha(session.registration_id)
    assert isinstance(captcha, TextCaptcha) and captcha.image_png.startswith(b"\x89PNG")
    default = wizard("default")
    session = await default.backend.lookup_account(default.lookup_for(*JANE, "a@example.com"))
    captcha = await default.backend.new_captcha(session.registration_id)
    assert isinstance(captcha, CheckboxCaptcha) and captcha.difficulty_bits >= 1


async def test_an_accessible_captcha_is_the_checkbox_where_the_coop_allows_it(wizard):
    w = wizard("pec")
    session = await w.backend.lookup_account(w.lookup_for(*JANE, "a@example.com"))
    assert await w.backend.check_identity(session.registration_id, w.identity(session, JANE[0])) is False
    captcha = await w.backend.new_captcha(session.registration_id, accessible=True)
    assert isinstance(captcha, CheckboxCaptcha), "a member who cannot see the picture gets the checkbox"
    assert await w.backend.answer_captcha(session.registration_id, captcha.captcha_id, await w.answer(captcha))
    assert (await w.backend.complete_registration(w.request(session))).email == "a@example.com"


async def test_a_coop_without_the_accessible_captcha_says_whom_to_call(wizard, cheap_profile):
    w = wizard(cheap_profile("pec", accessibleCaptcha=False))
    session = await w.backend.lookup_account(w.lookup_for(*JANE, "a@example.com"))
    with pytest.raises(base.AccessibleCaptchaUnavailable) as refused:
        await w.backend.new_captcha(session.registration_id, accessible=True)
    assert refused.value.code == ErrorCode.ACCESSIBLE_CAPTCHA_UNAVAILABLE
    assert refused.value.message == w.profile.texts.accessibleCaptchaUnavailable
    assert "PEC Member Services" in refused.value.message
    assert isinstance(await w.backend.new_captcha(session.registration_id), TextCaptcha)


async def test_lookup_errors(wizard):
    w = wizard("pec")
    with pytest.raises(base.AccountNotFound) as not_found:
        await w.backend.lookup_account(w.lookup_for("1000234567", "Smith", "x@example.com"))
    assert not_found.value.message == w.profile.texts.accountNotFound
    with pytest.raises(base.AlreadyRegistered) as already:
        await w.backend.lookup_account(w.lookup_for("8000901234", "Álvarez", "ana.alvarez@example.com"))
    assert already.value.message == w.profile.texts.alreadyRegistered
    with pytest.raises(base.RegistrationNotAllowed):
        await w.backend.lookup_account(w.lookup_for("4000567890", "Smith", "r@example.com"))
    with pytest.raises(base.ValidationFailed) as invalid:
        await w.backend.lookup_account(AccountLookup("12", "Doe", "x@example.com"))
    assert invalid.value.field == "accountNumber"


async def test_confirm_email_mismatch_names_the_field(wizard):
    w = wizard("default")
    with pytest.raises(base.ValidationFailed) as caught:
        await w.backend.lookup_account(AccountLookup(*JANE, "jane@example.com", "jane@example.org"))
    assert caught.value.field == "confirmEmail"


async def test_each_answer_is_judged_at_its_own_step(wizard):
    w = wizard("pec")
    session = await w.backend.lookup_account(w.lookup_for(*JANE, "j@example.com"))
    wrong = {IdentityOption.MAILING_ZIP: "99999"}

    with pytest.raises(base.CaptchaFailed):
        await w.backend.complete_registration(w.request(session))  # nothing passed yet
    assert await w.backend.check_identity(session.registration_id, wrong) is False, "held: no CAPTCHA passed yet"
    captcha = await w.backend.new_captcha(session.registration_id)
    with pytest.raises(base.CaptchaFailed) as wrong_captcha:
        await w.backend.answer_captcha(session.registration_id, captcha.captcha_id, "WRONG1")
    assert wrong_captcha.value.field == "captchaAnswer"

    captcha = await w.backend.new_captcha(session.registration_id)
    with pytest.raises(base.IdentityMismatch) as held:
        await w.backend.answer_captcha(session.registration_id, captcha.captcha_id, await w.answer(captcha))
    assert "4 attempts left" in held.value.message, "the held verdict, once the CAPTCHA passed"
    with pytest.raises(base.IdentityMismatch) as judged:
        await w.backend.check_identity(session.registration_id, wrong)
    assert "3 attempts left" in judged.value.message, "judged at once, now that the session passed its CAPTCHA"
    with pytest.raises(base.IdentityMismatch):
        await w.backend.complete_registration(w.request(session))  # identity not passed
    assert await w.backend.check_identity(session.registration_id, w.identity(session, JANE[0])) is True
    with pytest.raises(base.ValidationFailed) as terms:
        await w.backend.complete_registration(w.request(session, terms_accepted=False))
    assert terms.value.field == "termsAccepted"
    assert (await w.backend.complete_registration(w.request(session))).email == "j@example.com"


async def test_identity_failures_lock_out_at_the_profiles_limit(wizard):
    w = wizard("pec")
    session = await w.backend.lookup_account(w.lookup_for(*JANE, "j@example.com"))
    await w.pass_checks(session, JANE[0])
    limit = w.profile.failedLoginLockoutLimit
    errors = []
    for _ in range(limit + 1):
        with pytest.raises(base.BackendError) as caught:
            await w.backend.check_identity(session.registration_id, {IdentityOption.SSN4: "0000"})
        errors.append(caught.value)
    # The attempt that reaches the limit is already refused as locked, and so is the next.
    assert [type(error) for error in errors] == [base.IdentityMismatch] * (limit - 1) + [base.LockedOut] * 2
    assert errors[-1].message == w.profile.lockoutMessage
    assert [f"{n} attempt" in e.message for n, e in zip(range(limit - 1, 0, -1), errors, strict=False)] == [True] * (limit - 1)


async def test_session_expires(wizard, clock):
    w = wizard("pec")
    session = await w.backend.lookup_account(w.lookup_for(*JANE, "j@example.com"))
    clock.advance(minutes=60)
    with pytest.raises(base.SessionExpired):
        await w.backend.new_captcha(session.registration_id)


async def test_a_resent_submit_with_the_same_key_registers_once(wizard):
    w = wizard("pec")
    session = await w.backend.lookup_account(w.lookup_for(*JANE, "j@example.com"))
    await w.pass_checks(session, JANE[0])
    request = w.request(session)
    first = await w.backend.complete_registration(request)
    second = await w.backend.complete_registration(request)
    assert first == second
    assert len(await w.backend.demo_outbox("j@example.com")) == 1


async def test_tokens_and_credentials(wizard):
    w = wizard("jecec")
    with pytest.raises(base.InvalidToken):
        await w.backend.verify_account("NOT-A-REAL-TOKEN")
    await w.register(*JANE, "j@example.com")
    token = await w.credential("j@example.com")
    auth = await w.backend.verify_account(token)
    with pytest.raises(base.InvalidToken):
        await w.backend.verify_account(token)  # single use
    with pytest.raises(base.InvalidCredentials):
        await w.backend.login("j@example.com", "not the password")
    with pytest.raises(base.NotAuthorized) as change_first:
        await w.backend.set_paperless(auth, True)
    assert change_first.value.code == ErrorCode.PASSWORD_CHANGE_REQUIRED
    forged = AuthSession(user_id="j@example.com", token="forged", expires_in=60, password_change_required=False)
    with pytest.raises(base.NotAuthorized):
        await w.backend.account_summary(forged)


async def test_password_policy_errors_carry_rules_and_fields(wizard):
    w = wizard("pec")
    await w.register(*JANE, "j@example.com")
    temporary = await w.credential("j@example.com")
    auth = await w.backend.login("j@example.com", temporary)
    with pytest.raises(base.PasswordPolicyFailed) as policy:
        await w.backend.change_password(auth, "short", "short", temporary)
    assert policy.value.field == "newPassword"
    assert {rule.key for rule in policy.value.rules if not rule.met} >= {"min", "upper", "digit"}
    with pytest.raises(base.ValidationFailed) as mismatch:
        await w.backend.change_password(auth, "Kettle42", "Kettle43", temporary)
    assert mismatch.value.field == "confirmPassword"
    with pytest.raises(base.InvalidCredentials) as wrong_current:
        await w.backend.change_password(auth, "Kettle42", "Kettle42", "Wrong123")
    assert wrong_current.value.field == "currentPassword"


async def test_security_phrase_too_short_names_the_field(wizard):
    w = wizard("jecec")
    await w.register(*JANE, "j@example.com")
    auth = await w.backend.verify_account(await w.credential("j@example.com"))
    auth = await w.backend.change_password(auth, "kettle sings at noon", "kettle sings at noon")
    with pytest.raises(base.ValidationFailed) as caught:
        await w.backend.set_security_phrase(auth, "abc")
    assert caught.value.field == "phrase"


async def test_rate_limit_is_reported_with_retry_after(wizard):
    w = wizard("pec", rate_limit_per_minute=3)
    with pytest.raises(base.RateLimited) as caught:
        for _ in range(10):
            await w.backend.get_settings()
    assert caught.value.retry_after and caught.value.retry_after > 0


async def test_outbox_is_closed_outside_demo_mode(wizard):
    w = wizard("pec", demo=False)
    with pytest.raises(base.BackendError) as caught:
        await w.backend.demo_outbox("j@example.com")
    assert caught.value.code == ErrorCode.NOT_FOUND
    assert not (await w.backend.get_settings()).demo


async def test_embedded_backend_runs_the_demo_server_in_process():
    backend = embedded_backend("jecec")
    try:
        settings = await backend.get_settings()
        assert settings.profile.profileId == "jecec" and settings.demo
        with pytest.raises(base.AlreadyRegistered):
            await backend.lookup_account(AccountLookup("8000901234", "Álvarez", "ana.alvarez@example.com"))
    finally:
        await backend.aclose()


async def test_closing_an_embedded_backend_closes_its_database(tmp_path):
    database = tmp_path / "embedded.db"
    backend = embedded_backend("jecec", database_url=f"sqlite:///{database}")
    await backend.get_settings()
    wal = database.with_name(database.name + "-wal")
    assert wal.exists()  # WAL mode: the file lives while a connection is open
    await backend.aclose()
    assert not wal.exists()  # SQLite removes it when the last connection closes
    await backend.aclose()  # closing twice is harmless


async def test_an_internationalised_email_registers_and_makes_secured_calls(wizard):
    w = wizard("jecec")
    email = "josé.peña@ejemplo.mx"
    await w.register(*JANE, email)
    auth = await w.backend.verify_account(await w.credential(email))
    auth = await w.backend.change_password(auth, "kettle sings at noon", "kettle sings at noon")
    summary = await w.backend.account_summary(auth)
    assert summary.email == email
