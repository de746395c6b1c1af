"""The wizard's step controllers, one module per step (mirroring `screens/`), and which controller runs which step.

`base` holds what they share (`Step[A]`, `Field`, the problems, the
`Wizard` context); each other module is one step.  Which controller and
which screen show a step is `smarthub_tui.registry`.  Nothing here imports Textual.

The step modules are imported when a name of theirs is first asked for
(``from smarthub_tui.steps import VerifyStep`` still works), not with this
package: the full-screen start needs only `base` and the welcome's step
before the welcome takes keys, and the others (about 14 ms of imports)
load behind it with their screens (`screens.preload`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from smarthub_tui.flow import StepId
from smarthub_tui.lazy_names import lazy_names
from smarthub_tui.steps.base import (
    FORM,
    Choice,
    Field,
    FieldKind,
    FieldProblem,
    FormProblem,
    LockedOutProblem,
    Problem,
    RetryProblem,
    Step,
    Wizard,
    problems_from_reasons,
)

if TYPE_CHECKING:
    from smarthub_tui.steps.captcha import CaptchaStep

    # --- My Profile ---
    from smarthub_tui.steps.change_password import ChangePasswordStep
    from smarthub_tui.steps.congratulations import CongratulationsStep
    from smarthub_tui.steps.finished import FinishedStep
    from smarthub_tui.steps.forgot_password import ForgotPasswordStep
    from smarthub_tui.steps.hint import HintStep
    from smarthub_tui.steps.identity import IdentityStep
    from smarthub_tui.steps.paperless import PaperlessStep
    from smarthub_tui.steps.password import PasswordStep
    from smarthub_tui.steps.profile_menu import ProfileMenuStep
    from smarthub_tui.steps.profile_paperless import ProfilePaperlessStep
    from smarthub_tui.steps.register import RegisterStep
    from smarthub_tui.steps.reset_code import ResetCodeStep
    from smarthub_tui.steps.reset_done import ResetDoneStep
    from smarthub_tui.steps.reset_password import ResetPasswordStep
    from smarthub_tui.steps.security_phrase import SecurityPhraseStep
    from smarthub_tui.steps.sign_out import SignOutStep
    from smarthub_tui.steps.terms import TermsStep
    from smarthub_tui.steps.unsubscribe import UnsubscribeStep
    from smarthub_tui.steps.update_phrase import UpdatePhraseStep
    from smarthub_tui.steps.verify import VerifyStep, code_in_email
    from smarthub_tui.steps.welcome import SignInStep

_LAZY: dict[str, str] = {
    "CaptchaStep": "captcha",
    "CongratulationsStep": "congratulations",
    "FinishedStep": "finished",
    "ForgotPasswordStep": "forgot_password",
    "HintStep": "hint",
    "IdentityStep": "identity",
    "PaperlessStep": "paperless",
    "PasswordStep": "password",
    "ProfileMenuStep": "profile_menu",
    "ProfilePaperlessStep": "profile_paperless",
    "RegisterStep": "register",
    "ResetCodeStep": "reset_code",
    "ResetDoneStep": "reset_done",
    "ResetPasswordStep": "reset_password",
    "SecurityPhraseStep": "security_phrase",
    "SignOutStep": "sign_out",
    "TermsStep": "terms",
    "UnsubscribeStep": "unsubscribe",
    "UpdatePhraseStep": "update_phrase",
    "VerifyStep": "verify",
    "code_in_email": "verify",
    "SignInStep": "welcome",
    # --- My Profile ---
    "ChangePasswordStep": "change_password",
}
"""Each step's name here -> its module under `smarthub_tui.steps`, imported at the name's first use (see the module)."""


__getattr__ = lazy_names(__name__, _LAZY, globals())


__all__ = [
    "FORM",
    "CaptchaStep",
    "Choice",
    "CongratulationsStep",
    "Field",
    "FieldKind",
    "FieldProblem",
    "FinishedStep",
    "FormProblem",
    "HintStep",
    "IdentityStep",
    "LockedOutProblem",
    "PaperlessStep",
    "PasswordStep",
    "Problem",
    "RegisterStep",
    "RetryProblem",
    "SecurityPhraseStep",
    "SignInStep",
    "Step",
    "StepId",
    "TermsStep",
    "VerifyStep",
    "Wizard",
    "code_in_email",
    "problems_from_reasons",
    # --- Forgot Password ---
    "ForgotPasswordStep",
    "ResetCodeStep",
    "ResetDoneStep",
    "ResetPasswordStep",
    # --- My Profile ---
    "ChangePasswordStep",
    "ProfileMenuStep",
    "ProfilePaperlessStep",
    "SignOutStep",
    "UnsubscribeStep",
    "UpdatePhraseStep",
]
