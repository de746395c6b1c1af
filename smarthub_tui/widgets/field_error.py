"""The plain-words reason under a field that was rejected.

docs/architecture.md section 10: rejected input says why, next to the field.  The reason
may come from the server (untrusted) so it is shown through `SafeText`.  It is
coloured as an error but also starts with a cross and the word "Error", so it
reads the same in a monochrome terminal and to a screen reader.
"""

from __future__ import annotations

from smarthub_tui.text import inert
from smarthub_tui.widgets.safe_text import SafeText

__all__ = ["FieldError"]

PREFIX = "✗ Error: "


class FieldError(SafeText):
    """One line under a field: hidden when empty, "✗ Error: <reason>" when set.

    `show_error(reason)` shows it, `clear()` hides it; `error` is the current
    reason (cleaned) or "".  Hidden means `display: none`, so an empty error
    takes no room on a crowded 80x24 screen; add the class `-reserve` to keep
    the line reserved instead, if a form should not move when errors appear.
    """

    DEFAULT_CSS = """
    FieldError {
        color: $text-error;
        height: auto;
        display: none;
        padding: 0 0 0 1;
    }
    FieldError.-shown, FieldError.-reserve {
        display: block;
    }
    FieldError.-reserve {
        min-height: 1;
    }
    """

    def __init__(
        self,
        error: str = "",
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._error = ""
        self.show_error(error)

    @property
    def error(self) -> str:
        """The reason shown (after `inert()`), or "" when there is none."""
        return self._error

    def show_error(self, reason: str) -> None:
        """Show `reason` (untrusted text is fine); an empty reason clears.

        The reason shown already changes nothing: clearing a clear error (every
        keystroke in a field clears its error, every submit clears them all)
        would otherwise ask for a layout of the whole screen each time.
        """
        error = inert(reason, single_line=True).strip()
        if error == self._error:
            return
        self._error = error
        self.set_class(bool(self._error), "-shown")
        self.update(f"{PREFIX}{self._error}" if self._error else "")

    def clear(self) -> None:
        """Hide the error (when the field is edited or accepted)."""
        self.show_error("")
