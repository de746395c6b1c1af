"""Once over real HTTP: the wizard against `smarthub-server` started as a process on a loopback port."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from smarthub_tui.cli import make_app
from smarthub_tui.contract import HEALTH_PATH
from smarthub_tui.screens.connect import ConnectScreen
from smarthub_tui.screens.welcome import WelcomeScreen
from tests.support.harness import MEMBERS, Wizard

SMARTHUB_SERVER = Path(sys.executable).with_name("smarthub-server")
DEADLINE_SECONDS = 30.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """A demo `smarthub-server` on a free loopback port; its URL. Stopped after the test."""
    port = _free_port()
    process = subprocess.Popen(
        [str(SMARTHUB_SERVER), "--host", "127.0.0.1", "--port", str(port), "--db", str(tmp_path / "server.db"),
         "--profile", "default", "--demo", "--log-level", "warning"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + DEADLINE_SECONDS
        while True:
            if process.poll() is not None:
                raise AssertionError(f"smarthub-server exited: {process.stderr.read().decode()[-2000:]}")
            try:
                if httpx.get(url + HEALTH_PATH, timeout=1.0).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"smarthub-server did not answer {HEALTH_PATH} in time")
            time.sleep(0.1)  # polling a separate process: there is no event to wait on
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.mark.slow
async def test_a_new_member_registers_over_real_http(server: str) -> None:
    app = make_app(server=server, timeout=10.0)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        screen = await wizard.walk_to("finished")
        lines = [line.text for line in screen.query(".summary-line")]
        assert any(MEMBERS["default"].email in line for line in lines), lines
        await wizard.answer("finished")
        await wizard.at(WelcomeScreen)


@pytest.mark.slow
async def test_a_server_that_is_not_there_gives_one_line_and_retry() -> None:
    app = make_app(server=f"http://127.0.0.1:{_free_port()}", timeout=2.0)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        await wizard.at(ConnectScreen)
        assert "Cannot reach the server" in wizard.panel()
