"""The wizard's side of the HTTP contract: the `Backend` interface and its one implementation.

Nothing in this package imports Textual, and no httpx type or exception
crosses `base.Backend`: callers see models from `smarthub_tui.models` and
the domain errors from `base`.
"""

import sys

if "httpx" not in sys.modules:
    # httpx's __init__ imports its command-line client (`httpx._main`: click, Pygments, rich's syntax highlighting,
    # about 3 MiB resident) whenever click is installed, and falls back to a stub when that import fails.  Nothing in
    # this process runs httpx's command line, so it is marked absent before httpx (imported by this package's modules
    # only) loads: `httpx.main` is then httpx's own stub, which asks for `pip install httpx[cli]`.
    sys.modules["httpx._main"] = None  # type: ignore[assignment]  # None in sys.modules: "import fails", by design
