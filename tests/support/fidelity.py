"""Fidelity to a co-op's guide: walk its profile in the running app and read back what each screen says.

A guide test (tests/functional/test_fidelity_*.py) is a table with one row
per line of the guide that a member sees or acts on, each of three kinds:

- `Shown(quote, screen)`: the guide's words, exactly, on that screen of the walk;
- `ShownAs(quote, screen, ours, why)`: the line is there in other words (`ours`), for a reason;
- `Pressed(quote, screen)`: the guide's button, a button of that screen with exactly that label;
- `Narration(quote, why)`: a line that tells rather than shows (a click, a picture's caption).

The rows are in the guide's order, and so must be the screens they name:
`out_of_order` fails a table whose screens the walk met in another order.

`walk_guide(profile)` registers the profile's demo member through the
Textual app, keyboard only, exactly as `Wizard` answers each step, and
keeps the text of every screen it passes (the demo inbox and the "already
registered" alert included).  The text is taken from the app's own
compositor (what the terminal would show) at 80 columns and a tall height,
so a long screen's last paragraph is read without scrolling; lines are
joined and runs of spaces and box-drawing characters folded, so a sentence
wrapped across lines or inside a border still matches.  A row's screen is
the step's name (`StepId` value) or one of the extra names in `EXTRAS`.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from dataclasses import dataclass

from rich.console import Console
from textual.app import App

from smarthub_tui.flow import StepId
from tests.support.harness import MEMBERS, Member, Wizard, build_app

EXTRAS = (
    "login",
    "inbox",
    "security_phrase_help",
    "my_profile",
    "manage_accounts",
    "unsubscribe_question",
    "welcome_again",
    "already_registered",
)
"""Screens a walk reads that are not steps of the registration plan: the login a `verifyAtLogin`
co-op returns to, the demo inbox (F3 where a code or temporary password is typed), the phrase's
help (F1), My Profile with Manage My Registered Accounts and its Unsubscribe question, the welcome
screen after signing out, and the alert of a second registration with the same e-mail."""

WIDTH, HEIGHT = 80, 120


@dataclass(frozen=True)
class Shown:
    """The guide's words appear exactly on `screen`."""

    quote: str
    screen: str


@dataclass(frozen=True)
class ShownAs:
    """The guide's line is on `screen` in our words (`ours`), for the reason `why`."""

    quote: str
    screen: str
    ours: str
    why: str


@dataclass(frozen=True)
class Pressed:
    """The guide's button `quote` is a button (or choice) on `screen`, labelled exactly so."""

    quote: str
    screen: str


@dataclass(frozen=True)
class Narration:
    """A line that tells the member what to do or describes a picture: nothing to show, for the reason `why`."""

    quote: str
    why: str


Row = Shown | ShownAs | Pressed | Narration

_FOLD = re.compile(r"[\s\u2500-\u259f\u2800-\u28ff▁▂▃▄▅▆▇█▉▊▋▌▍▎▏]+")


def folded(text: str) -> str:
    """`text` with line breaks, borders and runs of spaces folded into single spaces."""
    return _FOLD.sub(" ", text).strip()


def screen_text(app: App[object]) -> str:
    """The characters the terminal shows for `app`'s current screen (no colours)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True, color_system=None, legacy_windows=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


@dataclass
class Walked:
    """What a walk saw: each screen's folded text and its buttons' labels, in the order first met."""

    text: dict[str, str]
    buttons: dict[str, set[str]]


def missing(rows: list[Row], seen: Walked) -> list[str]:
    """What the walk did not show: one line per row whose words (or button) are not on its screen."""
    problems = []
    for row in rows:
        if isinstance(row, Narration):
            continue
        words = row.ours if isinstance(row, ShownAs) else row.quote
        if row.screen not in seen.text:
            problems.append(f"{row.screen!r} never shown (for {words!r}); the walk saw {list(seen.text)}")
        elif isinstance(row, Pressed):
            if not any(_labelled(label, words) for label in seen.buttons[row.screen]):
                problems.append(f"no button {words!r} on {row.screen}: {sorted(seen.buttons[row.screen])}")
        elif folded(words) not in seen.text[row.screen]:
            problems.append(f"not on {row.screen}: {words!r}")
    return problems


def _labelled(label: str, words: str) -> bool:
    """Whether a button's `label` is `words`, alone or followed by its key in brackets ("Help (F1)")."""
    return re.fullmatch(re.escape(words) + r"( \([^)]*\))?", label) is not None


def out_of_order(rows: list[Row], seen: Walked) -> list[str]:
    """Rows whose screen the walk met before the screen of an earlier row (the guide's order broken)."""
    order = list(seen.text)
    problems = []
    latest = ("", -1)
    for row in rows:
        if isinstance(row, Narration) or row.screen not in order or row.screen in EXTRAS:
            continue
        place = order.index(row.screen)
        if place < latest[1]:
            problems.append(f"{row.quote!r} ({row.screen}) comes after {latest[0]} in the guide, before it in the walk")
        latest = max(latest, (row.screen, place), key=lambda pair: pair[1])
    return problems


class GuideWalk(Wizard):
    """A `Wizard` that reads every screen it passes before answering it."""

    def __init__(self, pilot: object, member: Member) -> None:
        super().__init__(pilot, member)  # type: ignore[arg-type]
        self.seen = Walked(defaultdict(str), defaultdict(set))

    def read(self, name: str) -> None:
        """Keep what the current screen says, and its buttons, under `name` (added to an earlier visit's)."""
        self.seen.text[name] += " " + folded(screen_text(self.app))
        for button in self.app.screen.query("Button, RadioButton, Checkbox"):
            label = getattr(button, "label", "")
            self.seen.buttons[name].add(folded(getattr(label, "plain", str(label))))

    async def walk(self) -> None:
        """Register the member as the guide does, reading each screen; then My Profile; then the alert.

        After the registration plan: where the co-op has the temporary password
        typed at the login (`verifyAtLogin`, PEC's guide), the login screen,
        the demo inbox and the steps after it; elsewhere a sign-in with the new
        password.  On My Profile, Manage My Registered Accounts and its
        Unsubscribe question (answered No), then Sign Out; last, the same
        registration again, for the "already registered" alert.
        """
        from smarthub_tui.flow import Mode, StepId, plan
        from smarthub_tui.screens import screen_class
        from smarthub_tui.screens.profile_menu import ProfileMenuScreen
        from smarthub_tui.screens.welcome import WelcomeScreen

        await self.at(WelcomeScreen)
        self.read("welcome")
        await self.answer("welcome")
        steps = list(plan(Mode.REGISTER, self.profile, self.app.wizard.state))
        if self.profile.verifyAtLogin:
            steps.append(StepId.WELCOME)  # the login, where the temporary password is typed
            steps += [step for step in self.login_steps() if step is not StepId.MY_PROFILE]
        for step in steps:
            await self.at(screen_class(step))
            await self.read_and_answer(step)
        if not isinstance(self.app.screen, ProfileMenuScreen):
            await self.sign_in()
        await self.at(ProfileMenuScreen)
        self.read("my_profile")
        await self.open_item("unsubscribe")
        self.read("manage_accounts")
        await self.app.screen.run_action("submit")
        await self.settle()
        self.read("unsubscribe_question")
        await self.press("n")
        await self.at(ProfileMenuScreen)
        await self.press("f10", "y")
        await self.at(WelcomeScreen)
        self.read("welcome_again")
        await self.answer("welcome")
        await self.answer("register")
        self.read("already_registered")

    async def read_and_answer(self, step: StepId) -> None:
        """Read `step`'s screen (and the demo inbox or help it offers), then answer it as `Wizard` does."""
        from smarthub_tui.flow import StepId

        if step is StepId.WELCOME:
            self.read("login")
            await self.press("f3")
            self.read("inbox")
            await self.press("u", "enter")
            return
        self.read(step.value)
        if step is StepId.VERIFY:
            await self.press("f3")
            self.read("inbox")
            await self.press("u", "enter")  # use the newest code, as `Wizard.answer` does
            return
        if step is StepId.PASSWORD and self.app.screen.query("#currentPassword"):
            await self.press("f3")
            self.read("inbox")
            await self.press("u")  # the code is taken and the focus on New Password
            await self.fill([self.member.password, self.member.password])
            await self.press("enter")
            return
        if step is StepId.SECURITY_PHRASE:
            await self.press("f1")
            self.read("security_phrase_help")
            await self.press("f1")
        await self.answer(step.value)

    async def open_item(self, item: str) -> None:
        """On My Profile, open `item` (a `profileMenu` name) with ↓ and Enter."""
        items = [choice.value for choice in self.app.screen.controller.field("item").choices]
        await self.press(*(["down"] * items.index(item)), "enter")


async def walk_guide(profile: str) -> Walked:
    """What every screen of `profile`'s registration walk showed, by screen name."""
    app, transport = build_app(profile, fixed_picture=True, fast=True)
    app.animation_level = "none"
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        walker = GuideWalk(pilot, MEMBERS[profile])
        walker.transport = transport  # type: ignore[attr-defined]
        await walker.walk()
        return walker.seen
