"""Agent mode's shared context: who the agent is, the key check, the idle clock, the audit trail, the script.

A call-centre agent (``smarthub-tui --mode agent``) walks the same step
controllers as a member, through the same front ends; what differs lives
here, in `AgentWizard` (the `Wizard` the steps get in agent mode):

- the agent's key, checked with the server (`agent_me`) and kept in the OS
  keyring through `agent_keys.AgentKeyStore` where there is one, never in a
  file;
- the idle clock: after `AgentSettings.idle_minutes` without a key press the
  agent re-enters the key before going on (PCI DSS 8.2.8), the member's
  answers kept; the clock is injectable, so tests need not wait;
- the audit log (`audit.AuditLog`): one record per step outcome, the
  account masked, never a secret, an identity answer or the key;
- the words the agent reads at each step (`script_for`), from the
  profile's ``[agentScript]`` or the app's defaults.

Nothing here imports Textual.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smarthub_tui import strings
from smarthub_tui.backend.base import AgentKeyInvalid, AgentRevoked, BackendError, ConnectionProblem
from smarthub_tui.flow import Reroute, StepId
from smarthub_tui.lazy_dataclass import dataclass  # built at first use during the start
from smarthub_tui.modes import UserMode
from smarthub_tui.profile_data import IdentityOption
from smarthub_tui.state import IdentityAnswers, RegistrationState
from smarthub_tui.steps.base import Problem, Step, Wizard

if TYPE_CHECKING:
    from smarthub_tui.agent_keys import AgentKeyStore
    from smarthub_tui.audit import AuditLog
    from smarthub_tui.backend.base import Backend
    from smarthub_tui.models import Settings

DEFAULT_IDLE_MINUTES = 15.0
"""PCI DSS 8.2.8: re-authenticate after 15 minutes idle."""

SCRIPT_KEYS: dict[StepId, str] = {
    StepId.REGISTER: "lookup",
    StepId.IDENTITY: "identity",
    StepId.HINT: "hint",
    StepId.AGENT_TERMS: "terms",
    StepId.AGENT_PAPERLESS: "paperless",
    StepId.AGENT_DONE: "agent_done",
}
"""Which ``[agentScript]`` key each step of an agent's call reads."""

AGENT_KEY_ERRORS = (AgentKeyInvalid, AgentRevoked)


@dataclass
class AgentSettings:
    """How agent mode runs: idle minutes, where the audit goes, which keyring, which clock, what to pre-fill."""

    idle_minutes: float = DEFAULT_IDLE_MINUTES
    audit_path: Path | None = None
    """None: `audit.default_audit_path()` (the platform's data directory)."""
    keyring: Any = None
    """A `keyring` backend for the key store (tests: an in-memory one); None: the OS's own."""
    clock: Callable[[], float] = time.monotonic
    """Seconds, for the idle timer only (the audit's times are wall-clock)."""
    prefill: Mapping[str, str] = field(default_factory=dict)
    """The lookup's fields by contract name (``--answers``: a CRM export), for the first call."""


class AgentWizard(Wizard):
    """The `Wizard` of agent mode: the backend and member state, plus the agent's sign-in, idle clock and audit."""

    def __init__(
        self,
        backend_factory: Callable[[], Backend],
        *,
        target: str = "",
        state: RegistrationState | None = None,
        settings: AgentSettings | None = None,
        server_url: str = "",
        local_settings: Callable[[], Settings] | None = None,
    ) -> None:
        super().__init__(backend_factory, target=target, state=state, mode=UserMode.AGENT, local_settings=local_settings)
        self.settings = settings or AgentSettings()
        self.server_url = server_url or "embedded-demo"
        """Whose key the keyring holds: one key per server (the built-in demo backend has its own name)."""
        self.agent_name: str | None = None
        """The signed-in agent's name, from the server (None until signed in)."""
        self.last_activity = self.settings.clock()
        self._audit: AuditLog | None = None
        self._keys: AgentKeyStore | None = None
        self.prefill: Mapping[str, str] = dict(self.settings.prefill)
        """What the next call's lookup starts with (taken once, by the first call)."""

    # -- the key store and the audit log, made when first needed ------------------------------

    @property
    def key_store(self) -> AgentKeyStore:
        """The OS keyring's place for this server's agent key."""
        if self._keys is None:
            from smarthub_tui.agent_keys import AgentKeyStore

            self._keys = AgentKeyStore(self.server_url, backend=self.settings.keyring)
        return self._keys

    @property
    def audit_path(self) -> Path:
        """Where the audit log is written."""
        if self.settings.audit_path is not None:
            return self.settings.audit_path
        from smarthub_tui.audit import default_audit_path

        return default_audit_path()

    @property
    def audit(self) -> AuditLog:
        """The append-only audit log."""
        if self._audit is None:
            from smarthub_tui.audit import AuditLog

            self._audit = AuditLog(self.audit_path)
        return self._audit

    def record(self, step: str, outcome: str, detail: str | None = None) -> None:
        """One audit record for the call in progress: the agent, the step, its outcome, the account (masked by the log)."""
        number = "".join(ch for ch in self.state.account.account_number if ch.isdigit()) or None
        self.audit.record(agent=self.agent_name or "-", step=step, outcome=outcome, account_number=number, detail=detail)

    # -- the idle clock --------------------------------------------------------------------------

    @property
    def idle_seconds(self) -> float:
        """How long without a key press before the key is asked again."""
        return self.settings.idle_minutes * 60

    def touch(self) -> None:
        """The agent pressed a key (or answered a question): the idle clock starts again."""
        self.last_activity = self.settings.clock()

    def idle_expired(self) -> bool:
        """True when a signed-in agent has been idle for `idle_seconds`: the key is asked again first."""
        return self.agent_name is not None and self.settings.clock() - self.last_activity >= self.idle_seconds

    # -- signing in --------------------------------------------------------------------------------

    def use_key(self, key: str | None) -> None:
        """Have every call from now on carry `key` (None: no agent key)."""
        self.backend.use_agent_key(key)

    async def sign_in(self, key: str, *, step: str = "sign_in") -> str:
        """Check `key` with the server and sign the agent in with it; the agent's name.

        A re-authentication (an agent already signed in) must be the same
        agent: another's key is refused and the session's key dropped, so
        nothing goes on until the right key is given.  A wrong or revoked key
        forgets the one kept in the keyring.  Every attempt is audited, never
        the key itself.
        """
        reauth = self.agent_name is not None
        try:
            self.use_key(key)  # a key that cannot be one is refused here, before it is sent
            me = await self.backend.agent_me()
        except AGENT_KEY_ERRORS as error:
            self.use_key(None)
            self.key_store.forget()
            self.record(step, "refused", error.code)
            raise
        except BackendError as error:
            if not isinstance(error, ConnectionProblem):
                self.record(step, "refused", error.code)
            raise
        if reauth and me.name != self.agent_name:
            self.use_key(None)
            self.record(step, "refused", "another_agent")
            raise AgentKeyInvalid(strings.AGENT_REAUTH_WRONG, field="agentKey")
        self.agent_name = me.name
        self.touch()
        if self.key_store.available:
            self.key_store.save(key)
        self.record(step, "ok")
        return me.name

    def signed_out(self) -> None:
        """The server refused the agent's key mid-call (revoked): forget it here and in the keyring; the sign-in comes next."""
        self.agent_name = None
        self.key_store.forget()
        try:
            self.use_key(None)
        except BackendError:
            pass  # dropping a key cannot fail, but nothing here may stop the sign-out

    async def sign_in_with_stored_key(self) -> str:
        """Sign in with the key kept in the keyring, if any; "" when signed in, else why not ("" too when none kept)."""
        key = self.key_store.load() if self.key_store.available else None
        if not key:
            return ""
        try:
            await self.sign_in(key, step="sign_in_kept_key")
        except AGENT_KEY_ERRORS as error:
            return strings.AGENT_STORED_KEY_REFUSED.format(reason=error.message)
        except BackendError:
            return ""  # the server did not answer: the sign-in screen asks, with Retry
        return ""


def agent_of(wizard: Wizard) -> AgentWizard:
    """`wizard` as an `AgentWizard` (the agent steps run only in agent mode)."""
    if not isinstance(wizard, AgentWizard):
        raise TypeError("an agent step needs agent mode (smarthub-tui --mode agent)")
    return wizard


def is_agent(wizard: Wizard) -> bool:
    """True in agent mode."""
    return isinstance(wizard, AgentWizard)


def script_for(controller: Step[Any]) -> str:
    """What the agent reads to the member at `controller`'s step ("" outside agent mode or where there is nothing).

    The co-op's own wording (its profile's ``[agentScript]``) where it has
    one, else the app's (`strings.AGENT_SCRIPT_DEFAULTS`).
    """
    if not is_agent(controller.wizard):
        return ""
    key = SCRIPT_KEYS.get(controller.step_id, "")
    if not key:
        return ""
    own: str = getattr(controller.profile.agentScript, key, "")
    return own.strip() or strings.AGENT_SCRIPT_DEFAULTS.get(key, "")


def masked_ssn(value: str) -> str:
    """The last 4 of an SSN as shown back: "•••-••-4321" (nothing else of it is ever known here)."""
    digits = "".join(ch for ch in value if ch.isdigit())[-4:]
    return f"•••-••-{digits}"


def masked_identity(answers: IdentityAnswers, label: Callable[[IdentityOption], str]) -> str:
    """The identity answers as the agent may see them again: ZIP codes as typed, the SSN as its last four only."""
    parts = []
    for option, value in answers.values.items():
        if not value.strip():
            continue
        shown = masked_ssn(value) if option is IdentityOption.SSN4 else value.strip()
        parts.append(f"{label(option)} {shown}")
    return "; ".join(parts)


async def audited(step: Step[Any], name: str, call: Awaitable[None], *, ok: str = "ok") -> None:
    """Await `call` (a step's submit) and audit its outcome: `ok`, or refused with the server's error code.

    A connection problem is audited as "no_answer" (the step may be
    retried); nothing of the answers is written, only the code.
    """
    wizard = agent_of(step.wizard)
    try:
        await call
    except BackendError as error:
        wizard.record(name, "no_answer" if isinstance(error, ConnectionProblem) else "refused", error.code)
        if isinstance(error, AGENT_KEY_ERRORS):
            wizard.signed_out()
        raise
    wizard.record(name, ok)


def key_refused(step: Step[Any], error: BackendError) -> Problem | None:
    """A step's refusal because the agent's key stopped working (revoked mid-call): back to the sign-in, the call wiped.

    None for any other error (the step explains it as usual).  The member's
    answers go too: the call cannot go on under a key the operator withdrew.
    """
    if isinstance(error, AGENT_KEY_ERRORS):
        return Reroute(StepId.WELCOME, error.message)
    return None
