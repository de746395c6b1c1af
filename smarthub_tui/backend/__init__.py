"""The wizard's side of the HTTP contract: the `Backend` interface and its one implementation.

Nothing in this package imports Textual, and no httpx type or exception
crosses `base.Backend`: callers see models from `smarthub_tui.models` and
the domain errors from `base`.
"""
