"""The house rules that tools can check, run with the suite so they hold on every change.

- `ruff check` over the whole repository, with the rules in pyproject.toml
  (RUF100 there makes every ``noqa`` name a rule that is enabled);
- `mypy` (strict) over the Textual-free core listed under ``[tool.mypy]``;
- the repository explains itself: docs/architecture.md exists, the code
  refers to it instead of a design page outside the repository, and every
  "docs/architecture.md section N" points at a section that exists.

Both tools run as ``sys.executable -m ...`` from the repository root, so they
check this checkout with the versions of the test environment.  mypy keeps
its cache in .mypy_cache: about 15 s the first time, under 1 s after.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARCHITECTURE = ROOT / "docs" / "architecture.md"
OUTSIDE_DESIGN_PAGE = "DESIGN" + ".md"  # spelled in two parts so this file does not match itself
SECTION_REFERENCE = re.compile(r"docs/architecture\.md,?\s+(?:#\s*)?section\s+(\d+)")
CHECKED_SUFFIXES = {".py", ".md", ".toml", ".tcss", ".txt", ".cfg", ".ini", ".yml", ".yaml", ""}


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, timeout=300)


def _repository_files() -> list[Path]:
    """The files git knows (tracked, or new and not ignored), so caches and venvs are left out."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):  # not a git checkout: walk it, leaving out hidden and build folders
        skipped = {"build", "dist", "__pycache__"}
        listed = [
            str(path.relative_to(ROOT))
            for path in ROOT.rglob("*")
            if not any(part.startswith(".") or part in skipped or part.endswith(".egg-info") for part in path.relative_to(ROOT).parts)
        ]
    return [ROOT / name for name in listed if (ROOT / name).is_file() and Path(name).suffix in CHECKED_SUFFIXES]


def test_ruff_finds_nothing() -> None:
    result = _run("ruff", "check", "--no-fix", "--output-format", "concise", ".")
    assert result.returncode == 0, f"ruff check found problems:\n{result.stdout}{result.stderr}"


def test_mypy_finds_nothing_in_the_textual_free_core() -> None:
    result = _run("mypy")
    assert result.returncode == 0, f"mypy found problems:\n{result.stdout}{result.stderr}"


def test_the_repository_explains_itself() -> None:
    assert ARCHITECTURE.is_file(), "docs/architecture.md is missing"
    mentions = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in _repository_files()
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1)
        if OUTSIDE_DESIGN_PAGE in line
    ]
    assert not mentions, f"refer to docs/architecture.md, not {OUTSIDE_DESIGN_PAGE} (outside the repository): {mentions}"


def test_every_reference_to_a_section_of_the_architecture_page_exists() -> None:
    sections = {int(n) for n in re.findall(r"^## (\d+)\. ", ARCHITECTURE.read_text(encoding="utf-8"), flags=re.MULTILINE)}
    assert sections, "docs/architecture.md has no numbered sections"
    dangling = []
    for path in _repository_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in SECTION_REFERENCE.finditer(text):  # a reference may wrap onto the next line
            if int(match.group(1)) not in sections:
                line = text.count("\n", 0, match.start()) + 1
                dangling.append(f"{path.relative_to(ROOT)}:{line} section {match.group(1)}")
    assert not dangling, f"these refer to sections docs/architecture.md does not have: {dangling}"


@pytest.mark.parametrize("tool", ["ruff", "mypy"])
def test_the_tools_are_in_the_test_extra(tool: str) -> None:
    """The suite runs them, so `pip install -e '.[test]'` (./dev) must bring them."""
    import tomllib

    extra = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]["test"]
    assert any(re.match(rf"{tool}\b", requirement) for requirement in extra)


def test_the_http_client_loads_nothing_of_the_server() -> None:
    """A client of a remote server must not pay for FastAPI, SQLAlchemy and Pillow: the embedded one lives apart."""
    script = (
        "import sys, smarthub_tui.backend.http, smarthub_tui.contract\n"
        "heavy = ('smarthub_tui.server', 'fastapi', 'sqlalchemy', 'PIL')\n"
        "print(sorted({m.split('.')[0] if not m.startswith('smarthub_tui') else m for m in sys.modules"
        " if any(m == h or m.startswith(h + '.') for h in heavy)}))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.strip() == "[]", f"importing the HTTP client loaded: {result.stdout.strip()}"


def test_paths_are_named_in_the_contract_module_only() -> None:
    """Client, server, tests and bench take every path from `smarthub_tui.contract`, so none can drift."""
    from smarthub_tui.contract import SERVICES_PREFIX

    quoted = (f'"{SERVICES_PREFIX}', f"'{SERVICES_PREFIX}", f'b"{SERVICES_PREFIX}')
    contract = ROOT / "smarthub_tui" / "contract.py"
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in _repository_files()
        if path.suffix == ".py" and path != contract
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if any(literal in line for literal in quoted)
    ]
    assert not found, f"use the path constants of smarthub_tui/contract.py: {found}"


# The modules that send an error code (the server) or interpret one (the client).
_CODE_SPEAKERS = ("smarthub_tui/backend", "smarthub_tui/server/app.py", "smarthub_tui/server/errors.py", "smarthub_tui/server/service.py")


def test_error_codes_are_named_in_the_contract_module_only() -> None:
    from smarthub_tui.contract import ErrorCode

    found = []
    for place in _CODE_SPEAKERS:
        for path in sorted((ROOT / place).rglob("*.py")) if (ROOT / place).is_dir() else [ROOT / place]:
            text = path.read_text(encoding="utf-8")
            found += [f"{path.relative_to(ROOT)}: {code.value}" for code in ErrorCode if f'"{code.value}"' in text]
    assert not found, f"use smarthub_tui.contract.ErrorCode: {found}"


def test_the_http_client_does_not_import_the_server_even_lazily() -> None:
    text = (ROOT / "smarthub_tui" / "backend" / "http.py").read_text(encoding="utf-8")
    assert "smarthub_tui.server" not in text and "from ..server" not in text
