"""One answers format drives all three front ends, and each leaves the same registration on the server.

The same answers file (`examples/answers/default.toml`, its secrets from the
environment it names) goes through the answers runner (headless), the plain
line mode (a stdin that answers each question it prints) and the Textual app
(Pilot typing the same answers); each against its own fresh server.  What
each server then holds (signed in with the new password: e-mail, accounts,
paperless, the phrase as typed, verified) must be the same.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from smarthub_tui.answers_file import parse_answers
from tests.support.front_ends import FRONT_ENDS, register_with

EXAMPLE = Path(__file__).parents[2] / "examples" / "answers" / "default.toml"
SECRETS = {
    "SMARTHUB_NEW_PASSWORD": "Kettle-Blue-Gate-42",
    "SMARTHUB_PHRASE": "green gate at dawn",
    "SMARTHUB_SSN4": "4321",
    "SMARTHUB_HINT_ANSWER": "Rex",
}


@pytest.fixture(scope="module")
def answers():
    return parse_answers(EXAMPLE.read_text(encoding="utf-8"), environ=SECRETS)


async def test_the_same_answers_leave_the_same_registration_through_every_front_end(answers) -> None:
    held = {front_end: (await register_with(front_end, answers))[0] for front_end in FRONT_ENDS}
    expected = held["answers"]
    assert expected["verified"] and expected["phrase"] == SECRETS["SMARTHUB_PHRASE"], expected
    assert expected["paperless"] is True
    for front_end, registration in held.items():
        assert registration == expected, f"{front_end} left {registration}, the answers runner {expected}"
