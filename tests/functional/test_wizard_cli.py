"""The command line: --help explains it all, bad values get one line, make_app builds what the flags say."""

from __future__ import annotations

import subprocess
import sys

import pytest

from smarthub_tui.cli import make_app, parse_args


def test_help_explains_every_option() -> None:
    result = subprocess.run([sys.executable, "-m", "smarthub_tui", "--help"], capture_output=True, text=True, check=True)
    for words in ("--server", "--profile", "default, pec, jecec or pec-setup", "demo", "--timeout", "--no-color", "Esc", "F10", "Ctrl+Q"):
        assert words in result.stdout, words


@pytest.mark.parametrize(
    ("argv", "complaint"),
    [
        (["--profile", "nowhere"], "choose one of default, pec, jecec"),
        (["--profile", "/no/such/profile.toml"], "cannot read profile"),
        (["--server", "ftp://example.com"], "must be an http:// or https:// URL"),
        (["--timeout", "0"], "more than 0 seconds"),
    ],
)
def test_a_bad_value_is_one_line_not_a_traceback(argv: list[str], complaint: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        parse_args(argv)
    assert exit_info.value.code == 2
    error = capsys.readouterr().err
    assert complaint in error and "Traceback" not in error


def test_make_app_connects_where_the_flags_say() -> None:
    assert make_app().wizard.target == "", "no flags: the built-in demo backend"
    assert make_app(server="http://127.0.0.1:8000").wizard.target == "http://127.0.0.1:8000"
    assert make_app(no_color=True).no_color
    args = parse_args(["--profile", "pec", "--server", "https://hub.example", "--timeout", "3"])
    assert (args.profile, args.server, args.timeout) == ("pec", "https://hub.example", 3.0)


def test_help_and_version_need_no_terminal() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "smarthub_tui", "--version"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )
    assert result.returncode == 0 and "smarthub-tui" in result.stdout
