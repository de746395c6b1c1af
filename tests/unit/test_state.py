"""RegistrationState: one member's answers; reset wipes them; secrets never in a repr."""

from __future__ import annotations

from smarthub_tui.models import AuthSession, Settings
from smarthub_tui.profiles import IdentityOption, load_profile
from smarthub_tui.state import (
    AccountAnswers,
    HintAnswers,
    IdentityAnswers,
    PhraseAnswers,
    RegistrationState,
    SignInAnswers,
    VerifyAnswers,
)

SECRETS = ("S3cret-pass", "4321", "Fluffy", "green gate at dawn", "TEMP-PW-9", "CODE-123", "tok-abc")


def _full_state() -> RegistrationState:
    state = RegistrationState(settings=Settings(load_profile("pec"), demo=True))
    state.sign_in = SignInAnswers("a@example.com", "S3cret-pass")
    state.account = AccountAnswers("1000234567", "Doe", "a@example.com", "a@example.com")
    state.identity = IdentityAnswers({IdentityOption.SSN4: "4321"})
    state.hint = HintAnswers("What is your pet's name?", "Fluffy")
    state.phrase = PhraseAnswers("green gate at dawn")
    state.current_password = "TEMP-PW-9"
    state.verify = VerifyAnswers("CODE-123")
    state.auth = AuthSession("a@example.com", "tok-abc", 600, True)
    state.pending_submit = ("fingerprint", "idempotency-key")
    return state


def test_no_secret_shows_in_the_repr_of_the_state() -> None:
    text = repr(_full_state())
    for secret in SECRETS:
        assert secret not in text, secret
    assert "idempotency-key" not in text


def test_reset_wipes_the_member_and_keeps_the_coop() -> None:
    state = _full_state()
    settings = state.settings
    state.reset()
    assert state.settings is settings
    assert state == RegistrationState(settings=settings)
    for secret in SECRETS:
        assert secret not in str(state.__dict__)


def test_demo_and_profile_come_from_the_settings() -> None:
    state = RegistrationState()
    assert not state.demo
    state.settings = Settings(load_profile("jecec"), demo=True)
    assert state.demo and state.profile.profileId == "jecec"
