"""Co-op profiles as plain data, for the start: read without pydantic, the words the welcome screen shows.

Why: validating a profile is pydantic's job (`smarthub_tui.profiles`), and
importing pydantic and building the profile's models costs about 60 ms,
more than anything else the full-screen wizard loads before its welcome
screen takes keys.  The welcome needs a dozen of the profile's values (its
title, intro, labels, links, the Login button, which links to offer).  So
the full-screen start reads the profile as plain data (TOML, or the
server's JSON settings), checks the types of the values it serves, and
shows the welcome from them (`UncheckedProfile`); the whole profile is
validated by pydantic behind the welcome, in the thread that builds the
backend, before the first call to it (`steps.base.Wizard`), and replaces
this one.  Any other value read before then is the validated profile's
(computed then, once).  A profile that fails validation stops the
wizard before anything is sent, with the message `load_profile` gives.

Here too: the profile's enums, `ProfileError` and the reading of a
profile's TOML file, which `smarthub_tui.profiles` imports from here
(one definition, both sides).  Nothing here imports pydantic or Textual.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeGuard, cast

if TYPE_CHECKING:
    from smarthub_tui.profiles import CoopProfile

PROFILE_DIR = Path(__file__).parent / "profiles"
BUILTIN_PROFILES = ("default", "pec", "jecec", "pec-setup")


class ProfileError(ValueError):
    """A profile could not be found, parsed or validated; the message names the field."""


class IdentityOption(StrEnum):
    """Facts about the account that prove the person may register it."""

    BILLING_ZIP = "billingZip"
    MAILING_ZIP = "mailingZip"
    SSN4 = "ssn4"


class CaptchaStyle(StrEnum):
    """`text`: type the characters from an image; `checkbox`: "I'm not a robot" backed by proof-of-work."""

    TEXT = "text"
    CHECKBOX = "checkbox"


class VerificationStyle(StrEnum):
    """`link`: a Verify Account token by e-mail; `temporaryPassword`: an e-mailed password to replace at first login."""

    LINK = "link"
    TEMPORARY_PASSWORD = "temporaryPassword"


class MenuItem(StrEnum):
    """An item a co-op may list in `profileMenu` (what each one walks is `flow.PROFILE_ITEMS`)."""

    PAPERLESS = "paperless"
    SECURITY_PHRASE = "security_phrase"
    CHANGE_PASSWORD = "change_password"
    CONTACTS = "contacts"
    UNSUBSCRIBE = "unsubscribe"
    SIGN_OUT = "sign_out"


DEFAULT_PROFILE_MENU = (
    MenuItem.PAPERLESS,
    MenuItem.SECURITY_PHRASE,
    MenuItem.CHANGE_PASSWORD,
    MenuItem.CONTACTS,
    MenuItem.UNSUBSCRIBE,
    MenuItem.SIGN_OUT,
)


# --- reading a profile's file ------------------------------------------------------


def profile_path(name_or_path: str | Path) -> Path:
    """The file of a built-in profile (by name) or of a profile given by path; `ProfileError` for anything else."""
    path = Path(name_or_path)
    if str(name_or_path) in BUILTIN_PROFILES:
        return PROFILE_DIR / f"{name_or_path}.toml"
    if path.suffix != ".toml":
        raise ProfileError(
            f"unknown profile {str(name_or_path)!r}: choose one of {', '.join(BUILTIN_PROFILES)} or give a .toml file"
        )
    return path


def read_toml(path: Path) -> tuple[dict[str, Any], str | None]:
    """A profile file's own table and the built-in profile it `extends` (None if it extends none); `ProfileError` names what is wrong."""
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ProfileError(f"cannot read profile {path}: {error.strerror or error}") from None
    import tomllib  # here, not at import: over HTTP the start reads no TOML (about 1 ms)

    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as error:
        raise ProfileError(f"{path}: not valid TOML: {error}") from None
    base = data.pop("extends", None)
    if base is not None and (base not in BUILTIN_PROFILES or base == data.get("profileId")):
        raise ProfileError(f"{path}: extends: must name another built-in profile, not {base!r}")
    return data, base


def read_profile_data(name_or_path: str | Path) -> dict[str, Any]:
    """A profile as plain data, its `extends` chain merged in, not validated (`profiles.load_profile` validates)."""
    data, base = read_toml(profile_path(name_or_path))
    return merged(read_profile_data(base), data) if base is not None else data


def merged(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Deep-merge `override` into `base`: tables merge, everything else replaces."""
    result = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merged(result[key], value)
        else:
            result[key] = value
    return result


# --- the start's reader -------------------------------------------------------------

MAX_WORDS = 20_000
"""The longest text a profile may hold (`profiles.NonEmpty`)."""

TEXTS_SERVED: dict[str, str | None] = {
    "loginTitle": None,
    "loginIntro": None,
    "cantAccess": None,
    "newUserLink": None,
    "emailLabel": None,
    "loginEmailLabel": "",
}
"""The welcome's texts: name -> the model's default (None: the profile must give it)."""
BUTTONS_SERVED: dict[str, str | None] = {"login": None}
FLAGS_SERVED: dict[str, bool] = {"verifyAtLogin": False, "verifyAtPasswordChange": False}
"""The welcome's yes/no settings, with the model's defaults."""
LOGIN_EMAIL_LABEL_MAX = 200
"""`Texts.loginEmailLabel`'s own limit (it may be empty: `emailLabel` is shown then)."""


class _Words:
    """One table of words (``texts``, ``buttons``): those the welcome shows, then the validated profile's."""

    def __init__(self, words: dict[str, str], table: str, profile: UncheckedProfile) -> None:
        self._words = words
        self._table = table
        self._profile = profile

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if name in self._words:
            return self._words[name]
        return getattr(getattr(self._profile.checked(), self._table), name)


class UncheckedProfile:
    """A profile read as plain data, standing in for the validated `CoopProfile` until it is validated (see the module).

    Serves the values the welcome screen reads, each of the type (and within
    the limits) the model requires, so what it shows is what the validated
    profile holds; every other attribute is the validated profile's.
    `checked()` validates once (thread-safe) and raises `ProfileError` as
    `load_profile` does.
    """

    def __init__(
        self,
        texts: dict[str, str],
        buttons: dict[str, str],
        values: dict[str, Any],
        check: Callable[[], CoopProfile],
    ) -> None:
        self._check = check
        self._checked: CoopProfile | None = None
        self._error: ProfileError | None = None
        self._lock = threading.Lock()
        self._values = values
        self.texts = _Words(texts, "texts", self)
        self.buttons = _Words(buttons, "buttons", self)

    @classmethod
    def read(cls, data: dict[str, Any], check: Callable[[], CoopProfile]) -> UncheckedProfile | None:
        """The reader over `data` (a profile's merged table), or None when a value it serves is missing or of another type.

        None means: validate now, the usual way (its error message then names the field).
        """
        texts = _table(data.get("texts"), TEXTS_SERVED)
        buttons = _table(data.get("buttons"), BUTTONS_SERVED)
        short_name = data.get("shortName")
        style = data.get("verificationStyle")
        flags = {name: data.get(name, default) for name, default in FLAGS_SERVED.items()}
        if (
            texts is None
            or buttons is None
            or not _words(short_name)
            or style not in set(VerificationStyle)
            or not all(type(value) is bool for value in flags.values())
            or len(texts["loginEmailLabel"]) > LOGIN_EMAIL_LABEL_MAX
        ):
            return None
        values = {"shortName": short_name, "verificationStyle": VerificationStyle(style), **flags}
        return cls(texts, buttons, values, check)

    def checked(self) -> CoopProfile:
        """The validated profile (validated at the first call, in whichever thread; `ProfileError` if it is not valid)."""
        with self._lock:
            if self._checked is None and self._error is None:
                try:
                    self._checked = self._check()
                except ProfileError as error:
                    self._error = error
            checked, failed = self._checked, self._error
        if failed is not None:
            raise failed
        return cast("CoopProfile", checked)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if name in self._values:
            return self._values[name]
        return getattr(self.checked(), name)


def _words(value: object, *, empty: bool = False) -> TypeGuard[str]:
    return isinstance(value, str) and (empty or len(value) >= 1) and len(value) <= MAX_WORDS


def _table(table: object, served: dict[str, str | None]) -> dict[str, str] | None:
    """The served words of one table (defaults filled in), or None when one is missing or not words."""
    if not isinstance(table, dict):
        return None
    words: dict[str, str] = {}
    for name, default in served.items():
        value = table.get(name, default)
        if not _words(value, empty=default == ""):
            return None
        words[name] = value
    return words


def is_unchecked(profile: object) -> bool:
    """Whether `profile` is still the start's `UncheckedProfile`, not the validated one."""
    return isinstance(profile, UncheckedProfile)
