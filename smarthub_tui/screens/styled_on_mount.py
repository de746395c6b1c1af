"""Nodes outside the DOM are not styled: they are styled as they mount.

Why: Textual restyles a node (and everything under it) whenever one of its
classes or pseudo-classes changes, even when the node is not mounted yet.
Every `Button` sets three classes in its constructor (its variant and
style), each a full CSS match for a node that is styled again, from
scratch, when it mounts (`App._register` applies the stylesheet to every
new widget); and a screen being taken down blurs its focused field, which
restyled a field that was about to go.  Skipping those is invisible: what
a mounted node looks like is computed exactly as before.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.dom import DOMNode


class StyledOnMount(App[Any]):
    """`update_styles` for nodes in the DOM only (the app itself included)."""

    def update_styles(self, node: DOMNode, animate: bool = True) -> None:
        if node is not self and not node.is_attached:
            return  # styled when it mounts; or leaving the DOM
        super().update_styles(node, animate=animate)
