"""Exposure benchmark: import 100,000 rows, name search over 1,000,000 entries, list page under load.

    /work/main/.venv/bin/python bench/exposure_bench.py [--rows 100000] [--total 1000000] [--duration 15]
    .venv/bin/python bench/exposure_bench.py --only import [--rows 100000] [--profile import.prof]

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
        "--only", choices=["import"], help="import: measure the import of --rows rows only"
    )
    parser.add_argument("--profile", help="import: write the import's cProfile stats here")
    args = parser.parse_args()
    if args.child:
        return child(*args.child)

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

        stats = json.loads(_child_output(env, "search", str(args.searches)))
        print(
            f"姓名查询（{stats['total']} 条中，{stats['n']} 个随机姓名）：p50 {stats['p50_ms']:.2f} ms，p99 {stats['p99_ms']:.2f} ms，平均每次命中 {stats['avg_hits']:.1f} 条"
        )
        print(
            f"查询本人（密钥散列）：p50 {stats['hash_p50_ms']:.2f} ms，p99 {stats['hash_p99_ms']:.2f} ms"
        )

        load_env = production_env(workdir, settings_module="bench.exposure_settings")
        with gunicorn(load_env, workers=2, ready_path=ids["load_url"]) as base:
            for label, path in [
                ("第1页", ids["load_url"]),
                ("第100页", ids["load_url"] + "?page=100"),
            ]:
                for connections in (8, 32):
                    result = wrk(base + path, connections, args.duration)
                    print(result.row(f"批次列表页（{LOAD_BATCH_SIZE}条，{label}）"))


def _child_output(env, *args):
    import subprocess

    result = subprocess.run(
        [PYTHON, THIS, "--child", *args], env=env, capture_output=True, text=True, timeout=900
    )
    if result.returncode:
        raise RuntimeError(result.stderr[-3000:])
    return result.stdout.strip().splitlines()[-1]


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
    timings, hits = [], 0
    list(search_by_name(names[0]))  # warm up
    for name in names:
        started = time.perf_counter()
        hits += len(list(search_by_name(name)))
        timings.append((time.perf_counter() - started) * 1000)
    hash_timings = []
    for _ in range(n):
        number = fake_id_number(rng)
        started = time.perf_counter()
        list(search_own_records(fake_name(rng), number))  # includes the lookup budget (Redis)
        hash_timings.append((time.perf_counter() - started) * 1000)
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
            }
        )
    )


if __name__ == "__main__":
    main()
