"""PasswordChecklist: every policy rule ticked live, in words as well as glyphs; server verdicts shown."""

from __future__ import annotations

from textual.app import App, ComposeResult

from smarthub_tui.profiles import load_profile
from smarthub_tui.validation import Rule, password_rules
from smarthub_tui.widgets import PasswordChecklist
from smarthub_tui.widgets.password_checklist import (
    MET_STATE,
    PENDING_STATE,
    UNMET_STATE,
)

PEC = load_profile("pec").passwordPolicy
DEFAULT = load_profile("default").passwordPolicy


def lines(widget: PasswordChecklist) -> list[str]:
    return [widget.render_line(y).text.strip() for y in range(widget.size.height)]


class ChecklistApp(App[None]):
    def __init__(self, checklist: PasswordChecklist) -> None:
        super().__init__()
        self.checklist = checklist

    def compose(self) -> ComposeResult:
        yield self.checklist


async def test_before_anything_is_typed_every_line_is_neutral_not_failed() -> None:
    checklist = PasswordChecklist(PEC)
    async with ChecklistApp(checklist).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = lines(checklist)
        expected = [rule.label for rule in password_rules(PEC, "")] + ["Both passwords are the same"]
        assert len(shown) == len(expected)
        for line, label in zip(shown, expected, strict=True):
            assert line.startswith("· not yet") and line.endswith(label)
        assert "✗" not in "".join(shown)
        assert set(checklist.states.values()) == {PENDING_STATE}
        assert not checklist.all_met
        unmet = checklist.get_visual_style("password-checklist--unmet")
        assert all(span.style != unmet for span in checklist.render().spans), "no red before anything is typed"


async def test_update_for_ticks_rules_live_and_only_what_typing_broke_is_failed() -> None:
    checklist = PasswordChecklist(PEC)
    async with ChecklistApp(checklist).run_test(size=(80, 24)) as pilot:
        checklist.update_for("abcdef")
        await pilot.pause()
        by_label = {line.split("  ", 1)[1].strip(): line for line in lines(checklist)}
        assert by_label["At least 6 characters"].startswith("✓ met")
        assert by_label["No more than 10 characters"].startswith("✓ met")
        assert by_label["An uppercase letter"].startswith("· not yet"), "still to come: not a failure yet"
        assert by_label["A number"].startswith("· not yet")
        checklist.update_for("abcdefghijk")  # 11 characters: more typing cannot mend that
        await pilot.pause()
        by_label = {line.split("  ", 1)[1].strip(): line for line in lines(checklist)}
        assert by_label["No more than 10 characters"].startswith("✗ not met")
        rules = checklist.update_for("Abcdef1", "Abcdef1")
        await pilot.pause()
        assert all(rule.met for rule in rules)
        assert checklist.all_met
        assert all(line.startswith("✓ met") for line in lines(checklist))
        checklist.update_for("Abcdef1", "Abcdef2")
        assert not checklist.all_met
        assert checklist.rules[-1].key == "match" and not checklist.rules[-1].met
        assert checklist.states["match"] == UNMET_STATE, "a confirmation that differs is already wrong"
        checklist.update_for("Abcdef1", "Abc")
        assert checklist.states["match"] == PENDING_STATE, "half-typed confirmation: not yet"


async def test_after_a_submit_every_unmet_rule_is_failed() -> None:
    checklist = PasswordChecklist(PEC)
    async with ChecklistApp(checklist).run_test(size=(80, 24)) as pilot:
        checklist.update_for("abcdef")
        checklist.show_failures()
        await pilot.pause()
        by_label = {line.split("  ", 1)[1].strip(): line for line in lines(checklist)}
        assert by_label["An uppercase letter"].startswith("✗ not met")
        assert by_label["Both passwords are the same"].startswith("✗ not met")
        assert by_label["At least 6 characters"].startswith("✓ met")
        checklist.update_for("Abcdef")  # fixing one: the rest stay failed, the fixed one ticks
        assert checklist.states["upper"] == MET_STATE and checklist.states["digit"] == UNMET_STATE


async def test_without_match_line_and_with_email_rule() -> None:
    checklist = PasswordChecklist(DEFAULT, email="pat.member@example.com", show_match=False)
    async with ChecklistApp(checklist).run_test(size=(80, 24)) as pilot:
        checklist.update_for("pat.member-1999")
        await pilot.pause()
        keys = {rule.key: rule.met for rule in checklist.rules}
        assert "match" not in keys
        assert keys["email"] is False
        assert checklist.states["email"] == UNMET_STATE, "typing the e-mail breaks the rule at once"
        assert keys["min"] is True
        checklist.update_for("password")
        assert {rule.key: rule.met for rule in checklist.rules}["common"] is False
        await checklist.app.workers.wait_for_complete()


async def test_server_verdict_replaces_local_rule_until_the_password_changes() -> None:
    checklist = PasswordChecklist(PEC)
    async with ChecklistApp(checklist).run_test(size=(80, 24)) as pilot:
        checklist.update_for("Abcdef1", "Abcdef1")
        checklist.show_server_rules(
            [Rule("digit", "A number", False), Rule("history", "[b]Not[/b] one of your last 3\x1b[2J", False)]
        )
        await pilot.pause()
        shown = lines(checklist)
        assert "✗ not met  A number" in shown
        assert "✗ not met  [b]Not[/b] one of your last 3" in shown
        assert not checklist.all_met
        checklist.update_for("Abcdef1", "Abcdef")  # only the confirmation changed: verdict stands
        assert any(rule.key == "history" for rule in checklist.rules)
        checklist.update_for("Abcdef12", "Abcdef12")  # a new password: the old verdict is gone
        await pilot.pause()
        assert all(rule.key != "history" for rule in checklist.rules)
        assert checklist.all_met


def test_the_widget_keeps_no_password() -> None:
    checklist = PasswordChecklist(PEC)
    checklist.update_for("Example-Passw0rd", "Example-Passw0rd")
    assert not any("Example-Passw0rd" in repr(value) for value in vars(checklist).values())
