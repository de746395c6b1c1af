"""SecretInput: masked by default, F2 or the button shows it, Tab skips the button, validators work."""

from __future__ import annotations

from textual import on
from textual.app import App, ComposeResult
from textual.validation import Length
from textual.widgets import Button, Input

from smarthub_tui.widgets import SecretInput

SECRET = "Example-Passw0rd"


def field_text(widget) -> str:
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


class FormApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[object] = []

    def compose(self) -> ComposeResult:
        yield Input(id="before")
        yield SecretInput(placeholder="Password", id="password", validators=[Length(minimum=8)])
        yield SecretInput(placeholder="Confirm", id="confirm")
        yield Input(id="after")

    @on(SecretInput.Changed)
    @on(SecretInput.Submitted)
    @on(SecretInput.Blurred)
    def record(self, message: object) -> None:
        self.messages.append(message)

    @on(Input.Changed)
    def leaked(self, message: Input.Changed) -> None:
        if message.input.id not in {"before", "after"}:
            self.messages.append(("inner message escaped", message))


async def test_masked_by_default_and_f2_shows_and_hides() -> None:
    app = FormApp()
    async with app.run_test(size=(80, 24)) as pilot:
        secret = app.query_one("#password", SecretInput)
        secret.focus()
        await pilot.press(*SECRET)
        await pilot.pause()
        assert secret.value == SECRET
        assert not secret.revealed and secret.input.password
        assert SECRET not in field_text(secret.input)
        assert "•" in field_text(secret.input)
        await pilot.press("f2")
        await pilot.pause()
        assert secret.revealed and not secret.input.password
        assert SECRET in field_text(secret.input)
        assert "Hide" in str(app.query_one("#password-reveal", Button).label)
        await pilot.press("f2")
        assert not secret.revealed
        assert secret.value == SECRET, "toggling must not lose what was typed"


async def test_tab_goes_field_to_field_skipping_the_button() -> None:
    app = FormApp()
    async with app.run_test(size=(80, 24)) as pilot:
        app.query_one("#before").focus()
        order = []
        for _ in range(4):
            order.append(app.focused.id)
            await pilot.press("tab")
        assert order == ["before", "password-input", "confirm-input", "after"]
        assert not any(isinstance(widget, Button) for widget in app.screen.focus_chain)


async def test_clicking_the_button_toggles_and_focuses_the_field() -> None:
    app = FormApp()
    async with app.run_test(size=(80, 24)) as pilot:
        app.query_one("#before").focus()
        await pilot.click("#password-reveal")
        await pilot.pause()
        secret = app.query_one("#password", SecretInput)
        assert secret.revealed
        assert app.focused is secret.input


async def test_leaving_the_field_masks_it_again() -> None:
    app = FormApp()
    async with app.run_test(size=(80, 24)) as pilot:
        secret = app.query_one("#password", SecretInput)
        secret.focus()
        await pilot.press("x", "f2")
        assert secret.revealed
        await pilot.press("tab")
        await pilot.pause()
        assert not secret.revealed
        assert any(isinstance(m, SecretInput.Blurred) for m in app.messages)


async def test_validators_and_messages_come_from_the_secret_input() -> None:
    app = FormApp()
    async with app.run_test(size=(80, 24)) as pilot:
        secret = app.query_one("#password", SecretInput)
        secret.focus()
        await pilot.press("s", "h", "o", "r", "t")
        await pilot.pause()
        changed = [m for m in app.messages if isinstance(m, SecretInput.Changed)]
        assert changed and changed[-1].control is secret
        assert changed[-1].validation_result is not None
        assert not changed[-1].validation_result.is_valid
        assert not secret.is_valid and secret.input.has_class("-invalid")
        await pilot.press(*"-enough")
        await pilot.press("enter")
        await pilot.pause()
        submitted = [m for m in app.messages if isinstance(m, SecretInput.Submitted)]
        assert submitted and submitted[-1].value == "short-enough"
        assert submitted[-1].validation_result.is_valid
        assert secret.validate().is_valid
        assert not any(isinstance(m, tuple) for m in app.messages), "inner Input messages must not escape"
        assert all("short" not in repr(m) for m in app.messages), "messages must not show the value"


async def test_copy_and_cut_never_reach_the_clipboard() -> None:
    app = FormApp()
    async with app.run_test(size=(80, 24)) as pilot:
        secret = app.query_one("#password", SecretInput)
        secret.focus()
        await pilot.press(*SECRET)
        app.copy_to_clipboard("untouched")
        await pilot.press("ctrl+shift+a", "ctrl+c")
        await pilot.press("ctrl+shift+a", "ctrl+x")
        await pilot.pause()
        assert app.clipboard == "untouched"
        assert secret.value == SECRET


async def test_value_setter_and_clear() -> None:
    app = FormApp()
    async with app.run_test(size=(80, 24)) as pilot:
        secret = app.query_one("#confirm", SecretInput)
        secret.value = "abc"
        secret.action_toggle_reveal()
        assert secret.input.value == "abc"
        secret.clear()
        await pilot.pause()
        assert secret.value == "" and not secret.revealed
