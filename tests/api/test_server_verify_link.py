"""The Verify Account link opens the server's own page at its public URL, never a co-op's web site.

Why: the link used to be built from the profile's ``portalUrl`` (a real
co-op's site, or ``demo.smarthub.example``), which knows nothing of our
codes.  Now it is ``<public url>/verify?token=CODE``, the server serves that
page, and the page shows the code to enter in the wizard without using it
up (mail scanners open links before the member does).
"""

from __future__ import annotations

import logging
import re
from urllib.parse import urlsplit

import pytest

from smarthub_tui.contract import VERIFY_PATH
from smarthub_tui.durations import duration
from smarthub_tui.pasted import code_from_paste
from smarthub_tui.profiles import VerificationStyle, load_profile
from smarthub_tui.server.app import create_app
from smarthub_tui.server.mail import DEFAULT_PUBLIC_URL, PublicUrlError, normalize_public_url
from smarthub_tui.server.verify_page import WITHOUT_CODE
from smarthub_tui.steps import code_in_email

LINK = re.compile(r"https?://\S+/verify\?token=[0-9A-Z-]+")
COOP_DOMAINS = ("jecec.com", "smarthub.coop", "demo.smarthub.example")


async def _registered(make_app, api, member, profile: str, **options):
    client = await api(make_app(profile, **options))
    m = member(client, profile)
    assert (await m.register("1000234567", "Doe", "jane@example.com")).status_code == 201
    body = (await m.inbox("jane@example.com"))[0]["body"]
    (link,) = LINK.findall(body)
    return client, m, body, link


@pytest.mark.parametrize("profile", ["default", "jecec"])
async def test_the_link_opens_the_configured_public_url(make_app, api, member, profile):
    _, m, body, link = await _registered(make_app, api, member, profile, public_url="https://hub.example.coop:8443/reg/")
    parts = urlsplit(link)
    assert (parts.scheme, parts.hostname, parts.port, parts.path) == ("https", "hub.example.coop", 8443, "/reg/verify")
    assert not any(domain in link for domain in COOP_DOMAINS) and load_profile(profile).portalUrl not in link
    code = await m.credential("jane@example.com")
    # The wizard's two readers: the demo inbox (the template) and a pasted link.
    assert code_from_paste(link) == code
    assert code_in_email(m.profile, VerificationStyle.LINK, body) == code


async def test_without_a_public_url_the_link_never_resolves(make_app, api, member):
    _, _, _, link = await _registered(make_app, api, member, "default")
    assert link.startswith(DEFAULT_PUBLIC_URL + "/verify?token=")
    assert urlsplit(link).hostname.endswith(".invalid")


async def test_the_page_shows_the_code_and_uses_nothing_up(make_app, api, member, caplog):
    client, m, _, link = await _registered(make_app, api, member, "default", public_url="http://127.0.0.1:8080")
    code = await m.credential("jane@example.com")
    parts = urlsplit(link)
    with caplog.at_level(logging.DEBUG):
        page = await client.get(f"{parts.path}?{parts.query}")
        again = await client.get(f"{parts.path}?{parts.query}")  # a mail scanner came first
    assert page.status_code == again.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["cache-control"] == "no-store" and page.headers["referrer-policy"] == "no-referrer"
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert f'<code id="code">{code}</code>' in page.text
    assert f"({duration(m.profile.verificationLinkMinutes)} after we sent the e-mail)" in page.text
    assert "10 minutes" in page.text
    assert "<script" not in page.text.lower()
    server_lines = [r.getMessage() for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]  # the test's client
    assert not any(code in line for line in server_lines)
    # Opening the page twice changed nothing: the code still verifies, once.
    verified = await client.post(VERIFY_PATH, json={"token": code})
    assert verified.status_code == 200, verified.text
    assert (await client.post(VERIFY_PATH, json={"token": code})).status_code == 400


@pytest.mark.parametrize(
    "query",
    ["", "?token=", "?token=nonsense", "?token=%3Cscript%3Ealert(1)%3C/script%3E", "?token=7KQ2M-XR4TB-9HN3C-WD6F"],
    ids=["no-token", "empty", "not-a-code", "markup", "one-short"],
)
async def test_a_link_without_a_code_says_where_to_find_it(make_app, api, query):
    client = await api(make_app("default"))
    page = await client.get("/verify" + query)
    assert page.status_code == 200
    assert WITHOUT_CODE in page.text
    assert "<script" not in page.text.lower() and "<code" not in page.text


async def test_a_code_typed_in_lower_case_is_shown_as_the_email_shows_it(make_app, api):
    client = await api(make_app("default"))
    page = await client.get("/verify", params={"token": "7kq2m xr4tb-9hn3c-wd6fj"})
    assert '<code id="code">7KQ2M-XR4TB-9HN3C-WD6FJ</code>' in page.text


def test_the_page_is_in_the_published_schema_as_html():
    operation = create_app(profile=load_profile("default")).openapi()["paths"]["/verify"]["get"]
    assert "text/html" in operation["responses"]["200"]["content"]


@pytest.mark.parametrize(
    "url",
    ["ftp://hub.example.coop", "hub.example.coop", "https://", "https://hub.example.coop/?a=1", "https://hub.example.coop/#x",
     "https://user:pw@hub.example.coop", "https://hub.example.coop:99999", "https://hub example.coop", "http://hub.exa\nmple.coop"],
)  # fmt: skip
def test_a_public_url_that_cannot_start_a_link_is_refused(url):
    with pytest.raises(PublicUrlError):
        create_app(profile=load_profile("default"), public_url=url)


def test_a_public_url_loses_its_trailing_slash():
    assert normalize_public_url(" https://hub.example.coop/reg/ ") == "https://hub.example.coop/reg"
    assert normalize_public_url("http://[::1]:8080") == "http://[::1]:8080"
