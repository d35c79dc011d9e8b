"""Foundation benchmark: the home page and an article under gunicorn (2 workers, production settings,
SQLite, demo content), at concurrency 8 and 32 for 10 s each, against the machine's ceiling.

    python bench/serve.py            (or: make bench)
"""

import sys
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import gunicorn, prepared_site, query_counts, wrk  # noqa: E402

ARTICLE = "/zheng-ce-jie-du/fen-gong-fang-an-jie-du/"
PAGES = {"home /": "/", "article": ARTICLE}
CONCURRENCY = (8, 32)
SECONDS = 10


def main():
    with prepared_site() as (workdir, env):
        uncached_env = {**env, "PAGE_CACHE": "false"}
        queries = query_counts(uncached_env, list(PAGES.values()))
        results = {}
        for mode, mode_env in (("cached", env), ("uncached", uncached_env)):
            with gunicorn(mode_env) as base:
                home_bytes = urllib.request.urlopen(base + "/").read()
                for label, path in PAGES.items():
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


if __name__ == "__main__":
    main()
