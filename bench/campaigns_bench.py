"""Benchmark of the publicity calendar.

1. Expanding one year of occurrences for 200 generated events (pure function, ms).
2. /campaigns/ and /campaigns/calendar.ics under wrk (10 s per URL per concurrency, c=8 and c=32)
   against gunicorn (2 workers, production settings, SQLite with the seeded demo content), 127.0.0.1 only.

    /work/main/.venv/bin/python bench/campaigns_bench.py [--quick]
"""

import random
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness  # noqa: E402
from bench.figures import record  # noqa: E402
from cms.campaigns import occurrences as occ  # noqa: E402

URLS = ["/campaigns/", "/campaigns/calendar.ics"]
CONCURRENCY = [8, 32]
# /campaigns/ uncached at c=8: three times the 31.7 req/s measured before the work on speed.
GOAL_REQUESTS_PER_SECOND, GOAL_QUERIES = 95, 10


@dataclass(frozen=True)
class GeneratedEvent:
    name: str
    schedule: occ.Schedule
    pk: int


def generated_events(count=200, seed=3):
    """A mix like the real calendar: fixed days, whole months, week rules, dates per year with rounds."""
    rng = random.Random(seed)
    events = []
    for n in range(count):
        kind = n % 4
        if kind == 0:
            schedule = occ.Schedule(
                rule=f"FREQ=YEARLY;BYMONTH={rng.randint(1, 12)};BYMONTHDAY={rng.randint(1, 28)}",
                rows=(occ.DatedRow(2025, occ.CANCELLED),),
            )
        elif kind == 1:
            schedule = occ.Schedule(
                rule=f"FREQ=YEARLY;BYMONTH={rng.randint(1, 12)};BYMONTHDAY=1", whole_month=True
            )
        elif kind == 2:
            schedule = occ.Schedule(
                rule=f"FREQ=YEARLY;BYMONTH={rng.randint(1, 12)};BYDAY={rng.randint(1, 3)}MO",
                duration_days=7,
            )
        else:
            rows = []
            for year in (2025, 2026, 2027):
                for sequence in (1, 2, 3):
                    start = date(year, 1, 1) + timedelta(days=rng.randint(0, 360))
                    rows.append(
                        occ.DatedRow(year, occ.EXPLICIT, sequence, start, start + timedelta(days=6))
                    )
            schedule = occ.Schedule(rows=tuple(rows))
        events.append(GeneratedEvent(f"节点{n}", schedule, n))
    return events


def bench_expansion(repeats=30):
    events = generated_events()
    start, end = date(2026, 1, 1), date(2026, 12, 31)
    occ._parsed_rule.cache_clear()
    occ._rule_date_list.cache_clear()
    t0 = time.perf_counter()
    found = occ.expand(events, start, end)
    cold = (time.perf_counter() - t0) * 1000
    timings = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        occ.expand(events, start, end)
        timings.append((time.perf_counter() - t0) * 1000)
    print(
        f"expand 200 events x 1 year: {len(found)} occurrences; first call (parsing rules) {cold:.1f} ms; "
        f"median {statistics.median(timings):.1f} ms, max {max(timings):.1f} ms over {repeats} runs"
    )


def bench_server(duration):
    t0 = time.perf_counter()
    with harness.prepared_site() as (_workdir, env):
        print(
            f"site prepared (migrate, seed_demo, collectstatic) in {time.perf_counter() - t0:.0f} s"
        )
        uncached_env = {**env, "PAGE_CACHE": "false"}
        counts = harness.query_counts(uncached_env, URLS)
        for path, queries in counts.items():
            print(f"{path:<28} {queries} SQL queries per uncached render (0 on a page-cache hit)")
        for mode, mode_env in (("cached", env), ("uncached", uncached_env)):
            with harness.gunicorn(mode_env) as base:
                for path in URLS:
                    for connections in CONCURRENCY:
                        result = harness.wrk(base + path, connections, duration)
                        print(result.row(f"{path} ({mode})"))
                        if (path, mode, connections) == ("/campaigns/", "uncached", 8):
                            record_headline(result, counts[path])


def record_headline(result, queries):
    record(
        "campaigns",
        "/campaigns/, uncached",
        round(result.requests_per_second, 1),
        "req/s",
        goal=f"≥ {GOAL_REQUESTS_PER_SECOND} req/s, ≤ {GOAL_QUERIES} queries",
        met=result.requests_per_second >= GOAL_REQUESTS_PER_SECOND and queries <= GOAL_QUERIES,
        note=f"{queries} queries",
    )


if __name__ == "__main__":
    bench_expansion()
    bench_server(duration=3 if "--quick" in sys.argv else 10)
