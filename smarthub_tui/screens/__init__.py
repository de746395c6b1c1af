"""One screen per wizard step (DESIGN.md section 2), and which screen shows which step.

Every screen gets its controller, its initial answers and its place in the
walk through the constructor, and returns an `Outcome` through `dismiss`.
"""

from __future__ import annotations

from smarthub_tui.flow import Notice, StepId
from smarthub_tui.screens.base import StepScreen
from smarthub_tui.screens.captcha import CaptchaScreen
from smarthub_tui.screens.congratulations import CongratulationsScreen
from smarthub_tui.screens.finished import FinishedScreen
from smarthub_tui.screens.hint import HintScreen
from smarthub_tui.screens.identity import IdentityScreen
from smarthub_tui.screens.paperless import PaperlessScreen
from smarthub_tui.screens.password import PasswordScreen
from smarthub_tui.screens.register import RegisterScreen
from smarthub_tui.screens.security_phrase import SecurityPhraseScreen
from smarthub_tui.screens.terms import TermsScreen
from smarthub_tui.screens.verify import VerifyScreen
from smarthub_tui.screens.welcome import WelcomeScreen
from smarthub_tui.steps import Step

STEP_SCREENS: dict[StepId, type[StepScreen]] = {
    StepId.WELCOME: WelcomeScreen,
    StepId.REGISTER: RegisterScreen,
    StepId.IDENTITY: IdentityScreen,
    StepId.HINT: HintScreen,
    StepId.CAPTCHA: CaptchaScreen,
    StepId.TERMS: TermsScreen,
    StepId.CONGRATULATIONS: CongratulationsScreen,
    StepId.VERIFY: VerifyScreen,
    StepId.PASSWORD: PasswordScreen,
    StepId.PAPERLESS: PaperlessScreen,
    StepId.SECURITY_PHRASE: SecurityPhraseScreen,
    StepId.FINISHED: FinishedScreen,
}
"""The screen of each numbered step (side trips are built by the app directly)."""


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
    return STEP_SCREENS[step](
        controller,
        initial=controller.answers(),
        number=number,
        total=total,
        can_go_back=can_go_back,
        notice=notice,
    )


__all__ = ["STEP_SCREENS", "screen_for"]
