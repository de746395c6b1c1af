"""``python -m smarthub_tui.server``: the same as the ``smarthub-server`` command."""

import sys

from smarthub_tui.server.cli import main

sys.exit(main())
