"""Keyring backends for tests: one that keeps secrets in a dict, one with no keyring at all, one that breaks on use.

Priority is below zero so that importing this module never makes keyring's
own discovery pick them for a real run.
"""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.compat import properties
from keyring.errors import KeyringError, NoKeyringError, PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """Secrets in a dict, for the length of a test."""

    @properties.classproperty
    def priority(cls) -> float:  # noqa: N805 - keyring's class property
        return -10

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.secrets[(service, username)]
        except KeyError:
            raise PasswordDeleteError("no such password") from None


class FailingKeyring(fail.Keyring):
    """No keyring at all: keyring's own `fail` backend (every use raises NoKeyringError), counting the calls made to it."""

    @properties.classproperty
    def priority(cls) -> float:  # noqa: N805 - keyring's class property
        return -10

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def get_password(self, service: str, username: str, password: str | None = None) -> str | None:
        self.calls += 1
        raise NoKeyringError("No recommended backend was available.")

    set_password = delete_password = get_password  # type: ignore[assignment]


class NoBackendAtUseKeyring(KeyringBackend):
    """A backend that looks usable but turns out to have nothing behind it (NoKeyringError on use)."""

    @properties.classproperty
    def priority(cls) -> float:  # noqa: N805 - keyring's class property
        return -10

    def get_password(self, service: str, username: str) -> str | None:
        raise NoKeyringError("No recommended backend was available.")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise NoKeyringError("No recommended backend was available.")

    def delete_password(self, service: str, username: str) -> None:
        raise NoKeyringError("No recommended backend was available.")


class BrokenKeyring(KeyringBackend):
    """A keyring that is there but fails when used (a locked or crashed Secret Service), with the secret in its message."""

    @properties.classproperty
    def priority(cls) -> float:  # noqa: N805 - keyring's class property
        return -10

    def __init__(self, error: Exception | None = None) -> None:
        super().__init__()
        self.error = error or KeyringError("D-Bus said no")

    def get_password(self, service: str, username: str) -> str | None:
        raise self.error

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError(f"could not store {password}")

    def delete_password(self, service: str, username: str) -> None:
        raise self.error
