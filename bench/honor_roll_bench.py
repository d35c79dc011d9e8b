"""Benchmark of the honor roll's public pages.

/honor-roll/, the demo list in 公示 and one honoree's detail page: SQL queries per uncached render,
then wrk (c=8 and c=32) against gunicorn (2 workers, production settings, SQLite with the seeded
demo content), with and without the page cache, 127.0.0.1 only.

    .venv/bin/python bench/honor_roll_bench.py [--quick]
"""

import re
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness  # noqa: E402

LIST = "/honor-roll/yang-jiang-hao-ren-gong-shi/"
CONCURRENCY = [8, 32]


def detail_path(base):
    html = urllib.request.urlopen(base + LIST, timeout=30).read().decode()
    return re.search(rf'href="({re.escape(LIST)}\d+/)"', html).group(1)


def bench_server(duration):
    t0 = time.perf_counter()
    with harness.prepared_site() as (_workdir, env):
        print(
            f"site prepared (migrate, seed_demo, collectstatic) in {time.perf_counter() - t0:.0f} s"
        )
        uncached_env = {**env, "PAGE_CACHE": "false"}
        with harness.gunicorn(uncached_env) as base:
            urls = ["/honor-roll/", LIST, detail_path(base)]
        for path, queries in harness.query_counts(uncached_env, urls).items():
            print(f"{path:<44} {queries} SQL queries per uncached render (0 on a page-cache hit)")
        for mode, mode_env in (("cached", env), ("uncached", uncached_env)):
            with harness.gunicorn(mode_env) as base:
                for path in urls:
                    for connections in CONCURRENCY:
                        print(
                            harness.wrk(base + path, connections, duration).row(f"{path} ({mode})")
                        )


if __name__ == "__main__":
    bench_server(duration=3 if "--quick" in sys.argv else 10)
