"""Property and example tests for the validators the server enforces and the wizard explains."""

from __future__ import annotations

import string
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smarthub_tui import validation as v
from smarthub_tui.profiles import PasswordPolicy, load_profile

digits = st.text(alphabet=string.digits, min_size=1, max_size=30)


@given(st.text(max_size=300))
def test_email_either_normalizes_or_gives_a_reason(value):
    try:
        normalized = v.normalize_email(value)
    except v.Invalid as error:
        assert str(error)  # a reason in words, never empty
    else:
        assert "@" in normalized
        assert len(normalized) <= v.MAX_EMAIL_LENGTH
        # Normalizing is idempotent: what we store validates to itself.
        assert v.normalize_email(normalized) == normalized


@pytest.mark.parametrize("good", ["jane.doe@abc-isp.net", "JANE@Example.COM", "josé.peña@ejemplo.mx", "a+b@x.co"])
def test_good_emails(good):
    assert v.normalize_email(good)


@pytest.mark.parametrize("bad", ["", "jane", "jane@", "@x.com", "a b@x.com", "jane@localhost", "x" * 250 + "@x.com"])
def test_bad_emails(bad):
    with pytest.raises(v.Invalid):
        v.normalize_email(bad)


def test_email_confirmation_ignores_domain_case_only():
    assert v.emails_match("Jane@Example.com", "jane@example.COM")
    assert not v.emails_match("jane@example.com", "jane2@example.com")


@given(digits)
def test_account_number_accepts_exactly_4_to_20_digits(value):
    if 4 <= len(value) <= 20:
        assert v.normalize_account_number(value) == value
    else:
        with pytest.raises(v.Invalid):
            v.normalize_account_number(value)


@given(st.text(max_size=40))
def test_account_number_output_is_only_digits(value):
    try:
        result = v.normalize_account_number(value)
    except v.Invalid:
        return
    assert result.isascii() and result.isdigit()


def test_account_number_tolerates_spaces_and_dashes_as_printed():
    assert v.normalize_account_number(" 1000-1234 56 ") == "1000123456"


@given(st.text(max_size=20))
def test_zip_is_five_digits_or_zip_plus_four(value):
    try:
        result = v.normalize_zip(value)
    except v.Invalid:
        return
    assert len(result) == 5 and result.isascii() and result.isdigit()


@pytest.mark.parametrize(("raw", "expected"), [("78636", "78636"), ("78636-1234", "78636"), ("786361234", "78636")])
def test_zip_examples(raw, expected):
    assert v.normalize_zip(raw) == expected


@given(st.text(max_size=10))
def test_ssn4_is_exactly_four_ascii_digits(value):
    ok = len(value.strip()) == 4 and value.strip().isascii() and value.strip().isdigit()
    if ok:
        assert v.normalize_ssn4(value) == value.strip()
    else:
        with pytest.raises(v.Invalid):
            v.normalize_ssn4(value)


@given(st.text(max_size=200))
def test_names_never_keep_control_characters(value):
    try:
        name = v.normalize_name(value)
    except v.Invalid:
        return
    assert name == name.strip() and 0 < len(" ".join(value.split())) <= v.MAX_NAME_LENGTH
    assert not any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in name)


@pytest.mark.parametrize("name", ["Peña", "Nguyễn", "O'Brien", "Hill Country Bakery LLC", "Zoë ☀️"])
def test_real_names_are_kept_exactly(name):
    assert v.normalize_name(name) == name


policies = st.builds(
    PasswordPolicy,
    minimumPasswordLength=st.integers(1, 20),
    maximumPasswordLength=st.integers(20, 128),
    requireUppercase=st.booleans(),
    requireLowercase=st.booleans(),
    requireDigit=st.booleans(),
    requireSpecial=st.booleans(),
    blocklist=st.booleans(),
)


@settings(max_examples=200)
@given(policies, st.text(max_size=140))
def test_check_password_accepts_exactly_when_every_rule_is_met(policy, password):
    rules = v.password_rules(policy, password)
    try:
        v.check_password(policy, password)
    except v.Invalid as error:
        assert not all(rule.met for rule in rules)
        assert str(error).startswith(("The password does not meet", "The two passwords"))
    else:
        assert all(rule.met for rule in rules)


@given(policies, st.text(max_size=140))
def test_rules_match_their_definition(policy, password):
    met = {rule.key: rule.met for rule in v.password_rules(policy, password)}
    assert met["min"] == (len(password) >= policy.minimumPasswordLength)
    assert met["max"] == (0 < len(password) <= policy.maximumPasswordLength)
    if policy.requireUppercase:
        assert met["upper"] == any(c.isupper() for c in password)
    if policy.requireDigit:
        assert met["digit"] == any(c.isdigit() for c in password)


def test_pec_policy_is_the_guides():
    policy = load_profile("pec").passwordPolicy
    assert v.password_rules(policy, "Abcde1") and all(r.met for r in v.password_rules(policy, "Abcde1"))
    for bad in ("Abcd1", "Abcdefghij1", "abcdef1", "Abcdefg"):
        with pytest.raises(v.Invalid):
            v.check_password(policy, bad)


def test_default_policy_blocks_common_passwords_but_not_long_passphrases():
    policy = load_profile("default").passwordPolicy
    for common in ("password", "Password1", "qwerty123", "iloveyou"):
        if len(common) >= policy.minimumPasswordLength:
            with pytest.raises(v.Invalid):
                v.check_password(policy, common)
    v.check_password(policy, "correct horse battery staple")


def test_default_policy_refuses_the_email_name_and_mismatched_confirmation():
    policy = load_profile("default").passwordPolicy
    with pytest.raises(v.Invalid):
        v.check_password(policy, "janedoe-rules-2026", email="janedoe@example.com")
    with pytest.raises(v.Invalid, match="do not match"):
        v.check_password(policy, "correct horse battery staple", "correct horse battery")


@pytest.mark.parametrize(
    ("email", "password", "met"),
    [
        ("a@example.com", "a long walk in the hill country", True),  # one letter is not the address
        ("jo@example.com", "jolly good evening lamp", True),
        ("ann@example.com", "my name is ann and this is it", False),
        ("Jane.Doe@example.com", "JANE.DOE forever and ever", False),
    ],
)
def test_the_email_rule_needs_a_name_long_enough_to_matter(email, password, met):
    rules = {r.key: r.met for r in v.password_rules(load_profile("default").passwordPolicy, password, email=email)}
    assert rules["email"] is met


@given(st.text(max_size=150), st.integers(1, 20))
def test_security_phrase_respects_its_limits(phrase, minimum):
    try:
        result = v.check_security_phrase(phrase, minimum, 100)
    except v.Invalid as error:
        assert str(error)
    else:
        assert minimum <= len(result) <= 100
        assert result == " ".join(result.split())


@given(st.text(max_size=120))
def test_hint_answers_compare_without_case_or_spacing(answer):
    try:
        key = v.normalize_hint_answer(answer)
    except v.Invalid:
        return
    assert v.normalize_hint_answer(answer.casefold()) == key
    assert v.normalize_hint_answer("  " + answer + "  ") == key


# --- names are matched ignoring case, accents and extra spaces --------------------------------


@pytest.mark.parametrize(
    ("typed", "on_file"),
    [
        ("alvarez", "Álvarez"),
        ("NGUYEN", "Nguyễn"),
        ("pena", "Peña"),
        ("  de   la  cruz ", "De La Cruz"),
        ("STRASSE", "Straße"),  # ß folds to ss
        ("Fisher", "\ufb01sher"),  # the ﬁ ligature
        ("ince", "İnce"),  # Turkish dotted capital I
        ("isik", "Işık"),  # Turkish dotless i has no decomposition
        ("oresund", "Øresund"),
        ("walesa", "Wałęsa"),
        ("o'brien", "O\u2019Brien"),  # a typographic apostrophe
        ("smith-jones", "Smith\u2010Jones"),  # a Unicode hyphen
        ("Nguyễn", "Nguye\u0302\u0303n"),  # composed or decomposed, the same name
        ("ＤＯＥ", "Doe"),  # full-width letters
    ],
)
def test_names_match_ignoring_case_accents_and_spaces(typed, on_file):
    assert v.name_key(typed) == v.name_key(on_file)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Doe", "Dole"),
        ("Pena", "Penna"),
        ("Nguyen", "Nguyet"),
        ("Smith Jones", "Smithjones"),  # a space between words still counts
        ("राम", "रम"),  # Devanagari vowel signs are letters, not accents
        ("김", "금"),
        ("がく", "かく"),  # kana voicing marks make another syllable
    ],
)
def test_different_names_still_differ(one, other):
    assert v.name_key(one) != v.name_key(other)


@given(st.text(max_size=120))
def test_name_folding_is_idempotent(value):
    folded = v.fold_name(value)
    assert v.fold_name(folded) == folded


# Latin accents as a keyboard or a bill might carry them (NFC after adding, as an editor would).
ACCENTS = st.sampled_from(["\u0300", "\u0301", "\u0302", "\u0303", "\u0308", "\u030a", "\u030c", "\u0327", "\u0323"])
ascii_words = st.lists(st.text(alphabet=string.ascii_letters, min_size=1, max_size=12), min_size=1, max_size=4)


@st.composite
def _variant(draw, words):
    """The same words with random case, accents and spacing."""
    out = []
    for word in words:
        letters = []
        for ch in word:
            ch = ch.upper() if draw(st.booleans()) else ch.lower()
            letters.append(ch + (draw(ACCENTS) if draw(st.integers(0, 3)) == 0 else ""))
        out.append("".join(letters))
    gaps = [draw(st.sampled_from([" ", "  ", "\t", " \u00a0"])) for _ in out]
    text = "".join(gap + word for gap, word in zip(gaps, out, strict=True)) + draw(st.sampled_from(["", " ", "  "]))
    return unicodedata.normalize("NFC", text)


@given(st.data(), ascii_words)
def test_accent_case_and_space_variants_of_a_name_match(data, words):
    variant = data.draw(_variant(words))
    assert v.name_key(variant) == v.name_key(" ".join(words))


@given(ascii_words, ascii_words)
def test_names_that_differ_in_letters_keep_differing(one, other):
    if " ".join(one).casefold() != " ".join(other).casefold():
        assert v.name_key(" ".join(one)) != v.name_key(" ".join(other))
