"""Call-centre agents: their keys, and the operator's add / list / revoke.

Why keys issued by the operator rather than accounts with passwords: an
agent's calls only need to say "this is agent N" to the server (which then
waives the CAPTCHA, records the agent on the registration and counts the
agent's requests apart from the call centre's shared address).  A key made
with `secrets` and shown once is as strong as a token and needs no password
policy, reset or lockout.

A key is stored only as an HMAC under the server key (as session tokens
are), so a copy of the database alone lets nobody act as an agent, and the
operator's listing can never show a key.  Every key starts with
`AGENT_KEY_PREFIX` so that a scanner of leaked secrets recognises one in a
log, a ticket or a paste.  A key is never logged: the log says the agent's
name at most.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

from smarthub_tui.contract import AGENT_KEY_PREFIX

from . import security
from .keys import ServerKeys
from .store import Conflict, Row, Store

log = logging.getLogger("smarthub_tui.server")

MAX_NAME_LENGTH = 64
MAX_KEY_LENGTH = 200
"""Longer header values are refused without a lookup (a real key is 47 characters)."""


@dataclass(frozen=True)
class AgentContext:
    """Who an agent's call is from (never the key)."""

    id: int
    name: str

    @property
    def scope(self) -> str:
        """What its requests and failures are counted under, in place of a client address."""
        return f"agent:{self.id}"


class AgentNameError(ValueError):
    """The name is not 1-64 visible characters; the message says why in one line."""


class AgentExists(Exception):
    """An agent with this name exists already."""


class UnknownAgent(Exception):
    """No agent has this name."""


def new_agent_key() -> str:
    """A fresh key: the prefix and 256 random bits, URL-safe."""
    return AGENT_KEY_PREFIX + secrets.token_urlsafe(32)


def check_agent_name(name: str) -> str:
    """`name` if it is 1-64 visible characters (inner single spaces allowed), else `AgentNameError`."""
    if not name or len(name) > MAX_NAME_LENGTH:
        raise AgentNameError(f"an agent's name must be 1 to {MAX_NAME_LENGTH} characters long")
    if name != name.strip() or "  " in name:
        raise AgentNameError("an agent's name may not start or end with a space, or hold two spaces in a row")
    if not all(ch.isprintable() and (ch == " " or not ch.isspace()) for ch in name):
        raise AgentNameError("an agent's name must be visible characters (no tabs or control characters)")
    return name


def key_hash(keys: ServerKeys, key: str) -> str:
    """How a key is stored and looked up: its HMAC under the server key."""
    return security.keyed_hash(keys.hmac_key, key)


def add_agent(store: Store, keys: ServerKeys, name: str, now: float) -> str:
    """Add the agent `name` and return its key (shown once; only its HMAC is kept)."""
    name = check_agent_name(name)
    key = new_agent_key()
    try:
        with store.transaction() as tx:
            tx.insert_agent(name=name, key_hash=key_hash(keys, key), created_at=now)
    except Conflict:
        raise AgentExists(name) from None
    log.info("agent added: %s", name)
    return key


def add_agent_with_key(store: Store, keys: ServerKeys, name: str, key: str, now: float) -> None:
    """Add the agent `name` with a known `key` unless an agent of that name exists (demo data only).

    Idempotent, so a demo server restarted on its database, or two starting
    together, agree.  Never for a real agent: a key not made by `new_agent_key`
    may be known to others.
    """
    with store.transaction() as tx:
        if tx.agent_by_name(name) is not None:
            return
    try:
        with store.transaction() as tx:
            tx.insert_agent(name=check_agent_name(name), key_hash=key_hash(keys, key), created_at=now)
    except Conflict:
        return  # another process seeded it first


def list_agents(store: Store) -> list[Row]:
    """Every agent (id, name, created_at, revoked_at, and the key's HMAC, which callers must not show)."""
    with store.transaction() as tx:
        return tx.all_agents()


def revoke_agent(store: Store, name: str, now: float) -> Row:
    """Refuse the agent's key from now on; returns the agent as it was (`revoked_at` set if it already was)."""
    with store.transaction() as tx:
        agent = tx.agent_by_name(name)
        if agent is None:
            raise UnknownAgent(name)
        if agent.revoked_at is None:
            tx.revoke_agent(agent.id, now)
    log.info("agent revoked: %s", name)
    return agent


__all__ = [
    "AgentContext",
    "AgentExists",
    "AgentNameError",
    "UnknownAgent",
    "add_agent",
    "add_agent_with_key",
    "check_agent_name",
    "key_hash",
    "list_agents",
    "new_agent_key",
    "revoke_agent",
]
