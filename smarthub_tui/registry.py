"""The one table of steps: for each step, its controller and the screen that shows it in the Textual UI.

Adding a step is one row here plus its two modules (docs/architecture.md
section 7 has the recipe).  Screens are named, not imported, so this module
(and the runner, and the plain front ends) loads no Textual, and the Textual
app imports a screen only when it first shows it, which keeps the first
paint early.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from smarthub_tui.flow import StepId
from smarthub_tui.modes import UserMode

if TYPE_CHECKING:
    from smarthub_tui.steps import Step, Wizard


class Entry:
    """A step's controller class, and its screen as ``(module under smarthub_tui.screens, class name)``.

    The controller may be named as the screen is, ``(module under
    smarthub_tui.steps, class name)``, and is then imported at its first
    use: the full-screen start imports only the welcome's step before the
    welcome takes keys (the others come behind it, with their screens, in
    `screens.preload`), and a row that names its class works as before.
    """

    __slots__ = ("_controller", "screen")

    def __init__(self, controller: type[Step[Any]] | tuple[str, str], screen: tuple[str, str]) -> None:
        self._controller = controller
        self.screen = screen

    @property
    def controller(self) -> type[Step[Any]]:
        """The controller class (imported now if the row names it)."""
        named = self._controller
        if isinstance(named, tuple):
            module, name = named
            named = self._controller = getattr(import_module(f"smarthub_tui.steps.{module}"), name)
        return named

    def __repr__(self) -> str:
        return f"Entry({self._controller!r}, {self.screen!r})"


STEPS: dict[StepId, Entry] = {
    StepId.WELCOME: Entry(("welcome", "SignInStep"), ("welcome", "WelcomeScreen")),
    StepId.REGISTER: Entry(("register", "RegisterStep"), ("register", "RegisterScreen")),
    StepId.IDENTITY: Entry(("identity", "IdentityStep"), ("identity", "IdentityScreen")),
    StepId.HINT: Entry(("hint", "HintStep"), ("hint", "HintScreen")),
    StepId.CAPTCHA: Entry(("captcha", "CaptchaStep"), ("captcha", "CaptchaScreen")),
    StepId.TERMS: Entry(("terms", "TermsStep"), ("terms", "TermsScreen")),
    StepId.CONGRATULATIONS: Entry(("congratulations", "CongratulationsStep"), ("congratulations", "CongratulationsScreen")),
    StepId.VERIFY: Entry(("verify", "VerifyStep"), ("verify", "VerifyScreen")),
    StepId.PASSWORD: Entry(("password", "PasswordStep"), ("password", "PasswordScreen")),
    StepId.PAPERLESS: Entry(("paperless", "PaperlessStep"), ("paperless", "PaperlessScreen")),
    StepId.SECURITY_PHRASE: Entry(("security_phrase", "SecurityPhraseStep"), ("security_phrase", "SecurityPhraseScreen")),
    StepId.FINISHED: Entry(("finished", "FinishedStep"), ("finished", "FinishedScreen")),
    # --- contacts ---
    StepId.CONTACTS: Entry(("contacts", "ContactsStep"), ("contacts", "ContactsScreen")),
    # --- Forgot Password ---
    StepId.FORGOT_PASSWORD: Entry(("forgot_password", "ForgotPasswordStep"), ("forgot_password", "ForgotPasswordScreen")),
    StepId.RESET_CODE: Entry(("reset_code", "ResetCodeStep"), ("reset_code", "ResetCodeScreen")),
    StepId.RESET_PASSWORD: Entry(("reset_password", "ResetPasswordStep"), ("reset_password", "ResetPasswordScreen")),
    StepId.RESET_DONE: Entry(("reset_done", "ResetDoneStep"), ("reset_done", "ResetDoneScreen")),
    # --- My Profile ---
    StepId.MY_PROFILE: Entry(("profile_menu", "ProfileMenuStep"), ("profile_menu", "ProfileMenuScreen")),
    StepId.PROFILE_PAPERLESS: Entry(("profile_paperless", "ProfilePaperlessStep"), ("profile_paperless", "ProfilePaperlessScreen")),
    StepId.UPDATE_PHRASE: Entry(("update_phrase", "UpdatePhraseStep"), ("update_phrase", "UpdatePhraseScreen")),
    StepId.CHANGE_PASSWORD: Entry(("change_password", "ChangePasswordStep"), ("change_password", "ChangePasswordScreen")),
    StepId.UNSUBSCRIBE: Entry(("unsubscribe", "UnsubscribeStep"), ("unsubscribe", "UnsubscribeScreen")),
    StepId.SIGN_OUT: Entry(("sign_out", "SignOutStep"), ("sign_out", "SignOutScreen")),
}
"""Every step with a controller (the side trip, the "already registered" alert, has none)."""

# --- agent mode (issue 10) ---
STEPS |= {
    StepId.AGENT_SIGN_IN: Entry(("agent_sign_in", "AgentSignInStep"), ("agent_sign_in", "AgentSignInScreen")),
    StepId.AGENT_TERMS: Entry(("agent_terms", "AgentTermsStep"), ("agent_terms", "AgentTermsScreen")),
    StepId.AGENT_PAPERLESS: Entry(("agent_paperless", "AgentPaperlessStep"), ("paperless", "PaperlessScreen")),
    StepId.AGENT_DONE: Entry(("agent_done", "AgentDoneStep"), ("agent_done", "AgentDoneScreen")),
}
AGENT_CONTROLLERS: dict[StepId, Entry] = {
    StepId.REGISTER: Entry(("agent_audited", "AgentLookupStep"), STEPS[StepId.REGISTER].screen),
    StepId.IDENTITY: Entry(("agent_audited", "AgentIdentityStep"), STEPS[StepId.IDENTITY].screen),
    StepId.HINT: Entry(("agent_audited", "AgentHintStep"), STEPS[StepId.HINT].screen),
}
"""The member's steps an agent walks with an audited controller (same screen, same questions)."""


def controller_for(step: StepId, wizard: Wizard) -> Step[Any]:
    """A controller for `step`, working on `wizard`."""
    if wizard.mode is UserMode.AGENT and step in AGENT_CONTROLLERS:  # agent mode: audited
        return AGENT_CONTROLLERS[step].controller(wizard)
    return STEPS[step].controller(wizard)
