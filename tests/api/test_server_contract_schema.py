"""The published schema says what the server enforces, for the profile it runs.

Why: schemathesis' positive-data check (test_server_schemathesis.py) finds a
schema looser than the server by chance; these pin the four places the
review found, for every built-in profile, so they cannot come back.
"""

from __future__ import annotations

import pytest

from smarthub_tui.contract import LOGIN_PATH, OUTBOX_PATH, ErrorCode
from smarthub_tui.profiles import load_profile
from smarthub_tui.server.app import create_app

PROFILES = ["default", "pec", "jecec", "pec-setup"]


def _document(profile_name: str) -> dict:
    return create_app(profile=load_profile(profile_name)).openapi()


def _operation(document: dict, path: str, method: str) -> dict:
    return document["paths"][path][method]


@pytest.mark.parametrize("profile_name", PROFILES)
def test_outbox_address_is_at_most_254_characters_as_the_server_refuses(profile_name):
    (to,) = _operation(_document(profile_name), OUTBOX_PATH, "get")["parameters"]
    assert to["schema"]["maxLength"] == 254


@pytest.mark.parametrize("profile_name", PROFILES)
def test_confirm_email_is_required_exactly_where_the_profile_requires_it(profile_name):
    lookup = _document(profile_name)["components"]["schemas"]["LookupIn"]
    confirm = lookup["properties"]["confirmEmail"]
    if load_profile(profile_name).confirmEmail:
        assert "confirmEmail" in lookup["required"]
        assert confirm["type"] == "string" and "anyOf" not in confirm  # not nullable
    else:
        assert "confirmEmail" not in lookup.get("required", [])


@pytest.mark.parametrize("profile_name", PROFILES)
def test_login_declares_a_password_and_a_user_id_are_not_empty(profile_name):
    document = _document(profile_name)
    body = _operation(document, LOGIN_PATH, "post")["requestBody"]["content"]
    (form,) = body.values()
    ref = form["schema"]["$ref"].rsplit("/", 1)[-1]
    properties = document["components"]["schemas"][ref]["properties"]
    assert properties["password"]["minLength"] == 1
    assert properties["userId"]["minLength"] == 1


@pytest.mark.parametrize("profile_name", PROFILES)
def test_security_phrase_length_is_the_profiles(profile_name):
    profile = load_profile(profile_name)
    phrase = _document(profile_name)["components"]["schemas"]["SecurityPhraseIn"]["properties"]["phrase"]
    assert phrase["maxLength"] == profile.securityPhraseMaximumLength


@pytest.mark.parametrize("profile_name", PROFILES)
def test_new_password_length_is_the_profiles_policy(profile_name):
    policy = load_profile(profile_name).passwordPolicy
    new = _document(profile_name)["components"]["schemas"]["PasswordIn"]["properties"]["newPassword"]
    assert (new["minLength"], new["maxLength"]) == (policy.minimumPasswordLength, policy.maximumPasswordLength)


async def test_an_empty_password_is_refused_as_the_schema_says(make_app, api):
    client = await api(make_app("pec"))
    response = await client.post(LOGIN_PATH, data={"userId": "ana.alvarez@example.com", "password": ""})
    assert response.status_code == 422, response.text
    assert response.json()["code"] == ErrorCode.VALIDATION_FAILED
    assert response.json()["field"] == "password"


def test_each_app_publishes_its_own_profiles_rules():
    """Two apps in one process (tests, an embedded and a real server) do not share one document."""
    default, pec = _document("default"), _document("pec")
    assert "confirmEmail" in default["components"]["schemas"]["LookupIn"]["required"]
    assert "confirmEmail" not in pec["components"]["schemas"]["LookupIn"].get("required", [])
