"""`make bench`: every benchmark, each in its own process, then one table of their headline figures.

    .venv/bin/python bench/all.py [--quick] [--only name,name] [--skip name,name] [--list]

The scripts configure Django each their own way, so each runs as a subprocess (never two in one
process) with BENCH_RESULTS naming its own JSON Lines file, to which it appends its headline figures
through bench/figures.py's record(). Its output goes to bench/results/<UTC time>/<name>.log; the
terminal gets one progress line per benchmark. A benchmark that fails or runs past its timeout
becomes a row of the table and the run goes on; one that needs a missing tool (wrk, varnishd, …) is
skipped with the reason. The table (benchmark | figure | value | share of ceiling | goal | met) is
printed at the end, with the wall time, the machine and the git commit, and written as Markdown to
the results folder (summary.md) beside every figure (figures.jsonl).

--quick passes each script its own short-run options, where the script has them (the options a
script does not mention in its source are left out, so it runs at full length instead).
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"


@dataclass(frozen=True)
class Benchmark:
    name: str
    script: Path
    minutes: float  # expected length of a full run on the quiet 2-core machine
    timeout_minutes: float
    needs: tuple[str, ...] = ()  # keys of TOOLS
    # Each option with its values; given only when the script's source mentions the option.
    quick_args: tuple[tuple[str, ...], ...] = ()
    quick_env: tuple[tuple[str, str], ...] = ()  # likewise, when the script mentions the name


# Run order: the in-process budget check first, then the foundation figures and the ceiling, the
# pages, the heavy data benchmarks, the WeChat ones, the front cache, and the long soak last.
# `minutes` is the expected full run on the quiet 2-core machine (a seeded site takes about a
# minute to prepare); a timeout is about 2.5 times that, so a loaded machine is not cut short.
QUICK = (("--quick",),)
BENCHMARKS = [
    Benchmark("lookup_budget", BENCH / "lookup_budget_bench.py", minutes=0.2, timeout_minutes=5),
    Benchmark(
        "serve",
        BENCH / "serve.py",  # home and article, cached and not, beside the ceiling
        minutes=3,
        timeout_minutes=10,
        needs=("wrk", "redis-server"),
        quick_args=QUICK,
    ),
    Benchmark(
        "honor_roll",
        BENCH / "honor_roll_bench.py",
        minutes=4,
        timeout_minutes=12,
        needs=("wrk", "redis-server"),
        quick_args=QUICK,
    ),
    Benchmark(
        "campaigns",
        BENCH / "campaigns_bench.py",
        minutes=3,
        timeout_minutes=10,
        needs=("wrk", "redis-server"),
        quick_args=QUICK,
    ),
    Benchmark(
        "exposure",
        BENCH / "exposure_bench.py",  # 100,000-row import, 1,000,000 entries, batch page
        minutes=8,
        timeout_minutes=25,
        needs=("wrk", "redis-server"),
        quick_args=(
            ("--rows", "10000"),
            ("--total", "100000"),
            ("--searches", "100"),
            ("--duration", "3"),
        ),
    ),
    Benchmark(
        "search",
        BENCH / "search_bench.py",  # generates and indexes 10,000 pages first
        minutes=12,
        timeout_minutes=35,
        needs=("redis-server",),
        quick_args=(("--pages", "1000"), ("--runs", "10")),
    ),
    Benchmark(
        "wechat",
        BENCH / "wechat_bench.py",
        minutes=3,
        timeout_minutes=10,
        needs=("redis-server",),
        quick_args=(("--pages", "10"),),
    ),
    Benchmark(
        "wechat_callback",
        BENCH / "wechat_callback_bench.py",  # on PostgreSQL, then on SQLite
        minutes=5,
        timeout_minutes=15,
        # PostgreSQL is optional: without it the script runs its SQLite leg only.
        needs=("wrk", "redis-server"),
        quick_args=QUICK,
    ),
    Benchmark(
        "front_cache",
        BENCH / "front_cache_bench.py",
        minutes=4,
        timeout_minutes=12,
        needs=("wrk", "redis-server", "varnishd", "nginx"),
        quick_args=QUICK,
        quick_env=(("BENCH_SECONDS", "3"),),
    ),
    Benchmark(
        "soak",
        BENCH / "soak.py",  # 60 s on SQLite, on PostgreSQL + Redis, through Varnish
        minutes=14,  # mostly migrate and seed, once per layout
        timeout_minutes=40,
        needs=("wrk", "redis-server", "postgresql"),  # soak.py skips Varnish itself
        quick_args=(("--seconds", "15"),),
    ),
]


def _find(name: str, *paths: str) -> str | None:
    return shutil.which(name) or next((p for p in paths if os.access(p, os.X_OK)), None)


# Where each tool lives; Debian keeps varnishd, nginx and the PostgreSQL server out of a user's PATH.
TOOLS = {
    "wrk": lambda: _find("wrk"),
    "redis-server": lambda: _find("redis-server"),
    "varnishd": lambda: _find("varnishd", "/usr/sbin/varnishd"),
    "nginx": lambda: _find("nginx", "/usr/sbin/nginx"),
    "postgresql": lambda: _find(
        "initdb", *sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    ),
}


@dataclass
class Outcome:
    benchmark: Benchmark
    status: str  # ok, failed, timeout, skipped, missing
    seconds: float = 0.0
    detail: str = ""
    figures: list[dict] = field(default_factory=list)
    log: Path | None = None


def missing_tools(benchmark: Benchmark) -> list[str]:
    return [tool for tool in benchmark.needs if TOOLS[tool]() is None]


def command_for(benchmark: Benchmark, quick: bool) -> tuple[list[str], dict[str, str]]:
    """The argv and extra environment for one run: in quick mode, the short-run options and
    variables that the script's source mentions (the others would be refused or ignored)."""
    argv = [sys.executable, str(benchmark.script)]
    extra = {}
    if quick:
        source = benchmark.script.read_text(encoding="utf-8")
        for option in benchmark.quick_args:
            if option[0] in source:
                argv += option
        extra = {name: value for name, value in benchmark.quick_env if name in source}
    return argv, extra


def read_figures(path: Path) -> list[dict]:
    if not path.exists():
        return []
    figures = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            figure = json.loads(line)
            figure["value"] = float(figure["value"])
            figure.setdefault("what", "?")
        except (ValueError, KeyError, TypeError):
            figure = {"unreadable": f"unreadable figure line {number} in {path.name}"}
        figures.append(figure)
    return figures


def _signal_group(pid: int, sig: int) -> bool:
    try:
        os.killpg(pid, sig)
    except ProcessLookupError:
        return False
    return True


def _stop(process: subprocess.Popen, grace: float) -> None:
    """Stop a benchmark and everything it started (its own process group): SIGINT first, so that
    its context managers stop gunicorn, PostgreSQL and Redis cleanly, then SIGKILL for whatever
    outlived it or ignored SIGINT."""
    if _signal_group(process.pid, signal.SIGINT):
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=grace)
    _signal_group(process.pid, signal.SIGKILL)
    process.wait()


def run_one(
    benchmark: Benchmark,
    folder: Path,
    *,
    quick: bool = False,
    timeout: float | None = None,
    grace: float = 30.0,
) -> Outcome:
    if not benchmark.script.exists():
        return Outcome(benchmark, "missing", detail=f"skipped: {benchmark.script.name} not found")
    if missing := missing_tools(benchmark):
        return Outcome(benchmark, "skipped", detail="skipped: no " + ", no ".join(missing))
    log = folder / f"{benchmark.name}.log"
    results = folder / "figures" / f"{benchmark.name}.jsonl"
    results.parent.mkdir(parents=True, exist_ok=True)
    results.unlink(missing_ok=True)
    argv, extra = command_for(benchmark, quick)
    env = {**os.environ, **extra, "BENCH_RESULTS": str(results), "PYTHONUNBUFFERED": "1"}
    timeout = 60 * benchmark.timeout_minutes if timeout is None else timeout
    started = time.monotonic()
    with log.open("w", encoding="utf-8") as out:
        shown = " ".join([f"{k}={v}" for k, v in extra.items()] + argv)
        out.write(f"$ {shown}\n")
        out.flush()
        process = subprocess.Popen(
            argv,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: a timeout stops all it started
        )
        try:
            code = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _stop(process, grace)
            seconds = time.monotonic() - started
            return Outcome(
                benchmark,
                "timeout",
                seconds,
                f"timed out after {_duration(timeout)} (see log)",
                read_figures(results),
                log,
            )
        except KeyboardInterrupt:
            _stop(process, grace)
            raise
    seconds = time.monotonic() - started
    figures = read_figures(results)
    if code != 0:
        return Outcome(benchmark, "failed", seconds, f"failed (exit {code}, see log)", figures, log)
    detail = "" if figures else "ran, but recorded no figures (see log)"
    return Outcome(benchmark, "ok", seconds, detail, figures, log)


# The table ---------------------------------------------------------------------------------------

COLUMNS = ("benchmark", "figure", "value", "share of ceiling", "goal", "met")


def _number(value: float) -> str:
    if not math.isfinite(value):
        return str(value)
    if value == int(value):
        return f"{int(value):,}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    if abs(value) >= 1:
        return f"{value:.2f}"
    return f"{value:.2g}"  # 0.0042 s stays visible


def _share(share) -> str:
    if share is None:
        return ""
    percent = 100 * float(share)
    return f"{percent:.2f} %" if percent < 10 else f"{percent:.1f} %"


def _met(met) -> str:
    return {True: "✓", False: "✗"}.get(met, "—")


def table_rows(outcomes: list[Outcome]) -> list[tuple[str, ...]]:
    """One row per recorded figure, then one per benchmark that did not finish cleanly."""
    rows = []
    for outcome in outcomes:
        name = outcome.benchmark.name
        for figure in outcome.figures:
            if "unreadable" in figure:
                rows.append((name, figure["unreadable"], "", "", "", ""))
                continue
            value = f"{_number(figure['value'])} {figure.get('unit', '')}".strip()
            what = figure["what"] + (f" ({figure['note']})" if figure.get("note") else "")
            rows.append(
                (
                    figure.get("benchmark") or name,
                    what,
                    value,
                    _share(figure.get("ceiling_share")),
                    figure.get("goal") or "",
                    _met(figure.get("met")),
                )
            )
        if outcome.detail:
            rows.append((name, outcome.detail, "", "", "", ""))
    return rows


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def text_table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(_width(r[i]) for r in [COLUMNS, *rows]) for i in range(len(COLUMNS))]

    def line(row):
        cells = [cell + " " * (w - _width(cell)) for cell, w in zip(row, widths, strict=True)]
        return "  ".join(cells).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(COLUMNS), rule, *(line(r) for r in rows)])


def markdown_table(rows: list[tuple[str, ...]]) -> str:
    def line(row):
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |"

    return "\n".join([line(COLUMNS), "|" + "---|" * len(COLUMNS), *(line(r) for r in rows)])


# The run -----------------------------------------------------------------------------------------


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


def _load() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def git_commit() -> str:
    def git(*args):
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--untracked-files=no")
    return commit + (" (with uncommitted changes)" if dirty else "")


def select(benchmarks: list[Benchmark], only: list[str], skip: list[str]) -> list[Benchmark]:
    def key(name: str) -> str:
        return Path(name).stem.removesuffix("_bench").replace("-", "_")

    known = {b.name for b in benchmarks}
    unknown = sorted({key(n) for n in only + skip} - known)
    if unknown:
        raise SystemExit(
            f"unknown benchmark: {', '.join(unknown)} (known: {', '.join(b.name for b in benchmarks)})"
        )
    wanted = {key(n) for n in only}
    unwanted = {key(n) for n in skip}
    return [b for b in benchmarks if (not wanted or b.name in wanted) and b.name not in unwanted]


def run_all(
    benchmarks: list[Benchmark],
    folder: Path,
    *,
    quick: bool = False,
    out=None,
    grace: float = 30.0,
) -> tuple[list[Outcome], str]:
    """Run the benchmarks one after another; return the outcomes and the summary text, which is
    also written to folder/summary.md (with every figure in folder/figures.jsonl)."""
    out = out or sys.stdout
    folder.mkdir(parents=True, exist_ok=True)
    load_start, started = _load(), time.monotonic()
    commit, cores = git_commit(), os.cpu_count()
    outcomes: list[Outcome] = []
    interrupted = False
    for n, benchmark in enumerate(benchmarks, 1):
        print(
            f"[{n}/{len(benchmarks)}] {benchmark.name:<16} (load {os.getloadavg()[0]:4.1f}) ",
            end="",
            file=out,
            flush=True,
        )
        try:
            outcome = run_one(benchmark, folder, quick=quick, grace=grace)
        except KeyboardInterrupt:
            print("interrupted", file=out)
            interrupted = True
            break
        outcomes.append(outcome)
        count = sum("unreadable" not in f for f in outcome.figures)
        status = outcome.detail or f"ok, {count} figure{'s' * (count != 1)}"
        if outcome.status in ("failed", "timeout") and count:
            status += f"; {count} figure{'s' * (count != 1)} recorded before"
        took = f" in {_duration(outcome.seconds)}" if outcome.log else ""
        print(f"{status}{took}", file=out, flush=True)
    wall = time.monotonic() - started
    rows = table_rows(outcomes)
    heading = (
        f"信用阳江 benchmarks{' (quick)' if quick else ''}, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
        + (" — interrupted" if interrupted else "")
    )
    facts = (
        f"commit {commit}; {cores} cores; load average (1/5/15 min) {load_start} at start, "
        f"{_load()} at end; wall time {_duration(wall)}"
    )
    with (folder / "figures.jsonl").open("w", encoding="utf-8") as every:
        for outcome in outcomes:
            for figure in outcome.figures:
                every.write(json.dumps(figure, ensure_ascii=False) + "\n")
    (folder / "summary.md").write_text(
        f"{heading}\n\n{facts}\n\n{markdown_table(rows)}\n", encoding="utf-8"
    )
    summary = f"\n{heading}\n{facts}\n\n{text_table(rows)}\n\nlogs and summary.md: {folder}"
    print(summary, file=out, flush=True)
    return outcomes, summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="each script's short-run options")
    parser.add_argument("--only", action="append", default=[], help="name,name: run only these")
    parser.add_argument("--skip", action="append", default=[], help="name,name: leave these out")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and stop")
    parser.add_argument("--results", type=Path, default=RESULTS, help="parent of the run folder")
    args = parser.parse_args(argv)

    def names(values):
        return [n.strip() for v in values for n in v.split(",") if n.strip()]

    chosen = select(BENCHMARKS, names(args.only), names(args.skip))
    if args.list:
        for b in chosen:
            missing = missing_tools(b) if b.script.exists() else ["the script itself"]
            print(
                f"{b.name:<16} ~{b.minutes:g} min, timeout {b.timeout_minutes:g} min  "
                f"{b.script.relative_to(ROOT)}{'  (missing: ' + ', '.join(missing) + ')' if missing else ''}"
            )
        return 0
    folder = args.results / datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    for n in range(2, 100):  # two runs started in one second keep their own folders
        if not folder.exists():
            break
        folder = folder.with_name(f"{folder.name.split('.')[0]}.{n}")
    expected = sum(b.minutes for b in chosen if b.script.exists())
    bound = sum(b.timeout_minutes for b in chosen if b.script.exists())
    print(
        f"{len(chosen)} benchmarks{', quick' if args.quick else f', expected ~{expected:.0f} min'}"
        f" (at most {bound:.0f} min); logs in {folder}",
        flush=True,
    )
    outcomes, _ = run_all(chosen, folder, quick=args.quick)
    return 1 if any(o.status in ("failed", "timeout") for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
