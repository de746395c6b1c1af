"""Command line: `smarthub-tui [--server URL] [--profile NAME] ...`, and `make_app`, the one factory.

`make_app` builds the app for the command line and for the tests alike
(posting's pattern): the tests pass a ready backend (an `HttpBackend` over a
test transport), the command line a way to make one.  Nothing heavy is
imported here: the backend (and with it httpx, FastAPI, the server) is
created by the app in a worker after the first screen has painted.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, cast

from smarthub_tui import __version__
from smarthub_tui.modes import UserMode

if TYPE_CHECKING:
    from smarthub_tui.agent import AgentSettings
    from smarthub_tui.answers_file import AnswersFile
    from smarthub_tui.app import SmartHubApp
    from smarthub_tui.backend.base import Backend
    from smarthub_tui.kiosk import KioskConfig
    from smarthub_tui.models import Settings
    from smarthub_tui.profiles import CoopProfile
    from smarthub_tui.runner import FrontEnd
    from smarthub_tui.steps import Wizard

BUILTIN_PROFILES = ("default", "pec", "jecec", "pec-setup")
DEFAULT_TIMEOUT = 10.0

DESCRIPTION = """\
Register an electric co-op member for SmartHub, step by step, in the terminal.

With no options the wizard runs on a built-in demo backend (the reference
server in this process, with demo accounts and a demo inbox): nothing to set
up.  With --server it drives a smarthub-server (or any server speaking the
same HTTP contract, docs/api.md).
"""

EPILOG = """\
keys: Tab/Shift+Tab move between fields, Enter submits a step, Esc goes back
(answers kept), F10 cancels (wipes what was typed, after asking), Ctrl+Q quits.
F2 shows a masked field; F3 opens the demo inbox (demo only, once registered).

examples:
  smarthub-tui                                  demo, default co-op profile
  smarthub-tui --profile pec                    demo, Pedernales Electric's flow
  smarthub-tui --server http://127.0.0.1:8000   a running smarthub-server
  smarthub-tui --answers examples/answers/default.toml
                                                a whole registration from a file,
                                                no screen (see examples/answers/)
  smarthub-tui kiosk hash-pin                   make the operator PIN line for kiosk.toml
  smarthub-tui --mode kiosk --kiosk-config kiosk.toml
                                                a lobby terminal (README: Kiosk mode)

exit status: 0 done, 1 a step refused or missing in the answers file,
2 a bad command line or answers file, 130 interrupted.
"""


def make_app(
    *,
    server: str | None = None,
    profile: str | Path = "default",
    backend: Backend | None = None,
    backend_factory: Callable[[], Backend] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    no_color: bool = False,
    front_end: Callable[[FrontEnd], FrontEnd] | None = None,
    mode: UserMode = UserMode.MEMBER,
    kiosk_config: KioskConfig | None = None,
    clock: Callable[[], float] | None = None,
    agent: AgentSettings | None = None,
    unchecked: bool = False,
) -> SmartHubApp:
    """Build the wizard app.

    Exactly one source of backend is used, in this order: `backend` (ready
    made, as tests pass), `backend_factory`, `server` (HTTP to that URL; its
    co-op settings win over `profile`), or the embedded demo backend with
    `profile`.  `no_color` renders in monochrome, as ``NO_COLOR`` does.
    `front_end` wraps the app's own front end (an answers file answering
    some steps, the app the rest).  In kiosk mode `kiosk_config` (with its
    PIN hash) is required; `clock` drives its timeouts (tests move it by hand).
    `unchecked`: the member's welcome shows the co-op's words read as plain
    data, the profile validated behind it (`profile_data.UncheckedProfile`).
    """
    # The wizard first: over HTTP it starts fetching the settings, which then overlaps the app's imports.
    wizard = make_wizard(
        server=server, profile=profile, backend=backend, backend_factory=backend_factory, timeout=timeout, mode=mode, agent=agent,
        unchecked=unchecked,
    )
    from smarthub_tui.app import SmartHubApp

    # kiosk mode
    if mode is UserMode.KIOSK:
        from smarthub_tui.kiosk_app import KioskApp

        if kiosk_config is None:
            raise ValueError("kiosk mode needs its config (kiosk.load_config)")
        return KioskApp(wizard, kiosk_config, clock=clock, no_color=no_color, front_end=front_end)
    return SmartHubApp(wizard, no_color=no_color, front_end=front_end)


def make_wizard(
    *,
    server: str | None = None,
    profile: str | Path = "default",
    backend: Backend | None = None,
    backend_factory: Callable[[], Backend] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    mode: UserMode = UserMode.MEMBER,
    agent: AgentSettings | None = None,
    unchecked: bool = False,
) -> Wizard:
    """The wizard's backend and state, for any front end (see `make_app` for the order of the sources)."""
    unchecked = unchecked and mode is UserMode.MEMBER
    prefetched = None
    if backend is None and backend_factory is None and server is not None and mode is not UserMode.AGENT:
        # the settings GET starts now, before the wizard's and Textual's imports (`backend.prefetch`).
        # Not in agent mode: its sign-in sets the key on the built backend at once (`AgentWizard.use_key`). ---
        from smarthub_tui.backend.prefetch import SettingsPrefetch

        prefetch = SettingsPrefetch(server, timeout)
        prefetched = prefetch.unchecked_settings if unchecked else prefetch.settings
    from smarthub_tui.steps import Wizard

    target = ""
    local_settings = None
    if backend is not None:
        ready = backend
        factory: Callable[[], Backend] = lambda: ready  # noqa: E731
        target = getattr(backend, "base_url", "")
    elif backend_factory is not None:
        factory = backend_factory
    elif server is not None:
        factory = _remote(server, timeout)
        target = shown_url(server)
    else:
        factory = _embedded(profile)
        local_settings = _embedded_settings(profile, unchecked=unchecked)
    if target in ("http://embedded",):
        target = ""
    if mode is UserMode.AGENT:
        # agent mode: the agent's sign-in, idle clock and audit ride on the wizard
        from smarthub_tui.agent import AgentWizard

        return AgentWizard(factory, target=target, settings=agent, server_url=target, local_settings=local_settings)
    return Wizard(factory, target=target, mode=mode, local_settings=local_settings, prefetched=prefetched)


def shown_url(url: str) -> str:
    """`url` as the person may see it: without a user name or password in it."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def _remote(url: str, timeout: float) -> Callable[[], Backend]:
    def create() -> Backend:
        from smarthub_tui.backend.http import HttpBackend

        return HttpBackend(url, timeout=timeout)

    return create


def _embedded(profile: str | Path) -> Callable[[], Backend]:
    def create() -> Backend:
        from smarthub_tui.backend.embedded import embedded_backend

        return embedded_backend(profile, demo=True)

    return create


def _embedded_settings(profile: str | Path, *, unchecked: bool = False) -> Callable[[], Settings]:
    """The embedded demo server's settings, without the server: its profile, loaded here, and demo on (as `embedded_backend` makes it).

    `unchecked`: the profile read as plain data, validated later (`profile_data.UncheckedProfile`), unless
    a value the welcome shows is missing or of another type: then validated now, as without it.
    """

    def settings() -> Settings:
        from smarthub_tui.models import Settings

        if unchecked:
            from smarthub_tui.profile_data import UncheckedProfile, read_profile_data

            data = _read_at_parse.pop(str(profile), None)  # the file as `parse_args` read it, once
            if data is None:
                data = read_profile_data(profile)
            reader = UncheckedProfile.read(data, lambda: _load_profile(profile))
            if reader is not None:
                return Settings(profile=cast("CoopProfile", reader), demo=True)
        from smarthub_tui.profiles import load_profile

        return Settings(profile=load_profile(profile), demo=True)

    return settings


_read_at_parse: dict[str, dict[str, Any]] = {}
"""A profile file's data as `parse_args` read it for the full-screen start, taken (once) by the welcome's reader.

Why: the start read and parsed the file (and the built-in profile it
extends) twice, once to check the command line and once for the welcome.
"""


def _load_profile(profile: str | Path) -> CoopProfile:
    from smarthub_tui.profiles import load_profile

    return load_profile(profile)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line, checked; exits with a one-line message on a bad value."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.demo and args.server is not None:
        parser.error("--demo runs the built-in demo backend: leave out --server, or --demo")
    if args.server is not None and not args.server.startswith(("http://", "https://")):
        parser.error(f"--server must be an http:// or https:// URL, not {args.server!r}")
    if args.timeout <= 0:
        parser.error("--timeout must be more than 0 seconds")
    if not 0 < args.agent_idle_minutes <= 24 * 60:
        parser.error("--agent-idle-minutes must be more than 0 and at most 1440")
    if args.profile not in BUILTIN_PROFILES:
        path = Path(args.profile)
        if path.suffix != ".toml":
            parser.error(f"--profile: choose one of {', '.join(BUILTIN_PROFILES)} or give a .toml file")
        from smarthub_tui.profile_data import ProfileError, read_profile_data

        try:
            data = read_profile_data(path)  # the file, its TOML and its `extends`: said here whatever the front end
            if not starts_unchecked(args):
                _load_profile(path)
            else:
                _read_at_parse[args.profile] = data
        except ProfileError as error:
            parser.error(f"--profile: {error}")
    return args


def starts_unchecked(args: argparse.Namespace) -> bool:
    """Whether the member's full-screen welcome shows the profile before it is validated (`profile_data.UncheckedProfile`).

    The full screen validates it behind the welcome, before anything is
    sent, and stops with the same ``--profile`` error; the other front ends
    validate it here, before they start.
    """
    return args.mode is UserMode.MEMBER and args.answers is None and not wants_plain(args.plain)


class _Parser(argparse.ArgumentParser):
    """The command line's parser: the audit log's lines of the help made only when the help is printed."""

    def format_help(self) -> str:
        # not at every start (it imports the audit log's module)
        self.epilog = EPILOG + _audit_epilog()
        return super().format_help()


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="smarthub-tui",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--server",
        metavar="URL",
        help="drive the SmartHub backend at URL over HTTP (e.g. http://127.0.0.1:8000); "
        "without it, a built-in demo backend runs in this process",
    )
    parser.add_argument(
        "--profile",
        metavar="NAME",
        default="default",
        help="the co-op: default, pec, jecec or pec-setup, or a path to a profile .toml "
        "(built-in backend only: a remote server's own settings win)",
    )
    parser.add_argument(
        "--timeout",
        metavar="SECONDS",
        type=float,
        default=DEFAULT_TIMEOUT,
        help=f"how long to wait for the server before offering Retry (default {DEFAULT_TIMEOUT:g})",
    )
    parser.add_argument(
        "--answers",
        metavar="FILE",
        type=Path,
        help="answer the steps from a TOML answers file (examples/answers/); with no "
        "'interactive' steps in it the run is headless: plain lines, no screen",
    )
    parser.add_argument(
        "--mode",
        type=UserMode,
        choices=list(UserMode),
        default=UserMode.MEMBER,
        help="who is at the keyboard: member (default), agent (a call-centre agent, over the phone) "
        "or kiosk (a public terminal in a co-op lobby)",
    )
    parser.add_argument(
        "--kiosk-config",
        metavar="FILE",
        type=Path,
        help="kiosk mode's settings (TOML: idle_seconds, warning_seconds, finished_return_seconds, "
        "operator_pin_hash, server, profile); default: kiosk.toml in the user config directory",
    )
    # agent mode
    parser.add_argument(
        "--agent-idle-minutes",
        metavar="MINUTES",
        type=float,
        default=15.0,
        help="agent mode: ask the agent key again after this many minutes without a key press (default 15, PCI DSS 8.2.8)",
    )
    parser.add_argument(
        "--audit-log",
        metavar="PATH",
        type=Path,
        help="agent mode: the append-only audit log (default: the path under 'audit log' below)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="the built-in demo backend (the default without --server): demo accounts listed on the welcome "
        "screen, the demo inbox on F3, Ctrl+R on the welcome screen starts the demo over",
    )
    parser.add_argument("--no-color", action="store_true", help="no colours, as with NO_COLOR=1")
    parser.add_argument(
        "--plain",
        action="store_true",
        help="plain line mode: each question as plain lines, for screen readers, serial consoles and scripts "
        "(also chosen when ACCESSIBLE is set, TERM=dumb, or there is no terminal)",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


# --- Audit log ---
def _audit_epilog() -> str:
    """The --help lines naming where agent mode keeps its audit log and how to check it."""
    from smarthub_tui.audit import default_audit_path

    return (
        f"\naudit log (agent mode): {default_audit_path()}\n"
        "  check its hash chain with: smarthub-tui audit verify  (see smarthub-tui audit --help)\n"
    )


def agent_settings(args: argparse.Namespace, prefill: Mapping[str, str] | None = None) -> AgentSettings | None:
    """Agent mode's settings from the command line (None in the other modes)."""
    if args.mode is not UserMode.AGENT:
        return None
    from smarthub_tui.agent import AgentSettings

    return AgentSettings(idle_minutes=args.agent_idle_minutes, audit_path=args.audit_log, prefill=dict(prefill or {}))


def wants_plain(
    plain: bool = False,
    environ: Mapping[str, str] | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> bool:
    """Whether to run the plain line mode rather than the full-screen one.

    Asked for (``--plain``), or chosen on its own: ``ACCESSIBLE`` set in the
    environment (the convention of charmbracelet/huh and GitHub's CLI), a
    terminal that cannot draw (``TERM=dumb``), or no terminal at all (stdin
    or stdout a file or a pipe, where Textual would draw escape codes for
    ever and never read a key).
    """
    environ = os.environ if environ is None else environ
    stdin = sys.stdin if stdin is None else stdin
    stdout = sys.stdout if stdout is None else stdout
    if plain or environ.get("ACCESSIBLE") or environ.get("TERM") == "dumb":
        return True
    return not (_is_terminal(stdin) and _is_terminal(stdout))


def _is_terminal(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (OSError, ValueError):  # closed or detached
        return False


def main(argv: Sequence[str] | None = None) -> int:
    """Run the wizard: full screen, in plain lines, or from an answers file.

    The exit status: 0 done; 1 when an answers file's step was refused or
    input ended before the end; 2 when the command line or the answers file
    was wrong; 130 when interrupted.
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["audit"]:
        # --- Audit log --- a subcommand of its own, before the wizard's parser (nothing of the wizard is loaded).
        from smarthub_tui.audit import audit_main

        return audit_main(arguments[1:])
    # kiosk mode: the operator's PIN line for the kiosk config
    if arguments[:1] == ["kiosk"]:
        return kiosk_command(arguments[1:])
    args = parse_args(arguments)
    if args.mode is UserMode.KIOSK:
        return _run_kiosk(args)
    answers = None
    prefill: dict[str, str] = {}
    if args.answers is not None and args.mode is UserMode.AGENT:
        # Agent mode: the answers file is a CRM export that pre-fills the lookup; the agent checks it and presses Enter.
        export = _crm_export(args.answers)
        if export is None:
            return 2
        prefill, args.answers = export, None
    if args.answers is not None:
        from smarthub_tui.answers_file import AnswersFileInvalid, load_answers

        try:
            answers = load_answers(args.answers)
        except AnswersFileInvalid as error:
            for line in error.problems:
                print(f"Error: {line}", file=sys.stderr)
            return 2
        if answers.headless:
            return answer_headless(answers, server=args.server, profile=args.profile, timeout=args.timeout)
    wrapper = None
    if answers is not None:
        from smarthub_tui.frontends.answers import wrap

        wrapper = wrap(answers)
    if wants_plain(args.plain):
        return _run_plain(args, wrapper, prefill)
    from smarthub_tui import heap

    heap.quiet_start()  # the app's imports below without full collections (`heap.quiet_start`)
    if starts_unchecked(args):
        # the welcome's dataclasses built as it makes them, the rest behind it (`lazy_dataclass`)
        from smarthub_tui import lazy_dataclass

        lazy_dataclass.defer()
    app = make_app(
        server=args.server,
        profile=args.profile,
        timeout=args.timeout,
        no_color=args.no_color,
        front_end=wrapper,
        mode=args.mode,
        agent=agent_settings(args, prefill),
        unchecked=True,
    )
    app.run()
    error = app.wizard.settings_error
    if error is not None:
        # the profile the welcome showed unchecked is not valid; nothing was sent (`Wizard.confirm_settings`)
        if args.server is None:
            _parser().error(f"--profile: {error}")
        print(f"Error: The server's co-op settings are not valid: {error}", file=sys.stderr)
        return 1
    return app.return_code or 0


# --- kiosk mode ---


def kiosk_command(arguments: Sequence[str], *, read_secret: Callable[[str], str] | None = None, out: TextIO | None = None) -> int:
    """`smarthub-tui kiosk hash-pin`: read the PIN twice without echo, print the config line to paste."""
    import getpass

    out = sys.stdout if out is None else out
    if list(arguments) != ["hash-pin"]:
        print("usage: smarthub-tui kiosk hash-pin", file=sys.stderr)
        return 2
    read = read_secret or getpass.getpass
    try:
        pin = read("Operator PIN: ")
        again = read("The same PIN again: ")
    except (EOFError, KeyboardInterrupt):
        print(file=sys.stderr)
        return 130
    if len(pin) < 4:
        print("Error: the PIN must be at least 4 characters", file=sys.stderr)
        return 1
    if pin != again:
        print("Error: the two PINs differ", file=sys.stderr)
        return 1
    from smarthub_tui.kiosk import hash_pin

    print(f'operator_pin_hash = "{hash_pin(pin)}"', file=out)
    return 0


def _run_kiosk(args: argparse.Namespace) -> int:
    """Kiosk mode: full screen only, with its config and a PIN hash, and no signal that stops it."""
    from smarthub_tui.kiosk import KioskConfigError, load_config, require_pin

    try:
        config = load_config(args.kiosk_config)
        require_pin(config, args.kiosk_config)
    except KioskConfigError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 2
    if args.answers is not None or wants_plain(args.plain):
        print("Error: kiosk mode runs full screen only (no --answers, --plain, or a terminal that cannot draw)", file=sys.stderr)
        return 2
    server = args.server if args.server is not None else config.server
    profile = config.profile if config.profile is not None and args.profile == "default" else args.profile
    from smarthub_tui.kiosk_app import ignore_stop_signals

    os.environ.pop("TEXTUAL_ALLOW_SIGNALS", None)  # it would let the terminal send Ctrl+C as a signal again
    ignore_stop_signals()
    app = make_app(server=server, profile=profile, timeout=args.timeout, no_color=args.no_color, mode=UserMode.KIOSK, kiosk_config=config)
    app.run()
    return app.return_code or 0


def _crm_export(path: Path) -> dict[str, str] | None:
    """Agent mode's ``--answers``: the lookup's fields from the file's ``[register]`` table (None: the file is refused, said on stderr)."""
    from smarthub_tui.answers_file import AnswersFileInvalid, load_answers
    from smarthub_tui.flow import StepId

    try:
        export = load_answers(path)
    except AnswersFileInvalid as error:
        for line in error.problems:
            print(f"Error: {line}", file=sys.stderr)
        return None
    wanted = ("accountNumber", "lastNameOrBusiness", "email", "confirmEmail")
    return {key: str(value) for key, value in export.values(StepId.REGISTER).items() if key in wanted}


def _run_plain(
    args: argparse.Namespace, wrapper: Callable[[FrontEnd], FrontEnd] | None = None, prefill: Mapping[str, str] | None = None
) -> int:
    """The plain line mode (no Textual is imported), wrapped by an answers file's front end if given; 130 when interrupted."""
    import asyncio

    from smarthub_tui.frontends.lines import run_lines

    wizard = make_wizard(
        server=args.server, profile=args.profile, timeout=args.timeout, mode=args.mode, agent=agent_settings(args, prefill)
    )
    try:
        return asyncio.run(run_lines(wizard, wrap=wrapper))
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130


def answer_headless(
    answers: AnswersFile,
    *,
    server: str | None = None,
    profile: str | Path = "default",
    backend: Backend | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """A whole walk from `answers` with no person and no Textual; the exit status.

    0 done; 1 a step refused, missing or unreachable (one ``Error:`` line on
    `err` naming the step, the field, the co-op's message and the line in the
    file); 2 the file asks what this co-op cannot do; 130 interrupted (the
    runner has wiped the member's data by then).
    """
    import asyncio

    from smarthub_tui.answers_file import AnswersFileInvalid
    from smarthub_tui.frontends.answers import AnswersError, run_headless

    err = sys.stderr if err is None else err
    wizard = make_wizard(server=server, profile=profile, backend=backend, timeout=timeout)
    try:
        asyncio.run(run_headless(wizard, answers, out))
    except AnswersFileInvalid as error:
        for line in error.problems:
            print(f"Error: {line}", file=err)
        return 2
    except AnswersError as error:
        print(f"Error: {error}", file=err)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Whoever read the lines stopped (`| head`): stop too, without a traceback at exit.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
