"""The front ends that are not the Textual app: the plain line mode and the answers file.

Each is a `runner.FrontEnd`; the Textual app (`smarthub_tui.app`) is the
third.  Nothing in this package imports Textual (docs/architecture.md sections 2 and 5).
"""
