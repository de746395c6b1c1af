"""The one error type of the server and the shape every error answer has.

Why: docs/api.md promises that every non-2xx answer is
``{"code", "message", "field"}`` (plus ``rules`` for password policy failures
and ``retryAfter`` for rate limits), whatever went wrong and wherever.  Route
code raises `ApiError`; the app turns it into that JSON.  Messages are plain
words for the person at the keyboard and never contain the value that was
refused, because some values are secrets.
"""

from __future__ import annotations

from typing import Any

from smarthub_tui.contract import RETRY_AFTER_HEADER, ErrorCode
from smarthub_tui.validation import Rule


class ApiError(Exception):
    """A refusal the contract names: HTTP status, machine code, plain-words message, field at fault."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        field: str | None = None,
        rules: list[Rule] | None = None,
        retry_after: int | None = None,
        attempts_left: int | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.rules = rules
        self.retry_after = retry_after
        self.attempts_left = attempts_left
        self.headers = dict(headers or {})
        if retry_after is not None:
            self.headers[RETRY_AFTER_HEADER] = str(retry_after)

    def body(self) -> dict[str, Any]:
        """The JSON body of the answer."""
        body: dict[str, Any] = {"code": self.code, "message": self.message, "field": self.field}
        if self.rules is not None:
            body["rules"] = [{"key": r.key, "label": r.label, "met": r.met} for r in self.rules]
        if self.retry_after is not None:
            body["retryAfter"] = self.retry_after
        if self.attempts_left is not None:
            body["attemptsLeft"] = self.attempts_left
        return body


def validation_failed(field: str | None, message: str) -> ApiError:
    """422 `validation_failed` for one field."""
    return ApiError(422, ErrorCode.VALIDATION_FAILED, message, field=field)


def malformed(message: str = "The request could not be read: send a JSON object encoded as UTF-8.") -> ApiError:
    """400 `malformed_request`: not JSON, not UTF-8, or the wrong content type."""
    return ApiError(400, ErrorCode.MALFORMED_REQUEST, message)


def body_too_large(limit: int) -> ApiError:
    """413 `body_too_large`."""
    return ApiError(413, ErrorCode.BODY_TOO_LARGE, f"The request is too large (at most {limit // 1024} KiB).")


def rate_limited(retry_after: int) -> ApiError:
    """429 `rate_limited` with Retry-After."""
    message = f"Too many requests from this address. Please wait {retry_after} seconds and try again."
    return ApiError(429, ErrorCode.RATE_LIMITED, message, retry_after=retry_after)


def not_authorized() -> ApiError:
    """401 `not_authorized`: the session token is missing, expired or not this user's."""
    return ApiError(
        401,
        ErrorCode.NOT_AUTHORIZED,
        "Your session has ended. Please log in again.",
        headers={"WWW-Authenticate": "Bearer"},
    )


def internal_error() -> ApiError:
    """500 `internal_error`: never on purpose, never with details."""
    return ApiError(500, ErrorCode.INTERNAL_ERROR, "Something went wrong on our side. Please try again later.")
