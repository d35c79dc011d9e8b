"""Headline figures that each benchmark reports to `make bench` (bench/all.py).

A benchmark prints its own detailed table and, for the one summary table, calls record() once per
headline figure. bench/all.py runs every benchmark in a subprocess with BENCH_RESULTS set to a JSON
Lines file and prints the table from it; a benchmark run alone (no BENCH_RESULTS) records nothing.
"""

import json
import os


def record(
    benchmark: str,
    what: str,
    value: float,
    unit: str,
    *,
    goal: str = "",
    met: bool | None = None,
    ceiling_share: float | None = None,
    note: str = "",
) -> None:
    """Append one figure: `goal` is the goal as text ("≤ 50 ms"), `met` whether this run meets it,
    `ceiling_share` the fraction of the ceiling app's requests/s where that applies."""
    path = os.environ.get("BENCH_RESULTS")
    if not path:
        return
    line = {
        "benchmark": benchmark,
        "what": what,
        "value": value,
        "unit": unit,
        "goal": goal,
        "met": met,
        "ceiling_share": ceiling_share,
        "note": note,
    }
    with open(path, "a", encoding="utf-8") as results:
        results.write(json.dumps(line, ensure_ascii=False) + "\n")
