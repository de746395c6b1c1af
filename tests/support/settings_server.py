"""A plain HTTP server that answers only the settings path: the start's settings fetch, without a whole server.

Why not `smarthub-server`: the start-up tests need settings a real server
would refuse to serve (a lockout limit of 0) and must not wait for a server
process to start.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from smarthub_tui.contract import SETTINGS_PATH


@contextmanager
def serving_settings(profile: dict[str, Any]) -> Iterator[str]:
    """The URL of a server whose settings are `profile` (a profile's JSON form); every other path is 404."""
    body = json.dumps({"demo": False, "profile": profile}).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200 if self.path == SETTINGS_PATH else 404)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
