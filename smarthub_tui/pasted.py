"""The Verify Account code out of whatever the person pasted: the code itself, or the whole link.

The Welcome e-mail holds a Verify Account link that carries the code
(``{the server's public URL}/verify?token={code}``) and the code on its own.  People
copy the link as often as the code, and a mail client or terminal adds its
own wrapping on the way: surrounding whitespace, a line break where the link
was wrapped, ``<...>`` around a link, a full stop after it.  Refusing that as
"used already or expired" is wrong twice: the code is right there, and the
message sends the person looking for a problem that does not exist.

Plain functions, no Textual: every front end (the screen, a line mode, an
answers file) gets the same reading through `VerifyStep`.
"""

from __future__ import annotations

import re
from itertools import pairwise
from urllib.parse import parse_qs, unquote, urlsplit

__all__ = ["code_from_paste", "looks_like_link"]

CODE_KEYS = ("token", "code")
"""The query (or fragment) parameters that carry the code; ``token`` is the one the server's link uses."""

_OPENERS = "<([{\"'\u201c\u2018"
_CLOSERS = ">)]}\"'\u201d\u2019.,;:!?"
_LINK_START = re.compile(r"(?i)https?://|www\.")


def _unwrap(text: str) -> str:
    """`text` without what mail clients and sentences put around a link or code."""
    return text.lstrip(_OPENERS).rstrip(_CLOSERS)


def looks_like_link(text: str) -> bool:
    """True when `text` is (part of) a web address rather than a bare code (codes have no ``/``, ``?``, ``=``)."""
    return "://" in text or text.lower().startswith("www.") or any(mark in text for mark in "/?=#")


def _code_in_link(link: str, depth: int = 0) -> str:
    """The code a Verify Account link carries: its ``token`` (or ``code``) parameter, or the part after ``/verify/``.

    A mail provider's redirect (Outlook's Safe Links ``?url=``, Gmail's
    ``?q=``) carries the real link as a parameter: that link is read in turn.
    """
    start = _LINK_START.search(link)
    if start is not None:
        link = link[start.start():]
    if "://" not in link:
        link = "https://" + link
    try:
        parts = urlsplit(link)
    except ValueError:  # e.g. a bracketed host that is not an address
        return ""
    for where in (parts.query, parts.fragment):
        values = parse_qs(where)
        for key in CODE_KEYS:
            for value in values.get(key, ()):
                value = _unwrap(value.strip())
                if value:
                    return value
    segments = [unquote(segment) for segment in parts.path.split("/") if segment]
    for before, after in pairwise(segments):
        if before.lower() == "verify" and after:
            return _unwrap(after)
    if depth < 2:
        for query_values in parse_qs(parts.query).values():
            for value in query_values:
                if "://" in value:
                    code = _code_in_link(value, depth + 1)
                    if code:
                        return code
    return ""


def code_from_paste(text: str) -> str:
    """The Verify Account code in `text`: typed or pasted, bare or inside its link; ``""`` for a link without one.

    Whitespace anywhere is dropped (a wrapped link or code is one piece
    again; the server ignores spaces in codes anyway).  When the paste is
    not a link by itself (say "Verify Account: <https://...>" or the whole
    e-mail), the first link in it that carries a code is read.
    """
    compact = _unwrap("".join(text.split()))
    if not looks_like_link(compact):
        return compact
    if _LINK_START.match(compact) or not any(ch.isspace() for ch in text.strip()):
        code = _code_in_link(compact)
        if code:
            return code
    for word in text.split():
        word = _unwrap(word)
        if looks_like_link(word):
            code = _code_in_link(word)
            if code:
                return code
    return ""
