"""The schema of the server before migrations (``meta.schema_version`` 2), frozen.

Why a copy: `smarthub_tui.server.store.metadata` moves on with every schema
change, but the test that upgrades "a database made by the previous server"
must keep making exactly what that server made (``metadata.create_all`` plus
the ``meta`` rows), on SQLite and on PostgreSQL alike.  Copied from store.py
as it was when the migrations arrived; never edit it.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

SCHEMA_VERSION = 2

metadata = MetaData()

# The schema version and the fingerprint of the server key (never the key itself).
meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# The co-op's billing records (in a real co-op: its customer information system).
accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("account_number", String(20), nullable=False, unique=True),
    Column("holder_name", String(200), nullable=False),
    Column("name_key", String(200), nullable=False),
    Column("billing_zip", String(5)),
    Column("mailing_zip", String(5)),
    Column("ssn4_hash", String(200)),
)

# A SmartHub login: one per e-mail address, linked to one or more accounts.
users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String(254), nullable=False),
    Column("email_key", String(254), nullable=False, unique=True),
    Column("created_at", Float, nullable=False),
    Column("password_hash", String(200)),
    Column("temp_password_hash", String(200)),
    Column("temp_password_expires_at", Float),
    Column("temp_password_used_at", Float),
    Column("email_verified_at", Float),
    Column("paperless", Boolean),
    # Sealed (AES-GCM under the server key, bound to this user id): it is shown back, so it cannot be hashed.
    Column("security_phrase", Text),
)

registrations = Table(
    "registrations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("account_id", Integer, ForeignKey("accounts.id"), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("terms_version", String(100), nullable=False),
    Column("terms_accepted_at", Float, nullable=False),
    Column("hint_question", String(200)),
    Column("hint_answer_hash", String(200)),
    UniqueConstraint("account_id", "user_id", name="uq_registration_account_user"),
)

registration_sessions = Table(
    "registration_sessions",
    metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("account_id", Integer, ForeignKey("accounts.id"), nullable=False),
    Column("email", String(254), nullable=False),
    Column("client", String(100), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("expires_at", Float, nullable=False, index=True),
    Column("completed_at", Float),
    # When the session passed its CAPTCHA; no identity answer is judged before.
    Column("human_at", Float),
    # Where its identity check stands: NULL (no answer), "held_match" / "held_mismatch"
    # (judged, verdict held until the CAPTCHA is passed), "verified", "mismatch" (told).
    Column("identity_status", String(16)),
)

captchas = Table(
    "captchas",
    metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("session_hash", String(64), nullable=False, index=True),
    Column("style", String(16), nullable=False),
    Column("answer_hash", String(64)),
    Column("challenge", String(100)),
    Column("difficulty_bits", Integer),
    Column("created_at", Float, nullable=False),
    Column("expires_at", Float, nullable=False, index=True),
    Column("used_at", Float),
)

verification_codes = Table(
    "verification_codes",
    metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("expires_at", Float, nullable=False),
    Column("used_at", Float),
)

auth_tokens = Table(
    "auth_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False, index=True),
    Column("origin", String(16), nullable=False),
    Column("password_change_required", Boolean, nullable=False),
    Column("created_at", Float, nullable=False),
    Column("expires_at", Float, nullable=False, index=True),
    Column("revoked_at", Float),
)

# Failed attempts per scope ("client:ADDRESS", "account:NUMBER", "user:EMAIL").
failures = Table(
    "failures",
    metadata,
    Column("scope_key", String(400), primary_key=True),
    Column("count", Integer, nullable=False),
    Column("window_started_at", Float, nullable=False),
    Column("locked_until", Float),
)

rate_windows = Table(
    "rate_windows",
    metadata,
    Column("client", String(100), primary_key=True),
    Column("window_start", Integer, primary_key=True),
    Column("count", Integer, nullable=False),
    Index("ix_rate_windows_window_start", "window_start"),
)

# Idempotency-Keys, stored as an HMAC of the registration session and the key.
idempotency = Table(
    "idempotency",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("request_hash", String(64), nullable=False),
    Column("status_code", Integer, nullable=False),
    Column("response_json", Text, nullable=False),
    Column("created_at", Float, nullable=False, index=True),
)

outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("to_email", String(254), nullable=False),
    Column("to_key", String(254), nullable=False, index=True),
    Column("sender", String(254), nullable=False),
    Column("subject", Text, nullable=False),
    # Sealed while it waits; blanked once delivered by SMTP (outside demo mode) or once the
    # code or temporary password in it has expired (`expires_at`).
    Column("body", Text, nullable=False),
    Column("sent_at", Float, nullable=False),
    Column("delivered_at", Float),
    Column("expires_at", Float, index=True),
)

# --- contacts ---
# More places a login's notices go besides its own e-mail: e-mail addresses and US mobile numbers
# (E.164).  Each starts pending with a confirmation code (hashed, keyed by the row) and is active
# once the code came back; the code is then dropped, so it cannot be used twice.
contacts = Table(
    "contacts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False, index=True),
    Column("kind", String(8), nullable=False),
    Column("address", String(254), nullable=False),
    Column("address_key", String(254), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("confirmed_at", Float),
    Column("code_hash", String(64)),
    Column("code_expires_at", Float),
    UniqueConstraint("user_id", "address_key", name="uq_contact_user_address"),
)


# --- Forgot Password ---
# Reset codes, stored as an HMAC under the server key bound to their login (a code
# of 8 digits is only worth anything with the login it was sent to).
password_resets = Table(
    "password_resets",
    metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False, index=True),
    Column("created_at", Float, nullable=False),
    Column("expires_at", Float, nullable=False, index=True),
    Column("used_at", Float),
)
