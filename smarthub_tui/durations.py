"""How long something lasts, in the words people use ("24 hours", not "1440 minutes").

Why a module of its own: the wizard's congratulations line and the server's
e-mails both tell the member how long a code or temporary password works,
and they must say it in the same words.  It imports nothing but the app's
strings, so the server can use it without Textual.
"""

from __future__ import annotations

from smarthub_tui import strings


def duration(minutes: int) -> str:
    """`minutes` in words: whole hours as hours ("24 hours"), the rest as minutes."""
    if minutes >= 60 and minutes % 60 == 0:
        hours = minutes // 60
        return strings.DURATION_HOUR if hours == 1 else strings.DURATION_HOURS.format(count=hours)
    return strings.DURATION_MINUTE if minutes == 1 else strings.DURATION_MINUTES.format(count=minutes)
