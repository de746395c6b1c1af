"""Agent mode in plain lines: the member's progress can be heard again at "Registration created".

The Textual screen asks the server again every few seconds by itself; a
line-mode agent (a screen reader, a serial console) has no redraw, so
before this the status was read once and the only answer was Enter (the
next call).  Typing ``status`` now asks the server again and reads the
progress again, so the agent can stay on the line and follow the member.
"""

from __future__ import annotations

import io
from pathlib import Path

from smarthub_tui import strings
from smarthub_tui.agent import AgentSettings
from smarthub_tui.cli import make_wizard
from smarthub_tui.frontends.lines import LineFrontEnd, run_lines
from smarthub_tui.modes import UserMode
from smarthub_tui.server.fixtures import DEMO_AGENT_KEY
from tests.functional.test_agent_mode import FakeClock
from tests.support.memory_keyring import MemoryKeyring


async def test_typing_status_at_registration_created_reads_the_members_progress_again(tmp_path: Path) -> None:
    settings = AgentSettings(audit_path=tmp_path / "audit.jsonl", keyring=MemoryKeyring(), clock=FakeClock())
    wizard = make_wizard(mode=UserMode.AGENT, agent=settings)
    call = [DEMO_AGENT_KEY, "1000234567", "Doe", "jane@example.com", "jane@example.com", "78636", "", "yes", "1"]
    typed = [*call, "status", "status", ""]  # twice more at "Registration created", then Enter: the next call
    out = io.StringIO()
    front_end = LineFrontEnd(stdin=io.StringIO("".join(f"{line}\n" for line in typed)), stdout=out)
    await run_lines(wizard, front_end)
    said = out.getvalue()
    done = said.split(f"of 5: {strings.AGENT_DONE_TITLE}", 1)[1]
    progress = f"{strings.AGENT_STATUS_EMAIL}: {strings.AGENT_STATUS_NOT_YET}"
    assert done.count(progress) == 3, done  # once on arrival, once per "status"
    assert strings.LINE_AGENT_STATUS_AGAIN.split("{", 1)[0] in done, "the prompt says the word"
    assert "Step 1 of 5" in done.split(progress)[-1], "Enter still ends the call: the next one starts"
