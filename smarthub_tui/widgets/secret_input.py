"""A password field that is masked by default and can be shown on request.

Masking protects a password from the person standing behind a kiosk user or
sharing an agent's screen, but typing a long passphrase blind causes errors;
NIST SP 800-63B recommends offering to show it.  `SecretInput` is a masked
`Input` plus a way to show it: a key binding (F2) for keyboard users and a
small "Show" button for mouse users.  The button cannot take focus, so Tab
still goes from field to field.

The value never leaves the field by accident: copy and cut are disabled (the
terminal clipboard escape would carry it, and the next kiosk user could paste
it), the field masks itself again when focus leaves it, and the messages this
widget posts keep the value (and the validation result, which holds it) out
of their ``repr``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import cast

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.validation import ValidationResult, Validator
from textual.widget import Widget
from textual.widgets import Button, Input
from textual.widgets._input import InputValidationOn

from smarthub_tui import strings

__all__ = ["SecretInput", "register_parts_css"]


class _MaskedInput(Input):
    """An `Input` that never copies its value to the clipboard."""

    def action_copy(self) -> None:
        # Deliberately nothing: a password must not reach the clipboard.
        return

    def action_cut(self) -> None:
        # Nothing is removed either, so nothing typed is lost silently.
        return


class _RevealButton(Button, can_focus=False):
    """The Show/Hide button: clickable, but out of the Tab order."""


def register_parts_css(app: App[object]) -> None:
    """Give `app` the default CSS of SecretInput's inner Input and Button now, before the screen that shows one mounts.

    Why: Textual keeps one copy of a class's default CSS, at the lowest
    tie-breaker any subclass registers it with, and parses it again when
    that changes.  Registered at their own mount, after a screen's own
    Buttons and Inputs, `_RevealButton` and `_MaskedInput` made it parse
    Button's and Input's CSS a second time (about 4 ms before the welcome
    took keys).  The rules are the same either way; a screen calls this as
    it is registered (`WelcomeScreen`).
    """
    for part in (_MaskedInput, _RevealButton):
        shim = SimpleNamespace(_node_bases=Widget._css_bases(part))  # what `_get_default_css` reads of an instance
        for read_from, css, tie_breaker, scope in Widget._get_default_css(cast(Widget, shim)):
            app.stylesheet.add_source(css, read_from=read_from, is_default_css=True, tie_breaker=tie_breaker, scope=scope)


class SecretInput(Widget):
    """A masked input with a Show/Hide toggle (F2 or the button beside it).

    Validators work as on `Input` (`validators=`, `validate_on=`, `valid_empty=`);
    the inner `Input`'s messages are replaced by this widget's own `Changed`,
    `Submitted` and `Blurred`, whose `control` is the `SecretInput`, so
    ``@on(SecretInput.Changed, "#password")`` works.  `value` reads and sets
    the text, `revealed` says whether it is shown, `input` is the inner field.
    """

    DEFAULT_CSS = """
    SecretInput {
        layout: horizontal;
        height: auto;
        width: 1fr;
    }
    SecretInput > Input {
        width: 1fr;
    }
    SecretInput > Button {
        width: auto;
        min-width: 8;
        margin: 1 0 0 1;  /* level with the text line of the bordered Input */
    }
    """

    BINDINGS = [
        Binding("f2", "toggle_reveal", strings.KEY_SHOW_HIDE, tooltip=strings.KEY_SHOW_HIDE_TOOLTIP),
    ]

    revealed: reactive[bool] = reactive(False, init=False)
    """True while the text is shown in clear; False (masked) by default."""

    @dataclass
    class _Event(Message):
        """What every SecretInput message carries; the value stays out of repr."""

        secret_input: SecretInput
        value: str = field(repr=False)
        # Failures carry the value too, so the result stays out of repr as well.
        validation_result: ValidationResult | None = field(default=None, repr=False)

        @property
        def control(self) -> SecretInput:
            """The `SecretInput` (for `@on` selectors)."""
            return self.secret_input

    class Changed(_Event):
        """The text changed (each keystroke); `value` is the new text."""

    class Submitted(_Event):
        """Enter was pressed in the field."""

    class Blurred(_Event):
        """Focus left the field (and it was masked again)."""

    def __init__(
        self,
        value: str = "",
        placeholder: str = "",
        *,
        validators: Validator | Iterable[Validator] | None = None,
        validate_on: Iterable[InputValidationOn] | None = None,
        valid_empty: bool = False,
        max_length: int = 0,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self._input = _MaskedInput(
            value,
            placeholder,
            password=True,
            validators=validators,
            validate_on=validate_on,
            valid_empty=valid_empty,
            max_length=max_length,
            id=f"{id}-input" if id else None,
        )
        self._button = _RevealButton(strings.BUTTON_SHOW, compact=True, id=f"{id}-reveal" if id else None)
        self._button.tooltip = "Show or hide the password (F2)"

    def compose(self) -> ComposeResult:
        yield self._input
        yield self._button

    @property
    def input(self) -> Input:
        """The inner `Input` (focus it, read `is_valid`, style it)."""
        return self._input

    @property
    def value(self) -> str:
        """The text typed so far."""
        return self._input.value

    @value.setter
    def value(self, value: str) -> None:
        self._input.value = value

    @property
    def is_valid(self) -> bool:
        """True when the last validation passed (as `Input.is_valid`)."""
        return self._input.is_valid

    def validate(self, value: str | None = None) -> ValidationResult | None:
        """Run the validators on `value` (default: the current text), as `Input.validate`."""
        return self._input.validate(self._input.value if value is None else value)

    def clear(self) -> None:
        """Empty the field and mask it (e.g. after a failed attempt)."""
        self._input.clear()
        self.revealed = False

    def focus(self, scroll_visible: bool = True) -> SecretInput:
        """Focus the text field (the container itself takes no focus)."""
        self._input.focus(scroll_visible)
        return self

    def action_toggle_reveal(self) -> None:
        """Show the text if masked, mask it if shown."""
        self.revealed = not self.revealed

    def watch_revealed(self, revealed: bool) -> None:
        self._input.password = not revealed
        self._button.label = strings.BUTTON_HIDE if revealed else strings.BUTTON_SHOW

    @on(_RevealButton.Pressed)
    def _reveal_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_toggle_reveal()
        self._input.focus()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self, event.value, event.validation_result))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted(self, event.value, event.validation_result))

    @on(Input.Blurred)
    def _blurred(self, event: Input.Blurred) -> None:
        event.stop()
        self.revealed = False
        self.post_message(self.Blurred(self, event.value, event.validation_result))
