"""What each operation of docs/api.md does: the registration rules, apart from HTTP and SQL.

Why a layer of its own: the routes in `app.py` only translate HTTP to calls
here, and `store.py` only knows tables; the decisions in between (who may
register, what counts as a failed attempt, what gets hashed, which profile
text answers a refusal) are read in one place.

Each public method is one request and runs in one database transaction.  A
refusal that must leave a trace (a used-up CAPTCHA, a counted failure) is
raised as `ApiError` after the trace is written; the transaction commits it
and then the error travels on.  Any other exception rolls everything back,
so no request leaves half-written data.

Choices the contract left open, made here:

- **An account registered with a different e-mail** may be registered again
  with a new e-mail (a household can have several logins, as SmartHub
  allows); the new registrant passes the same identity check and CAPTCHA.
  ``409 already_registered`` is only for the same account *and* e-mail, the
  one alert the guides require.  Answering such a lookup with a 404 would
  lie to a legitimate second member; a distinct "registered elsewhere"
  answer would tell strangers the account is in use.
- **A login is an e-mail address.**  Registering a second account with the
  same e-mail links it to the same login; paperless and the security phrase
  belong to the login and so cover all its accounts.  A second registration
  never replaces a password already set: its temporary password or Verify
  Account code is an additional way in, until used or expired.
- **Identity questions offered** are the profile's options that this account
  has data for (PEC: "the list of questions is based on information
  associated with your account"); an account with fewer than the profile
  requires (or no SSN4 when the profile requires it) gets
  ``403 registration_not_allowed``.
- **Failed attempts** (identity answers, logins, current passwords, Verify
  Account codes) count per client address and per account number or login;
  an account or login locks at the profile's ``failedLoginLockoutLimit``, a
  client address at its higher ``address_lockout_limit`` (a call-centre
  terminal or kiosk serves many members);
  lookups that find nothing are not counted (typing an account number wrong
  is common; the rate limit and an argon2 verification per lookup bound
  guessing).
- **Temporary passwords are single use**: the first successful login with one
  uses it up; the session it opened may still name it as the current password
  when setting the new one.
"""

from __future__ import annotations

import hmac
import json
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from smarthub_tui.contract import ErrorCode
from smarthub_tui.durations import duration
from smarthub_tui.profiles import CaptchaStyle, CoopProfile, IdentityOption, VerificationStyle
from smarthub_tui.validation import (
    Invalid,
    check_security_phrase,
    emails_match,
    fold_name,
    name_key,
    normalize_account_number,
    normalize_email,
    normalize_hint_answer,
    normalize_ssn4,
    normalize_us_mobile,
    normalize_zip,
    password_rules,
)

from . import captcha, security
from .agents import MAX_KEY_LENGTH, AgentContext
from .errors import ApiError, not_authorized, rate_limited, validation_failed
from .keys import ServerKeys
from .mail import (
    DEFAULT_PUBLIC_URL,
    Mail,
    SmtpSender,
    contact_code_mail,
    contact_code_text,
    link_mail,
    normalize_public_url,
    password_reset_mail,
    temporary_password_mail,
)
from .schemas import (  # contacts, agents
    AgentPaperlessIn,
    AgentStatusIn,
    CaptchaAnswerIn,
    CaptchaIn,
    CompleteIn,
    ContactConfirmIn,
    ContactIn,
    ContactRemoveIn,
    IdentityCheckIn,
    IdentityIn,
    LookupIn,
    PaperlessIn,
    PasswordIn,
    PasswordResetConfirmIn,
    PasswordResetIn,
    SecurityPhraseIn,
    VerifyIn,
)
from .security import (
    AttemptCounter,
    LockoutPolicy,
    account_scope,
    client_scope,
    login_scopes,
    pair_scope,
    reset_scope,
    reset_scopes,
    user_scope,
)
from .store import Conflict, Row, Store, Tx

log = logging.getLogger("smarthub_tui.server")

SESSION_SECONDS = 15 * 60
TOKEN_SECONDS = 30 * 60
KEEP_EXPIRED_SECONDS = 24 * 60 * 60
RATE_WINDOW_SECONDS = 60
# --- the lookup's purge ---
PURGE_EVERY_SECONDS = 60
"""How often (by the service's clock) a lookup also deletes the rows `KEEP_EXPIRED_SECONDS` past use.

Why not at every lookup: those rows are a day stale, a minute more changes
nothing, and the six deletes held the write lock inside every lookup (a
few milliseconds of each member's step to the CAPTCHA).  Every lookup still
blanks the e-mails whose secret expired.
"""
# --- agents ---
AGENT_FOLLOW_UP_SECONDS = 30 * 60
"""How long after completion an agent may still follow a registration up (paperless, status)."""

# Where a session's identity check stands (`registration_sessions.identity_status`).
IDENTITY_HELD_MATCH = "held_match"
IDENTITY_HELD_MISMATCH = "held_mismatch"
IDENTITY_VERIFIED = "verified"
IDENTITY_MISMATCH = "mismatch"  # judged wrong and told; new answers replace it

T = TypeVar("T")
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The real clock."""
    return datetime.now(UTC)


def mask_account_number(number: str) -> str:
    """``****3456``: the last four digits only."""
    return "****" + number[-4:]


def _field(normalize: Callable[[str], T], value: str, field: str) -> T:
    """Run a validator from `smarthub_tui.validation`, turning its refusal into a 422 for `field`."""
    try:
        return normalize(value)
    except Invalid as error:
        raise validation_failed(field, str(error)) from None


def _phrase_place(user_id: int) -> str:
    """What a sealed security phrase is bound to: it opens for this login only."""
    return f"users.security_phrase:{user_id}"


def _mail_place(to_key: str) -> str:
    """What a sealed e-mail body is bound to: it opens only as mail to this address."""
    return f"outbox.body:{to_key}"


def _email_key(value: str) -> str:
    """How logins are compared: the normalised address, case-folded (or the text itself, if not an address)."""
    try:
        return normalize_email(value).casefold()
    except Invalid:
        return " ".join(value.split()).casefold()


@dataclass(frozen=True)
class AuthContext:
    """Who a secured request is from: the token (hashed) and its login."""

    token_hash: str
    user_id: int


class RegistrationService:
    """The operations of the HTTP contract for one co-op profile over one store."""

    def __init__(
        self,
        *,
        profile: CoopProfile,
        store: Store,
        keys: ServerKeys,
        clock: Clock = utc_now,
        demo: bool = False,
        captcha_text_source: captcha.TextSource = captcha.random_text,
        smtp: SmtpSender | None = None,
        rate_limit_per_minute: int = 120,
        public_url: str = DEFAULT_PUBLIC_URL,
        agent_rate_limit_per_minute: int = 600,
    ) -> None:
        self.profile = profile
        self.public_url = normalize_public_url(public_url)
        self.store = store
        self.demo = demo
        self.smtp = smtp
        self.rate_limit_per_minute = rate_limit_per_minute
        self.agent_rate_limit_per_minute = agent_rate_limit_per_minute
        self._keys = keys
        self._secret_key = keys.hmac_key
        self._clock = clock
        self._captcha_text_source = captcha_text_source
        self._rate_window_purged: int | None = None
        # when the lookup last purged; an in-memory database, made by this process, has nothing a day stale
        self._purged_at: float | None = None
        self._first_purge_due = not store.in_memory
        self.attempts = AttemptCounter(
            LockoutPolicy(
                limit=profile.failedLoginLockoutLimit,
                address_limit=profile.address_lockout_limit,
                seconds=profile.lockoutMinutes * 60,
                login_ceiling=profile.login_ceiling_limit,
            )
        )

    # --- helpers ------------------------------------------------------------------------------

    def now(self) -> float:
        """The injectable clock as POSIX seconds (a naive datetime is taken as UTC)."""
        moment = self._clock()
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.timestamp()

    def _hash(self, value: str) -> str:
        return security.keyed_hash(self._secret_key, value)

    def _locked(self) -> ApiError:
        return ApiError(423, ErrorCode.LOCKED_OUT, self.profile.lockoutMessage)

    def _refuse_if_locked(self, tx: Tx, scopes: list[str], now: float) -> None:
        if self.attempts.locked(tx, scopes, now):
            raise self._locked()

    def _wrong_code(self, tx: Tx, scopes: list[str], now: float, message: str, *, field: str) -> ApiError:
        """A wrong, used or expired e-mailed code: counted toward lockout (which may answer first), then refused at `field`."""
        self._count_failure(tx, scopes, now)
        return ApiError(400, ErrorCode.INVALID_TOKEN, message, field=field)

    def _count_failure(self, tx: Tx, scopes: list[str], now: float) -> None:
        """Count a failed attempt; raise the lockout answer when it reached the limit."""
        if self.attempts.fail(tx, scopes, now):
            log.warning("lockout after repeated failures (%d scopes)", len(scopes))
            raise self._locked()

    # --- 1: settings --------------------------------------------------------------------------

    def settings(self) -> dict[str, Any]:
        """The profile in force and whether this is a demo server."""
        return {"demo": self.demo, "profile": self.profile}

    # --- rate limit ---------------------------------------------------------------------------

    def count_request(self, client: str) -> None:
        """Count one request of `client`; raise ``429 rate_limited`` above the per-minute limit."""
        now = self.now()
        window = int(now // RATE_WINDOW_SECONDS) * RATE_WINDOW_SECONDS
        with self.store.transaction() as tx:
            count = self._bump_request_count(tx, client[:100], window)
        if count > self.rate_limit_per_minute:
            raise rate_limited(max(1, math.ceil(window + RATE_WINDOW_SECONDS - now)))

    def _bump_request_count(self, tx: Tx, client: str, window: int) -> int:
        """Count one request of `client` (an address or an agent's scope) in the minute `window`; the count.

        Old minutes are deleted once per minute per process, not on every
        request (each delete costs write-lock time, and on PostgreSQL every
        request's delete contends on the same stale rows).
        """
        if window != self._rate_window_purged:
            tx.forget_request_windows_before(window)
            self._rate_window_purged = window
        return tx.bump_request_count(client, window)

    # --- 2: lookup ----------------------------------------------------------------------------

    def lookup(self, body: LookupIn, client: str, agent: AgentContext | None = None) -> dict[str, Any]:
        """Match account number + name, refuse a known registration, open a 15-minute session.

        Opened by an `agent`, the session records it and counts as having
        passed its CAPTCHA (the agent is the human on this side of the
        phone): identity answers are judged at once, and complete does not
        ask for a CAPTCHA.  Every lockout still applies.
        """
        number = _field(normalize_account_number, body.accountNumber, "accountNumber")
        typed_name = _field(name_key, body.lastNameOrBusiness, "lastNameOrBusiness")
        email = _field(normalize_email, body.email, "email")
        self._check_confirm_email(body)
        now = self.now()
        # The same argon2 work whatever the outcome, so timing tells nothing.
        security.burn_verify()
        texts = self.profile.texts
        with self.store.transaction(commit_on=(ApiError,)) as tx:
            self._refuse_if_locked(tx, [client_scope(client)], now)
            account = tx.account_by_number(number)
            # Folded again: a key an older server stored kept its accents; folding is idempotent.
            stored_name = fold_name(account.name_key) if account is not None else ""
            name_matches = hmac.compare_digest(stored_name.encode(), typed_name.encode()) and account is not None
            registered = tx.registration_exists(account.id if account is not None else -1, email.casefold())
            if not name_matches or account is None:
                raise ApiError(404, ErrorCode.ACCOUNT_NOT_FOUND, texts.accountNotFound)
            # Only after the name matched: a 423 to a wrong name would tell a stranger the number exists.
            self._refuse_if_locked(tx, [account_scope(number)], now)
            if registered:
                raise ApiError(409, ErrorCode.ALREADY_REGISTERED, texts.alreadyRegistered, field="email")
            options = self._options_on_file(account)
            if not self._can_register(options):
                raise ApiError(403, ErrorCode.REGISTRATION_NOT_ALLOWED, texts.registrationNotAllowed)
            registration_id = security.new_token()
            self._purge(tx, now)
            tx.insert_session(
                id_hash=self._hash(registration_id),
                account_id=account.id,
                email=email,
                client=client[:100],
                created_at=now,
                expires_at=now + SESSION_SECONDS,
                agent_id=agent.id if agent is not None else None,
                human_at=now if agent is not None else None,
            )
        return {
            "registrationId": registration_id,
            "expiresIn": SESSION_SECONDS,
            "accountNumberMasked": mask_account_number(account.account_number),
            "identityOptions": options,
            "identityAnswersRequired": self.profile.identityAnswersRequired,
            "ssnRequired": self.profile.ssnRequired,
            "hintQuestions": list(self.profile.securityQuestionsListBox) if self.profile.asks_hint_question else [],
            "captchaStyle": self.profile.captchaStyle,
            "captchaWaived": agent is not None,
        }

    def _purge(self, tx: Tx, now: float) -> None:
        """The mail whose secret expired blanked; the rows a day past use deleted once per `PURGE_EVERY_SECONDS`."""
        if self._purged_at is None and not self._first_purge_due:
            self._purged_at = now  # its first purge waits a minute, as the later ones do
        if self._purged_at is None or not 0 <= now - self._purged_at < PURGE_EVERY_SECONDS:
            tx.purge_expired(now, KEEP_EXPIRED_SECONDS)
            self._purged_at = now
        else:
            tx.purge_expired_mail(now)

    def _check_confirm_email(self, body: LookupIn) -> None:
        if body.confirmEmail is None or not body.confirmEmail.strip():
            if self.profile.confirmEmail:
                raise validation_failed("confirmEmail", "Enter your e-mail address again to confirm it.")
            return
        if not emails_match(body.email, body.confirmEmail):
            raise validation_failed("confirmEmail", "The two e-mail addresses do not match.")

    def _options_on_file(self, account: Row) -> list[IdentityOption]:
        on_file = {
            IdentityOption.BILLING_ZIP: account.billing_zip,
            IdentityOption.MAILING_ZIP: account.mailing_zip,
            IdentityOption.SSN4: account.ssn4_hash,
        }
        return [option for option in self.profile.identityOptions if on_file[option]]

    def _can_register(self, options: list[IdentityOption]) -> bool:
        if self.profile.ssnRequired and IdentityOption.SSN4 not in options:
            return False
        return len(options) >= self.profile.identityAnswersRequired

    def _live_session(self, tx: Tx, session_hash: str, now: float) -> Row:
        """The session, or ``410 session_expired`` (unknown and expired look the same)."""
        session = tx.session_by_hash(session_hash)
        if session is None or session.expires_at <= now:
            raise self._session_expired()
        return session

    @staticmethod
    def _session_expired() -> ApiError:
        return ApiError(
            410,
            ErrorCode.SESSION_EXPIRED,
            "Your registration session has expired. Please start again from the registration form.",
        )

    # --- 3: captcha ---------------------------------------------------------------------------

    def new_captcha(self, body: CaptchaIn) -> dict[str, Any]:
        """A fresh challenge for the session; any earlier one of the session stops working.

        `body.accessible` on a `text` profile: the checkbox challenge where the
        profile's `accessibleCaptcha` allows it, else ``403
        accessible_captcha_unavailable`` with the co-op's message (after the
        session check, so an unknown session still hears ``410``).  The
        challenge is stored with the checkbox style, so the answer is judged
        as a checkbox answer.

        Why no more difficulty bits than the profile's checkbox: proof-of-work
        tells no person from a machine at any difficulty; it only prices each
        try, and `captchaDifficultyBits` is the price the co-op set for that.
        What bounds guessing at identity answers is the per-account and
        per-address lockout, the same on either route.  Every extra bit
        doubles the wait, and it would fall on the member least able to
        choose a fast machine (an old laptop with a braille display, a
        serial console).
        """
        now = self.now()
        session_hash = self._hash(body.registrationId)
        captcha_id = security.new_token()
        style = self.profile.captchaStyle
        refused = False
        if body.accessible and style is CaptchaStyle.TEXT:
            if self.profile.accessibleCaptcha:
                style = CaptchaStyle.CHECKBOX
            else:
                refused = True
        text = captcha.checked_text(self._captcha_text_source) if style is CaptchaStyle.TEXT and not refused else None
        challenge = captcha.new_challenge() if style is CaptchaStyle.CHECKBOX else None
        with self.store.transaction() as tx:
            session = self._live_session(tx, session_hash, now)
            if session.completed_at is not None:
                raise self._session_expired()  # a finished session can start nothing new
            if refused:
                raise ApiError(403, ErrorCode.ACCESSIBLE_CAPTCHA_UNAVAILABLE, self.profile.texts.accessibleCaptchaUnavailable)
            tx.replace_captcha(
                id_hash=self._hash(captcha_id),
                session_hash=session_hash,
                style=style.value,
                answer_hash=self._hash(text) if text is not None else None,
                challenge=challenge,
                difficulty_bits=self.profile.captchaDifficultyBits if challenge else None,
                created_at=now,
                expires_at=now + captcha.EXPIRES_SECONDS,
            )
        if text is not None:
            return {
                "style": "text",
                "captchaId": captcha_id,
                "imagePng": captcha.png_base64(text, columns=body.columns, rows=body.rows),
                "length": len(text),
                "expiresIn": captcha.EXPIRES_SECONDS,
            }
        return {
            "style": "checkbox",
            "captchaId": captcha_id,
            "challenge": challenge,
            "difficultyBits": self.profile.captchaDifficultyBits,
            "expiresIn": captcha.EXPIRES_SECONDS,
        }

    # --- 4: complete --------------------------------------------------------------------------

    def complete(
        self, body: CompleteIn, idempotency_key: str | None, client: str, agent: AgentContext | None = None
    ) -> dict[str, Any]:
        """Check that identity and CAPTCHA were passed, hint and terms; create the registration and queue its e-mail."""
        now = self.now()
        session_hash = self._hash(body.registrationId)
        request_hash = self._hash(json.dumps(body.model_dump(mode="json"), sort_keys=True))
        # Keys belong to their registration session: another client's key, however chosen, never meets this one.
        key_hash = self._hash(f"{session_hash}:{idempotency_key}") if idempotency_key is not None else None
        hashed = self._hash_before_registering(body, session_hash, now)
        try:
            with self.store.transaction(commit_on=(ApiError,)) as tx:
                if key_hash is not None:
                    replay = self._replay(tx, key_hash, request_hash)
                    if replay is not None:
                        return replay
                receipt, mail, mail_id = self._register(tx, body, session_hash, client, now, agent, hashed)
                if key_hash is not None:
                    tx.save_idempotent_answer(
                        key=key_hash,
                        request_hash=request_hash,
                        status_code=201,
                        response_json=json.dumps(receipt),
                        created_at=now,
                    )
        except Conflict:
            raise self._already_registered() from None
        self._deliver(mail_id, mail)
        return receipt

    def _already_registered(self) -> ApiError:
        return ApiError(409, ErrorCode.ALREADY_REGISTERED, self.profile.texts.alreadyRegistered, field="email")

    def _replay(self, tx: Tx, key_hash: str, request_hash: str) -> dict[str, Any] | None:
        """The remembered 201 for this key and body; ``422 idempotency_key_reused`` for another body."""
        stored = tx.idempotent_answer(key_hash)
        if stored is None:
            return None
        if not hmac.compare_digest(stored.request_hash, request_hash):
            raise ApiError(
                422,
                ErrorCode.IDEMPOTENCY_KEY_REUSED,
                "This Idempotency-Key was already used for a different request.",
                field="Idempotency-Key",
            )
        answer: dict[str, Any] = json.loads(stored.response_json)
        return answer

    def _hash_before_registering(self, body: CompleteIn, session_hash: str, now: float) -> _Hashed:
        """The argon2 work of a registration (hint answer, temporary password), done before its transaction.

        Inside it, each hash would hold the database's write lock for tens of
        milliseconds.  Only a session that can complete gets this work (a
        short read first), so a stranger's made-up id costs no argon2; the
        transaction then uses a hash only for exactly the value and e-mail
        it was made for, and hashes inside otherwise.
        """
        with self.store.transaction() as tx:
            session = tx.session_by_hash(session_hash)
        hashed = _Hashed()
        if session is None or session.expires_at <= now or session.completed_at is not None:
            return hashed
        if session.human_at is None or session.identity_status != IDENTITY_VERIFIED:
            return hashed
        if self.profile.asks_hint_question:
            try:
                _, answer = self._hint(body)
            except ApiError:
                answer = None  # refused inside, in the order the checks are made there
            if answer is not None:
                hashed.hint_answer, hashed.hint_hash = answer, security.hash_secret(answer)
        if self.profile.verificationStyle is VerificationStyle.TEMPORARY_PASSWORD:
            password = security.new_temporary_password(self.profile.passwordPolicy, email=session.email)
            hashed.email, hashed.temp_password, hashed.temp_hash = session.email, password, security.hash_secret(password)
        return hashed

    def _register(
        self,
        tx: Tx,
        body: CompleteIn,
        session_hash: str,
        client: str,
        now: float,
        agent: AgentContext | None = None,
        hashed: _Hashed | None = None,
    ) -> tuple[dict[str, Any], Mail, int]:
        """The checks of docs/api.md in their order, then the registration, its login and its e-mail."""
        session = self._live_session(tx, session_hash, now)
        if session.completed_at is not None:
            raise self._already_registered()
        self._refuse_all_but_its_agent(session, client)
        account = tx.account_by_id(session.account_id)
        hint_question, hint_answer = self._check_request(tx, body, session, account, client, now)
        self._check_terms_acceptance(body, session, agent)
        email, email_key = session.email, session.email.casefold()
        if tx.registration_exists(account.id, email_key):
            raise self._already_registered()
        user = tx.user_by_email_key(email_key)
        user_id = user.id if user is not None else tx.insert_user(email=email, email_key=email_key, now=now)
        tx.insert_registration(
            account_id=account.id,
            user_id=user_id,
            created_at=now,
            terms_version=self.profile.terms.version,
            terms_accepted_at=now,
            hint_question=hint_question,
            hint_answer_hash=_hash_of(hint_answer, hashed.hint_answer, hashed.hint_hash) if hashed else _hash_of(hint_answer, None, None),
            agent_id=session.agent_id,
            terms_acceptance=body.termsAcceptance,
        )
        tx.complete_session(session_hash, now)
        if session.agent_id is not None:
            # The agent stays on the line while the member verifies: keep the session reachable for that.
            tx.update_session(session_hash, expires_at=now + AGENT_FOLLOW_UP_SECONDS)
        log.info("registration created for account %s", mask_account_number(account.account_number))
        return self._send_credentials(tx, user_id, email, account.holder_name, now, hashed)

    def _check_request(
        self, tx: Tx, body: CompleteIn, session: Row, account: Row, client: str, now: float
    ) -> tuple[str | None, str | None]:
        """Lockout, the CAPTCHA and identity passed at their steps, hint and terms; returns the hint to store."""
        scopes = [client_scope(client), account_scope(account.account_number)]
        self._refuse_if_locked(tx, scopes, now)
        if not self._can_register(self._options_on_file(account)):
            # Opened under an earlier, laxer profile (sessions outlive a restart): start again,
            # and the lookup explains that this account cannot register online.
            raise self._session_expired()
        if session.human_at is None:
            raise ApiError(
                400, ErrorCode.CAPTCHA_REQUIRED, "Please complete the CAPTCHA before you submit.", field="captchaAnswer"
            )
        if session.identity_status != IDENTITY_VERIFIED:
            raise ApiError(
                400, ErrorCode.IDENTITY_REQUIRED, "Please answer the identity questions before you submit.", field="identity"
            )
        hint = self._hint(body)
        self._check_terms(body)
        return hint

    # --- 3b, 3c: identity and CAPTCHA answers, each checked at its own step ----------------------

    def check_identity(self, body: IdentityCheckIn, client: str) -> dict[str, str]:
        """Judge the identity answers now if the session passed its CAPTCHA, else hold the verdict.

        Why hold: judging before the anti-automation check would let a script
        guess ZIP codes without ever solving a CAPTCHA.  The argon2 work is
        the same either way, so timing tells nothing either.
        """
        now = self.now()
        session_hash = self._hash(body.registrationId)
        # An SSN4 answer is verified against its argon2 hash between two transactions, not inside one
        # (where it would hold the database's write lock); judged again if the account changed meanwhile.
        with self.store.transaction(commit_on=(ApiError,)) as tx:
            _, account, _ = self._open_session(tx, session_hash, client, now)
            answers = self._identity_answers(body.identity, self._options_on_file(account))
        seen = account
        matches = self._identity_matches(account, answers)
        with self.store.transaction(commit_on=(ApiError,)) as tx:
            session, account, scopes = self._open_session(tx, session_hash, client, now)
            if account != seen:
                answers = self._identity_answers(body.identity, self._options_on_file(account))
                matches = self._identity_matches(account, answers)
            if session.human_at is None:
                status = IDENTITY_HELD_MATCH if matches else IDENTITY_HELD_MISMATCH
                tx.update_session(session_hash, identity_status=status)
                return {"status": "pending"}
            self._judge_identity(tx, session_hash, account, scopes, matches, now)
        return {"status": "verified"}

    def answer_captcha(self, body: CaptchaAnswerIn, client: str) -> dict[str, str]:
        """Use up the challenge; once passed, give the identity verdict held for this session, if any.

        A session that already passed answers with where its identity check
        stands, without using up or judging another challenge and without
        counting anything again: a client that lost the first answer and asks
        again hears the same verdict.
        """
        now = self.now()
        session_hash = self._hash(body.registrationId)
        with self.store.transaction(commit_on=(ApiError,)) as tx:
            session, account, scopes = self._open_session(tx, session_hash, client, now)
            status = session.identity_status
            if session.human_at is None:
                self._use_captcha(tx, body, session_hash, now)
                tx.update_session(session_hash, human_at=now)
                if status in (IDENTITY_HELD_MATCH, IDENTITY_HELD_MISMATCH):
                    self._judge_identity(tx, session_hash, account, scopes, status == IDENTITY_HELD_MATCH, now)
                    status = IDENTITY_VERIFIED
            elif status == IDENTITY_MISMATCH:
                raise self._identity_mismatch(tx, account, now)
        return {"status": "passed", "identity": "verified" if status == IDENTITY_VERIFIED else "unanswered"}

    def _open_session(self, tx: Tx, session_hash: str, client: str, now: float) -> tuple[Row, Row, list[str]]:
        """The live, unfinished session, its account and the scopes its failures count in.

        ``410`` for an unknown or expired session (or one the profile in force
        would not open), ``409`` for a session that registered, ``423`` when
        the client address or the account is locked.
        """
        session = self._live_session(tx, session_hash, now)
        if session.completed_at is not None:
            raise self._already_registered()
        self._refuse_all_but_its_agent(session, client)
        account = tx.account_by_id(session.account_id)
        if not self._can_register(self._options_on_file(account)):
            raise self._session_expired()
        scopes = [client_scope(client), account_scope(account.account_number)]
        self._refuse_if_locked(tx, scopes, now)
        return session, account, scopes

    def _judge_identity(
        self, tx: Tx, session_hash: str, account: Row, scopes: list[str], matches: bool, now: float
    ) -> None:
        """Record a verdict the session may now hear: verified, or a counted failure (``401``/``423``)."""
        if matches:
            tx.update_session(session_hash, identity_status=IDENTITY_VERIFIED)
            self.attempts.succeed(tx, account_scope(account.account_number))
            return
        tx.update_session(session_hash, identity_status=IDENTITY_MISMATCH)
        self._count_failure(tx, scopes, now)
        raise self._identity_mismatch(tx, account, now)

    def _identity_mismatch(self, tx: Tx, account: Row, now: float) -> ApiError:
        """``401 identity_mismatch``, saying how many attempts are left where the profile shows it."""
        message = "Those answers do not match our records for this account. Check them and try again."
        attempts_left = None
        if self.profile.showAttemptsLeft:
            attempts_left = self.attempts.remaining(tx, account_scope(account.account_number), now)
            noun = "attempt" if attempts_left == 1 else "attempts"
            message = f"{message} {attempts_left} {noun} left before the account is locked."
        return ApiError(401, ErrorCode.IDENTITY_MISMATCH, message, attempts_left=attempts_left)

    def _send_credentials(
        self, tx: Tx, user_id: int, email: str, name: str, now: float, hashed: _Hashed | None = None
    ) -> tuple[dict[str, Any], Mail, int]:
        """Queue the e-mail with the Verify Account code or temporary password; returns the receipt too."""
        mail, minutes = self._credentials_mail(tx, user_id, email, name, now, hashed)
        mail_id = self._queue_mail(tx, mail, email.casefold(), now, expires_at=now + minutes * 60)
        receipt = {
            "email": email,
            "verificationStyle": self.profile.verificationStyle.value,
            "senderEmail": self.profile.senderEmail,
            "expiresMinutes": minutes,
        }
        return receipt, mail, mail_id

    def _identity_answers(self, identity: IdentityIn, on_file: list[IdentityOption]) -> dict[IdentityOption, str]:
        """The answers given, normalised; 422 for a malformed one, one not asked, or too few."""
        given = {
            IdentityOption.BILLING_ZIP: identity.billingZip,
            IdentityOption.MAILING_ZIP: identity.mailingZip,
            IdentityOption.SSN4: identity.ssn4,
        }
        answers: dict[IdentityOption, str] = {}
        for option, value in given.items():
            if value is None or not value.strip():
                continue
            if option not in on_file:
                raise ApiError(422, ErrorCode.QUESTION_NOT_ASKED, "This question is not asked for this account.", field=option.value)
            normalize = normalize_ssn4 if option is IdentityOption.SSN4 else normalize_zip
            answers[option] = _field(normalize, value, option.value)
        if self.profile.ssnRequired and IdentityOption.SSN4 not in answers:
            raise ApiError(422, ErrorCode.IDENTITY_INCOMPLETE, "Enter the last 4 digits of the SSN or Tax ID.", field="ssn4")
        required = self.profile.identityAnswersRequired
        if len(answers) < required:
            missing = next(option for option in on_file if option not in answers)
            noun = "question" if required == 1 else "questions"
            raise ApiError(422, ErrorCode.IDENTITY_INCOMPLETE, f"Please answer {required} of the security {noun}.", field=missing.value)
        return answers

    def _identity_matches(self, account: Row, answers: dict[IdentityOption, str]) -> bool:
        """Every answer given must match the account; SSN4 is checked against its argon2 hash."""
        matches = True
        for option, value in answers.items():
            if option is IdentityOption.SSN4:
                matches &= security.verify_secret(account.ssn4_hash, value)
            else:
                stored = account.billing_zip if option is IdentityOption.BILLING_ZIP else account.mailing_zip
                matches &= stored is not None and hmac.compare_digest(stored.encode(), value.encode())
        return matches

    def _hint(self, body: CompleteIn) -> tuple[str | None, str | None]:
        """The hint question and normalised answer when the profile asks for one, else (None, None)."""
        if not self.profile.asks_hint_question:
            return None, None
        if body.hintQuestion not in self.profile.securityQuestionsListBox:
            raise validation_failed("hintQuestion", "Choose one of the secret hint questions.")
        answer = _field(normalize_hint_answer, body.hintAnswer or "", "hintAnswer")
        return body.hintQuestion, answer

    def _check_terms(self, body: CompleteIn) -> None:
        if not body.termsAccepted:
            raise validation_failed("termsAccepted", "Please accept the Terms and Conditions to continue.")
        if body.termsVersion != self.profile.terms.version:
            raise validation_failed(
                "termsVersion",
                "The Terms and Conditions have changed. Please read and accept the current version.",
            )

    def _use_captcha(self, tx: Tx, body: CaptchaAnswerIn, session_hash: str, now: float) -> None:
        """Use up the challenge whatever the answer; ``400 captcha_failed`` unless it was solved in time."""
        captcha_hash = self._hash(body.captchaId)
        challenge = tx.captcha_by_hash(captcha_hash)
        usable = (
            challenge is not None
            and challenge.session_hash == session_hash
            and challenge.used_at is None
            and challenge.expires_at > now
        )
        if usable and challenge is not None:
            tx.use_captcha(captcha_hash, now)
            if challenge.style == CaptchaStyle.TEXT.value:
                usable = captcha.text_answer_matches(challenge.answer_hash, body.captchaAnswer, self._hash)
            else:
                usable = captcha.checkbox_answer_matches(
                    challenge.challenge, challenge.difficulty_bits, body.captchaAnswer
                )
        if not usable:
            raise ApiError(
                400,
                ErrorCode.CAPTCHA_FAILED,
                "The CAPTCHA was not solved, or it expired. Please try the new one.",
                field="captchaAnswer",
            )

    def _credentials_mail(
        self, tx: Tx, user_id: int, email: str, name: str, now: float, hashed: _Hashed | None = None
    ) -> tuple[Mail, int]:
        """Create the Verify Account code or temporary password and the e-mail that carries it."""
        if self.profile.verificationStyle is VerificationStyle.LINK:
            minutes = self.profile.verificationLinkMinutes
            code = security.new_verification_code()
            tx.insert_verification_code(
                code_hash=self._hash(security.normalize_verification_code(code)),
                user_id=user_id,
                created_at=now,
                expires_at=now + minutes * 60,
            )
            mail = link_mail(self.profile, to=email, name=name, code=code, public_url=self.public_url)
            return mail, minutes
        minutes = self.profile.temporaryPasswordMinutes
        if hashed is not None and hashed.temp_password is not None and hashed.email == email:
            password, password_hash = hashed.temp_password, hashed.temp_hash
        else:
            password = security.new_temporary_password(self.profile.passwordPolicy, email=email)
            password_hash = security.hash_secret(password)
        tx.update_user(
            user_id,
            temp_password_hash=password_hash,
            temp_password_expires_at=now + minutes * 60,
            temp_password_used_at=None,
        )
        return temporary_password_mail(self.profile, to=email, name=name, password=password), minutes

    def _queue_mail(self, tx: Tx, mail: Mail, to_key: str, now: float, *, expires_at: float) -> int:
        """Write `mail` to the outbox with its body sealed; it is blanked once the secret in it expires."""
        tx.purge_expired_mail(now)
        return tx.insert_mail(
            to_email=mail.to,
            to_key=to_key,
            sender=mail.sender,
            subject=mail.subject,
            body=self._keys.seal(mail.body, _mail_place(to_key)),
            sent_at=now,
            expires_at=expires_at,
        )

    def _deliver(self, mail_id: int, mail: Mail) -> None:
        """Send by SMTP after the registration committed, when SMTP is configured."""
        if self.smtp is None:
            return
        if self.smtp.send(mail):
            with self.store.transaction() as tx:
                tx.mark_mail_delivered(mail_id, self.now(), keep_body=self.demo)

    # --- 5, 6: verify and login -------------------------------------------------------------------

    def verify(self, body: VerifyIn, client: str) -> dict[str, Any]:
        """Redeem a Verify Account code once; the session it opens must set a password."""
        now = self.now()
        code_hash = self._hash(security.normalize_verification_code(body.token))
        scopes = [client_scope(client)]
        with self.store.transaction(commit_on=(ApiError,)) as tx:
            self._refuse_if_locked(tx, scopes, now)
            code = tx.verification_code_by_hash(code_hash)
            if code is None or code.used_at is not None or code.expires_at <= now:
                raise self._wrong_code(
                    tx, scopes, now, "This verification code is not valid. It may have been used already or expired.", field="token"
                )
            tx.use_verification_code(code_hash, now)
            tx.update_user(code.user_id, email_verified_at=now)
            user = tx.user_by_id(code.user_id)
            return self._issue_token(tx, user, origin="verify", change_required=True, now=now)

    def login(self, user_id: str, password: str, client: str) -> dict[str, Any]:
        """SmartHub's login: the password, or an unused and unexpired temporary password."""
        now = self.now()
        email_key = _email_key(user_id)[:254]
        scopes = login_scopes(client, email_key)
        # The two verifications run between two transactions, not inside one, where they would hold
        # the database's write lock (and this process's other requests) for their tens of milliseconds;
        # the second transaction judges again if the login's hashes changed meanwhile.
        with self.store.transaction(commit_on=(ApiError,)) as tx:
            self._refuse_if_locked(tx, scopes, now)
            user = tx.user_by_email_key(email_key)
        seen = _login_inputs(user)
        password_ok, temporary_ok = _login_verdicts(user, password)
        with self.store.transaction(commit_on=(ApiError,)) as tx:
            self._refuse_if_locked(tx, scopes, now)
            user = tx.user_by_email_key(email_key)
            if _login_inputs(user) != seen:
                password_ok, temporary_ok = _login_verdicts(user, password)
            if password_ok and user is not None:
                self.attempts.succeed(tx, pair_scope(user_scope(email_key), client))
                return self._issue_token(tx, user, origin="password", change_required=False, now=now)
            if temporary_ok and user is not None and user.temp_password_used_at is None and user.temp_password_expires_at > now:
                tx.update_user(user.id, temp_password_used_at=now, email_verified_at=now)
                self.attempts.succeed(tx, pair_scope(user_scope(email_key), client))
                return self._issue_token(tx, user, origin="temporary", change_required=True, now=now)
            self._count_failure(tx, scopes, now)
            raise ApiError(401, ErrorCode.INVALID_CREDENTIALS, "The e-mail address or password is not correct.")

    def _issue_token(self, tx: Tx, user: Row, *, origin: str, change_required: bool, now: float) -> dict[str, Any]:
        token = security.new_token()
        tx.insert_token(
            token_hash=self._hash(token),
            user_id=user.id,
            origin=origin,
            password_change_required=change_required,
            created_at=now,
            expires_at=now + TOKEN_SECONDS,
        )
        return {
            "status": "SUCCESS",
            "authorizationToken": token,
            "expiresIn": TOKEN_SECONDS,
            "userId": user.email,
            "passwordChangeRequired": change_required,
        }

    # --- 7-10: secured calls ----------------------------------------------------------------------

    def authenticate(self, token: str | None, username: str | None) -> AuthContext:
        """Check the bearer token and the username header; ``401 not_authorized`` otherwise."""
        if not token or not username:
            raise not_authorized()
        token_hash = self._hash(token)
        with self.store.transaction() as tx:
            _, user = self._session(tx, token_hash, self.now())
            if not hmac.compare_digest(user.email_key.encode(), _email_key(username).encode()):
                raise not_authorized()
            return AuthContext(token_hash=token_hash, user_id=user.id)

    def _session(self, tx: Tx, token_hash: str, now: float) -> tuple[Row, Row]:
        token = tx.token_by_hash(token_hash)
        if token is None or token.revoked_at is not None or token.expires_at <= now:
            raise not_authorized()
        return token, tx.user_by_id(token.user_id)

    def _set_up_session(self, tx: Tx, auth: AuthContext, now: float) -> Row:
        """The login of a session allowed past password setup; ``403 password_change_required`` before it."""
        token, user = self._session(tx, auth.token_hash, now)
        if token.password_change_required:
            raise ApiError(
                403,
                ErrorCode.PASSWORD_CHANGE_REQUIRED,
                "Please set your new password first.",
            )
        return user

    def _refuse_unless_acceptable(self, new_password: str, confirm_password: str, email: str) -> None:
        """Refuse a new password that breaks the profile's policy (each rule said) or differs from its confirmation.

        The same check for a password set after verifying, changed on My Profile,
        or set with a Forgot Password code; nothing is written before it passes.
        """
        rules = password_rules(self.profile.passwordPolicy, new_password, email=email)
        if not all(rule.met for rule in rules):
            raise ApiError(
                422,
                ErrorCode.PASSWORD_POLICY,
                "The new password does not meet all of the rules.",
                field="newPassword",
                rules=rules,
            )
        if confirm_password != new_password:
            raise validation_failed("confirmPassword", "The two passwords do not match.")

    def change_password(self, auth: AuthContext, body: PasswordIn, client: str) -> dict[str, Any]:
        """Set a new password under the profile's policy; every earlier session of the login ends.

        Why two transactions with the argon2 work between them: hashing the
        new password (and verifying the current one) takes tens of
        milliseconds, and inside a transaction that time holds the database's
        write lock, so every other request of every server process waits
        for it.  The first transaction only reads and refuses early; the
        second checks everything again (session live, no lock, the login's
        hashes as they were when verified) before it writes, so nothing
        computed outside is trusted if the login changed meanwhile.
        """
        now = self.now()
        with self.store.transaction(commit_on=(ApiError,)) as tx:
            token, user = self._password_change_allowed(tx, auth, body, client, now)
        seen = _password_inputs(token, user)
        needs_current = token.origin != "verify"
        current_ok = not needs_current or self._current_password_ok(token, user, body.currentPassword or "")
        new_hash = security.hash_secret(body.newPassword) if current_ok else None
        with self.store.transaction(commit_on=(ApiError,)) as tx:
            token, user = self._password_change_allowed(tx, auth, body, client, now)
            if _password_inputs(token, user) != seen:
                # Changed while hashing (rare): judge against what is stored now, as before.
                needs_current = token.origin != "verify"
                current_ok = not needs_current or self._current_password_ok(token, user, body.currentPassword or "")
            scopes = login_scopes(client, user.email_key)
            if not current_ok:
                self._count_failure(tx, scopes, now)
                raise ApiError(
                    401, ErrorCode.INVALID_CREDENTIALS, "Your current password is not correct.", field="currentPassword"
                )
            tx.update_user(
                user.id,
                password_hash=new_hash or security.hash_secret(body.newPassword),
                temp_password_hash=None,
                temp_password_expires_at=None,
                temp_password_used_at=None,
            )
            self.attempts.succeed(tx, pair_scope(user_scope(user.email_key), client))
            tx.revoke_tokens_of_user(user.id, now)
            return self._issue_token(tx, user, origin="password", change_required=False, now=now)

    def _password_change_allowed(
        self, tx: Tx, auth: AuthContext, body: PasswordIn, client: str, now: float
    ) -> tuple[Row, Row]:
        """The live session and its login, once no lock, missing current password or policy rule refuses the change."""
        token, user = self._session(tx, auth.token_hash, now)
        self._refuse_if_locked(tx, login_scopes(client, user.email_key), now)
        if token.origin != "verify" and not body.currentPassword:
            raise validation_failed("currentPassword", "Enter your current password.")
        self._refuse_unless_acceptable(body.newPassword, body.confirmPassword, user.email)
        return token, user

    @staticmethod
    def _current_password_ok(token: Row, user: Row, current: str) -> bool:
        """The password, or (in a session a temporary password opened) that temporary password."""
        if security.verify_secret(user.password_hash, current):
            return True
        return token.origin == "temporary" and security.verify_secret(user.temp_password_hash, current)

    def set_paperless(self, auth: AuthContext, body: PaperlessIn) -> dict[str, Any]:
        """Paper bills on or off for the login, which covers every account registered with its e-mail."""
        now = self.now()
        with self.store.transaction() as tx:
            user = self._set_up_session(tx, auth, now)
            tx.update_user(user.id, paperless=body.paperless)
            return {"paperless": body.paperless, "accountsAffected": len(tx.accounts_of_user(user.id))}

    def set_security_phrase(self, auth: AuthContext, body: SecurityPhraseIn) -> dict[str, Any]:
        """Store the anti-phishing phrase, sealed: payment forms must show it back, so it cannot be hashed."""
        now = self.now()
        phrase = _field(
            lambda value: check_security_phrase(
                value, self.profile.securityPhraseMinimumLength, self.profile.securityPhraseMaximumLength
            ),
            body.phrase,
            "phrase",
        )
        with self.store.transaction() as tx:
            user = self._set_up_session(tx, auth, now)
            tx.update_user(user.id, security_phrase=self._keys.seal(phrase, _phrase_place(user.id)))
        return {"status": "SUCCESS"}

    def security_phrase_of(self, user: Row) -> str | None:
        """The login's phrase in clear, for what shows it back to the member; None when none is set."""
        if not user.security_phrase:
            return None
        return self._keys.open(user.security_phrase, _phrase_place(user.id))

    def summary(self, auth: AuthContext) -> dict[str, Any]:
        """What is set up for the login, without secrets."""
        now = self.now()
        with self.store.transaction() as tx:
            user = self._set_up_session(tx, auth, now)
            numbers = tx.accounts_of_user(user.id)
        return {
            "email": user.email,
            "accounts": [mask_account_number(number) for number in numbers],
            "paperless": user.paperless,
            "securityPhraseSet": bool(user.security_phrase),
        }

    # --- My Profile --------------------------------------------------------------------------------

    def security_phrase(self, auth: AuthContext) -> dict[str, Any]:
        """The session owner's own phrase, in clear: the My Profile screen shows it so they recognise it.

        Only the signed-in owner's session opens it (the token names the
        login), and it is returned, never logged.
        """
        now = self.now()
        with self.store.transaction() as tx:
            user = self._set_up_session(tx, auth, now)
        return {"phrase": self.security_phrase_of(user)}

    def sign_out(self, auth: AuthContext) -> dict[str, Any]:
        """End this session: its token is refused from now on (the member's other sessions are untouched)."""
        now = self.now()
        with self.store.transaction() as tx:
            self._session(tx, auth.token_hash, now)
            tx.revoke_token(auth.token_hash, now)
        return {"status": "SUCCESS"}

    def unsubscribe(self, auth: AuthContext) -> dict[str, Any]:
        """Delete the member's SmartHub registration: the login, its links to accounts, sessions and codes.

        One transaction, so nothing is half-deleted.  Paper bills resume: the
        paperless choice was the login's, and goes with it.  The same accounts
        can be registered again from the start.
        """
        if not self.profile.allowUnsubscribe:
            raise ApiError(
                403, ErrorCode.UNSUBSCRIBE_NOT_ALLOWED, "This co-op does not offer unsubscribing online. Please call member services."
            )
        now = self.now()
        with self.store.transaction() as tx:
            user = self._set_up_session(tx, auth, now)
            removed = len(tx.accounts_of_user(user.id))
            tx.delete_login(user.id)
        log.info("a registration was deleted by its member (%d account(s))", removed)
        return {"status": "SUCCESS", "accountsRemoved": removed}

    # --- 11: demo outbox --------------------------------------------------------------------------

    def outbox(self, to: str) -> dict[str, Any]:
        """The e-mails sent to `to`, newest first, opened; ``404 not_found`` unless this is a demo server.

        Mail whose code or temporary password has expired is left out: its
        body was blanked, since nothing in it could still be used.
        """
        if not self.demo:
            raise ApiError(404, ErrorCode.NOT_FOUND, "There is no demo inbox on this server.")
        key = _outbox_key(to)
        with self.store.transaction() as tx:
            tx.purge_expired_mail(self.now())
            rows = tx.mails_to(key)
        messages = [
            {
                "id": row.id,
                "to": row.to_email,
                "sender": row.sender,
                "subject": row.subject,
                "body": self._keys.open(row.body, _mail_place(row.to_key)),
                "sentAt": datetime.fromtimestamp(row.sent_at, UTC),
            }
            for row in rows
        ]
        return {"messages": messages}

    # --- contacts -----------------------------------------------------------------------------
    #
    # Why the sign-in e-mail is a contact with id 0 and no row: it is the login itself, always
    # confirmed and never removable; the table holds only what the member added.  A pending
    # address added again gets a fresh code (the earlier one stops working) rather than a
    # refusal, so a member who lost the first code, or a client retrying a lost answer, is
    # not stuck; an active one (or the sign-in e-mail) is refused as a duplicate.

    def contacts(self, auth: AuthContext) -> dict[str, Any]:
        """Every contact of the login, the sign-in e-mail first."""
        now = self.now()
        with self.store.transaction() as tx:
            user = self._set_up_session(tx, auth, now)
            return self._contact_list(tx, user)

    def _contact_list(self, tx: Tx, user: Row) -> dict[str, Any]:
        primary = {"id": 0, "kind": "email", "address": user.email, "status": "active", "primary": True}
        return {
            "contacts": [primary, *(self._contact_out(row) for row in tx.contacts_of_user(user.id))],
            "maximumContacts": self.profile.maximumContacts,
            "smsEnabled": self.profile.smsEnabled,
        }

    @staticmethod
    def _contact_out(row: Row) -> dict[str, Any]:
        status = "active" if row.confirmed_at is not None else "pending"
        return {"id": row.id, "kind": row.kind, "address": row.address, "status": status, "primary": False}

    def _contact_code_hash(self, contact_id: int, code: str) -> str:
        """The code as stored: keyed, and bound to its contact, so a code opens nothing else."""
        return self._hash(f"contact:{contact_id}:{code}")

    def add_contact(self, auth: AuthContext, body: ContactIn) -> dict[str, Any]:
        """Add a pending contact and send it a code; refused: SMS not enabled, malformed, duplicate, too many."""
        if body.kind == "sms" and not self.profile.smsEnabled:
            raise ApiError(
                422, ErrorCode.SMS_NOT_ENABLED, "This co-op does not send bill notifications by text message.", field="kind"
            )
        if body.kind == "sms":
            address = _field(normalize_us_mobile, body.address, "address")
            key = address
        else:
            address = _field(normalize_email, body.address, "address")
            key = address.casefold()
        now = self.now()
        minutes = self.profile.verificationLinkMinutes
        with self.store.transaction() as tx:
            user = self._set_up_session(tx, auth, now)
            rows = tx.contacts_of_user(user.id)
            existing = next((row for row in rows if row.address_key == key), None)
            if key == user.email_key or (existing is not None and existing.confirmed_at is not None):
                raise ApiError(409, ErrorCode.CONTACT_EXISTS, "That contact is on your list already.", field="address")
            if existing is None and 1 + len(rows) >= self.profile.maximumContacts:
                raise ApiError(
                    422,
                    ErrorCode.TOO_MANY_CONTACTS,
                    f"You have the most contacts allowed ({self.profile.maximumContacts}). Remove one to add another.",
                    field="address",
                )
            if existing is None:
                contact_id = tx.insert_contact(user_id=user.id, kind=body.kind, address=address, address_key=key, created_at=now)
            else:
                contact_id = existing.id
            code = security.new_contact_code()
            tx.update_contact(
                contact_id, code_hash=self._contact_code_hash(contact_id, code), code_expires_at=now + minutes * 60
            )
            if body.kind == "sms":
                mail = contact_code_text(self.profile, to=address, code=code)
            else:
                mail = contact_code_mail(self.profile, to=address, code=code)
            mail_id = self._queue_mail(tx, mail, key, now, expires_at=now + minutes * 60)
            row = tx.contact_of_user(user.id, contact_id)
            answer = self._contact_out(_present_row(row))
        if body.kind == "email":
            self._deliver(mail_id, mail)
        return answer

    def confirm_contact(self, auth: AuthContext, body: ContactConfirmIn, client: str) -> dict[str, Any]:
        """Make a pending contact active with the code sent to it; a wrong, used or expired code counts toward lockout."""
        now = self.now()
        with self.store.transaction(commit_on=(ApiError,)) as tx:
            user = self._set_up_session(tx, auth, now)
            scopes = login_scopes(client, user.email_key)  # as a wrong password: per login and address, under the login's ceiling
            self._refuse_if_locked(tx, scopes, now)
            if body.id == 0:
                raise self._primary_contact()
            row = tx.contact_of_user(user.id, body.id)
            if row is None:
                raise self._no_such_contact()
            typed = "".join(ch for ch in body.code if not ch.isspace() and ch != "-")
            good = (
                row.code_hash is not None
                and row.code_expires_at is not None
                and row.code_expires_at > now
                and hmac.compare_digest(row.code_hash.encode(), self._contact_code_hash(row.id, typed).encode())
            )
            if not good:
                raise self._wrong_code(
                    tx, scopes, now, "This code is not valid. It may have been used already or expired: ask for a new one.", field="code"
                )
            tx.update_contact(row.id, confirmed_at=now, code_hash=None, code_expires_at=None)
            return self._contact_out(_present_row(tx.contact_of_user(user.id, row.id)))

    def remove_contact(self, auth: AuthContext, body: ContactRemoveIn) -> dict[str, Any]:
        """Remove one contact (never the sign-in e-mail); the list that is left."""
        now = self.now()
        with self.store.transaction() as tx:
            user = self._set_up_session(tx, auth, now)
            if body.id == 0:
                raise self._primary_contact()
            if tx.contact_of_user(user.id, body.id) is None:
                raise self._no_such_contact()
            tx.delete_contact(body.id)
            return self._contact_list(tx, user)

    @staticmethod
    def _primary_contact() -> ApiError:
        return ApiError(
            422, ErrorCode.PRIMARY_CONTACT, "The e-mail address you sign in with is always a contact.", field="id"
        )

    @staticmethod
    def _no_such_contact() -> ApiError:
        return ApiError(404, ErrorCode.NOT_FOUND, "That contact is not on your list (it may have been removed).", field="id")

    # --- 13, 14: Forgot Password ------------------------------------------------------------------

    def request_password_reset(self, body: PasswordResetIn, client: str) -> dict[str, Any]:
        """E-mail a single-use reset code when the login exists and the answers match; one answer either way.

        Why one answer: whoever types an address must not learn whether it is
        registered.  The status, the body and the work are the same for a
        known and an unknown address: exactly one argon2 verification (the
        hint answer against the login's, or a dummy), one keyed hash, and one
        sealed e-mail written (for an unknown address, or answers that do not
        match, the e-mail is sealed and thrown away).  A wrong hint answer or
        account number counts toward the login's Forgot Password lockout
        (`security.reset_scopes`), silently: a 423 would tell that the login exists.  For the same
        reason a locked login gets no e-mail and the same answer.  Only the
        address's own lockout (the same for every e-mail typed) is said.
        """
        email = _field(normalize_email, body.email, "email")
        number = None
        if body.accountNumber is not None and body.accountNumber.strip():
            number = _field(normalize_account_number, body.accountNumber, "accountNumber")
        if self.profile.requireAccountNumberOnPasswordReset and number is None:
            raise validation_failed("accountNumber", "Enter the account number of an account registered with this e-mail address.")
        hint = ""
        if self.profile.asks_hint_question and body.hintAnswer is not None and body.hintAnswer.strip():
            hint = _field(normalize_hint_answer, body.hintAnswer, "hintAnswer")
        now = self.now()
        email_key = email.casefold()
        scopes = reset_scopes(client, email_key)
        minutes = self.profile.passwordResetMinutes
        code = security.new_reset_code()
        mail = password_reset_mail(self.profile, to=email, code=code)
        sent: tuple[int, Mail] | None = None
        with self.store.transaction(commit_on=(ApiError,)) as tx:
            self._refuse_if_locked(tx, [client_scope(client)], now)
            user = tx.user_by_email_key(email_key)
            user_id = user.id if user is not None else -1
            stored_hint = tx.hint_answer_hash_of_user(user_id) if self.profile.asks_hint_question else None
            # The one argon2 verification of every request: the hint, or a dummy where there is none to check.
            hint_ok = security.verify_secret(stored_hint, hint) or stored_hint is None
            numbers = tx.accounts_of_user(user_id)
            number_ok = not self.profile.requireAccountNumberOnPasswordReset or any(
                hmac.compare_digest(known.encode(), (number or "").encode()) for known in numbers
            )
            code_hash = self._hash(self._reset_code_key(user_id, code))
            sealed = self._keys.seal(mail.body, _mail_place(email_key))
            # Housekeeping every request does, whoever it is for: less for timing to tell apart.
            tx.purge_expired_password_resets(now - KEEP_EXPIRED_SECONDS)
            tx.purge_expired_mail(now)
            locked = self.attempts.locked(tx, scopes[1:], now)
            if user is not None and not (hint_ok and number_ok):
                self.attempts.fail(tx, scopes[1:], now)  # counted, never said
            elif user is not None and not locked:
                tx.void_password_resets_of_user(user.id, now)
                tx.insert_password_reset(code_hash=code_hash, user_id=user.id, created_at=now, expires_at=now + minutes * 60)
                mail_id = tx.insert_mail(
                    to_email=mail.to,
                    to_key=email_key,
                    sender=mail.sender,
                    subject=mail.subject,
                    body=sealed,
                    sent_at=now,
                    expires_at=now + minutes * 60,
                )
                sent = (mail_id, mail)
        if sent is not None:
            self._deliver(*sent)
        return self._reset_answer()

    def _reset_answer(self) -> dict[str, Any]:
        """The one answer to a reset request."""
        minutes = self.profile.passwordResetMinutes
        message = self.profile.texts.passwordResetSent.format(minutes=minutes, duration=duration(minutes))
        return {"message": message, "expiresMinutes": minutes}

    @staticmethod
    def _reset_code_key(user_id: int, code: str) -> str:
        """What a reset code is hashed as: bound to its login, so a code is worth nothing with another address."""
        return f"password-reset:{user_id}:{security.normalize_reset_code(code)}"

    def confirm_password_reset(self, body: PasswordResetConfirmIn, client: str) -> dict[str, str]:
        """Set the new password with the e-mailed code; ends every session and lifts the login's lockout.

        A wrong, used or expired code (or an unknown address: the same answer)
        counts toward a lockout like a wrong password, but apart from the
        password's (`security.reset_scopes` says why: this is the way out of
        a password lockout).  Success proves the mailbox, so it voids
        every other way in that was sent there (older reset codes, Verify
        Account codes, a temporary password), ends every session of the login
        and forgets its failed attempts at every address.
        """
        email = _field(normalize_email, body.email, "email")
        now = self.now()
        email_key = email.casefold()
        scopes = reset_scopes(client, email_key)
        with self.store.transaction(commit_on=(ApiError,)) as tx:
            self._refuse_if_locked(tx, scopes, now)
            user = tx.user_by_email_key(email_key)
            user_id = user.id if user is not None else -1
            code_hash = self._hash(self._reset_code_key(user_id, body.code))
            reset = tx.password_reset_by_hash(code_hash)
            if user is None or reset is None or reset.user_id != user.id or reset.used_at is not None or reset.expires_at <= now:
                raise self._wrong_code(
                    tx, scopes, now, "This code is not valid. It may have been mistyped, used already or expired.", field="code"
                )
            self._refuse_unless_acceptable(body.newPassword, body.confirmPassword, user.email)
            tx.update_user(
                user.id,
                password_hash=security.hash_secret(body.newPassword),
                temp_password_hash=None,
                temp_password_expires_at=None,
                temp_password_used_at=None,
                email_verified_at=user.email_verified_at or now,
            )
            tx.void_password_resets_of_user(user.id, now)
            tx.void_verification_codes_of_user(user.id, now)
            tx.revoke_tokens_of_user(user.id, now)
            for subject in (user_scope(user.email_key), reset_scope(user.email_key)):
                tx.clear_failure(subject)
                tx.clear_failures_with_prefix(pair_scope(subject, ""))
            log.info("password reset with an e-mailed code")
        return {"status": "SUCCESS"}

    # --- agents -------------------------------------------------------------------------------------
    #
    # A call carrying an agent key is the agent's: the key is checked before anything else (a wrong
    # or revoked key makes no progress and still spends its address's request budget), and the
    # agent's requests are counted under `agent:<id>`, not the call centre's one address.

    def admit_agent(self, key: str, client: str) -> AgentContext:
        """The agent whose key this is, counted against its own per-minute budget; 401/403/429 otherwise."""
        now = self.now()
        window = int(now // RATE_WINDOW_SECONDS) * RATE_WINDOW_SECONDS
        agent, count = None, 0
        if 0 < len(key) <= MAX_KEY_LENGTH:
            with self.store.transaction() as tx:  # one transaction per request, as for a member's count
                agent = tx.agent_by_key_hash(self._hash(key))
                if agent is not None and agent.revoked_at is None:
                    count = self._bump_request_count(tx, AgentContext(id=agent.id, name=agent.name).scope, window)
        if agent is None or agent.revoked_at is not None:
            self.count_request(client)
            if agent is None:
                raise self._agent_key_invalid()
            raise ApiError(403, ErrorCode.AGENT_REVOKED, "This agent key was revoked by the server's operator.")
        context = AgentContext(id=agent.id, name=agent.name)
        if count > self.agent_rate_limit_per_minute:
            retry_after = max(1, math.ceil(window + RATE_WINDOW_SECONDS - now))
            message = f"Too many requests from this agent. Please wait {retry_after} seconds and try again."
            raise ApiError(429, ErrorCode.RATE_LIMITED, message, retry_after=retry_after)
        return context

    @staticmethod
    def _agent_key_invalid() -> ApiError:
        return ApiError(
            401, ErrorCode.AGENT_KEY_INVALID, "This agent key is not valid. Ask your supervisor for a new one."
        )

    def agent_me(self, agent: AgentContext | None) -> dict[str, Any]:
        """Who the key belongs to (the wizard signs the agent in with it); 401 without a key."""
        if agent is None:
            raise self._agent_key_invalid()
        return {"name": agent.name, "rateLimitPerMinute": self.agent_rate_limit_per_minute}

    def _agents_registration(self, tx: Tx, agent: AgentContext | None, registration_id: str, now: float) -> Row:
        """The login a registration this agent completed belongs to.

        ``401`` without an agent key; ``410`` for an unknown or expired
        session (a completed agent session stays reachable for
        `AGENT_FOLLOW_UP_SECONDS` after completion); ``403 not_authorized``
        for another agent's or a member's own session, or one not completed.
        """
        if agent is None:
            raise self._agent_key_invalid()
        session = self._live_session(tx, self._hash(registration_id), now)
        if session.agent_id is None or session.agent_id != agent.id:
            raise ApiError(403, ErrorCode.NOT_AUTHORIZED, "Only the agent who made this registration can follow it up.")
        if session.completed_at is None:
            raise ApiError(403, ErrorCode.NOT_AUTHORIZED, "This registration is not complete yet.")
        user = tx.user_by_email_key(session.email.casefold())
        if user is None or tx.registration_of(session.account_id, user.email_key) is None:
            # The member unsubscribed since: there is nothing left to follow up.
            raise self._session_expired()
        return user

    def agent_paperless(self, agent: AgentContext | None, body: AgentPaperlessIn) -> dict[str, Any]:
        """Set the member's paperless choice as they stated it on the phone (idempotent)."""
        now = self.now()
        with self.store.transaction() as tx:
            user = self._agents_registration(tx, agent, body.registrationId, now)
            tx.update_user(user.id, paperless=body.paperless)
            numbers = tx.accounts_of_user(user.id)
        log.info("paperless set by an agent for %d account(s)", len(numbers))
        return {"paperless": body.paperless, "accounts": [mask_account_number(number) for number in numbers]}

    def agent_registration_status(self, agent: AgentContext | None, body: AgentStatusIn) -> dict[str, Any]:
        """How far the member got: verified e-mail, password set, paperless choice (no secret)."""
        now = self.now()
        with self.store.transaction() as tx:
            user = self._agents_registration(tx, agent, body.registrationId, now)
        return {
            "emailVerified": user.email_verified_at is not None,
            "passwordSet": user.password_hash is not None,
            "paperless": user.paperless,
        }

    @staticmethod
    def _refuse_all_but_its_agent(session: Row, client: str) -> None:
        """``403 not_authorized`` when an agent's session is carried on by anyone but that agent's valid key.

        Why: the agent's call waived the session's CAPTCHA (the agent is the
        human on the line).  Without this, whoever holds the registration id
        (a leaver whose key was revoked mid-call, who only has to drop the
        key; another agent) would check identity answers and register with
        no CAPTCHA, under the first agent's name.  `client` is the caller's
        scope: ``agent:<id>`` for an agent's call (see `client_address`).
        """
        if session.agent_id is not None and client != AgentContext(id=session.agent_id, name="").scope:
            raise ApiError(403, ErrorCode.NOT_AUTHORIZED, "Only the agent who opened this registration can go on with it.")

    def _check_terms_acceptance(self, body: CompleteIn, session: Row, agent: AgentContext | None) -> None:
        """``spoken`` only from the agent whose call opened the session: it vouches for what it heard."""
        if body.termsAcceptance != "spoken":
            return
        if session.agent_id is None or agent is None or agent.id != session.agent_id:
            raise validation_failed(
                "termsAcceptance", "Only the agent who opened this registration can confirm a spoken acceptance."
            )


def _outbox_key(to: str) -> str:
    """How the outbox is keyed: an e-mail address case-folded, or a US mobile number (text messages) in E.164."""
    text = to.strip()
    if text and "@" not in text and text[0] in "+(0123456789":
        return _field(normalize_us_mobile, text, "to")
    return _field(normalize_email, text, "to").casefold()


@dataclass
class _Hashed:
    """Hashes a registration made before its transaction, with the values they were made for."""

    hint_answer: str | None = None
    hint_hash: str | None = None
    email: str | None = None
    temp_password: str | None = None
    temp_hash: str | None = None


def _hash_of(value: str | None, hashed_value: str | None, hashed: str | None) -> str | None:
    """The hash made outside for exactly `value`, else one made now (None for no value)."""
    if value is None:
        return None
    if hashed is not None and hashed_value == value:
        return hashed
    return security.hash_secret(value)


def _login_inputs(user: Row | None) -> tuple[Any, ...] | None:
    """What a login's verifications were judged on; any difference means judge again."""
    return None if user is None else (user.id, user.password_hash, user.temp_password_hash)


def _login_verdicts(user: Row | None, password: str) -> tuple[bool, bool]:
    """(the password matches, the temporary password matches): two verifications in every case,
    so an unknown login and a wrong password cost the same."""
    password_ok = security.verify_secret(user.password_hash if user else None, password)
    temporary_ok = security.verify_secret(user.temp_password_hash if user else None, password)
    return password_ok, temporary_ok


def _password_inputs(token: Row, user: Row) -> tuple[Any, ...]:
    """What a password change judged outside its writing transaction; any difference means judge again."""
    return (token.origin, user.id, user.email, user.password_hash, user.temp_password_hash)


def _present_row(row: Row | None) -> Row:
    """A row the same transaction just wrote."""
    if row is None:
        raise RuntimeError("a contact written in this transaction is missing")
    return row
