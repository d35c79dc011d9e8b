"""bench/all.py (`make bench`) with tiny fake benchmark scripts: the table comes from what the
scripts recorded, and a failing, silent, timed-out or unrunnable benchmark is a row, not the end of
the run. No real benchmark runs here."""

import io
import os
import textwrap
import time
from pathlib import Path

import pytest

import bench.all as bench_all
from bench.all import Benchmark

ROOT = Path(bench_all.__file__).resolve().parent.parent


def script(folder: Path, name: str, body: str) -> Path:
    path = folder / f"{name}.py"
    head = f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom bench.figures import record\n"
    path.write_text(head + textwrap.dedent(body), encoding="utf-8")
    return path


def fake(folder, name, body, **options):
    return Benchmark(name, script(folder, name, body), 0.1, 1, **options)


@pytest.fixture
def fakes(tmp_path):
    return [
        fake(
            tmp_path,
            "pages",
            """
            print("detailed table of the pages benchmark")
            record("pages", "home, uncached, c=8", 41.26, "req/s", goal="≥ 1.4 %",
                   met=False, ceiling_share=0.0093, note="24 queries")
            record("pages", "home, page-cache hit", 1523.0, "req/s", goal="≥ 50 %",
                   met=True, ceiling_share=0.52)
            """,
        ),
        fake(
            tmp_path,
            "broken",
            """
            record("broken", "import of 100,000 rows", 37.2, "s", goal="≤ 10 s", met=False)
            raise SystemExit(3)
            """,
        ),
        fake(tmp_path, "silent", "print('nothing recorded')\n"),
        Benchmark("front", tmp_path / "front.py", 0.1, 1, ("varnishd",)),
        Benchmark("soak", tmp_path / "soak.py", 0.1, 1),
    ]


def test_table_comes_from_the_recorded_figures_and_failures_are_rows(fakes, tmp_path, monkeypatch):
    (tmp_path / "front.py").write_text("raise SystemExit('must not run')\n")
    monkeypatch.setitem(bench_all.TOOLS, "varnishd", lambda: None)
    terminal = io.StringIO()
    folder = tmp_path / "results"

    outcomes, summary = bench_all.run_all(fakes, folder, out=terminal)

    assert [o.status for o in outcomes] == ["ok", "failed", "ok", "skipped", "missing"]
    rows = bench_all.table_rows(outcomes)
    assert rows == [
        ("pages", "home, uncached, c=8 (24 queries)", "41.3 req/s", "0.93 %", "≥ 1.4 %", "✗"),
        ("pages", "home, page-cache hit", "1,523 req/s", "52.0 %", "≥ 50 %", "✓"),
        ("broken", "import of 100,000 rows", "37.2 s", "", "≤ 10 s", "✗"),
        ("broken", "failed (exit 3, see log)", "", "", "", ""),
        ("silent", "ran, but recorded no figures (see log)", "", "", "", ""),
        ("front", "skipped: no varnishd", "", "", "", ""),
        ("soak", "skipped: soak.py not found", "", "", "", ""),
    ]
    # One progress line per benchmark, then the table with the run's facts.
    progress = terminal.getvalue().split("\n\n")[0].strip().splitlines()
    assert len(progress) == 5 and progress[1].startswith("[2/5] broken")
    assert "failed (exit 3, see log); 1 figure recorded before" in progress[1]
    assert "cores; load average" in summary and "commit " in summary
    assert "home, page-cache hit" in summary
    # Each script's own output is in its log; the Markdown table and every figure are kept.
    assert "detailed table of the pages benchmark" in (folder / "pages.log").read_text()
    markdown = (folder / "summary.md").read_text()
    assert "| pages | home, page-cache hit | 1,523 req/s | 52.0 % | ≥ 50 % | ✓ |" in markdown
    assert len((folder / "figures.jsonl").read_text().splitlines()) == 3


def test_a_benchmark_past_its_timeout_is_stopped_with_what_it_started(tmp_path):
    pid_file = tmp_path / "child.pid"
    hanging = fake(
        tmp_path,
        "hanging",
        f"""
        import subprocess, time
        record("hanging", "first figure", 1, "s")
        child = subprocess.Popen(["sleep", "60"])
        open({str(pid_file)!r}, "w").write(str(child.pid))
        time.sleep(60)
        """,
    )
    started = time.monotonic()

    outcome = bench_all.run_one(hanging, tmp_path, timeout=1.5, grace=1)

    assert time.monotonic() - started < 10
    assert outcome.status == "timeout"
    assert outcome.detail == "timed out after 2s (see log)"
    assert [f["what"] for f in outcome.figures] == ["first figure"]
    child = int(pid_file.read_text())
    for _ in range(50):
        stat = Path(f"/proc/{child}/stat")
        if not stat.exists() or stat.read_text().split(") ")[1].startswith("Z"):
            break
        time.sleep(0.1)
    else:
        os.kill(child, 9)
        pytest.fail("the benchmark's own child outlived the timeout")


def test_quick_gives_only_the_short_run_options_a_script_knows(tmp_path):
    benchmark = fake(
        tmp_path,
        "exposure",
        'import argparse\nargparse.ArgumentParser().add_argument("--rows")\n',
        quick_args=(("--rows", "1000"), ("--quick",)),
        quick_env=(("BENCH_SECONDS", "3"),),
    )

    argv, env = bench_all.command_for(benchmark, quick=True)

    assert argv[1:] == [str(benchmark.script), "--rows", "1000"]
    assert env == {}
    assert bench_all.command_for(benchmark, quick=False)[0][1:] == [str(benchmark.script)]


def test_only_and_skip_choose_by_name(fakes):
    chosen = bench_all.select(fakes, ["pages", "bench/silent.py"], [])
    assert [b.name for b in chosen] == ["pages", "silent"]
    assert [b.name for b in bench_all.select(fakes, [], ["broken", "soak"])] == [
        "pages",
        "silent",
        "front",
    ]
    with pytest.raises(SystemExit, match="unknown benchmark: nope"):
        bench_all.select(fakes, ["nope"], [])


def test_make_bench_exits_non_zero_when_a_benchmark_failed(fakes, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(bench_all, "BENCHMARKS", fakes)
    results = tmp_path / "runs"

    assert bench_all.main(["--results", str(results), "--only", "pages"]) == 0
    assert bench_all.main(["--results", str(results), "--only", "pages,broken"]) == 1
    assert len(list(results.iterdir())) == 2
    assert "failed (exit 3, see log)" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (1523.0, "1,523"),
        (41.26, "41.3"),
        (3.456, "3.46"),
        (0.0042, "0.0042"),
        (float("inf"), "inf"),
    ],
)
def test_values_keep_their_meaningful_digits(value, shown):
    assert bench_all._number(value) == shown
