"""Agent mode's script band: the words the agent reads to the member, above the step's form.

A band rather than a side panel: at 80 columns a side panel would squeeze
the form's labels, while a band of a few lines reads whole and leaves the
form below it as it is.  Its title names the signed-in agent (who the
audit log says did what).  Outside agent mode it yields nothing, so every
step screen can ask for it (`StepScreen.compose`).
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.content import Content

from smarthub_tui import strings
from smarthub_tui.agent import is_agent, script_for
from smarthub_tui.steps import Step
from smarthub_tui.text import inert
from smarthub_tui.widgets import SafeText


def agent_title(controller: Step[Any]) -> str:
    """The band's title: what it is, and the agent signed in."""
    name = getattr(controller.wizard, "agent_name", None)
    if not name:
        return strings.AGENT_SCRIPT_TITLE
    return f"{strings.AGENT_SCRIPT_TITLE} · {strings.AGENT_LABEL.format(name=inert(name, single_line=True))}"


def agent_script(controller: Step[Any]) -> ComposeResult:
    """The script band for `controller`'s step (nothing outside agent mode or where the step has no script)."""
    if not is_agent(controller.wizard):
        return
    script = script_for(controller)
    if not script:
        return
    band = SafeText(script, id="agent-script", classes="agent-script")
    band.border_title = Content(agent_title(controller))  # plain text: a name from the server is no markup
    yield band
