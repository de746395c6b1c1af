"""uvicorn's HTTP/1.1 protocols, answering the requests they refuse themselves in the contract's JSON.

Why: a request uvicorn cannot parse (headers past its 16 KiB limit, a
Content-Length that is not one number, bytes that are not HTTP) never reaches
the app, so `GuardMiddleware` cannot answer it; uvicorn answers
``400 Invalid HTTP request received.`` in plain text.  The contract promises
every non-2xx answer is ``{"code", "message", "field"}``, so these protocols
send ``400 malformed_request`` in that shape instead, and close the
connection as uvicorn does (the stream cannot be trusted past the fault).

`ContractHttpToolsProtocol` is the one `smarthub-server` runs: httptools
(llhttp, in C) parses a request for a fraction of the CPU of h11 (pure
Python), which under load is CPU the argon2 work needs.  uvicorn's httptools
protocol has no limit on the size of a request's head, where h11 stops at
16 KiB; the subclass keeps that limit, so a client cannot make the server
buffer headers without end.  `ContractH11Protocol` is the same answer on h11,
for running the app under uvicorn's pure-Python parser.  The implementation
is named explicitly (not uvicorn's "auto"), so the answer does not depend on
what else happens to be installed.
"""

from __future__ import annotations

import json
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from .errors import malformed

UNREADABLE = "The request could not be read: its start, a header or its length is malformed or too large."
MAX_HEAD_BYTES = 16 * 1024
"""The most bytes of a request's start line and headers read before it is refused (h11's own limit)."""


def unreadable_body() -> bytes:
    """The JSON error body sent for a request the HTTP parser refused."""
    return json.dumps(malformed(UNREADABLE).body()).encode("utf-8")


def _unreadable_head(body: bytes) -> list[tuple[bytes, bytes]]:
    return [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode("ascii")),
        (b"connection", b"close"),
    ]


class ContractH11Protocol(H11Protocol):
    """uvicorn's h11 protocol whose parse-error answer is the contract's JSON error."""

    def send_400_response(self, msg: str) -> None:
        """uvicorn's plain-text `msg` is replaced by the contract's error (its words are logged already)."""
        body = unreadable_body()
        for event in (
            h11.Response(status_code=400, headers=_unreadable_head(body), reason=b"Bad Request"),
            h11.Data(data=body),
            h11.EndOfMessage(),
        ):
            self.transport.write(self.conn.send(event))
        self.transport.close()


class ContractHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with the contract's parse-error answer and h11's 16 KiB head limit."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._heads_read = 0  # heads parsed on this connection
        self._in_body = False  # between a head's end and its message's end
        self._head_bytes = 0  # bytes of the head being read, so far

    def data_received(self, data: bytes) -> None:
        heads_before, in_body_before = self._heads_read, self._in_body
        super().data_received(data)
        if self.parser is None or self.transport.is_closing():
            return
        if self._heads_read != heads_before:
            self._head_bytes = 0  # a head ended here: the rest is its body or the next request's start
        elif not in_body_before:  # all of this chunk belongs to a head not over yet
            self._head_bytes += len(data)
            if self._head_bytes > MAX_HEAD_BYTES:
                self.logger.warning("Invalid HTTP request received.")
                self.send_400_response("Invalid HTTP request received.")

    def on_headers_complete(self) -> None:
        self._heads_read += 1
        self._in_body = True
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._in_body = False
        super().on_message_complete()

    def send_400_response(self, msg: str) -> None:
        """uvicorn's plain-text `msg` is replaced by the contract's error (its words are logged already)."""
        body = unreadable_body()
        head = b"".join(name + b": " + value + b"\r\n" for name, value in _unreadable_head(body))
        self.transport.write(b"HTTP/1.1 400 Bad Request\r\n" + head + b"\r\n" + body)
        self.transport.close()
