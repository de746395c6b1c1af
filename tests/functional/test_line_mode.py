"""The plain line mode through a real pseudo-terminal: a whole registration and a sign-in per profile.

Each test starts `smarthub-tui --plain` as a person's terminal would (a pty
from pexpect), reads what it prints and answers each question as it comes,
by the question's words: the test knows no step order, only what a person
would answer to each question.  The transcript must hold no escape sequence
(no cursor movement, no colour) and never echo a secret.
"""

from __future__ import annotations

import os
import re
import sys

import pexpect
import pytest

DEMO = {"account": "1000234567", "name": "Doe", "email": "jane@example.com", "zip": "78636", "ssn4": "4321"}
PASSWORDS = {"default": "Correct-Horse-Battery-9", "jecec": "Kettle-Moon-42", "pec": "Blue7Sky", "pec-setup": "Green8Tea"}
PHRASE = "my blue teapot"
HINT_ANSWER = "Rex the dog"


def spawn(*args: str) -> pexpect.spawn:
    """`smarthub-tui --plain ARGS` in a pseudo-terminal, 80 columns, no colour asked or refused."""
    env = {key: value for key, value in os.environ.items() if key not in ("NO_COLOR", "ACCESSIBLE")}
    env["TERM"] = "xterm-256color"
    child = pexpect.spawn(
        sys.executable, ["-m", "smarthub_tui", "--plain", *args], env=env, encoding="utf-8", timeout=60, dimensions=(24, 80)
    )
    child.logfile_read = open(os.environ["LINE_LOG"], "a") if os.environ.get("LINE_LOG") else None
    return child


def answers_for(profile: str) -> list[tuple[str, str]]:
    """What a person answers to each question, by the question's words (a regular expression)."""
    password = PASSWORDS[profile]
    return [
        (r"Billing Account Number[^\n]*: $|Account Number[^\n]*: $", DEMO["account"]),
        (r"Last Name or Business[^\n]*: $", DEMO["name"]),
        (r"Confirm E-?[Mm]ail Address[^\n]*: $", DEMO["email"]),
        (r"E-?[Mm]ail Address[^\n]*: $", DEMO["email"]),
        (r"ZIP[^\n]*: $|Zip[^\n]*: $", DEMO["zip"]),
        (r"(SSN|Tax ID)[^\n]*: $", DEMO["ssn4"]),
        (r"Answer \(hidden as you type\): $", HINT_ANSWER),
        (r"I'm not a robot \(yes or no\): $", "yes"),
        (r"I accept[^\n]*\(yes or no\): $", "yes"),
        (r"(or type inbox to read the demo inbox\): )$", "inbox"),
        (r"from this e-mail\? \(yes or no\): $", "yes"),
        (r"New Password \(hidden as you type\): $", password),
        (r"Confirm Password \(hidden as you type\): $", password),
        (r"Security Phrase \(hidden as you type\): $", PHRASE),
        (r"Type a number from 1 to \d+: $", "1"),
        (r"Press Enter: [^\n]*\. $", ""),
    ]


def sign_out(child: pexpect.spawn) -> None:
    """On My Profile: its items as a numbered list; the last one signs out, on Enter."""
    child.expect(r"Open one of these:\r?\n(?:\d\.[^\n]*\n)+Type a number from 1 to (\d+): $")
    child.sendline(child.match.group(1))
    child.expect(r"Press Enter: Sign Out\. $")
    child.sendline("")


def walk(child: pexpect.spawn, answers: list[tuple[str, str]], *, until: str, menu: str, then: str | None = None) -> str:
    """Answer every question until `until` is printed; `menu` is the welcome menu's choice, `then` the next one's.

    `then` None: Quit (the last choice).  Returns the transcript.
    """
    patterns = [until, r"What would you like to do\?\r?\n(?:\d\.[^\n]*\n)+Type a number from 1 to (\d+): $"]
    patterns += [pattern for pattern, _ in answers]
    transcript = []
    for _ in range(80):
        index = child.expect(patterns)
        transcript.append(child.before + child.after)
        if index == 0:
            return "".join(transcript)
        if index == 1:
            child.sendline(menu or child.match.group(1))
            menu, then = then, None  # the next time the welcome menu comes `then` (by default quit, the last), after that quit
            continue
        child.sendline(answers[index - 2][1])
    raise AssertionError("too many questions:\n" + "".join(transcript)[-3000:])


@pytest.mark.parametrize("profile", ["default", "jecec", "pec", "pec-setup"])
def test_a_whole_registration_then_a_sign_in_in_plain_lines(profile: str) -> None:
    child = spawn("--profile", profile)
    answers = answers_for(profile)
    # pec: Congratulations leads back to the welcome menu, where Login (1) takes the temporary password
    # (read from the demo inbox), then the replacement password and paperless; it asks no phrase.
    done = r"Security phrase: not set yet" if profile == "pec" else r"Security phrase: set"
    transcript = walk(child, answers, until=done, menu="2", then="1" if profile == "pec" else None)
    assert "Step 1 of" in transcript and "Error:" not in transcript, transcript[-2000:]
    if profile == "pec":
        sign_out(child)  # its walk ends signed in, on the main screen (My Profile)
    else:
        child.expect(r"Press Enter: Done\. $")
        child.sendline("")
    # Signing in again: everything is set, so My Profile comes at once, with the summary.
    password = r"Password(, hidden as you type \(or type inbox[^\n]*| \(hidden as you type\)): $"  # pec: the inbox is offered
    sign_in = [(r"E-?[Mm]ail( Address)?[^\n]*: $", DEMO["email"]), (password, PASSWORDS[profile])]
    transcript += walk(child, sign_in, until=done, menu="1")
    sign_out(child)
    quit = "4" if profile.startswith("pec") else "5"  # default and jecec offer "Have a code from our e-mail?" as well
    child.expect(rf"Type a number from 1 to {quit}: $")
    child.sendline(quit)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "\x1b" not in transcript, "no escape sequences: no colour, no cursor movement"
    for secret in (PASSWORDS[profile], PHRASE, DEMO["ssn4"], HINT_ANSWER):
        assert secret not in transcript, f"{secret!r} was echoed"


def test_a_refused_answer_names_the_field_and_only_it_is_asked_again() -> None:
    child = spawn()
    child.expect(r"Type a number from 1 to 5: $")
    child.sendline("2")
    child.expect(r"Billing Account Number: $")
    child.sendline("12")
    child.expect(r"Last Name or Business: $")
    child.sendline("Doe")
    child.expect(r"E-Mail Address: $")
    child.sendline("jane@example.com")
    child.expect(r"Confirm E-Mail Address: $")
    child.sendline("jane@example.com")
    child.expect(r"Error: Billing Account Number: [^\n]+\n")
    assert "Last Name" not in child.after
    child.expect(r"Billing Account Number: $")  # a refused answer is not offered back
    child.sendline(DEMO["account"])
    index = child.expect([r"Step 2 of \d+", r"Last Name or Business"])
    assert index == 0, "only the refused field was asked again"
    child.sendline("cancel")
    child.expect(r"\(yes or no\): $")
    child.sendline("yes")
    child.expect(r"Type a number from 1 to 5: $")
    child.sendline("5")
    child.expect(pexpect.EOF)


def test_back_and_help_are_words_announced_once() -> None:
    child = spawn()
    child.expect(r"type\s+back\s+to\s+return\s+to\s+the\s+previous\s+step,\s+cancel\s+to\s+stop,\s+or\s+help")
    child.expect(r"Type a number from 1 to 5: $")
    child.sendline("2")
    child.expect(r"Billing Account Number: $")
    child.sendline("help")
    child.expect(r"Step 1 of \d+: New User Registration")
    child.expect(r"Billing Account Number: $")
    child.sendline("back")
    child.expect(r"Type a number from 1 to 5: $")
    assert "type back" not in child.before, "announced once, at the start"
    child.sendline("5")
    child.expect(pexpect.EOF)


def test_without_a_terminal_it_runs_in_plain_lines_and_stops_when_input_ends() -> None:
    """`smarthub-tui </dev/null` used to draw escape codes for ever; it now asks in plain lines and stops at the end of input."""
    import subprocess

    result = subprocess.run(
        [sys.executable, "-m", "smarthub_tui"], stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, "input ended at the welcome menu: nothing was left undone"
    assert "\x1b" not in result.stdout
    assert re.search(r"Type a number from 1 to 5: \nInput ended: stopped\.\n$", result.stdout), result.stdout[-500:]


def test_input_ending_in_the_middle_of_a_walk_says_what_is_kept_and_fails() -> None:
    import subprocess

    typed = "2\n1000234567\nDoe\n"
    result = subprocess.run(
        [sys.executable, "-m", "smarthub_tui", "--plain"], input=typed, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 1
    assert result.stdout.endswith("Input ended: stopped. Nothing you typed was kept.\n"), result.stdout[-300:]


def test_ctrl_c_at_a_question_stops_at_once_and_says_so() -> None:
    child = spawn()
    child.expect(r"Type a number from 1 to 5: $")
    child.sendline("2")
    child.expect(r"Billing Account Number: $")
    child.sendintr()
    child.expect(r"Stopped\. Nothing you typed was kept\.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130


def test_the_pec_example_answers_file_in_plain_lines_asks_the_person_only_the_captcha() -> None:
    """`--plain --answers`: the file answers every step but the one it lists in `interactive`, and says so step by step."""
    import subprocess
    from pathlib import Path

    example = Path(__file__).parents[2] / "examples" / "answers" / "pec.toml"
    env = {**os.environ, "SMARTHUB_HINT_ANSWER": HINT_ANSWER, "SMARTHUB_NEW_PASSWORD": PASSWORDS["pec"], "SMARTHUB_PHRASE": PHRASE}
    env.pop("ACCESSIBLE", None)
    result = subprocess.run(
        [sys.executable, "-m", "smarthub_tui", "--plain", "--profile", "pec", "--answers", str(example)],
        input="yes\n6\n\n4\n",  # I'm not a robot; My Profile: Sign Out, Enter; Quit
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
    )
    assert result.returncode == 0, result.stdout[-1500:] + result.stderr[-1500:]
    asked = re.findall(r"^Step \d+ of \d+: (.*)$", result.stdout, re.MULTILINE)
    assert asked == ["Are you a person?"], asked
    assert "My Profile" in result.stdout, "PEC's walk ends signed in, on its main screen"
    assert "\u2713 Verify your identity" in result.stdout and "\u2713 Congratulations!" in result.stdout
    # Then the login screen with the temporary password (pec's guide), answered from [verify] code.
    assert "\u2713 Welcome to SmartHub" in result.stdout and "\u2713 Create a replacement password" in result.stdout
    assert "Paperless billing: on" in result.stdout and "Security phrase: not set yet" in result.stdout
    for secret in (PASSWORDS["pec"], PHRASE, HINT_ANSWER):
        assert secret not in result.stdout


async def test_after_a_lockout_the_line_mode_says_so_once_and_goes_back_to_the_start() -> None:
    """Five wrong ZIP codes lock the account: the questions are not asked again for ever, the way back is offered."""
    import io

    from smarthub_tui.cli import make_wizard
    from smarthub_tui.frontends.lines import LineFrontEnd, run_lines
    from smarthub_tui.profiles import load_profile

    limit = load_profile("default").failedLoginLockoutLimit
    typed = ["2", DEMO["account"], DEMO["name"], DEMO["email"], DEMO["email"], "yes"]
    typed += ["00000", ""] * limit  # a wrong ZIP, no SSN4, until the account locks
    typed += ["", "5"]  # Back to the start; Quit
    out = io.StringIO()
    front_end = LineFrontEnd(stdin=io.StringIO("".join(f"{line}\n" for line in typed)), stdout=out)
    assert await run_lines(make_wizard(), front_end) == 0, out.getvalue()[-1500:]
    said = out.getvalue()
    lockout = load_profile("default").lockoutMessage
    assert said.count(lockout) == 1, said[-1500:]
    after = said.split(lockout, 1)[1]
    assert "Press Enter: Back to the start." in after and "What would you like to do?" in after
    assert "Billing ZIP Code" not in after, "the questions are not asked again"


def test_forgot_password_in_plain_lines_gets_the_pre_registered_pec_member_in() -> None:
    """Can't access your account? (menu 3): e-mail, no hint answer (none on file), the code from the demo inbox, the new password."""
    child = spawn("--profile", "pec")
    child.expect(r"Type a number from 1 to 4: $")
    child.sendline("3")
    child.expect(r"Step 1 of 4: Forgot Password")
    child.expect(r"E-Mail Address: $")
    child.sendline("ana.alvarez@example.com")
    child.expect(r"Secret hint answer \(Enter leaves it empty, hidden as you type\): $")
    child.sendline("")
    child.expect(r"Step 2 of 4: [^\n]*\n[^\n]*If that address is registered")
    child.expect(r"or type inbox to read the demo inbox\): $")
    child.sendline("inbox")
    child.expect(r"from this e-mail\? \(yes or no\): $")
    child.sendline("yes")
    child.expect(r"Step 3 of 4")
    child.expect(r"New Password \(hidden as you type\): $")
    child.sendline("Kettle42")
    child.expect(r"Confirm Password \(hidden as you type\): $")
    child.sendline("Kettle42")
    child.expect(r"Step 4 of 4: Password changed")
    child.expect(r"Press Enter: Login\. $")
    child.sendline("")
    child.expect(r"Your new password is set\. Log in with it\.")
    child.expect(r"Type a number from 1 to 4: $")
    child.sendline("1")
    child.expect(r"E-Mail Address[^\n]*: $")
    assert "ana.alvarez@example.com" in child.after, "the e-mail waits at Login"
    child.sendline("")
    child.expect(r"Password(, hidden as you type \(or type inbox[^\n]*| \(hidden as you type\)): $")  # pec: the inbox is offered
    child.sendline("Kettle42")
    child.expect(r"Signed in as ana\.alvarez@example\.com")
    transcript = child.before
    child.sendline("cancel")
    child.close()
    assert "Kettle42" not in transcript and "Error:" not in transcript
