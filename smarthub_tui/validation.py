"""Validators shared by the server (which enforces them) and the wizard (which explains them).

Each returns a plain-words reason on failure, so the same sentence can be shown
next to the field and sent in an API error.  Nothing here imports Textual, and
nothing here ever puts the checked value into a message: some are secrets.
"""

from __future__ import annotations

import ast
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from smarthub_tui.lazy_dataclass import dataclass  # built at first use during the start

if TYPE_CHECKING:
    from smarthub_tui.profiles import PasswordPolicy


ACCOUNT_NUMBER = re.compile(r"^[0-9]{4,20}$")
ZIP_CODE = re.compile(r"^[0-9]{5}(?:-?[0-9]{4})?$")
SSN4 = re.compile(r"^[0-9]{4}$")
MAX_NAME_LENGTH = 100
# Control, format (zero-width, bidi), surrogate and private-use characters: never part of a name.
REFUSED_NAME_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co"})
MAX_EMAIL_LENGTH = 254
# An e-mail name shorter than this ("a@", "jo@") is a letter or two, not a word to guess from:
# refusing every password that contains it would refuse most passwords.
MIN_FORBIDDEN_EMAIL_NAME = 3


class Invalid(ValueError):
    """A value failed validation; `str(error)` is the plain-words reason."""


def normalize_email(value: str) -> str:
    """Return the address in the form we store and compare (domain lower-cased).

    Raises `Invalid` with the reason when it is not a usable address.  No DNS
    look-up is made: registration must work offline and must not leak timing.
    """
    value = value.strip()
    if not value:
        raise Invalid("Enter your e-mail address.")
    if len(value) > MAX_EMAIL_LENGTH:
        raise Invalid("That e-mail address is too long.")
    # Imported here, not with the module: it costs about as much as the welcome screen, which checks no e-mail yet.
    from email_validator import EmailNotValidError, validate_email

    try:
        result = validate_email(value, check_deliverability=False)
    except EmailNotValidError as error:
        raise Invalid(f"That is not a valid e-mail address: {error}") from None
    return result.normalized


def emails_match(email: str, confirm: str) -> bool:
    """True when the confirmation names the same mailbox (case of the domain ignored)."""
    try:
        return normalize_email(email).casefold() == normalize_email(confirm).casefold()
    except Invalid:
        return False


def normalize_account_number(value: str) -> str:
    """Digits only (spaces and dashes as printed on bills are dropped); 4 to 20 of them."""
    digits = re.sub(r"[\s-]", "", value)
    if not digits:
        raise Invalid("Enter the account number from your bill.")
    if not ACCOUNT_NUMBER.fullmatch(digits):
        raise Invalid("The account number is 4 to 20 digits, as printed on your bill.")
    return digits


def normalize_name(value: str) -> str:
    """A last name or business name: trimmed, NFC, no control characters, 1-100 characters.

    It keeps accents and case as typed (this is what is sent); the server
    compares names by `name_key`, which ignores them.  The length is counted
    as typed (runs of spaces as one), before NFC, which lengthens a few
    letters (Devanagari and Hebrew ones): the published schema can then say
    the limit exactly.  Control, format (zero-width, bidi) and private-use
    characters are refused; code points this Python does not know yet are
    not, since a newer Unicode may have given them to a name.
    """
    collapsed = " ".join(value.split())
    if not collapsed:
        raise Invalid("Enter the last name or business name on the account.")
    if len(collapsed) > MAX_NAME_LENGTH:
        raise Invalid(f"The name can be at most {MAX_NAME_LENGTH} characters.")
    if any(unicodedata.category(ch) in REFUSED_NAME_CATEGORIES for ch in collapsed):
        raise Invalid("The name contains characters that cannot be part of a name.")
    return unicodedata.normalize("NFC", collapsed)


# The generic diacritics that Latin, Greek and Cyrillic accents decompose into (NFKD): acute,
# grave, circumflex, tilde, diaeresis, ring, caron, cedilla, ogonek, dot below (Vietnamese) ...
# Marks of other scripts (Devanagari vowel signs, kana voicing marks) make other letters, so they stay.
_ACCENT_BLOCKS = ((0x0300, 0x036F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF), (0xFE20, 0xFE2F))
# Letters that carry their accent built in (no decomposition), as a US keyboard would type them,
# and the apostrophes and hyphens a phone or a word processor puts in a name.
_PLAIN_LETTERS = str.maketrans(
    {
        "ı": "i",
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "ħ": "h",
        "ŧ": "t",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
    }
)


def _is_accent(ch: str) -> bool:
    code = ord(ch)
    return any(low <= code <= high for low, high in _ACCENT_BLOCKS)


def fold_name(value: str) -> str:
    """A name as it is compared: case, accents, compatibility forms and extra spaces ignored.

    Why: a call-centre agent cannot hear an accent and a US keyboard cannot
    easily type one, so ``alvarez`` must find ``Álvarez``, ``NGUYEN``
    ``Nguyễn`` and ``pena`` ``Peña``.  NFKD splits accents off their
    letters and undoes ligatures and full-width forms; case folding turns
    ``ß`` into ``ss`` and ``İ`` into ``i`` plus a dot, which goes with the
    other accents.  The comparison stays exact on this key, so guessing a
    name is no easier than guessing it without its accents.  Folding twice
    gives the same key (stored keys from an older server can be folded again).
    """
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", value).casefold())
    text = "".join(ch for ch in text if not _is_accent(ch)).translate(_PLAIN_LETTERS)
    return unicodedata.normalize("NFC", " ".join(text.split()))


def name_key(value: str) -> str:
    """A typed name checked (`normalize_name`) and folded for comparison (`fold_name`)."""
    return fold_name(normalize_name(value))


def normalize_zip(value: str) -> str:
    """A US ZIP code: 5 digits, or ZIP+4; returns the 5-digit part, which is what we compare."""
    value = value.strip()
    if not ZIP_CODE.fullmatch(value):
        raise Invalid("A ZIP code is 5 digits (or ZIP+4, like 78636-1234).")
    return value[:5]


def normalize_ssn4(value: str) -> str:
    """The last four digits of a Social Security or Tax ID number."""
    value = value.strip()
    if not SSN4.fullmatch(value):
        raise Invalid("Enter exactly the last 4 digits.")
    return value


def normalize_hint_answer(value: str) -> str:
    """A secret hint answer, compared case- and space-insensitively."""
    answer = " ".join(value.split())
    if not answer:
        raise Invalid("Enter an answer to the question.")
    if len(answer) > 100:
        raise Invalid("The answer can be at most 100 characters.")
    return answer.casefold()


def check_security_phrase(phrase: str, minimum: int, maximum: int) -> str:
    """Return the phrase trimmed, or raise `Invalid` with the rule it breaks."""
    phrase = " ".join(phrase.split())
    if len(phrase) < minimum:
        raise Invalid(f"The security phrase needs at least {minimum} characters.")
    if len(phrase) > maximum:
        raise Invalid(f"The security phrase can be at most {maximum} characters.")
    if any(unicodedata.category(ch) == "Cc" for ch in phrase):
        raise Invalid("The security phrase cannot contain control characters.")
    return phrase


@dataclass(frozen=True)
class Rule:
    """One line of the password checklist: a stable key, the words shown, and whether it is met."""

    key: str
    label: str
    met: bool


@lru_cache(maxsize=1)
def _common_passwords() -> str:
    """zxcvbn's list of the 30,000 most common passwords, as one string with each entry between commas; loaded once, on first use.

    One string of 212 KB: a frozenset of the 30,000 entries took about
    3.5 MiB, most of the wizard's memory growth on the password step, and a
    substring search of the string (about 0.1 ms, once per key typed in the
    password field) costs nothing a person can see.  No entry is empty or
    holds a comma, so `,entry,` matches exactly the whole entries.

    Read from its line of `zxcvbn/frequency_lists.py` rather than by importing
    that module, which builds all six of zxcvbn's lists (English words, names,
    film words: about 13 MiB) to use one.  The module is imported only if the
    line is not where it has always been.
    """
    from importlib.util import find_spec

    spec = find_spec("zxcvbn")  # finds the package without running it (its __init__ would load every list)
    if spec is not None and spec.origin is not None:
        try:
            with open(Path(spec.origin).with_name("frequency_lists.py"), encoding="utf-8") as source:
                for line in source:
                    if line.lstrip().startswith('"passwords": "'):
                        # `"passwords": "123456,password,...".split(","),`: the string literal, escapes and all.
                        literal = line.split(": ", 1)[1].rsplit(".split(", 1)[0]
                        entries: str = ast.literal_eval(literal)
                        return "," + entries + ","
        except OSError:
            pass
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    passwords: list[str] = FREQUENCY_LISTS["passwords"]
    return "," + ",".join(passwords) + ","


def is_common_password(password: str) -> bool:
    """True when the password (ignoring case) is among the 30,000 most common ones."""
    common = _common_passwords()  # first, so that a call with "" loads the list too (the checklist's warm-up)
    folded = password.casefold()
    return bool(folded) and "," not in folded and f",{folded}," in common


def password_rules(policy: PasswordPolicy, password: str, *, email: str = "") -> list[Rule]:
    """Every rule of `policy`, each marked met or not for `password`, in the order shown."""
    length = len(password)
    rules = [
        Rule("min", f"At least {policy.minimumPasswordLength} characters", length >= policy.minimumPasswordLength),
        Rule("max", f"No more than {policy.maximumPasswordLength} characters", 0 < length <= policy.maximumPasswordLength),
    ]
    if policy.requireUppercase:
        rules.append(Rule("upper", "An uppercase letter", any(ch.isupper() for ch in password)))
    if policy.requireLowercase:
        rules.append(Rule("lower", "A lowercase letter", any(ch.islower() for ch in password)))
    if policy.requireDigit:
        rules.append(Rule("digit", "A number", any(ch.isdigit() for ch in password)))
    if policy.requireSpecial:
        rules.append(Rule("special", "A symbol such as ! or #", any(not ch.isalnum() and not ch.isspace() for ch in password)))
    if policy.blocklist:
        rules.append(Rule("common", "Not a commonly used password", bool(password) and not is_common_password(password)))
    if policy.forbidEmail and email:
        local = email.split("@", 1)[0].casefold()
        contains = len(local) >= MIN_FORBIDDEN_EMAIL_NAME and local in password.casefold()
        rules.append(Rule("email", "Not your e-mail address", bool(password) and not contains))
    return rules


def check_password(policy: PasswordPolicy, password: str, confirm: str | None = None, *, email: str = "") -> None:
    """Raise `Invalid` naming the first unmet rule (or the mismatch); return None when acceptable."""
    for rule in password_rules(policy, password, email=email):
        if not rule.met:
            raise Invalid(f"The password does not meet this rule: {rule.label.lower()}.")
    if confirm is not None and confirm != password:
        raise Invalid("The two passwords do not match.")


# --- contacts ---------------------------------------------------------------------------------

US_MOBILE = re.compile(r"^\+1[2-9][0-9]{2}[2-9][0-9]{6}$")
"""A US number as stored and as the demo inbox is keyed: E.164, ``+1`` and ten digits (NANP rules)."""
_PHONE_PUNCTUATION = re.compile(r"[\s().\-\u2010-\u2015]")


def normalize_us_mobile(value: str) -> str:
    """A US mobile number in E.164 (``+15125550123``) from the ways people write one.

    Spaces, dots, dashes and brackets are dropped; a leading ``+1`` or ``1``
    is the country code.  What is left must be ten digits whose area code and
    exchange do not start with 0 or 1 (the North American plan), or it is
    refused with `Invalid`: a text message to a malformed number goes nowhere.
    """
    text = _PHONE_PUNCTUATION.sub("", value.strip())
    if not text:
        raise Invalid("Enter a mobile number.")
    if text.startswith("+"):
        if not text.startswith("+1"):
            raise Invalid("Only US mobile numbers can get text messages: start with +1 or leave the country code out.")
        text = text[2:]
    elif len(text) == 11 and text.startswith("1"):
        text = text[1:]
    if not text.isascii() or not text.isdigit() or len(text) != 10:
        raise Invalid("That is not a valid US mobile number: give the area code and the 7-digit number, as 512-555-0123.")
    number = "+1" + text
    if not US_MOBILE.match(number):
        raise Invalid("That is not a valid US mobile number: an area code or exchange cannot start with 0 or 1.")
    return number
