"""The page a Verify Account link opens: it shows the code to type in the wizard, and changes nothing.

Why it does not verify the account itself: mail scanners and link previews
open every link in an e-mail before the member does, so a GET that used the
code up would spend it for nobody; and the code opens the session in which
the member sets a password, which happens in the wizard, not in a browser.
So the page only reads the code out of its own link and shows it, grouped
as the e-mail shows it, with what to do next.  It does not look the code up
either (no answer here says whether a code is valid, so the page cannot be
used to guess codes past the lockout that counts wrong ones at the Verify step).

The page is plain HTML: no script, no style sheet, nothing loaded from
elsewhere, every piece of text escaped.  Its headers keep the code out of
caches, out of the ``Referer`` of any later request, and out of frames; the
access log is given the path without its query string (`cli.StripQueryString`)
and nothing here logs.
"""

from __future__ import annotations

from html import escape

from smarthub_tui.durations import duration
from smarthub_tui.profiles import CoopProfile

from .security import CODE_ALPHABET, CODE_GROUP_LENGTH, CODE_GROUPS, normalize_verification_code

MAX_TOKEN_LENGTH = 256
"""Longer ``token`` parameters are refused (422) before the page is made."""

HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; form-action 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "X-Robots-Tag": "noindex, nofollow",
}
"""Sent with the page: not cached, no referrer, not framed, not indexed, nothing runs or loads."""

TITLE = "Verify your SmartHub account"
WITH_CODE = "To verify your account, enter this code on the Verify step of the SmartHub registration wizard:"
HOW_LONG = "The code works once, and only until it expires ({duration} after we sent the e-mail)."
NOT_YET = (
    "Opening this page has not verified your account: the wizard does that when you enter the code, "
    "and then asks you to set your password."
)
WITHOUT_CODE = (
    "This link does not carry a verification code we recognise. "
    "Copy the code from the Verify Account e-mail and enter it in the SmartHub registration wizard."
)
NOT_YOU = "If you did not register with {coop}, ignore the e-mail; nothing changes."


def shown_code(token: str) -> str | None:
    """The code of `token`, grouped as the e-mail shows it, or None when it is not a code the server makes."""
    cleaned = normalize_verification_code(token)
    if len(cleaned) != CODE_GROUPS * CODE_GROUP_LENGTH or any(ch not in CODE_ALPHABET for ch in cleaned):
        return None
    return "-".join(cleaned[i : i + CODE_GROUP_LENGTH] for i in range(0, len(cleaned), CODE_GROUP_LENGTH))


def verify_page(profile: CoopProfile, token: str) -> str:
    """The whole HTML page for a Verify Account link carrying `token` (perhaps nothing, perhaps not a code)."""
    code = shown_code(token)
    if code is None:
        body = f"<p>{escape(WITHOUT_CODE)}</p>"
    else:
        minutes = profile.verificationLinkMinutes
        body = (
            f"<p>{escape(WITH_CODE)}</p>\n"
            f'<p><strong><code id="code">{escape(code)}</code></strong></p>\n'
            f"<p>{escape(HOW_LONG.format(duration=duration(minutes)))}</p>\n"
            f"<p>{escape(NOT_YET)}</p>"
        )
    coop = escape(profile.coopName)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex, nofollow">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{escape(TITLE)}: {coop}</title>\n</head>\n<body>\n"
        f"<h1>{escape(TITLE)}</h1>\n<p>{coop}</p>\n{body}\n"
        f"<p>{escape(NOT_YOU.format(coop=profile.coopName))}</p>\n"
        "</body>\n</html>\n"
    )
