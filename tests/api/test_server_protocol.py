"""The HTTP protocol `smarthub-server` runs (httptools): its refusals in the contract's JSON, and h11's head limit.

Why: uvicorn's httptools protocol, unlike its h11 one, has no limit on the
size of a request's head, so without `ContractHttpToolsProtocol`'s own a
client could make the server buffer headers without end; and the limit must
count the head only (a body that comes in the same packet is not a head),
afresh for every request of a kept-alive connection.  Whole requests the
parser refuses are tested on a real `smarthub-server` process in
test_server_processes.py; these send raw bytes to the protocol under uvicorn
in a thread, in the pieces a slow or hostile client would.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from smarthub_tui.contract import HEALTH_PATH, LOOKUP_PATH, ErrorCode
from smarthub_tui.server.protocol import MAX_HEAD_BYTES, ContractH11Protocol, ContractHttpToolsProtocol

PROTOCOLS = [ContractHttpToolsProtocol, ContractH11Protocol]


async def _echo_app(scope: Any, receive: Any, send: Any) -> None:
    """Answers 200 with the size of the body it read (enough to tell the protocol let the request through)."""
    if scope["type"] != "http":
        return
    size = 0
    while True:
        message = await receive()
        size += len(message.get("body", b""))
        if not message.get("more_body", False):
            break
    body = json.dumps({"path": scope["path"], "size": size}).encode()
    await send({"type": "http.response.start", "status": 200, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())
    ]})
    await send({"type": "http.response.body", "body": body})


@pytest.fixture(params=PROTOCOLS, ids=lambda protocol: protocol.__name__)
def server_address(request: pytest.FixtureRequest) -> Iterator[tuple[str, int]]:
    """uvicorn with the protocol on a loopback socket bound before it starts (a request waits in the backlog)."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    config = uvicorn.Config(
        _echo_app, http=request.param, ws="none", interface="asgi3", lifespan="off", log_level="error", server_header=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        yield sock.getsockname()[:2]
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def _read_answers(sock: socket.socket, count: int) -> list[tuple[int, dict[str, str], bytes]]:
    """`count` answers from `sock` (each with a Content-Length), or fewer if the server closes it first."""
    received, answers = b"", list[tuple[int, dict[str, str], bytes]]()
    while len(answers) < count:
        head_end = received.find(b"\r\n\r\n")
        if head_end >= 0:
            status_line, *lines = received[:head_end].decode("latin-1").split("\r\n")
            headers = {name.strip().lower(): value.strip() for name, value in (line.split(":", 1) for line in lines)}
            end = head_end + 4 + int(headers["content-length"])
            if len(received) >= end:
                answers.append((int(status_line.split()[1]), headers, received[head_end + 4 : end]))
                received = received[end:]
                continue
        chunk = sock.recv(65536)
        if not chunk:
            break
        received += chunk
    return answers


def _assert_contract_refusal(answer: tuple[int, dict[str, str], bytes]) -> None:
    status, headers, body = answer
    assert status == 400
    assert headers["content-type"] == "application/json" and headers["connection"] == "close"
    refusal = json.loads(body)
    assert refusal["code"] == ErrorCode.MALFORMED_REQUEST and refusal["field"] is None


def test_a_head_past_the_limit_in_small_pieces_is_refused_in_json(server_address: tuple[str, int]) -> None:
    with socket.create_connection(server_address, timeout=10) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # one packet per header line where it can
        sock.sendall(b"GET " + HEALTH_PATH.encode() + b" HTTP/1.1\r\nHost: x\r\n")
        for _ in range(MAX_HEAD_BYTES // 1000 + 4):  # never ends its head: the server must stop reading
            try:
                sock.sendall(b"X-Pad: " + b"a" * 991 + b"\r\n")
            except (BrokenPipeError, ConnectionResetError):
                break
        answers = _read_answers(sock, 1)
    assert len(answers) == 1
    _assert_contract_refusal(answers[0])


def test_a_body_arriving_with_its_head_does_not_count_toward_the_head_limit(server_address: tuple[str, int]) -> None:
    body = b"{" + b" " * (3 * MAX_HEAD_BYTES) + b"}"
    head = f"POST {LOOKUP_PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    with socket.create_connection(server_address, timeout=10) as sock:
        sock.sendall(head.encode() + body)
        ((status, _headers, answer),) = _read_answers(sock, 1)
    assert status == 200 and json.loads(answer)["size"] == len(body)


def test_the_head_limit_counts_each_request_of_a_kept_alive_connection_afresh(server_address: tuple[str, int]) -> None:
    pad = b"X-Pad: " + b"a" * (MAX_HEAD_BYTES * 2 // 3) + b"\r\n"  # two of these in one head would be refused
    request = b"GET " + HEALTH_PATH.encode() + b" HTTP/1.1\r\nHost: x\r\n" + pad + b"\r\n"
    with socket.create_connection(server_address, timeout=10) as sock:
        answers = []
        for _ in range(3):
            sock.sendall(request)
            answers += _read_answers(sock, 1)
    assert [status for status, _headers, _body in answers] == [200, 200, 200]
