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

import _thread
import gc
import threading
import time

THRESHOLDS = (7000, 20, 20)
"""Collections of generation 0 after this many new objects (default 700), then of 1 and 2 after 20 of the one below (default 10)."""
START_SECONDS = 5.0
"""At most this long without collections at start (`quiet_start`), should nothing call `settle` (a start that failed or waits)."""

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
    gc.enable()


def _resume() -> None:
    """`quiet_start`'s limit: collections again, as `settle` leaves them, if nothing settled the heap by then."""
    with _lock:
        if _settled:
            return
    gc.set_threshold(*THRESHOLDS)
    gc.enable()


def quiet_start() -> None:
    """Before the full-screen app's imports: no collections until `settle` (or `START_SECONDS`), then the thresholds it sets.

    Importing Textual, the profile and the screens makes a few hundred
    thousand objects that live as long as the process; with the default
    thresholds the collector ran full collections over that growing heap
    while they loaded (about 20 ms before the welcome took keys), and even
    with `THRESHOLDS` a dozen young collections (about 9 ms) walked objects
    that all survive.  `settle()` collects once, freezes and turns the
    collector back on once the first screen takes keys, so nothing cyclic
    made at start outlives that collection; a timer turns it back on after
    `START_SECONDS` should nothing settle (a start that failed, a screen
    that never came).
    """
    if not _settled:
        gc.set_threshold(*THRESHOLDS)
        gc.disable()
        # A bare thread, not `threading.Timer`: `Thread.start` waits until the new thread runs, a scheduler tick
        # or two on a busy machine, before any of the start's imports.  Daemonic by nature: it never holds up the exit.
        _thread.start_new_thread(_watch, (START_SECONDS,))


def _watch(seconds: float) -> None:
    """`quiet_start`'s watch: `_resume` after `seconds` (in its own thread)."""
    time.sleep(seconds)
    _resume()



# --- between steps: what the last screen left behind, collected while the new one is read ---

TIDY_DELAY = 0.1
"""Seconds after a step's screen arrives before `tidy` runs: after it takes keys, long before a person has read it."""


def tidy() -> None:
    """Collect the heap now, while the person reads a new screen, not inside the next step transition.

    Why: a screen the wizard leaves, with its widgets, is a web of cycles
    that only the cycle collector frees, and by the time it is left its
    objects have reached the oldest generation, which under `THRESHOLDS`
    is collected seldom.  Left to itself, the collector kept every screen
    of a registration until its end (about 5 MiB of the process's peak
    memory) and walked the growing pile once every few screens, in
    whatever step transition allocated the object that tipped it: 45-80 ms
    in one step of each registration.  Once settled, a full collection
    walks only what was made since start-up (what `settle` froze is out of
    its sight): a few milliseconds at each arrival, while the member reads.
    Before `settle` (the start) it does nothing: what lives then is frozen there.
    """
    if _settled:
        gc.collect()
