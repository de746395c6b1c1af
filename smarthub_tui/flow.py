"""The wizard's order of steps, as data, and a cursor that walks it.

Which steps a person sees depends on the co-op profile (a hint question only
where the co-op asks one, paperless only where it prompts) and on the mode:
registering a new member, signing in an existing one (what is left to finish,
then My Profile), or setting a forgotten password.  `plan()` returns the
ordered steps for each; `Walk` moves along a plan by the outcomes screens
return (`Next`, `Back`, `Reroute`, `Cancel`, `Skip`), and refuses to go back
past a step whose effect cannot be undone (the registration submit, the
verification, a new password).  The app walks it
in one worker; nothing here imports Textual, so an answers-file front end can
walk the same plan.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from smarthub_tui.lazy_dataclass import dataclass  # built at first use during the start
from smarthub_tui.profile_data import MenuItem
from smarthub_tui.state import RegistrationState

if TYPE_CHECKING:
    from smarthub_tui.profiles import CoopProfile


class StepId(StrEnum):
    """Every screen the wizard can show."""

    WELCOME = "welcome"
    REGISTER = "register"
    IDENTITY = "identity"
    HINT = "hint"
    CAPTCHA = "captcha"
    TERMS = "terms"
    CONGRATULATIONS = "congratulations"
    VERIFY = "verify"
    PASSWORD = "password"
    PAPERLESS = "paperless"
    SECURITY_PHRASE = "security_phrase"
    FINISHED = "finished"
    # Side trips, outside the numbered steps.
    ALREADY_REGISTERED = "already_registered"
    # contacts: reached after sign-in (from the My Profile menu)
    CONTACTS = "contacts"
    # Forgot Password
    FORGOT_PASSWORD = "forgot_password"
    RESET_CODE = "reset_code"
    RESET_PASSWORD = "reset_password"
    RESET_DONE = "reset_done"
    # My Profile: the menu a signed-in member lands on, and its items
    MY_PROFILE = "my_profile"
    PROFILE_PAPERLESS = "profile_paperless"
    UPDATE_PHRASE = "update_phrase"
    CHANGE_PASSWORD = "change_password"
    UNSUBSCRIBE = "unsubscribe"
    SIGN_OUT = "sign_out"
    # agent mode (issue 10): a call-centre agent registers a member over the phone
    AGENT_SIGN_IN = "agent_sign_in"
    AGENT_TERMS = "agent_terms"
    AGENT_PAPERLESS = "agent_paperless"
    AGENT_DONE = "agent_done"


class Mode(StrEnum):
    """Why the person is here: to register, to finish setting up after signing in, or to set a forgotten password."""

    REGISTER = "register"
    SIGN_IN = "sign_in"
    # Forgot Password
    RECOVER = "recover"
    # agent mode
    AGENT = "agent"
    # verify later: the member who comes back with the e-mailed code
    VERIFY_LATER = "verify_later"


REGISTRATION_STEPS: tuple[StepId, ...] = (
    StepId.REGISTER,
    StepId.IDENTITY,
    StepId.HINT,
    StepId.CAPTCHA,
    StepId.TERMS,
    StepId.CONGRATULATIONS,
    StepId.VERIFY,
    StepId.PASSWORD,
    StepId.PAPERLESS,
    StepId.SECURITY_PHRASE,
    StepId.FINISHED,
)
"""Every step a new member can meet, in order (the guides' order)."""

SIGN_IN_STEPS: tuple[StepId, ...] = (
    StepId.PASSWORD,
    StepId.PAPERLESS,
    StepId.SECURITY_PHRASE,
    StepId.MY_PROFILE,
)
"""What a member who signs in may still have to do, then My Profile (where they stay until they sign out)."""

IRREVERSIBLE: frozenset[StepId] = frozenset({StepId.TERMS, StepId.VERIFY, StepId.PASSWORD})
"""Steps whose submit cannot be undone: once done, Back stops after them."""

# --- Forgot Password ---
RECOVERY_STEPS: tuple[StepId, ...] = (
    StepId.FORGOT_PASSWORD,
    StepId.RESET_CODE,
    StepId.RESET_PASSWORD,
    StepId.RESET_DONE,
)
"""Forgot Password / Can't access your account?: ask for a code, type it, set the password, back to Login."""
IRREVERSIBLE |= {StepId.RESET_PASSWORD}


# --- agent mode ---
AGENT_STEPS: tuple[StepId, ...] = (
    StepId.REGISTER,
    StepId.IDENTITY,
    StepId.HINT,
    StepId.AGENT_TERMS,
    StepId.AGENT_PAPERLESS,
    StepId.AGENT_DONE,
)
"""An agent's call: lookup, identity (hint where the co-op asks one), the terms read aloud, paperless if the member
says, then the status screen.  No CAPTCHA (the server waives it for an agent's key) and nothing secret of the
member's own (password, phrase, the e-mailed code): the member finishes those from the e-mail."""
IRREVERSIBLE |= {StepId.AGENT_TERMS}
AGENT_ONLY_STEPS: frozenset[StepId] = frozenset({StepId.AGENT_SIGN_IN, StepId.AGENT_TERMS, StepId.AGENT_PAPERLESS, StepId.AGENT_DONE})
"""Steps only an agent's call has: an answers file names none (in agent mode it only pre-fills the lookup)."""


# --- verify later ---
VERIFY_LATER_STEPS: tuple[StepId, ...] = REGISTRATION_STEPS[REGISTRATION_STEPS.index(StepId.VERIFY) :]
"""A member registered earlier (by an agent on the phone, or who chose "Stop here" after Congratulations) comes
back with the Verify Account code: the same steps a registration has from Verify on, reached from the welcome."""


def offers_verify_later(profile: CoopProfile) -> bool:
    """Whether the welcome offers the way in with the e-mailed code: only where the co-op's code has a Verify step.

    Where the temporary password is typed at the login (`verifyAtLogin`) the
    login is the way back; where the code is the password step's Current
    Password (`verifyAtPasswordChange`) there is no Verify step to walk.
    """
    from smarthub_tui.profile_data import VerificationStyle

    return profile.verificationStyle is VerificationStyle.LINK and not profile.verifyAtLogin and not profile.verifyAtPasswordChange


def plan(mode: Mode, profile: CoopProfile, state: RegistrationState) -> tuple[StepId, ...]:
    """The steps this person will walk, in order, for `mode` and the co-op's `profile`.

    In sign-in mode it skips what is already done, as far as the state tells:
    the password when no change is required, paperless and the phrase when the
    account summary says they are set.
    """
    if mode is Mode.RECOVER:
        return RECOVERY_STEPS
    if mode is Mode.AGENT:
        # Paperless only where the co-op asks it of its members too.
        return tuple(s for s in AGENT_STEPS if _asks(s, profile) and (s is not StepId.AGENT_PAPERLESS or profile.paperBillsPrompt))
    if mode is Mode.VERIFY_LATER:
        return tuple(step for step in VERIFY_LATER_STEPS if _asks(step, profile))
    if mode is Mode.REGISTER:
        order = list(REGISTRATION_STEPS)
        if profile.captchaFirst:
            # Passed first, the CAPTCHA lets the server judge each identity answer on its own step.
            order.remove(StepId.CAPTCHA)
            order.insert(order.index(StepId.IDENTITY), StepId.CAPTCHA)
        if profile.verifyAtLogin:
            # The temporary password is typed at the login screen: the registration ends at
            # Congratulations, and the rest is the walk of a member who signs in.
            order = order[: order.index(StepId.CONGRATULATIONS) + 1]
        if profile.verifyAtPasswordChange:
            order.remove(StepId.VERIFY)  # the code is the password step's Current Password
        return tuple(step for step in order if _asks(step, profile))
    steps = []
    summary = state.summary
    for step in SIGN_IN_STEPS:
        if not _asks(step, profile):
            continue
        if step is StepId.PASSWORD and not (state.auth and state.auth.password_change_required):
            continue
        if step is StepId.PAPERLESS and summary is not None and summary.paperless is not None:
            continue
        if step is StepId.SECURITY_PHRASE and summary is not None and summary.security_phrase_set:
            continue
        steps.append(step)
    return tuple(steps)


def _asks(step: StepId, profile: CoopProfile) -> bool:
    """Whether the co-op's profile includes `step` at all."""
    if step is StepId.HINT:
        return profile.asks_hint_question
    if step is StepId.PAPERLESS:
        return profile.paperBillsPrompt
    if step is StepId.SECURITY_PHRASE:
        return profile.securityPhrasePrompt
    return True


# --- My Profile ------------------------------------------------------------------

PROFILE_ITEMS: dict[MenuItem, tuple[StepId, ...]] = {
    MenuItem.PAPERLESS: (StepId.PROFILE_PAPERLESS,),
    MenuItem.SECURITY_PHRASE: (StepId.UPDATE_PHRASE,),
    MenuItem.CHANGE_PASSWORD: (StepId.CHANGE_PASSWORD,),
    MenuItem.CONTACTS: (StepId.CONTACTS,),
    MenuItem.UNSUBSCRIBE: (StepId.UNSUBSCRIBE,),
    MenuItem.SIGN_OUT: (StepId.SIGN_OUT,),
}
"""What each My Profile item walks: one row per item (an item the profile lists without a row is not offered)."""

PROFILE_STEPS: frozenset[StepId] = frozenset({StepId.MY_PROFILE, *(step for steps in PROFILE_ITEMS.values() for step in steps)})
"""The menu and every step its items walk (an answers file answers none of them: the menu comes back after each)."""


def profile_menu(profile: CoopProfile) -> tuple[MenuItem, ...]:
    """My Profile's items for the co-op, in its `profileMenu` order, without those whose feature it lacks."""
    return tuple(item for item in profile.profileMenu if item in PROFILE_ITEMS and _offers(item, profile))


def _offers(item: MenuItem, profile: CoopProfile) -> bool:
    """Whether the co-op offers `item` at all (its profile's switch for that feature)."""
    if item is MenuItem.PAPERLESS:
        return profile.paperBillsPrompt
    if item is MenuItem.UNSUBSCRIBE:
        return profile.allowUnsubscribe
    return True


# --- what a screen returns -------------------------------------------------------

@dataclass(frozen=True)
class Next:
    """The step is done; `answers` are what it collected."""

    answers: Any = None


@dataclass(frozen=True)
class Back:
    """Go to the previous step; `answers` are kept so nothing typed is lost."""

    answers: Any = None


@dataclass(frozen=True)
class Reroute:
    """Go to `step` (an earlier step an error concerns, or a side trip), saying `message` there.

    `field` names the field the message belongs to (the contract's JSON name).
    """

    step: StepId
    message: str = ""
    field: str | None = None


@dataclass(frozen=True)
class Cancel:
    """The person confirmed Cancel: wipe everything here and return to the welcome screen.

    `message`, when given, is said there (after the account exists, leaving
    only signs out: the registration stays on the server).
    """

    message: str = ""


# --- optional steps (issue 9) ---
@dataclass(frozen=True)
class Skip:
    """Cancel on an optional step: nothing saved there, on to the next step (no question, nothing wiped).

    Only a step whose controller says it is `optional` (the paperless
    question where the co-op's guide says it may be skipped) is skipped;
    `message` is what the front end told the person (the bills stay on paper).
    """

    message: str = ""


Outcome = Next | Back | Reroute | Cancel | Skip


@dataclass(frozen=True)
class Notice:
    """A message to show on arrival at a step (why the wizard brought the person back here)."""

    message: str
    field: str | None = None
    done: bool = False
    """News of something done (My Profile's "Paperless billing is on ..."), not a problem to fix."""


class Walk:
    """A cursor over a plan: where we are, whether Back is allowed, and how outcomes move it."""

    def __init__(self, steps: Sequence[StepId], skip: Callable[[StepId], bool] = lambda step: False) -> None:
        if not steps:
            raise ValueError("a walk needs at least one step")
        self.steps = tuple(steps)
        self.skip = skip
        """Asked as the walk moves: True passes over a step with nothing left to do (a CAPTCHA already passed)."""
        self.index = 0
        self.floor = 0  # Back never goes below this index
        self.notice: Notice | None = None

    @property
    def current(self) -> StepId:
        """The step to show now."""
        return self.steps[self.index]

    @property
    def number(self) -> int:
        """The current step counted from 1 (for "Step N of M")."""
        return self.index + 1

    @property
    def total(self) -> int:
        """How many steps this walk has."""
        return len(self.steps)

    @property
    def can_go_back(self) -> bool:
        """False at the first step and right after an irreversible one."""
        return self.index > self.floor

    @property
    def at_start(self) -> bool:
        """True at the very first step (Back from here leaves the walk)."""
        return self.index == 0

    def forward(self) -> bool:
        """Move past the current step; False when the walk is finished."""
        if self.current in IRREVERSIBLE:
            self.floor = self.index + 1
        self.notice = None
        following = [i for i in range(self.index + 1, len(self.steps)) if not self.skip(self.steps[i])]
        if not following:
            return False
        self.index = following[0]
        return True

    def back(self) -> bool:
        """Move to the previous step (passing over skipped ones); False when that is not allowed here."""
        self.notice = None
        earlier = [i for i in range(self.floor, self.index) if not self.skip(self.steps[i])]
        if not self.can_go_back or not earlier:
            return False
        self.index = earlier[-1]
        return True

    def go_to(self, step: StepId, notice: Notice | None = None) -> bool:
        """Jump to `step` (an error routes there), with a `notice` to show; False if not in this walk."""
        if step not in self.steps:
            return False
        self.index = self.steps.index(step)
        self.floor = min(self.floor, self.index)
        self.notice = notice
        return True
