"""uvicorn's HTTP/1.1 protocol, answering the requests it refuses itself in the contract's JSON.

Why: a request uvicorn cannot parse (headers past its 16 KiB limit, a
Content-Length that is not one number, bytes that are not HTTP) never reaches
the app, so `GuardMiddleware` cannot answer it; uvicorn answers
``400 Invalid HTTP request received.`` in plain text.  The contract promises
every non-2xx answer is ``{"code", "message", "field"}``, so this protocol
sends ``400 malformed_request`` in that shape instead, and closes the
connection as uvicorn does (the stream cannot be trusted past the fault).

The h11 implementation is named explicitly (not uvicorn's "auto", which
switches to httptools when that happens to be installed), so the answer
does not depend on what else is in the environment.
"""

from __future__ import annotations

import json

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from .errors import malformed

UNREADABLE = "The request could not be read: its start, a header or its length is malformed or too large."


def unreadable_body() -> bytes:
    """The JSON error body sent for a request the HTTP parser refused."""
    return json.dumps(malformed(UNREADABLE).body()).encode("utf-8")


class ContractH11Protocol(H11Protocol):
    """uvicorn's h11 protocol whose parse-error answer is the contract's JSON error."""

    def send_400_response(self, msg: str) -> None:
        """uvicorn's plain-text `msg` is replaced by the contract's error (its words are logged already)."""
        body = unreadable_body()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode("ascii")),
            (b"connection", b"close"),
        ]
        for event in (
            h11.Response(status_code=400, headers=headers, reason=b"Bad Request"),
            h11.Data(data=body),
            h11.EndOfMessage(),
        ):
            self.transport.write(self.conn.send(event))
        self.transport.close()
