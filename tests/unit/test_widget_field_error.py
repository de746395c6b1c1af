"""FieldError: a plain-words reason under a field, readable without colour, hidden when cleared."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Input

from smarthub_tui.widgets import FieldError


class FieldApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Input(id="zip")
        yield FieldError(id="zip-error")
        yield Input(id="next")


async def test_hidden_until_shown_then_prefixed_and_cleared() -> None:
    app = FieldApp()
    async with app.run_test(size=(80, 24)) as pilot:
        error = app.query_one(FieldError)
        assert not error.display and error.error == ""
        next_y = app.query_one("#next").region.y
        error.show_error("A ZIP code is 5 digits.")
        await pilot.pause()
        assert error.display
        assert error.render_line(0).text.strip() == "✗ Error: A ZIP code is 5 digits."
        assert app.query_one("#next").region.y == next_y + 1
        error.clear()
        await pilot.pause()
        assert not error.display and error.error == ""


async def test_untrusted_reason_is_inert_and_on_one_line() -> None:
    app = FieldApp()
    async with app.run_test(size=(80, 24)) as pilot:
        error = app.query_one(FieldError)
        error.show_error("[@click=app.quit]x\x1b]52;c;SGVsbG8=\x07\nsecond line")
        await pilot.pause()
        assert error.error == "[@click=app.quit]x second line"
        assert not error.visual.spans
        await pilot.click(FieldError, offset=(12, 0))
        await pilot.pause()
        assert app.is_running


async def test_reserve_class_keeps_the_line_when_empty() -> None:
    app = FieldApp()
    async with app.run_test(size=(80, 24)) as pilot:
        error = app.query_one(FieldError)
        error.add_class("-reserve")
        await pilot.pause()
        assert error.display and error.size.height == 1


def test_constructor_with_an_error_shows_it() -> None:
    error = FieldError("Enter your e-mail address.")
    assert error.error == "Enter your e-mail address."
    assert error.has_class("-shown")
    assert error.visual.plain.startswith("✗ Error: ")


async def test_clearing_a_clear_error_asks_for_no_layout() -> None:
    """Each keystroke clears its field's error and each submit clears them all: a clear one stays as it is, no re-layout asked."""
    app = FieldApp()
    async with app.run_test(size=(80, 24)) as pilot:
        error = app.query_one(FieldError)
        await pilot.pause()
        asked: list[bool] = []
        refresh = error.refresh

        def counted(*args: object, layout: bool = False, **kwargs: object) -> object:
            asked.append(layout)
            return refresh(*args, layout=layout, **kwargs)  # type: ignore[arg-type]

        error.refresh = counted  # type: ignore[method-assign]
        error.clear()
        error.clear()
        assert asked == []
        error.show_error("A ZIP code is 5 digits.")
        error.show_error("A ZIP code is 5 digits.")
        assert True in asked and error.display
        asked.clear()
        error.clear()
        await pilot.pause()
        assert True in asked and not error.display
