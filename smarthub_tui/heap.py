"""Garbage collection tuned for a long-lived interactive process: one full collection at start, then few.

Why: by the time the welcome screen shows, the process holds a few hundred
thousand long-lived objects (Textual, pydantic, the profile and, for the
embedded demo, FastAPI, SQLAlchemy and the server).  Python's collector
walks all of them at each full (oldest-generation) collection, and with
the default thresholds one came every couple of screens: in a whole
registration about five full collections of 100-300 ms each landed in the
middle of step transitions, more than the screens themselves cost.

`settle()`, once per process, after start-up: collect once, then
`gc.freeze()` moves every object alive then out of the collector's sight
(they live as long as the process anyway), and the young generation's
threshold is raised tenfold, so the many short-lived objects a screen
makes are swept in fewer, still small, collections.  Reference counting
frees everything without cycles at once as before; cycles made after start
are still collected.  Textual-free.
"""

from __future__ import annotations

import gc
import threading

THRESHOLDS = (7000, 20, 20)
"""Collections of generation 0 after this many new objects (default 700), then of 1 and 2 after 20 of the one below (default 10)."""

_lock = threading.Lock()
_settled = False


def settle() -> None:
    """Collect once and freeze what lives (see the module); only the first call in a process does anything."""
    global _settled
    with _lock:
        if _settled:
            return
        _settled = True
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)


def quiet_start() -> None:
    """Before the full-screen app's imports: the young generation's threshold `settle` sets, at once.

    Importing Textual, pydantic, the profile and the screens makes a few
    hundred thousand objects that live as long as the process; with the
    default thresholds the collector runs full collections over that
    growing heap while they load, about 20 ms before the welcome takes
    keys.  `settle()` still collects once and freezes once the first screen
    takes keys, so nothing cyclic made at start outlives that collection.
    """
    if not _settled:
        gc.set_threshold(*THRESHOLDS)


# --- between steps: the young generations collected while a new screen is read ---

TIDY_DELAY = 0.1
"""Seconds after a step's screen arrives before `tidy` runs: after it takes keys, long before a person has read it."""


def tidy() -> None:
    """Collect the young generations now, while the person reads a new screen, not inside the next step transition.

    Why: every screen leaves objects behind (the last screen's widgets,
    which only the cycle collector frees), and they pile up in the middle
    generation; the collector walked that pile once every few screens, in
    whatever step transition allocated the object that tipped it: 45-80 ms
    in one step of each registration.  Collected at each arrival instead,
    the pile holds one screen's objects (a millisecond or two), and the
    automatic collection seldom comes due inside a transition.  Before
    `settle` (the start) it does nothing: what lives then is frozen there.
    """
    if _settled:
        gc.collect(1)
