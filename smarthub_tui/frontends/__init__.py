"""Front ends other than the Textual app, each a `runner.FrontEnd`; nothing here imports Textual."""
