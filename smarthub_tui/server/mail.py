"""Outgoing e-mail: composed from the profile's texts, written to the outbox table, optionally sent by SMTP.

Why an outbox table: all state lives in the database (docs/architecture.md section 4),
so the message is written in the same transaction as the registration it
announces; either both exist or neither does.  In demo mode the outbox is
the demo inbox (``GET /services/demo/outbox``).  When SMTP is configured the
message is also delivered after the transaction commits; outside demo mode
its body, which holds a code or temporary password, is then blanked from the
table.  Nothing here logs a body, a recipient or a secret.
"""

from __future__ import annotations

import logging
import os
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import urlencode, urlsplit

from smarthub_tui.durations import duration
from smarthub_tui.profiles import CoopProfile

log = logging.getLogger("smarthub_tui.server.mail")


@dataclass(frozen=True)
class Mail:
    """One composed e-mail."""

    to: str
    sender: str
    subject: str
    body: str


DEFAULT_PUBLIC_URL = "http://embedded.smarthub.invalid"
"""The public URL of a server that has no address: the one inside the wizard's process.

Its e-mails are read only in the demo inbox, which takes the code out of the
link.  ``.invalid`` is reserved (RFC 6761) and never resolves, so a member who
clicks such a link reaches nobody, rather than a co-op's real site (which
knows nothing of our codes) or whoever answers for a made-up name on the
local network.  `smarthub-server` always knows its address and uses that.
"""

VERIFY_PAGE_PATH = "/verify"
"""The server's own page a Verify Account link opens (`verify_page`)."""


class PublicUrlError(ValueError):
    """A public URL that cannot start a link (not http(s), no host, a query or fragment)."""


def normalize_public_url(url: str) -> str:
    """`url` as the start of a link: ``http(s)://host[:port][/path]`` without a trailing ``/``.

    Refused (`PublicUrlError`, naming the problem but not echoing the URL):
    another scheme, no host, a query, a fragment, user info, spaces or control characters.
    """
    text = url.strip()
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in text):
        raise PublicUrlError("the public URL must not contain spaces or control characters")
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - reading it checks the port is a number in range
    except ValueError:
        raise PublicUrlError("the public URL is not a valid URL (check the host and port)") from None
    if parts.scheme.lower() not in {"http", "https"}:
        raise PublicUrlError("the public URL must start with http:// or https://")
    if not parts.hostname:
        raise PublicUrlError("the public URL must name a host, as in https://smarthub.example.coop")
    if parts.username is not None or parts.password is not None:
        raise PublicUrlError("the public URL must not carry a user name or password")
    if parts.query or parts.fragment or "?" in text or "#" in text:
        raise PublicUrlError("the public URL must not have a query (?) or fragment (#)")
    return text.rstrip("/")


def verify_link(public_url: str, code: str) -> str:
    """The Verify Account link of the e-mail: the server's own page, carrying the code.

    Never the co-op's web site (``portalUrl``): that site knows nothing of
    this server's codes.  The code also appears on its own in the e-mail,
    to be typed.
    """
    return f"{public_url}{VERIFY_PAGE_PATH}?{urlencode({'token': code})}"


def link_mail(profile: CoopProfile, *, to: str, name: str, code: str, public_url: str = DEFAULT_PUBLIC_URL) -> Mail:
    """The Welcome e-mail with a Verify Account link and code (profile `linkEmail*` texts).

    ``{link}`` opens this server's page at `public_url` (see `verify_link`).
    ``{duration}`` is how long it works in the wizard's own words ("24 hours");
    ``{minutes}``, the bare number, stays for a co-op's older profile.
    """
    body = profile.texts.linkEmailBody.format(
        name=name,
        token=code,
        link=verify_link(public_url, code),
        minutes=profile.verificationLinkMinutes,
        duration=duration(profile.verificationLinkMinutes),
        coop=profile.coopName,
    )
    return Mail(to=to, sender=profile.senderEmail, subject=profile.texts.linkEmailSubject, body=body)


def temporary_password_mail(profile: CoopProfile, *, to: str, name: str, password: str) -> Mail:
    """The e-mail with a temporary password (profile `temporaryPasswordEmail*` texts)."""
    body = profile.texts.temporaryPasswordEmailBody.format(
        name=name,
        password=password,
        minutes=profile.temporaryPasswordMinutes,
        duration=duration(profile.temporaryPasswordMinutes),
        coop=profile.coopName,
        portal=profile.portalUrl,
    )
    return Mail(to=to, sender=profile.senderEmail, subject=profile.texts.temporaryPasswordEmailSubject, body=body)


@dataclass(frozen=True)
class SmtpSettings:
    """Where to deliver mail; read from ``SMARTHUB_SMTP_*`` environment variables."""

    host: str
    port: int = 587
    username: str | None = None
    password: str | None = None
    starttls: bool = True
    timeout: float = 10.0

    def __repr__(self) -> str:  # the password must not reach a log line
        return f"SmtpSettings(host={self.host!r}, port={self.port}, starttls={self.starttls})"

    @classmethod
    def from_environment(cls, environ: dict[str, str] | None = None) -> SmtpSettings | None:
        """Settings from ``SMARTHUB_SMTP_HOST`` (required), ``_PORT``, ``_USER``, ``_PASSWORD``, ``_STARTTLS``."""
        env = os.environ if environ is None else environ
        host = env.get("SMARTHUB_SMTP_HOST", "").strip()
        if not host:
            return None
        return cls(
            host=host,
            port=int(env.get("SMARTHUB_SMTP_PORT", "587")),
            username=env.get("SMARTHUB_SMTP_USER") or None,
            password=env.get("SMARTHUB_SMTP_PASSWORD") or None,
            starttls=env.get("SMARTHUB_SMTP_STARTTLS", "1").lower() not in {"0", "false", "no"},
        )


class SmtpSender:
    """Delivers a `Mail` over SMTP; returns False (and logs only that it failed) on any error."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings

    def send(self, mail: Mail) -> bool:
        """Deliver one message; True on success."""
        message = EmailMessage()
        message["From"] = mail.sender
        message["To"] = mail.to
        message["Subject"] = mail.subject
        message.set_content(mail.body)
        s = self.settings
        try:
            with smtplib.SMTP(s.host, s.port, timeout=s.timeout) as smtp:
                if s.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if s.username and s.password:
                    smtp.login(s.username, s.password)
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as error:
            log.warning("SMTP delivery failed (%s); the message stays in the outbox", type(error).__name__)
            return False
        return True


# --- contacts ---------------------------------------------------------------------------------


def contact_code_mail(profile: CoopProfile, *, to: str, code: str) -> Mail:
    """The e-mail that carries the code confirming a new e-mail contact (profile `contactCodeEmail*` texts)."""
    minutes = profile.verificationLinkMinutes
    body = profile.texts.contactCodeEmailBody.format(
        code=code, minutes=minutes, duration=duration(minutes), coop=profile.coopName
    )
    return Mail(to=to, sender=profile.senderEmail, subject=profile.texts.contactCodeEmailSubject, body=body)


TEXT_MESSAGE_SUBJECT = "Text message"
"""What the demo inbox shows as the subject of a text message (which has none)."""


def contact_code_text(profile: CoopProfile, *, to: str, code: str) -> Mail:
    """The text message that carries the code confirming a new mobile number (profile `contactCodeSms`).

    Kept in the outbox, keyed by the number, like an e-mail: in demo mode the
    demo inbox shows it.  There is no SMS gateway here; one would send what
    waits in the outbox.
    """
    minutes = profile.verificationLinkMinutes
    body = profile.texts.contactCodeSms.format(code=code, minutes=minutes, duration=duration(minutes), coop=profile.shortName)
    return Mail(to=to, sender=profile.shortName, subject=TEXT_MESSAGE_SUBJECT, body=body)
# --- Forgot Password ---


def password_reset_mail(profile: CoopProfile, *, to: str, code: str) -> Mail:
    """The e-mail with a Forgot Password code (profile `passwordResetEmail*` texts).

    It names nobody: it is composed before the server knows whether the
    address is registered, so that a known and an unknown address cost the
    same work.  ``{duration}`` is said as the wizard's code screen says it.
    """
    minutes = profile.passwordResetMinutes
    body = profile.texts.passwordResetEmailBody.format(
        code=code, minutes=minutes, duration=duration(minutes), coop=profile.coopName, portal=profile.portalUrl
    )
    return Mail(to=to, sender=profile.senderEmail, subject=profile.texts.passwordResetEmailSubject, body=body)
