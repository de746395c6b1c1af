"""What the wizard knows about one registration: answers as typed, and what the backend said.

`RegistrationState` is the only place answers live between screens, so Back
and Retry never lose anything typed (docs/architecture.md section 10), and `reset()` is
the one way to wipe a member's data before the next one (Cancel, Finished,
a kiosk).  Each step's answers are a small frozen dataclass: a screen is
built from one and returns a new one through `dismiss`.  Fields that hold
secrets are left out of ``repr`` so that a state printed in a log or a
traceback cannot leak them (docs/architecture.md section 9).  Nothing here imports Textual.
"""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING

from smarthub_tui.lazy_dataclass import dataclass  # built at first use during the start
from smarthub_tui.models import (
    AccountSummary,
    AuthSession,
    Captcha,
    PaperlessResult,
    PasswordResetSent,
    RegistrationReceipt,
    RegistrationSession,
    Settings,
)
from smarthub_tui.profile_data import IdentityOption

if TYPE_CHECKING:
    from smarthub_tui.profiles import CoopProfile


@dataclass(frozen=True)
class SignInAnswers:
    """The welcome screen's log-in form."""

    email: str = ""
    password: str = field(default="", repr=False)


@dataclass(frozen=True)
class AccountAnswers:
    """The registration form: account, name on it, e-mail (twice where the co-op asks)."""

    account_number: str = ""
    last_name: str = ""
    email: str = ""
    confirm_email: str = ""


@dataclass(frozen=True)
class IdentityAnswers:
    """Facts proving the person may register the account (ZIP codes, last 4 of SSN), as typed."""

    values: dict[IdentityOption, str] = field(default_factory=dict, repr=False)

    def get(self, option: IdentityOption) -> str:
        """The value typed for `option`, or ""."""
        return self.values.get(option, "")


@dataclass(frozen=True)
class HintAnswers:
    """The secret hint question chosen and its answer."""

    question: str | None = None
    answer: str = field(default="", repr=False)


@dataclass(frozen=True)
class CaptchaAnswers:
    """The CAPTCHA answer: the characters typed, or the proof-of-work nonce; tied to one challenge."""

    captcha_id: str = ""
    answer: str = field(default="", repr=False)


@dataclass(frozen=True)
class TermsAnswers:
    """Whether the terms were accepted."""

    accepted: bool = False


@dataclass(frozen=True)
class VerifyAnswers:
    """The Verify Account code, or the temporary password, from the e-mail."""

    code: str = field(default="", repr=False)


@dataclass(frozen=True)
class PasswordAnswers:
    """A new password, twice.  Never kept in the state: the screen holds it until it is set."""

    new_password: str = field(default="", repr=False)
    confirm_password: str = field(default="", repr=False)
    current_password: str = field(default="", repr=False)
    """Where the form asks it: the Verify Account code (`verifyAtPasswordChange`), or My Profile's current password."""


@dataclass(frozen=True)
class PaperlessAnswers:
    """Paperless billing: True (bills by e-mail), False (paper), None (not chosen yet)."""

    paperless: bool | None = None


@dataclass(frozen=True)
class PhraseAnswers:
    """The security phrase shown on payment forms (a secret: never logged or echoed)."""

    phrase: str = field(default="", repr=False)


# --- Forgot Password ---


@dataclass(frozen=True)
class ResetAnswers:
    """Forgot Password: the login's e-mail, and the account number or hint answer where the profile asks them."""

    email: str = ""
    account_number: str = ""
    hint_answer: str = field(default="", repr=False)


@dataclass(frozen=True)
class ResetCodeAnswers:
    """The code from the Forgot Password e-mail (a secret: never logged or echoed)."""

    code: str = field(default="", repr=False)


# --- My Profile ---


@dataclass(frozen=True)
class ProfileMenuAnswers:
    """The My Profile item chosen (a `profileMenu` name), or None before a choice."""

    item: str | None = None


@dataclass(frozen=True)
class ChangePasswordAnswers(PasswordAnswers):
    """My Profile's password change: the new password twice, and the current one (`PasswordAnswers.current_password`,
    always asked here).  Never kept in the state."""


@dataclass(frozen=True)
class UnsubscribeAnswers:
    """The answer to the unsubscribe confirmation: True (Yes, delete), False (No, keep), None (not answered)."""

    confirmed: bool | None = None


@dataclass
class RegistrationState:
    """One member's pass through the wizard.

    `settings` survives `reset()` (it is the co-op's, not the member's);
    everything else is the member's and is wiped.
    """

    settings: Settings | None = None
    # What the person typed, step by step.
    sign_in: SignInAnswers = field(default_factory=SignInAnswers)
    account: AccountAnswers = field(default_factory=AccountAnswers)
    identity: IdentityAnswers = field(default_factory=IdentityAnswers)
    hint: HintAnswers = field(default_factory=HintAnswers)
    captcha_answer: CaptchaAnswers = field(default_factory=CaptchaAnswers)
    terms: TermsAnswers = field(default_factory=TermsAnswers)
    verify: VerifyAnswers = field(default_factory=VerifyAnswers)
    paperless: PaperlessAnswers = field(default_factory=PaperlessAnswers)
    phrase: PhraseAnswers = field(default_factory=PhraseAnswers)
    # What the backend answered.
    session: RegistrationSession | None = None
    captcha: Captcha | None = None
    receipt: RegistrationReceipt | None = None
    auth: AuthSession | None = None
    summary: AccountSummary | None = None
    paperless_result: PaperlessResult | None = None
    # True once the registration session passed its CAPTCHA (it stays passed for the session).
    captcha_passed: bool = False
    # The password to give as `currentPassword` (the temporary one), until it is replaced.
    current_password: str = field(default="", repr=False)
    # The registration submit in flight: a fingerprint of its body and its idempotency key.
    pending_submit: tuple[str, str] | None = field(default=None, repr=False)
    # Forgot Password
    forgot: ResetAnswers = field(default_factory=ResetAnswers)
    forgot_code: ResetCodeAnswers = field(default_factory=ResetCodeAnswers)
    forgot_sent: PasswordResetSent | None = None
    # My Profile: the item last chosen (the menu comes back to it)
    profile_menu: ProfileMenuAnswers = field(default_factory=ProfileMenuAnswers)
    # True once the member is on My Profile (nothing left to set up): leaving there is only signing out.
    in_profile: bool = False

    @property
    def profile(self) -> CoopProfile:
        """The co-op profile in force (the server's); only valid once connected."""
        if self.settings is None:
            raise RuntimeError("not connected yet: no co-op settings")
        return self.settings.profile

    @property
    def demo(self) -> bool:
        """True when the backend runs in demo mode (the demo inbox is available)."""
        return self.settings is not None and self.settings.demo

    def void_captcha(self) -> None:
        """Forget the challenge, its answer and any pass: the CAPTCHA step fetches a fresh one and asks again."""
        self.captcha = None
        self.captcha_answer = CaptchaAnswers()
        self.captcha_passed = False

    def reset(self) -> None:
        """Forget everything about the member (answers, sessions, tokens); keep the co-op settings."""
        settings = self.settings
        fresh = RegistrationState(settings=settings)
        self.__dict__.update(fresh.__dict__)
