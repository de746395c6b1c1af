"""Agent mode end to end (``smarthub-tui --mode agent``), on the embedded demo backend, with an in-memory keyring.

A call-centre agent signs in with a key (kept in the keyring, or asked each
session where there is none), walks lookup → identity (→ hint) → terms read
aloud → paperless if the member says → "registration created", whose status
follows the member's own verification without a key press.  Ctrl+N starts a
new call after a confirmation; after the idle limit the key is asked again
over the open screen, the member's answers kept (a fake clock: no waiting).
The audit log of a whole call holds none of the secrets typed.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from smarthub_tui import strings
from smarthub_tui.agent import AgentSettings
from smarthub_tui.audit import verify
from smarthub_tui.cli import make_app
from smarthub_tui.modes import UserMode
from smarthub_tui.profiles import load_profile
from smarthub_tui.screens.agent_done import AgentDoneScreen
from smarthub_tui.screens.agent_sign_in import AgentSignInScreen
from smarthub_tui.screens.agent_terms import AgentTermsScreen
from smarthub_tui.screens.confirm import ConfirmScreen
from smarthub_tui.screens.identity import IdentityScreen
from smarthub_tui.screens.paperless import PaperlessScreen
from smarthub_tui.screens.register import RegisterScreen
from smarthub_tui.server.fixtures import DEMO_AGENT_KEY
from smarthub_tui.widgets import SafeText, SecretInput
from tests.support.harness import MEMBERS, Member, Wizard
from tests.support.memory_keyring import FailingKeyring, MemoryKeyring

SERVER = "embedded-demo"
"""The key store's name for the built-in demo backend (one key per server)."""


class FakeClock:
    """Seconds that move only when the test says."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Setup:
    """An agent-mode app and what the test controls around it."""

    app: Any
    keyring: Any
    clock: FakeClock
    audit: Path


def agent_app(
    tmp_path: Path, profile: str = "default", *, keyring: Any = None, prefill: dict[str, str] | None = None, idle_minutes: float = 15
) -> Setup:
    clock = FakeClock()
    keyring = MemoryKeyring() if keyring is None else keyring
    audit = tmp_path / "audit.jsonl"
    settings = AgentSettings(idle_minutes=idle_minutes, audit_path=audit, keyring=keyring, clock=clock, prefill=prefill or {})
    app = make_app(profile=profile, mode=UserMode.AGENT, agent=settings)
    return Setup(app, keyring, clock, audit)


class Agent(Wizard):
    """A `Wizard` driver that also signs in as an agent and walks an agent's call."""

    async def sign_in(self, key: str = DEMO_AGENT_KEY) -> None:  # type: ignore[override]
        await self.at(AgentSignInScreen)
        await self.type(key)
        await self.press("enter")

    async def call(self, *, paperless: bool | None = True) -> AgentDoneScreen:
        """From the lookup, the whole call to "registration created"."""
        await self.at(RegisterScreen)
        await self.answer("register")
        await self.at(IdentityScreen)
        await self.answer("identity")
        if self.profile.asks_hint_question:
            from smarthub_tui.screens.hint import HintScreen

            await self.at(HintScreen)
            await self.answer("hint")
        await self.at(AgentTermsScreen)
        await self.press("space", "enter")
        await self.at(PaperlessScreen)
        if paperless is None:
            await self.press("f10")
        else:
            await self.press("down", "enter") if paperless else await self.press("down", "down", "enter")
        screen = await self.at(AgentDoneScreen)
        assert isinstance(screen, AgentDoneScreen)
        return screen


def texts(screen: Any) -> str:
    return "\n".join(str(widget.text) for widget in screen.query(SafeText))


def files_holding(folder: Path, text: str) -> list[Path]:
    """Every file under `folder` that holds `text`."""
    return [path for path in folder.rglob("*") if path.is_file() and text in path.read_text(errors="replace")]


def audit_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


# --- sign-in ------------------------------------------------------------------------------------


async def test_the_demo_key_signs_in_and_is_kept_in_the_keyring(tmp_path: Path) -> None:
    setup = agent_app(tmp_path)
    async with setup.app.run_test(size=(80, 24)) as pilot:
        agent = Agent(pilot)
        screen = await agent.at(AgentSignInScreen)
        shown = texts(screen)
        assert DEMO_AGENT_KEY in shown, "the demo server's sign-in says the demo key, for a presenter"
        assert strings.AGENT_KEY_KEPT in shown
        assert isinstance(screen.query_one("#agentKey"), SecretInput), "masked while typed (F2 shows it)"
        await agent.sign_in()
        register = await agent.at(RegisterScreen)
        band = register.query_one("#agent-script", SafeText)
        assert "demo-agent" in str(band.border_title), "the agent's name is shown"
        assert "account number" in str(band.text)
        assert setup.keyring.get_password("smarthub-tui", SERVER) == DEMO_AGENT_KEY
    assert '"outcome": "ok"' in audit_lines(setup.audit)[0].replace('":"', '": "')


async def test_a_kept_key_signs_in_without_asking(tmp_path: Path) -> None:
    keyring = MemoryKeyring()
    keyring.set_password("smarthub-tui", SERVER, DEMO_AGENT_KEY)
    setup = agent_app(tmp_path, keyring=keyring)
    async with setup.app.run_test(size=(80, 24)) as pilot:
        agent = Agent(pilot)
        await agent.at(RegisterScreen)
        assert agent.keys == 0
        assert setup.app.wizard.agent_name == "demo-agent"


async def test_a_wrong_key_is_refused_at_the_field_and_a_wrong_kept_key_forgotten(tmp_path: Path) -> None:
    keyring = MemoryKeyring()
    keyring.set_password("smarthub-tui", SERVER, "sha_not-a-real-key")
    setup = agent_app(tmp_path, keyring=keyring)
    async with setup.app.run_test(size=(80, 24)) as pilot:
        agent = Agent(pilot)
        screen = await agent.at(AgentSignInScreen)
        assert "no longer works" in agent.error_at("agentKey"), "the kept key was tried and refused"
        assert keyring.get_password("smarthub-tui", SERVER) is None, "the refused key is forgotten"
        await agent.sign_in("sha_still-wrong")
        assert isinstance(agent.app.screen, AgentSignInScreen), "no progress with a wrong key"
        assert "not valid" in agent.error_at("agentKey")
        assert screen is agent.app.screen
        await agent.press("escape", "f10")
        assert isinstance(agent.app.screen, AgentSignInScreen), "no way around the key"
    assert all("sha_" not in line for line in audit_lines(setup.audit)), "never a key in the audit"


async def test_a_revoked_key_is_refused_with_its_own_message(tmp_path: Path) -> None:
    setup = agent_app(tmp_path)
    async with setup.app.run_test(size=(80, 24)) as pilot:
        agent = Agent(pilot)
        await agent.at(AgentSignInScreen)
        await setup.app.wizard.backend.ready()  # the embedded server, built behind the first screen
        revoke_demo_agent(setup.app)
        await agent.sign_in()
        assert isinstance(agent.app.screen, AgentSignInScreen)
        assert "revoked" in agent.error_at("agentKey")
        assert setup.keyring.get_password("smarthub-tui", SERVER) is None


async def test_a_key_revoked_mid_call_ends_the_call_at_the_sign_in(tmp_path: Path) -> None:
    setup = agent_app(tmp_path)
    async with setup.app.run_test(size=(80, 24)) as pilot:
        agent = Agent(pilot)
        await agent.sign_in()
        await agent.at(RegisterScreen)
        await agent.answer("register")
        await agent.at(IdentityScreen)
        revoke_demo_agent(setup.app)
        await agent.answer("identity")
        await agent.at(AgentSignInScreen)
        assert "revoked" in agent.error_at("agentKey")
        assert setup.app.wizard.state.session is None and not setup.app.wizard.state.identity.values, "the call is wiped"
        assert setup.keyring.get_password("smarthub-tui", SERVER) is None, "the withdrawn key is forgotten"


async def test_with_no_keyring_it_says_so_and_keeps_nothing(tmp_path: Path) -> None:
    setup = agent_app(tmp_path, keyring=FailingKeyring())
    async with setup.app.run_test(size=(80, 24)) as pilot:
        agent = Agent(pilot)
        screen = await agent.at(AgentSignInScreen)
        assert strings.AGENT_NO_KEYRING in texts(screen)
        await agent.sign_in()
        await agent.at(RegisterScreen)
    assert not files_holding(tmp_path, DEMO_AGENT_KEY), "the key is never written to a file"


# --- the call ------------------------------------------------------------------------------------


async def test_a_call_registers_with_no_captcha_and_spoken_terms_then_follows_the_member(tmp_path: Path) -> None:
    setup = agent_app(tmp_path)
    member = MEMBERS["default"]
    async with setup.app.run_test(size=(80, 24)) as pilot:
        agent = Agent(pilot, member)
        await agent.sign_in()
        await agent.at(RegisterScreen)
        await agent.answer("register")
        await agent.at(IdentityScreen)
        assert setup.app.wizard.state.session.captcha_waived
        await agent.answer("identity")
        terms = await agent.at(AgentTermsScreen)
        shown = texts(terms)
        assert "Read aloud, word for word" in shown
        assert strings.AGENT_TERMS_SPOKEN in str(terms.query_one("#termsAccepted").label)
        await agent.press("enter")
        assert agent.error_at("termsAccepted") == strings.AGENT_TERMS_REQUIRED, "not without the member's yes"
        await agent.press("space", "enter")
        await agent.at(PaperlessScreen)
        await agent.press("down", "enter")
        done = await agent.at(AgentDoneScreen)
        assert isinstance(done, AgentDoneScreen)
        status = done.query_one("#agent-status", SafeText)
        assert f"{strings.AGENT_STATUS_EMAIL}: {strings.AGENT_STATUS_NOT_YET}" in str(status.text)
        assert f"{strings.AGENT_STATUS_PAPERLESS}: {strings.AGENT_STATUS_ON}" in str(status.text)
        assert done.poll_timer is not None, "the screen asks again by itself"
        row = registration_row(setup.app, member.email)
        assert row["terms_acceptance"] == "spoken"
        assert row["agent"] == "demo-agent"
        # The member, at home, verifies from the e-mail and sets a password: the agent presses nothing.
        await member_verifies(setup.app, member)
        keys = agent.keys
        done.poll()  # what the timer does every few seconds
        await agent.settle()
        assert f"{strings.AGENT_STATUS_EMAIL}: {strings.AGENT_STATUS_YES}" in str(status.text)
        assert f"{strings.AGENT_STATUS_PASSWORD}: {strings.AGENT_STATUS_YES}" in str(status.text)
        assert agent.keys == keys
        await agent.press("enter")  # Next call
        await agent.at(RegisterScreen)
        assert agent.value("#accountNumber") == "" and setup.app.wizard.state.receipt is None, "wiped for the next call"
    check = verify(setup.audit)
    assert check.ok, check.problem


async def test_the_identity_answer_is_shown_back_masked(tmp_path: Path) -> None:
    setup = agent_app(tmp_path, "jecec")
    member = MEMBERS["jecec"]
    async with setup.app.run_test(size=(80, 24)) as pilot:
        agent = Agent(pilot, member)
        await agent.sign_in()
        done = await agent.call(paperless=None)
        shown = texts(done)
        assert "•••-••-4321" in shown
        assert "78636" in shown, "a ZIP code as typed"
        assert "4321" not in shown.replace("•••-••-4321", ""), "the SSN's digits only as its masked last four"


async def test_new_call_asks_then_wipes_every_field(tmp_path: Path) -> None:
    setup = agent_app(tmp_path)
    async with setup.app.run_test(size=(80, 24)) as pilot:
        agent = Agent(pilot)
        await agent.sign_in()
        await agent.at(RegisterScreen)
        await agent.answer("register")
        await agent.at(IdentityScreen)
        await agent.type("78636")
        await agent.press("ctrl+n")
        await agent.at(ConfirmScreen)
        await agent.press("n")
        await agent.at(IdentityScreen)
        assert agent.value("#billingZip") == "78636", "No keeps the call"
        await agent.press("ctrl+n")
        await agent.at(ConfirmScreen)
        await agent.press("y")
        await agent.at(RegisterScreen)
        assert agent.value("#accountNumber") == "" and agent.value("#email") == ""
        state = setup.app.wizard.state
        assert state.session is None and state.account.account_number == "" and not state.identity.values
    assert any('"new_call"' in line for line in audit_lines(setup.audit))


async def test_idle_too_long_asks_the_key_again_over_the_open_screen(tmp_path: Path) -> None:
    setup = agent_app(tmp_path, idle_minutes=15)
    async with setup.app.run_test(size=(80, 24)) as pilot:
        agent = Agent(pilot)
        await agent.sign_in()
        await agent.at(RegisterScreen)
        await agent.answer("register")
        await agent.at(IdentityScreen)
        await agent.type("78636")
        setup.clock.advance(14 * 60)
        setup.app.check_agent_idle()
        await agent.settle()
        assert isinstance(agent.app.screen, IdentityScreen), "not before the limit"
        setup.clock.advance(61)
        setup.app.check_agent_idle()
        screen = await agent.at(AgentSignInScreen)
        assert "15 minutes" in texts(screen)
        await agent.type("sha_wrong")
        await agent.press("enter")
        assert isinstance(agent.app.screen, AgentSignInScreen), "a wrong key does not get back in"
        agent.app.screen.query_one("#agentKey").value = ""
        await agent.type(DEMO_AGENT_KEY)
        await agent.press("enter")
        await agent.at(IdentityScreen)
        assert agent.value("#billingZip") == "78636", "the member's answers are kept"
        await agent.press("enter")
        await agent.at(AgentTermsScreen)
    assert any('"reauth"' in line and '"ok"' in line for line in audit_lines(setup.audit))


async def test_after_idle_only_the_same_agent_gets_back_in(tmp_path: Path) -> None:
    from smarthub_tui.server.agents import add_agent

    setup = agent_app(tmp_path)
    async with setup.app.run_test(size=(80, 24)) as pilot:
        agent = Agent(pilot)
        await agent.sign_in()
        await agent.at(RegisterScreen)
        server = _server(setup.app)
        other = add_agent(server.state.store, server.state.keys, "bob", time.time())
        setup.clock.advance(15 * 60)
        setup.app.check_agent_idle()
        await agent.sign_in(other)
        assert isinstance(agent.app.screen, AgentSignInScreen), "another agent's key does not take over the call"
        assert agent.error_at("agentKey") == strings.AGENT_REAUTH_WRONG
        agent.app.screen.query_one("#agentKey").value = ""
        await agent.sign_in()
        await agent.at(RegisterScreen)
        assert setup.app.wizard.agent_name == "demo-agent"
    assert any('"another_agent"' in line for line in audit_lines(setup.audit))


async def test_a_crm_export_prefills_the_lookup(tmp_path: Path) -> None:
    member = MEMBERS["default"]
    prefill = {"accountNumber": member.account_number, "lastNameOrBusiness": member.last_name, "email": member.email}
    setup = agent_app(tmp_path, prefill=prefill)
    async with setup.app.run_test(size=(80, 24)) as pilot:
        agent = Agent(pilot, member)
        await agent.sign_in()
        register = await agent.at(RegisterScreen)
        assert agent.value("#accountNumber") == member.account_number
        assert agent.value("#email") == member.email
        assert register.query_one("#notice", SafeText).text == strings.AGENT_PREFILLED
        keys = agent.keys
        await agent.press("enter")
        await agent.at(IdentityScreen)
        assert agent.keys == keys + 1, "reviewed, then one Enter"


async def test_the_audit_of_a_whole_call_holds_no_secret(tmp_path: Path) -> None:
    member = Member(identity={"mailingZip": "78636", "ssn4": "4321"}, hint_answer="Rexford")
    setup = agent_app(tmp_path, "pec")
    async with setup.app.run_test(size=(80, 24)) as pilot:
        agent = Agent(pilot, member)
        await agent.sign_in()
        await agent.call(paperless=False)
        await agent.press("enter")
        await agent.at(RegisterScreen)
    log = setup.audit.read_text(encoding="utf-8")
    print("\n" + log)
    for secret in ("4321", "78636", "Rexford", DEMO_AGENT_KEY, member.account_number):
        assert secret not in log, f"{secret!r} in the audit log"
    steps = [line for line in log.splitlines()]
    assert any('"registration"' in line and '"created"' in line for line in steps)
    assert any('"paperless"' in line and '"off"' in line for line in steps)
    assert verify(setup.audit).ok


async def test_key_presses_of_an_agent_call_against_a_members_registration(tmp_path: Path) -> None:
    from tests.support.harness import build_app

    member = MEMBERS["default"]
    setup = agent_app(tmp_path)
    async with setup.app.run_test(size=(80, 24)) as pilot:
        agent = Agent(pilot, member)
        await agent.sign_in()
        await agent.at(RegisterScreen)
        agent.keys = agent.typed = 0
        await agent.call(paperless=True)
        agent_keys, agent_typed = agent.keys, agent.typed
    app, _ = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, member)
        await wizard.walk_to("finished")
        member_keys, member_typed = wizard.keys, wizard.typed
    print(f"\nagent call, lookup to 'registration created': {agent_keys} keys ({agent_typed} typed);"
          f" member's own registration, welcome to finished: {member_keys} keys ({member_typed} typed)")
    assert agent_keys < member_keys


# --- helpers that reach the embedded server (the member's side, the operator's) ----------------------


def _built(app: Any) -> Any:
    """The wizard's embedded backend itself (built behind the first screen: by now a call has built it)."""
    from smarthub_tui.backend.deferred import DeferredBackend

    backend = app.wizard.backend
    if isinstance(backend, DeferredBackend):
        assert backend.built is not None, "the embedded server is not built yet"
        backend = backend.built
    return backend


def _server(app: Any) -> Any:
    """The embedded reference server (its FastAPI app) behind the wizard's backend."""
    transport = _built(app)._client._transport
    return transport.app


def revoke_demo_agent(app: Any) -> None:
    """The operator revokes the demo agent (``smarthub-server agents revoke demo-agent``)."""
    from smarthub_tui.server.agents import revoke_agent

    revoke_agent(_server(app).state.store, "demo-agent", time.time())


def registration_row(app: Any, email: str) -> dict[str, Any]:
    """The registration row the agent's call made: how the terms were accepted, which agent."""
    from sqlalchemy import select

    from smarthub_tui.server.store import agents, registrations, users

    store = _server(app).state.store
    with store.transaction() as tx:
        row = tx.connection.execute(
            select(registrations.c.terms_acceptance, agents.c.name)
            .join(users, users.c.id == registrations.c.user_id)
            .outerjoin(agents, agents.c.id == registrations.c.agent_id)
            .where(users.c.email == email)
        ).one()
    return {"terms_acceptance": row.terms_acceptance, "agent": row.name}


async def member_verifies(app: Any, member: Member) -> None:
    """The member, on their own (no agent key): the code from the e-mail, then their own password."""
    from smarthub_tui.backend.http import HttpBackend
    from smarthub_tui.profiles import VerificationStyle
    from smarthub_tui.steps import code_in_email

    wizard = app.wizard
    built = _built(app)
    own = HttpBackend(built.base_url, transport=built._client._transport, retry_pause=0)
    profile = wizard.state.profile
    messages = await own.demo_outbox(member.email)
    style = wizard.state.receipt.verification_style
    code = code_in_email(profile, style, messages[0].body)
    assert code
    if style is VerificationStyle.LINK:
        auth = await own.verify_account(code)
        await own.change_password(auth, member.password, member.password)
    else:
        auth = await own.login(member.email, code)
        await own.change_password(auth, member.password, member.password, current_password=code)


# --- the plain line mode --------------------------------------------------------------------------


def test_the_line_mode_walks_an_agent_call_with_the_script_before_each_question(tmp_path: Path) -> None:
    audit = tmp_path / "audit.jsonl"
    typed = [DEMO_AGENT_KEY, "1000234567", "Doe", "jane@example.com", "jane@example.com", "78636", "", "yes", "1", ""]
    done = subprocess.run(
        [sys.executable, "-m", "smarthub_tui", "--mode", "agent", "--plain", "--audit-log", str(audit)],
        input="\n".join(typed) + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"},  # never this machine's keyring
    )
    out = done.stdout
    script = load_profile("default").agentScript
    steps = out.split("\nStep ")
    for number, key in ((1, "lookup"), (2, "identity"), (3, "terms"), (4, "paperless"), (5, "agent_done")):
        step = next(s for s in steps if s.startswith(f"{number} of 5"))
        assert step.split("\n")[1] == f"{strings.LINE_AGENT_SCRIPT} {getattr(script, key)}", "the script first, then the questions"
    assert strings.AGENT_TERMS_READ in out
    assert f"{strings.AGENT_STATUS_EMAIL}: {strings.AGENT_STATUS_NOT_YET}" in out
    assert out.count(DEMO_AGENT_KEY) == 1, "only where the demo sign-in says it: the key typed is not echoed"
    assert verify(audit).ok
    assert '"created"' in audit.read_text(encoding="utf-8")


# --- over real HTTP, with a key the server's operator issued -------------------------------------------

SMARTHUB_SERVER = Path(sys.executable).with_name("smarthub-server")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def issue_key(name: str, db: Path) -> str:
    """``smarthub-server agents add NAME``, as the operator runs it: the key it prints once."""
    issued = subprocess.run(
        [str(SMARTHUB_SERVER), "agents", "add", name, "--db", str(db)], capture_output=True, text=True, timeout=60, check=True
    )
    return issued.stdout.strip()


@contextmanager
def started_server(port: int, db: Path) -> Iterator[None]:
    """A demo `smarthub-server` process on `port` with its database at `db`, until the block ends."""
    import httpx

    from smarthub_tui.contract import HEALTH_PATH

    process = subprocess.Popen(
        [str(SMARTHUB_SERVER), "--host", "127.0.0.1", "--port", str(port), "--db", str(db), "--profile", "default", "--demo",
         "--log-level", "warning"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise AssertionError(f"smarthub-server exited: {process.stderr.read().decode()[-2000:] if process.stderr else ''}")
            try:
                if httpx.get(f"http://127.0.0.1:{port}{HEALTH_PATH}", timeout=1.0).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError("smarthub-server did not start in time")
            time.sleep(0.1)  # polling a separate process: there is no event to wait on
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()



@pytest.mark.slow
async def test_an_agent_call_over_real_http_with_a_key_from_agents_add(tmp_path: Path) -> None:
    db = tmp_path / "server.db"
    port = free_port()
    with started_server(port, db):
        key = issue_key("ada", db)
        audit = tmp_path / "audit.jsonl"
        settings = AgentSettings(audit_path=audit, keyring=MemoryKeyring(), clock=FakeClock())
        app = make_app(server=f"http://127.0.0.1:{port}", mode=UserMode.AGENT, agent=settings, timeout=10.0)
        async with app.run_test(size=(80, 24)) as pilot:
            agent = Agent(pilot, MEMBERS["default"])
            await agent.sign_in(key)
            done = await agent.call(paperless=True)
            assert app.wizard.agent_name == "ada"
            assert app.wizard.state.session.captcha_waived
            assert strings.AGENT_STATUS_NOT_YET in str(done.query_one("#agent-status", SafeText).text)
    log = audit.read_text(encoding="utf-8")
    assert key not in log and '"ada"' in log and '"created"' in log


# --- the command line -----------------------------------------------------------------------------------


def test_the_command_line_takes_the_idle_minutes_and_the_audit_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from smarthub_tui.audit import default_audit_path
    from smarthub_tui.cli import agent_settings, parse_args

    args = parse_args(["--mode", "agent", "--agent-idle-minutes", "5", "--audit-log", str(tmp_path / "a.jsonl")])
    settings = agent_settings(args)
    assert settings is not None and settings.idle_minutes == 5 and settings.audit_path == tmp_path / "a.jsonl"
    assert agent_settings(parse_args([])) is None, "member mode has none"
    with pytest.raises(SystemExit):
        parse_args(["--agent-idle-minutes", "0"])
    assert "--agent-idle-minutes must be more than 0" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        parse_args(["--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert "--audit-log PATH" in shown and " ".join(str(default_audit_path()).split()) in shown
