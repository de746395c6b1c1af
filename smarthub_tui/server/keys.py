"""The server's key: where it lives (never in the database), and the keys derived from it.

Why outside the database: the database holds HMACs of tokens, codes and
CAPTCHA answers, and the security phrases and waiting e-mails encrypted.  A
key kept beside them would hand a thief of the database file everything it
protects.  So the key comes from one of, in this order:

1. ``--key-file PATH`` (`create_app(key_file=...)`): created on first run when
   it does not exist yet;
2. the environment variable ``SMARTHUB_SERVER_KEY`` (for containers and
   secret managers; base64 or hex of at least 32 random bytes, e.g. the
   output of ``openssl rand -base64 32``);
3. by default, the file ``<database>.key`` next to a SQLite database,
   created on first run with owner-only permissions (0600);
4. for an in-memory database, a key made for this process (the data dies
   with the process anyway).

A key file that other users can read is refused: whoever read it could
already hold the key, and quietly tightening it would hide that.

The database records a fingerprint of its key (an HMAC under a key derived
for that purpose only, useless for anything else), so a server started with
another key, or without the key file, stops at once with one line instead of
answering every token and code as unknown.

From the one master key, HKDF-SHA256 derives separate keys for each use: one
for HMACs (`keyed_hash`), one for authenticated encryption (AES-256-GCM), one
for the fingerprint.  Each sealed value is bound to where it is stored (its
table, column and owner) as associated data, so a value copied into another
row does not open.
"""

from __future__ import annotations

import base64
import binascii
import errno
import hashlib
import hmac
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from .store import Store, StoreError

ENV_VAR = "SMARTHUB_SERVER_KEY"
KEY_BYTES = 32
KEY_SUFFIX = ".key"
FINGERPRINT_META = "key_fingerprint"
_SEALED_PREFIX = "v1."
_NONCE_BYTES = 12
_FILE_HEADER = (
    "# smarthub-server key: without it the database next to it cannot be used.\n"
    "# Keep it private (mode 0600) and back it up apart from the database.\n"
)


class ServerKeyError(StoreError):
    """The key is missing, unreadable, badly made or not the database's; the message is one line, without the key."""


class SealedValueError(ValueError):
    """A sealed value does not open under this key and place (altered, moved, or sealed under another key)."""


def _derive(master: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"smarthub-tui server " + purpose).derive(master)


@dataclass(frozen=True)
class ServerKeys:
    """The keys derived from one master key; `seal` and `open` encrypt values kept at rest."""

    hmac_key: bytes
    fingerprint: str
    _aead: AESGCM = field(repr=False)

    def __repr__(self) -> str:  # no key material in a log line or a traceback
        return f"ServerKeys(fingerprint={self.fingerprint[:8]}...)"

    @classmethod
    def from_master(cls, master: bytes) -> ServerKeys:
        """Derive the HMAC, encryption and fingerprint keys from `master` (at least 32 bytes)."""
        if len(master) < KEY_BYTES:
            raise ServerKeyError(f"the server key must be at least {KEY_BYTES} bytes long, not {len(master)}")
        check = hmac.new(_derive(master, b"fingerprint v1"), b"smarthub-tui key check", hashlib.sha256)
        return cls(
            hmac_key=_derive(master, b"hmac v1"),
            fingerprint=check.hexdigest()[:32],
            _aead=AESGCM(_derive(master, b"aes-256-gcm v1")),
        )

    @classmethod
    def generate(cls) -> ServerKeys:
        """Keys for this process only (an in-memory database)."""
        return cls.from_master(new_master_key())

    def seal(self, plaintext: str, place: str) -> str:
        """`plaintext` encrypted and authenticated, bound to `place` (e.g. ``users.security_phrase:7``)."""
        nonce = secrets.token_bytes(_NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, plaintext.encode("utf-8", "surrogatepass"), place.encode("utf-8"))
        return _SEALED_PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")

    def open(self, sealed: str, place: str) -> str:
        """The plaintext of `seal(plaintext, place)`; `SealedValueError` if it was altered or moved."""
        try:
            if not sealed.startswith(_SEALED_PREFIX):
                raise ValueError("not sealed")
            data = base64.urlsafe_b64decode(sealed[len(_SEALED_PREFIX) :].encode("ascii"))
            plain = self._aead.decrypt(data[:_NONCE_BYTES], data[_NONCE_BYTES:], place.encode("utf-8"))
        except (ValueError, binascii.Error, InvalidTag):
            raise SealedValueError("a sealed value does not open with this server key") from None
        return plain.decode("utf-8", "surrogatepass")


def new_master_key() -> bytes:
    """32 fresh random bytes."""
    return secrets.token_bytes(KEY_BYTES)


def encode_key(master: bytes) -> str:
    """The text form of a key, as in a key file or ``SMARTHUB_SERVER_KEY``: standard base64."""
    return base64.b64encode(master).decode("ascii")


def parse_key(text: str, where: str) -> bytes:
    """The key written in `text` (hex, or standard or URL-safe base64); `where` names its source in errors."""
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
    if len(lines) != 1:
        raise ServerKeyError(f"{where} must hold one key (base64 or hex of {KEY_BYTES} random bytes)")
    value = lines[0]
    try:
        if re.fullmatch(r"(?:[0-9a-fA-F]{2}){32,}", value):
            master = bytes.fromhex(value)
        else:
            value = value.replace("-", "+").replace("_", "/")
            master = base64.b64decode(value + "=" * (-len(value) % 4), validate=True)
    except (ValueError, binascii.Error):
        raise ServerKeyError(f"{where} is not base64 or hex") from None
    if len(master) < KEY_BYTES:
        raise ServerKeyError(f"{where} holds {len(master)} bytes; a server key needs at least {KEY_BYTES}")
    return master


def key_from_environment(environ: dict[str, str] | None = None) -> bytes | None:
    """The key in ``SMARTHUB_SERVER_KEY``, or None when it is not set."""
    env = os.environ if environ is None else environ
    text = env.get(ENV_VAR, "")
    if not text.strip():
        return None
    return parse_key(text, ENV_VAR)


def default_key_file(database_path: Path) -> Path:
    """``server.db`` -> ``server.db.key``, next to it."""
    return database_path.with_name(database_path.name + KEY_SUFFIX)


def read_key_file(path: Path) -> bytes | None:
    """The key in `path`, or None when there is no such file; refuses a file other users may read."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise ServerKeyError(f"cannot read the key file {path}: {error.strerror or error}") from None
    if not path.is_file():
        raise ServerKeyError(f"the key file {path} is not a file")
    if os.name == "posix" and info.st_uid != os.geteuid():
        # A private file planted by someone else (in a shared folder) would be trusted otherwise.
        raise ServerKeyError(f"the key file {path} belongs to another user; the server's own user must own it")
    if os.name == "posix" and info.st_mode & 0o077:
        raise ServerKeyError(
            f"the key file {path} may be read by other users (mode {info.st_mode & 0o777:o}); "
            f"make it private with: chmod 600 {path}"
        )
    try:
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "it is not text"
        raise ServerKeyError(f"cannot read the key file {path}: {reason}") from None
    return parse_key(text, f"the key file {path}")


def create_key_file(path: Path) -> bytes:
    """Write a new key to `path` (mode 0600); if another process got there first, use its key.

    The key is written to a private temporary file first and then linked
    into place, which fails if `path` exists: a racing server never reads a
    half-written key, and two servers never end up with two keys.
    """
    master = new_master_key()
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(_FILE_HEADER + encode_key(master) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        try:
            _link_or_copy(temporary, path)
            _sync_directory(path.parent)  # the key's name survives a crash before the database records it
        except FileExistsError:
            existing = read_key_file(path)
            if existing is None:
                raise ServerKeyError(f"the key file {path} vanished while it was being created") from None
            return existing
    except OSError as error:
        raise ServerKeyError(f"cannot create the key file {path}: {error.strerror or error}") from None
    finally:
        temporary.unlink(missing_ok=True)
    return master


def _sync_directory(directory: Path) -> None:
    """Make a new name in `directory` durable (POSIX); where directories cannot be opened, nothing to do."""
    if os.name != "posix":
        return
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _link_or_copy(temporary: Path, path: Path) -> None:
    """Put the finished key file in place; `FileExistsError` when `path` exists already.

    Where the file system has no hard links, the key is copied into a file
    created exclusively instead (a racing server could then, rarely, read it
    half-written and stop with a clear error; it never overwrites a key).
    """
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError as error:
        if error.errno not in {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.ENOSYS}:
            raise
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(temporary.read_bytes())
            handle.flush()
            os.fsync(handle.fileno())


def keys_for(
    store: Store, *, master: bytes | None = None, master_source: str = "the given key", key_file: Path | None = None
) -> ServerKeys:
    """The keys of the server over `store`, from the first source the module docstring lists.

    `master` is a key given directly (``SMARTHUB_SERVER_KEY``, or a test's),
    `master_source` what to call it in an error; `key_file` a path given with ``--key-file``.  The database remembers the
    fingerprint of the first key it is used with and refuses any other, so a
    key file is only created for a database that has never had a key.
    """
    url = store.engine.url
    is_sqlite = url.get_backend_name() == "sqlite"
    database = Path(url.database).resolve() if is_sqlite and url.database and url.database != ":memory:" else None
    where = str(database) if database is not None else url.render_as_string(hide_password=True)
    with store.transaction() as tx:
        recorded = tx.get_meta(FINGERPRINT_META)
    if key_file is None and master is None and database is not None:
        key_file = default_key_file(database)
    if key_file is not None:
        master = read_key_file(key_file)
        if master is None:
            if recorded is not None:
                raise ServerKeyError(
                    f"the database {where} was written with a server key that is not here: "
                    f"the key file {key_file} does not exist (give the right one with --key-file or {ENV_VAR})"
                )
            master = create_key_file(key_file)
        source = f"the key file {key_file}"
    elif master is not None:
        source = master_source
    elif store.in_memory:
        return _record(store, ServerKeys.generate(), where, "a new key")
    else:
        raise ServerKeyError(f"the database {where} needs a server key: give --key-file or set {ENV_VAR}")
    return _record(store, ServerKeys.from_master(master), where, source)


def _record(store: Store, keys: ServerKeys, where: str, source: str) -> ServerKeys:
    """Remember the key's fingerprint in a new database; refuse a key that is not the database's."""
    with store.transaction() as tx:
        recorded = tx.get_meta(FINGERPRINT_META)
        if recorded is None:
            tx.set_meta(FINGERPRINT_META, keys.fingerprint)
        elif not hmac.compare_digest(recorded, keys.fingerprint):
            raise ServerKeyError(
                f"the database {where} was written with another server key than {source} "
                f"(give the right one with --key-file or {ENV_VAR})"
            )
    return keys


__all__ = [
    "ENV_VAR",
    "FINGERPRINT_META",
    "SealedValueError",
    "ServerKeyError",
    "ServerKeys",
    "create_key_file",
    "default_key_file",
    "encode_key",
    "key_from_environment",
    "keys_for",
    "new_master_key",
    "parse_key",
    "read_key_file",
]
