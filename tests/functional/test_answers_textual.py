"""The answers file with a person at the Textual app: `interactive` steps on screen, the rest from the file.

pec's CAPTCHA is a picture, so its example lists it in `interactive`: the
person types the test's fixed CAPTCHA text at the CAPTCHA screen, every other
step comes from the file; the server then holds a complete registration.  A
step the co-op refuses is shown to the person, pre-filled, the reason on it.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
from textual.app import App
from textual.screen import Screen
from textual.widgets import Input

from smarthub_tui.answers_file import parse_answers
from smarthub_tui.backend.http import HttpBackend
from smarthub_tui.cli import make_app
from smarthub_tui.flow import Outcome, StepId
from smarthub_tui.frontends.answers import wrap
from smarthub_tui.profiles import load_profile
from smarthub_tui.runner import AlreadyRegisteredChoice, FrontEnd, Visit
from smarthub_tui.screens.captcha import CaptchaScreen
from smarthub_tui.screens.hint import HintScreen
from smarthub_tui.screens.identity import IdentityScreen
from smarthub_tui.screens.profile_menu import ProfileMenuScreen
from smarthub_tui.steps import Wizard
from tests.support.harness import CAPTCHA_TEXT, Driver

EXAMPLES = Path(__file__).parents[2] / "examples" / "answers"
SECRETS = {"SMARTHUB_NEW_PASSWORD": "Kettle42", "SMARTHUB_PHRASE": "green gate at dawn", "SMARTHUB_HINT_ANSWER": "Rex"}


class Shown:
    """The app's own front end, noting each step it is asked to show, so a test can wait for one (no polling)."""

    def __init__(self) -> None:
        self.inner: FrontEnd
        self.steps: list[StepId] = []
        self.changed = asyncio.Event()

    async def connect(self, wizard: Wizard) -> None:
        await self.inner.connect(wizard)

    async def show(self, visit: Visit) -> Outcome:
        self.steps.append(visit.step)
        self.changed.set()
        return await self.inner.show(visit)

    async def already_registered(self, message: str, email: str) -> AlreadyRegisteredChoice:
        return await self.inner.already_registered(message, email)

    async def reaches(self, driver: Driver, step: StepId, screen: type[Screen]) -> Screen:
        """Wait until the person is shown `step` (the file's steps run in the wizard's worker meanwhile)."""
        async with asyncio.timeout(30):  # a wrong walk fails the test rather than hanging it
            while not self.steps or self.steps[-1] is not step:
                self.changed.clear()
                await self.changed.wait()
        return await driver.at(screen)


def app_for(profile: str, text: str) -> tuple[App[None], Shown, httpx.AsyncBaseTransport]:
    from smarthub_tui.server.app import create_app

    server = create_app(profile=load_profile(profile), demo=True, captcha_text_source=lambda: CAPTCHA_TEXT)
    transport = httpx.ASGITransport(app=server)
    backend = HttpBackend("http://test", transport=transport, retry_pause=0)
    answers = parse_answers(text, environ=SECRETS)
    shown = Shown()

    def wrapped(app: FrontEnd) -> FrontEnd:
        shown.inner = app
        return wrap(answers)(shown)

    return make_app(backend=backend, front_end=wrapped), shown, transport


async def signs_in(transport: httpx.AsyncBaseTransport, email: str, password: str) -> tuple[bool | None, bool]:
    backend = HttpBackend("http://check", transport=transport, retry_pause=0)
    auth = await backend.login(email, password)
    summary = await backend.account_summary(auth)
    await backend.aclose()
    return summary.paperless, summary.security_phrase_set


async def test_pec_example_asks_only_the_captcha() -> None:
    app, shown, transport = app_for("pec", (EXAMPLES / "pec.toml").read_text(encoding="utf-8"))
    async with app.run_test(size=(100, 40)) as pilot:
        driver = Driver(pilot)
        await shown.reaches(driver, StepId.CAPTCHA, CaptchaScreen)
        await driver.type(CAPTCHA_TEXT)
        await driver.press("enter")
        # PEC's walk ends signed in, on its main screen: My Profile, the person's to use.
        await shown.reaches(driver, StepId.MY_PROFILE, ProfileMenuScreen)
        assert driver.keys == len(CAPTCHA_TEXT) + 1  # everything else came from the file
        assert shown.steps == [StepId.CAPTCHA, StepId.MY_PROFILE]
    # Paperless on; no phrase: pec's guide asks none (and the file logged in at the login screen).
    assert await signs_in(transport, "jane.doe@example.com", SECRETS["SMARTHUB_NEW_PASSWORD"]) == (True, False)


async def test_a_refused_step_is_shown_to_the_person_prefilled_with_the_reason() -> None:
    text = (EXAMPLES / "pec.toml").read_text(encoding="utf-8").replace('mailingZip = "78636"', 'mailingZip = "78000"')
    app, shown, _ = app_for("pec", text)
    async with app.run_test(size=(100, 40)) as pilot:
        driver = Driver(pilot)
        # pec checks the identity answers only once the CAPTCHA is passed: the refusal comes then.
        await shown.reaches(driver, StepId.CAPTCHA, CaptchaScreen)
        await driver.type(CAPTCHA_TEXT)
        await driver.press("enter")
        screen = await shown.reaches(driver, StepId.IDENTITY, IdentityScreen)
        assert driver.value("#mailingZip") == "78000"  # the file's answer, pre-filled
        assert "do not match our records" in screen.notice.message  # type: ignore[attr-defined]
        assert screen.query_one("#notice").display
        # The person corrects it; the rest goes on from the file.
        field = screen.query_one("#mailingZip", Input)
        field.value = ""
        field.focus()
        await driver.type("78636")
        await driver.press("enter")
        await shown.reaches(driver, StepId.MY_PROFILE, ProfileMenuScreen)
        assert shown.steps == [StepId.CAPTCHA, StepId.IDENTITY, StepId.MY_PROFILE]


async def test_back_to_a_step_the_file_answered_shows_it_prefilled() -> None:
    app, shown, _ = app_for("pec", (EXAMPLES / "pec.toml").read_text(encoding="utf-8"))
    async with app.run_test(size=(100, 40)) as pilot:
        driver = Driver(pilot)
        await shown.reaches(driver, StepId.CAPTCHA, CaptchaScreen)
        await driver.press("escape")
        await shown.reaches(driver, StepId.HINT, HintScreen)
        assert driver.value("#hintAnswer") == SECRETS["SMARTHUB_HINT_ANSWER"]
        await driver.press("escape")
        await shown.reaches(driver, StepId.IDENTITY, IdentityScreen)
        assert driver.value("#mailingZip") == "78636"
