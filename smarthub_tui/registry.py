"""The one table of steps: for each step, its controller and the screen that shows it in the Textual UI.

Adding a step is one row here plus its two modules (docs/architecture.md
section 7 has the recipe).  Screens are named, not imported, so this module
(and the runner, and the plain front ends) loads no Textual, and the Textual
app imports a screen only when it first shows it, which keeps the first
paint early.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from smarthub_tui.flow import StepId
from smarthub_tui.modes import UserMode
from smarthub_tui.steps import (
    CaptchaStep,
    ChangePasswordStep,
    CongratulationsStep,
    FinishedStep,
    ForgotPasswordStep,
    HintStep,
    IdentityStep,
    PaperlessStep,
    PasswordStep,
    ProfileMenuStep,
    ProfilePaperlessStep,
    RegisterStep,
    ResetCodeStep,
    ResetDoneStep,
    ResetPasswordStep,
    SecurityPhraseStep,
    SignInStep,
    SignOutStep,
    Step,
    TermsStep,
    UnsubscribeStep,
    UpdatePhraseStep,
    VerifyStep,
    Wizard,
)
from smarthub_tui.steps.contacts import ContactsStep  # contacts


@dataclass(frozen=True)
class Entry:
    """A step's controller class, and its screen as ``(module under smarthub_tui.screens, class name)``."""

    controller: type[Step[Any]]
    screen: tuple[str, str]


STEPS: dict[StepId, Entry] = {
    StepId.WELCOME: Entry(SignInStep, ("welcome", "WelcomeScreen")),
    StepId.REGISTER: Entry(RegisterStep, ("register", "RegisterScreen")),
    StepId.IDENTITY: Entry(IdentityStep, ("identity", "IdentityScreen")),
    StepId.HINT: Entry(HintStep, ("hint", "HintScreen")),
    StepId.CAPTCHA: Entry(CaptchaStep, ("captcha", "CaptchaScreen")),
    StepId.TERMS: Entry(TermsStep, ("terms", "TermsScreen")),
    StepId.CONGRATULATIONS: Entry(CongratulationsStep, ("congratulations", "CongratulationsScreen")),
    StepId.VERIFY: Entry(VerifyStep, ("verify", "VerifyScreen")),
    StepId.PASSWORD: Entry(PasswordStep, ("password", "PasswordScreen")),
    StepId.PAPERLESS: Entry(PaperlessStep, ("paperless", "PaperlessScreen")),
    StepId.SECURITY_PHRASE: Entry(SecurityPhraseStep, ("security_phrase", "SecurityPhraseScreen")),
    StepId.FINISHED: Entry(FinishedStep, ("finished", "FinishedScreen")),
    # --- contacts ---
    StepId.CONTACTS: Entry(ContactsStep, ("contacts", "ContactsScreen")),
    # --- Forgot Password ---
    StepId.FORGOT_PASSWORD: Entry(ForgotPasswordStep, ("forgot_password", "ForgotPasswordScreen")),
    StepId.RESET_CODE: Entry(ResetCodeStep, ("reset_code", "ResetCodeScreen")),
    StepId.RESET_PASSWORD: Entry(ResetPasswordStep, ("reset_password", "ResetPasswordScreen")),
    StepId.RESET_DONE: Entry(ResetDoneStep, ("reset_done", "ResetDoneScreen")),
    # --- My Profile ---
    StepId.MY_PROFILE: Entry(ProfileMenuStep, ("profile_menu", "ProfileMenuScreen")),
    StepId.PROFILE_PAPERLESS: Entry(ProfilePaperlessStep, ("profile_paperless", "ProfilePaperlessScreen")),
    StepId.UPDATE_PHRASE: Entry(UpdatePhraseStep, ("update_phrase", "UpdatePhraseScreen")),
    StepId.CHANGE_PASSWORD: Entry(ChangePasswordStep, ("change_password", "ChangePasswordScreen")),
    StepId.UNSUBSCRIBE: Entry(UnsubscribeStep, ("unsubscribe", "UnsubscribeScreen")),
    StepId.SIGN_OUT: Entry(SignOutStep, ("sign_out", "SignOutScreen")),
}
"""Every step with a controller (the side trip, the "already registered" alert, has none)."""

# --- agent mode (issue 10) ---
from smarthub_tui.steps.agent_audited import AgentHintStep, AgentIdentityStep, AgentLookupStep  # noqa: E402
from smarthub_tui.steps.agent_done import AgentDoneStep  # noqa: E402
from smarthub_tui.steps.agent_paperless import AgentPaperlessStep  # noqa: E402
from smarthub_tui.steps.agent_sign_in import AgentSignInStep  # noqa: E402
from smarthub_tui.steps.agent_terms import AgentTermsStep  # noqa: E402

STEPS |= {
    StepId.AGENT_SIGN_IN: Entry(AgentSignInStep, ("agent_sign_in", "AgentSignInScreen")),
    StepId.AGENT_TERMS: Entry(AgentTermsStep, ("agent_terms", "AgentTermsScreen")),
    StepId.AGENT_PAPERLESS: Entry(AgentPaperlessStep, ("paperless", "PaperlessScreen")),
    StepId.AGENT_DONE: Entry(AgentDoneStep, ("agent_done", "AgentDoneScreen")),
}
AGENT_CONTROLLERS: dict[StepId, type[Step[Any]]] = {
    StepId.REGISTER: AgentLookupStep,
    StepId.IDENTITY: AgentIdentityStep,
    StepId.HINT: AgentHintStep,
}
"""The member's steps an agent walks with an audited controller (same screen, same questions)."""


def controller_for(step: StepId, wizard: Wizard) -> Step[Any]:
    """A controller for `step`, working on `wizard`."""
    if wizard.mode is UserMode.AGENT and step in AGENT_CONTROLLERS:  # agent mode: audited
        return AGENT_CONTROLLERS[step](wizard)
    return STEPS[step].controller(wizard)
