"""Kiosk mode without Textual: its config file, the operator's PIN, and the clocks that decide when a visitor is gone.

Why a module of its own: a public terminal in a co-op lobby must forget each
visitor and let no one but an operator out, and those rules are easier to
trust when they are plain code with an injectable clock (the tests move time
by hand, no one waits) than when they are spread over screens.  The Textual
side (`screens/kiosk_guard.py`) only asks this module what to do now.

The config file is TOML (``--kiosk-config PATH``, by default ``kiosk.toml``
in the platform's config directory)::

    idle_seconds = 60              # no key for this long: "Are you still there?"
    warning_seconds = 30           # how long that question waits (at least 20: WCAG 2.2.1)
    finished_return_seconds = 20   # after a finished registration, back to the start
    operator_pin_hash = "$argon2id$..."   # from `smarthub-tui kiosk hash-pin`
    server = "https://..."         # optional
    profile = "pec"                # optional

Without a PIN hash no operator could leave, so kiosk mode refuses to start.
"""

from __future__ import annotations

import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

Clock = Callable[[], float]
"""Seconds from any fixed start (`time.monotonic` by default; tests pass a hand-moved one)."""

MIN_WARNING_SECONDS = 20
"""WCAG 2.2.1 (Timing Adjustable): at least 20 seconds to say "still here" with one key."""

CONFIG_NAME = "kiosk.toml"

CLEAR_TERMINAL = "\x1b[3J\x1b[2J\x1b[H"
"""Erase the scrollback (ED 3), then the screen (ED 2), cursor home: what a visitor saw is not there for the next one."""


class KioskConfigError(Exception):
    """The kiosk config cannot be used; the message is one line for the person starting the kiosk."""


class KioskConfig(BaseModel):
    """The settings of one kiosk (see the module's docstring for the file)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    idle_seconds: int = Field(60, ge=5, le=3600)
    warning_seconds: int = Field(30, ge=MIN_WARNING_SECONDS, le=600)
    finished_return_seconds: int = Field(20, ge=5, le=600)
    operator_pin_hash: str | None = None
    server: str | None = None
    profile: str | None = None

    @field_validator("operator_pin_hash")
    @classmethod
    def _argon2(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith("$argon2"):
            raise ValueError("must be an argon2 hash: make one with `smarthub-tui kiosk hash-pin`")
        return value

    @field_validator("server")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL")
        return value


def default_config_path() -> Path:
    """Where the kiosk config is looked for when no ``--kiosk-config`` is given."""
    from platformdirs import user_config_path

    return user_config_path("smarthub-tui") / CONFIG_NAME


def load_config(path: Path | None = None) -> KioskConfig:
    """The config at `path` (or at the default place); a `KioskConfigError` with one clear line if it is wrong.

    A missing file at the default place means the defaults (the PIN check
    then stops the start); a missing file that was named is an error, since
    whoever named it meant a file.
    """
    given = path is not None
    where = path if path is not None else default_config_path()
    try:
        data = tomllib.loads(where.read_text(encoding="utf-8"))
    except FileNotFoundError:
        if given:
            raise KioskConfigError(f"kiosk config {where}: no such file") from None
        return KioskConfig()
    except (OSError, UnicodeDecodeError) as error:
        raise KioskConfigError(f"kiosk config {where}: cannot read it ({error.__class__.__name__})") from None
    except tomllib.TOMLDecodeError as error:
        raise KioskConfigError(f"kiosk config {where}: not valid TOML ({error})") from None
    try:
        return KioskConfig.model_validate(data)
    except ValidationError as error:
        problems = []
        for item in error.errors():
            name = ".".join(str(part) for part in item["loc"]) or "file"
            message = "unknown setting" if item["type"] == "extra_forbidden" else item["msg"].removeprefix("Value error, ")
            problems.append(f"{name}: {message}")
        raise KioskConfigError(f"kiosk config {where}: {'; '.join(problems)}") from None


def require_pin(config: KioskConfig, path: Path | None = None) -> str:
    """The operator's PIN hash, or a `KioskConfigError` saying how to set one (no PIN: no one could leave)."""
    if config.operator_pin_hash is None:
        where = path if path is not None else default_config_path()
        raise KioskConfigError(
            f"kiosk mode needs an operator PIN: run `smarthub-tui kiosk hash-pin` and put its line in {where}"
        )
    return config.operator_pin_hash


# --- the operator's PIN --------------------------------------------------------------


def hash_pin(pin: str) -> str:
    """The argon2 hash of `pin`, for ``operator_pin_hash``."""
    from argon2 import PasswordHasher

    return PasswordHasher().hash(pin)


def pin_matches(pin_hash: str, pin: str) -> bool:
    """Whether `pin` is the operator's (argon2 verification: slow on purpose)."""
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return PasswordHasher().verify(pin_hash, pin)
    except (VerificationError, InvalidHashError):
        return False


FREE_TRIES = 3
"""Wrong PINs allowed before each next try has to wait."""

MAX_PIN_DELAY = 300.0


@dataclass
class PinGate:
    """Counts wrong PINs and makes each try after the third wait longer (2, 4, 8 ... seconds, at most five minutes).

    Why: a four-digit PIN guessed at a lobby terminal must cost time; the
    operator who mistypes once or twice loses none.
    """

    clock: Clock = time.monotonic
    wrong: int = 0
    _not_before: float = field(default=0.0, repr=False)

    def wait_left(self) -> float:
        """Seconds before the next try is taken (0: now)."""
        return max(0.0, self._not_before - self.clock())

    def record(self, right: bool) -> None:
        """After a try: a right PIN clears the count, a wrong one may start a wait."""
        if right:
            self.wrong = 0
            self._not_before = 0.0
            return
        self.wrong += 1
        if self.wrong >= FREE_TRIES:
            self._not_before = self.clock() + min(MAX_PIN_DELAY, 2.0 ** (self.wrong - FREE_TRIES + 1))


# --- when a visitor is gone ----------------------------------------------------------


class IdlePhase(StrEnum):
    """Where the idle clock is."""

    ACTIVE = "active"
    """Someone pressed a key lately (or nothing is there to forget)."""
    WARNING = "warning"
    """Idle too long: "Are you still there?" counts down."""
    EXPIRED = "expired"
    """No answer: wipe everything, back to the welcome screen."""


@dataclass
class IdleClock:
    """The visitor's idle time: active, then a warning for `warning_seconds`, then expired.

    `touch()` on every key (any key, the warning's included, extends).
    `phase()` and `warning_left()` read the clock; nothing here runs by
    itself, the front end asks on each tick.
    """

    idle_seconds: float
    warning_seconds: float
    clock: Clock = time.monotonic
    _last: float = field(default=0.0, repr=False)

    def __post_init__(self) -> None:
        self._last = self.clock()

    def touch(self) -> None:
        """A key: the visitor is here."""
        self._last = self.clock()

    def idle(self) -> float:
        """Seconds since the last key."""
        return self.clock() - self._last

    def phase(self) -> IdlePhase:
        """Active, warning, or expired, by the time since the last key."""
        idle = self.idle()
        if idle < self.idle_seconds:
            return IdlePhase.ACTIVE
        if idle < self.idle_seconds + self.warning_seconds:
            return IdlePhase.WARNING
        return IdlePhase.EXPIRED

    def warning_left(self) -> int:
        """Whole seconds the warning has left (rounded up: "1 second" until it is over)."""
        left = self.idle_seconds + self.warning_seconds - self.idle()
        return max(0, -int(-left // 1))


@dataclass
class Countdown:
    """A countdown from `start()`: the finished screen's "back to the start in N seconds"."""

    seconds: float
    clock: Clock = time.monotonic
    _started: float | None = field(default=None, repr=False)

    def start(self) -> None:
        self._started = self.clock()

    def stop(self) -> None:
        self._started = None

    @property
    def running(self) -> bool:
        return self._started is not None

    def left(self) -> int:
        """Whole seconds left (rounded up); 0 when over; the full count when not started."""
        if self._started is None:
            return int(self.seconds)
        left = self.seconds - (self.clock() - self._started)
        return max(0, -int(-left // 1))

    def over(self) -> bool:
        return self._started is not None and self.left() == 0


class ManualClock:
    """A clock that moves only when told: for tests and demonstrations of the timeouts, with no waiting."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
