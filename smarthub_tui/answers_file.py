"""The answers file (`smarthub-tui --answers FILE`): load it, check it against the steps, read its secrets.

A TOML file with one table per step, named by the step (`[register]`,
`[identity]`, ...), whose keys are that step's contract field names (the
same names the HTTP contract and `Step.values` use), plus two settings at
the top:

- ``mode = "register"`` (the default) or ``"sign_in"`` (then ``[welcome]``
  holds ``email`` and ``password``) or ``"recover"`` (Forgot Password:
  ``[forgot_password]``, ``[reset_code]`` whose ``code`` may be
  ``"demo-inbox:"`` as at ``[verify]``, ``[reset_password]``);
- ``interactive = ["captcha", ...]``: steps a person answers (pre-filled
  from the file where it has something); with none, the run is headless.

Everything is checked before anything is sent, and each problem names the
step, the field and the line: an unknown step or field, a value of the wrong
type, an ``env:NAME`` whose variable is not set, a secret written in the
clear in a file others can read.  `tomllib` keeps no line numbers, so the
lines are found by scanning the text for the ``[table]`` header and the
``key =`` line under it (enough for the flat files this format allows).
No Textual here: the headless run must not import it.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from smarthub_tui import strings
from smarthub_tui.flow import AGENT_ONLY_STEPS, PROFILE_STEPS, Mode, StepId
from smarthub_tui.profiles import CaptchaStyle, CoopProfile
from smarthub_tui.registry import STEPS

ENV_PREFIX = "env:"
"""A value ``env:NAME`` is read from the environment variable NAME."""

DEMO_INBOX = "demo-inbox:"
"""``[verify] code = "demo-inbox:"``: read the code from the demo server's inbox."""

BOOLEAN_FIELDS = frozenset({"termsAccepted", "paperless"})
"""Fields answered true or false; every other field is text."""

SETTINGS = ("mode", "interactive")
"""The keys allowed at the top of the file, outside any step's table."""

STEP_NAMES: tuple[str, ...] = tuple(step.value for step in STEPS if step not in PROFILE_STEPS | AGENT_ONLY_STEPS)
"""The tables a file may hold (and the names `interactive` may list), in the wizard's order."""


class AnswersFileInvalid(Exception):
    """The file cannot be used: one line per problem, each naming where it is (never a secret's value)."""

    def __init__(self, problems: list[str] | tuple[str, ...]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class AnswersFile:
    """A checked answers file, its ``env:`` secrets read."""

    name: str
    """The file's name as messages say it (``answers.toml line 12``)."""
    mode: Mode = Mode.REGISTER
    interactive: frozenset[StepId] = frozenset()
    tables: Mapping[StepId, Mapping[str, Any]] = field(default_factory=dict, repr=False)
    """Each step's values by contract field name (secrets included: never printed)."""
    lines: Mapping[tuple[str, str], int] = field(default_factory=dict, repr=False)
    """Line numbers: ``(table, "")`` for a header, ``(table, key)`` for a key, ``("", key)`` at the top."""

    @property
    def headless(self) -> bool:
        """True when no step is asked of a person: the whole run comes from the file."""
        return not self.interactive

    def has(self, step: StepId) -> bool:
        """True when the file has a table for `step`."""
        return step in self.tables

    def values(self, step: StepId) -> dict[str, Any]:
        """`step`'s values by contract field name (empty when the file has no table for it)."""
        return dict(self.tables.get(step, {}))

    def line(self, step: StepId | str, field_name: str = "") -> int | None:
        """The line of `field_name` in `step`'s table (or of the header, when the field is not there)."""
        table = str(step)
        return self.lines.get((table, field_name)) or self.lines.get((table, ""))

    def where(self, step: StepId, field_name: str = "") -> str:
        """Where to look in the file for `field_name` of `step`, in words (for an error message)."""
        line = self.line(step, field_name)
        if line is None:
            return strings.ANSWERS_NO_TABLE.format(file=self.name, step=step.value)
        if field_name and (step.value, field_name) not in self.lines:
            return strings.ANSWERS_NO_FIELD.format(file=self.name, line=line, step=step.value, field=field_name)
        return strings.ANSWERS_LINE.format(file=self.name, line=line)


def find_lines(text: str) -> dict[tuple[str, str], int]:
    """Where each ``[table]`` header and each ``key =`` line is, by scanning `text` (1-based lines).

    The format is flat (tables of plain keys), so a header is a line that is
    only ``[name]`` and a key a line that starts ``name =``; only the first
    occurrence counts (a duplicate is a TOML error anyway).  Lines inside a
    multi-line string could be mistaken for keys; such a string would have to
    hold ``name =`` at a line's start, and at worst a message points at it.
    """
    header = re.compile(r"""^\s*\[\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*\]\s*(?:#.*)?$""")
    key = re.compile(r"""^\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*=""")
    found: dict[tuple[str, str], int] = {}
    table = ""
    for number, line in enumerate(text.splitlines(), start=1):
        match = header.match(line)
        if match:
            table = next(group for group in match.groups() if group is not None)
            found.setdefault((table, ""), number)
            continue
        match = key.match(line)
        if match:
            name = next(group for group in match.groups() if group is not None)
            found.setdefault((table, name), number)
    return found


def load_answers(path: Path, *, environ: Mapping[str, str] | None = None) -> AnswersFile:
    """Read and check the answers file at `path`; `AnswersFileInvalid` lists every problem found."""
    try:
        text = path.read_text(encoding="utf-8")
        mode = path.stat().st_mode
    except (OSError, UnicodeDecodeError) as error:
        raise AnswersFileInvalid([strings.ANSWERS_UNREADABLE.format(file=path, reason=getattr(error, "strerror", None) or error)]) from None
    return parse_answers(
        text,
        name=path.name,
        path=str(path),
        readable_by_others=bool(stat.S_IMODE(mode) & 0o077),
        environ=os.environ if environ is None else environ,
    )


def parse_answers(
    text: str,
    *,
    name: str = "answers.toml",
    path: str | None = None,
    readable_by_others: bool = False,
    environ: Mapping[str, str] | None = None,
) -> AnswersFile:
    """Check `text` as an answers file and read its ``env:`` values; `AnswersFileInvalid` lists the problems.

    `readable_by_others` is whether the file's group or others may read it
    (``st_mode & 0o077``): then it must hold no secret in the clear.
    """
    environ = {} if environ is None else environ
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise AnswersFileInvalid([strings.ANSWERS_NOT_TOML.format(file=name, reason=error)]) from None
    lines = find_lines(text)
    problems: list[str] = []

    def where(table: str, key: str = "") -> str:
        line = lines.get((table, key)) or lines.get((table, ""))
        return strings.ANSWERS_LINE.format(file=name, line=line) if line else name

    steps_in_words = ", ".join(STEP_NAMES)
    mode = Mode.REGISTER
    interactive: set[StepId] = set()
    tables: dict[StepId, dict[str, Any]] = {}
    for key, value in data.items():
        if key == "mode":
            if value in (Mode.REGISTER.value, Mode.SIGN_IN.value, Mode.RECOVER.value):
                mode = Mode(value)
            else:
                problems.append(strings.ANSWERS_BAD_MODE.format(where=where("", key)))
        elif key == "interactive":
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                problems.append(strings.ANSWERS_BAD_INTERACTIVE.format(where=where("", key)))
                continue
            for item in value:
                if item in STEP_NAMES:
                    interactive.add(StepId(item))
                else:
                    problems.append(strings.ANSWERS_UNKNOWN_INTERACTIVE.format(where=where("", key), step=item, steps=steps_in_words))
        elif key in STEP_NAMES:
            if not isinstance(value, dict):
                problems.append(strings.ANSWERS_NOT_A_TABLE.format(where=where("", key), step=key))
                continue
            tables[StepId(key)] = _check_table(StepId(key), value, where, problems, environ)
        elif isinstance(value, dict):
            problems.append(strings.ANSWERS_UNKNOWN_STEP.format(where=where(key), step=key, steps=steps_in_words))
        else:
            problems.append(strings.ANSWERS_UNKNOWN_SETTING.format(where=where("", key), key=key, steps=steps_in_words))
    if readable_by_others:
        for step, raw in data.items():
            if step not in STEP_NAMES or not isinstance(raw, dict):
                continue
            secret = STEPS[StepId(step)].controller.secret_fields
            for field_name, value in raw.items():
                if field_name in secret and _in_the_clear(value):
                    problems.append(
                        strings.ANSWERS_SECRET_READABLE.format(
                            where=where(step, field_name), step=step, field=field_name, path=path or name
                        )
                    )
    if problems:
        raise AnswersFileInvalid(sorted(problems, key=_line_number))  # in the file's order, as an editor shows it
    return AnswersFile(name=name, mode=mode, interactive=frozenset(interactive), tables=tables, lines=lines)


def _check_table(
    step: StepId,
    raw: Mapping[str, Any],
    where: Any,
    problems: list[str],
    environ: Mapping[str, str],
) -> dict[str, Any]:
    """One step's table: known fields, right types, ``env:`` values read; problems appended."""
    known = STEPS[step].controller.field_names
    values: dict[str, Any] = {}
    for field_name, value in raw.items():
        at = where(step.value, field_name)
        if field_name not in known:
            fields = ", ".join(known) or "none: leave the table out"
            problems.append(strings.ANSWERS_UNKNOWN_FIELD.format(where=at, step=step.value, field=field_name, fields=fields))
            continue
        if field_name in BOOLEAN_FIELDS:
            if not isinstance(value, bool):
                problems.append(strings.ANSWERS_WRONG_TYPE.format(where=at, step=step.value, field=field_name, expected="true or false"))
                continue
            values[field_name] = value
            continue
        if not isinstance(value, str):
            problems.append(strings.ANSWERS_WRONG_TYPE.format(where=at, step=step.value, field=field_name, expected="a string in quotes"))
            continue
        if value.startswith(ENV_PREFIX):
            variable = value[len(ENV_PREFIX) :].strip()
            if not variable:
                example = re.sub(r"[^A-Z0-9]+", "_", field_name.upper())
                problems.append(strings.ANSWERS_ENV_EMPTY_NAME.format(where=at, step=step.value, field=field_name, example=example))
                continue
            if variable not in environ:
                problems.append(strings.ANSWERS_ENV_MISSING.format(where=at, step=step.value, field=field_name, name=variable))
                continue
            value = environ[variable]
        values[field_name] = value
    return values


def _line_number(problem: str) -> int:
    """The line a problem names (0 for the file as a whole), to list problems in the file's order."""
    match = re.search(r" line (\d+)", problem)
    return int(match.group(1)) if match else 0


def _in_the_clear(value: Any) -> bool:
    """True for a secret's value written in the file itself (not ``env:NAME``, not ``demo-inbox:``, not empty)."""
    if not isinstance(value, str):
        return False
    return bool(value) and not value.startswith(ENV_PREFIX) and value != DEMO_INBOX


def co_op_problems(answers: AnswersFile, profile: CoopProfile, *, demo: bool) -> list[str]:
    """What the file asks that this co-op (known once connected) cannot do; empty when fine.

    Checked before the first step is sent.  A text CAPTCHA can never come
    from a file, and the demo inbox exists only on a demo server.
    """
    problems = []
    captcha = answers.tables.get(StepId.CAPTCHA, {})
    if profile.captchaStyle == CaptchaStyle.TEXT and "captchaAnswer" in captcha:
        problems.append(strings.ANSWERS_TEXT_CAPTCHA_IN_FILE.format(where=answers.where(StepId.CAPTCHA, "captchaAnswer")))
    if not demo and answers.tables.get(StepId.VERIFY, {}).get("code") == DEMO_INBOX:
        problems.append(strings.ANSWERS_DEMO_INBOX_ONLY.format(where=answers.where(StepId.VERIFY, "code")))
    # The Verify Account code as the Current Password (verifyAtPasswordChange) may come from the demo inbox too.
    if not demo and answers.tables.get(StepId.PASSWORD, {}).get("currentPassword") == DEMO_INBOX:
        problems.append(strings.ANSWERS_DEMO_INBOX_ONLY_CURRENT.format(where=answers.where(StepId.PASSWORD, "currentPassword")))
    return problems
