"""`dataclass`, built at a class's first instance while the full-screen start defers it (issue 11, launch).

Why: the modules the welcome screen needs (models, state, flow, steps,
runner) define about 50 dataclasses, and `dataclasses.dataclass` compiles
each one's methods as it is defined: about 15 ms of the start, for classes
of which the welcome creates a third.  While `defer()` is on (the member's
full-screen start, `cli.main`), a class decorated here is left as written
until its first instance (or a subclass's) asks for it, and `finish()`
builds the rest behind the welcome (`screens.welcome`), so after it every
class is a plain `dataclasses` dataclass: `replace`, `fields`, equality,
hashing and freezing as ever.  Off (every other front end, the server, the
tests), this is `dataclasses.dataclass` itself.

Until it is built a deferred class has a stand-in `__init__` that builds
it (and any deferred class it derives from) under a lock, then runs the
real one: another thread creating one meanwhile waits for the build, and
never sees a half-built class (`_build`).
Only the class itself is deferred, never what reads it before an instance
exists (`dataclasses.fields(SomeClass)`): nothing on the welcome's path does.
Textual-free.
"""

from __future__ import annotations

import dataclasses
import threading
from typing import TYPE_CHECKING, Any

_pending: dict[type, dict[str, Any]] = {}
"""Deferred classes -> the options they were decorated with."""
_lock = threading.RLock()
_deferring = False


def defer() -> None:
    """From now until `finish()`, classes decorated here are built at their first instance."""
    global _deferring
    _deferring = True


def finish() -> None:
    """Build every deferred class now (behind the welcome), and defer no more."""
    global _deferring
    with _lock:
        _deferring = False
        while _pending:
            _build(next(iter(_pending)))


def pending() -> list[str]:
    """The deferred classes not built yet, by qualified name (for the tests)."""
    with _lock:
        return sorted(f"{cls.__module__}.{cls.__qualname__}" for cls in _pending)


def _build(cls: type) -> None:
    """Build `cls` and the deferred classes it derives from, bases first (under `_lock`).

    The stand-in `__init__` stays in place while `dataclasses` builds the
    rest (it leaves a class's own `__init__` alone), and is then replaced,
    in one assignment, by the `__init__` `dataclasses` makes for the same
    fields on a bare subclass: no moment where the class has no `__init__`
    for another thread to find.
    """
    with _lock:
        for base in reversed(cls.__mro__):
            options = _pending.pop(base, None)
            if options is not None:
                dataclasses.dataclass(**options)(base)
                shell = type(base.__name__, (base,), {"__module__": base.__module__, "__qualname__": base.__qualname__})
                made: type = dataclasses.dataclass(repr=False, eq=False, frozen=options.get("frozen", False))(shell)
                init = made.__dict__["__init__"]
                init.__qualname__ = f"{base.__qualname__}.__init__"
                base.__init__ = init  # type: ignore[misc]


def _defer(cls: type, options: dict[str, Any]) -> type:
    def stand_in(self: Any, *args: Any, **kwargs: Any) -> None:
        _build(cls)
        cls.__init__(self, *args, **kwargs)  # type: ignore[misc]

    with _lock:
        _pending[cls] = options
        cls.__init__ = stand_in  # type: ignore[misc]
    return cls


def _dataclass(cls: type | None = None, /, **options: Any) -> Any:
    def wrap(cls: type) -> type:
        if not _deferring or options.get("slots") or "__init__" in cls.__dict__ or options.get("init") is False:
            _build(cls)  # deferred bases first: a dataclass's fields include its bases'
            return dataclasses.dataclass(**options)(cls)
        return _defer(cls, options)

    return wrap if cls is None else wrap(cls)


if TYPE_CHECKING:
    from dataclasses import dataclass as dataclass
else:
    dataclass = _dataclass
