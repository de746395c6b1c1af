"""Over HTTP the co-op settings are fetched while the wizard starts (`backend.prefetch`), or not when httpx would differ."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from smarthub_tui.backend.prefetch import SettingsPrefetch
from smarthub_tui.contract import SETTINGS_PATH
from smarthub_tui.profiles import load_profile


def settings_body(**changes: object) -> dict[str, object]:
    return {"demo": False, "profile": load_profile("pec").model_dump(mode="json"), **changes}


@pytest.fixture
def serve() -> Iterator[dict[str, object]]:
    """A plain HTTP server answering the settings path with `answer["status"]` and `answer["body"]`; `answer["paths"]` what was asked."""
    answer: dict[str, object] = {"status": 200, "body": settings_body(), "paths": []}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            answer["paths"].append(self.path)  # type: ignore[attr-defined]
            data = json.dumps(answer["body"]).encode()
            self.send_response(int(answer["status"]) if self.path == SETTINGS_PATH else 404)  # type: ignore[call-overload]
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    answer["url"] = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield answer
    finally:
        server.shutdown()
        server.server_close()


def test_the_servers_settings_arrive_parsed(serve: dict[str, object]) -> None:
    settings = SettingsPrefetch(str(serve["url"]) + "/", timeout=5).settings(wait=10)
    assert settings is not None
    assert settings.profile.profileId == "pec"
    assert settings.demo is False
    assert serve["paths"] == [SETTINGS_PATH]


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (500, settings_body()),
        (200, {"demo": False, "profile": {"profileId": 3}}),
        (200, {"demo": "yes", "profile": settings_body()["profile"]}),
        (200, ["not", "an", "object"]),
    ],
    ids=["error-status", "invalid-profile", "demo-not-bool", "not-an-object"],
)
def test_an_answer_that_is_not_valid_settings_gives_none(serve: dict[str, object], status: int, body: object) -> None:
    serve["status"], serve["body"] = status, body
    assert SettingsPrefetch(str(serve["url"]), timeout=5).settings(wait=10) is None


def test_a_server_that_cannot_be_reached_gives_none() -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound but not listening: the connection is refused
        assert SettingsPrefetch(f"http://127.0.0.1:{port}", timeout=5).settings(wait=10) is None


def test_an_answer_still_on_its_way_gives_none_after_the_wait() -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()  # accepts, never answers
        prefetch = SettingsPrefetch(f"http://127.0.0.1:{sock.getsockname()[1]}", timeout=30)
        assert prefetch.settings(wait=0.05) is None


@pytest.mark.parametrize(
    ("url", "proxy"),
    [("http://user:secret@127.0.0.1:1", None), ("ftp://127.0.0.1", None), ("http://127.0.0.1:1", "http://proxy:3128")],
    ids=["user-in-url", "not-http", "proxy-configured"],
)
def test_addresses_httpx_would_treat_differently_are_not_prefetched(
    monkeypatch: pytest.MonkeyPatch, url: str, proxy: str | None
) -> None:
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    if proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy)
    assert not SettingsPrefetch.usable(url)
    assert SettingsPrefetch(url, timeout=5).settings(wait=10) is None
