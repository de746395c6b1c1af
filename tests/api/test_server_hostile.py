"""Hostile input: nothing a client sends gives a 500 or leaves half-written data.

Why: the server faces kiosks and call-centre terminals, and anything that
can reach it over HTTP.  Wrong types, missing fields, huge or deeply nested
bodies, bytes that are not UTF-8, control characters, SQL metacharacters
and every kind of Unicode must end in a 4xx with the contract's error shape,
or be accepted and stored exactly.  After every refusal the tables that
record registrations are unchanged.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smarthub_tui.contract import COMPLETE_PATH, LOGIN_PATH, LOOKUP_PATH, PASSWORD_PATH, PHRASE_PATH, ErrorCode

LOOKUP = LOOKUP_PATH
COMPLETE = COMPLETE_PATH
LOGIN = LOGIN_PATH
WRITTEN_TABLES = ("users", "registrations", "registration_sessions", "captchas", "outbox", "verification_codes")
VALID_LOOKUP = {"accountNumber": "1000234567", "lastNameOrBusiness": "Doe", "email": "jane@example.com"}


def table_counts(app) -> dict[str, int]:
    with app.state.store.transaction() as tx:
        return {name: tx.count_rows(name) for name in WRITTEN_TABLES}


def assert_contract_error(response, status: int | None = None, code: str | None = None) -> dict:
    assert 400 <= response.status_code < 500, (response.status_code, response.text)
    if status is not None:
        assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) >= {"code", "message", "field"}
    assert isinstance(body["code"], str) and isinstance(body["message"], str)
    assert body["field"] is None or isinstance(body["field"], str)
    if code is not None:
        assert body["code"] == code, body
    return body


@pytest.fixture
async def pec(make_app, api):
    """A pec app and a client on it."""
    app = make_app("pec")
    return app, await api(app)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**VALID_LOOKUP, "accountNumber": 1000234567}, "accountNumber"),
        ({**VALID_LOOKUP, "lastNameOrBusiness": ["Doe"]}, "lastNameOrBusiness"),
        ({**VALID_LOOKUP, "email": {"$ne": None}}, "email"),
        ({**VALID_LOOKUP, "email": None}, "email"),
        ({**VALID_LOOKUP, "confirmEmail": 7}, "confirmEmail"),
        ({**VALID_LOOKUP, "accountNumber": float("nan")}, "accountNumber"),
        ({**VALID_LOOKUP, "extra": "field"}, "extra"),
        ({"lastNameOrBusiness": "Doe", "email": "jane@example.com"}, "accountNumber"),
        ({"accountNumber": "1000234567", "email": "jane@example.com"}, "lastNameOrBusiness"),
        ({"accountNumber": "1000234567", "lastNameOrBusiness": "Doe"}, "email"),
        ({**VALID_LOOKUP, "lastNameOrBusiness": "D" * 201}, "lastNameOrBusiness"),
        ({**VALID_LOOKUP, "lastNameOrBusiness": "Do\ud800e"}, "lastNameOrBusiness"),
    ],
)
async def test_lookup_wrong_types_and_missing_fields(pec, body, field):
    app, client = pec
    before = table_counts(app)
    response = await client.post(LOOKUP, content=json.dumps(body), headers={"content-type": "application/json"})
    result = assert_contract_error(response, 422, ErrorCode.VALIDATION_FAILED)
    assert result["field"] == field
    assert table_counts(app) == before


@pytest.mark.parametrize("body", [[], "text", 42, None, True, [VALID_LOOKUP]])
async def test_lookup_body_that_is_not_an_object(pec, body):
    app, client = pec
    response = await client.post(LOOKUP, content=json.dumps(body), headers={"content-type": "application/json"})
    assert_contract_error(response, 422, ErrorCode.VALIDATION_FAILED)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("termsAccepted", "true"),
        ("termsAccepted", 1),
        ("identity", "78636"),
        ("identity", {"ssn4": 4321}),
        ("captchaAnswer", None),
        ("registrationId", {"$gt": ""}),
    ],
)
async def test_complete_wrong_types(pec, member, field, value):
    app, client = pec
    m = member(client, "pec")
    await m.lookup("1000234567", "Doe", "jane@example.com")
    captcha_id, answer = await m.captcha()
    before = table_counts(app)
    body = m.completion("1000234567", captcha_id, answer, **{field: value})
    response = await m.complete(body)
    result = assert_contract_error(response, 422, ErrorCode.VALIDATION_FAILED)
    assert result["field"] in {field, "ssn4"}
    assert table_counts(app) == before


async def test_one_megabyte_body_is_refused(pec):
    app, client = pec
    before = table_counts(app)
    huge = json.dumps({**VALID_LOOKUP, "lastNameOrBusiness": "x" * (1024 * 1024)})
    response = await client.post(LOOKUP, content=huge, headers={"content-type": "application/json"})
    assert_contract_error(response, 413, ErrorCode.BODY_TOO_LARGE)
    assert table_counts(app) == before


async def test_streamed_body_without_length_is_counted(pec):
    app, client = pec

    async def chunks():
        yield b'{"accountNumber": "1000234567", "lastNameOrBusiness": "'
        for _ in range(80):
            yield b"x" * 1024
        yield b'", "email": "jane@example.com"}'

    response = await client.post(LOOKUP, content=chunks(), headers={"content-type": "application/json"})
    assert "content-length" not in response.request.headers
    assert_contract_error(response, 413, ErrorCode.BODY_TOO_LARGE)


@pytest.mark.parametrize("declared", [b"abc", b"-1", "\u00b2".encode("latin-1"), b"1e3"])
async def test_content_length_that_is_not_a_number(pec, declared):
    app, client = pec
    headers = {"content-type": "application/json", "content-length": declared}
    response = await client.post(LOOKUP, content=json.dumps(VALID_LOOKUP), headers=headers)
    assert_contract_error(response, 400, ErrorCode.MALFORMED_REQUEST)


async def test_body_just_under_the_limit_is_read(pec):
    app, client = pec
    body = json.dumps({**VALID_LOOKUP, "lastNameOrBusiness": "x" * 60_000})
    response = await client.post(LOOKUP, content=body, headers={"content-type": "application/json"})
    assert_contract_error(response, 422, ErrorCode.VALIDATION_FAILED)


@pytest.mark.parametrize("where", ["top", "field"])
async def test_json_nested_ten_thousand_deep(pec, where):
    app, client = pec
    nested = "[" * 10_000 + "]" * 10_000
    body = nested if where == "top" else '{"accountNumber": ' + nested + ', "lastNameOrBusiness": "Doe", "email": "a@b.co"}'
    response = await client.post(LOOKUP, content=body, headers={"content-type": "application/json"})
    assert_contract_error(response, 400, ErrorCode.MALFORMED_REQUEST)


async def test_nested_within_the_parser_limit_is_a_validation_error(pec):
    app, client = pec
    nested = "[" * 500 + "]" * 500
    body = '{"accountNumber": ' + nested + ', "lastNameOrBusiness": "Doe", "email": "a@b.co"}'
    response = await client.post(LOOKUP, content=body, headers={"content-type": "application/json"})
    assert assert_contract_error(response, 422, ErrorCode.VALIDATION_FAILED)["field"] == "accountNumber"


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b'{"accountNumber": "1000234567", "lastNameOrBusiness": "Pe\xf1a", "email": "a@b.co"}', "application/json"),
        (b"\xff\xfe{\x00}\x00", "application/json"),
        (b"{not json", "application/json"),
        (b"", "application/json"),
        (json.dumps(VALID_LOOKUP).encode(), "text/plain"),
        (json.dumps(VALID_LOOKUP).encode(), "application/x-www-form-urlencoded"),
        (json.dumps(VALID_LOOKUP).encode(), "application/json; charset=latin-1"),
        (json.dumps(VALID_LOOKUP).encode(), ""),
    ],
    ids=["latin1-byte", "utf16", "not-json", "empty", "text-plain", "form", "charset", "no-type"],
)
async def test_lookup_malformed_bodies(pec, content, content_type):
    app, client = pec
    before = table_counts(app)
    headers = {"content-type": content_type} if content_type else {}
    response = await client.post(LOOKUP, content=content, headers=headers)
    assert_contract_error(response, 400, ErrorCode.MALFORMED_REQUEST)
    assert table_counts(app) == before


async def test_login_needs_a_form(pec):
    app, client = pec
    as_json = await client.post(LOOKUP.replace("registration/lookup", "oauth/auth/v2"), json={"userId": "a", "password": "b"})
    assert_contract_error(as_json, 400, ErrorCode.MALFORMED_REQUEST)
    not_utf8 = await client.post(
        LOGIN, content=b"userId=ana%40example.com&password=\xff\xfe", headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert_contract_error(not_utf8, 400, ErrorCode.MALFORMED_REQUEST)


async def test_login_with_odd_but_valid_form_values(pec):
    app, client = pec
    for user_id, password in [("%FF%FE", "x"), ("ana.alvarez@example.com", "\x00"), ("'; DROP TABLE users;--", "x")]:
        response = await client.post(LOGIN, data={"userId": user_id, "password": password})
        assert_contract_error(response, 401, ErrorCode.INVALID_CREDENTIALS)
    assert (await client.post(LOGIN, data={"userId": "ana.alvarez@example.com", "password": "Demo-Pass1"})).status_code == 200


@pytest.mark.parametrize(
    "name",
    [
        "Doe\x1b[31m",
        "Doe\x07",
        "D\u202eoe",
        "Doe\x9b",
        "Doe\u200b",
    ],
)
async def test_control_and_format_characters_in_names_are_refused(pec, member, name):
    app, client = pec
    m = member(client, "pec")
    before = table_counts(app)
    response = await m.lookup("1000234567", name, "jane@example.com")
    assert assert_contract_error(response, 422, ErrorCode.VALIDATION_FAILED)["field"] == "lastNameOrBusiness"
    assert table_counts(app) == before


@pytest.mark.parametrize(
    ("account", "name", "email", "status"),
    [
        ("1000234567", "'; DROP TABLE accounts;--", "jane@example.com", 404),
        ("1000234567' OR '1'='1", "Doe", "jane@example.com", 422),
        ("1000234567", "Doe", "jane'--@example.com", 200),
        ("1000234567", "Doe\" OR 1=1 --", "jane@example.com", 404),
        ("1000234567", "%", "jane@example.com", 404),
        ("1000234567", "D_e", "jane@example.com", 404),
    ],
)
async def test_sql_metacharacters_are_only_data(pec, member, account, name, email, status):
    app, client = pec
    m = member(client, "pec")
    response = await m.lookup(account, name, email)
    assert response.status_code == status, response.text
    with app.state.store.transaction() as tx:
        assert tx.count_rows("accounts") == 9
        assert tx.account_by_number("1000234567") is not None


@pytest.mark.parametrize(
    ("account", "typed"),
    [
        ("2000345678", "Peña"),
        ("2000345678", "PEÑA"),
        ("2000345678", "Pen\u0303a"),  # decomposed ñ (NFD) is the same name
        ("3000456789", "nguyễn"),
        ("3000456789", "  Nguyễn  "),
        ("70089012", "Hill  Country   Bakery LLC"),
    ],
)
async def test_unicode_names_match(pec, member, account, typed):
    app, client = pec
    m = member(client, "pec")
    assert (await m.lookup(account, typed, "member@example.com")).status_code == 200


@pytest.mark.parametrize("typed", ["Pefia", "Nguyet", "Doe 😀", "ドウ", "Đoàn"])
async def test_unicode_names_that_do_not_match_are_a_plain_404(pec, member, typed):
    app, client = pec
    m = member(client, "pec")
    account = {"Pefia": "2000345678", "Nguyet": "3000456789"}.get(typed, "1000234567")
    assert_contract_error(await m.lookup(account, typed, "member@example.com"), 404, ErrorCode.ACCOUNT_NOT_FOUND)


async def test_unicode_secrets_are_stored_exactly(pec, member, secured):
    app, client = pec
    m = member(client, "pec")
    email = "josé.peña@exämple.com"
    await m.lookup("2000345678", "Peña", email)
    captcha_id, answer = await m.captcha()
    body = m.completion("2000345678", captcha_id, answer, hintAnswer="Señor Bigotes 🐱")
    response = await m.complete(body)
    assert response.status_code == 201, response.text
    assert response.json()["email"] == email
    auth = (await m.sign_in(email)).json()
    temporary = await m.credential(email)
    auth = (
        await client.post(
            PASSWORD_PATH,
            json={"currentPassword": temporary, "newPassword": "Ñandú9", "confirmPassword": "Ñandú9"},
            headers=secured(auth),
        )
    ).json()
    phrase = "Cà phê sữa đá ☕ '; DROP TABLE users;--"
    assert (await client.put(PHRASE_PATH, json={"phrase": phrase}, headers=secured(auth))).status_code == 200
    with app.state.store.transaction() as tx:
        user = tx.user_by_email_key(email.casefold())
    assert phrase not in user.security_phrase  # sealed at rest ...
    assert app.state.service.security_phrase_of(user) == phrase  # ... and opens exactly as typed
    assert (await m.login(email, "Ñandú9")).status_code == 200


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=st.dictionaries(
        st.sampled_from(["accountNumber", "lastNameOrBusiness", "email", "confirmEmail", "x"]),
        st.one_of(st.text(max_size=30), st.integers(), st.none(), st.booleans(), st.lists(st.text(max_size=3), max_size=2)),
    )
)
async def test_lookup_never_fails_with_a_500(pec, body):
    app, client = pec
    response = await client.post(LOOKUP, json=body)
    if response.status_code != 200:
        assert_contract_error(response)
