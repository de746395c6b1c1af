"""Plain text from untrusted sources, shown so that it can never act.

Names, labels and messages that come from a server or a co-op profile are
data, not markup (docs/architecture.md section 9).  Textual's `Static` parses strings as
content markup by default, so a surname such as ``[@click=app.quit]x`` would
become a clickable action and ``\\x1b]52;c;...`` could reach the terminal.
`SafeText` closes both doors in one place: every string it is given first
goes through `smarthub_tui.text.inert()` (escape sequences and control
characters removed) and is then wrapped in a `Content`, which Textual shows
literally.  Every widget and screen uses it for text it did not write itself.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from smarthub_tui.text import inert

__all__ = ["SafeText", "safe_content", "safe_static"]


def safe_content(text: object, *, single_line: bool = False) -> Content:
    """Return `text` as inert, markup-free `Content` (for labels of other widgets).

    Use it wherever a Textual API takes a label (`Checkbox`, `Button`, `Select`
    options ...): a plain `str` would be parsed as markup there, `Content` is not.
    """
    return Content(inert(text, single_line=single_line))


class SafeText(Static):
    """A `Static` whose text is always shown literally: no markup, no escapes.

    Whatever is passed (a `str`, Rich `Text`, `Content` or any object) is turned
    into a string, cleaned with `inert()` and displayed as plain `Content`, so
    styles come only from CSS, never from the text itself.  `single_line`
    turns tabs and newlines into spaces, for one-line places such as headers.
    """

    DEFAULT_CSS = """
    SafeText {
        height: auto;
    }
    """

    def __init__(
        self,
        text: object = "",
        *,
        single_line: bool = False,
        expand: bool = False,
        shrink: bool = False,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        self._single_line = single_line
        self._text = inert(text, single_line=single_line)
        super().__init__(
            Content(self._text),
            expand=expand,
            shrink=shrink,
            markup=False,
            name=name,
            id=id,
            classes=classes,
            disabled=disabled,
        )

    @property
    def text(self) -> str:
        """The text as shown (after `inert()`)."""
        return self._text

    def update(self, text: object = "", *, layout: bool = True) -> None:
        """Show `text` instead, cleaned and literal like the constructor's."""
        self._text = inert(text, single_line=self._single_line)
        super().update(Content(self._text), layout=layout)

    @property
    def content(self) -> Content:
        """The `Content` being shown (always plain: no spans from the text)."""
        return Content(self._text)

    @content.setter
    def content(self, text: object) -> None:
        # Static's own setter would visualize a str as markup: route it through update().
        self.update(text)


def safe_static(text: object = "", **kwargs: object) -> SafeText:
    """Shorthand for `SafeText(text, ...)`, for screens that compose many of them."""
    return SafeText(text, **kwargs)  # type: ignore[arg-type]
