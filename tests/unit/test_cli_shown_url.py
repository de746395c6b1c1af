"""The server address the wizard shows never carries a user name or password."""

import pytest

from smarthub_tui.cli import shown_url


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("https://agent:s3cret@hub.example.coop/base", "https://hub.example.coop/base"),
        ("http://user@host:9", "http://host:9"),
    ],
)
def test_shown_url_drops_userinfo(url, shown):
    assert shown_url(url) == shown
