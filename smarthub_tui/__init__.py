"""smarthub-tui: a terminal wizard that registers co-op members for SmartHub."""

__version__ = "0.1.0"
