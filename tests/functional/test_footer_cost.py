"""What a new step's footer costs: built again only to show other keys, its keys not restyled again after mounting.

The footer looks the same either way (the snapshots hold that); these tests
hold the work behind it, which was a large part of every step transition.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest
from textual.widgets._footer import FooterKey

from smarthub_tui.widgets.quiet_footer import QuietFooter, shown_keys
from tests.support.harness import MEMBERS, Wizard, build_app


async def test_a_footer_is_rebuilt_only_to_show_other_keys_and_its_keys_are_not_restyled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Several binding changes in one frame (an arrival: mount, focus, a call's end) build the footer once, not once each."""
    builds: defaultdict[int, list[tuple[Any, ...]]] = defaultdict(list)
    restyles: list[bool] = []
    compose = QuietFooter.compose
    watch = FooterKey._watch_compact

    def counted_compose(self: QuietFooter):  # type: ignore[no-untyped-def]
        if self._bindings_ready:
            builds[id(self)].append(shown_keys(self.screen))
        yield from compose(self)

    def counted_watch(self: FooterKey, compact: bool) -> None:
        if self.has_class("-compact") != compact:
            restyles.append(compact)  # the class changes: the key is styled all over again
        watch(self, compact)

    monkeypatch.setattr(QuietFooter, "compose", counted_compose)
    monkeypatch.setattr(FooterKey, "_watch_compact", counted_watch)
    app, _ = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        await wizard.walk_to("identity")  # welcome, register, captcha: three arrivals, four calls
        await pilot.pause()
    assert len(builds) >= 3, "each step's footer was built"
    repeats = [n for n, keys in enumerate(builds.values()) if any(a == b for a, b in zip(keys, keys[1:], strict=False))]
    assert repeats == [], f"footers rebuilt to show the keys they showed: {[len(k) for k in builds.values()]} builds"
    assert restyles == []
