"""schemathesis over /openapi.json (pec and default): generated requests for every operation, checked against the schema.

Why: the HTTP client is written against the published contract, so every
answer the server can give (status, content type, body) must be one the
schema declares, and no input may produce a 500.  Checks: no server error,
status code and content type declared, body conforms to the declared schema.

To reach past the front door, half of the cases of the secured operations
carry a real session (the demo member, logged in once at import), and
cases with a ``registrationId`` get a live registration session.  The
profile allows 100 failures before a lockout, so generated wrong passwords
do not lock the run out of the later operations; lockout itself is tested
in test_server_errors.py.  Examples per operation are bounded to keep the
run short.

Positive data is accepted: a request generated to fit the schema (for the
running profile) must be answered 2xx, or refused for a business reason the
schema cannot know about (an unknown account or session, a wrong code or
password, a lockout ...).  The refusals allowed are listed by the contract's
machine ``code``, not by status: a ``422 validation_failed`` to a request the
schema calls valid means the schema is looser than the server.
"""

from __future__ import annotations

import itertools

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from smarthub_tui.contract import AGENT_KEY_HEADER, SERVICES_PREFIX, ErrorCode
from smarthub_tui.profiles import load_profile
from smarthub_tui.server.agents import AgentContext
from smarthub_tui.server.app import create_app
from smarthub_tui.server.fixtures import DEMO_AGENT_KEY, DEMO_AGENT_NAME
from smarthub_tui.server.schemas import CompleteIn, IdentityCheckIn, LookupIn

# Refusals that depend on what the server holds or has seen, not on the shape of the request.
BUSINESS_REFUSALS = frozenset(
    {
        ErrorCode.ACCOUNT_NOT_FOUND,  # lookup: no such account number and name
        ErrorCode.ALREADY_REGISTERED,
        ErrorCode.REGISTRATION_NOT_ALLOWED,  # too little verification data on file for this profile
        ErrorCode.SESSION_EXPIRED,  # unknown, expired or finished registration session
        ErrorCode.IDENTITY_MISMATCH,
        ErrorCode.QUESTION_NOT_ASKED,  # identity: a question this account has no data on file for
        ErrorCode.IDENTITY_INCOMPLETE,  # identity: fewer answers than the account's data on file calls for
        ErrorCode.CAPTCHA_REQUIRED,  # complete: this session has not passed its CAPTCHA yet
        ErrorCode.IDENTITY_REQUIRED,  # complete: this session's identity answers are not verified yet
        ErrorCode.CAPTCHA_FAILED,
        ErrorCode.ACCESSIBLE_CAPTCHA_UNAVAILABLE,  # captcha: a picture profile that offers no alternative
        ErrorCode.INVALID_TOKEN,  # unknown, used or expired Verify Account code
        ErrorCode.INVALID_CREDENTIALS,
        ErrorCode.NOT_AUTHORIZED,  # no session, or not this user's
        ErrorCode.PASSWORD_CHANGE_REQUIRED,
        ErrorCode.PASSWORD_POLICY,  # the co-op's rules: classes of characters, common passwords, the e-mail
        ErrorCode.IDEMPOTENCY_KEY_REUSED,
        ErrorCode.LOCKED_OUT,
        ErrorCode.RATE_LIMITED,
        # --- contacts ---
        ErrorCode.CONTACT_EXISTS,  # that address is active already, or is the sign-in e-mail
        ErrorCode.TOO_MANY_CONTACTS,  # the profile's maximumContacts, reached by earlier cases
        ErrorCode.PRIMARY_CONTACT,  # id 0, the sign-in e-mail, needs no code and cannot be removed
        ErrorCode.NOT_FOUND,  # a contact id that is not the member's
        # --- agents ---
        ErrorCode.AGENT_KEY_INVALID,  # a generated key is no key the server issued
        ErrorCode.AGENT_REVOKED,
    }
)
# Rules between fields or on the session, which a JSON Schema cannot state: (code, field).
CROSS_FIELD_REFUSALS = frozenset(
    {
        (ErrorCode.VALIDATION_FAILED, "currentPassword"),  # required unless the session came from a Verify Account code
        (ErrorCode.VALIDATION_FAILED, "address"),  # contacts: an e-mail address or a US mobile number, as `kind` says
        (ErrorCode.VALIDATION_FAILED, "termsAcceptance"),  # agents: `spoken` only from the agent whose call opened the session
    }
)


def positive_data_accepted(ctx, response, case) -> None:
    """A request generated to fit the schema is accepted, or refused for a business reason (by `code`)."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code < 400:
        return
    if response.status_code >= 500:
        return  # not_a_server_error reports it
    try:
        body = response.json()
    except ValueError:
        body = None
    code = body.get("code") if isinstance(body, dict) else None
    field = body.get("field") if isinstance(body, dict) else None
    if code in BUSINESS_REFUSALS or (code, field) in CROSS_FIELD_REFUSALS:
        return
    raise AssertionError(
        f"[{meta.phase.name} phase] "
        f"A request the schema calls valid was refused: HTTP {response.status_code} {code} (field {field!r}). "
        "The schema is looser than the server here."
    )


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    positive_data_accepted,
]
MAX_EXAMPLES = 40
SECURED_PREFIX = SERVICES_PREFIX + "secured/"
AGENT_PREFIX = SERVICES_PREFIX + "agent/"

class Target:
    """A demo app for one profile, its schema, a logged-in member and a live registration session."""

    def __init__(self, profile_name: str) -> None:
        profile = load_profile(profile_name).model_copy(update={"failedLoginLockoutLimit": 100})
        self.app = create_app(profile=profile, demo=True, rate_limit_per_minute=1_000_000)
        self.schema = schemathesis.openapi.from_asgi("/openapi.json", self.app)
        service = self.app.state.service
        self.auth = service.login("ana.alvarez@example.com", "Demo-Pass1", "schemathesis-setup")
        jane = "jane@example.com"
        lookup = LookupIn(accountNumber="1000234567", lastNameOrBusiness="Doe", email=jane, confirmEmail=jane)
        self.session = service.lookup(lookup, "schemathesis-setup")
        self._turns = itertools.count()
        # --- agents: a registration the demo agent completed, for its follow-up operations ---
        with self.app.state.store.transaction() as tx:
            agent = AgentContext(id=tx.agent_by_name(DEMO_AGENT_NAME).id, name=DEMO_AGENT_NAME)
        email = "agent.schemathesis@example.com"
        phoned = service.lookup(
            LookupIn(accountNumber="1000234567", lastNameOrBusiness="Doe", email=email, confirmEmail=email), agent.scope, agent
        )
        # The agent's call: its client is the agent's scope, as the server's middleware makes it.
        service.check_identity(IdentityCheckIn(registrationId=phoned["registrationId"], identity={"ssn4": "4321"}), agent.scope)
        hint = {"hintQuestion": profile.securityQuestionsListBox[0], "hintAnswer": "Rex"} if profile.asks_hint_question else {}
        completion = CompleteIn(
            registrationId=phoned["registrationId"], termsAccepted=True, termsVersion=profile.terms.version, **hint
        )
        service.complete(completion, None, agent.scope, agent)
        self.agent_registration = phoned["registrationId"]

    def prepare(self, case) -> None:
        """Give every other secured case a valid token, and every case naming a registration a live one."""
        if case.path.startswith(SECURED_PREFIX) and next(self._turns) % 2 == 0:
            case.headers = dict(case.headers or {})
            case.headers["Authorization"] = f"Bearer {self.auth['authorizationToken']}"
            case.headers["X-NISC-SMARTHUB-USERNAME"] = self.auth["userId"]
        # --- agents: every other agent case carries the demo agent's key, to reach past the key check ---
        if case.path.startswith(AGENT_PREFIX) and next(self._turns) % 2 == 0:
            case.headers = dict(case.headers or {})
            case.headers[AGENT_KEY_HEADER] = DEMO_AGENT_KEY
        if isinstance(case.body, dict) and isinstance(case.body.get("registrationId"), str):
            case.body = dict(case.body, registrationId=self.session["registrationId"])
            if case.path.startswith(AGENT_PREFIX):
                case.body = dict(case.body, registrationId=self.agent_registration)
        _with_equal_pairs(case)


# pec: text CAPTCHA, hint question, temporary passwords; default: confirmEmail required, checkbox CAPTCHA.
PEC = Target("pec")
DEFAULT = Target("default")


def _with_equal_pairs(case) -> None:
    """Fields that must repeat another (confirmEmail, confirmPassword) do: the schema cannot say so."""
    if not isinstance(case.body, dict):
        return
    for field, original in (("confirmEmail", "email"), ("confirmPassword", "newPassword")):
        if isinstance(case.body.get(field), str) and isinstance(case.body.get(original), str):
            case.body = dict(case.body, **{field: case.body[original]})


@PEC.schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_conforms(case):
    PEC.prepare(case)
    case.call_and_validate(checks=CHECKS)


@DEFAULT.schema.parametrize()
@settings(max_examples=MAX_EXAMPLES // 2, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_conforms_on_the_default_profile(case):
    DEFAULT.prepare(case)
    case.call_and_validate(checks=CHECKS)

