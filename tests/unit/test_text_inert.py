"""`inert()`: what comes from a server or a profile cannot drive the terminal."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smarthub_tui.text import inert

CONTROL = {chr(c) for c in range(0x20) if chr(c) not in "\t\n"} | {chr(c) for c in range(0x7F, 0xA0)}


@given(st.text())
def test_no_control_character_survives(text):
    assert not (set(inert(text)) & CONTROL)


@given(st.text())
def test_single_line_has_no_line_breaks(text):
    assert "\n" not in inert(text, single_line=True) and "\t" not in inert(text, single_line=True)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp"))))
def test_ordinary_text_is_untouched(text):
    assert inert(text) == text


@pytest.mark.parametrize(
    ("hostile", "shown"),
    [
        ("\x1b]52;c;SGVsbG8=\x07Jane", "Jane"),
        ("\x1b]52;c;SGVsbG8=\x1b\\Jane", "Jane"),
        ("\x1b[2J\x1b[HDoe", "Doe"),
        ("\x1bPq#0;2;0;0;0\x1b\\Bob", "Bob"),
        ("\x9b31mRed", "Red"),
        ("\x9d52;c;SGVsbG8=\x9cAnn", "Ann"),
        ("Pe\u202eña", "Peña"),
        ("[@click=app.quit]x", "[@click=app.quit]x"),
        ("[bold]Doe[/bold]", "[bold]Doe[/bold]"),
        ("line\r\noverwrite", "line\noverwrite"),
    ],
)
def test_examples(hostile, shown):
    assert inert(hostile) == shown


@pytest.mark.parametrize(("hostile", "shown"), [("\u200fabc\u200e", "abc"), ("a\u2028b\u2029c", "a\nb\nc")])
def test_invisible_direction_marks_go_and_unicode_separators_become_newlines(hostile, shown):
    assert inert(hostile) == shown
