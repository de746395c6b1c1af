"""A pasted Verify Account link gives back its code, however the mail client or terminal wrapped it."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from smarthub_tui.pasted import code_from_paste
from smarthub_tui.profiles import load_profile
from smarthub_tui.server.mail import DEFAULT_PUBLIC_URL, link_mail, normalize_public_url, verify_link
from smarthub_tui.server.security import (
    CODE_ALPHABET,
    CODE_GROUP_LENGTH,
    CODE_GROUPS,
    new_verification_code,
)

PROFILES = [load_profile(name) for name in ("default", "pec", "jecec")]

codes = st.lists(
    st.text(CODE_ALPHABET, min_size=CODE_GROUP_LENGTH, max_size=CODE_GROUP_LENGTH),
    min_size=CODE_GROUPS,
    max_size=CODE_GROUPS,
).map("-".join)
portals = st.from_regex(
    r"[a-z0-9]([a-z0-9-]{0,12}[a-z0-9])?(\.[a-z]{2,6}){1,2}(:[1-9][0-9]{1,3})?(/[a-zA-Z0-9_.~-]{1,10}){0,2}", fullmatch=True
)
public_urls = st.one_of(
    st.sampled_from([DEFAULT_PUBLIC_URL, "http://127.0.0.1:8080", "http://[::1]:8080", "https://smarthub.example.coop/"]),
    st.builds(lambda scheme, host: f"{scheme}://{host}", st.sampled_from(["http", "https"]), portals),
).map(normalize_public_url)
blank = st.text(" \t\r\n", max_size=3)
before = st.sampled_from(["", "<", "(", '"', "\u201c"])
after = st.sampled_from(["", ">", ">.", ".", ",", ")", ").", '"', "\u201d", "!", ";"])


@settings(max_examples=300, deadline=None)
@given(
    code=codes, public_url=public_urls, lead=blank, trail=blank, opener=before, closer=after, cut=st.integers(0, 200), wrap=st.booleans()
)
@example(code="7KQ2M-XR4TB-9HN3C-WD6FJ", public_url=DEFAULT_PUBLIC_URL, lead="", trail="\n", opener="<", closer=">", cut=0, wrap=False)
def test_any_link_the_server_makes_gives_back_its_code(
    code: str, public_url: str, lead: str, trail: str, opener: str, closer: str, cut: int, wrap: bool
) -> None:
    link = verify_link(public_url, code)
    if wrap:  # a mail client or a terminal broke the long line somewhere
        cut %= len(link) + 1
        link = link[:cut] + "\n" + link[cut:]
    assert code_from_paste(f"{lead}{opener}{link}{closer}{trail}") == code


@settings(max_examples=100, deadline=None)
@given(code=codes, profile=st.sampled_from(PROFILES), public_url=public_urls)
def test_a_line_of_the_email_or_the_whole_email_gives_back_the_code(code: str, profile, public_url: str) -> None:
    link = verify_link(public_url, code)
    assert code_from_paste(f"Verify Account: {link}") == code
    assert code_from_paste(f"Verify Account: <{link}>.") == code
    body = link_mail(profile, to="jane@example.com", name="Jane Doe", code=code, public_url=public_url).body
    assert code_from_paste(body) == code


@pytest.mark.parametrize(
    ("pasted", "code"),
    [
        ("7KQ2M-XR4TB-9HN3C-WD6FJ", "7KQ2M-XR4TB-9HN3C-WD6FJ"),
        ("  7kq2m-xr4tb-9hn3c-wd6fj\n", "7kq2m-xr4tb-9hn3c-wd6fj"),
        ("7KQ2M XR4TB\n9HN3C WD6FJ.", "7KQ2MXR4TB9HN3CWD6FJ"),
        ("<7KQ2M-XR4TB-9HN3C-WD6FJ>", "7KQ2M-XR4TB-9HN3C-WD6FJ"),
        ("demo.smarthub.example/verify?token=7KQ2M-XR4TB-9HN3C-WD6FJ", "7KQ2M-XR4TB-9HN3C-WD6FJ"),
        ("https://demo.smarthub.example/verify?lang=en&token=7KQ2M%2DXR4TB-9HN3C-WD6FJ", "7KQ2M-XR4TB-9HN3C-WD6FJ"),
        ("https://demo.smarthub.example/verify?code=7KQ2M-XR4TB-9HN3C-WD6FJ", "7KQ2M-XR4TB-9HN3C-WD6FJ"),
        ("https://demo.smarthub.example/verify#token=7KQ2M-XR4TB-9HN3C-WD6FJ", "7KQ2M-XR4TB-9HN3C-WD6FJ"),
        ("https://demo.smarthub.example/verify/7KQ2M-XR4TB-9HN3C-WD6FJ", "7KQ2M-XR4TB-9HN3C-WD6FJ"),
        ("HTTPS://DEMO.SMARTHUB.EXAMPLE/VERIFY?token=7KQ2M-XR4TB-9HN3C-WD6FJ", "7KQ2M-XR4TB-9HN3C-WD6FJ"),
        (
            (
                "https://nam02.safelinks.protection.outlook.com/?url=https%3A%2F%2Fdemo.smarthub.example%2Fverify"
                "%3Ftoken%3D7KQ2M-XR4TB-9HN3C-WD6FJ&data=05%7C01&reserved=0"
            ),
            "7KQ2M-XR4TB-9HN3C-WD6FJ",
        ),
        (
            "https://www.google.com/url?q=https://demo.smarthub.example/verify?token%3D7KQ2M-XR4TB-9HN3C-WD6FJ&sa=D",
            "7KQ2M-XR4TB-9HN3C-WD6FJ",
        ),
    ],
)
def test_codes_and_links_as_people_paste_them(pasted: str, code: str) -> None:
    assert code_from_paste(pasted) == code


@pytest.mark.parametrize(
    "pasted",
    ["https://demo.smarthub.example/verify", "https://jecec.com/smarthub/verify?token=", "<https://demo.smarthub.example/>", "https://[::1"],
)
def test_a_link_without_a_code_gives_none(pasted: str) -> None:
    assert code_from_paste(pasted) == ""


def test_a_real_code_from_the_server_round_trips() -> None:
    for profile in PROFILES:
        code = new_verification_code()
        body = link_mail(profile, to="jane@example.com", name="Jane Doe", code=code, public_url="http://127.0.0.1:8080").body
        assert code_from_paste(verify_link("http://127.0.0.1:8080", code) + "\n") == code
        assert code_from_paste(body) == code
