"""Demo mode: the demo accounts on the welcome screen, the demo inbox one key away after registration, a reset.

The app runs as `smarthub-tui` (or `--demo`) runs it: the reference server
in this process (`embedded_backend`), only with a fixed CAPTCHA text and a
light proof of work so the walks are quick.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from smarthub_tui import cli, strings
from smarthub_tui.backend.embedded import EmbeddedBackend, embedded_backend
from smarthub_tui.flow import Mode, StepId, plan
from smarthub_tui.screens import screen_class
from smarthub_tui.screens.already_registered import AlreadyRegisteredScreen
from smarthub_tui.screens.confirm import ConfirmScreen
from smarthub_tui.screens.congratulations import CongratulationsScreen
from smarthub_tui.screens.finished import FinishedScreen
from smarthub_tui.screens.inbox import InboxScreen
from smarthub_tui.screens.paperless import PaperlessScreen
from smarthub_tui.screens.password import PasswordScreen
from smarthub_tui.screens.register import RegisterScreen
from smarthub_tui.screens.security_phrase import SecurityPhraseScreen
from smarthub_tui.screens.verify import VerifyScreen
from smarthub_tui.screens.welcome import WelcomeScreen
from smarthub_tui.server.store import metadata
from tests.support.harness import CAPTCHA_TEXT, MEMBERS, Wizard, build_app, profile_with


def demo_app(profile: str = "default"):
    """The app as the command line makes it with no --server, on a quick CAPTCHA."""
    backend = embedded_backend(profile_with(profile, captchaDifficultyBits=8), captcha_text_source=lambda: CAPTCHA_TEXT)
    return cli.make_app(backend=backend), backend


def shown_text(screen, selector: str) -> str:
    found = screen.query(selector)
    return str(found.first().render()) if found else ""


def row_counts(backend: EmbeddedBackend) -> dict[str, int]:
    store = backend._server.state.store
    with store.transaction() as tx:
        return {table.name: tx.connection.execute(select(func.count()).select_from(table)).scalar_one() for table in metadata.sorted_tables}


@pytest.mark.parametrize(
    ("profile", "listed", "not_listed"),
    [
        ("default", ["1000234567  78636  Doe", "4000567890  78654  Smith", "70089012    78701  Hill Country Bakery LLC"], ["5000678901"]),
        ("pec", ["1000234567  78636  Doe", "2000345678  78606  Peña", "5000678901  78669  García"], ["4000567890", "3000456789"]),
    ],
)
async def test_the_welcome_screen_lists_the_demo_accounts_for_the_coop(profile, listed, not_listed):
    app, _ = demo_app(profile)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS[profile])
        screen = await wizard.at(WelcomeScreen)
        table = shown_text(screen, "#demo-accounts")
        assert table.startswith(strings.DEMO_ACCOUNTS_TITLE)
        for row in listed:
            assert row in table
        # Never one the co-op refuses, one already registered, or one with no verification data.
        for number in [*not_listed, "8000901234", "9000012345", "6000789012"]:
            assert number not in table
        # The welcome's own actions stay on an 80x24 screen: nothing to scroll to.
        assert screen.query_one("#body").max_scroll_y == 0
        for selector in ("#email", "#password", "#submit", "#register", "#cant-access"):
            region = screen.query_one(selector).region
            assert region.height and region.bottom <= 23, selector
        assert "reset_demo" in {active.binding.action for active in screen.active_bindings.values() if active.enabled}


async def test_no_accounts_list_and_no_reset_over_a_server():
    """A server (even one started with --demo) is not this process's demo: its data is not ours to list or wipe."""
    app, _ = build_app("default", demo=True, fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot)
        screen = await wizard.at(WelcomeScreen)
        await pilot.pause()  # the welcome's warm-up runs after its first refresh
        looking = [worker for worker in pilot.app.workers if worker.group == "demo-accounts"]
        if looking:  # an empty list would wait for every worker, the wizard's own included
            await pilot.app.workers.wait_for_complete(looking)
        # The badge only: no list of a server's accounts, even once everything is loaded.
        assert shown_text(screen, "#demo-accounts") == strings.DEMO_BADGE
        assert screen.check_action("reset_demo", ()) is False
        await wizard.press("ctrl+r")
        assert isinstance(app.screen, WelcomeScreen)


async def _f3_reads_the_inbox(wizard: Wizard, screen_type) -> None:
    screen = await wizard.at(screen_type)
    focused = screen.focused
    await wizard.press("f3")
    inbox = await wizard.at(InboxScreen)
    assert inbox.read_only
    assert inbox.query(".mail"), "the member's e-mails are listed"
    assert not inbox.query_one("#use-code").display  # no field here takes a code
    await wizard.press("escape")
    assert await wizard.at(screen_type) is screen
    assert screen.focused is focused


async def test_f3_opens_the_demo_inbox_on_every_screen_after_registration():
    app, _ = demo_app("default")
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        await wizard.walk_to("register")
        await wizard.press("f3")  # no account yet: no inbox to read
        assert isinstance(app.screen, RegisterScreen)
        await wizard.answer("register")
        steps = plan(Mode.REGISTER, wizard.profile, app.wizard.state)
        for step in steps[steps.index(StepId.REGISTER) + 1 : steps.index(StepId.CONGRATULATIONS)]:
            await wizard.at(screen_class(step))
            await wizard.answer(step.value)
        await _f3_reads_the_inbox(wizard, CongratulationsScreen)
        await wizard.answer("congratulations")
        await wizard.at(VerifyScreen)
        await wizard.answer("verify")
        await _f3_reads_the_inbox(wizard, PasswordScreen)
        await wizard.answer("password")
        await _f3_reads_the_inbox(wizard, PaperlessScreen)
        await wizard.answer("paperless")
        await _f3_reads_the_inbox(wizard, SecurityPhraseScreen)
        # With the help open the footer has no room to name F3 ("esc Close help" is long): the key still works.
        await wizard.press("f1")
        shown = {active.binding.action for active in app.screen.active_bindings.values() if active.binding.show}
        assert "close_help" in shown and "demo_inbox" not in shown
        await wizard.press("f3")
        await wizard.at(InboxScreen)
        await wizard.press("escape")
        await wizard.at(SecurityPhraseScreen)
        await wizard.press("escape")  # closes the help
        await wizard.answer("security_phrase")
        await _f3_reads_the_inbox(wizard, FinishedScreen)


async def test_ctrl_r_resets_the_demo_data_and_the_wizard():
    member = MEMBERS["default"]
    app, backend = demo_app("default")
    seeded = row_counts(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, member)
        await wizard.walk_to("congratulations")
        assert row_counts(backend)["registrations"] == seeded["registrations"] + 1
        await wizard.answer("congratulations")
        await wizard.press("f10", "y")  # stop here: back to the welcome screen, signed out
        screen = await wizard.at(WelcomeScreen)
        await wizard.type(member.email)
        # "No" keeps everything.
        await wizard.press("ctrl+r")
        await wizard.at(ConfirmScreen)
        await wizard.press("n")
        assert await wizard.at(WelcomeScreen) is screen
        assert row_counts(backend)["registrations"] == seeded["registrations"] + 1
        # "Yes": the store back to its seed, every field wiped, a fresh welcome screen says so.
        await wizard.press("ctrl+r")
        await wizard.at(ConfirmScreen)
        await wizard.press("y")
        fresh = await wizard.at(WelcomeScreen)
        assert fresh is not screen
        assert not fresh.query("#notice")  # the links stay on screen: the news is a toast
        assert strings.DEMO_RESET_DONE in [notification.message for notification in app._notifications]
        assert wizard.value("#email") == ""
        assert app.wizard.state.sign_in.email == "" and app.wizard.state.receipt is None and app.wizard.state.auth is None
        assert row_counts(backend) == seeded
        assert await backend.demo_outbox(member.email) == []
        # The same account registers again with the same e-mail (no "already registered").
        await wizard.walk_to("congratulations")
        assert not isinstance(app.screen, AlreadyRegisteredScreen)


async def test_without_a_reset_the_same_account_is_already_registered():
    """The other side of the reset test: it is the reset that lets the account register again."""
    member = MEMBERS["default"]
    app, _ = demo_app("default")
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, member)
        await wizard.walk_to("congratulations")
        await wizard.answer("congratulations")
        await wizard.press("f10", "y")
        await wizard.at(WelcomeScreen)
        await wizard.answer("welcome")
        await wizard.answer("register")
        await wizard.at(AlreadyRegisteredScreen)


def test_demo_with_server_is_refused(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--demo", "--server", "http://127.0.0.1:8000"])
    assert exit_.value.code == 2
    errors = [line for line in capsys.readouterr().err.splitlines() if "error" in line]
    assert errors == ["smarthub-tui: error: --demo runs the built-in demo backend: leave out --server, or --demo"]


def test_demo_alone_is_the_built_in_backend():
    args = cli.parse_args(["--demo"])
    assert args.demo and args.server is None
    assert not cli.parse_args([]).demo  # the default is the demo backend all the same (no --server)
