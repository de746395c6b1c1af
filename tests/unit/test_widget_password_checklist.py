"""PasswordChecklist: every policy rule ticked live, in words as well as glyphs; server verdicts shown."""

from __future__ import annotations

from textual.app import App, ComposeResult

from smarthub_tui.profiles import load_profile
from smarthub_tui.validation import Rule, password_rules
from smarthub_tui.widgets import PasswordChecklist

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


async def test_one_line_per_rule_plus_match_all_unmet_at_first() -> None:
    checklist = PasswordChecklist(PEC)
    async with ChecklistApp(checklist).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = lines(checklist)
        expected = [rule.label for rule in password_rules(PEC, "")] + ["Both passwords are the same"]
        assert len(shown) == len(expected)
        for line, label in zip(shown, expected, strict=True):
            assert line.startswith("✗ not met") and line.endswith(label)
        assert not checklist.all_met


async def test_update_for_ticks_rules_live_and_words_say_it() -> None:
    checklist = PasswordChecklist(PEC)
    async with ChecklistApp(checklist).run_test(size=(80, 24)) as pilot:
        checklist.update_for("abcdef")
        await pilot.pause()
        by_label = {line.split("  ", 1)[1].strip(): line for line in lines(checklist)}
        assert by_label["At least 6 characters"].startswith("✓ met")
        assert by_label["No more than 10 characters"].startswith("✓ met")
        assert by_label["An uppercase letter"].startswith("✗ not met")
        assert by_label["A number"].startswith("✗ not met")
        rules = checklist.update_for("Abcdef1", "Abcdef1")
        await pilot.pause()
        assert all(rule.met for rule in rules)
        assert checklist.all_met
        assert all(line.startswith("✓ met") for line in lines(checklist))
        checklist.update_for("Abcdef1", "Abcdef2")
        assert not checklist.all_met
        assert checklist.rules[-1].key == "match" and not checklist.rules[-1].met


async def test_without_match_line_and_with_email_rule() -> None:
    checklist = PasswordChecklist(DEFAULT, email="pat.member@example.com", show_match=False)
    async with ChecklistApp(checklist).run_test(size=(80, 24)) as pilot:
        checklist.update_for("pat.member-1999")
        await pilot.pause()
        keys = {rule.key: rule.met for rule in checklist.rules}
        assert "match" not in keys
        assert keys["email"] is False
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
