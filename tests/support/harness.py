"""Drive the whole wizard in Pilot tests: a test transport that fails on demand, and a driver.

`FaultyTransport` (tests/support/transport.py) sits between the app's real
`HttpBackend` and the reference server (`create_app` behind
`httpx.ASGITransport`) and fails on demand.  `build_app`
makes the app exactly as the command line does (`cli.make_app`), only with
that backend, a fixed CAPTCHA text and, for pictures, a fixed CAPTCHA image.

`Driver` presses keys like a person (counting key presses and characters
typed) and waits for the wizard to settle: no sleeps, it waits on the
workers of the screen and on Textual's idle.  `Driver.burst` sends keys
the way a paste, a scanner or `tmux send-keys` does, all at once, and
`Wizard.keys_for` gives a step's keys ahead of its screen (type-ahead).  Shared by tests/functional
and tests/snapshot as ``from tests.support.harness import ...`` (pytest puts the
repository root on the path: ``pythonpath`` in pyproject.toml).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input
from textual.worker import WorkerCancelled, WorkerFailed

from smarthub_tui.backend.http import HttpBackend
from smarthub_tui.cli import make_app
from smarthub_tui.profiles import CoopProfile, load_profile
from smarthub_tui.widgets import ErrorPanel, FieldError, SecretInput
from tests.support.servers import Link
from tests.support.transport import CAPTCHA_TEXT, FAILURES, PATHS, FaultyTransport, fixed_captcha_png

__all__ = [  # the transport's names too, so a test imports its whole set-up from here
    "CAPTCHA_TEXT",
    "FAILURES",
    "MEMBERS",
    "PATHS",
    "Driver",
    "FaultyTransport",
    "Member",
    "Wizard",
    "build_app",
    "chars",
    "fixed_captcha_png",
    "profile_with",
    "register_by_api",
    "shoot",
]

def profile_with(name: str, **changes: Any) -> CoopProfile:
    """A built-in profile, with `changes` (e.g. a lower proof-of-work difficulty for speed)."""
    profile = load_profile(name)
    if not changes:
        return profile
    data = profile.model_dump(mode="json")
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] = {**data[key], **value}
        else:
            data[key] = value
    return CoopProfile.model_validate(data)


def build_app(
    profile: str | CoopProfile = "default",
    *,
    fixed_picture: bool = False,
    no_color: bool = False,
    demo: bool = True,
    fast: bool = False,
    link: Link | None = None,
    **app_options: Any,
) -> tuple[App, FaultyTransport]:
    """The app as `make_app` builds it, on the reference server behind a `FaultyTransport`.

    `fast` lowers the proof-of-work difficulty to 8 bits (tests that are not
    about the CAPTCHA need not spend a quarter second on it).  `link` (the
    `server_link` fixture) says how the server is reached: in-process (the
    default) or over real HTTP on loopback.  `app_options` go to `make_app`
    (kiosk mode: ``mode``, ``kiosk_config``, ``clock``).
    """
    from smarthub_tui.server.app import create_app

    if isinstance(profile, str):
        profile = profile_with(profile, **({"captchaDifficultyBits": 8} if fast else {}))
    server = create_app(profile=profile, demo=demo, captcha_text_source=lambda: CAPTCHA_TEXT)
    inner, base_url = link.connect(server) if link is not None else (None, "http://test")
    transport = FaultyTransport(server, fixed_picture=fixed_picture, inner=inner, base_url=base_url)
    backend = HttpBackend(base_url, transport=transport, retry_pause=0)
    return make_app(backend=backend, no_color=no_color, **app_options), transport


async def register_by_api(transport: FaultyTransport, profile: CoopProfile, member: Member, *, set_password: bool = True) -> str:
    """Register `member` straight through the HTTP contract (no screens), as a shortcut to the sign-in path.

    Returns the e-mailed code (the temporary password for `temporaryPassword`
    co-ops).  With `set_password` the member also verifies and sets
    `member.password`, so signing in later leads to paperless and the phrase.
    """
    from smarthub_tui import proof_of_work
    from smarthub_tui.models import AccountLookup, RegistrationRequest, TextCaptcha
    from smarthub_tui.profiles import IdentityOption, VerificationStyle
    from smarthub_tui.steps import code_in_email

    backend = HttpBackend(transport.base_url, transport=transport, retry_pause=0)
    session = await backend.lookup_account(
        AccountLookup(member.account_number, member.last_name, member.email, member.email if profile.confirmEmail else None)
    )
    captcha = await backend.new_captcha(session.registration_id)
    if isinstance(captcha, TextCaptcha):
        answer = CAPTCHA_TEXT
    else:
        answer = proof_of_work.solve(captcha.challenge, captcha.difficulty_bits) or ""
    hint_question = session.hint_questions[0] if profile.asks_hint_question else None
    identity = {IdentityOption(key): value for key, value in member.identity.items()}
    await backend.check_identity(session.registration_id, identity)
    await backend.answer_captcha(session.registration_id, captcha.captcha_id, answer)
    receipt = await backend.complete_registration(
        RegistrationRequest(
            registration_id=session.registration_id,
            terms_accepted=True,
            terms_version=profile.terms.version,
            hint_question=hint_question,
            hint_answer=member.hint_answer if hint_question else None,
        )
    )
    messages = await backend.demo_outbox(member.email)
    code = code_in_email(profile, receipt.verification_style, messages[0].body)
    assert code, "no code in the e-mail"
    if set_password:
        if receipt.verification_style is VerificationStyle.LINK:
            auth = await backend.verify_account(code)
            await backend.change_password(auth, member.password, member.password)
        else:
            auth = await backend.login(member.email, code)
            await backend.change_password(auth, member.password, member.password, current_password=code)
    await backend.aclose()
    return code


@dataclass
class Member:
    """The answers a person gives, for one demo account and profile."""

    account_number: str = "1000234567"
    last_name: str = "Doe"
    email: str = "jane.doe@example.com"
    identity: dict[str, str] = field(default_factory=lambda: {"billingZip": "78636"})
    hint_answer: str = "Rex"
    password: str = "Kettle-Blue-Sings-42"
    paperless: bool = True
    phrase: str = "green gate at dawn"


MEMBERS = {
    "default": Member(),
    "pec": Member(identity={"mailingZip": "78636"}, password="Kettle42"),
    "jecec": Member(identity={"billingZip": "78636", "ssn4": "4321"}, paperless=False),
    "pec-setup": Member(password="Kettle42"),
}
"""A member who can register under each built-in profile (demo account 1000234567, Jane Doe)."""


async def registration(transport: FaultyTransport, member: Member) -> dict[str, Any]:
    """What the server holds for `member`, whatever way they registered.

    Signs in with the member's password (which proves it) and reads the rest.
    """
    backend = HttpBackend("http://test", transport=transport, retry_pause=0)
    try:
        auth = await backend.login(member.email, member.password)
        summary = await backend.account_summary(auth)
    finally:
        await backend.aclose()
    service = transport.inner.app.state.service  # type: ignore[attr-defined]
    with service.store.transaction() as tx:
        user = tx.user_by_email_key(member.email.casefold())
        accounts = tx.accounts_of_user(user.id)
        row = {
            "phrase": service.security_phrase_of(user),  # sealed at rest: compared as the member typed it
            "paperless": user.paperless,
            "verified": user.email_verified_at is not None,
        }
    return {"email": summary.email, "accounts": tuple(accounts), "summary_paperless": summary.paperless, **row}



class Driver:
    """Presses keys like a person and waits for the wizard to settle; counts what it pressed."""

    def __init__(self, pilot: Pilot) -> None:
        self.pilot = pilot
        self.app = pilot.app
        self.keys = 0
        self.typed = 0
        self.after_typing: Any = None
        """Called after each `type()` once the app settled (e.g. to take a screenshot)."""

    # -- waiting ------------------------------------------------------------------------

    async def settle(self) -> None:
        """Wait until no screen or widget worker runs (backend calls, proof-of-work) and messages are handled.

        Quiet means: three rounds in a row with the same screen, no pending
        messages on it (`pilot.pause(0)` waits for those) and no worker but
        the wizard's own walk.
        """
        quiet = 0
        screen = None
        for _ in range(2000):
            await self.pilot.pause(0)
            running = [w for w in self.app.workers if not w.is_finished and w.group != "wizard"]
            if running:
                quiet = 0
                for worker in running:
                    try:
                        await worker.wait()
                    except (WorkerCancelled, WorkerFailed, Exception):  # noqa: BLE001, S110 - a failed worker is the test's to see
                        pass
                continue
            quiet = quiet + 1 if self.app.screen is screen else 0
            screen = self.app.screen
            if quiet >= 3:
                return
        raise AssertionError("the wizard did not settle")

    async def at(self, screen_type: type[Screen]) -> Screen:
        """Wait until the current screen is a `screen_type`; fail with what is shown otherwise."""
        between = 0
        for _ in range(30):
            await self.settle()
            if isinstance(self.app.screen, screen_type):
                return self.app.screen
            # No step on screen: the walk itself is calling the server between two steps (signing
            # out, say), in its own worker, which `settle` does not wait for. Wait for the next
            # screen, up to about ten seconds, rather than give up after a few idle rounds.
            while type(self.app.screen) is Screen and between < 1000:
                between += 1
                await self.pilot.pause(0.01)
        raise AssertionError(f"expected {screen_type.__name__}, still at {self.describe()}")

    def describe(self) -> str:
        """The current screen and the errors it shows, for failure messages."""
        screen = self.app.screen
        errors = [e.error for e in screen.query(FieldError) if e.error]
        panels = [p.message for p in screen.query(ErrorPanel) if p.message]
        return f"{type(screen).__name__} errors={errors} panels={panels}"

    # -- input --------------------------------------------------------------------------

    async def press(self, *keys: str) -> None:
        """Press keys (each one counted), settling after each."""
        for key in keys:
            self.keys += 1
            self._send(key, None)
            await self.settle()

    async def type(self, text: str) -> None:
        """Type `text` into the focused field, one key event per character (counted as typed).

        The key events are queued back to back, as from a fast typist (or a
        paste), then the app settles once: Pilot's `press` waits for the CPU
        to go idle after every key, which makes long answers slow to test.
        """
        from textual.keys import _character_to_key

        self.keys += len(text)
        self.typed += len(text)
        for char in text:
            self._send(char if char.isalnum() else _character_to_key(char), char)
        await self.settle()
        if self.after_typing is not None:
            self.after_typing()

    def _send(self, key: str, char: str | None) -> None:
        """Queue one key event on the app, as the terminal driver does (public `post_message`, no settling)."""
        from textual import events

        if char is None and len(key) == 1:
            char = key
        event = events.Key(key, char)
        event.set_sender(self.app)
        self.app.post_message(event)

    def burst(self, *keys: str) -> None:
        """Queue `keys` all at once, without waiting between them: a paste, a scanner, auto-type, `tmux send-keys`.

        Each item is a key name ("tab", "enter", "ctrl+n") or one character
        (use `chars("...")` to spread text).  Nothing is awaited: the caller
        settles (or holds a call and looks) afterwards.
        """
        from textual.keys import _character_to_key

        for key in keys:
            self.keys += 1
            if len(key) == 1:
                self._send(key if key.isalnum() else _character_to_key(key), key)
            else:
                self._send(key, None)

    async def paced(self, *keys: str, gap: float) -> None:
        """Send `keys` `gap` seconds apart (a fast agent or auto-type): each one sent before the last is handled."""
        for key in keys:
            self.burst(key)
            await asyncio.sleep(gap)

    async def fill(self, values: Iterable[str]) -> None:
        """Type each value, then Tab to the next field (no Tab after the last)."""
        values = list(values)
        for index, value in enumerate(values):
            await self.type(value)
            if index < len(values) - 1:
                await self.press("tab")

    def value(self, selector: str) -> str:
        """The text in the field `selector` on the current screen."""
        widget = self.app.screen.query_one(selector)
        assert isinstance(widget, (Input, SecretInput))
        return widget.value

    def error_at(self, field: str) -> str:
        """The error shown under `field` ("" if none)."""
        return self.app.screen.query_one(f"#{field}-error", FieldError).error

    def panel(self) -> str:
        """The Retry panel's message ("" when hidden)."""
        return self.app.screen.query_one(ErrorPanel).message


def chars(text: str) -> list[str]:
    """`text` as one key per character, for `Driver.burst`."""
    return list(text)


class Wizard(Driver):
    """A `Driver` that knows each screen: answers a step like a person would, for one member and profile."""

    def __init__(self, pilot: Pilot, member: Member | None = None) -> None:
        super().__init__(pilot)
        self.member = member or Member()

    @property
    def profile(self) -> CoopProfile:
        return self.app.wizard.state.profile

    async def answer(self, step: str) -> None:
        """Type this step's answers and submit them (Enter), as a person would from arrival."""
        m = self.member
        if step == "welcome":
            await self.press("ctrl+n")
        elif step == "register":
            values = [m.account_number, m.last_name, m.email]
            if self.profile.confirmEmail:
                values.append(m.email)
            await self.fill(values)
            await self.press("enter")
        elif step == "identity":
            options = [option.value for option in self.app.wizard.state.session.identity_options]
            wanted = [option for option in options if option in m.identity]
            last = wanted[-1]
            for option in options:
                if option in m.identity:
                    await self.type(m.identity[option])
                if option == last:
                    break
                await self.press("tab")
            await self.press("enter")
        elif step == "hint":
            await self.press("down", "enter")  # picks the first question, moves to the answer
            await self.type(m.hint_answer)
            await self.press("enter")
        elif step == "captcha":
            if self.profile.captchaStyle == "text":
                await self.type(CAPTCHA_TEXT)
            await self.press("enter")
        elif step == "terms":
            if self.app.screen.query_one("#termsAccepted").value:
                await self.press("enter")  # still ticked from before
            else:
                await self.press("space", "enter")
        elif step == "congratulations":
            await self.press("enter")
        elif step == "verify":
            await self.press("f3")
            await self.press("u")
            await self.press("enter")
        elif step == "password":
            if self.app.screen.query("#currentPassword"):
                # The Verify Account code as the Current Password (verifyAtPasswordChange): from the demo inbox.
                await self.press("f3")
                await self.press("u")  # the code is in Current Password and the focus on New Password
            await self.fill([m.password, m.password])
            await self.press("enter")
        elif step == "paperless":
            # Nothing is picked on arrival: ↓ picks Yes, ↓ again No.
            if m.paperless:
                await self.press("down", "enter")
            else:
                await self.press("down", "down", "enter")
        elif step == "security_phrase":
            await self.type(m.phrase)
            await self.press("enter")
        elif step == "finished":
            await self.press("enter")
        elif step == "my_profile":
            await self.press("f10", "y")  # nothing more to do: sign out (the session ends on the server)
        else:  # pragma: no cover
            raise AssertionError(f"no driver for step {step}")

    def keys_for(self, step: str) -> list[str]:
        """Every key a person presses to answer `step` from arrival, Enter included, decided without looking at the screen.

        For type-ahead: the keys can be sent before the step's screen exists.
        (A first visit: the terms box is still unticked, nothing is picked on
        the hint and paperless lists: ↓ picks the first option.)
        """
        m = self.member
        profile = self.profile
        if step == "welcome":
            return ["ctrl+n"]
        if step == "register":
            keys = [*chars(m.account_number), "tab", *chars(m.last_name), "tab", *chars(m.email)]
            if profile.confirmEmail:
                keys += ["tab", *chars(m.email)]
            return [*keys, "enter"]
        if step == "identity":
            options = [option.value for option in profile.identityOptions]
            wanted = [option for option in options if option in m.identity]
            keys = []
            for option in options[: options.index(wanted[-1]) + 1]:
                if keys:
                    keys.append("tab")
                keys += chars(m.identity.get(option, ""))
            return [*keys, "enter"]
        if step == "hint":
            return ["down", "enter", *chars(m.hint_answer), "enter"]
        if step == "captcha":
            return [*chars(CAPTCHA_TEXT), "enter"] if profile.captchaStyle == "text" else ["enter"]
        if step == "terms":
            return ["space", "enter"]
        if step == "my_profile":
            return ["f10", "y"]
        if step in ("congratulations", "finished"):
            return ["enter"]
        if step == "verify":
            return ["f3", "u", "enter"]
        if step == "password":
            code = ["f3", "u"] if profile.verifyAtPasswordChange else []
            return [*code, *chars(m.password), "tab", *chars(m.password), "enter"]
        if step == "paperless":
            return ["down", "enter"] if m.paperless else ["down", "down", "enter"]
        if step == "security_phrase":
            return [*chars(m.phrase), "enter"]
        raise AssertionError(f"no keys for step {step}")  # pragma: no cover

    async def sign_in(self, password: str | None = None) -> None:
        """On the welcome screen, log in as the member (with `password`, default the member's)."""
        from smarthub_tui.screens.welcome import WelcomeScreen

        await self.at(WelcomeScreen)
        await self.type(self.member.email)
        await self.press("tab")
        await self.type(password if password is not None else self.member.password)
        await self.press("enter")

    async def walk_to(self, step: str) -> Screen:
        """From the start, answer every step before `step`; return `step`'s screen on arrival."""
        from smarthub_tui.flow import Mode, StepId, plan
        from smarthub_tui.screens import screen_class
        from smarthub_tui.screens.welcome import WelcomeScreen

        await self.at(WelcomeScreen)
        if step == "welcome":
            return self.app.screen
        await self.answer("welcome")
        # "login": the login screen a verifyAtLogin co-op returns to after Congratulations.
        target = None if step == "login" else StepId(step)
        steps = plan(Mode.REGISTER, self.profile, self.app.wizard.state)
        for current in steps:
            screen = await self.at(screen_class(current))
            if current == target:
                return screen
            await self.answer(current.value)
        if self.profile.verifyAtLogin:
            # Congratulations returned to the login screen: the temporary password is typed there.
            screen = await self.at(WelcomeScreen)
            if step == "login":
                return screen
            await self.login_with_temporary_password()
            for current in self.login_steps():
                screen = await self.at(screen_class(current))
                if current == target:
                    return screen
                await self.answer(current.value)
        raise AssertionError(f"{step} is not in the {self.profile.profileId} flow")

    def login_steps(self) -> list[Any]:
        """After the log-in with a temporary password (`verifyAtLogin`): the replacement password and what follows."""
        from smarthub_tui.flow import SIGN_IN_STEPS, StepId

        skipped = {StepId.PAPERLESS: not self.profile.paperBillsPrompt, StepId.SECURITY_PHRASE: not self.profile.securityPhrasePrompt}
        return [step for step in SIGN_IN_STEPS if not skipped.get(step, False)]

    async def login_with_temporary_password(self) -> None:
        """At the login screen after Congratulations (`verifyAtLogin`): the demo inbox's temporary password as the Password, Login."""
        from smarthub_tui.screens.welcome import WelcomeScreen

        await self.at(WelcomeScreen)
        await self.press("f3")
        await self.press("u")
        await self.press("enter")

    async def continue_to(self, step: str) -> Screen:
        """From the registration step on screen now, answer each step until `step`'s screen shows."""
        from smarthub_tui.flow import Mode, StepId, plan
        from smarthub_tui.screens import screen_class

        target = StepId(step)
        steps = plan(Mode.REGISTER, self.profile, self.app.wizard.state)
        for _ in range(len(steps) + 1):
            await self.settle()
            current = next((s for s in steps if isinstance(self.app.screen, screen_class(s))), None)
            if current is None:
                raise AssertionError(f"not on a registration step: {self.describe()}")
            if current is target:
                return self.app.screen
            await self.answer(current.value)
        raise AssertionError(f"never reached {step}: {self.describe()}")

    async def sign_in_to(self, step: str) -> Screen:
        """Shortcut to a late step: register through the API, sign in on the welcome screen, go on to `step`.

        For ``password`` the member signs in with the e-mailed temporary
        password (a `temporaryPassword` co-op); otherwise with their own.
        Needs `self.transport` (the app's `FaultyTransport`).
        """
        from smarthub_tui.flow import StepId
        from smarthub_tui.registry import STEPS as STEP_SCREENS
        from smarthub_tui.screens import screen_class
        from smarthub_tui.screens.welcome import WelcomeScreen

        await self.at(WelcomeScreen)
        wants_password = step == "password"
        code = await register_by_api(self.transport, self.profile, self.member, set_password=not wants_password)
        await self.sign_in(code if wants_password else None)
        target = screen_class(StepId(step))
        for _ in range(len(STEP_SCREENS)):
            await self.settle()
            if isinstance(self.app.screen, target):
                return self.app.screen
            current = next(s for s in STEP_SCREENS if isinstance(self.app.screen, screen_class(s)))
            await self.answer(current.value)
        raise AssertionError(f"never reached {step}: {self.describe()}")


def shoot(
    snap_compare: Any,
    profile: str | CoopProfile,
    drive: Any,
    *,
    member: Member | None = None,
    fixed_picture: bool = True,
    no_color: bool = False,
    size: tuple[int, int] = (80, 24),
    prepare: Any = None,
    settle: bool = True,
    app_options: dict[str, Any] | None = None,
) -> bool:
    """Snapshot the app at 80x24 after `drive(wizard)` (an async function) has taken it somewhere.

    Deterministic: a fixed CAPTCHA text and picture, fixed demo data, the
    cursor not blinking, masked fields only (`drive` never reveals one).
    `prepare(transport)` runs before the app starts (to make a call fail);
    `settle=False` for a picture taken while a call is held up.
    `app_options` go to `make_app` (kiosk mode's ``mode``, ``kiosk_config``, ``clock``).
    """
    name = profile if isinstance(profile, str) else profile.profileId
    app, transport = build_app(profile, fixed_picture=fixed_picture, no_color=no_color, fast=True, **(app_options or {}))
    app.animation_level = "none"  # spinners stand still: the same picture every run
    if prepare is not None:
        prepare(transport)

    async def run_before(pilot: Pilot) -> None:
        wizard = Wizard(pilot, member or MEMBERS.get(name, Member()))
        wizard.transport = transport  # type: ignore[attr-defined]
        await drive(wizard)
        if settle:
            await wizard.settle()
        for box in pilot.app.screen.query(Input):
            box.cursor_blink = False
        await (wizard.settle() if settle else pilot.pause())

    return snap_compare(app, run_before=run_before, terminal_size=size)

