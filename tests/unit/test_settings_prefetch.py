"""Over HTTP the co-op settings are fetched while the wizard starts (`backend.prefetch`), or not when httpx would differ."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from smarthub_tui.backend.prefetch import SettingsPrefetch, _json_body
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


# --- one plain request on a socket, no http.client ---


def test_the_prefetch_imports_no_http_client(serve: dict[str, object]) -> None:
    """http.client (and the e-mail parser under it) cost about 5 ms of the start; the prefetch reads the answer itself."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from smarthub_tui.backend.prefetch import SettingsPrefetch\n"
        f"settings = SettingsPrefetch({str(serve['url'])!r}, timeout=5).settings(wait=10)\n"
        "print(settings is not None, 'http.client' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert run.stdout.strip() == "True False", run.stdout + run.stderr[-2000:]


@pytest.mark.parametrize(
    "answer",
    [
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 2\r\n\r\n{}",
        b"HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n{}",
        b"HTTP/1.1 301 Moved\r\nLocation: /elsewhere\r\nContent-Length: 2\r\n\r\n{}",
        b"HTTP/1.1 200 OK\r\nnot a header\r\n\r\n{}",
        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n[]",
        b"garbage",
    ],
    ids=["chunked", "compressed", "cut-short", "redirect", "bad-header", "not-an-object", "not-http"],
)
def test_an_answer_the_plain_reader_does_not_take_gives_none(answer: bytes) -> None:
    """The usual connect (httpx) then handles it and says what is wrong."""
    assert _json_body(answer) is None


def test_a_plain_answer_is_read_up_to_its_length() -> None:
    assert _json_body(b'HTTP/1.0 200 OK\r\nContent-Length: 8\r\nServer: x\r\n\r\n{"a": 1}trailing') == {"a": 1}
    assert _json_body(b'HTTP/1.1 200 OK\r\n\r\n{"a": 1}') == {"a": 1}


def test_a_plain_answer_with_its_length_is_read(serve: dict[str, object]) -> None:
    serve["body"] = settings_body(demo=True)
    settings = SettingsPrefetch(str(serve["url"]), timeout=5).unchecked_settings(wait=10)
    assert settings is not None and settings.demo is True
    assert settings.profile.texts.loginTitle == load_profile("pec").texts.loginTitle
