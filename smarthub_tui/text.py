"""Make untrusted text safe to show in a terminal.

Every string that comes from a server or a profile passes through `inert()`
before it is displayed (docs/architecture.md section 9): terminal escape sequences and
control characters are removed, so a name such as ``\x1b]52;c;...`` can neither
move the cursor nor write the clipboard.  Markup is handled separately: widgets
show such text as `Content`/`markup=False`, never as Rich markup.
"""

from __future__ import annotations

import re

# ESC-introduced sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST),
# DCS/SOS/PM/APC (ESC P/X/^/_ ... ST), and two-character escapes (ESC + one).
_ESCAPE_SEQUENCE = re.compile(
    r"""
    [\x1b]\[[0-?]*[ -/]*[@-~]          # CSI
    | \x9b[0-?]*[ -/]*[@-~]            # CSI as one C1 byte
    | \x9d[^\x07\x9c]*[\x07\x9c]?       # OSC as one C1 byte, ended by BEL or ST
    | \x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?  # OSC, terminated by BEL or ST (or cut off)
    | \x1b[PX^_][^\x1b]*(?:\x1b\\)?     # DCS, SOS, PM, APC
    | \x1b[@-Z\\-_]                     # other two-character escapes (Fe)
    | \x1b.?                            # a stray ESC and what follows it
    """,
    re.VERBOSE | re.DOTALL,
)
# C0 controls except tab and newline, DEL, and C1 controls (which include the
# single-byte CSI \x9b and OSC \x9d).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidirectional controls (embeddings, overrides, isolates and the invisible
# marks) can make text read differently from what it is.
_BIDI = re.compile(r"[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Unicode line and paragraph separators break lines like a newline does.
_SEPARATORS = re.compile(r"[\u2028\u2029]")


def inert(text: object, *, single_line: bool = False) -> str:
    """Return `text` with escape sequences and control characters removed.

    Tab and newline survive (they are layout, not commands) unless
    `single_line` is set, when each becomes a space.  Carriage returns are
    dropped: ``\\r`` can overwrite what was already printed on a line.
    """
    cleaned = _ESCAPE_SEQUENCE.sub("", str(text))
    cleaned = _CONTROL.sub("", cleaned)
    cleaned = _BIDI.sub("", cleaned)
    cleaned = _SEPARATORS.sub("\n", cleaned)
    if single_line:
        cleaned = cleaned.replace("\t", " ").replace("\n", " ")
    return cleaned
