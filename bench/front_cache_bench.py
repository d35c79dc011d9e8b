"""Front-cache benchmark: the home page through Varnish (deploy/varnish/default.vcl) beside the
gunicorn ceiling and nginx serving a static copy of the same bytes, at c=8 and c=32; then the
purge latency, publish -> first fresh page through Varnish, with the production task path
(django-tasks database backend, `db_worker --interval 0.2`).

    python bench/front_cache_bench.py

Goal: Varnish >= 50 % of nginx static.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.figures import record  # noqa: E402
from bench.harness import (  # noqa: E402
    PYTHON,
    ROOT,
    free_port,
    gunicorn,
    manage,
    percentile,
    prepared_site,
    task_worker,
    wrk,
)
from bench.varnish import varnish  # noqa: E402

ARTICLE = "/zheng-ce-jie-du/fen-gong-fang-an-jie-du/"
CONCURRENCY = (8, 32)
SECONDS = int(os.environ.get("BENCH_SECONDS", 10))
PUBLISHES = 10
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@contextmanager
def nginx_static(body: bytes):
    """nginx (2 workers) serving `body` as / from disk."""
    folder = Path(tempfile.mkdtemp(prefix="xyyj-nginx-"))
    folder.chmod(0o755)
    (folder / "index.html").write_bytes(body)
    (folder / "index.html").chmod(0o644)
    port = free_port()
    (folder / "nginx.conf").write_text(
        textwrap.dedent(f"""
        worker_processes 2;
        daemon off;
        pid {folder}/nginx.pid;
        error_log {folder}/error.log;
        events {{ worker_connections 1024; }}
        http {{
            access_log off;
            server {{
                listen 127.0.0.1:{port};
                root {folder};
                location = / {{ default_type "text/html; charset=utf-8"; try_files /index.html =404; }}
            }}
        }}
        """)
    )
    process = subprocess.Popen([NGINX, "-c", str(folder / "nginx.conf"), "-p", str(folder)])
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


PUBLISHER = """
import json, sys, time, urllib.request, django
django.setup()
from wagtail.models import Site
base, path, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
home = Site.objects.get(is_default_site=True).root_page
page = home.get_descendants().get(url_path=home.url_path + path.lstrip("/")).specific
results = []
for n in range(count):
    for _ in range(2):  # make sure the current version is cached
        urllib.request.urlopen(base + path).read()
    title = f"{page.title.split('#')[0]}#{n}"
    page.title = title
    page.save_revision().publish()
    started = time.perf_counter()
    while True:
        response = urllib.request.urlopen(base + path)
        if title in response.read().decode():
            results.append((time.perf_counter() - started, response.headers["X-Cache"]))
            break
        if time.perf_counter() - started > 30:
            results.append((None, "stale"))
            break
        time.sleep(0.005)
print(json.dumps(results))
"""


def purge_latency(env, varnish_base):
    """Seconds from publish() returning to the first fresh article page through Varnish."""
    host, port = varnish_base.split("//")[1].split(":")
    manage(
        env,
        "shell",
        "-c",
        f"from wagtail.models import Site; Site.objects.update(hostname='{host}', port={port})",
    )
    with task_worker(env):
        result = subprocess.run(
            [PYTHON, "-c", PUBLISHER, varnish_base, ARTICLE, str(PUBLISHES)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
    if result.returncode:
        raise RuntimeError(f"publisher failed:\n{result.stderr[-3000:]}")
    output = result.stdout
    return json.loads(output.strip().splitlines()[-1])


def main():
    with prepared_site() as (workdir, env):
        with gunicorn(env) as app_base:
            port = int(app_base.rsplit(":", 1)[1])
            with varnish(port, memory="256m") as cache_base:
                for _ in range(2):
                    home = urllib.request.urlopen(cache_base + "/")
                    body = home.read()
                assert home.headers["X-Cache"] == "HIT", home.headers["X-Cache"]
                through_varnish = [wrk(cache_base + "/", c, SECONDS) for c in CONCURRENCY]
                page_cache_hit = [wrk(app_base + "/", c, SECONDS) for c in CONCURRENCY]
                purge_env = {
                    **env,
                    # The worker and the publisher write at once: wait for SQLite's lock
                    # instead of failing (production runs on PostgreSQL).
                    "DATABASE_URL": env["DATABASE_URL"] + "?transaction_mode=IMMEDIATE&timeout=30",
                    "FRONTEND_CACHE_URLS": cache_base,
                    "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
                }
                latencies = purge_latency(purge_env, cache_base)
        body_file = workdir / "home.html"
        body_file.write_bytes(body)
        with gunicorn(
            env,
            app="bench.ceiling_app:application",
            extra_env={"CEILING_BODY_FILE": str(body_file)},
        ) as base:
            ceiling = [wrk(base + "/", c, SECONDS) for c in CONCURRENCY]
        with nginx_static(body) as base:
            static = [wrk(base + "/", c, SECONDS) for c in CONCURRENCY]

    print(
        f"\n信用阳江 front-cache benchmark: home page ({len(body)} bytes), {SECONDS}s per run, wrk"
    )
    rows = [
        ("nginx static copy", static),
        ("ceiling (static WSGI)", ceiling),
        ("gunicorn, page-cache hit", page_cache_hit),
        ("Varnish hit", through_varnish),
    ]
    for label, runs in rows:
        for result, top, wsgi in zip(runs, static, ceiling, strict=True):
            print(
                result.row(label, wsgi.requests_per_second)
                + f"  nginx {100 * result.requests_per_second / top.requests_per_second:6.1f} %"
            )
    for varnish_run, nginx_run, wsgi in zip(through_varnish, static, ceiling, strict=True):
        share = 100 * varnish_run.requests_per_second / nginx_run.requests_per_second
        print(
            f"goal: Varnish >= 50 % of nginx static at c={varnish_run.concurrency}: {share:.1f} % "
            f"{'met' if share >= 50 else 'NOT met'}"
        )
        record(
            "front cache",
            f"home through Varnish, c={varnish_run.concurrency} ({share:.0f} % of nginx static)",
            varnish_run.requests_per_second,
            "req/s",
            goal="≥ 50 % of nginx static",
            met=share >= 50,
            ceiling_share=varnish_run.requests_per_second / wsgi.requests_per_second,
            note=f"nginx {nginx_run.requests_per_second:.0f} req/s",
        )
    seconds = [s for s, _ in latencies if s is not None]
    stale = sum(1 for s, _ in latencies if s is None)
    if seconds:
        print(
            f"purge latency, publish -> fresh page through Varnish (db_worker --interval 0.2), "
            f"{len(latencies)} publishes: median {1000 * percentile(seconds, 0.5):.0f} ms, "
            f"max {1000 * max(seconds):.0f} ms, over 1 s: {sum(s > 1 for s in seconds)}, never fresh: {stale}"
        )
    print("first fresh response after each publish:", ", ".join(sorted({c for _, c in latencies})))
    if seconds:
        record(
            "front cache",
            f"purge latency, max of {len(latencies)} publishes (median {1000 * percentile(seconds, 0.5):.0f} ms)",
            1000 * max(seconds),
            "ms",
            goal="every publish fresh ≤ 1 s",
            met=not stale and max(seconds) <= 1,
        )


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
