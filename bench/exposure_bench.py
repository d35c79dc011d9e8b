"""Exposure benchmark: import 100,000 rows, name search over 1,000,000 entries, list page under load.

    /work/main/.venv/bin/python bench/exposure_bench.py [--rows 100000] [--total 1000000] [--duration 15]
    .venv/bin/python bench/exposure_bench.py --only import [--rows 100000] [--profile import.prof]
    .venv/bin/python bench/exposure_bench.py --only pages [--postgres] [--profile-pages] [--workdir DIR]

`--only pages` skips the import and the load test: it writes --total entries straight into the
database and measures, in one process, the batch page (wall and CPU time per request, queries),
the name search and 查询本人 (p50/p99), and prints the EXPLAIN plan of each query; --postgres
does the same on a throwaway PostgreSQL cluster (the rows copied there from SQLite).

Runs against a throw-away SQLite database with production settings in a temp
dir; the server listens on 127.0.0.1 only.  Prints the numbers; asserts none.
"""

import argparse
import csv
import json
import os
import random
import sqlite3
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import figures  # noqa: E402
from bench.harness import (  # noqa: E402
    BENCH_ID_HASH_KEY,
    PYTHON,
    gunicorn,
    percentile,
    prepare_database,
    production_env,
    report_peak_rss,
    run_with_peak_rss,
    wrk,
)

HEADER = [
    "姓名",
    "身份证号码",
    "失信类别",
    "严重程度",
    "重点领域",
    "失信行为",
    "认定依据",
    "认定部门",
    "文书号",
    "认定日期",
    "公示截止日期",
]
SEVERITIES = [("轻微", "minor", 2), ("一般", "ordinary", 6), ("严重", "serious", 24)]
AREAS = ["食品药品", "安全生产", "劳动保障", "税收缴纳", "工程建设"]
LOAD_BATCH_SIZE = 10_000
THIS = str(Path(__file__).resolve())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--total", type=int, default=1_000_000)
    parser.add_argument("--searches", type=int, default=300)
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--workdir", help="keep the database here instead of a temp dir")
    parser.add_argument("--child", nargs="+")
    parser.add_argument(
        "--only",
        choices=["all", "import", "pages"],
        default="all",
        help="import: the import of --rows rows only; pages: the reads only (see above)",
    )
    parser.add_argument("--profile", help="import: write the import's cProfile stats here")
    parser.add_argument("--requests", type=int, default=200, help="batch page requests (pages)")
    parser.add_argument("--postgres", action="store_true", help="pages: on PostgreSQL")
    parser.add_argument(
        "--profile-pages", action="store_true", help="pages: cProfile of the batch page"
    )
    args = parser.parse_args()
    if args.child:
        return child(*args.child)
    if args.only == "pages":
        return main_pages(args)

    with tempfile.TemporaryDirectory(prefix="xyyj-exposure-bench-") as tmp:
        workdir = Path(args.workdir or tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        env = production_env(workdir)
        started = time.perf_counter()
        prepare_database(env, seed=False)
        ids = json.loads(_child_output(env, "setup"))
        print(f"准备数据库：{time.perf_counter() - started:.1f} s")

        csv_path = workdir / "exposures.csv"
        write_csv(csv_path, args.rows)
        print(f"生成CSV：{args.rows} 行，{csv_path.stat().st_size / 1e6:.1f} MB")

        bench_import(env, csv_path, ids["import"], args.rows, profile=args.profile)
        if args.only == "import":
            return

        started = time.perf_counter()
        inserted = bulk_insert(workdir / "bench.sqlite3", ids, args.total - args.rows)
        print(
            f"直接写入 {inserted} 行（共 {args.total} 行）：{time.perf_counter() - started:.1f} s"
        )

        measure_reads(env, args)

        load_env = production_env(workdir, settings_module="bench.exposure_settings")
        with gunicorn(load_env, workers=2, ready_path=ids["load_url"]) as base:
            for label, path in [
                ("第1页", ids["load_url"]),
                ("第100页", ids["load_url"] + "?page=100"),
            ]:
                for connections in (8, 32):
                    result = wrk(base + path, connections, args.duration)
                    print(result.row(f"批次列表页（{LOAD_BATCH_SIZE}条，{label}）"))


def _child_output(env, *args, last_line=True):
    import subprocess

    result = subprocess.run(
        [PYTHON, THIS, "--child", *args], env=env, capture_output=True, text=True, timeout=900
    )
    if result.returncode:
        raise RuntimeError(result.stderr[-3000:])
    return result.stdout.strip().splitlines()[-1] if last_line else result.stdout


def write_csv(path, rows):
    from cms.exposure.fakes import fake_id_number, fake_name

    rng = random.Random(1)
    today = date.today()
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(rows):
            label, _, months = rng.choice(SEVERITIES)
            decision = today - timedelta(days=rng.randint(1, 60))
            end = decision + timedelta(days=months * 30)
            writer.writerow(
                [
                    fake_name(rng),
                    fake_id_number(rng),
                    rng.randint(1, 4),
                    label,
                    rng.choice(AREAS),
                    "生产销售不符合食品安全标准的食品",
                    "《中华人民共和国食品安全法》第一百二十四条",
                    "阳江市市场监督管理局",
                    f"阳市监罚〔2026〕{n + 1}号",
                    f"{decision:%Y/%-m/%-d}",
                    end.isoformat(),
                ]
            )


def bulk_insert(db_path, ids, count):
    """Rows straight into SQLite (the import path is measured separately): LOAD_BATCH_SIZE into the
    load-test batch, the rest into a large batch."""
    from cms.exposure.fakes import fake_id_number, fake_name
    from cms.home.privacy import hash_id_number, mask_id_number

    rng = random.Random(2)
    today = date.today()
    key = os.environ.get("ID_HASH_KEY", BENCH_ID_HASH_KEY)
    connection = sqlite3.connect(db_path)
    area_ids = [row[0] for row in connection.execute("select id from exposure_keyarea")]
    now = time.strftime("%Y-%m-%d %H:%M:%S")
    sql = (
        "insert into exposure_exposureentry (batch_id, name, masked_id, id_hash, minor_on_decision, category, severity,"
        " key_area_id, behaviour, legal_basis, authority, document_number, decision_date, end_date, status,"
        " created_at, updated_at, adult_from_sealed, pending_review)"
        " values (?,?,?,?,0,?,?,?,?,?,?,?,?,?,?,?,?,'',0)"
    )

    def rows():
        for n in range(count):
            number = fake_id_number(rng)
            _, severity, months = rng.choice(SEVERITIES)
            decision = today - timedelta(days=rng.randint(1, 400))
            status = (
                "published"
                if rng.random() < 0.9
                else rng.choice(["expired", "repaired", "withdrawn"])
            )
            batch = ids["load"] if n < LOAD_BATCH_SIZE else ids["bulk"]
            yield (
                batch,
                fake_name(rng),
                mask_id_number(number),
                hash_id_number(number, key),
                rng.randint(1, 4),
                severity,
                rng.choice(area_ids),
                "行为",
                "依据",
                "阳江市应急管理局",
                f"阳应急罚〔2026〕{n + 1}号",
                decision.isoformat(),
                (decision + timedelta(days=months * 30)).isoformat(),
                status,
                now,
                now,
            )

    with connection:
        connection.executemany(sql, rows())
    connection.execute("analyze")
    connection.close()
    return count


def child(kind, *args):
    import django

    django.setup()
    if kind == "setup":
        return child_setup()
    if kind == "import":
        return child_import(*args)
    if kind == "search":
        return child_search(int(args[0]))
    if kind == "pages":
        return child_pages(int(args[0]), args[1] == "profile")
    if kind == "explain":
        return child_explain()
    if kind == "migrate":
        return child_migrate()
    raise SystemExit(f"unknown child {kind}")


def child_setup():
    from wagtail.models import Page, Site

    from cms.exposure.models import ExposureIndexPage, ExposureListPage
    from cms.home.models import HomePage

    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).delete()
    home = root.add_child(instance=HomePage(title="信用阳江", slug="home"))
    Site.objects.all().delete()
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="信用阳江"
    )
    index = home.add_child(instance=ExposureIndexPage(title="失信曝光", slug="exposure"))
    batches = {}
    for key, title in [("import", "导入批次"), ("load", "一万条批次"), ("bulk", "大批次")]:
        batches[key] = index.add_child(instance=ExposureListPage(title=title, slug=f"bench-{key}"))
    print(
        json.dumps(
            {key: page.pk for key, page in batches.items()} | {"load_url": "/exposure/bench-load/"}
        )
    )


IMPORT_GOAL_SECONDS = 10
IMPORT_GOAL_MB = 300


def bench_import(env, csv_path, batch_id, rows, *, profile=None):
    """Import `rows` rows through the management command in a child process: wall time of the
    whole child (start-up included), CPU time and wall time of the command, peak RSS."""
    argv = [PYTHON, THIS, "--child", "import", str(csv_path), str(batch_id)]
    seconds, peak_mb, out = run_with_peak_rss(argv + ([profile] if profile else []), env)
    inner = json.loads(out.strip().splitlines()[-1])
    print(
        f"导入 {rows} 行：{seconds:.1f} s（目标 ≤ {IMPORT_GOAL_SECONDS} s；命令内 {inner['wall_s']:.1f} s，"
        f"CPU {inner['cpu_s']:.1f} s，{inner['queries']} 条SQL），峰值内存 {peak_mb} MB（目标 ≤ {IMPORT_GOAL_MB} MB）"
    )
    print(f"  {inner['summary']}")
    figures.record(
        "exposure",
        f"导入{rows:,}行",
        round(seconds, 2),
        "s",
        goal=f"≤ {IMPORT_GOAL_SECONDS} s",
        met=seconds <= IMPORT_GOAL_SECONDS,
        note=f"命令内 {inner['wall_s']:.1f} s，CPU {inner['cpu_s']:.1f} s",
    )
    figures.record(
        "exposure",
        f"导入{rows:,}行 峰值内存",
        peak_mb,
        "MB",
        goal=f"≤ {IMPORT_GOAL_MB} MB",
        met=0 < peak_mb <= IMPORT_GOAL_MB,
    )
    return seconds, peak_mb


def child_import(csv_path, batch_id, profile=None):
    import io

    from django.core.management import call_command
    from django.db import connection

    out = io.StringIO()
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
    queries = 0

    def count(execute, *args):
        # Counted, not logged: a logged bulk INSERT would cost time and memory of its own.
        nonlocal queries
        queries += 1
        return execute(*args)

    started, cpu_started = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(count):
        if profiler:
            profiler.enable()
        call_command("import_exposures", csv_path, "--batch", batch_id, "--no-progress", stdout=out)
        if profiler:
            profiler.disable()
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    if profiler:
        profiler.dump_stats(profile)
    report_peak_rss()
    print(
        json.dumps(
            {
                "wall_s": wall,
                "cpu_s": cpu,
                "queries": queries,
                "summary": out.getvalue().strip(),
            },
            ensure_ascii=False,
        )
    )


def child_search(n):
    from cms.exposure.fakes import fake_id_number, fake_name
    from cms.exposure.models import ExposureEntry
    from cms.exposure.search import search_by_name, search_own_records

    rng = random.Random(3)
    names = [fake_name(rng) for _ in range(n)]
    timings, cpu, hits = [], [], 0
    list(search_by_name(names[0]))  # warm up
    for name in names:
        started, cpu_started = time.perf_counter(), time.process_time()
        hits += len(list(search_by_name(name)))
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    hash_timings, hash_cpu = [], []
    for _ in range(n):
        number = fake_id_number(rng)
        started, cpu_started = time.perf_counter(), time.process_time()
        list(search_own_records(fake_name(rng), number))  # includes the lookup budget (Redis)
        hash_timings.append((time.perf_counter() - started) * 1000)
        hash_cpu.append((time.process_time() - cpu_started) * 1000)
    print(
        json.dumps(
            {
                "n": n,
                "total": ExposureEntry.objects.count(),
                "avg_hits": hits / n,
                "p50_ms": percentile(timings, 0.5),
                "p99_ms": percentile(timings, 0.99),
                "hash_p50_ms": percentile(hash_timings, 0.5),
                "hash_p99_ms": percentile(hash_timings, 0.99),
                "cpu_p99_ms": percentile(cpu, 0.99),
                "hash_cpu_p99_ms": percentile(hash_cpu, 0.99),
            }
        )
    )


# --- Reads: the batch page, name search and 查询本人 in one process (--only pages) -------------

PAGE_GOAL_MS, SEARCH_GOAL_MS, SELF_GOAL_MS = 20, 10, 5


def main_pages(args):
    """Entries written straight into the database (no import), then the reads measured."""
    with tempfile.TemporaryDirectory(prefix="xyyj-exposure-bench-") as tmp:
        workdir = Path(args.workdir or tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        env = production_env(workdir)
        ids_file = workdir / "ids.json"
        started = time.perf_counter()
        if ids_file.exists():  # a kept --workdir: only new migrations
            _child_output(env, "migrate")
            ids = json.loads(ids_file.read_text())
        else:
            prepare_database(env, seed=False)
            ids = json.loads(_child_output(env, "setup"))
            inserted = bulk_insert(workdir / "bench.sqlite3", ids, args.total)
            ids_file.write_text(json.dumps(ids))
            print(f"直接写入 {inserted} 行")
        print(f"准备数据库：{time.perf_counter() - started:.1f} s")
        if not args.postgres:
            return measure_reads(env, args)
        from bench.harness import postgres_server

        with postgres_server() as url:
            if url is None:
                raise SystemExit(
                    "PostgreSQL (Debian's binaries and psycopg) is needed for --postgres"
                )
            pg_env = {**env, "DATABASE_URL": url}
            started = time.perf_counter()
            prepare_database(pg_env, seed=False)
            pg_ids = json.loads(_child_output(pg_env, "setup"))
            batches = {ids[key]: pg_ids[key] for key in ("import", "load", "bulk")}
            copy_to_postgres(workdir / "bench.sqlite3", url, batches)
            print(f"复制到 PostgreSQL：{time.perf_counter() - started:.1f} s")
            measure_reads(pg_env, args)


def measure_reads(env, args):
    """Print (and record for `make bench`) the batch page, name search and 查询本人 figures."""
    from bench.figures import record

    leg = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    print(_child_output(env, "explain", last_line=False))
    stats = json.loads(_child_output(env, "search", str(args.searches)))
    print(
        f"姓名查询（{stats['total']} 条中，{stats['n']} 个随机姓名）：p50 {stats['p50_ms']:.2f} ms，p99 {stats['p99_ms']:.2f} ms，平均每次命中 {stats['avg_hits']:.1f} 条"
    )
    print(
        f"查询本人（密钥散列）：p50 {stats['hash_p50_ms']:.2f} ms，p99 {stats['hash_p99_ms']:.2f} ms"
    )
    print(
        f"CPU p99：姓名查询 {stats['cpu_p99_ms']:.2f} ms，查询本人 {stats['hash_cpu_p99_ms']:.2f} ms"
    )
    profile = "profile" if getattr(args, "profile_pages", False) else "-"
    *profile_lines, pages = (
        _child_output(env, "pages", str(getattr(args, "requests", 200)), profile, last_line=False)
        .strip()
        .splitlines()
    )
    print("\n".join(profile_lines))
    pages = json.loads(pages)
    for label, page in pages.items():
        print(
            f"批次页（进程内，{LOAD_BATCH_SIZE}条批次，{label}）：平均 {page['wall_ms']:.2f} ms，"
            f"CPU {page['cpu_ms']:.2f} ms，p99 {page['p99_ms']:.2f} ms，{page['queries']} 次查询，"
            f"{page['cache_calls']} 次缓存调用"
        )
    first = pages["第1页"]
    record(
        "exposure",
        f"批次页，进程内（{leg}）",
        round(first["wall_ms"], 2),
        "ms",
        goal=f"≤ {PAGE_GOAL_MS} ms",
        met=first["wall_ms"] <= PAGE_GOAL_MS,
        note=f"CPU {first['cpu_ms']:.1f} ms, {first['queries']} queries",
    )
    record(
        "exposure",
        f"姓名查询 p99，{stats['total']} 条（{leg}）",
        round(stats["p99_ms"], 2),
        "ms",
        goal=f"≤ {SEARCH_GOAL_MS} ms",
        met=stats["p99_ms"] <= SEARCH_GOAL_MS,
    )
    record(
        "exposure",
        f"查询本人 p99（{leg}）",
        round(stats["hash_p99_ms"], 2),
        "ms",
        goal=f"≤ {SELF_GOAL_MS} ms",
        met=stats["hash_p99_ms"] <= SELF_GOAL_MS,
    )


def copy_to_postgres(sqlite_path, url, batches):
    """The entries of the SQLite benchmark database, copied into PostgreSQL (same ids; `batches`
    maps the SQLite batch ids to PostgreSQL's)."""
    import psycopg

    source = sqlite3.connect(sqlite_path)
    columns = [row[1] for row in source.execute("pragma table_info(exposure_exposureentry)")]
    booleans = {"minor_on_decision", "pending_review"}
    with psycopg.connect(url) as target, target.cursor() as cursor:
        cursor.execute("delete from exposure_exposureentry")
        with cursor.copy(f"copy exposure_exposureentry ({', '.join(columns)}) from stdin") as copy:
            for row in source.execute(f"select {', '.join(columns)} from exposure_exposureentry"):
                values = dict(zip(columns, row, strict=True))
                values["batch_id"] = batches[values["batch_id"]]
                copy.write_row([bool(values[c]) if c in booleans else values[c] for c in columns])
        cursor.execute("analyze")
    source.close()


def child_migrate():
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    print("{}")


def _load_batch():
    from cms.exposure.models import ExposureListPage

    return ExposureListPage.objects.get(slug="bench-load")


def child_pages(requests, profile):
    """The batch page as a visitor gets it (production settings, rate limits on: each request
    from another address), timed per request: wall and CPU, queries and cache calls."""
    import cProfile
    import pstats

    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    url = _load_batch().url
    client = Client(HTTP_HOST="localhost")
    cache_calls = _count_cache_calls(cache)
    results = {}
    for label, path in [("第1页", url), ("第100页", url + "?page=100")]:
        for n in range(5):  # warm: templates, generations, connection
            client.get(path, REMOTE_ADDR=f"10.9.9.{n + 1}")
        walls, cpus = [], []
        for n in range(requests):
            address = f"10.{n // 62500}.{n // 250 % 250}.{n % 250 + 1}"
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.get(path, REMOTE_ADDR=address)
            walls.append((time.perf_counter() - wall) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
            assert response.status_code == 200, response.status_code
            assert "no-store" in response["Cache-Control"], response["Cache-Control"]
        cache_calls.clear()
        with CaptureQueriesContext(connection) as queries:
            client.get(path, REMOTE_ADDR="10.8.8.8")
        results[label] = {
            "wall_ms": sum(walls) / len(walls),
            "cpu_ms": sum(cpus) / len(cpus),
            "p99_ms": percentile(walls, 0.99),
            "queries": len(queries),
            "cache_calls": sum(cache_calls.values()),
        }
        if profile and label == "第1页":
            profiler = cProfile.Profile()
            profiler.enable()
            for n in range(50):
                client.get(path, REMOTE_ADDR=f"10.7.7.{n + 1}")
            profiler.disable()
            stats = pstats.Stats(profiler, stream=sys.stdout)
            stats.sort_stats("cumulative").print_stats(35)
            stats.sort_stats("tottime").print_stats(20)
    print(json.dumps(results))


def _count_cache_calls(cache):
    """Count calls of the cache's methods (round trips to Redis in production)."""
    from collections import Counter

    calls = Counter()
    backend = type(cache._connections[cache._alias]) if hasattr(cache, "_connections") else None
    target = backend or type(cache)
    for method in ("get", "set", "add", "incr", "decr", "touch", "get_many", "set_many", "delete"):
        original = getattr(target, method)

        def counted(self, *args, _original=original, _method=method, **kwargs):
            calls[_method] += 1
            return _original(self, *args, **kwargs)

        setattr(target, method, counted)
    return calls


def child_explain():
    """The plan of each read on this database (EXPLAIN QUERY PLAN on SQLite, EXPLAIN ANALYZE on
    PostgreSQL)."""
    from django.db import connection

    from cms.exposure.fakes import fake_id_number, fake_name
    from cms.exposure.models import ExposureEntry
    from cms.exposure.search import search_by_name
    from cms.home.privacy import parse_id_number

    options = {"analyze": True} if connection.vendor == "postgresql" else {}
    batch = _load_batch()
    rng = random.Random(3)
    name, number = fake_name(rng), parse_id_number(fake_id_number(rng))
    queries = {
        "批次页（第1页）": batch.public_entries()[:50],
        "批次页计数": batch.public_entries().order_by(),
        "姓名查询": search_by_name(name),
        "查询本人": ExposureEntry.objects.public()
        .filter(name=name, id_hash=number.keyed_hash)
        .for_display()
        .with_batch()
        .order_by("-decision_date", "pk")[:50],
    }
    for label, queryset in queries.items():
        print(f"-- EXPLAIN {label}（{connection.vendor}）\n{queryset.explain(**options)}")


if __name__ == "__main__":
    main()
