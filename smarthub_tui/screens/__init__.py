"""One screen per wizard step (docs/architecture.md section 2), and which screen shows which step.

Every screen gets its controller, its initial answers and its place in the
walk through the constructor, and returns an `Outcome` through `dismiss`.
The step screens are imported when first shown, not with this package, so
the first screen ("Connecting…") paints without waiting for them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from smarthub_tui.flow import Notice, StepId

if TYPE_CHECKING:
    from smarthub_tui.screens.base import StepScreen
    from smarthub_tui.steps import Step

STEP_SCREENS: dict[StepId, tuple[str, str]] = {
    StepId.WELCOME: ("welcome", "WelcomeScreen"),
    StepId.REGISTER: ("register", "RegisterScreen"),
    StepId.IDENTITY: ("identity", "IdentityScreen"),
    StepId.HINT: ("hint", "HintScreen"),
    StepId.CAPTCHA: ("captcha", "CaptchaScreen"),
    StepId.TERMS: ("terms", "TermsScreen"),
    StepId.CONGRATULATIONS: ("congratulations", "CongratulationsScreen"),
    StepId.VERIFY: ("verify", "VerifyScreen"),
    StepId.PASSWORD: ("password", "PasswordScreen"),
    StepId.PAPERLESS: ("paperless", "PaperlessScreen"),
    StepId.SECURITY_PHRASE: ("security_phrase", "SecurityPhraseScreen"),
    StepId.FINISHED: ("finished", "FinishedScreen"),
}
"""The module and class of each numbered step's screen (side trips are built by the app directly)."""


def screen_class(step: StepId) -> type[StepScreen]:
    """The screen class that shows `step`."""
    module, name = STEP_SCREENS[step]
    return getattr(import_module(f"smarthub_tui.screens.{module}"), name)


def screen_for(
    step: StepId,
    controller: Step,
    *,
    number: int = 0,
    total: int = 0,
    can_go_back: bool = True,
    notice: Notice | None = None,
) -> StepScreen:
    """The screen for `step`, showing the controller's current answers."""
    return screen_class(step)(
        controller,
        initial=controller.answers(),
        number=number,
        total=total,
        can_go_back=can_go_back,
        notice=notice,
    )


__all__ = ["STEP_SCREENS", "screen_class", "screen_for"]
