"""The proof-of-work behind the "I'm not a robot" CAPTCHA.

The server hands out a signed challenge and a difficulty; the client finds a
nonce such that SHA-256 of ``"{challenge}:{nonce}"`` starts with that many zero
bits.  Solving takes about 2**difficulty hashes (65,536 at 16 bits, a fraction
of a second), checking takes one.  Both sides use this module.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

# The most a profile may ask for: about 2**28 hashes, minutes of work in Python.
MAX_DIFFICULTY_BITS = 28


def leading_zero_bits(digest: bytes) -> int:
    """How many zero bits the digest starts with."""
    bits = 0
    for byte in digest:
        if byte == 0:
            bits += 8
            continue
        return bits + (8 - byte.bit_length())
    return bits


def is_solution(challenge: str, nonce: str, difficulty_bits: int) -> bool:
    """True when `nonce`, a decimal number in ASCII digits, solves `challenge` at `difficulty_bits`.

    ``str.isdigit`` alone would also take ``"１２"`` or ``"²"``: more strings
    to try than the contract's decimal nonces, so only ASCII counts.
    """
    if not (nonce.isascii() and nonce.isdigit()) or len(nonce) > 20:
        return False
    digest = hashlib.sha256(f"{challenge}:{nonce}".encode()).digest()
    return leading_zero_bits(digest) >= difficulty_bits


def solve(
    challenge: str,
    difficulty_bits: int,
    *,
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    report_every: int = 4096,
) -> str | None:
    """Find a nonce for `challenge`; None if `cancelled()` turned true first.

    `progress(tried)` is called every `report_every` attempts so a UI can show
    how far it has got (the expected work is ``2 ** difficulty_bits``).
    """
    prefix = hashlib.sha256(f"{challenge}:".encode())
    whole_bytes, rest_bits = divmod(difficulty_bits, 8)
    limit = 256 >> rest_bits  # the next byte must be below this
    nonce = 0
    while True:
        h = prefix.copy()
        text = str(nonce)
        h.update(text.encode())
        digest = h.digest()
        if not any(digest[:whole_bytes]) and (rest_bits == 0 or digest[whole_bytes] < limit):
            return text
        nonce += 1
        if nonce % report_every == 0:
            if progress is not None:
                progress(nonce)
            if cancelled is not None and cancelled():
                return None
