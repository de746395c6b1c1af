"""The start's profile reader: the welcome's words as plain data, the same as the validated profile's (issue 11, launch)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest

from smarthub_tui.backend.base import Backend
from smarthub_tui.models import Settings
from smarthub_tui.profile_data import (
    BUTTONS_SERVED,
    FLAGS_SERVED,
    TEXTS_SERVED,
    UncheckedProfile,
    read_profile_data,
)
from smarthub_tui.profiles import BUILTIN_PROFILES, CoopProfile, ProfileError, Texts, load_profile, parse_profile
from smarthub_tui.steps import Wizard


def reader(name_or_path: str | Path) -> UncheckedProfile:
    read = UncheckedProfile.read(read_profile_data(name_or_path), lambda: load_profile(name_or_path))
    assert read is not None
    return read


SERVED = [
    *(f"texts.{name}" for name in TEXTS_SERVED),
    *(f"buttons.{name}" for name in BUTTONS_SERVED),
    *FLAGS_SERVED,
    "shortName",
    "verificationStyle",
]


def value(profile: object, path: str) -> Any:
    for name in path.split("."):
        profile = getattr(profile, name)
    return profile


@pytest.mark.parametrize("name", BUILTIN_PROFILES)
def test_the_welcomes_values_are_the_validated_profiles(name: str) -> None:
    unchecked, checked = reader(name), load_profile(name)
    for path in SERVED:
        assert value(unchecked, path) == value(checked, path), path
        assert type(value(unchecked, path)) is type(value(checked, path)), path
    assert unchecked._checked is None, "served without validating"


def test_the_readers_defaults_are_the_models() -> None:
    for name, default in TEXTS_SERVED.items():
        field = Texts.model_fields[name]
        assert (default if default is not None else "required") == (field.default if not field.is_required() else "required"), name
    for name, flag in FLAGS_SERVED.items():
        assert CoopProfile.model_fields[name].default is flag, name


def test_every_other_value_is_the_validated_profiles() -> None:
    unchecked = reader("pec")
    assert unchecked.profileId == "pec"
    assert unchecked.texts.identityIntro == load_profile("pec").texts.identityIntro
    assert unchecked.checked() is unchecked.checked(), "validated once"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "coop.toml"
    path.write_text('extends = "default"\nprofileId = "coop"\n' + text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "text",
    [
        "verifyAtLogin = 1\n",
        'shortName = ""\n',
        'verificationStyle = "carrier pigeon"\n',
        "[texts]\nloginIntro = 3\n",
        '[texts]\nloginEmailLabel = "' + "x" * 201 + '"\n',
        '[buttons]\nlogin = ""\n',
    ],
)
def test_a_value_the_welcome_shows_that_is_not_valid_means_validating_at_once(tmp_path: Path, text: str) -> None:
    """None: the start validates the usual way, and says which field is wrong before any screen."""
    path = write(tmp_path, text)
    assert UncheckedProfile.read(read_profile_data(path), lambda: load_profile(path)) is None
    with pytest.raises(ProfileError):
        load_profile(path)


def test_a_profile_not_valid_elsewhere_fails_at_validation_with_load_profiles_message(tmp_path: Path) -> None:
    path = write(tmp_path, "failedLoginLockoutLimit = 0\n")
    unchecked = reader(path)
    assert unchecked.texts.loginTitle == load_profile("default").texts.loginTitle
    with pytest.raises(ProfileError, match=r"coop\.toml: failedLoginLockoutLimit"):
        unchecked.checked()
    with pytest.raises(ProfileError):
        unchecked.checked()  # the same error again, not a second validation that passes


def test_the_server_settings_are_read_the_same_way() -> None:
    data = load_profile("jecec").model_dump(mode="json")
    unchecked = UncheckedProfile.read(data, lambda: parse_profile(data, source="server settings"))
    assert unchecked is not None
    assert unchecked.buttons.login == load_profile("jecec").buttons.login


# --- the wizard validates before its first call ---


class Recording:
    """A backend factory that records whether it was called."""

    def __init__(self) -> None:
        self.built = 0

    def __call__(self) -> Backend:
        self.built += 1
        return cast(Backend, object())


def wizard_with(profile: UncheckedProfile, factory: Recording) -> Wizard:
    return Wizard(factory, local_settings=lambda: Settings(profile=cast(CoopProfile, profile), demo=True))


async def test_the_backend_is_built_only_after_the_profile_is_validated(tmp_path: Path) -> None:
    factory = Recording()
    wizard = wizard_with(reader(write(tmp_path, "failedLoginLockoutLimit = 0\n")), factory)
    await wizard.connect()
    with pytest.raises(ProfileError):
        await wizard.backend.lookup_account(None)  # any call: it waits for the build, which validates first
    assert factory.built == 0
    error = await wizard.confirm_settings()
    assert isinstance(error, ProfileError) and wizard.settings_error is error


async def test_a_valid_profile_is_put_in_place_of_the_unchecked_one() -> None:
    factory = Recording()
    wizard = wizard_with(reader("pec"), factory)
    await wizard.connect()
    assert isinstance(wizard.state.profile, UncheckedProfile)
    assert await wizard.confirm_settings() is None
    assert isinstance(wizard.state.profile, CoopProfile)
    assert wizard.state.profile == load_profile("pec")
    assert wizard.settings_error is None


async def test_a_checked_profile_needs_no_confirming() -> None:
    wizard = Wizard(Recording(), local_settings=lambda: Settings(profile=load_profile("pec"), demo=True))
    await wizard.connect()
    settings = wizard.state.settings
    assert await wizard.confirm_settings() is None
    assert wizard.state.settings is settings
