"""What a step's arrival costs: work that showed nothing new is not done (the snapshots hold that the screens look the same).

Each test holds one piece of work that was a measurable part of every step
transition (bench/run.py --only steps) and that the screen does not need.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.dom import DOMNode

from smarthub_tui.screens.base import StepScreen, WizardScreen
from tests.support.harness import MEMBERS, Wizard, build_app


async def test_a_step_arrives_with_its_size_classes_so_its_first_resize_restyles_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """A screen's classes changing restyle all its nodes: the ``-wide``/``-tall`` classes are there before it mounts."""
    changed: list[tuple[str, set[str]]] = []
    update_classes = DOMNode.update_classes

    def counted(self: DOMNode, classes: Any, *args: Any, **kwargs: Any) -> Any:
        before = set(self.classes)
        result = update_classes(self, classes, *args, **kwargs)
        if isinstance(self, WizardScreen) and set(self.classes) != before:
            changed.append((type(self).__name__, set(self.classes) ^ before))
        return result

    monkeypatch.setattr(DOMNode, "update_classes", counted)
    app, _ = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        await wizard.walk_to("identity")
        await pilot.pause()
        assert {"-wide", "-tall"} <= set(app.screen.classes)
    assert changed == []


async def test_a_step_built_for_a_narrow_terminal_starts_narrow() -> None:
    """The classes chosen at the start follow the terminal's size, as the Resize would have set them."""
    app, _ = build_app("default", fast=True)
    async with app.run_test(size=(50, 16)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        await wizard.walk_to("register")
        await pilot.pause()
        assert {"-narrow", "-short"} <= set(app.screen.classes)
        assert not {"-wide", "-tall"} & set(app.screen.classes)


async def test_nodes_outside_the_dom_are_not_styled(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Button styles itself three times as it is built, a leaving field as it loses focus: all styled again, or gone, at once."""
    from textual.css.stylesheet import Stylesheet

    unattached: list[str] = []
    apply = Stylesheet.apply

    def counted(self: Stylesheet, node: DOMNode, *args: Any, **kwargs: Any) -> None:
        if not node.is_attached and node is not node.app:
            unattached.append(type(node).__name__)
        apply(self, node, *args, **kwargs)

    monkeypatch.setattr(Stylesheet, "apply", counted)
    app, _ = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        await wizard.walk_to("identity")
        await pilot.pause()
    assert unattached == []


async def test_a_step_is_laid_out_once_on_arrival_not_again_for_its_own_resize(monkeypatch: pytest.MonkeyPatch) -> None:
    """The arrival's layout sends the screen a Resize of the size it was just laid out for: no second layout for it."""
    from textual.screen import Screen

    again: list[str] = []
    refresh_layout = Screen._refresh_layout

    def counted(self: Screen, size: Any = None, scroll: bool = False) -> None:
        if isinstance(self, StepScreen) and size is not None and size == self._compositor.size:
            again.append(type(self).__name__)
        refresh_layout(self, size, scroll)

    monkeypatch.setattr(Screen, "_refresh_layout", counted)
    app, _ = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        await wizard.walk_to("identity")
        await pilot.pause()
        assert again == []
        await pilot.resize_terminal(70, 24)  # a real resize is still laid out
        await pilot.pause()
        assert app.screen._compositor.size == (70, 24)


async def test_the_heap_is_tidied_after_each_step_arrives(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each new step schedules a collection of what the last screen left (heap.tidy) for once it takes keys, on its own clock."""
    from smarthub_tui import heap

    scheduled: list[tuple[str, float]] = []
    set_timer = WizardScreen.set_timer

    def recorded(self: WizardScreen, delay: float, callback: Any = None, *args: Any, **kwargs: Any) -> Any:
        if callback is heap.tidy:
            scheduled.append((type(self).__name__, delay))
        return set_timer(self, delay, callback, *args, **kwargs)

    monkeypatch.setattr(WizardScreen, "set_timer", recorded)
    app, _ = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        await wizard.walk_to("identity")
        await pilot.pause()
    assert {"RegisterScreen", "CaptchaScreen", "IdentityScreen"} <= {name for name, _ in scheduled}, scheduled
    assert len(scheduled) == len({name for name, _ in scheduled}), "once per screen"
    assert {delay for _, delay in scheduled} == {heap.TIDY_DELAY}


async def test_the_captcha_checkbox_builds_its_progress_bar_only_when_it_is_needed() -> None:
    """Shown only after a tick that waits for the work, the bar is not built on arrival.

    (A ProgressBar and its parts, each styled for the first time in the process.)
    """
    from textual.widgets import ProgressBar

    from smarthub_tui.screens.captcha import CaptchaScreen

    app, _ = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        await wizard.walk_to("captcha")
        await pilot.pause()
        assert isinstance(app.screen, CaptchaScreen)
        assert not app.screen.query(ProgressBar)


async def test_the_captcha_screen_asks_for_its_challenge_as_it_is_made_not_after_it_mounts(monkeypatch: pytest.MonkeyPatch) -> None:
    """The server makes the challenge while the screen is built and laid out; one request, shown as before."""
    from smarthub_tui.screens.captcha import CaptchaScreen
    from smarthub_tui.steps.captcha import CaptchaStep

    events: list[str] = []
    load, on_mount = CaptchaStep.load, CaptchaScreen.on_mount

    async def loading(self: CaptchaStep, **kwargs: Any) -> Any:
        events.append("load")
        return await load(self, **kwargs)

    def mounting(self: CaptchaScreen) -> None:
        events.append("mount")
        on_mount(self)

    monkeypatch.setattr(CaptchaStep, "load", loading)
    monkeypatch.setattr(CaptchaScreen, "on_mount", mounting)
    app, transport = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        await wizard.walk_to("captcha")
        await pilot.pause()
        assert isinstance(app.screen, CaptchaScreen)
        assert app.screen._captcha is not None, "the challenge is shown"
    assert events == ["load", "mount"]
