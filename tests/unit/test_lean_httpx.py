"""The wizard's httpx comes without httpx's command-line client (click, Pygments, rich's syntax highlighting: about 3 MiB, issue 11)."""

from __future__ import annotations

import subprocess
import sys

PROBE = (
    "import sys\n"
    "from smarthub_tui.backend.http import HttpBackend\n"
    "from smarthub_tui.backend.embedded import embedded_backend\n"
    "import httpx\n"
    "transport = httpx.MockTransport(lambda request: httpx.Response(200, json={'path': request.url.path}))\n"
    "assert httpx.Client(transport=transport).get('http://co-op.example/x').json() == {'path': '/x'}\n"
    "print(sorted({m.split('.')[0] for m in sys.modules} & {'click', 'pygments'}))\n"
    "print(sys.modules.get('httpx._main') is not None)\n"
)


def test_the_backend_imports_httpx_without_its_command_line() -> None:
    run = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120, check=False)
    assert run.stdout.split() == ["[]", "False"], run.stdout + run.stderr[-2000:]

