"""What every step controller shares: the `Step[A]` base, its fields as data, and what a refusal means.

A step controller (subiquity's controller/view split, kept light) is built
with the shared `Wizard` (the backend and the `RegistrationState`) and
declares, without any front end in mind:

- its answers type `A` (a frozen dataclass from `state`), ``answers()`` to
  show on arrival (from the state, so Back and Retry keep everything typed),
  ``remember(answers)`` to store them, and ``values``/``from_values`` to turn
  them into and from the contract's field names (what an answers file holds
  and a line front end asks);
- its ``title``, its ``intro`` (the co-op's words before the fields) and its
  ``fields()`` as `Field` data: contract name, label, secret or not, maximum
  length, choices; only the fields the profile and the session ask for;
- optional ``load()`` for what it fetches on arrival;
- ``validate(answers)``: plain-words reasons keyed by field, ``{}`` when fine;
- ``submit(answers)``: remember, then ``send`` (the step's backend call);
  a refusal first passes through ``refused`` (the hook for what every step
  changes in the state because of an error; a step's own `send` may also
  record what its call's refusal means, as the CAPTCHA does) and is raised
  again;
- ``explain(error)``: only interprets a domain error as a `Problem`.

See docs/architecture.md section 6 (the step and its screen) and section 7
(the recipe for adding a step).  Nothing here imports Textual.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, cast

from smarthub_tui import heap, strings
from smarthub_tui.backend.base import (
    Backend,
    BackendError,
    BackendTimeout,
    ConnectionProblem,
    LockedOut,
    NotAuthorized,
    RateLimited,
    SessionExpired,
    ValidationFailed,
)
from smarthub_tui.backend.deferred import DeferredBackend
from smarthub_tui.flow import Reroute, StepId
from smarthub_tui.lazy_dataclass import dataclass  # built at first use during the start
from smarthub_tui.models import Settings
from smarthub_tui.modes import UserMode
from smarthub_tui.profile_data import ProfileError, UncheckedProfile
from smarthub_tui.state import RegistrationState
from smarthub_tui.validation import Invalid, Rule

if TYPE_CHECKING:
    from smarthub_tui.profiles import CoopProfile

FORM = ""
"""The key `validate()` uses for a reason about the whole form rather than one field."""

A = TypeVar("A")
"""A step's answers type."""


# --- what a step asks, as data ---------------------------------------------------

class FieldKind(StrEnum):
    """How a field is answered, which is all a front end needs to ask it."""

    TEXT = "text"
    """Typed text (masked when the field is secret)."""
    CHOICE = "choice"
    """One of `Field.choices`."""
    CHECKBOX = "checkbox"
    """Ticked or not (a bool)."""
    CAPTCHA = "captcha"
    """The CAPTCHA: a picture's text or the "I'm not a robot" box; each front end has its own way."""


@dataclass(frozen=True)
class Choice:
    """One option of a `CHOICE` field: the value the answers hold and the words shown for it."""

    value: Any
    label: str


@dataclass(frozen=True)
class Field:
    """One question a step asks, named by the HTTP contract's JSON field name."""

    name: str
    label: str
    kind: FieldKind = FieldKind.TEXT
    secret: bool = False
    """Masked while typed, never echoed, never shown back; an answers file must not hold it in the clear."""
    max_length: int | None = None
    choices: tuple[Choice, ...] = ()
    note: str = ""
    """A line under the field (what to type, where it is found)."""
    optional: bool = False
    """May be left empty (the step's `validate` has the last word)."""
    confirms: str = ""
    """The field this one repeats (Confirm Password repeats New Password): asked again whenever that one is."""


# --- what an error means for a step ----------------------------------------------

@dataclass(frozen=True)
class FieldProblem:
    """Show `message` at `field` and keep the person on this step."""

    field: str
    message: str
    rules: tuple[Rule, ...] = ()


@dataclass(frozen=True)
class FormProblem:
    """Show `message` for the form as a whole and keep the person on this step."""

    message: str


@dataclass(frozen=True)
class LockedOutProblem(FormProblem):
    """The account or this terminal is locked after too many failures: asking again cannot help for now.

    Shown like any form problem (the co-op's lockout message); a front end
    that would otherwise ask the same questions again offers the way back to
    the start instead.
    """


@dataclass(frozen=True)
class RetryProblem:
    """The answer never came or made no sense: say so and offer Retry; nothing typed is lost."""

    message: str


Problem = FieldProblem | FormProblem | RetryProblem | Reroute


def problems_from_reasons(reasons: Mapping[str, str]) -> tuple[FieldProblem | FormProblem, ...]:
    """`validate()`'s reasons as problems, in the order given (`FORM` is the form's)."""
    return tuple(FormProblem(message) if field == FORM else FieldProblem(field, message) for field, message in reasons.items())


# --- the shared context ----------------------------------------------------------

class Wizard:
    """The backend and the state every step works on, and how to reach the backend.

    The backend is created lazily by `connect()` (from `backend_factory`, off
    the UI thread), so the first screen paints before the server code, FastAPI
    or Pillow are imported.
    """

    def __init__(
        self,
        backend_factory: Callable[[], Backend],
        *,
        target: str = "",
        state: RegistrationState | None = None,
        mode: UserMode = UserMode.MEMBER,
        local_settings: Callable[[], Settings] | None = None,
        prefetched: Callable[[], Settings | None] | None = None,
    ) -> None:
        self._backend_factory = backend_factory
        self._local_settings = local_settings
        """The co-op settings without asking the backend (the embedded demo: its settings are the local profile)."""
        self._prefetched = prefetched
        """A remote server's settings fetched while the app started (`backend.prefetch`), or None: asked once, then dropped."""
        self.mode = mode
        """Who is at the keyboard (`modes.UserMode`): the runner walks the steps that user may take."""
        self._backend: Backend | None = None
        self.target = target
        """Where the backend is, in words, for the "Connecting…" line ("" for the built-in one)."""
        self.state = state or RegistrationState()
        self.settings_error: ProfileError | None = None
        """Why the co-op settings the start showed unchecked are not valid (`confirm_settings`); None while they are."""

    @property
    def backend(self) -> Backend:
        """The connected backend (only after `connect()` succeeded)."""
        if self._backend is None:
            raise RuntimeError("not connected yet")
        return self._backend

    @property
    def connected(self) -> bool:
        """True once the co-op settings are known."""
        return self.state.settings is not None

    @property
    def connects_locally(self) -> bool:
        """True when the settings are known here (the embedded demo): `connect()` neither waits nor fails."""
        return self._local_settings is not None

    def warm_up(self) -> None:
        """Once the first screen takes keys: build a backend whose build was deferred (see `connect`), then settle the heap.

        The first call would start the build otherwise.  `heap.settle` (one
        full garbage collection, then the start-up objects frozen) runs in
        the build's thread after it, or in a thread of its own.
        """
        if isinstance(self._backend, DeferredBackend):
            self._backend.start()
        else:
            asyncio.get_running_loop().run_in_executor(None, heap.settle)

    async def connect_at_once(self) -> bool:
        """Whether `connect()` will neither wait nor fail: the settings are local, or were fetched while the app started.

        A front end shows its "Connecting…" screen (with Retry) only when
        this is False.  With prefetched settings the backend (httpx and its
        client) is built behind the welcome screen, as the embedded demo's is.
        """
        if self._local_settings is not None:
            return True
        prefetched, self._prefetched = self._prefetched, None
        if self._backend is not None or self.state.settings is not None or prefetched is None:
            return False
        settings = await asyncio.to_thread(prefetched)
        if settings is None:
            return False
        self._backend = cast(Backend, DeferredBackend(self._build_backend, after_build=heap.settle))
        self.state.settings = settings
        return True

    async def connect(self) -> Settings:
        """Create the backend (in a thread: it may import the whole server) and fetch the settings.

        With `local_settings` (the embedded demo) nothing is waited for: the
        settings come from the local profile and the backend, the whole
        reference server, is built in the background (`DeferredBackend`),
        so the welcome screen takes keys before the server is imported.
        """
        if self._backend is None and self._local_settings is not None:
            self._backend = cast(Backend, DeferredBackend(self._build_backend, after_build=heap.settle))
            if self.state.settings is None:
                self.state.settings = self._local_settings()
            return self.state.settings
        if self._backend is None and self._prefetched is not None and await self.connect_at_once():
            return cast(Settings, self.state.settings)
        if self._backend is None:
            self._backend = await asyncio.to_thread(self._backend_factory)
        if self.state.settings is None:
            self.state.settings = await self._backend.get_settings()
        return self.state.settings

    # settings shown unchecked at the start (`profile_data.UncheckedProfile`)

    def _build_backend(self) -> Backend:
        """The deferred build (in its thread): the co-op settings validated first, so no call goes out with a profile that is not valid."""
        self._check_settings()
        return self._backend_factory()

    def _check_settings(self) -> None:
        """Put the validated profile in place of the start's unchecked one; `ProfileError` if it is not valid (blocks: a thread)."""
        settings = self.state.settings
        if settings is not None and isinstance(settings.profile, UncheckedProfile):
            self.state.settings = replace(settings, profile=settings.profile.checked())

    async def confirm_settings(self) -> ProfileError | None:
        """Once the first screen takes keys: validate settings the start showed unchecked; why they are not valid, or None.

        The front end stops there on an error (nothing has been sent: every
        call waits for the same validation, `_build_backend`); the error is
        kept in `settings_error` for the command line to print.
        """
        settings = self.state.settings
        if settings is None or not isinstance(settings.profile, UncheckedProfile):
            return None
        try:
            await asyncio.to_thread(self._check_settings)
        except ProfileError as error:
            self.settings_error = error
            return error
        return None

    def explain_connect(self, error: BackendError) -> RetryProblem:
        """A connection failure at start, as one line with Retry."""
        return RetryProblem(strings.CONNECT_FAILED.format(reason=error.message))

    async def aclose(self) -> None:
        """Close the backend's connections (and stop an embedded server, one still being built included)."""
        if self._backend is not None:
            await self._backend.aclose()


# --- the base of every step -------------------------------------------------------

class Step(Generic[A]):
    """Base of the step controllers: defaults for steps that ask nothing and call nothing."""

    step_id: ClassVar[StepId]
    field_names: ClassVar[tuple[str, ...]] = ()
    """Every contract field this step can ask, whatever the profile (errors about them land here; an answers file may name them)."""
    kept_in: ClassVar[str] = ""
    """The `RegistrationState` attribute that keeps this step's answers between visits ("": none kept, as for passwords)."""
    secret_fields: ClassVar[tuple[str, ...]] = ()
    """Those of `field_names` that are secrets whatever the profile (an answers file readable by others must not hold them in the clear)."""
    button: ClassVar[str] = ""
    """The `profiles.Buttons` key of this step's submit button, whose words every front end shows (`submit_label`)."""

    def __init__(self, wizard: Wizard) -> None:
        self.wizard = wizard

    @property
    def state(self) -> RegistrationState:
        """The member's state."""
        return self.wizard.state

    @property
    def backend(self) -> Backend:
        """The connected backend."""
        return self.wizard.backend

    @property
    def profile(self) -> CoopProfile:
        """The co-op profile in force."""
        return self.state.profile

    @property
    def demo(self) -> bool:
        """True on a demo backend."""
        return self.state.demo

    # -- what it asks -------------------------------------------------------------------

    @property
    def title(self) -> str:
        """The step's heading (the co-op's words where its guide gives them)."""
        return ""

    def intro(self) -> list[str]:
        """The co-op's and the app's words before the fields, as plain paragraphs."""
        return []

    def fields(self) -> tuple[Field, ...]:
        """The questions asked now, in order (only those the profile and the session ask for)."""
        return ()

    def field(self, name: str) -> Field:
        """The field `name` of `fields()`."""
        for field in self.fields():
            if field.name == name:
                return field
        raise KeyError(name)

    # -- answers --------------------------------------------------------------------------

    def answers(self) -> A:
        """The answers to show on arrival: those kept in the state (so Back and Retry lose nothing), else empty ones."""
        if self.kept_in:
            kept: A = getattr(self.state, self.kept_in)
            return kept
        return self.from_values({})

    def values(self, answers: A) -> dict[str, Any]:
        """`answers` by contract field name (what an answers file holds)."""
        return {}

    def from_values(self, values: Mapping[str, Any]) -> A:
        """The answers made from values by contract field name (missing ones empty)."""
        raise NotImplementedError

    def help(self) -> list[str]:
        """More about the step, for the person who asks (the co-op's "What's a good security phrase?")."""
        return []

    def report(self, loaded: Any) -> list[str]:
        """What `load()` brought, as lines to show (the finished step's summary)."""
        return []

    def unmet(self, field: str, answers: A) -> tuple[Rule, ...]:
        """The rules of `field` that `answers` break (the password policy), each to be said."""
        return ()

    def said_after(self, answers: A) -> str:
        """What to tell the person once the step is done with `answers` ("" for nothing)."""
        return ""

    def skipped(self) -> bool:
        """True when the step has nothing left to do for this member (the walk passes over it)."""
        return False

    # -- buttons and optional steps -------------------------------------------------------------

    @property
    def submit_label(self) -> str:
        """The words of the step's submit button, from the co-op's profile (`button` names the key).

        The Textual button, the footer's "Enter ..." and the line mode's
        "Press Enter: ..." all say this, so a co-op's word is the same in
        every front end.  A step that names no key yet says the app's Submit
        (tests/unit/test_step_buttons_and_skip.py fails until it names one).
        """
        if not self.button:
            return strings.BUTTON_SUBMIT
        label: str = getattr(self.profile.buttons, self.button)
        return label

    @property
    def optional(self) -> bool:
        """True where the co-op lets the member pass over this step: Cancel there skips it (`flow.Skip`), asking nothing."""
        return False

    def skip_note(self) -> str:
        """What to tell the person who skips this optional step ("" for nothing); changes nothing."""
        return ""

    def skip(self) -> None:
        """The member passed over this optional step: forget its unsaved answers (the runner calls it; no backend call)."""
        self.remember(self.from_values({}))

    # -- My Profile ---------------------------------------------------------------------

    @property
    def menu_label(self) -> str:
        """This step's words as a My Profile item (its title, unless the step says otherwise)."""
        return self.title

    def confirmation(self) -> str:
        """What My Profile says on return once this step is done ("" for nothing): what changed, in words."""
        return ""

    def remember(self, answers: A) -> None:
        """Keep `answers` in the state (on Next, on Back, before a call)."""
        if self.kept_in:
            setattr(self.state, self.kept_in, answers)

    def validate(self, answers: A) -> dict[str, str]:
        """Reasons keyed by field (`FORM` for the form), empty when the answers can be submitted."""
        return {}

    # -- calls ----------------------------------------------------------------------------

    async def load(self) -> Any:
        """What the step fetches on arrival (nothing by default)."""
        return None

    async def submit(self, answers: A) -> None:
        """Remember `answers`, then make this step's backend call; a refusal passes through `refused`."""
        self.remember(answers)
        try:
            await self.send(answers)
        except BackendError as error:
            self.refused(error)
            raise

    async def send(self, answers: A) -> None:
        """This step's backend call, if it has one."""

    def refused(self, error: BackendError) -> None:
        """What a refusal changes in the state (the only place an error changes it)."""
        if isinstance(error, SessionExpired):
            self.state.session = None
            self.state.void_captcha()

    def explain(self, error: BackendError) -> Problem:
        """What `error` means here; subclasses handle their own errors first, then call this."""
        if isinstance(error, BackendTimeout) and error.uncertain:
            return RetryProblem(f"{error.message} {strings.UNCERTAIN_SUBMIT}")
        if isinstance(error, ConnectionProblem):
            return RetryProblem(f"{error.message} {strings.RETRY_HINT}")
        if isinstance(error, RateLimited):
            if error.retry_after:
                return RetryProblem(strings.RATE_LIMITED.format(seconds=error.retry_after))
            return RetryProblem(strings.RATE_LIMITED_SOON)
        if isinstance(error, LockedOut):
            return LockedOutProblem(self.profile.lockoutMessage)
        if isinstance(error, NotAuthorized):
            return Reroute(StepId.WELCOME, strings.SIGNED_OUT)
        if isinstance(error, SessionExpired):
            return Reroute(StepId.REGISTER, strings.SESSION_EXPIRED)
        if isinstance(error, ValidationFailed) and error.field in self.field_names:
            return FieldProblem(error.field, error.message)
        return FormProblem(error.message)


def check(reasons: dict[str, str], field: str, validator: Callable[[], object]) -> None:
    """Run one validator; on `Invalid`, record its reason for `field`."""
    try:
        validator()
    except Invalid as error:
        reasons.setdefault(field, str(error))


def text_value(values: Mapping[str, Any], name: str) -> str:
    """The text given for `name` ("" when missing)."""
    value = values.get(name, "")
    return value if isinstance(value, str) else str(value)
