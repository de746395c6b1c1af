"""`lazy_dataclass`: a deferred class, once built, is the same dataclass `dataclasses` makes (issue 11, launch)."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import threading
from collections.abc import Iterator

import pytest

from smarthub_tui import lazy_dataclass
from tests.support.settings_server import serving_settings


@pytest.fixture
def deferring() -> Iterator[None]:
    lazy_dataclass.defer()
    try:
        yield
    finally:
        lazy_dataclass.finish()


def test_a_deferred_class_is_built_at_its_first_instance(deferring: None) -> None:
    @lazy_dataclass.dataclass(frozen=True)
    class Point:
        x: int
        y: int = 0
        tags: tuple[str, ...] = dataclasses.field(default_factory=tuple)

    assert not dataclasses.is_dataclass(Point)
    point = Point(1, y=2)
    assert dataclasses.is_dataclass(Point)
    assert point == Point(1, 2) and hash(point) == hash(Point(1, 2)) and repr(point).endswith("Point(x=1, y=2, tags=())")
    assert dataclasses.replace(point, y=5) == Point(1, 5)
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.x = 3  # type: ignore[misc]
    with pytest.raises(TypeError):
        Point()  # type: ignore[call-arg]


def test_a_subclass_builds_its_deferred_base_first(deferring: None) -> None:
    @lazy_dataclass.dataclass(frozen=True)
    class Base:
        a: int

    @lazy_dataclass.dataclass(frozen=True)
    class Child(Base):
        b: int = 2

    assert Child(1) == Child(a=1, b=2)
    assert [f.name for f in dataclasses.fields(Child)] == ["a", "b"]
    assert Base(3).a == 3 and lazy_dataclass.pending() == []


def test_a_deferred_exception_keeps_its_arguments(deferring: None) -> None:
    @lazy_dataclass.dataclass(frozen=True)
    class Problem(Exception):
        message: str

    problem = Problem("no")
    assert problem.args == ("no",) and problem.message == "no"


def test_finish_builds_every_deferred_class_and_defers_no_more(deferring: None) -> None:
    @lazy_dataclass.dataclass(frozen=True)
    class Later:
        a: int

    assert any(name.endswith("Later") for name in lazy_dataclass.pending())
    lazy_dataclass.finish()
    assert dataclasses.is_dataclass(Later) and lazy_dataclass.pending() == []

    @lazy_dataclass.dataclass(frozen=True)
    class Now:
        a: int

    assert dataclasses.is_dataclass(Now)


def test_threads_creating_one_while_it_is_built_all_get_whole_instances(deferring: None) -> None:
    @lazy_dataclass.dataclass(frozen=True)
    class Shared:
        a: int
        b: str = "b"

    made: list[object] = []
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def make() -> None:
        start.wait()
        try:
            made.append(Shared(1))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=make) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and made == [Shared(1)] * 8


def test_off_it_is_dataclasses_own() -> None:
    @lazy_dataclass.dataclass(frozen=True)
    class Plain:
        a: int

    assert dataclasses.is_dataclass(Plain)


START = """
import sys
from textual.app import App
from smarthub_tui import cli, lazy_dataclass

run = App.run
App.run = lambda self, **kw: run(self, headless=True, size=(80, 24))
cli.wants_plain = lambda *args, **kwargs: False
finish = lazy_dataclass.finish

def ready(self):
    print("deferred:", len(lazy_dataclass.pending()), lazy_dataclass.pending(), flush=True)
    finish()
    import dataclasses
    from smarthub_tui import flow, models
    print("built:", dataclasses.is_dataclass(flow.Back) and dataclasses.is_dataclass(models.AccountLookup), flush=True)
    self.app.exit()

made = cli.make_app

def make_app(**kwargs):
    app = made(**kwargs)  # the welcome's modules imported by now, as the command line imports them
    from smarthub_tui.screens import welcome
    welcome.WelcomeScreen._warm_up = ready
    return app

cli.make_app = make_app
sys.exit(cli.main(sys.argv[1:]))
"""


def test_the_start_builds_only_the_dataclasses_the_welcome_makes() -> None:
    """About 35 of the 50 dataclasses on the welcome's path are built behind it (about 8 ms of the start)."""
    run = subprocess.run([sys.executable, "-c", START, "--profile", "pec"], capture_output=True, text=True, timeout=120, check=False)
    assert "built: True" in run.stdout, run.stdout + run.stderr[-2000:]
    deferred = int(run.stdout.split("deferred:")[1].split()[0])
    assert deferred >= 25, run.stdout


@pytest.fixture
def settings_url() -> Iterator[str]:
    """A plain HTTP server answering the settings path with PEC's settings."""
    from smarthub_tui.profiles import load_profile

    with serving_settings(load_profile("pec").model_dump(mode="json")) as url:
        yield url


def test_over_http_too(settings_url: str) -> None:
    """The settings thread makes its `Settings` while the app imports: built under the same lock."""
    run = subprocess.run([sys.executable, "-c", START, "--server", settings_url], capture_output=True, text=True, timeout=120, check=False)
    assert "built: True" in run.stdout, run.stdout + run.stderr[-2000:]
    assert int(run.stdout.split("deferred:")[1].split()[0]) >= 25, run.stdout
