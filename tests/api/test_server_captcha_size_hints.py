"""The text CAPTCHA's size hints: the client says how many cells it has, the server draws for exactly that grid."""

from __future__ import annotations

import base64
import io

import pytest
from PIL import Image

from smarthub_tui.contract import CAPTCHA_PATH, ErrorCode

CAPTCHA = CAPTCHA_PATH


async def _session(make_app, api, member, profile: str = "pec"):
    client = await api(make_app(profile))
    m = member(client, profile)
    await m.lookup("1000234567", "Doe", "jane@example.com")
    return client, m


@pytest.mark.parametrize(("columns", "rows"), [(76, 9), (116, 16), (24, 4), (240, 30)])
async def test_the_picture_is_drawn_for_the_cells_the_client_has(make_app, api, member, columns, rows):
    client, m = await _session(make_app, api, member)
    response = await client.post(CAPTCHA, json={"registrationId": m.registration_id, "columns": columns, "rows": rows})
    assert response.status_code == 200, response.text
    image = Image.open(io.BytesIO(base64.b64decode(response.json()["imagePng"])))
    assert image.size == (columns, 2 * rows), "one pixel per column, two per row: shown without scaling"


@pytest.mark.parametrize(
    "hints",
    [{"columns": 23}, {"columns": 241}, {"rows": 3}, {"rows": 31}, {"columns": "76"}, {"rows": 9.5}, {"columns": True}],
    ids=["too-narrow", "too-wide", "too-short", "too-tall", "string", "fraction", "boolean"],
)
async def test_size_hints_outside_the_contract_are_refused(make_app, api, member, hints):
    client, m = await _session(make_app, api, member)
    response = await client.post(CAPTCHA, json={"registrationId": m.registration_id, **hints})
    assert response.status_code == 422
    assert response.json()["code"] == ErrorCode.VALIDATION_FAILED


async def test_the_checkbox_style_accepts_and_ignores_the_hints(make_app, api, member):
    client, m = await _session(make_app, api, member, "default")
    response = await client.post(CAPTCHA, json={"registrationId": m.registration_id, "columns": 100, "rows": 10})
    assert response.status_code == 200
    assert response.json()["style"] == "checkbox"


async def test_the_contract_declares_the_hints_and_their_bounds(make_app, api):
    client = await api(make_app("pec"))
    schema = (await client.get("/openapi.json")).json()["components"]["schemas"]["CaptchaIn"]["properties"]
    columns = next(option for option in schema["columns"]["anyOf"] if option.get("type") == "integer")
    rows = next(option for option in schema["rows"]["anyOf"] if option.get("type") == "integer")
    assert (columns["minimum"], columns["maximum"]) == (24, 240)
    assert (rows["minimum"], rows["maximum"]) == (4, 30)
