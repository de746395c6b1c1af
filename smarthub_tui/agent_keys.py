"""The agent's key, kept in the operating system's keyring and nowhere else.

A call-centre agent signs in with a key issued by the server's operator.
Typing it at each call would be slow; writing it to a file next to the app
would leave it for anyone who copies the home directory.  So it lives in the
OS keyring (Keychain, Windows Credential Manager, Secret Service) through
`keyring`: service ``smarthub-tui``, user name the server's URL without any
credentials in it, so each server has its own key.

Where no usable keyring exists (a headless box, a container: keyring's
``fail`` or ``null`` backend, a chain with nothing in it, or a backend that
errs when used), the store says so (`available` False, `unavailable_reason`
a sentence for the agent) and the app asks for the key each session.  A
keyring that keeps secrets in a plain file (keyrings.alt's file backends) is
treated as none: the key is never written to a file.  No method raises on a
broken backend; each logs a warning naming the failure, never the key.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit, urlunsplit

import keyring
import keyring.backend
import keyring.errors

from smarthub_tui import strings

SERVICE = "smarthub-tui"

log = logging.getLogger(__name__)


def key_user_name(server_url: str) -> str:
    """The keyring user name for a server: its URL without user name, password, query or fragment, no trailing slash.

    The credentials are dropped so that they are never stored as a label
    (where keyring tools show them in clear); the rest is normalised so
    that ``http://HOST:8000/`` and ``http://host:8000`` share one key.
    """
    parts = urlsplit(server_url.strip())
    host = parts.netloc.rsplit("@", 1)[-1].lower()
    return urlunsplit((parts.scheme.lower(), host, parts.path.rstrip("/"), "", ""))


def _unusable(backend: keyring.backend.KeyringBackend) -> str | None:
    """Why `backend` cannot keep the key (a sentence for the agent), or None when it can be tried."""
    from keyring.backends import chainer, fail, null

    if isinstance(backend, fail.Keyring | null.Keyring):
        return strings.AGENT_KEY_NO_KEYRING
    if isinstance(backend, chainer.ChainerBackend):
        chained = list(backend.backends)
        if not chained:
            return strings.AGENT_KEY_NO_KEYRING
        return _unusable(chained[0])
    if type(backend).__module__.startswith("keyrings.alt.file"):
        return strings.AGENT_KEY_PLAIN_FILE_KEYRING
    return None


class AgentKeyStore:
    """Load, save and forget the agent key for one server, in the OS keyring (or in the `backend` given, as tests do)."""

    def __init__(self, server_url: str, backend: keyring.backend.KeyringBackend | None = None) -> None:
        self.user_name = key_user_name(server_url)
        self._backend = backend
        self._reason: str | None = None
        self._checked = False

    @property
    def backend(self) -> keyring.backend.KeyringBackend | None:
        """The keyring in use; None when even finding one failed."""
        if self._backend is None and not self._checked:
            self._checked = True
            try:
                self._backend = keyring.get_keyring()
            except Exception as error:  # noqa: BLE001 - keyring's discovery imports third-party backends
                self._broken("find", error)
        return self._backend

    @property
    def available(self) -> bool:
        """Whether the key can be kept between sessions here."""
        return not self.unavailable_reason

    @property
    def unavailable_reason(self) -> str:
        """A plain sentence for the agent when the key cannot be kept (empty when it can)."""
        if self._reason is None:
            backend = self.backend
            if self._reason is None:
                self._reason = strings.AGENT_KEY_NO_KEYRING if backend is None else (_unusable(backend) or "")
        return self._reason

    def load(self) -> str | None:
        """The saved key for this server, or None (none saved, or no usable keyring)."""
        backend = self._usable()
        if backend is None:
            return None
        try:
            return backend.get_password(SERVICE, self.user_name) or None
        except Exception as error:  # noqa: BLE001 - a backend may raise anything (D-Bus, Keychain), never the app
            self._broken("read", error)
            return None

    def save(self, key: str) -> bool:
        """Keep `key` for this server; False when it could not be kept (the agent then types it next session)."""
        backend = self._usable()
        if backend is None:
            return False
        try:
            backend.set_password(SERVICE, self.user_name, key)
        except Exception as error:  # noqa: BLE001 - see load
            self._broken("save", error)
            return False
        return True

    def forget(self) -> None:
        """Remove this server's key (a revoked key, or the agent signing out for good); no key saved is fine."""
        backend = self._usable()
        if backend is None:
            return
        try:
            backend.delete_password(SERVICE, self.user_name)
        except keyring.errors.PasswordDeleteError:
            pass  # nothing was saved
        except Exception as error:  # noqa: BLE001 - see load
            self._broken("forget", error)

    def _usable(self) -> keyring.backend.KeyringBackend | None:
        return self.backend if self.available else None

    def _broken(self, action: str, error: BaseException) -> None:
        """Give up on the keyring for this session: a warning that names the failure's type, never its text or the key."""
        log.warning("agent key: the keyring could not %s (%s); the key is not kept", action, type(error).__name__)
        no_keyring = isinstance(error, keyring.errors.NoKeyringError)
        self._reason = strings.AGENT_KEY_NO_KEYRING if no_keyring else strings.AGENT_KEY_KEYRING_FAILED
