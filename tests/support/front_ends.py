"""One registration from one answers file, through each of the three front ends, against a fresh reference server.

Shared by the test that checks the three leave the same registration on the
server (tests/functional/test_three_front_ends.py) and by the benchmark that
times them (bench/front_ends.py).  Each run gets its own server
(`build_app`'s, behind a `FaultyTransport`), so they cannot see each other.
"""

from __future__ import annotations

import io
import time
from typing import Any

from smarthub_tui.answers_file import AnswersFile
from smarthub_tui.backend.http import HttpBackend
from smarthub_tui.flow import StepId
from smarthub_tui.frontends.answers import run_headless
from smarthub_tui.frontends.lines import LineFrontEnd, run_lines
from smarthub_tui.steps import Wizard
from tests.support.harness import Member, build_app, registration
from tests.support.lines import ScriptedInput

FRONT_ENDS = ("answers", "lines", "textual")


def member_of(answers: AnswersFile) -> Member:
    """The `Member` the Pilot driver types, from the answers file (the same answers, as a person would type them)."""
    register = answers.values(StepId.REGISTER)
    return Member(
        account_number=register["accountNumber"],
        last_name=register["lastNameOrBusiness"],
        email=register["email"],
        identity={name: str(value) for name, value in answers.values(StepId.IDENTITY).items()},
        hint_answer=answers.values(StepId.HINT).get("hintAnswer", ""),
        password=answers.values(StepId.PASSWORD)["newPassword"],
        paperless=answers.values(StepId.PAPERLESS).get("paperless", True),
        phrase=answers.values(StepId.SECURITY_PHRASE)["phrase"],
    )


async def register_with(
    front_end: str, answers: AnswersFile, profile: str = "default", *, fast: bool = True
) -> tuple[dict[str, Any], float]:
    """Register the member of `answers` through `front_end`; what the server then holds, and the seconds it took.

    The time runs from the first screen or line to the end of the walk,
    with the server already built (the same for all three).
    """
    app, transport = build_app(profile, fast=fast)
    member = member_of(answers)
    started = time.perf_counter()
    if front_end == "textual":
        from tests.support.harness import Wizard as Driver

        async with app.run_test(size=(80, 24)) as pilot:
            driver = Driver(pilot, member)
            await driver.walk_to("finished")
            await driver.answer("finished")
            seconds = time.perf_counter() - started
    else:
        wizard = Wizard(lambda: HttpBackend(transport.base_url, transport=transport, retry_pause=0))
        out = io.StringIO()
        if front_end == "answers":
            await run_headless(wizard, answers, out)
        else:
            values = {step.value: answers.values(step) for step in StepId if answers.has(step)}
            status = await run_lines(wizard, LineFrontEnd(stdin=ScriptedInput(out, values), stdout=out))
            if status != 0:
                raise AssertionError(f"the line mode stopped with {status}:\n{out.getvalue()[-2000:]}")
        seconds = time.perf_counter() - started
    return await registration(transport, member), seconds
