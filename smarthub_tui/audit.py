"""The agent's audit log: who did what, append-only, each record chained to the one before.

A call centre must be able to show afterwards which agent took which step of
which member's registration, and that nobody has quietly changed that record
since.  The log is a file of JSON lines in the platform's data directory, one
line per record::

    {"time": "2026-12-01T02:30:00.123Z", "agent": "ana", "step": "identity",
     "outcome": "ok", "account": "******4567", "detail": "...",
     "prev": "<64 hex>", "hash": "<64 hex>"}

The chain:

* ``prev`` is the SHA-256 of the previous line's exact bytes, its newline
  included (64 zeros on the first line).  Removing, reordering or inserting a
  line, or editing one and fixing its own ``hash``, breaks the next line's
  ``prev``.
* ``hash`` is the SHA-256 of the record's own line as it would be written
  without the ``hash`` key.  It adds no secrecy (anyone can recompute it);
  it is stored so that a plain edit is reported at the line that was edited,
  not at the line after it.
* A cut-off last line (a crash or a truncation mid-record: no final newline,
  or not JSON) is reported at that line.

What the chain cannot tell by itself: the last lines removed whole (the file
then simply ends earlier), or the whole file replaced by a fresh, consistent
chain.  A co-op anchors the head by keeping the last hash elsewhere (the one
`verify` prints, e.g. in a daily report or a ticket) and later running
``smarthub-tui audit verify --anchor HASH``, which fails unless the chain
still reaches that record.

Nothing secret belongs here: callers pass the step, the outcome and the
account number (stored masked to its last four digits); never a password,
an identity answer, a code or a key.  Every text field is stripped of
control characters and escape sequences (the log is read in terminals) and
capped in length.

Writers: each record is appended under an exclusive ``flock`` on the file,
and the previous line is read under that lock, so two agents' processes on
one machine can write to one log without breaking the chain.  The file is
opened ``O_APPEND``, created 0600, and flushed and fsynced per record.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from smarthub_tui.text import inert

GENESIS = "0" * 64
"""The ``prev`` of the first record: there is no line before it."""

FIELD_LIMIT = 120
"""The longest agent, step or outcome kept (in characters); longer is cut."""

DETAIL_LIMIT = 500
"""The longest detail kept (in characters): a note, not a transcript."""

_READ_BACK = 4096


def default_audit_path() -> Path:
    """Where the log lives unless told otherwise: the user's data directory (e.g. ~/.local/share/smarthub-tui/audit.jsonl)."""
    import platformdirs

    return platformdirs.user_data_path("smarthub-tui") / "audit.jsonl"


def mask_account(number: str) -> str:
    """The account number with all but its last four characters hidden; a short one (under 5) is hidden whole.

    A short number is hidden whole because its last four would be most or
    all of it.
    """
    cleaned = clean(number, FIELD_LIMIT).strip()
    if len(cleaned) < 5:
        return "*" * len(cleaned) if cleaned else "****"
    return "*" * (len(cleaned) - 4) + cleaned[-4:]


def clean(text: str, limit: int) -> str:
    """`text` on one line, without control characters or escape sequences, at most `limit` characters."""
    cleaned = inert(text, single_line=True)
    if len(cleaned) > limit:
        cleaned = cleaned[: limit - 1] + "…"
    return cleaned


def line_hash(line: bytes) -> str:
    """The SHA-256 (hex) of one line's exact bytes, as the next record's ``prev`` carries it."""
    return hashlib.sha256(line).hexdigest()


def _encode(record: dict[str, object]) -> bytes:
    """One record as the bytes of its line (without the newline): compact, ASCII, keys in the order given."""
    return json.dumps(record, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def _own_hash(record: dict[str, object]) -> str:
    """The record's own ``hash``: the SHA-256 of its line as written without the ``hash`` key."""
    return hashlib.sha256(_encode({k: v for k, v in record.items() if k != "hash"})).hexdigest()


class AuditLog:
    """An append-only, hash-chained JSON-lines log at `path` (see the module's docstring).

    `clock` gives the time of each record (seconds since the epoch), so a test
    can fix it.
    """

    def __init__(self, path: Path, *, clock: Callable[[], float] = time.time) -> None:
        self.path = Path(path)
        self._clock = clock

    def record(
        self,
        *,
        agent: str,
        step: str,
        outcome: str,
        account_number: str | None = None,
        detail: str | None = None,
    ) -> None:
        """Append one record, chained to the last line in the file, and make it durable before returning.

        Raises `OSError` when the file cannot be written: an audit that
        silently stops is worse than a step that stops.
        """
        when = datetime.fromtimestamp(self._clock(), UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        entry: dict[str, object] = {
            "time": when,
            "agent": clean(agent, FIELD_LIMIT),
            "step": clean(step, FIELD_LIMIT),
            "outcome": clean(outcome, FIELD_LIMIT),
            "account": None if account_number is None else mask_account(account_number),
        }
        if detail is not None:
            entry["detail"] = clean(detail, DETAIL_LIMIT)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                entry["prev"] = _last_line_hash(self.path)
                entry["hash"] = _own_hash(entry)
                data = _encode(entry) + b"\n"
                written = 0
                while written < len(data):
                    written += os.write(fd, data[written:])
                os.fsync(fd)
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


def _last_line_hash(path: Path) -> str:
    """The hash of the file's last line (its exact bytes), or GENESIS for an empty file.

    Read backwards in blocks, so a long log costs no more than a short one.
    A last line cut off mid-write (no newline) is hashed as it is: the chain
    then carries on from it, and `verify` reports the broken line.
    """
    with path.open("rb") as handle:
        end = handle.seek(0, os.SEEK_END)
        if end == 0:
            return GENESIS
        tail = b""
        position = end
        while position > 0:
            step = min(_READ_BACK, position)
            position -= step
            handle.seek(position)
            tail = handle.read(step) + tail
            # A newline before the last byte marks where the last line starts.
            start = tail.rfind(b"\n", 0, len(tail) - 1)
            if start != -1:
                return line_hash(tail[start + 1 :])
        return line_hash(tail)


@dataclass(frozen=True)
class AuditCheck:
    """What `verify` found: `ok`, how many `records` were read, the first `problem` and its `line` (1-based), and `last_hash`.

    `last_hash` is the hash of the last good line (what the next record's
    ``prev`` must be): the value a co-op keeps elsewhere to anchor the head.
    """

    ok: bool
    records: int
    problem: str | None = None
    line: int | None = None
    last_hash: str = GENESIS
    hashes: tuple[str, ...] = field(default=(), repr=False)
    """Every good line's hash in order, for checking an anchor."""


REQUIRED = ("time", "agent", "step", "outcome", "account", "prev", "hash")


def verify(path: Path) -> AuditCheck:
    """Check the whole chain of the log at `path`; the first problem stops the check.

    Raises `FileNotFoundError` when there is no log (not the same as an
    empty, intact one).
    """
    data = Path(path).read_bytes()
    expected = GENESIS
    hashes: list[str] = []
    lines = data.split(b"\n")
    complete = lines[:-1]  # what follows the last newline is either b"" or a cut-off line

    def broken(number: int, why: str) -> AuditCheck:
        return AuditCheck(False, number - 1, why, number, expected, tuple(hashes))

    for number, body in enumerate(complete, start=1):
        problem = _check_line(body, expected)
        if problem is not None:
            return broken(number, problem)
        expected = line_hash(body + b"\n")
        hashes.append(expected)
    if lines[-1]:
        return broken(len(lines), "the last line is cut off (no newline at its end): a truncated or interrupted write")
    return AuditCheck(True, len(complete), None, None, expected, tuple(hashes))


def _check_line(body: bytes, expected_prev: str) -> str | None:
    """Why one line (without its newline) breaks the chain, or None when it follows on from `expected_prev`."""
    try:
        record = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return "not a JSON record (damaged, or not written by smarthub-tui)"
    if not isinstance(record, dict):
        return "not a JSON record (damaged, or not written by smarthub-tui)"
    missing = [key for key in REQUIRED if key not in record]
    if missing:
        return f"the record has no {', '.join(missing)}"
    if not isinstance(record["hash"], str) or record["hash"] != _own_hash(record):
        return "the record does not match its own hash: this line was edited"
    if record["prev"] != expected_prev:
        return "its prev hash does not match the line before: a line before it was edited, removed or moved, or this one was inserted"
    if _encode(record) != body:
        return "the line is not as it was written (its spacing or escaping changed)"
    return None


def audit_main(argv: list[str]) -> int:
    """`smarthub-tui audit verify [--file PATH] [--anchor HASH]`: 0 intact, 1 broken, 2 no log or a bad command line."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="smarthub-tui audit",
        description="Check the agent audit log: each record carries the hash of the line before it,\n"
        "so an edited, removed, reordered or inserted line is found.",
        epilog=f"default log: {default_audit_path()}\n\n"
        "Lines removed from the end cannot be seen in the file alone: keep the last hash\n"
        "printed here elsewhere and pass it later as --anchor.\n\n"
        "exit status: 0 chain intact, 1 chain broken (or the anchor not found),\n"
        "2 no log file or a bad command line.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="verify")
    check = commands.add_parser("verify", help="check the hash chain of the audit log")
    check.add_argument("--file", metavar="PATH", type=Path, help="the log to check (default: the one the wizard writes)")
    check.add_argument(
        "--anchor",
        metavar="HASH",
        help="a last hash printed by an earlier verify: fail unless the log still reaches that record",
    )
    args = parser.parse_args(argv)
    path: Path = args.file if args.file is not None else default_audit_path()
    shown = inert(str(path), single_line=True)
    try:
        result = verify(path)
    except FileNotFoundError:
        print(f"audit log {shown}: no such file", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"audit log {shown}: cannot be read ({error.strerror})", file=sys.stderr)
        return 2
    if not result.ok:
        print(f"audit log {shown}: chain broken at line {result.line}: {result.problem}")
        return 1
    if args.anchor is not None and args.anchor.strip().lower() not in (GENESIS, *result.hashes):
        print(
            f"audit log {shown}: {result.records} records, chain intact, but the anchor {inert(args.anchor, single_line=True)} "
            "is not in it: records were removed from the end, or the log was replaced"
        )
        return 1
    print(f"audit log {shown}: {result.records} records, chain intact (last hash {result.last_hash})")
    return 0
