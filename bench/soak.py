"""Soak: a mixed anonymous load for 60 s at c=64 while staff publish a page every few seconds, on
three production layouts, then a burst of 429s on /exposure/ from one client address.

    .venv/bin/python bench/soak.py [--seconds 60] [--concurrency 64] [--workers 4]
                                   [--config sqlite,postgres,varnish] [--publish-every 3]

Configurations (all by default):
  sqlite    production settings on SQLite (and the bench Redis, which production requires);
            tasks in-process (ImmediateBackend);
  postgres  PostgreSQL + Redis, tasks through the database backend and `db_worker`;
  varnish   the same PostgreSQL + Redis behind Varnish (deploy/varnish/default.vcl), with
            FRONTEND_CACHE_URLS pointing at it, so every publish BANs through the task worker.

The load (bench/soak.lua) picks among the home page, articles, campaigns, the calendar's month
grid, `.ics` feeds, exposure pages (list, batch, name search) and site search on the demo content,
each request from its own client address (X-Real-IP, RATELIMIT_IP_META_KEY=HTTP_X_REAL_IP), so
that it measures the site, not the limiter; 429s are counted apart. A prober hits gunicorn
directly every 200 ms and records the longest gap between answers, and wrk counts responses per
second: either reveals a stall. After the soak, 10 s of c=64 on /exposure/ from ONE address (a
burst of 429s) with the prober running on for 5 s more shows whether the site stops answering
after such a burst.

Workers: gunicorn sync workers, 4 by default for 2 cores. Each request spends part of its time
waiting on Redis or the database on loopback; with one worker per core that time leaves a core
idle, and beyond two per core extra processes only add memory and context switches on a machine
that also runs wrk, Redis, PostgreSQL and Varnish.

What must hold, per configuration: 0 errors (non-2xx/3xx other than 429, and socket errors), no
request over 5 s, every publish visible to anonymous readers within 1 s.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import http.client
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.figures import record  # noqa: E402
from bench.harness import (  # noqa: E402
    PYTHON,
    ROOT,
    WRK,
    gunicorn,
    manage,
    postgres_server,
    prepare_database,
    prepared_site,
    production_env,
    task_worker,
)

LUA = Path(__file__).resolve().parent / "soak.lua"
CONFIGURATIONS = ("sqlite", "postgres", "varnish")
LATENCY_LIMIT_S = 5.0
VISIBLE_WITHIN_S = 1.0
GIVE_UP_S = 15.0  # a publish not visible by then counts as never visible
POLL_EVERY_S = 0.25  # a new anonymous reader asks this often after a publish
REREAD_S = 1.0  # readers go on this long after the first fresh answer
READER_TIMEOUT_S = 30.0
PROBE_EVERY_S = 0.2
# A cheap answer from Django (a redirect to the static favicon): a cold worker renders the home
# page in more than the 5 s that the harness waits for each try on a busy machine.
READY_PATH = "/favicon.ico"
BURST_SECONDS = 10
WARM_UP_SECONDS = 5
STALL_GAP_S = 2 * LATENCY_LIMIT_S
SITE_SEARCH_TERMS = ("信用", "诚信", "信用修复", "失信", "异议", "宣传")
PRODUCTION_EXTRA = {
    # The soak sends each request from its own address (as nginx would, in X-Real-IP).
    "RATELIMIT_IP_META_KEY": "HTTP_X_REAL_IP",
}


# --- the site's paths (in a child with the site's settings) -------------------------------------

PATHS_SCRIPT = """
import datetime, json, django
django.setup()
from wagtail.models import Page
from cms.campaigns.models import CampaignIndexPage, PublicityEvent
from cms.exposure.models import ExposureEntry, ExposureIndexPage, ExposureListPage
out = {}
pages = Page.objects.live().public().specific()
out["articles"] = [p.url for p in pages if type(p).__name__ == "ArticlePage"]
out["campaigns"] = [p.url for p in pages if type(p).__name__ in ("CampaignIndexPage", "CampaignPage")]
calendar = CampaignIndexPage.objects.live().first()
today = datetime.date.today()
# This month and the months of the big campaigns (3·15, 6·14).
months = {(today.year, today.month), (today.year, 3), (today.year, 6)}
out["months"] = sorted(
    calendar.url + calendar.reverse_subpage("month", kwargs={"year": str(y), "month": str(m)})
    for y, m in months
)
out["ics"] = [calendar.url + "calendar.ics"] + [
    calendar.url + "event/" + slug + "/calendar.ics"
    for slug in PublicityEvent.objects.values_list("slug", flat=True)[:3]
]
exposure = ExposureIndexPage.objects.live().first()
out["exposure"] = [exposure.url]
out["batches"] = [p.url for p in ExposureListPage.objects.live().public()]
out["names"] = sorted({e.name for e in ExposureEntry.objects.public()[:5]})
print(json.dumps(out, ensure_ascii=False))
"""


def site_paths(env: dict[str, str]) -> list[str]:
    """The load's paths, each repeated by its weight (a share of the mix, in percent)."""
    found = json.loads(python_child(env, PATHS_SCRIPT).strip().splitlines()[-1])
    quote = urllib.parse.quote
    groups = {
        "/": (["/"], 20),
        "articles": (found["articles"], 20),
        "campaigns": (found["campaigns"], 10),
        "months": (found["months"], 10),
        "ics": (found["ics"], 5),
        "exposure": (found["exposure"], 8),
        "batches": (found["batches"], 8),
        "names": ([f"{found['exposure'][0]}?q={quote(name)}" for name in found["names"]], 7),
        "search": ([f"/search/?q={quote(term)}" for term in SITE_SEARCH_TERMS], 12),
    }
    lines = []
    for label, (paths, weight) in groups.items():
        if not paths:
            raise RuntimeError(f"the demo content has no {label} to load")
        # Each group gets `weight` x (least common multiple-ish) lines, spread over its paths.
        per_path = max(1, round(weight * 12 / len(paths)))
        lines += [path for path in paths for _ in range(per_path)]
    return lines


def python_child(env: dict[str, str], script: str, *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "-c", script, *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise RuntimeError(f"child failed:\n{result.stderr[-3000:]}")
    return result.stdout


# --- the publisher (a child process with the site's settings) -----------------------------------


def fetch(url: str, timeout: float = 10.0) -> tuple[int, str]:
    """An anonymous reader's GET (no redirects followed), from a random client address."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", path, headers={"X-Real-IP": random_ip()})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def random_ip() -> str:
    return f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"


def watch(base: str, path: str, marker: str, published: float, pool) -> dict:
    """Readers ask for `path` every POLL_EVERY_S from the publish on, each on its own connection
    (so one reader stuck in the load's queue does not delay the next), until a fresh answer has
    come back and the readers have gone on for REREAD_S more (a stale page after a fresh one
    means some worker or cache missed the purge).

    visible_s: the time from the publish after which every reader got the new page, counted at
    the moment each reader asked (the queue in front of gunicorn is the load's, not the purge's);
    answered_s: when the first fresh page came back; stale_after_fresh: readers that asked after
    a fresh answer had come back and still got the old page."""

    def ask(sent):
        try:
            status, body = fetch(base + path, timeout=READER_TIMEOUT_S)
        except OSError:  # no answer: this reader did not see the new page either
            status, body = None, ""
        return sent, time.perf_counter() - published, status == 200 and marker in body

    futures, first_fresh = [], None
    while time.perf_counter() - published < GIVE_UP_S:
        now = time.perf_counter() - published
        if first_fresh is not None and now > first_fresh + REREAD_S:
            break
        futures.append(pool.submit(ask, now))
        time.sleep(POLL_EVERY_S)
        for future in futures:
            if future.done() and future.result()[2]:
                answered = future.result()[1]
                first_fresh = answered if first_fresh is None else min(first_fresh, answered)
    answers = [future.result() for future in futures]
    fresh = [a for a in answers if a[2]]
    last_stale = max((sent for sent, _, ok in answers if not ok), default=None)
    after_stale = [sent for sent, _, ok in fresh if last_stale is None or sent > last_stale]
    return {
        "visible_s": (min(after_stale) if after_stale else None) if fresh else None,
        "answered_s": min((done for _, done, _ in fresh), default=None),
        "stale_after_fresh": sum(
            1
            for sent, _, ok in answers
            if not ok and first_fresh is not None and sent > first_fresh
        ),
        "readers": len(answers),
    }


def publisher_main() -> None:
    """Publish an article every `every` seconds for `seconds` through Wagtail's own path
    (save_revision().publish() as a superuser, audit log included); after each, anonymous
    readers ask for the article and the home page (if it lists the article) until the new title
    shows (watch()). Prints one JSON line per publish."""
    from concurrent.futures import ThreadPoolExecutor

    import django

    base, seconds, every = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    django.setup()
    from django.contrib.auth import get_user_model

    from cms.home.models import ArticlePage

    staff = get_user_model().objects.filter(is_superuser=True).first()
    _, home = fetch(base + "/", timeout=60)
    articles = list(ArticlePage.objects.live().public().order_by("-first_published_at"))
    page = next((a for a in articles if a.title in home), articles[0])
    watched = [page.url] + (["/"] if page.title in home else [])
    original = page.title.split(" · 更新")[0]
    deadline = time.monotonic() + seconds
    number = 0
    with ThreadPoolExecutor(max_workers=2 * int(GIVE_UP_S / POLL_EVERY_S) + 4) as pool:
        while time.monotonic() + every < deadline:
            time.sleep(every)
            number += 1
            marker = f"更新{os.getpid()}-{number}"
            page.title = f"{original} · {marker}"
            started = time.perf_counter()
            page.save_revision(user=staff, log_action=True).publish(user=staff)
            published = time.perf_counter()
            watching = {
                path: pool.submit(watch, base, path, marker, published, pool) for path in watched
            }
            paths = {path: future.result() for path, future in watching.items()}
            delays = [p["visible_s"] for p in paths.values()]
            print(
                json.dumps(
                    {
                        "publish_s": published - started,
                        "visible_s": None if None in delays else max(delays),
                        "stale_after_fresh": sum(p["stale_after_fresh"] for p in paths.values()),
                        "paths": paths,
                    },
                    ensure_ascii=False,
                ),
                flush=True,
            )


@contextlib.contextmanager
def publisher(env: dict[str, str], base: str, seconds: float, every: float):
    process = subprocess.Popen(
        [PYTHON, "-c", "from bench.soak import publisher_main; publisher_main()"]
        + [base, str(seconds), str(every)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    results: list[dict] = []
    try:
        yield results
    finally:
        try:
            # The last publish's readers may wait up to GIVE_UP_S, then READER_TIMEOUT_S each.
            out, err = process.communicate(timeout=GIVE_UP_S + READER_TIMEOUT_S + every + 60)
        except subprocess.TimeoutExpired:
            process.kill()
            out, err = process.communicate()
            err += "\npublisher killed: it did not finish in time"
        results += [json.loads(line) for line in out.splitlines() if line.startswith("{")]
        if process.returncode:
            # Keep what was measured; the failure shows as a publish never seen.
            print(f"publisher failed (exit {process.returncode}):\n{err[-3000:]}", flush=True)
            results.append(
                {"publish_s": None, "visible_s": None, "stale_after_fresh": 0, "paths": {}}
            )


# --- the prober and the load --------------------------------------------------------------------


class Prober(threading.Thread):
    """GET a cheap URL (/favicon.ico, a redirect answered by Django) every 200 ms, straight from
    gunicorn; record the longest time without an answer and the failed probes."""

    def __init__(self, base: str):
        super().__init__(daemon=True)
        self.url = base + "/favicon.ico"
        self.stopping = threading.Event()
        self.answers: list[float] = []
        self.failures = 0

    def run(self):
        while not self.stopping.is_set():
            try:
                status, _ = fetch(self.url, timeout=30)
                if status < 500:
                    self.answers.append(time.monotonic())
                else:
                    self.failures += 1
            except OSError:
                self.failures += 1
            self.stopping.wait(PROBE_EVERY_S)

    def stop(self) -> dict:
        self.stopping.set()
        self.join(timeout=35)
        gaps = [b - a for a, b in zip(self.answers, self.answers[1:], strict=False)]
        return {
            "probes": len(self.answers),
            "failures": self.failures,
            "max_gap_s": max(gaps, default=0.0),
        }


def run_wrk(base: str, paths: list[str], seconds: int, concurrency: int, ip: str | None = None):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", prefix="xyyj-soak-") as path_file:
        path_file.write("\n".join(paths) + "\n")
        path_file.flush()
        output = subprocess.run(
            [WRK, "-t2", f"-c{concurrency}", f"-d{seconds}s", "--latency", "--timeout", "30s"]
            + ["-s", str(LUA), base, "--", path_file.name, *([ip] if ip else [])],
            capture_output=True,
            text=True,
            timeout=seconds + 120,
            check=True,
        ).stdout
    line = next(line for line in output.splitlines() if line.startswith("SOAK_SUMMARY "))
    return json.loads(line.removeprefix("SOAK_SUMMARY "))


@dataclass
class Soak:
    configuration: str
    summary: dict
    prober: dict
    publishes: list[dict]
    burst: dict = field(default_factory=dict)
    burst_prober: dict = field(default_factory=dict)

    @property
    def requests(self) -> int:
        return self.summary["requests"]

    @property
    def rps(self) -> float:
        return self.requests / (self.summary["duration_us"] / 1e6)

    @property
    def limited(self) -> int:
        return self.summary["statuses"].get("429", 0)

    @property
    def errors(self) -> int:
        socket = sum(v for k, v in self.summary["errors"].items() if k != "status")
        return self.summary["errors"]["status"] - self.limited + socket

    def latency_s(self, which: str) -> float:
        return self.summary["latency_us"][which] / 1e6

    @property
    def delays(self) -> list[float]:
        return [p["visible_s"] for p in self.publishes if p["visible_s"] is not None]

    @property
    def never_visible(self) -> int:
        return sum(1 for p in self.publishes if p["visible_s"] is None)

    @property
    def min_per_second(self) -> int:
        inner = self.summary["per_second"][1:-1]  # the first and last seconds are partial
        return min(inner, default=0)

    @property
    def publish_ok(self) -> bool:
        return (
            bool(self.publishes)
            and not self.never_visible
            and max(self.delays) <= VISIBLE_WITHIN_S
            and not self.stale_after_fresh
        )

    @property
    def stale_after_fresh(self) -> int:
        return sum(p["stale_after_fresh"] for p in self.publishes)

    @property
    def stalled(self) -> bool:
        """A whole second without a single response, or the prober unanswered for longer than
        both STALL_GAP_S and the slowest request of the load around it: the prober waits its
        turn in the same queue, so a gap as long as the queue is overload, a longer one is a
        server that stopped answering."""
        burst_seconds = self.burst.get("per_second", [])[1:-1]
        burst_max_s = self.burst.get("latency_us", {}).get("max", 0) / 1e6
        return (
            self.min_per_second == 0
            or min(burst_seconds, default=1) == 0
            or self.prober["max_gap_s"] > max(STALL_GAP_S, self.latency_s("max") + 1)
            or self.burst_prober.get("max_gap_s", 0) > max(STALL_GAP_S, burst_max_s + 1)
        )


def soak(configuration, env, app_base, front_base, options) -> Soak:
    paths = site_paths(env)
    for path in sorted(set(paths)):  # fail early on a broken path
        status, _ = fetch(front_base + path, timeout=60)
        if status not in (200, 301, 302):
            raise RuntimeError(f"{configuration}: {path} answered {status} before the soak")
    # Unmeasured warm-up: every worker imports and renders its first pages.
    run_wrk(front_base, paths, WARM_UP_SECONDS, 8)
    prober = Prober(app_base)
    prober.start()
    with publisher(env, front_base, options.seconds, options.publish_every) as publishes:
        summary = run_wrk(front_base, paths, options.seconds, options.concurrency)
    probed = prober.stop()
    result = Soak(configuration, summary, probed, publishes)
    if options.burst:
        prober = Prober(app_base)
        prober.start()
        # The name search has the tightest limit of /exposure/ (30/min per address): from one
        # address, most of the burst is refused with 429.
        search = next(p for p in paths if p.startswith("/exposure/?q="))
        result.burst = run_wrk(
            front_base, [search], BURST_SECONDS, options.concurrency, ip="192.0.2.1"
        )
        time.sleep(5)
        result.burst_prober = prober.stop()
    print(describe(result), flush=True)
    return result


# --- the configurations -------------------------------------------------------------------------


def run_sqlite(options) -> Soak:
    with prepared_site() as (workdir, env):
        env = {
            **env,
            **PRODUCTION_EXTRA,
            # The publisher writes while the workers read: wait for SQLite's lock, never fail.
            "DATABASE_URL": env["DATABASE_URL"] + "?transaction_mode=IMMEDIATE&timeout=30",
        }
        with gunicorn(env, workers=options.workers, ready_path=READY_PATH) as base:
            return soak("sqlite", env, base, base, options)


def run_postgres(options, selected) -> list[Soak]:
    from bench.varnish import available, varnish

    results = []
    with postgres_server() as database_url:
        if database_url is None:
            print("PostgreSQL or psycopg missing: postgres and varnish configurations skipped")
            return results
        workdir = Path(tempfile.mkdtemp(prefix="xyyj-soak-pg-"))
        try:
            env = production_env(
                workdir,
                DATABASE_URL=database_url,
                TASKS_BACKEND="django_tasks_db.DatabaseBackend",
                **PRODUCTION_EXTRA,
            )
            prepare_database(env)
            if "postgres" in selected:
                with (
                    gunicorn(env, workers=options.workers, ready_path=READY_PATH) as base,
                    task_worker(env),
                ):
                    results.append(soak("postgres", env, base, base, options))
            if "varnish" in selected:
                if not available():
                    print("varnishd missing: varnish configuration skipped")
                    return results
                with gunicorn(env, workers=options.workers, ready_path=READY_PATH) as base:
                    port = int(base.rsplit(":", 1)[1])
                    with varnish(port, memory="256m") as front:
                        host, front_port = urllib.parse.urlsplit(front).netloc.split(":")
                        # The front cache BANs by the site's host, as readers request it.
                        manage(
                            env,
                            "shell",
                            "-c",
                            "from wagtail.models import Site; "
                            f"Site.objects.update(hostname='{host}', port={front_port})",
                        )
                        # Only the publisher and the task worker purge; gunicorn serves GETs.
                        purging = {**env, "FRONTEND_CACHE_URLS": front}
                        with task_worker(purging):
                            results.append(soak("varnish", purging, base, front, options))
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    return results


# --- report -------------------------------------------------------------------------------------


def describe(result: Soak) -> str:
    delays = result.delays
    answered = [
        max(path["answered_s"] for path in p["paths"].values())
        for p in result.publishes
        if p["visible_s"] is not None
    ]
    publish_times = [p["publish_s"] for p in result.publishes if p["publish_s"] is not None]
    lines = [
        f"[{result.configuration}] {result.requests} requests, {result.rps:.1f} req/s, "
        f"errors {result.errors}, 429s {result.limited}, statuses {result.summary['statuses']}, "
        f"socket errors {result.summary['errors']}",
        f"  latency p50 {1000 * result.latency_s('p50'):.0f} ms, p99 {1000 * result.latency_s('p99'):.0f} ms, "
        f"max {result.latency_s('max'):.2f} s, over 5 s: {result.summary['over_5s']}; "
        f"slowest second {result.min_per_second} responses; prober {result.prober}",
        f"  publishes {len(result.publishes)}: visible median "
        + (
            f"{1000 * statistics.median(delays):.0f} ms, max {1000 * max(delays):.0f} ms"
            if delays
            else "-"
        )
        + f", never visible {result.never_visible}, stale after fresh {result.stale_after_fresh}"
        + ", first fresh answer back median "
        + (f"{1000 * statistics.median(answered):.0f} ms" if answered else "-")
        + ", publish() median "
        + (f"{1000 * statistics.median(publish_times):.0f} ms" if publish_times else "-"),
    ]
    if result.burst:
        lines.append(
            f"  429 burst on /exposure/ from one address: {result.burst['requests']} requests, "
            f"statuses {result.burst['statuses']}, per second {result.burst['per_second']}, "
            f"then prober {result.burst_prober}"
        )
    return "\n".join(lines)


def report(results: list[Soak], options) -> None:
    print(
        f"\n信用阳江 soak: {options.seconds} s at c={options.concurrency}, gunicorn "
        f"{options.workers} workers, a publish every {options.publish_every} s "
        f"({datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC)"
    )
    header = (
        f"{'configuration':<10} {'requests':>9} {'req/s':>8} {'errors':>6} {'429s':>6} "
        f"{'p50 ms':>7} {'p99 ms':>7} {'max s':>6} {'>5 s':>5} {'min/s':>6} {'gap s':>6} "
        f"{'publ.':>5} {'vis. med':>8} {'vis. max':>8}  holds"
    )
    print(header)
    for r in results:
        delays = r.delays
        median = f"{1000 * statistics.median(delays):.0f} ms" if delays else "-"
        worst = "never" if r.never_visible else (f"{1000 * max(delays):.0f} ms" if delays else "-")
        holds = {
            "0 errors": r.errors == 0,
            "none > 5 s": r.summary["over_5s"] == 0,
            "visible ≤ 1 s": r.publish_ok,
            "no stall": not r.stalled,
        }
        print(
            f"{r.configuration:<10} {r.requests:>9} {r.rps:>8.1f} {r.errors:>6} {r.limited:>6} "
            f"{1000 * r.latency_s('p50'):>7.0f} {1000 * r.latency_s('p99'):>7.0f} "
            f"{r.latency_s('max'):>6.2f} {r.summary['over_5s']:>5} {r.min_per_second:>6} "
            f"{max(r.prober['max_gap_s'], r.burst_prober.get('max_gap_s', 0)):>6.2f} "
            f"{len(r.publishes):>5} {median:>8} {worst:>8}  "
            + ", ".join(f"{name} {'yes' if ok else 'NO'}" for name, ok in holds.items())
        )
        record_figures(r)


def record_figures(r: Soak) -> None:
    name = f"soak {r.configuration}"
    record(name, "errors", r.errors, "", goal="0", met=r.errors == 0, note=f"429s: {r.limited}")
    record(
        name,
        "max latency",
        round(r.latency_s("max"), 3),
        "s",
        goal="≤ 5 s",
        met=r.summary["over_5s"] == 0,
        note=f"p99 {1000 * r.latency_s('p99'):.0f} ms",
    )
    worst = max(r.delays, default=float("nan")) if not r.never_visible else float("inf")
    record(
        name,
        "max publish delay",
        round(worst, 3),
        "s",
        goal="≤ 1 s",
        met=r.publish_ok,
        note=f"{len(r.publishes)} publishes",
    )
    record(name, "requests/s", round(r.rps, 1), "req/s", note="mixed load, c=64")
    record(
        name,
        "stall",
        int(r.stalled),
        "",
        goal="0",
        met=not r.stalled,
        note="prober + wrk per second",
    )


def main(argv=None) -> list[Soak]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", 60)))
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--publish-every", type=float, default=3.0)
    parser.add_argument(
        "--config",
        default=",".join(CONFIGURATIONS),
        help="comma-separated: " + ", ".join(CONFIGURATIONS),
    )
    parser.add_argument("--no-burst", dest="burst", action="store_false")
    options = parser.parse_args(argv)
    selected = [name.strip() for name in options.config.split(",") if name.strip()]
    unknown = set(selected) - set(CONFIGURATIONS)
    if unknown:
        parser.error(f"unknown configuration(s): {', '.join(sorted(unknown))}")
    results = []
    if "sqlite" in selected:
        results.append(run_sqlite(options))
    if {"postgres", "varnish"} & set(selected):
        results += run_postgres(options, selected)
    report(results, options)
    return results


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
