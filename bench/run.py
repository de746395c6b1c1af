"""The benchmark with budgets: every figure next to its baseline measured in the same run, pass or fail.

    python bench/run.py            # 10 runs per figure (./dev bench)
    python bench/run.py --quick    # 3 runs: CI's smoke test that the benchmark works
    python bench/run.py --only steps [--http] [--against ../other-checkout]
                                   # figure 2 alone; over HTTP to a server process; another checkout alternated
    python bench/run.py --only launch [--against ../other-checkout]
                                   # figure 1 alone; another checkout's launches alternated with this one's
    python bench/run.py --only rss [--against ../other-checkout]
                                   # figure 4 alone; another checkout's walks alternated with this one's

Prints the details behind the figures, then one table row per figure (the
figure, its baseline, the ratio, the budget, pass/fail, the spread of the
runs), then ``budgets: N passed, M failed``; exits 1 when a budget fails.
Baselines and subjects alternate run by run (bare, embedded, HTTP, ...), so
a machine that slows down mid-run slows both; each figure is the median.

1. Launch: a real process in a pseudo-terminal at 80x24 (pexpect), from
   spawn to the welcome screen ready for keys, against the bare Textual app
   (bench/bare_app.py) started the same way.  "Ready for keys" is measured,
   not announced: once the app has written its first escape sequence, a key
   ("§") is sent every 10 ms until its echo comes back on the screen, i.e.
   until the focused field took a key and the screen was redrawn with it.
   Keys sent earlier are held by the wizard's key queue or dropped by the
   bare app, so the first echo is the first key the screen could take.
2. Step transitions, 3. the whole registration, 4. peak RSS, 5. keys: one
   fresh process per run (bench/walk.py); its peak RSS as the process
   itself reports it (VmHWM: `os.wait4` would count this process's size
   too, which the kernel carries into every child it starts).
   The proof of work is lowered to 8 bits (a bench profile), as in the
   other benches: its cost is random and not the wizard's; argon2id is as
   configured.
6. The server under load: `bench.load.load_figures`.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run as a script: `bench` is a folder of the repository, not of the package

from bench.figures import Figure  # noqa: E402 - after the path is set
from bench.load import load_figures  # noqa: E402

PYTHON = sys.executable
BENCH_PROFILE = 'extends = "default"\nprofileId = "bench"\ncaptchaDifficultyBits = 8\n'
KEY = "§"
"""The key sent to see an echo: in no screen's text, so its appearance is the field's echo."""
KEY_GAP = 0.01


def child_env(root: Path = ROOT) -> dict[str, str]:
    """The subjects import this checkout (or `root`), in a terminal that draws colour, whatever the caller's environment."""
    env = dict(os.environ, PYTHONPATH=str(root), TERM="xterm-256color", COLORTERM="truecolor")
    # PYTHONDONTWRITEBYTECODE (set in some shells and CI) would make every subject compile its sources at each start,
    # which no installed copy does (pip writes the bytecode): start them as an installed wizard starts.
    for name in ("NO_COLOR", "ACCESSIBLE", "TEXTUAL", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    return env


# --- a server to talk to -----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def server(profile: Path, folder: Path) -> Iterator[str]:
    """A smarthub-server on a fresh database (the demo data in it), for as long as the block runs."""
    import httpx

    from smarthub_tui.contract import HEALTH_PATH

    port = free_port()
    db = folder / f"server-{port}.db"
    process = subprocess.Popen(
        [PYTHON, "-m", "smarthub_tui.server", "--port", str(port), "--db", str(db), "--profile", str(profile),
         "--demo", "--rate-limit", "1000000", "--log-level", "warning"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=child_env(),
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(url + HEALTH_PATH, timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("smarthub-server did not start")
            time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


# --- 1. launch ---------------------------------------------------------------------------


def launch(argv: list[str], timeout: float = 60, root: Path = ROOT) -> tuple[float, float]:
    """Seconds from spawn to the first paint and to the first key echoed, in a pty at 80x24 (this checkout's code, or `root`'s)."""
    import pexpect

    started = time.perf_counter()
    child = pexpect.spawn(argv[0], argv[1:], dimensions=(24, 80), env=child_env(root), echo=False, timeout=timeout, cwd=str(root))
    try:
        child.expect(b"\x1b")  # the app writes to the terminal: its driver has started (raw mode, no tty echo)
        painted = time.perf_counter() - started
        marker = KEY.encode()
        deadline = time.perf_counter() + timeout
        while True:
            child.send(marker)
            try:
                child.expect(marker, timeout=KEY_GAP)
                break
            except pexpect.TIMEOUT:
                if time.perf_counter() > deadline:
                    raise
        return painted, time.perf_counter() - started
    finally:
        child.terminate(force=True)


# --- 2-5. whole registrations ------------------------------------------------------------


def walk(
    mode: str, profile: Path, url: str | None = None, email: str | None = None, root: Path = ROOT
) -> tuple[dict[str, Any], float]:
    """One bench/walk.py process (this checkout's walk, of this checkout's code or `root`'s): what it printed, and its peak RSS in MiB."""
    argv = [PYTHON, str(ROOT / "bench" / "walk.py"), mode, "--profile", str(profile)]
    if url:
        argv += ["--server", url]
    if email:
        argv += ["--email", email]
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(argv, stdout=out, stderr=subprocess.PIPE, env=child_env(root), cwd=str(root))
        _, status, _ = os.wait4(process.pid, 0)  # not its ru_maxrss: it holds this process's size too (see the module)
        process.returncode = os.waitstatus_to_exitcode(status)
        error = process.stderr.read().decode(errors="replace") if process.stderr else ""
        if process.returncode != 0:
            raise SystemExit(f"bench/walk.py {mode} failed:\n{error[-3000:]}")
        out.seek(0)
        result = json.loads(out.read().decode().strip().splitlines()[-1])
    return result, result["peak_kib"] / 1024


# --- the table ---------------------------------------------------------------------------


def spread(values: list[float], scale: float = 1.0, digits: int = 2) -> str:
    return f"{min(values) * scale:.{digits}f}-{max(values) * scale:.{digits}f}"


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def ratio_figure(
    name: str, values: list[float], baselines: list[float], unit: str, limit: float, *, digits: int = 2, note: str = ""
) -> Figure:
    value, baseline = statistics.median(values), statistics.median(baselines)
    ratio = value / baseline
    return Figure(name, value, unit, baseline, ratio, f"<= {limit:g}x", ratio <= limit, spread(values, digits=digits), note)


def limit_figure(
    name: str, value: float, unit: str, limit: float, *, baseline: float | None = None, spread: str = "", note: str = ""
) -> Figure:
    ratio = value / baseline if baseline else None
    return Figure(name, value, unit, baseline, ratio, f"<= {limit:g} {unit}".rstrip(), value <= limit, spread, note)


def show(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def print_table(figures: list[Figure]) -> None:
    rows = [("figure", "value", "baseline", "ratio", "budget", "result", "spread")]
    for f in figures:
        unit = f" {f.unit}" if f.unit else ""
        rows.append((f.name, f"{show(f.value)}{unit}", show(f.baseline), show(f.ratio), f.budget, "pass" if f.passed else "FAIL", f.spread))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for index, row in enumerate(rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
        if index == 0:
            print("  ".join("-" * width for width in widths))
    notes = [f for f in figures if f.note]
    for f in notes:
        print(f"  {f.name}: {f.note}")


# --- the run -----------------------------------------------------------------------------


FIGURE_GROUPS = ("launch", "steps", "rss", "load")
"""What `--only` can pick: figure 1; figures 2, 3 and 5; figure 4; figure 6 (`steps` and `rss` share the same walks)."""


def measure(
    runs: int, log: Callable[[str], None], only: frozenset[str] = frozenset(FIGURE_GROUPS), against: Path | None = None
) -> list[Figure]:
    """Every figure of `only`; with `against` (launch), that checkout's launches alternate with this one's, its rows named after it."""
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        profile = folder / "bench.toml"
        profile.write_text(BENCH_PROFILE, encoding="utf-8")

        # 1. launch
        ready: dict[str, list[float]] = defaultdict(list)
        painted: dict[str, list[float]] = defaultdict(list)
        with server(profile, folder) as url:
            subjects: dict[str, tuple[list[str], Path]] = {
                "bare": ([PYTHON, "bench/bare_app.py"], ROOT),
                "embedded": ([PYTHON, "-m", "smarthub_tui", "--profile", str(profile)], ROOT),
                "http": ([PYTHON, "-m", "smarthub_tui", "--server", url], ROOT),
            }
            if against is not None:
                subjects[f"embedded ({against.name})"] = (subjects["embedded"][0], against)
                subjects[f"http ({against.name})"] = (subjects["http"][0], against)
            for argv, root in subjects.values() if "launch" in only else ():
                launch(argv, root=root)  # warm the disk cache once, so the first run is not the odd one out
            for _ in range(runs if "launch" in only else 0):
                for subject, (argv, root) in subjects.items():
                    first, keys = launch(argv, root=root)
                    painted[subject].append(first)
                    ready[subject].append(keys)

            # 2-5. whole registrations, one process each; over HTTP each run registers its own e-mail
            results: dict[str, list[dict[str, Any]]] = defaultdict(list)
            rss: dict[str, list[float]] = defaultdict(list)
            walks = ("bare", "embedded", "answers", "http") if "steps" in only else ("bare", "embedded", "http")
            for run in range(runs if only & {"steps", "rss"} else 0):
                for mode in walks:
                    email = f"bench{run}@example.com" if mode == "http" else None
                    result, peak = walk(mode, profile, url if mode == "http" else None, email)
                    results[mode].append(result)
                    rss[mode].append(peak)
        if "launch" in only:
            log("launch (s, median): " + ", ".join(
                f"{s}: first paint {statistics.median(painted[s]):.3f}, ready for keys {statistics.median(ready[s]):.3f}" for s in ready))
            figures.append(ratio_figure("launch, HTTP (ready for keys)", ready["http"], ready["bare"], "s", 1.3, digits=3))
            figures.append(ratio_figure("launch, embedded demo (ready for keys)", ready["embedded"], ready["bare"], "s", 1.5, digits=3))
            if against is not None:
                name = against.name
                figures.append(ratio_figure(f"launch, HTTP ({name})", ready[f"http ({name})"], ready["bare"], "s", 1.3, digits=3))
                embedded = ready[f"embedded ({name})"]
                figures.append(ratio_figure(f"launch, embedded demo ({name})", embedded, ready["bare"], "s", 1.5, digits=3))
        if "steps" in only:
            figures += registration_figures(results, rss, log)
        elif "rss" in only:
            figures += rss_figures(rss, log)
    if "load" in only:
        figures += load_figures(runs < 10)
    return figures


def registration_figures(results: dict[str, list[dict[str, Any]]], rss: dict[str, list[float]], log: Callable[[str], None]) -> list[Figure]:
    figures = step_figures(results["embedded"], results["bare"], log)
    figures += whole_figures(results, rss, log)
    return figures


def step_figures(
    walks: list[dict[str, Any]], bare_walks: list[dict[str, Any]], log: Callable[[str], None], label: str = ""
) -> list[Figure]:
    """Figure 2 from whole walks: plain steps' median and p95 against a bare screen push; argon2-bound steps apart."""
    figures: list[Figure] = []
    suffix = f" ({label})" if label else ""
    bare = [t["ms"] for r in bare_walks for t in r["transitions"]]
    steps: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for run in walks:
        for t in run["transitions"]:
            steps[f'{t["from"]} -> {t["to"]}'].append(t)
    plain: list[float] = []
    argon2_steps: dict[str, list[dict[str, Any]]] = {}
    log(f"step transitions{suffix or ', embedded'} (ms, median / p95 / median argon2 / median calls / median CPU):")
    for step, seen in steps.items():
        ms = [t["ms"] for t in seen]
        argon2 = [t["argon2_ms"] for t in seen]
        calls = [sum(m for _, m in t["calls"]) for t in seen]
        cpu = [t.get("cpu_ms", 0.0) for t in seen]
        log(f"  {step:<42} {statistics.median(ms):7.1f} {p95(ms):7.1f} {statistics.median(argon2):7.1f} {statistics.median(calls):7.1f}"
            f" {statistics.median(cpu):7.1f}")
        if statistics.median(argon2) > 0:
            argon2_steps[step] = seen
        else:
            plain += ms
    log(f"  bare Textual screen push: median {statistics.median(bare):.1f}, p95 {p95(bare):.1f}")
    all_cpu = [t["cpu_ms"] for run in walks for t in run["transitions"] if "cpu_ms" in t]
    if all_cpu:
        log(f"  CPU per step (all steps): median {statistics.median(all_cpu):.1f}, p95 {p95(all_cpu):.1f}")
    figures.append(limit_figure(f"step transition, median{suffix}", statistics.median(plain), "ms", 30, baseline=statistics.median(bare),
                                spread=spread(plain, digits=1),
                                note=f"{'over HTTP' if 'HTTP' in label else 'embedded demo'}; baseline: a bare Textual screen push"))
    figures.append(limit_figure(f"step transition, p95{suffix}", p95(plain), "ms", 60, baseline=p95(bare)))
    for step, seen in argon2_steps.items():
        ms = [t["ms"] for t in seen]
        hashing = statistics.median([t["argon2_ms"] for t in seen])
        value = statistics.median(ms)
        figures.append(Figure(f"step {step} (argon2){suffix}", value, "ms", hashing, value / hashing, "<= argon2 + 30 ms",
                              value <= hashing + 30, spread(ms, digits=1), ""))
    return figures


def whole_figures(results: dict[str, list[dict[str, Any]]], rss: dict[str, list[float]], log: Callable[[str], None]) -> list[Figure]:
    """Figures 3-5: the whole registration, peak RSS, keys."""
    figures: list[Figure] = []
    walls = [r["wall"] for r in results["embedded"]]
    calls: dict[str, list[float]] = defaultdict(list)
    for run in results["embedded"]:
        for path, ms in run["calls"]:
            calls[path].append(ms)
    named = (f"{path.rsplit('/', 1)[-1]} {statistics.median(ms):.0f}" for path, ms in calls.items())
    log("calls of one registration, embedded (ms, median): " + ", ".join(named))
    no_ui = statistics.median(r["wall"] for r in results["answers"])
    http = statistics.median(r["wall"] for r in results["http"])
    cpu = statistics.median(r["cpu"] for r in results["embedded"])
    log(f"whole registration (s, median): through the UI {statistics.median(walls):.2f} (CPU {cpu:.2f}), "
        f"the same calls without UI {no_ui:.2f}, over HTTP {http:.2f}")
    figures.append(limit_figure("whole registration, headless UI", statistics.median(walls), "s", 2,
                                baseline=no_ui, spread=spread(walls),
                                note="from the welcome screen to the end; baseline: the answers runner, same calls, no UI"))
    figures += rss_figures(rss, log)
    run = results["embedded"][0]
    needed = run["typed"] + run["screens"]
    figures.append(Figure("keys per registration", run["keys"] / needed, "", None, None, "<= 1.1", run["keys"] / needed <= 1.1,
                          "", f'{run["keys"]} keys for {run["typed"]} characters and {run["screens"]} screens'))
    return figures


def rss_figures(rss: dict[str, list[float]], log: Callable[[str], None]) -> list[Figure]:
    """4. Peak RSS of a whole registration, over HTTP and embedded, against the bare app's."""
    log("peak RSS (MiB, median): " + ", ".join(f"{m} {statistics.median(v):.0f}" for m, v in rss.items()))
    return [
        ratio_figure("peak RSS, HTTP", rss["http"], rss["bare"], "MiB", 1.5, digits=0),
        ratio_figure("peak RSS, embedded demo", rss["embedded"], rss["bare"], "MiB", 2.5, digits=0),
    ]


def measure_rss(runs: int, log: Callable[[str], None], against: Path) -> list[Figure]:
    """Figure 4 alone with `--against`: this checkout's walks and another's (e.g. main's) alternated run by run.

    Over HTTP both talk to one server process (this checkout's): only the
    wizard's process is measured.  The other checkout's rows are marked with
    its folder name, so a change's before and after come from one run.
    """
    rss: dict[str, list[float]] = defaultdict(list)
    theirs: dict[str, list[float]] = defaultdict(list)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        profile = folder / "bench.toml"
        profile.write_text(BENCH_PROFILE, encoding="utf-8")
        with server(profile, folder) as url:
            for run in range(runs):
                rss["bare"].append(walk("bare", profile)[1])
                for mode in ("embedded", "http"):
                    for peaks, root, who in ((rss, ROOT, "ours"), (theirs, against, "theirs")):
                        email = f"rss-{who}-{run}@example.com" if mode == "http" else None
                        peaks[mode].append(walk(mode, profile, url if mode == "http" else None, email, root=root)[1])
    figures = rss_figures(rss, log)
    theirs["bare"] = rss["bare"]
    log(f"{against.name}:")
    for figure in rss_figures(theirs, log):
        figures.append(dataclasses.replace(figure, name=f"{figure.name} ({against.name})"))
    return figures


def measure_steps(runs: int, log: Callable[[str], None], against: Path | None, http: bool = False) -> list[Figure]:
    """Figure 2 alone (`--only steps`): embedded walks against bare screen pushes, alternating run by run.

    With `against` (another checkout, e.g. main's), its walks alternate with
    this checkout's in the same run, so a change is measured before and
    after on the same machine state; its rows are marked with its folder name.
    With `http`, the wizard talks to a smarthub-server process instead of the
    embedded demo: the UI's own cost, without the server's threads taking
    turns at the wizard's GIL.
    """
    walks: dict[str, list[dict[str, Any]]] = defaultdict(list)
    mode = "http" if http else "embedded"
    subjects: list[tuple[str, Path]] = [("bare", ROOT), (mode, ROOT)]
    if against is not None:
        subjects.append((against.name, against))
    with tempfile.TemporaryDirectory() as name, contextlib.ExitStack() as stack:
        folder = Path(name)
        profile = folder / "bench.toml"
        profile.write_text(BENCH_PROFILE, encoding="utf-8")
        url = stack.enter_context(server(profile, folder)) if http else None
        for run in range(runs):
            for key, root in subjects:
                email = f"steps-{key}-{run}@example.com" if http else None  # over HTTP each walk registers its own e-mail
                walks[key].append(walk("bare" if key == "bare" else mode, profile, url, email, root=root)[0])
    figures = step_figures(walks[mode], walks["bare"], log, label="over HTTP" if http else "")
    if against is not None:
        figures += step_figures(walks[against.name], walks["bare"], log, label=against.name + (", over HTTP" if http else ""))
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 runs per figure instead of 10 (a smoke test)")
    parser.add_argument("--runs", type=int, help="runs per figure (default 10, or 3 with --quick)")
    parser.add_argument("--only", type=_groups, default=frozenset(FIGURE_GROUPS),
                        help=f"comma-separated figure groups to measure, of {','.join(FIGURE_GROUPS)} (default: all)")
    parser.add_argument("--http", action="store_true", help="with --only steps: over HTTP to a server process, not the embedded demo")
    parser.add_argument("--against", type=Path,
                        help="with --only steps, --only launch or --only rss: another checkout measured in the same run (before/after)")
    args = parser.parse_args()
    runs = args.runs or (3 if args.quick else 10)
    print(f"bench: {runs} runs per figure, {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    log = lambda line: print(line, flush=True)  # noqa: E731
    if args.only == frozenset({"steps"}) and (args.http or args.against):
        figures = measure_steps(runs, log, args.against.resolve() if args.against else None, http=args.http)
    elif args.only == frozenset({"rss"}) and args.against:
        figures = measure_rss(runs, log, args.against.resolve())
    else:
        figures = measure(runs, log, args.only, args.against.resolve() if args.against and args.only == frozenset({"launch"}) else None)
    print()
    print_table(figures)
    failed = sum(not f.passed for f in figures)
    print(f"budgets: {len(figures) - failed} passed, {failed} failed")
    return 1 if failed else 0


def _groups(text: str) -> frozenset[str]:
    groups = frozenset(part.strip() for part in text.split(",") if part.strip())
    unknown = groups - set(FIGURE_GROUPS)
    if unknown or not groups:
        raise argparse.ArgumentTypeError(f"choose among {', '.join(FIGURE_GROUPS)}")
    return groups


if __name__ == "__main__":
    sys.exit(main())
