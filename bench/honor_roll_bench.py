"""Benchmark of the honor roll's public pages.

/honor-roll/, the demo list in 公示 and one honoree's detail page: SQL queries per uncached render,
then wrk (c=8 and c=32) against gunicorn (2 workers, production settings, SQLite with the seeded
demo content), with and without the page cache, beside the ceiling app of bench/harness.py serving
the list page's bytes, 127.0.0.1 only. The headline figures (c=8) go to `make bench` (bench/figures.py).

    .venv/bin/python bench/honor_roll_bench.py [--quick]
"""

import re
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness  # noqa: E402
from bench.figures import record  # noqa: E402

LIST = "/honor-roll/yang-jiang-hao-ren-gong-shi/"
CONCURRENCY = [8, 32]


def detail_path(base):
    html = urllib.request.urlopen(base + LIST, timeout=30).read().decode()
    return re.search(rf'href="({re.escape(LIST)}\d+/)"', html).group(1)


def bench_server(duration):
    t0 = time.perf_counter()
    with harness.prepared_site() as (workdir, env):
        print(
            f"site prepared (migrate, seed_demo, collectstatic) in {time.perf_counter() - t0:.0f} s"
        )
        uncached_env = {**env, "PAGE_CACHE": "false"}
        with harness.gunicorn(uncached_env) as base:
            urls = ["/honor-roll/", LIST, detail_path(base)]
            list_bytes = urllib.request.urlopen(base + LIST, timeout=30).read()
        queries = harness.query_counts(uncached_env, urls)
        for path, count in queries.items():
            print(f"{path:<44} {count} SQL queries per uncached render (0 on a page-cache hit)")
        body_file = workdir / "list.html"
        body_file.write_bytes(list_bytes)
        with harness.gunicorn(
            env,
            app="bench.ceiling_app:application",
            extra_env={"CEILING_BODY_FILE": str(body_file)},
        ) as base:
            ceiling = {}
            for connections in CONCURRENCY:
                ceiling[connections] = harness.wrk(base + "/", connections, duration)
        for result in ceiling.values():
            print(result.row("ceiling (static WSGI)"))
        for mode, mode_env in (("cached", env), ("uncached", uncached_env)):
            with harness.gunicorn(mode_env) as base:
                for path, name in zip(urls, ("index", "list", "honoree"), strict=True):
                    for connections in CONCURRENCY:
                        result = harness.wrk(base + path, connections, duration)
                        top = ceiling[connections].requests_per_second
                        print(result.row(f"{path} ({mode})", top))
                        if connections == CONCURRENCY[0]:
                            record(
                                "honor roll",
                                f"{name} page, {mode}, c={connections}",
                                result.requests_per_second,
                                "req/s",
                                ceiling_share=result.requests_per_second / top,
                                note=(
                                    f"p99 {result.p99_ms:.0f} ms"
                                    if result.requests
                                    else f"no response within {duration} s"
                                )
                                + (f", {queries[path]} queries" if mode == "uncached" else "")
                                + (f", {result.errors} errors" if result.errors else ""),
                            )


if __name__ == "__main__":
    bench_server(duration=3 if "--quick" in sys.argv else 10)
