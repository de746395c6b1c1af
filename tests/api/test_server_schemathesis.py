"""schemathesis over /openapi.json: generated requests for every operation, checked against the schema.

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

from smarthub_tui.profiles import load_profile
from smarthub_tui.server.app import create_app
from smarthub_tui.server.schemas import LookupIn

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
MAX_EXAMPLES = 40
SECURED_PREFIX = "/services/secured/"

PROFILE = load_profile("pec").model_copy(update={"failedLoginLockoutLimit": 100})
app = create_app(profile=PROFILE, demo=True, rate_limit_per_minute=1_000_000)
schema = schemathesis.openapi.from_asgi("/openapi.json", app)

_service = app.state.service
_AUTH = _service.login("ana.alvarez@example.com", "Demo-Pass1", "schemathesis-setup")
_SESSION = _service.lookup(
    LookupIn(accountNumber="1000234567", lastNameOrBusiness="Doe", email="jane@example.com"), "schemathesis-setup"
)
_turns = itertools.count()


def _with_real_session(case) -> None:
    """Give every other secured case a valid token, and every case naming a registration a live one."""
    if case.path.startswith(SECURED_PREFIX) and next(_turns) % 2 == 0:
        case.headers = dict(case.headers or {})
        case.headers["Authorization"] = f"Bearer {_AUTH['authorizationToken']}"
        case.headers["X-NISC-SMARTHUB-USERNAME"] = _AUTH["userId"]
    if isinstance(case.body, dict) and isinstance(case.body.get("registrationId"), str):
        case.body = dict(case.body, registrationId=_SESSION["registrationId"])


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_conforms(case):
    _with_real_session(case)
    case.call_and_validate(checks=CHECKS)

