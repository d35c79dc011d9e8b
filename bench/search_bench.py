"""Benchmark of the site search on SQLite (FTS5 with jieba segmentation, via rjieba).

1. Generates 10,000 Chinese pages of realistic length (600-2,400 characters,
   built from sentences of the field) in a throwaway SQLite database with
   production settings.
2. Indexes them with `manage.py update_index` (segmentation included) and times it
   (wall and CPU time of the update_index process).
3. Measures the search as the /search/ page runs it (title hits, relevance
   search, count, first page of 10 hits with snippets) for two-, three- and
   four-character queries, and for 信用, a word in nearly every page (the
   worst case): p50/p99 over repeated runs, in one process, wall and CPU time.
   The segmenter's dictionary is loaded before the clock starts (as the WSGI
   workers load it when they start).

Headline figures go to bench.figures.record() (the `make bench` table).

    .venv/bin/python bench/search_bench.py [--pages 10000] [--runs 30]
"""

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import figures, harness  # noqa: E402

GOAL_MS = 50

QUERIES = {
    2: ["修复", "名单", "承诺", "处罚", "教育", "诈骗", "学校", "异议"],
    3: ["阳江市", "执行人", "红名单", "公示期", "承诺书", "信用分"],
    4: ["信用修复", "红黑名单", "诚信教育", "守信激励", "行政处罚", "失信主体"],
    "common word": ["信用"],
}

# Pages are about one topic each (a few topics are much more common than
# others) with general administrative sentences mixed in, so that a query word
# hits a realistic share of the pages; 信用 is in nearly every page (the worst case).
TOPICS = [
    [
        "失信主体在公示期满最短期限后，可以向认定部门申请信用修复。",
        "申请信用修复需提交身份证明、已履行法定义务的证明材料和信用承诺书。",
        "修复成功后，相关失信信息不再通过信用网站公示。",
    ],
    [
        "法院将拒不履行生效判决的当事人列入失信被执行人名单，并实施限制高消费措施。",
        "被执行人履行完毕后，法院在三个工作日内删除失信信息。",
    ],
    [
        "社会信用体系通过红黑名单、守信激励和失信惩戒，让守信者处处受益。",
        "严重失信主体名单限定在四类严重失信行为之内，须有法律法规依据。",
    ],
    [
        "行政处罚信息按照规定在信用阳江网站公示，公示期满后不再公开。",
        "行政许可和行政处罚信息在作出决定之日起七个工作日内上网公示。",
    ],
    [
        "诚信教育要从小抓起，各中小学结合班会课开展诚信主题教育。",
        "学生资助诚信教育月期间，高校开展助学贷款按时还款专题讲座。",
    ],
    [
        "阳江市发展改革局联合各县（市、区）开展诚信宣传进校园活动。",
        "诚信兴商宣传月活动在阳东区启动，各商会发出诚信经营倡议。",
    ],
    [
        "网络诚信宣传日期间，网信部门提醒市民警惕电信网络诈骗。",
        "不出租出借银行卡和手机卡，是每个网民的诚信责任。",
    ],
    [
        "市场监管部门对食品生产企业开展信用风险分类监管。",
        "交通运输领域对超限超载运输行为实施信用监管。",
    ],
    [
        "企业签署信用承诺书，承诺依法诚信经营，接受社会监督。",
        "告知承诺制审批事项的承诺履行情况纳入信用记录。",
    ],
    ["对公示信息有异议的，当事人可以提出异议申请，受理单位在规定时限内答复。"],
    [
        "税务部门按季度公布纳税信用A级纳税人名单。",
        "守合同重信用企业评选结果在官方网站公示七个工作日。",
    ],
    [
        "阳江好人评选活动每年分批次开展，推荐对象须经过公示。",
        "信用分较高的市民可享受图书馆免押金借阅等便利措施。",
    ],
]
TOPIC_WEIGHTS = [1 / (rank + 1) for rank in range(len(TOPICS))]
GENERAL = [
    "会议强调，要提高政治站位，压实工作责任，确保各项任务落到实处。",
    "各县（市、区）、各有关单位要加强组织领导，明确责任分工。",
    "请于本月底前将工作开展情况报送市社会信用体系建设领导小组办公室。",
    "本通知自印发之日起施行，有效期五年。",
    "联系人及电话详见附件，工作中遇到的问题请及时反馈。",
    "市直有关单位要结合实际制定具体实施方案，加强工作调度。",
    "各地要充分利用报纸、电视、网站和新媒体开展多种形式的宣传。",
    "要建立健全工作台账，做好资料收集整理和归档工作。",
]
TITLE_WORDS = ["关于", "开展", "印发", "做好", "加强", "推进", "阳江市", "我市", "全市"]
TITLE_TOPICS = [
    "信用修复工作",
    "诚信教育活动",
    "红黑名单管理",
    "信用承诺制度",
    "行政处罚公示",
    "守信激励措施",
    "失信惩戒工作",
    "信用监管试点",
    "校园诚信建设",
    "企业信用评价",
]


def generate(count: int) -> None:
    """Inserts `count` published StandardPages below a new home page (bulk, no signals)."""
    import uuid

    import django

    django.setup()
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone

    from wagtail.models import Locale, Page, Site

    from cms.home.models import HomePage, StandardPage

    rng = random.Random(11)
    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).delete()  # Wagtail's welcome page
    root.refresh_from_db()
    locale = Locale.get_default()
    home = root.add_child(instance=HomePage(title="信用阳江", slug="home", locale=locale))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "127.0.0.1", "root_page": home}
    )
    content_type = ContentType.objects.get_for_model(StandardPage)
    now = timezone.now()
    pages, rows = [], []
    for n in range(count):
        title = f"{rng.choice(TITLE_WORDS)}{rng.choice(TITLE_TOPICS)}的通知（第{n}号）"
        topic = rng.choices(TOPICS, weights=TOPIC_WEIGHTS)[0]
        text_parts, length = [], rng.randint(600, 2400)
        while sum(map(len, text_parts)) < length:
            text_parts.append(rng.choice(topic) if rng.random() < 0.25 else rng.choice(GENERAL))
        body = [
            {"type": "paragraph", "value": f"<p>{''.join(text_parts)}</p>", "id": str(uuid.uuid4())}
        ]
        pages.append(
            Page(
                title=title,
                draft_title=title,
                slug=f"p{n}",
                path=Page._get_path(home.path, home.depth + 1, n + 1),
                depth=home.depth + 1,
                numchild=0,
                url_path=f"{home.url_path}p{n}/",
                content_type=content_type,
                live=True,
                first_published_at=now,
                last_published_at=now,
                locale=locale,
            )
        )
        rows.append((text_parts[0][:80], json.dumps(body, ensure_ascii=False)))
    with transaction.atomic():
        created = Page.objects.bulk_create(pages, batch_size=500)
        if created[0].pk is None:  # backends without RETURNING
            created = list(Page.objects.filter(depth=home.depth + 1).order_by("path"))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {StandardPage._meta.db_table} (page_ptr_id, summary, body) VALUES (%s, %s, %s)",
                [(page.pk, *row) for page, row in zip(created, rows, strict=True)],
            )
        Page.objects.filter(pk=home.pk).update(numchild=count)
    print(json.dumps({"pages": count}))


def measure(runs: int) -> None:
    import django

    django.setup()
    from django.test import RequestFactory

    from cms.search.segmentation import query_words
    from cms.search.services import search_results, to_hit

    query_words("预热")  # the dictionary loads once per process (at worker start), not per query
    requests = RequestFactory(HTTP_HOST="127.0.0.1")
    out = {}
    for size, queries in QUERIES.items():
        timings, cpu_timings, hits = [], [], {}
        for query in queries:
            words = query_words(query)
            for run in range(runs + 1):
                request = requests.get("/search/", {"q": query})
                started, cpu_started = time.perf_counter(), time.process_time()
                results = search_results(words)
                total = results.count()
                page = [to_hit(obj, words, request) for obj in results[0:10]]
                elapsed = (time.perf_counter() - started) * 1000
                cpu = (time.process_time() - cpu_started) * 1000
                if run:  # the first run warms caches
                    timings.append(elapsed)
                    cpu_timings.append(cpu)
            hits[query] = (total, len(page), results.more_than_counted)
        out[size] = {
            "p50": harness.percentile(timings, 0.5),
            "p99": harness.percentile(timings, 0.99),
            "max": max(timings),
            "cpu_p50": harness.percentile(cpu_timings, 0.5),
            "cpu_p99": harness.percentile(cpu_timings, 0.99),
            "hits": hits,
        }
    print(json.dumps(out, ensure_ascii=False))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--child", choices=["generate", "measure"])
    parser.add_argument("--keep", help="keep the database in this folder and reuse it next time")
    args = parser.parse_args()
    if args.child == "generate":
        return generate(args.pages)
    if args.child == "measure":
        return measure(args.runs)

    workdir = Path(args.keep or tempfile.mkdtemp(prefix="xyyj-search-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    env = harness.production_env(workdir)
    me = [harness.PYTHON, str(Path(__file__).resolve())]
    try:
        if not (workdir / "bench.sqlite3").exists():
            build(env, me, args.pages, workdir)
        result = subprocess.run(
            [*me, "--child", "measure", "--runs", str(args.runs)],
            env=env,
            check=True,
            cwd=harness.ROOT,
            capture_output=True,
            text=True,
        )
        measured = json.loads(result.stdout.strip().splitlines()[-1])
        load = os.getloadavg()[0]
        print(
            f"load average {load:.1f} on {os.cpu_count()} cores: wall times include waiting for a core;"
        )
        print("CPU is the search process's own CPU time (about the latency on an idle core)")
        print(
            f"search latency, {args.runs} runs per query (title hits + count + first 10 hits with snippets):"
        )
        for size, row in measured.items():
            label = size if size == "common word" else f"{size}-character queries"
            print(
                f"  {label:<24} wall p50 {row['p50']:7.1f} ms  p99 {row['p99']:7.1f} ms  max {row['max']:7.1f} ms"
                f"   CPU p50 {row['cpu_p50']:6.1f} ms  p99 {row['cpu_p99']:6.1f} ms"
            )
            print(
                "      hits: "
                + ", ".join(
                    f"{q} {'>' if more else ''}{total}"
                    for q, (total, _, more) in row["hits"].items()
                )
            )
            figures.record(
                "search",
                f"search p99, {label} ({args.pages} pages)",
                round(row["p99"], 1),
                "ms",
                goal=f"≤ {GOAL_MS} ms",
                met=row["p99"] <= GOAL_MS,
                note=f"CPU p99 {row['cpu_p99']:.1f} ms; load average {load:.1f}",
            )
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


def build(env, me, pages, workdir):
    harness.manage(env, "migrate", "--noinput")
    started = time.perf_counter()
    subprocess.run(
        [*me, "--child", "generate", "--pages", str(pages)], env=env, check=True, cwd=harness.ROOT
    )
    print(f"generated {pages} pages in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    harness.manage(env, "update_index")
    indexing = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
    size_mb = os.path.getsize(workdir / "bench.sqlite3") / 1e6
    load = os.getloadavg()[0]
    print(
        f"update_index (segmentation + FTS5): {indexing:.1f} s wall, {cpu:.1f} s CPU; "
        f"database {size_mb:.0f} MB"
    )
    print(f"  (load average while indexing: {load:.1f} on {os.cpu_count()} cores)")
    figures.record(
        "search",
        f"update_index of {pages} pages",
        round(indexing, 1),
        "s",
        goal="a few minutes",
        met=indexing <= 180,
        note=f"CPU {cpu:.1f} s; load average {load:.1f}",
    )


if __name__ == "__main__":
    main()
