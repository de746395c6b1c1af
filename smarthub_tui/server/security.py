"""Hashing, secret generation and attempt counting: the server's security primitives.

Why these choices (docs/architecture.md section 9):

- Passwords, hint answers and SSN4 digits are hashed with argon2id at the
  OWASP parameters (m=19456 KiB, t=2, p=1).  A dummy hash is verified where
  there is nothing real to verify, so a request costs the same whether or
  not the account or login exists.
- Tokens, codes, ids and temporary passwords come from `secrets`.  Values of
  high entropy (session tokens, Verify Account codes, ids) are stored as an
  HMAC-SHA256 under a key derived from the server key, which is kept
  outside the database (`keys`): fast to look up, useless to a reader of
  the database.
- Failed attempts are counted per scope (client address, account number,
  login) in the database, so every server process sharing it agrees.  A
  client address has its own, higher limit: one call-centre terminal or
  kiosk serves many members.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import threading
from dataclasses import dataclass
from functools import lru_cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from smarthub_tui.profiles import PasswordPolicy
from smarthub_tui.validation import Invalid, check_password

from .store import Tx

_HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1, hash_len=32, salt_len=16, type=Type.ID)

# Verify Account codes: Crockford's base32 (no I, L, O, U), 4 groups of 5 = 100 bits.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_GROUPS = 4
CODE_GROUP_LENGTH = 5

# Temporary passwords avoid characters people misread (0/O, 1/l/I).
_TEMP_UPPER = "ABCDEFGHJKMNPQRSTUVWXYZ"
_TEMP_LOWER = "abcdefghijkmnpqrstuvwxyz"
_TEMP_DIGITS = "23456789"
_TEMP_SPECIAL = "!#%+=?@"
TEMPORARY_PASSWORD_LENGTH = 16


ARGON2_SLOTS = os.cpu_count() or 1
_ARGON2_SLOTS = threading.BoundedSemaphore(ARGON2_SLOTS)
"""At most one argon2 computation per core at a time in this process.

argon2-cffi releases the GIL, so the server's request threads hash in
parallel; but more hashes at once than cores only share the cores: each
needs 19 MiB and every one of them finishes late, where one per core lets
the first comers finish early (under a burst of members the median answer
comes in half the time, and memory stays bounded).
"""


def hash_secret(value: str) -> str:
    """An argon2id hash of a low-entropy secret (password, hint answer, SSN4)."""
    with _ARGON2_SLOTS:
        return _HASHER.hash(value)


# --- the dummy hash made once, ahead ---
_DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$7jOhKpL3XBfny6YTa4pkhw$tReLhmT4uuNuGmoG+NoNC6j16BPBPF5c2e+4WTbMEAc"
"""An argon2id hash, at `_HASHER`'s parameters, of a random value nobody kept.

Why ahead: made at the first request that needed it, it cost that request
(the first lookup of every process: the embedded demo's step to the
CAPTCHA) a whole argon2 hash on top of the verification.  Verifying against
it costs what verifying against a real hash costs, since the parameters are
the same; its verdict is never used (`verify_secret` answers False without
a stored hash).  Should `_HASHER`'s parameters change, it no longer fits
them and one is made at first use as before (tests/api/test_server_argon2_dummy.py
says to make a new one).
"""


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    if not _HASHER.check_needs_rehash(_DUMMY_HASH):
        return _DUMMY_HASH
    return _HASHER.hash(secrets.token_urlsafe(16))


def verify_secret(stored_hash: str | None, value: str) -> bool:
    """True when `value` matches `stored_hash`; with no hash, verifies a dummy so timing is the same."""
    stored = stored_hash or _dummy_hash()
    try:
        with _ARGON2_SLOTS:
            return _HASHER.verify(stored, value) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def burn_verify() -> None:
    """Spend one argon2 verification, for branches that have nothing to verify."""
    verify_secret(None, "")


def keyed_hash(secret_key: bytes, value: str) -> str:
    """HMAC-SHA256 of a high-entropy value under the server key: how tokens and ids are stored."""
    return hmac.new(secret_key, value.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()


def new_token() -> str:
    """A session token or id: 256 bits, URL-safe."""
    return secrets.token_urlsafe(32)


def new_verification_code() -> str:
    """A Verify Account code people can type: ``XXXXX-XXXXX-XXXXX-XXXXX`` (100 bits)."""
    groups = ("".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_LENGTH)) for _ in range(CODE_GROUPS))
    return "-".join(groups)


CONTACT_CODE_DIGITS = 6
"""A contact's confirmation code: digits, as a text message carries them; lockout bounds guessing."""


def new_contact_code() -> str:
    """The code that confirms a new contact: `CONTACT_CODE_DIGITS` random digits."""
    return f"{secrets.randbelow(10**CONTACT_CODE_DIGITS):0{CONTACT_CODE_DIGITS}d}"
RESET_CODE_LENGTH = 8


def new_reset_code() -> str:
    """A Forgot Password code: 8 random digits (NIST SP 800-63B rev 4 asks for at least 6), easy to type."""
    return "".join(secrets.choice("0123456789") for _ in range(RESET_CODE_LENGTH))


def normalize_reset_code(value: str) -> str:
    """The form in which reset codes are compared: the digits alone (spaces and dashes typed in between dropped)."""
    return "".join(ch for ch in value if ch not in " -\t")


def normalize_verification_code(value: str) -> str:
    """The form in which codes are compared: upper case, without spaces or dashes, O->0, I/L->1."""
    cleaned = "".join(ch for ch in value.upper() if ch not in " -\t")
    return cleaned.translate(str.maketrans("OIL", "011"))


def new_temporary_password(policy: PasswordPolicy, *, email: str = "") -> str:
    """A random password that meets `policy` (including the co-op's own composition rules).

    Its length is 16 characters, or the policy's maximum when that is lower
    (PEC allows at most 10), and never below the policy's minimum.
    """
    length = max(policy.minimumPasswordLength, min(TEMPORARY_PASSWORD_LENGTH, policy.maximumPasswordLength))
    pools = [_TEMP_UPPER, _TEMP_LOWER, _TEMP_DIGITS]
    if policy.requireSpecial:
        pools.append(_TEMP_SPECIAL)
    everything = "".join(pools)
    rng = secrets.SystemRandom()
    for _ in range(10_000):
        chars = [rng.choice(pool) for pool in pools][:length]
        chars += [rng.choice(everything) for _ in range(length - len(chars))]
        rng.shuffle(chars)
        candidate = "".join(chars)
        try:
            check_password(policy, candidate, email=email)
        except Invalid:
            continue
        return candidate
    raise ValueError("the password policy cannot be met by a generated password")


CLIENT_SCOPE_PREFIX = "client:"
USER_SCOPE_PREFIX = "user:"
RESET_SCOPE_PREFIX = "reset:"
PAIR_SEPARATOR = "|"


@dataclass(frozen=True)
class LockoutPolicy:
    """How many failures within `seconds` lock a scope, and for how long.

    `limit` applies to an account or a login, `address_limit` to a client
    address (`CoopProfile.address_lockout_limit` says why it is higher).
    """

    limit: int
    address_limit: int
    seconds: float
    login_ceiling: int | None = None
    """Failures at one login from all addresses together (`login_scopes`); None: the same as `limit`."""

    def limit_of(self, scope: str) -> int:
        """The number of failures that locks `scope`."""
        if scope.startswith(CLIENT_SCOPE_PREFIX):
            return self.address_limit
        # A pair is told by "|client:", never by "|" alone: an e-mail may hold a "|", never a ":".
        if scope.startswith((USER_SCOPE_PREFIX, RESET_SCOPE_PREFIX)) and PAIR_SEPARATOR + CLIENT_SCOPE_PREFIX not in scope:
            return self.login_ceiling or self.limit
        return self.limit


class AttemptCounter:
    """Counts failed attempts per scope and locks a scope at the limit.

    A scope is a string such as ``client:127.0.0.1``, ``account:1000234567``
    or ``user:jane@example.com``.  Failures are counted in a window that
    starts at the first failure and lasts `policy.seconds`; reaching the
    scope's limit (`policy.limit_of`) in it locks the scope for `policy.seconds`.
    """

    def __init__(self, policy: LockoutPolicy) -> None:
        self.policy = policy

    def locked(self, tx: Tx, scopes: list[str], now: float) -> bool:
        """True when any of `scopes` is locked at `now` (a read: the counters are not held, see `Tx.failure_as_committed`)."""
        for scope in scopes:
            row = tx.failure_as_committed(scope)
            if row is not None and row.locked_until is not None and row.locked_until > now:
                return True
        return False

    def fail(self, tx: Tx, scopes: list[str], now: float) -> bool:
        """Count one failure against every scope; True when one of them is now locked."""
        locked = False
        for scope in scopes:
            row = tx.failure(scope)
            if row is None or row.window_started_at + self.policy.seconds <= now:
                count, started = 1, now
            else:
                count, started = row.count + 1, row.window_started_at
            locked_until = None
            if count >= self.policy.limit_of(scope):
                locked_until, count, locked = now + self.policy.seconds, 0, True
            tx.save_failure(scope, count=count, window_started_at=started, locked_until=locked_until)
        return locked

    def remaining(self, tx: Tx, scope: str, now: float) -> int:
        """Failures `scope` may still have in its current window before it is locked."""
        row = tx.failure(scope)
        used = 0 if row is None or row.window_started_at + self.policy.seconds <= now else row.count
        return max(0, self.policy.limit_of(scope) - used)

    def succeed(self, tx: Tx, scope: str) -> None:
        """Forget the failures of `scope` (an account or login, never a client address)."""
        tx.clear_failure(scope)


def client_scope(address: str) -> str:
    """The attempt-counting scope of a client address."""
    return f"{CLIENT_SCOPE_PREFIX}{address}"


def account_scope(account_number: str) -> str:
    """The attempt-counting scope of a billing account."""
    return f"account:{account_number}"


def user_scope(email_key: str) -> str:
    """The attempt-counting scope of a SmartHub login (its case-folded e-mail)."""
    return f"{USER_SCOPE_PREFIX}{email_key}"


# --- Forgot Password: a lockout that is not a weapon ----------------------------------------


def pair_scope(subject: str, address: str) -> str:
    """The scope of one login (or account) tried from one client address: ``user:EMAIL|client:ADDRESS``."""
    return f"{subject}{PAIR_SEPARATOR}{client_scope(address)}"


def login_scopes(address: str, email_key: str) -> list[str]:
    """Where a failed secret for a login counts: the address, the login at this address, the login everywhere.

    Why three: counted per login alone, anyone who knows a member's e-mail
    could lock that login for everyone by failing a few times from anywhere.
    Here the login's own limit (`LockoutPolicy.limit`, the profile's
    ``failedLoginLockoutLimit``) applies to the pair of login and address, so
    those failures lock only the address they came from; the member at their
    own address is let through.  Guessing spread over many addresses still
    meets the login's ceiling (`LockoutPolicy.login_ceiling`, higher), which
    locks the login everywhere; the member's way out is then Forgot Password,
    whose success (the mailbox proven) lifts every lock of the login.  The
    address's own limit (many logins from one kiosk) stays as before.
    """
    subject = user_scope(email_key)
    return [client_scope(address), pair_scope(subject, address), subject]


def reset_scope(email_key: str) -> str:
    """The attempt-counting scope of a login's Forgot Password codes (and hint answers)."""
    return f"{RESET_SCOPE_PREFIX}{email_key}"


def reset_scopes(address: str, email_key: str) -> list[str]:
    """Where a wrong Forgot Password code (or hint answer) counts: as `login_scopes`, but apart from the password's.

    Apart, because Forgot Password is the way out of a password lockout:
    a member who locked their login by mistyping the password at their
    own address must still be able to reset it from there.  The code is
    another secret (8 random digits), guarded the same way: the login's
    limit per address, its higher ceiling across addresses.
    """
    subject = reset_scope(email_key)
    return [client_scope(address), pair_scope(subject, address), subject]


__all__ = [
    "AttemptCounter",
    "LockoutPolicy",
    "burn_verify",
    "hash_secret",
    "login_scopes",
    "new_reset_code",
    "keyed_hash",
    "new_temporary_password",
    "new_token",
    "new_verification_code",
    "normalize_verification_code",
    "verify_secret",
]
