"""The HTTP client against scripted transports: error mapping, retries, garbage.

These need no server: `httpx.MockTransport` plays it, so each failure the
wizard must survive (refused, timeout, 5xx, garbage, every contract error
code) is produced exactly.
"""

from __future__ import annotations

import json

import httpx
import pytest

from smarthub_tui.backend import base
from smarthub_tui.backend.http import HttpBackend
from smarthub_tui.contract import LOGIN_PATH, ErrorCode
from smarthub_tui.models import AccountLookup, AuthSession, RegistrationRequest

LOOKUP = AccountLookup("12345678", "Doe", "jane@example.com")
AUTH = AuthSession(user_id="jane@example.com", token="tok-secret", expires_in=1800, password_change_required=False)


def backend_answering(handler) -> HttpBackend:
    return HttpBackend("http://test", transport=httpx.MockTransport(handler), retry_pause=0)


def error(status: int, code: str, message: str = "Words.", **extra) -> httpx.Response:
    return httpx.Response(status, json={"code": code, "message": message, "field": extra.pop("field", None), **extra})


@pytest.mark.parametrize(
    ("status", "code", "expected"),
    [
        (404, ErrorCode.ACCOUNT_NOT_FOUND, base.AccountNotFound),
        (409, ErrorCode.ALREADY_REGISTERED, base.AlreadyRegistered),
        (403, ErrorCode.REGISTRATION_NOT_ALLOWED, base.RegistrationNotAllowed),
        (423, ErrorCode.LOCKED_OUT, base.LockedOut),
        (422, ErrorCode.VALIDATION_FAILED, base.ValidationFailed),
        (400, ErrorCode.MALFORMED_REQUEST, base.ValidationFailed),
        (413, ErrorCode.BODY_TOO_LARGE, base.ValidationFailed),
        (401, ErrorCode.IDENTITY_MISMATCH, base.IdentityMismatch),
        (400, ErrorCode.CAPTCHA_FAILED, base.CaptchaFailed),
        (403, ErrorCode.ACCESSIBLE_CAPTCHA_UNAVAILABLE, base.AccessibleCaptchaUnavailable),
        (410, ErrorCode.SESSION_EXPIRED, base.SessionExpired),
        (400, ErrorCode.INVALID_TOKEN, base.InvalidToken),
        (401, ErrorCode.INVALID_CREDENTIALS, base.InvalidCredentials),
        (401, ErrorCode.NOT_AUTHORIZED, base.NotAuthorized),
        (403, ErrorCode.PASSWORD_CHANGE_REQUIRED, base.NotAuthorized),
    ],
)
async def test_each_error_code_becomes_its_domain_error(status, code, expected):
    backend = backend_answering(lambda request: error(status, code, "Plain words.", field="email"))
    with pytest.raises(expected) as caught:
        await backend.lookup_account(LOOKUP)
    assert caught.value.code == code
    assert caught.value.message == "Plain words."
    assert caught.value.field == "email"


async def test_unknown_error_code_is_a_plain_backend_error_not_a_connection_problem():
    backend = backend_answering(lambda request: error(418, "teapot", "I am a teapot."))
    with pytest.raises(base.BackendError) as caught:
        await backend.lookup_account(LOOKUP)
    assert not isinstance(caught.value, base.ConnectionProblem)
    assert caught.value.code == "teapot"


async def test_rate_limited_carries_retry_after():
    backend = backend_answering(
        lambda request: httpx.Response(
            429, headers={"Retry-After": "17"}, json={"code": ErrorCode.RATE_LIMITED, "message": "Slow down.", "field": None}
        )
    )
    with pytest.raises(base.RateLimited) as caught:
        await backend.get_settings()
    assert caught.value.retry_after == 17


async def test_password_policy_error_carries_the_rules():
    rules = [{"key": "min", "label": "At least 8 characters", "met": False}, {"key": "max", "label": "x", "met": True}]
    backend = backend_answering(lambda request: error(422, ErrorCode.PASSWORD_POLICY, "Too short.", field="newPassword", rules=rules))
    with pytest.raises(base.PasswordPolicyFailed) as caught:
        await backend.change_password(AUTH, "short", "short")
    assert [(r.key, r.met) for r in caught.value.rules] == [("min", False), ("max", True)]
    assert caught.value.field == "newPassword"


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(200, content=b"<html>proxy error</html>"),
        httpx.Response(200, json=["not", "an", "object"]),
        httpx.Response(200, json={"demo": True}),
        httpx.Response(200, json={"demo": "yes", "profile": {}}),
        httpx.Response(400, content=b"\xff\xfe garbage"),
        httpx.Response(404, json={"detail": "Not Found"}),
    ],
    ids=["html", "list", "missing-field", "wrong-types", "binary-error", "foreign-error-shape"],
)
async def test_garbage_answers_are_server_errors(response):
    backend = backend_answering(lambda request: response)
    with pytest.raises(base.ServerError):
        await backend.get_settings()


async def test_a_get_is_retried_after_a_server_error_and_succeeds():
    calls = []

    def handler(request):
        calls.append(request)
        if len(calls) == 1:
            return httpx.Response(503, text="busy")
        return httpx.Response(200, json={"paperless": True, "accountsAffected": 2})

    backend = backend_answering(handler)
    result = await backend.set_paperless(AUTH, True)  # PUT: idempotent
    assert result.accounts_affected == 2
    assert len(calls) == 2


async def test_a_post_is_never_resent_after_a_server_error():
    calls = []

    def handler(request):
        calls.append(request)
        return httpx.Response(500, text="boom")

    backend = backend_answering(handler)
    with pytest.raises(base.ServerError):
        await backend.lookup_account(LOOKUP)
    assert len(calls) == 1


async def test_a_post_that_timed_out_is_reported_uncertain_and_not_resent():
    calls = []

    def handler(request):
        calls.append(request)
        raise httpx.ReadTimeout("slow", request=request)

    backend = backend_answering(handler)
    request = RegistrationRequest(
        registration_id="r1",
        terms_accepted=True,
        terms_version="v1",
        idempotency_key="key-0123456789",
    )
    with pytest.raises(base.BackendTimeout) as caught:
        await backend.complete_registration(request)
    assert caught.value.uncertain is True
    assert len(calls) == 1
    assert calls[0].headers["Idempotency-Key"] == "key-0123456789"


async def test_a_refused_connection_is_retried_then_reported_unavailable():
    calls = []

    def handler(request):
        calls.append(request)
        raise httpx.ConnectError("refused", request=request)

    backend = backend_answering(handler)
    with pytest.raises(base.BackendUnavailable):
        await backend.lookup_account(LOOKUP)
    assert len(calls) == 3


async def test_secured_calls_send_bearer_token_and_smarthub_username_header():
    seen = {}

    def handler(request):
        seen.update(request.headers)
        return httpx.Response(200, json={"status": "SUCCESS"})

    backend = backend_answering(handler)
    await backend.set_security_phrase(AUTH, "blue kettle sings")
    assert seen["authorization"] == "Bearer tok-secret"
    assert seen["x-nisc-smarthub-username"] == "jane@example.com"


async def test_login_posts_smarthub_form_fields():
    seen = {}

    def handler(request):
        seen["path"] = request.url.path
        seen["type"] = request.headers["content-type"]
        seen["body"] = request.content.decode()
        return httpx.Response(
            200,
            json={
                "status": "SUCCESS",
                "authorizationToken": "t",
                "expiresIn": 1800,
                "userId": "jane@example.com",
                "passwordChangeRequired": True,
            },
        )

    backend = backend_answering(handler)
    session = await backend.login("jane@example.com", "Temp1234")
    assert seen["path"] == LOGIN_PATH
    assert seen["type"] == "application/x-www-form-urlencoded"
    assert "userId=jane%40example.com" in seen["body"] and "password=Temp1234" in seen["body"]
    assert session.password_change_required is True


async def test_a_login_answer_without_success_status_is_refused():
    backend = backend_answering(
        lambda r: httpx.Response(
            200,
            json={"status": "FAILURE", "authorizationToken": "", "expiresIn": 0, "userId": "", "passwordChangeRequired": False},
        )
    )
    with pytest.raises(base.ServerError):
        await backend.login("a@example.com", "x")


async def test_secrets_stay_out_of_reprs():
    request = RegistrationRequest(
        registration_id="reg-secret",
        terms_accepted=True,
        terms_version="v",
        hint_answer="Fluffy",
    )
    text = repr(request) + repr(AUTH)
    for secret in ("reg-secret", "Fluffy", "tok-secret"):
        assert secret not in text


async def test_unreachable_real_address_is_unavailable_not_a_traceback():
    # Port 9 (discard) on loopback is closed on these machines: a real refused connection.
    backend = HttpBackend("http://127.0.0.1:9", retry_pause=0)
    with pytest.raises(base.BackendUnavailable) as caught:
        await backend.get_settings()
    assert "127.0.0.1:9" in caught.value.message
    await backend.aclose()



async def test_credentials_in_the_server_url_stay_out_of_messages():
    def refuse(request):
        raise httpx.ConnectError("refused", request=request)

    backend = HttpBackend("https://agent:s3cret@smarthub.example:8443", transport=httpx.MockTransport(refuse), retry_pause=0)
    with pytest.raises(base.BackendUnavailable) as caught:
        await backend.get_settings()
    assert "smarthub.example:8443" in caught.value.message
    assert "s3cret" not in caught.value.message and "agent" not in caught.value.message


async def test_a_non_ascii_username_is_sent_as_utf8():
    seen = {}

    def handler(request):
        seen["raw"] = {k.lower(): v for k, v in request.headers.raw}[b"x-nisc-smarthub-username"]
        return httpx.Response(200, json={"status": "SUCCESS"})

    backend = backend_answering(handler)
    auth = AuthSession(user_id="josé@ejemplo.mx", token="t", expires_in=60, password_change_required=False)
    await backend.set_security_phrase(auth, "blue kettle sings")
    assert seen["raw"] == "josé@ejemplo.mx".encode()


@pytest.mark.parametrize(
    ("headers", "body_retry_after", "expected"),
    [
        ({"Retry-After": "\u00b2".encode("latin-1")}, None, None),  # a digit to str.isdigit, not to int()
        ({"Retry-After": "soon"}, 9, 9),  # the body's retryAfter when the header is unusable
        ({}, 12, 12),
        ({}, True, None),
        ({"Retry-After": "0"}, None, None),  # "now" is as good as unknown: the wizard says "soon"
    ],
)
async def test_retry_after_garbage_is_ignored_not_raised(headers, body_retry_after, expected):
    body = {"code": ErrorCode.RATE_LIMITED, "message": "Slow down.", "field": None, "retryAfter": body_retry_after}
    backend = backend_answering(lambda request: httpx.Response(429, headers=headers, json=body))
    with pytest.raises(base.RateLimited) as caught:
        await backend.get_settings()
    assert caught.value.retry_after == expected


async def test_json_nested_too_deep_to_parse_is_a_server_error():
    backend = backend_answering(lambda request: httpx.Response(200, content=b"[" * 100_000))
    with pytest.raises(base.ServerError):
        await backend.get_settings()


def checkbox_captcha(bits) -> dict:
    return {"style": "checkbox", "captchaId": "c", "challenge": "ab", "difficultyBits": bits, "expiresIn": 300}


@pytest.mark.parametrize("bits", [0, -1, 29, 256, 10**6])
async def test_a_proof_of_work_no_one_could_finish_is_a_server_error(bits):
    backend = backend_answering(lambda request: httpx.Response(200, json=checkbox_captcha(bits)))
    with pytest.raises(base.ServerError):
        await backend.new_captcha("r1")


async def test_a_reasonable_proof_of_work_is_accepted():
    backend = backend_answering(lambda request: httpx.Response(200, json=checkbox_captcha(18)))
    assert (await backend.new_captcha("r1")).difficulty_bits == 18


@pytest.mark.parametrize("token", ["", "tøken", "tok\nen", "tok\x00en"])
async def test_a_token_that_cannot_go_back_in_a_header_is_a_server_error(token):
    answer = {"status": "SUCCESS", "authorizationToken": token, "expiresIn": 60, "userId": "a@b.co", "passwordChangeRequired": False}
    backend = backend_answering(lambda request: httpx.Response(200, json=answer))
    with pytest.raises(base.ServerError):
        await backend.login("a@b.co", "x")


@pytest.mark.parametrize(
    ("sent_at", "expected"),
    [
        ("2026-03-01T12:00:00Z", "2026-03-01T12:00:00+00:00"),
        ("2026-03-01T12:00:00", "2026-03-01T12:00:00+00:00"),  # no offset: the contract's times are UTC
        ("2026-03-01T07:00:00-05:00", "2026-03-01T12:00:00+00:00"),
    ],
)
async def test_outbox_times_are_aware_utc(sent_at, expected):
    message = {"id": 1, "to": "a@b.co", "sender": "s@b.co", "subject": "Hi", "body": "x", "sentAt": sent_at}
    backend = backend_answering(lambda request: httpx.Response(200, json={"messages": [message]}))
    (received,) = await backend.demo_outbox("a@b.co")
    assert received.sent_at.isoformat() == expected


async def test_a_pool_timeout_never_sent_the_request_so_a_post_is_retried():
    calls = []

    def handler(request):
        calls.append(request)
        if len(calls) == 1:
            raise httpx.PoolTimeout("no free connection", request=request)
        return error(404, ErrorCode.ACCOUNT_NOT_FOUND)

    backend = backend_answering(handler)
    with pytest.raises(base.AccountNotFound):
        await backend.lookup_account(LOOKUP)
    assert len(calls) == 2


@pytest.mark.parametrize(
    ("hints", "sent"),
    [
        ({}, {}),
        ({"columns": 76, "rows": 9}, {"columns": 76, "rows": 9}),
        ({"columns": 3, "rows": 1}, {"columns": 24, "rows": 4}),
        ({"columns": 5000, "rows": 400}, {"columns": 240, "rows": 30}),
    ],
    ids=["none", "as-is", "raised-to-the-least", "lowered-to-the-most"],
)
async def test_the_picture_size_hints_are_sent_within_the_contracts_bounds(hints, sent):
    """A tiny or huge terminal still asks for a picture the server accepts (it refuses sizes outside the bounds)."""
    seen: list[dict] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(json.loads(request.content))
        return httpx.Response(200, json=checkbox_captcha(18))

    await backend_answering(answer).new_captcha("r1", **hints)
    assert seen == [{"registrationId": "r1", **sent}]


# Every exception class httpx has: none of their names may reach the person.
HTTPX_CLASS_NAMES = sorted(
    name for name in dir(httpx) if isinstance(getattr(httpx, name), type) and issubclass(getattr(httpx, name), Exception)
)
CUT_AFTER_SENDING = [
    httpx.RemoteProtocolError,
    httpx.ReadError,
    httpx.WriteError,
    httpx.CloseError,
    httpx.NetworkError,
    httpx.ProtocolError,
]


def _raising(error_class):
    calls = []

    def handler(request):
        calls.append(request)
        raise error_class("Server disconnected without sending a response.", request=request)

    return handler, calls


def _says_no_class_name(message: str) -> None:
    assert message.strip()
    for name in HTTPX_CLASS_NAMES:
        assert name not in message, f"{name!r} shown to the person: {message!r}"
    assert "disconnected without" not in message  # httpx's own English stays out too


@pytest.mark.parametrize("error_class", CUT_AFTER_SENDING, ids=lambda c: c.__name__)
async def test_a_connection_cut_mid_submit_is_uncertain_and_in_plain_words(error_class):
    handler, calls = _raising(error_class)
    backend = backend_answering(handler)
    with pytest.raises(base.BackendTimeout) as caught:
        await backend.lookup_account(LOOKUP)
    assert caught.value.uncertain is True
    assert len(calls) == 1  # a POST that may have arrived is not resent silently
    assert caught.value.message == "The connection was cut before the answer came."
    _says_no_class_name(caught.value.message)


@pytest.mark.parametrize("error_class", CUT_AFTER_SENDING, ids=lambda c: c.__name__)
async def test_a_connection_cut_on_a_get_is_retried_then_reported_in_plain_words(error_class):
    handler, calls = _raising(error_class)
    backend = backend_answering(handler)
    with pytest.raises(base.ConnectionProblem) as caught:
        await backend.get_settings()
    assert len(calls) == 3
    _says_no_class_name(caught.value.message)


@pytest.mark.parametrize(
    "error_class",
    [httpx.LocalProtocolError, httpx.UnsupportedProtocol, httpx.ProxyError, httpx.DecodingError, httpx.TooManyRedirects],
    ids=lambda c: c.__name__,
)
async def test_every_other_httpx_error_is_a_connection_problem_in_plain_words(error_class):
    def handler(request):
        raise error_class("boom", request=request)

    backend = backend_answering(handler)
    with pytest.raises(base.ConnectionProblem) as caught:
        await backend.lookup_account(LOOKUP)
    _says_no_class_name(caught.value.message)
