"""`python -m smarthub_tui`: the same as the `smarthub-tui` command."""

import sys

from smarthub_tui.cli import main

sys.exit(main())
