"""StepHeader: the co-op, the title, "Step N of M" in words and a bar, within 80 columns."""

from __future__ import annotations

from textual.app import App, ComposeResult

from smarthub_tui.widgets import StepHeader


def widget_lines(widget) -> list[str]:
    return [widget.render_line(y).text for y in range(widget.size.height)]


class HeaderApp(App[None]):
    def __init__(self, header: StepHeader) -> None:
        super().__init__()
        self.header = header

    def compose(self) -> ComposeResult:
        yield self.header


async def test_shows_coop_title_and_count_in_two_lines() -> None:
    header = StepHeader("PEC", "Set your password", 4, 9)
    async with HeaderApp(header).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        first, bar = widget_lines(header)
        assert header.size.height == 2
        assert first.strip().startswith("PEC · Set your password")
        assert first.rstrip().endswith("Step 4 of 9")
        done, todo = bar.count("━"), bar.count("─")
        assert done + todo == 78  # 80 columns less the padding
        assert round(78 * 4 / 9) == done


async def test_long_title_is_cut_with_an_ellipsis_and_count_stays_visible() -> None:
    header = StepHeader("Jackson Electric Cooperative", "A" * 200, 10, 12)
    async with HeaderApp(header).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        first, _ = widget_lines(header)
        assert len(first) <= 80
        assert "…" in first
        assert first.rstrip().endswith("Step 10 of 12")


async def test_reactives_and_set_step_repaint() -> None:
    header = StepHeader("JECEC", "Register", 1, 9)
    async with HeaderApp(header).run_test(size=(80, 24)) as pilot:
        header.step = 2
        header.title = "Verification"
        await pilot.pause()
        assert "JECEC · Verification" in widget_lines(header)[0]
        assert "Step 2 of 9" in widget_lines(header)[0]
        header.set_step(9, 9, "Done")
        await pilot.pause()
        first, bar = widget_lines(header)
        assert "Step 9 of 9" in first and "Done" in first
        assert "─" not in bar


async def test_out_of_range_steps_are_clamped_and_zero_total_hides_the_count() -> None:
    header = StepHeader("PEC", "Odd", 12, 9)
    async with HeaderApp(header).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert header.count_text == "Step 9 of 9"
        header.total = 0
        await pilot.pause()
        first, bar = widget_lines(header)
        assert "Step" not in first
        assert bar.strip() == ""


async def test_fits_a_narrow_terminal_without_crashing() -> None:
    header = StepHeader("Pedernales Electric Cooperative", "Identity check", 3, 8)
    async with HeaderApp(header).run_test(size=(20, 6)) as pilot:
        await pilot.pause()
        first, _ = widget_lines(header)
        assert len(first) <= 20
        assert "Step 3 of 8" in first
