"""`smarthub-tui --answers FILE` headless: a whole registration with no screen and no Textual, and its errors.

The examples run through the command line in a fresh interpreter (the
embedded demo server over a SQLite file, so the test can then look at the
server: the member signs in with the new password, paperless and the phrase
set); the error cases run `cli.main` in this process.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from smarthub_tui import cli
from smarthub_tui.answers_file import parse_answers
from smarthub_tui.backend.http import HttpBackend
from smarthub_tui.contract import COMPLETE_PATH
from smarthub_tui.profiles import load_profile

ROOT = Path(__file__).parents[2]
EXAMPLES = ROOT / "examples" / "answers"
KEY = bytes(range(32))
SECRETS = {
    "SMARTHUB_NEW_PASSWORD": "Kettle-Blue-Sings-42",
    "SMARTHUB_PHRASE": "green gate at dawn",
    "SMARTHUB_SSN4": "4321",
    "SMARTHUB_HINT_ANSWER": "Rex",
}

# Runs the command line as `smarthub-tui` would, the embedded demo server kept in a SQLite file
# (argv[1], master key argv[2] in hex) so that the test can look at it afterwards; fails if any
# Textual module was imported.
WRAPPER = """
import sys
from smarthub_tui import cli
from smarthub_tui.backend.embedded import embedded_backend

database, key = sys.argv[1], bytes.fromhex(sys.argv[2])
cli._embedded = lambda profile: lambda: embedded_backend(profile, demo=True, database_url=database, secret_key=key)
rc = cli.main(sys.argv[3:])
textual = sorted(name for name in sys.modules if name.split(".")[0] == "textual")
if textual:
    print("textual was imported:", textual[:3], file=sys.stderr)
    rc = 99
sys.exit(rc)
"""


def run_cli(database: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env if env is not None else SECRETS)}
    return subprocess.run(
        [sys.executable, "-c", WRAPPER, database, KEY.hex(), *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


async def account(database: str, profile: str, email: str, password: str) -> tuple[bool | None, bool]:
    """Sign in on the server's database as the member would: (paperless, phrase set)."""
    from smarthub_tui.server.app import create_app

    app = create_app(profile=load_profile(profile), database_url=database, demo=True, secret_key=KEY)
    backend = HttpBackend("http://check", transport=httpx.ASGITransport(app=app))
    try:
        auth = await backend.login(email, password)
        summary = await backend.account_summary(auth)
        return summary.paperless, summary.security_phrase_set
    finally:
        await backend.aclose()
        app.state.store.close()


@pytest.mark.parametrize(("profile", "paperless"), [("default", True), ("jecec", False)])
def test_example_registers_headless_without_textual(tmp_path: Path, profile: str, paperless: bool) -> None:
    database = f"sqlite:///{tmp_path / 'server.db'}"
    result = run_cli(database, "--profile", profile, "--answers", str(EXAMPLES / f"{profile}.toml"))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "\u2713 New User Registration"
    assert "\u2713 Verify your identity" in lines
    assert "\u2713 Verify your account" in lines
    assert "  Security phrase: set" in lines
    assert result.stderr == ""
    for secret in SECRETS.values():
        assert secret not in result.stdout
    assert asyncio.run(account(database, profile, "jane.doe@example.com", "Kettle-Blue-Sings-42")) == (paperless, True)


def test_forgot_password_headless_with_mode_recover(tmp_path: Path) -> None:
    """``mode = "recover"``: the pre-registered member's password reset from a file, the code from the demo inbox."""
    path = tmp_path / "recover.toml"
    path.write_text(
        'mode = "recover"\n\n[forgot_password]\nemail = "ana.alvarez@example.com"\n\n[reset_code]\ncode = "demo-inbox:"\n\n'
        '[reset_password]\nnewPassword = "env:SMARTHUB_NEW_PASSWORD"\nconfirmPassword = "env:SMARTHUB_NEW_PASSWORD"\n',
        encoding="utf-8",
    )
    database = f"sqlite:///{tmp_path / 'server.db'}"
    result = run_cli(database, "--profile", "default", "--answers", str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[:4] == [
        "\u2713 Forgot Password",
        "\u2713 Enter the code from the e-mail",
        "\u2713 Set a new password",
        "\u2713 Password changed",
    ], result.stdout
    assert SECRETS["SMARTHUB_NEW_PASSWORD"] not in result.stdout
    assert asyncio.run(account(database, "default", "ana.alvarez@example.com", "Kettle-Blue-Sings-42")) == (None, False)


def test_pec_setup_example_takes_the_code_as_the_current_password_headless(tmp_path: Path) -> None:
    """Guide 002: no Verify step; the file's ``currentPassword = "demo-inbox:"`` is the Verify Account code."""
    database = f"sqlite:///{tmp_path / 'server.db'}"
    secrets = {"SMARTHUB_NEW_PASSWORD": "Kettle42", "SMARTHUB_PHRASE": "green gate at dawn"}
    result = run_cli(database, "--profile", "pec-setup", "--answers", str(EXAMPLES / "pec-setup.toml"), env=secrets)
    assert result.returncode == 0, result.stderr + result.stdout
    lines = result.stdout.splitlines()
    assert "\u2713 Please change your password" in lines and "\u2713 Verify your account" not in lines
    assert "  Security phrase: set" in lines
    for secret in secrets.values():
        assert secret not in result.stdout
    assert asyncio.run(account(database, "pec-setup", "jane.doe@example.com", "Kettle42")) == (True, True)


def test_an_invalid_file_exits_2_before_connecting(tmp_path: Path) -> None:
    path = tmp_path / "answers.toml"
    path.write_text('[register]\naccountNumber = "1000234567"\nlastName = "Doe"\n\n[idenity]\nbillingZip = "78636"\n', encoding="utf-8")
    database = f"sqlite:///{tmp_path / 'server.db'}"
    result = run_cli(database, "--answers", str(path))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "Error: answers.toml line 3: [register] has no field 'lastName' "
        "(its fields: accountNumber, lastNameOrBusiness, email, confirmEmail)",
        "Error: answers.toml line 5: unknown step [idenity] (the steps are: welcome, register, identity, hint, captcha, "
        "terms, congratulations, verify, password, paperless, security_phrase, finished, forgot_password, reset_code, "
        "reset_password, reset_done)",
    ]
    assert not (tmp_path / "server.db").exists()  # nothing was sent: the server never started


# --- in this process -------------------------------------------------------------


@pytest.fixture
def secrets(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    yield


def example_with(tmp_path: Path, name: str, *changes: tuple[str, str]) -> Path:
    text = (EXAMPLES / f"{name}.toml").read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "answers.toml"
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)
    return path


def line_of(path: Path, start: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(start))


@pytest.mark.usefixtures("secrets")
def test_a_refusal_exits_1_with_step_field_message_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = example_with(tmp_path, "default", ('billingZip = "78636"', 'billingZip = "78000"'))
    assert cli.main(["--answers", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines()[-1] == "\u2713 Are you a person?"
    line = line_of(path, "billingZip")
    assert err == (
        "Error: Verify your identity: Billing ZIP Code: Those answers do not match our records for this account. "
        f"Check them and try again. 4 attempts left before the account is locked. (answers.toml line {line})\n"
    )


@pytest.mark.usefixtures("secrets")
def test_a_missing_answer_exits_1_naming_the_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = example_with(tmp_path, "default", ('confirmPassword = "env:SMARTHUB_NEW_PASSWORD"\n', ""))
    assert cli.main(["--answers", str(path)]) == 1
    err = capsys.readouterr().err
    line = line_of(path, "[password]")
    assert (
        err
        == "Error: Please set your password: Confirm Password: This field is required. "
        f"(answers.toml line {line}: add confirmPassword to [password])\n"
    )


@pytest.mark.usefixtures("secrets")
def test_a_text_captcha_headless_exits_1_and_says_to_list_it_in_interactive(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = example_with(tmp_path, "pec", ('interactive = ["captcha"]', ""))
    assert cli.main(["--profile", "pec", "--answers", str(path)]) == 1
    out, err = capsys.readouterr()
    assert "\u2713 Secret hint question" in out
    assert (
        err
        == "Error: Are you a person?: this co-op's CAPTCHA is a picture, which a file cannot answer: "
        'add "captcha" to interactive (answers.toml)\n'
    )


@pytest.mark.usefixtures("secrets")
def test_a_text_captcha_answer_in_the_file_is_refused_before_anything_is_sent(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = example_with(tmp_path, "pec", ('interactive = ["captcha"]', '[captcha]\ncaptchaAnswer = "ABC234"'))
    assert cli.main(["--profile", "pec", "--answers", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    line = line_of(path, "captchaAnswer")
    assert err.startswith(f"Error: answers.toml line {line}: [captcha] captchaAnswer: this co-op's CAPTCHA is a picture")


def test_a_missing_env_variable_exits_2_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("SMARTHUB_PHRASE")
    path = example_with(tmp_path, "default")
    assert cli.main(["--answers", str(path)]) == 2
    line = line_of(path, "phrase =")
    assert capsys.readouterr().err == (
        f"Error: answers.toml line {line}: [security_phrase] phrase is read from the environment variable SMARTHUB_PHRASE, "
        "which is not set\n"
    )


@pytest.mark.usefixtures("secrets")
def test_a_plain_secret_in_a_file_others_read_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = example_with(tmp_path, "default", ('phrase = "env:SMARTHUB_PHRASE"', 'phrase = "green gate at dawn"'))
    path.chmod(0o644)
    assert cli.main(["--answers", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        f"Error: answers.toml line {line_of(path, 'phrase =')}: [security_phrase] phrase is a secret written in the clear"
    )
    assert f"chmod 600 {path}" in err
    assert "green gate" not in err
    path.chmod(0o600)
    assert cli.main(["--answers", str(path)]) == 0


# --- sign-in mode, and an interrupt, on a server this test holds -------------------


def server_backend(
    profile: str = "default", transport: httpx.AsyncBaseTransport | None = None
) -> tuple[HttpBackend, httpx.AsyncBaseTransport]:
    from smarthub_tui.server.app import create_app

    if transport is None:
        transport = httpx.ASGITransport(app=create_app(profile=load_profile(profile), demo=True))
    return HttpBackend("http://test", transport=transport, retry_pause=0), transport


def test_sign_in_mode_finishes_setting_up(capsys: pytest.CaptureFixture[str]) -> None:
    """A member who registered and set a password, but chose neither paperless nor a phrase, finishes from a file."""
    from smarthub_tui.server.app import create_app
    from tests.support.harness import MEMBERS, register_by_api
    from tests.support.transport import FaultyTransport

    member = MEMBERS["default"]
    backend, transport = server_backend(transport=FaultyTransport(create_app(profile=load_profile("default"), demo=True)))
    asyncio.run(register_by_api(transport, load_profile("default"), member))  # type: ignore[arg-type]
    answers = parse_answers(
        f'mode = "sign_in"\n[welcome]\nemail = "{member.email}"\npassword = "env:PW"\n'
        '[paperless]\npaperless = true\n[security_phrase]\nphrase = "env:PHRASE"\n',
        environ={"PW": member.password, "PHRASE": member.phrase},
    )
    assert cli.answer_headless(answers, backend=backend) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:3] == ["\u2713 Welcome to SmartHub", "\u2713 Paperless Billing", "\u2713 Security Phrase"]
    assert "  Paperless billing: on (bills by e-mail)" in out
    assert "  Security phrase: set" in out

    async def check() -> tuple[bool | None, bool]:
        other, _ = server_backend(transport=transport)
        auth = await other.login(member.email, member.password)
        summary = await other.account_summary(auth)
        return summary.paperless, summary.security_phrase_set

    assert asyncio.run(check()) == (True, True)


def test_sign_in_with_a_wrong_password_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    backend, _ = server_backend()
    answers = parse_answers('mode = "sign_in"\n[welcome]\nemail = "nobody@example.com"\npassword = "env:PW"\n', environ={"PW": "wrong-one"})
    assert cli.answer_headless(answers, backend=backend) == 1
    err = capsys.readouterr().err
    assert err.startswith("Error: Welcome to SmartHub: Password: ")
    assert err.endswith("(answers.toml line 4)\n")
    assert "wrong-one" not in err


class Interrupting(httpx.AsyncBaseTransport):
    """Passes requests to `inner`; raises KeyboardInterrupt (Ctrl+C) on the first request to `path`."""

    def __init__(self, inner: httpx.AsyncBaseTransport, path: str) -> None:
        self.inner = inner
        self.path = path

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == self.path:
            raise KeyboardInterrupt
        return await self.inner.handle_async_request(request)


@pytest.mark.usefixtures("secrets")
def test_an_interrupt_exits_130_and_leaves_nothing_of_the_member(monkeypatch: pytest.MonkeyPatch) -> None:
    from smarthub_tui import runner

    states = []
    original = runner.Runner.__init__

    def keep(self: runner.Runner, wizard: object, front_end: object) -> None:
        original(self, wizard, front_end)  # type: ignore[arg-type]
        states.append(self.wizard.state)

    monkeypatch.setattr(runner.Runner, "__init__", keep)
    _, inner = server_backend()
    backend, _ = server_backend(transport=Interrupting(inner, COMPLETE_PATH))
    answers = parse_answers((EXAMPLES / "default.toml").read_text(encoding="utf-8"), environ=SECRETS)
    assert cli.answer_headless(answers, backend=backend) == 130
    (state,) = states
    assert state.session is None
    assert state.account.email == ""
    assert state.identity.values == {}


def test_a_connection_problem_exits_1_rather_than_loop(capsys: pytest.CaptureFixture[str]) -> None:
    class Unreachable(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            raise httpx.ConnectError("refused", request=request)

    backend, _ = server_backend(transport=Unreachable())
    answers = parse_answers('[register]\nemail = "a@b.c"\n')
    assert cli.answer_headless(answers, backend=backend) == 1
    assert capsys.readouterr().err.startswith("Error: Connecting: Cannot start: ")


def test_already_registered_exits_1_with_the_co_ops_message_at_the_email(capsys: pytest.CaptureFixture[str]) -> None:
    """The second registration of the same member: the "already registered" side trip ends a headless run, it never loops."""
    _, transport = server_backend()
    text = (EXAMPLES / "default.toml").read_text(encoding="utf-8")
    answers = parse_answers(text, environ=SECRETS)
    assert cli.answer_headless(answers, backend=server_backend(transport=transport)[0]) == 0
    capsys.readouterr()
    assert cli.answer_headless(answers, backend=server_backend(transport=transport)[0]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("email ="))
    message = load_profile("default").texts.alreadyRegistered
    assert err == f"Error: New User Registration: E-Mail Address: {message} (answers.toml line {line})\n"
