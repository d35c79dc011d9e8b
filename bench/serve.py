"""Foundation benchmark: the home page and an article under gunicorn (2 workers, production settings,
SQLite, demo content), at concurrency 8 and 32 for 10 s each, against the machine's ceiling.
Cached pages come from the Redis page cache (production); the home page also from the file cache.

    python bench/serve.py            (or: make bench)
"""

import sys
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.figures import record  # noqa: E402
from bench.harness import gunicorn, prepared_site, query_counts, wrk  # noqa: E402

ARTICLE = "/zheng-ce-jie-du/fen-gong-fang-an-jie-du/"
PAGES = {"home /": "/", "article": ARTICLE}
CONCURRENCY = (8, 32)
SECONDS = 10
HEADLINE_CONCURRENCY = 8
# (label, page, mode, goal share of the ceiling, most queries, goal as text)
GOALS = (
    ("home, page-cache hit (Redis)", "home /", "cached", 0.50, None, "≥ 50 % of ceiling (Redis)"),
    ("home, page-cache hit (file)", "home /", "cached, file", None, None, ""),
    ("home, uncached", "home /", "uncached", 0.014, 12, "≥ 1.4 % of ceiling, ≤ 12 queries"),
    ("article, uncached", "article", "uncached", 0.03, 8, "≥ 3 % of ceiling, ≤ 8 queries"),
)


def main():
    with prepared_site() as (workdir, env):
        uncached_env = {**env, "PAGE_CACHE": "false"}
        queries = query_counts(uncached_env, list(PAGES.values()))
        file_cache_env = {**env, "DJANGO_SETTINGS_MODULE": "bench.file_cache_settings"}
        results = {}
        for mode, mode_env, pages in (
            ("cached", env, PAGES),
            ("cached, file", file_cache_env, {"home /": "/"}),
            ("uncached", uncached_env, PAGES),
        ):
            with gunicorn(mode_env) as base:
                home_bytes = urllib.request.urlopen(base + "/").read()
                for label, path in pages.items():
                    results[f"{label} ({mode})"] = [
                        wrk(base + path, c, SECONDS) for c in CONCURRENCY
                    ]
        body_file = workdir / "home.html"
        body_file.write_bytes(home_bytes)
        with gunicorn(
            env,
            app="bench.ceiling_app:application",
            extra_env={"CEILING_BODY_FILE": str(body_file)},
        ) as base:
            ceiling = [wrk(base + "/", c, SECONDS) for c in CONCURRENCY]

    print(
        f"\n信用阳江 foundation benchmark: gunicorn 2 workers, production settings, SQLite, {SECONDS}s per run"
    )
    print(f"home page: {len(home_bytes)} bytes")
    for result in ceiling:
        print(result.row("ceiling (static WSGI)"))
    for label, runs in results.items():
        for result, top in zip(runs, ceiling, strict=False):
            print(result.row(label, top.requests_per_second))
    for label, path in PAGES.items():
        print(f"SQL queries per page render  {label:<10} {queries[path]}  (0 on a page-cache hit)")
    record_headlines(results, ceiling, queries)


def record_headlines(results, ceiling, queries):
    """The c=8 figures of the issue's table, as shares of the ceiling, for `make bench`."""
    index = CONCURRENCY.index(HEADLINE_CONCURRENCY)
    top = ceiling[index].requests_per_second
    for what, page, mode, goal_share, most_queries, goal in GOALS:
        run = results[f"{page} ({mode})"][index]
        share = run.requests_per_second / top if top else None
        count = queries[PAGES[page]] if most_queries else None
        met = None
        if goal_share is not None and share is not None:
            met = share >= goal_share and (count is None or count <= most_queries)
        record(
            "serve",
            what,
            round(run.requests_per_second, 1),
            "req/s",
            goal=goal,
            met=met,
            ceiling_share=share,
            note=f"{count} queries" if count is not None else "",
        )


if __name__ == "__main__":
    main()
