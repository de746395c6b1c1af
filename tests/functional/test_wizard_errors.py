"""Errors land where they concern: at the field, on the step they are about, in plain words; slow calls can be stopped."""

from __future__ import annotations

import pytest
from textual.widgets._footer import FooterKey

from smarthub_tui import strings
from smarthub_tui.contract import ErrorCode
from smarthub_tui.screens import base
from smarthub_tui.screens.captcha import CaptchaScreen
from smarthub_tui.screens.congratulations import CongratulationsScreen
from smarthub_tui.screens.hint import HintScreen
from smarthub_tui.screens.identity import IdentityScreen
from smarthub_tui.screens.paperless import PaperlessScreen
from smarthub_tui.screens.password import PasswordScreen
from smarthub_tui.screens.register import RegisterScreen
from smarthub_tui.screens.terms import TermsScreen
from smarthub_tui.screens.welcome import WelcomeScreen
from smarthub_tui.widgets import BusyIndicator, PasswordChecklist
from tests.support.harness import CAPTCHA_TEXT, MEMBERS, PATHS, Member, Wizard, build_app


async def test_wrong_identity_answers_are_reported_at_their_own_step_with_the_attempts_left() -> None:
    app, transport = build_app("default", fast=True)
    member = Member(identity={"billingZip": "99999"})
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, member)
        await wizard.walk_to("identity")  # the CAPTCHA comes first in this profile
        await wizard.answer("identity")
        await wizard.at(IdentityScreen)
        assert "4 attempts left" in wizard.error_at("form"), wizard.describe()
        assert wizard.value("#billingZip") == "99999", "what was typed is still there to correct"
        await wizard.press(*["backspace"] * 5)
        await wizard.type("78636")
        await wizard.press("enter")
        await wizard.at(TermsScreen)
        assert transport.count(PATHS["captcha"]) == 1
        await wizard.answer("terms")
        await wizard.at(CongratulationsScreen)


async def test_where_the_captcha_comes_after_the_questions_their_verdict_comes_with_it() -> None:
    app, transport = build_app("pec", fast=True)
    member = Member(identity={"mailingZip": "99999"}, password="Kettle42")
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, member)
        await wizard.walk_to("captcha")
        await wizard.answer("captcha")
        screen = await wizard.at(IdentityScreen)
        notice = screen.query_one("#notice").text
        assert "match" in notice.lower() and "4 attempts left" in notice, notice
        await wizard.press(*["backspace"] * 5)
        await wizard.type("99998")
        await wizard.press("enter")
        await wizard.at(IdentityScreen)
        assert "3 attempts left" in wizard.error_at("form"), "judged at once: the session passed its CAPTCHA"
        await wizard.press(*["backspace"] * 5)
        await wizard.type("78636")
        await wizard.press("enter")
        await wizard.at(HintScreen)
        await wizard.press("enter")
        await wizard.at(TermsScreen)  # the CAPTCHA, passed, is not asked again
        assert transport.count(PATHS["captcha"]) == 1


async def test_a_wrong_captcha_is_reported_at_the_captcha_with_a_fresh_picture() -> None:
    app, transport = build_app("pec", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["pec"])
        await wizard.walk_to("captcha")
        await wizard.type("WRONG1")
        await wizard.press("enter")
        await wizard.at(CaptchaScreen)
        assert wizard.error_at("captchaAnswer"), wizard.describe()
        assert wizard.value("#captchaAnswer") == ""
        assert transport.count(PATHS["captcha"]) == 2, "a new challenge was fetched"
        await wizard.type(CAPTCHA_TEXT)
        await wizard.press("enter")
        await wizard.at(TermsScreen)
        await wizard.answer("terms")
        await wizard.at(CongratulationsScreen)


async def test_a_pec_registration_with_a_wrong_zip_and_a_wrong_captcha_costs_only_the_corrections() -> None:
    """The key presses of the issue's scenario (printed with -s): each mistake is corrected where it was made."""
    app, transport = build_app("pec", fast=True)
    member = Member(identity={"mailingZip": "99999"}, password="Kettle42")
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, member)
        await wizard.walk_to("captcha")
        await wizard.type("WRONG1")
        await wizard.press("enter")
        await wizard.at(CaptchaScreen)
        await wizard.type(CAPTCHA_TEXT)
        await wizard.press("enter")
        await wizard.at(IdentityScreen)
        await wizard.press(*["backspace"] * 5)
        await wizard.type("78636")
        await wizard.press("enter")
        await wizard.at(HintScreen)
        await wizard.press("enter")  # the question and answer are kept
        await wizard.at(TermsScreen)
        await wizard.answer("terms")
        await wizard.at(CongratulationsScreen)
        print(f"\npec, one wrong ZIP and one wrong CAPTCHA, to Congratulations: {wizard.keys} key presses")
        assert transport.count(PATHS["captcha"]) == 2 and transport.count(PATHS["complete"]) == 1


async def test_an_expired_session_returns_to_the_form_with_everything_typed_and_says_why() -> None:
    app, transport = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        await wizard.walk_to("terms")
        transport.reply(PATHS["complete"], 410, {"code": ErrorCode.SESSION_EXPIRED, "message": "Session expired.", "field": None})
        await wizard.answer("terms")
        screen = await wizard.at(RegisterScreen)
        assert "timed out" in screen.query_one("#notice").text
        assert wizard.value("#accountNumber") == "1000234567"
        assert wizard.value("#confirmEmail") == "jane.doe@example.com"
        transport.clear()
        await wizard.press("enter")
        await wizard.at(CaptchaScreen)  # a new session passes its own CAPTCHA
        await wizard.answer("captcha")
        await wizard.at(IdentityScreen)
        assert wizard.value("#billingZip") == "78636", "the later answers are kept too"


@pytest.mark.parametrize(
    ("profile", "step", "path", "screen"),
    [("default", "identity", "identity", IdentityScreen), ("jecec", "terms", "complete", TermsScreen)],
    ids=["at-the-identity-step-that-reached-it", "at-the-submit"],
)
async def test_a_locked_account_shows_the_coops_lockout_message(profile, step, path, screen) -> None:
    app, transport = build_app(profile, fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS[profile])
        await wizard.walk_to(step)
        transport.reply(PATHS[path], 423, {"code": ErrorCode.LOCKED_OUT, "message": "locked", "field": None})
        await wizard.answer(step)
        await wizard.at(screen)
        assert wizard.error_at("form") == app.wizard.state.profile.lockoutMessage


async def test_the_servers_password_verdict_is_shown_at_the_field_and_in_the_checklist() -> None:
    app, transport = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        await wizard.walk_to("password")
        transport.reply(
            PATHS["password"],
            422,
            {
                "code": ErrorCode.PASSWORD_POLICY,
                "message": "The password does not meet the policy.",
                "field": "newPassword",
                "rules": [{"key": "server-only", "label": "Not one of your last 5 passwords", "met": False}],
            },
        )
        await wizard.answer("password")
        screen = await wizard.at(PasswordScreen)
        assert wizard.error_at("newPassword") == "The password does not meet the policy."
        labels = [rule.label for rule in screen.query_one(PasswordChecklist).rules]
        assert "Not one of your last 5 passwords" in labels
        assert wizard.value("#newPassword") == MEMBERS["default"].password


async def test_local_checks_explain_before_any_call() -> None:
    app, transport = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        await wizard.walk_to("register")
        await wizard.fill(["12", "Doe", "jane@example.com", "jane@example.org"])
        await wizard.press("enter")
        assert "4 to 20 digits" in wizard.error_at("accountNumber")
        assert "not the same" in wizard.error_at("confirmEmail")
        assert app.focused is app.screen.query_one("#accountNumber"), "the focus goes to the first problem"
        assert transport.count(PATHS["lookup"]) == 0


async def test_the_terms_are_refused_until_accepted() -> None:
    app, transport = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        await wizard.walk_to("terms")
        await wizard.press("enter")
        assert "Tick" in wizard.error_at("termsAccepted")
        assert transport.count(PATHS["complete"]) == 0
        await wizard.press("space", "enter")  # the focus went to the box
        await wizard.at(CongratulationsScreen)


async def test_a_fast_call_never_shows_the_busy_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """Calls that answer within the delay (nearly all) do not flash the busy line or change the footer."""
    shown: list[str] = []
    original = BusyIndicator.start

    def start(self: BusyIndicator, text: str | None = None, **kwargs: object) -> None:
        shown.append(text or "")
        original(self, text, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(BusyIndicator, "start", start)
    monkeypatch.setattr(base, "BUSY_DELAY", 30.0)  # far beyond any call of the fake transport, on the slowest CI machine
    app, _ = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        await wizard.walk_to("identity")  # connect, lookup, captcha load and check: four calls
        assert shown == []
        assert app.screen.query_one(BusyIndicator).busy is False


async def test_a_slow_call_shows_busy_after_the_delay_and_esc_stops_waiting_without_losing_anything(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(base, "BUSY_DELAY", 30.0)  # the test's clock: the delay passes when the test says so
    app, transport = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        await wizard.walk_to("register")
        member = wizard.member
        await wizard.fill([member.account_number, member.last_name, member.email, member.email])
        release = transport.hold(PATHS["lookup"])
        wizard.keys += 1
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RegisterScreen) and screen.busy
        busy = screen.query_one(BusyIndicator)
        assert not busy.busy, "not before the delay"
        assert strings.KEY_STOP not in [key.description for key in screen.query(FooterKey)]
        timer = screen._busy_timer
        assert timer is not None and timer._interval == base.BUSY_DELAY
        screen.busy_line_due()  # the delay has passed (the timer's own call)
        await pilot.pause()
        assert busy.busy, "the busy line shows while the call runs"
        assert strings.KEY_STOP in [key.description for key in screen.query(FooterKey)], "the footer says Esc stops waiting"
        await pilot.press("escape")
        await pilot.pause()
        assert not busy.busy
        assert isinstance(app.screen, RegisterScreen), "Esc stopped the call; it did not go back"
        assert "Stopped waiting" in wizard.error_at("form")
        assert wizard.value("#accountNumber") == member.account_number
        release.set()
        transport.clear()
        await wizard.press("enter")
        await wizard.at(CaptchaScreen)


async def test_a_lost_answer_to_the_submit_is_retried_with_the_same_key_and_registers_once() -> None:
    app, transport = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        await wizard.walk_to("terms")
        transport.lose_answer(PATHS["complete"])
        await wizard.answer("terms")
        await wizard.at(TermsScreen)
        assert "will not register twice" in wizard.panel()
        await wizard.press("enter")  # Retry
        await wizard.at(CongratulationsScreen)
        messages = await app.wizard.backend.demo_outbox(MEMBERS["default"].email)
        assert len(messages) == 1, "one registration, one e-mail"


async def test_an_ended_session_returns_to_sign_in_with_the_email_ready() -> None:
    app, transport = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        await wizard.walk_to("paperless")
        transport.reply(PATHS["paperless"], 401, {"code": ErrorCode.NOT_AUTHORIZED, "message": "Log in again.", "field": None})
        await wizard.answer("paperless")
        screen = await wizard.at(WelcomeScreen)
        assert "session has ended" in screen.query_one("#notice").text
        assert wizard.value("#email") == MEMBERS["default"].email
        transport.clear()
        await wizard.press("tab")
        await wizard.type(MEMBERS["default"].password)
        await wizard.press("enter")
        await wizard.at(PaperlessScreen)
