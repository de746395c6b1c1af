"""The answers file's loader: its schema, the lines it names, `env:` secrets, secrets in a file others can read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from smarthub_tui.answers_file import (
    DEMO_INBOX,
    AnswersFileInvalid,
    co_op_problems,
    find_lines,
    load_answers,
    parse_answers,
)
from smarthub_tui.flow import Mode, StepId
from smarthub_tui.profiles import load_profile
from smarthub_tui.registry import STEPS

EXAMPLES = Path(__file__).parents[2] / "examples" / "answers"


def problems(text: str, **options: object) -> tuple[str, ...]:
    with pytest.raises(AnswersFileInvalid) as raised:
        parse_answers(text, **options)  # type: ignore[arg-type]
    return raised.value.problems


def test_a_good_file_is_read_by_step_with_its_lines() -> None:
    text = (
        '# comment\nmode = "register"\n\n[register]\naccountNumber = "1000234567"\n'
        '  email = "jane@example.com"  # a comment\n\n[terms]\ntermsAccepted = true\n'
    )
    answers = parse_answers(text)
    assert answers.mode is Mode.REGISTER
    assert answers.headless
    assert answers.values(StepId.REGISTER) == {"accountNumber": "1000234567", "email": "jane@example.com"}
    assert answers.values(StepId.TERMS) == {"termsAccepted": True}
    assert answers.line(StepId.REGISTER) == 4
    assert answers.line(StepId.REGISTER, "email") == 6
    assert answers.line(StepId.TERMS, "termsAccepted") == 9
    assert answers.line(StepId.TERMS, "absent") == 8  # the table's header, for a field not written
    assert answers.where(StepId.IDENTITY) == "not in answers.toml: add a [identity] table"


def test_find_lines_keeps_tables_apart() -> None:
    lines = find_lines('mode = "x"\n[a]\nk = 1\n[ "b" ]\nk = 2\n')
    assert lines == {("", "mode"): 1, ("a", ""): 2, ("a", "k"): 3, ("b", ""): 4, ("b", "k"): 5}


def test_unknown_step_is_named_with_its_line() -> None:
    found = problems('[register]\nemail = "a@b.c"\n\n[registr]\nemail = "a@b.c"\n')
    assert len(found) == 1
    assert found[0].startswith("answers.toml line 4: unknown step [registr]")


def test_unknown_field_is_named_with_its_step_and_line() -> None:
    found = problems('[identity]\nbillingZip = "78636"\nzip = "78636"\n')
    assert found == ("answers.toml line 3: [identity] has no field 'zip' (its fields: billingZip, mailingZip, ssn4)",)


def test_wrong_types_are_named() -> None:
    found = problems('[register]\naccountNumber = 1000234567\n[terms]\ntermsAccepted = "yes"\n[paperless]\npaperless = 1\n')
    assert found == (
        "answers.toml line 2: [register] accountNumber must be a string in quotes",
        "answers.toml line 4: [terms] termsAccepted must be true or false",
        "answers.toml line 6: [paperless] paperless must be true or false",
    )


def test_settings_are_checked() -> None:
    found = problems('mode = "signin"\ninteractive = ["captcha", "kaptcha"]\ncolour = "red"\n')
    assert found[0] == 'answers.toml line 1: mode must be "register", "sign_in" or "recover"'
    assert found[1].startswith("answers.toml line 2: interactive names an unknown step 'kaptcha'")
    assert found[2].startswith("answers.toml line 3: unknown setting 'colour'")
    assert problems('interactive = "captcha"\n') == ('answers.toml line 1: interactive must be a list of step names, e.g. ["captcha"]',)


def test_interactive_and_sign_in_mode() -> None:
    answers = parse_answers('mode = "sign_in"\ninteractive = ["captcha", "password"]\n[welcome]\nemail = "a@b.c"\n')
    assert answers.mode is Mode.SIGN_IN
    assert answers.interactive == {StepId.CAPTCHA, StepId.PASSWORD}
    assert not answers.headless


def test_not_toml_is_one_line() -> None:
    found = problems("[register\n")
    assert len(found) == 1
    assert found[0].startswith("answers.toml: not a valid TOML file:")


def test_env_values_are_read_from_the_environment() -> None:
    answers = parse_answers('[password]\nnewPassword = "env:NEW_PW"\n', environ={"NEW_PW": "Kettle-Blue-42"})
    assert answers.values(StepId.PASSWORD) == {"newPassword": "Kettle-Blue-42"}
    assert "Kettle-Blue-42" not in repr(answers)


def test_a_missing_env_variable_names_step_field_line_and_variable() -> None:
    found = problems('[register]\nemail = "a@b.c"\n\n[security_phrase]\nphrase = "env:MY_PHRASE"\n', environ={})
    assert found == ("answers.toml line 5: [security_phrase] phrase is read from the environment variable MY_PHRASE, which is not set",)
    assert problems('[security_phrase]\nphrase = "env:"\n')[0].startswith('answers.toml line 2: [security_phrase] phrase: "env:" needs')


SECRET_FILE = '[identity]\nssn4 = "4321"\n\n[password]\nnewPassword = "Kettle-Blue-42"\nconfirmPassword = "env:PW"\n'


def test_a_secret_in_the_clear_in_a_file_others_can_read_is_refused() -> None:
    found = problems(SECRET_FILE, readable_by_others=True, environ={"PW": "x"}, path="/home/agent/a.toml")
    assert found == (
        "answers.toml line 2: [identity] ssn4 is a secret written in the clear in a file others can read: "
        'run `chmod 600 /home/agent/a.toml`, or write ssn4 = "env:NAME" and set NAME in the environment',
        "answers.toml line 5: [password] newPassword is a secret written in the clear in a file others can read: "
        'run `chmod 600 /home/agent/a.toml`, or write newPassword = "env:NAME" and set NAME in the environment',
    )
    assert not any("4321" in line or "Kettle" in line for line in found)  # never the secret itself
    assert parse_answers(SECRET_FILE, readable_by_others=False, environ={"PW": "x"}).values(StepId.IDENTITY) == {"ssn4": "4321"}


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_file_mode_decides_whether_a_plain_secret_is_allowed(tmp_path: Path) -> None:
    path = tmp_path / "answers.toml"
    path.write_text(SECRET_FILE, encoding="utf-8")
    path.chmod(0o644)
    with pytest.raises(AnswersFileInvalid) as raised:
        load_answers(path, environ={"PW": "x"})
    assert len(raised.value.problems) == 2
    assert f"chmod 600 {path}" in raised.value.problems[0]
    path.chmod(0o600)
    assert load_answers(path, environ={"PW": "x"}).values(StepId.PASSWORD) == {"newPassword": "Kettle-Blue-42", "confirmPassword": "x"}
    # Secrets read from the environment may sit in a file anyone reads.
    path.write_text('[identity]\nssn4 = "env:SSN4"\n[verify]\ncode = "demo-inbox:"\n', encoding="utf-8")
    path.chmod(0o644)
    assert load_answers(path, environ={"SSN4": "4321"}).values(StepId.VERIFY) == {"code": DEMO_INBOX}


def test_secret_fields_are_fields_of_their_step() -> None:
    for entry in STEPS.values():
        assert set(entry.controller.secret_fields) <= set(entry.controller.field_names)
    secret = {name for entry in STEPS.values() for name in entry.controller.secret_fields}
    assert {"password", "newPassword", "confirmPassword", "ssn4", "hintAnswer", "phrase", "code"} <= secret


def test_what_the_co_op_cannot_take_from_a_file() -> None:
    answers = parse_answers('[captcha]\ncaptchaAnswer = "ABC234"\n[verify]\ncode = "demo-inbox:"\n')
    found = co_op_problems(answers, load_profile("pec"), demo=False)
    assert found[0].startswith("answers.toml line 2: [captcha] captchaAnswer: this co-op's CAPTCHA is a picture")
    assert 'add "captcha" to interactive' in found[0]
    assert found[1] == 'answers.toml line 4: [verify] code = "demo-inbox:" works only with a demo server; this server is not one'
    assert co_op_problems(answers, load_profile("default"), demo=True) == []


def test_the_code_as_current_password_from_the_demo_inbox_needs_a_demo_server() -> None:
    answers = parse_answers('[password]\ncurrentPassword = "demo-inbox:"\n', readable_by_others=False)
    assert co_op_problems(answers, load_profile("pec-setup"), demo=True) == []
    (problem,) = co_op_problems(answers, load_profile("pec-setup"), demo=False)
    assert "[password] currentPassword" in problem and "demo server" in problem


@pytest.mark.parametrize("name", ["default", "jecec", "pec", "pec-setup"])
def test_the_examples_are_valid_and_hold_no_plain_secret(name: str) -> None:
    path = EXAMPLES / f"{name}.toml"
    names = {"SMARTHUB_NEW_PASSWORD", "SMARTHUB_PHRASE", "SMARTHUB_SSN4", "SMARTHUB_HINT_ANSWER"}
    answers = parse_answers(path.read_text(encoding="utf-8"), readable_by_others=True, environ=dict.fromkeys(names, "x"))
    assert answers.has(StepId.REGISTER)
    assert answers.headless is (name != "pec")
