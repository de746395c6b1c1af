"""Which limit locks which attempt-counting scope (`security.LockoutPolicy.limit_of`).

A login's own scope (failures from every address together) has the high
ceiling, so that a stranger who knows the e-mail cannot lock the member out
everywhere; the pair of login and address has the profile's lower limit.
An e-mail address may hold a ``|`` (the pair separator) before its ``@``:
that must not make a login's own scope look like a pair.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from smarthub_tui.server.security import LockoutPolicy, account_scope, client_scope, login_scopes, reset_scopes
from smarthub_tui.validation import normalize_email

POLICY = LockoutPolicy(limit=3, address_limit=12, seconds=900, login_ceiling=12)


@pytest.mark.parametrize("email", ["jane@example.com", "a|b@example.com", "x|client|y@example.com"])
@pytest.mark.parametrize("scopes", [login_scopes, reset_scopes])
def test_a_login_locks_everywhere_only_at_its_ceiling(email: str, scopes: Callable[[str, str], list[str]]) -> None:
    key = normalize_email(email).casefold()
    address, pair, login = scopes("203.0.113.7", key)
    assert POLICY.limit_of(address) == POLICY.address_limit
    assert POLICY.limit_of(pair) == POLICY.limit, "the login at one address: the profile's limit"
    assert POLICY.limit_of(login) == POLICY.login_ceiling, "the login from every address: the ceiling"


def test_other_scopes_keep_their_limits() -> None:
    assert POLICY.limit_of(client_scope("203.0.113.7")) == POLICY.address_limit
    assert POLICY.limit_of(account_scope("1000234567")) == POLICY.limit
