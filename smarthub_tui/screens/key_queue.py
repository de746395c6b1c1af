"""Keys in order: each key goes where it would go had it been typed slowly.

Why this exists.  Textual's `App.on_event` hands each key to the widget that
is focused *when the app reads the key* (`Widget._forward_event` only posts
it on that widget's queue), and returns for the next one.  A key that moves
the focus or submits acts much later: Tab and Enter are bindings, which the
app resolves only when the key has bubbled back up, one message queue per
parent, from the field to the screen to the app (`App._on_key`), and a
submit then runs a backend call before the next screen is pushed.  Every key
of a burst that the app reads in between is already queued on the old
field.  So `1000234567<Tab>Doe<Tab>jane@…` from a paste, a barcode scanner,
a password manager's auto-type, a fast agent or `tmux send-keys` ended as
`1000234567Doejane@…` in the first field with the Tabs lost, and keys typed
right after an Enter reached the old form while the look-up ran.  A bare
Textual app with three Inputs does the same.

What `KeyQueue` does.  The app gives it every key and paste it reads
(`take`); it lets them through one at a time, each only when the one before
it has been handled all the way (the focused widget and each parent up to
the app have processed their queues), and holds them:

- while no screen of the wizard shows (one step dismissed, the next not
  pushed yet) or the new screen is still mounting;
- while the screen says keys typed now belong after its work
  (`holds_keys`: a step's call is running, or the CAPTCHA waits for its
  proof-of-work before it submits).  The keys then go to whatever the call
  leads to: the next screen's first field on success, the refused field on
  the same screen when the answer is refused.

Interrupts.  While the screen holds keys, Esc (stop waiting), F10 (cancel),
Ctrl+Q and Ctrl+C (quit) act at once, as they do when typed slowly during
the call, and the keys typed ahead of them are dropped: they were meant for
a screen that is not coming (a terminal flushes its type-ahead on an
interrupt the same way).  Keys after the interrupt go on in order, to what
it brings up.  The same drop happens when a screen that holds keys is
covered by another one meanwhile (a click on Cancel during the call): keys
typed before the dialog existed must not answer it.

Pastes.  A bracketed paste arrives as one `Paste` event, not as keys.  One
without a tab is passed on untouched (an input keeps its first line; a
pasted line break never submits).  One with a tab is taken as a scanner or
auto-type sends it: its first line is split at the tabs into one paste per
part with a Tab key between them, so each part lands in its own field.

Mouse events are not touched.  Nothing here knows the wizard's steps: it
needs only `holds_keys` on a screen and the app's base screen under its own.
"""

from __future__ import annotations

import asyncio
import inspect
from collections import deque
from typing import TYPE_CHECKING

from textual import events

if TYPE_CHECKING:
    from textual.app import App
    from textual.message_pump import MessagePump
    from textual.screen import Screen

INTERRUPT_KEYS = frozenset({"escape", "f10", "ctrl+q", "ctrl+c"})
"""Keys that act at once while the screen holds keys, dropping what was typed ahead."""

HOLD_POLL = 0.01
"""Seconds between looks while keys are held (a call runs, a screen is coming); nothing else polls."""

CLOSED_POLL = 0.05
"""Seconds after which a wait for a widget's queue checks whether that widget has closed meanwhile."""

MAX_ROUNDS = 100
"""Rounds of "let every queue on the key's path drain" before a key is taken as handled anyway."""

STALL_LIMIT = 5.0
"""Seconds one round may wait for a widget stuck in a handler before the keys go on anyway (never a dead keyboard)."""


def holds_keys(screen: Screen) -> bool:
    """Whether `screen` wants keys typed now held until its work ends (a screen without the property never does)."""
    return bool(getattr(screen, "holds_keys", False))


def split_paste(event: events.Key | events.Paste) -> list[events.Key | events.Paste]:
    """`event` as the events it stands for: a paste with tabs becomes its parts with a Tab key between them."""
    if not isinstance(event, events.Paste) or "\t" not in event.text:
        return [event]
    lines = event.text.splitlines()
    parts = lines[0].split("\t") if lines else []
    split: list[events.Key | events.Paste] = []
    for index, part in enumerate(parts):
        if index:
            split.append(events.Key("tab", "\t"))
        if part:
            split.append(events.Paste(part))
    return split


class KeyQueue:
    """The app's keys and pastes, let through one at a time once the one before is handled (see the module)."""

    def __init__(self, app: App) -> None:
        self.app = app
        self._queue: deque[events.Key | events.Paste] = deque()
        self._released: set[events.Event] = set()
        self._draining = False
        self._holder: Screen | None = None
        """The screen that held the keys last time they were looked at."""

    @property
    def pending(self) -> int:
        """Keys and pastes waiting to be let through."""
        return len(self._queue)

    def take(self, event: events.Event) -> bool:
        """Called by the app for every event it reads; True when the event is queued here (it comes back in turn).

        Keys and pastes from the terminal are queued; the ones this queue lets
        through (posted to the app again), forwarded ones and every other event
        go on as Textual handles them.
        """
        if not isinstance(event, (events.Key, events.Paste)) or event.is_forwarded:
            return False
        if event in self._released:
            self._released.discard(event)
            return False
        parts = split_paste(event)
        if not self._draining and not self._queue and parts == [event] and self._takes_keys_now():
            # nothing waits and the screen takes keys: this one goes on at once, as Textual handles it
            # (not posted back behind whatever the app has queued); the next ones wait until it is handled. ---
            self._draining = True
            self.app.run_worker(self._drain(settle_first=True), name="keys in order", group="keys", exit_on_error=False)
            return False
        self._queue.extend(parts)
        if not self._draining:
            self._draining = True
            self.app.run_worker(self._drain(), name="keys in order", group="keys", exit_on_error=False)
        return True

    def _takes_keys_now(self) -> bool:
        """Whether the screen shown now would take a key let through (`_next`'s test, with nothing held before)."""
        app = self.app
        screen = app.screen
        return self._holder is None and len(app.screen_stack) > 1 and screen.is_mounted and not holds_keys(screen)

    # -- letting keys through ---------------------------------------------------------

    async def _drain(self, *, settle_first: bool = False) -> None:
        """Let the queued events through one by one, each once its target is settled (`settle_first`: the one `take` let on)."""
        try:
            if settle_first:
                await self._settle()
            while self._queue:
                event = await self._next()
                if event is None:
                    break
                self._release(event)
                await self._settle()
        except asyncio.CancelledError:
            raise
        except Exception as error:  # noqa: BLE001 - a bug here must not swallow the keyboard: hand the rest on as Textual would
            self.app.log.error(f"key queue failed ({type(error).__name__}); keys passed on unordered")
            while self._queue:
                self._release(self._queue.popleft())
        finally:
            self._draining = False
            self._holder = None  # nothing typed ahead is left to keep from a dialog

    def _release(self, event: events.Key | events.Paste) -> None:
        """Post `event` to the app again, marked so that `take` lets it through."""
        self._released.add(event)
        self.app.post_message(event)

    async def _next(self) -> events.Key | events.Paste | None:
        """The next event to let through, once there is a screen ready for it (None when none is left)."""
        while True:
            app = self.app
            screen = app.screen
            holder = self._holder
            if holder is not None and screen is not holder:
                self._holder = None
                if holder in app.screen_stack:
                    # Covered while it held keys (a click on Cancel, say): what was typed ahead is not for the dialog.
                    self._queue.clear()
            if not self._queue:
                return None
            if len(app.screen_stack) > 1 and screen.is_mounted:
                if not holds_keys(screen):
                    self._holder = None
                    return self._queue.popleft()
                self._holder = screen
                interrupt = next(
                    (i for i, event in enumerate(self._queue) if isinstance(event, events.Key) and event.key in INTERRUPT_KEYS),
                    None,
                )
                if interrupt is not None:
                    for _ in range(interrupt):
                        self._queue.popleft()  # typed ahead for a screen the interrupt stops
                    self._holder = None  # the keys after it are for whatever it brings up
                    return self._queue.popleft()
            # Between two screens (only the app's base screen shows), mounting, or the screen's work runs.
            await asyncio.sleep(HOLD_POLL)

    async def _settle(self) -> None:
        """Wait until the event just let through is handled: every queue on its path drained, focus and screen still.

        The path is the app, the screen and the focused widget with its
        parents: where a key travels and bubbles back up, and where the
        messages it causes (a field's Submitted, a Focus) go.
        """
        for _ in range(MAX_ROUNDS):
            app = self.app
            screen = app.screen
            focused = screen.focused
            path: list[MessagePump] = [app, screen]
            if focused is not None:
                path += [node for node in focused.ancestors_with_self if node is not app and node is not screen]
            await _drained(path)
            if app.screen is screen and screen.focused is focused and all(node.message_queue_size == 0 for node in path):
                return


async def _drained(nodes: list[MessagePump]) -> None:
    """Wait until each of `nodes` has processed what was on its queue when called (or has closed)."""
    loop = asyncio.get_running_loop()
    waits: dict[asyncio.Future[None], MessagePump] = {}
    for node in nodes:
        done: asyncio.Future[None] = loop.create_future()
        if node.call_later(_Resolve(done)):
            waits[done] = node
    pending = set(waits)
    deadline = loop.time() + STALL_LIMIT
    while pending:
        _, pending = await asyncio.wait(pending, timeout=CLOSED_POLL)
        if all(not waits[future].is_running for future in pending) or loop.time() > deadline:
            return


class _Resolve:
    """A callback that resolves a future; its signature is declared, so Textual need not inspect it on every call."""

    __signature__ = inspect.Signature()

    def __init__(self, future: asyncio.Future[None]) -> None:
        self.future = future

    def __call__(self) -> None:
        if not self.future.done():
            self.future.set_result(None)
