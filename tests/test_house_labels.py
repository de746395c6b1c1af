"""House check (issue 9): no screen or widget spells a button label; the words come from the profile or `strings`.

A button's label, a label assigned later (``widget.label = ...``), a class's
``*_label`` attribute and a key binding's description may hold no string
literal: a co-op's buttons come from its profile (`profiles.Buttons`, the
``[buttons]`` table), the app's own from `smarthub_tui/strings.py`.  The one
exception is a key's name given to `with_key` ("Yes (Y)": ``with_key(label,
"Y")``), which is not a word.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "smarthub_tui"
MODULES = sorted([*(ROOT / "screens").glob("*.py"), *(ROOT / "widgets").glob("*.py")])
KEY_NAME = re.compile(r"^(?:[A-Z]|F\d{1,2}|Esc|Enter|Space|Tab|(?:Ctrl|Alt|Shift)\+\w+)$")
"""What `with_key` may be given as a literal: a key's name, not a word to translate."""


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _literals(node: ast.AST) -> list[str]:
    """The string literals in an expression, but a key name given to `with_key`."""
    found: list[str] = []
    if isinstance(node, ast.Call) and _name(node.func) == "with_key" and len(node.args) == 2:
        key = node.args[1]
        if not (isinstance(key, ast.Constant) and isinstance(key.value, str) and KEY_NAME.match(key.value)):
            found += _literals(key)
        return found + _literals(node.args[0])
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    for child in ast.iter_child_nodes(node):
        found += _literals(child)
    return found


def _labels(tree: ast.AST) -> list[tuple[int, str, ast.AST]]:
    """Every place a label is given: (line, what, expression)."""
    places: list[tuple[int, str, ast.AST]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            callee = _name(node.func)
            if callee.endswith("Button") or callee in ("button", "link", "Checkbox"):
                if node.args:
                    places.append((node.lineno, f"{callee}() label", node.args[0]))
            if callee == "Binding" and len(node.args) >= 3:
                places.append((node.lineno, "Binding description", node.args[2]))
            for keyword in node.keywords:
                if keyword.arg and (keyword.arg == "label" or keyword.arg.endswith("_label") or keyword.arg == "description"):
                    places.append((node.lineno, f"{callee}({keyword.arg}=)", keyword.value))
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if node.value is not None and any(_name(target).endswith("label") for target in targets):
                places.append((node.lineno, "label assignment", node.value))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for arg, default in zip(reversed(node.args.args), reversed(node.args.defaults), strict=False):
                if arg.arg.endswith("label"):
                    places.append((node.lineno, f"default of {arg.arg}", default))
    return places


@pytest.mark.parametrize("path", MODULES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_no_screen_or_widget_spells_a_label(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = [
        f"{path.name}:{line}: {what}: {literal!r}"
        for line, what, expression in _labels(tree)
        for literal in _literals(expression)
    ]
    assert not found, "labels come from the profile ([buttons], [texts]) or strings.py:\n" + "\n".join(found)


def test_the_check_finds_a_spelled_label() -> None:
    """The check itself: each way of spelling a label is caught, a key name given to `with_key` is not."""
    source = '''
button("Submit", "submit")
Button(safe_content(strings.BUTTON_YES + " (Y)"))
self.submit_label = "Save"
Binding("f10", "cancel", "Cancel")
ErrorPanel(retry_label="Retry")
def __init__(self, retry_label: str = "Retry"): ...
button(with_key(strings.BUTTON_CLOSE, "Esc"), "close")
button(with_key(profile.buttons.cancel, "Abandon now"), "x")
'''
    literals = [literal for _, _, expression in _labels(ast.parse(source)) for literal in _literals(expression)]
    assert sorted(literals) == sorted(["Submit", " (Y)", "Save", "Cancel", "Retry", "Retry", "Abandon now"])
