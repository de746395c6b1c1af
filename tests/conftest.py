"""Shared test set-up, kept small.

- The test set-up lives in the `tests.support` package, imported by name
  (``pythonpath = ["."]`` in pyproject.toml puts the repository root on the
  path; nothing edits ``sys.path``): `tests.support.transport` (the
  failing-on-demand test transport), `tests.support.harness` (`build_app` and
  a `Driver` that presses keys like a person, so the snapshot tests reach each
  screen the same way the functional tests do), `tests.support.captcha_png`
  (the noisy CAPTCHA picture the widget tests draw) and
  `tests.support.servers` (the reference server on loopback).
- `server_link` (parametrized ``embedded`` / ``http``): how a test reaches the
  reference server, in-process over ASGI or over real HTTP on loopback (one
  uvicorn in a thread for the whole session, `loopback_server`, started only
  when a test asks for it).  Pass it to `build_app(..., link=server_link)` or
  call ``server_link.connect(app)`` for a transport and base URL.
- The tests decide colour themselves (monochrome cases pass ``no_color``), so a
  ``NO_COLOR`` or ``TEXTUAL_*`` setting in the caller's environment must not
  change what the snapshots draw: those variables are cleared here.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator

import pytest

from tests.support.servers import LINKS, Link, LoopbackServer

for _variable in ("NO_COLOR", "TEXTUAL_THEME", "TEXTUAL_ANIMATIONS", "TEXTUAL_COLOR_SYSTEM"):
    os.environ.pop(_variable, None)


@pytest.fixture(scope="session")
def loopback_server() -> Iterator[LoopbackServer]:
    """The reference server's apps on a real socket: one uvicorn thread for the session, stopped at its end."""
    server = LoopbackServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(params=LINKS)
async def server_link(request: pytest.FixtureRequest) -> AsyncIterator[Link]:
    """``embedded`` (ASGI in this process) or ``http`` (real HTTP on loopback): the same test runs both ways."""
    link = Link(request.param, request.getfixturevalue("loopback_server") if request.param == "http" else None)
    yield link
    await link.close()
