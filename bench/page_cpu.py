"""In-process CPU per request of the ordinary pages, under production settings (SQLite, Redis),
with Django's test client: a page-cache hit of the home page (and the Redis commands it costs)
and the uncached home page, an article and /campaigns/. CPU time (time.process_time) is what
a worker spends, so it holds on a busy machine where wall-clock req/s does not.

    python bench/page_cpu.py [--profile PATH]   (cProfile of each uncached page, top functions)
"""

import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.figures import record  # noqa: E402
from bench.harness import PYTHON, ROOT, prepared_site  # noqa: E402

ARTICLE = "/zheng-ce-jie-du/fen-gong-fang-an-jie-du/"
UNCACHED = {"home": "/", "article": ARTICLE, "campaigns": "/campaigns/"}
REPEATS = {"hit": 2000, "uncached": 100}

# Runs in a child process with the production environment (django.setup() reads it).
MEASURE = r"""
import cProfile, io, json, pstats, sys, time
import django
django.setup()
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
import redis

uncached, repeats, profile = json.loads(sys.argv[1])
client = Client(HTTP_HOST="127.0.0.1")
out = {}


def cpu_ms(path, n):
    for _ in range(3):
        assert client.get(path).status_code == 200
    started = time.process_time()
    for _ in range(n):
        client.get(path)
    return 1000 * (time.process_time() - started) / n


if settings.WAGTAIL_CACHE:
    pages = redis.Redis.from_url(settings.CACHES["pages"]["LOCATION"])
    client.get("/")
    before = pages.info("stats")["total_commands_processed"]
    response = client.get("/")
    after = pages.info("stats")["total_commands_processed"]
    assert response["X-Wagtail-Cache"] == "hit", response.headers
    out["hit"] = {"cpu_ms": cpu_ms("/", repeats["hit"]), "redis_commands": after - before - 1}
else:
    for label, path in uncached.items():
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        count = len(queries)  # read now: the next request empties the query log
        out[label] = {"cpu_ms": cpu_ms(path, repeats["uncached"]), "queries": count}
        if profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(20):
                client.get(path)
            profiler.disable()
            text = io.StringIO()
            pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(45)
            with open(f"{profile}-{label}.txt", "w") as written:
                written.write(text.getvalue())
print(json.dumps(out))
"""


def measure(env, *, profile=""):
    """{"hit": {...}} with the page cache on, {"home": {...}, ...} with it off."""
    results = {}
    for cache in ("true", "false"):
        run = subprocess.run(
            [PYTHON, "-c", MEASURE, json.dumps([UNCACHED, REPEATS, profile])],
            cwd=ROOT,
            env={**env, "PAGE_CACHE": cache},
            capture_output=True,
            text=True,
            check=False,
        )
        if run.returncode != 0:
            raise RuntimeError(run.stderr[-3000:])
        results.update(json.loads(run.stdout.strip().splitlines()[-1]))
    return results


def main():
    profile = sys.argv[sys.argv.index("--profile") + 1] if "--profile" in sys.argv else ""
    with prepared_site() as (_workdir, env):
        results = measure(env, profile=profile)
    print("\n信用阳江 page CPU: production settings, SQLite, Redis, in-process test client")
    hit = results.pop("hit")
    record("page_cpu", "home, page-cache hit: CPU", round(hit["cpu_ms"], 3), "ms")
    record(
        "page_cpu",
        "home, page-cache hit: Redis commands",
        hit["redis_commands"],
        "commands",
        goal="1 round trip",
        met=hit["redis_commands"] <= 1,
    )
    for label, figures in results.items():
        record(
            "page_cpu",
            f"{label}, uncached: CPU",
            round(figures["cpu_ms"], 2),
            "ms",
            note=f"{figures['queries']} queries",
        )
    print(
        f"home, page-cache hit   {hit['cpu_ms']:7.3f} ms CPU/request  "
        f"{hit['redis_commands']} Redis command(s) per hit"
    )
    for label, figures in results.items():
        print(
            f"{label + ', uncached':<22} {figures['cpu_ms']:7.2f} ms CPU/request  "
            f"{figures['queries']} SQL queries"
        )
    if profile:
        print(f"profiles: {profile}-<page>.txt")


if __name__ == "__main__":
    main()
