"""The reference SmartHub registration backend: FastAPI over SQLite, speaking docs/api.md.

The wizard embeds it in-process (behind `httpx.ASGITransport`) as its local
backend, and `smarthub-server` runs it over HTTP; both use `create_app`.
Nothing here imports Textual.  Import `create_app` from
`smarthub_tui.server.app`; this package imports nothing heavy on its own, so
the wizard can paint its first screen before FastAPI loads.
"""
