"""Kiosk mode's Textual-free rules: the config file, the operator's PIN, the idle and finished clocks."""

from __future__ import annotations

from pathlib import Path

import pytest

from smarthub_tui import kiosk
from smarthub_tui.kiosk import Countdown, IdleClock, IdlePhase, KioskConfigError, ManualClock, PinGate


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_given_file_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, 'idle_seconds = 90\nwarning_seconds = 25\nfinished_return_seconds = 10\nprofile = "pec"\n'
                 'operator_pin_hash = "$argon2id$v=19$m=65536,t=3,p=4$abc$def"\n')
    config = kiosk.load_config(path)
    assert (config.idle_seconds, config.warning_seconds, config.finished_return_seconds) == (90, 25, 10)
    assert config.profile == "pec"
    assert config.server is None


def test_a_missing_default_file_means_the_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kiosk, "default_config_path", lambda: tmp_path / "nowhere" / "kiosk.toml")
    config = kiosk.load_config(None)
    assert (config.idle_seconds, config.warning_seconds, config.finished_return_seconds) == (60, 30, 20)
    assert config.operator_pin_hash is None


def test_a_missing_given_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(KioskConfigError, match="no such file"):
        kiosk.load_config(tmp_path / "absent.toml")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("warning_seconds = 19\n", "warning_seconds: Input should be greater than or equal to 20"),
        ("idle_seconds = 'soon'\n", "idle_seconds: Input should be a valid integer"),
        ("idel_seconds = 60\n", "idel_seconds: unknown setting"),
        ("operator_pin_hash = '1234'\n", "operator_pin_hash: must be an argon2 hash"),
        ("server = 'ftp://x'\n", "server: must be an http:// or https:// URL"),
        ("idle_seconds = \n", "not valid TOML"),
    ],
)
def test_a_wrong_file_gets_one_clear_line(tmp_path: Path, text: str, says: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(KioskConfigError) as caught:
        kiosk.load_config(path)
    message = str(caught.value)
    assert says in message
    assert str(path) in message
    assert "\n" not in message


def test_no_pin_hash_refuses_to_start(tmp_path: Path) -> None:
    path = write(tmp_path, "idle_seconds = 60\n")
    with pytest.raises(KioskConfigError, match="needs an operator PIN: run `smarthub-tui kiosk hash-pin`"):
        kiosk.require_pin(kiosk.load_config(path), path)


def test_the_pin_hash_checks_the_pin_and_hides_it() -> None:
    hashed = kiosk.hash_pin("2468")
    assert "2468" not in hashed
    assert kiosk.pin_matches(hashed, "2468")
    assert not kiosk.pin_matches(hashed, "2469")
    assert not kiosk.pin_matches("$argon2id$broken", "2468")


def test_wrong_pins_wait_longer_and_longer_after_the_third() -> None:
    clock = ManualClock()
    gate = PinGate(clock)
    gate.record(right=False)
    gate.record(right=False)
    assert gate.wait_left() == 0
    gate.record(right=False)
    assert gate.wait_left() == 2
    clock.advance(2)
    gate.record(right=False)
    assert gate.wait_left() == 4
    clock.advance(4)
    gate.record(right=False)
    assert gate.wait_left() == 8
    gate.record(right=True)
    assert gate.wait_left() == 0


def test_idle_then_warning_then_expired_and_a_key_starts_over() -> None:
    clock = ManualClock()
    idle = IdleClock(60, 30, clock)
    clock.advance(59.5)
    assert idle.phase() is IdlePhase.ACTIVE
    clock.advance(0.5)
    assert idle.phase() is IdlePhase.WARNING
    assert idle.warning_left() == 30
    clock.advance(29.2)
    assert idle.warning_left() == 1
    idle.touch()
    assert idle.phase() is IdlePhase.ACTIVE
    clock.advance(90)
    assert idle.phase() is IdlePhase.EXPIRED
    assert idle.warning_left() == 0


def test_the_finished_countdown() -> None:
    clock = ManualClock()
    countdown = Countdown(20, clock)
    assert not countdown.over()
    countdown.start()
    clock.advance(5)
    assert countdown.left() == 15
    clock.advance(15)
    assert countdown.over()
    countdown.stop()
    assert not countdown.running


# --- the command line ---------------------------------------------------------------


def test_hash_pin_reads_the_pin_twice_and_prints_the_line_to_paste() -> None:
    import io

    from smarthub_tui.cli import kiosk_command

    asked: list[str] = []

    def read(prompt: str) -> str:
        asked.append(prompt)
        return "2468"

    out = io.StringIO()
    assert kiosk_command(["hash-pin"], read_secret=read, out=out) == 0
    assert len(asked) == 2
    line = out.getvalue().strip()
    assert line.startswith('operator_pin_hash = "$argon2')
    assert "2468" not in line
    config = kiosk.KioskConfig.model_validate({"operator_pin_hash": line.split('"')[1]})
    assert config.operator_pin_hash is not None and kiosk.pin_matches(config.operator_pin_hash, "2468")


def test_hash_pin_refuses_two_different_pins(capsys: pytest.CaptureFixture[str]) -> None:
    from smarthub_tui.cli import kiosk_command

    answers = iter(["2468", "2469"])
    assert kiosk_command(["hash-pin"], read_secret=lambda _: next(answers)) == 1
    assert "the two PINs differ" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (None, "no such file"),
        ("idle_seconds = 60\n", "kiosk mode needs an operator PIN: run `smarthub-tui kiosk hash-pin`"),
        ("warning_seconds = 5\n", "warning_seconds: Input should be greater than or equal to 20"),
    ],
)
def test_kiosk_mode_refuses_to_start_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str | None, says: str) -> None:
    from smarthub_tui.cli import main

    path = tmp_path / "kiosk.toml"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    assert main(["--mode", "kiosk", "--kiosk-config", str(path)]) == 2
    err = capsys.readouterr().err
    assert says in err
    assert err.count("\n") == 1


def test_kiosk_mode_is_full_screen_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The plain line mode has no idle wipe and no operator PIN: a kiosk never falls back to it."""
    from smarthub_tui.cli import main

    path = write(tmp_path, f'operator_pin_hash = "{kiosk.hash_pin("2468")}"\n')
    assert main(["--mode", "kiosk", "--kiosk-config", str(path), "--plain"]) == 2
    assert "kiosk mode runs full screen only" in capsys.readouterr().err
