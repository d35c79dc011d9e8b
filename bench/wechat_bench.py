"""Benchmark of republishing to WeChat against the stand-in with 50 ms added per API call.

50 generated article pages, each with a cover and 6 body images (one of them the
same picture on every page), are synced to the draft box (同步到草稿箱) page after
page with nothing converted beforehand, then synced again unchanged. Then the
WeChat renditions are made again as prepare_images_task makes them when a page
is published (timed on its own), and the pages are synced to a new account,
which uploads every image again from those renditions. Production settings on a
temporary SQLite database; the stand-in runs in this process on 127.0.0.1.

Critical path of one page: the token (once), the uploads (WECHAT_UPLOAD_WORKERS
at a time, so ceil(uploads / workers) rounds) and the draft call.

    .venv/bin/python bench/wechat_bench.py [--pages 50] [--latency 0.05]
"""

import argparse
import io
import math
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness  # noqa: E402


def picture(seed, size=(1600, 1067)):
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    canvas = Image.new("RGB", size, tuple(rng.randint(100, 220) for _ in range(3)))
    draw = ImageDraw.Draw(canvas)
    for _ in range(12):
        x, y, r = rng.randint(0, size[0]), rng.randint(0, size[1]), rng.randint(30, 200)
        draw.ellipse(
            (x - r, y - r, x + r, y + r), fill=tuple(rng.randint(0, 255) for _ in range(3))
        )
    out = io.BytesIO()
    canvas.save(out, "JPEG", quality=85)
    return out.getvalue()


def make_pages(count):
    from django.core.files.images import ImageFile

    from wagtail.images import get_image_model

    from tests.home.factories import (
        ArticleIndexPageFactory,
        ArticlePageFactory,
        make_site_with_home,
    )

    Image = get_image_model()

    def image(seed):
        img = Image(
            title=f"图{seed}", file=ImageFile(io.BytesIO(picture(seed)), name=f"b{seed}.jpg")
        )
        img.save()
        return img

    home = make_site_with_home()
    column = ArticleIndexPageFactory(parent=home, title="工作动态", slug="news")
    shared = image(0)  # e.g. the office's banner, on every page
    pages = []
    for n in range(count):
        body = [("paragraph", f"<h2>第{n}篇</h2><p>{'诚信建设' * 40}</p>")]
        for k in range(5):
            body.append(("image", {"image": image(1000 + n * 10 + k), "caption": f"图{k}"}))
        body.append(("image", {"image": shared, "caption": "信用阳江"}))
        pages.append(
            ArticlePageFactory(
                parent=column,
                title=f"信用动态第{n}期",
                slug=f"p{n}",
                cover_image=image(500 + n),
                body=body,
            )
        )
    return pages


LEGEND = """\
ratio = wall / (critical-path calls x latency), goal <= 2. 'quiet' = the same ratio estimated
without other load: (API busy + the calling thread's CPU + conv.CPU / convert workers) divided
by the critical path, as if none of our own work overlapped the calls (conservative).
'API busy' = time with at least one call in flight, from the stand-in's call timestamps.
'CPU s' counts every thread of this process (stand-in included); 'conv.CPU' the conversion
threads. 'avoided' = image slots not uploaded because the account had the picture (or it was
twice in the page). The last run uses a new account, so every image is uploaded again, from
the renditions made when the pages were published."""


def api_busy_seconds(calls, latency):
    """Time with at least one call in flight, from the stand-in's timestamps (each call is
    recorded after its `latency` sleep): the part of the wall that was waiting on WeChat."""
    busy, end = 0.0, None
    for at in sorted(call.at for call in calls):
        start = at - latency
        if end is None or start >= end:
            busy += latency
        else:
            busy += at - end
        end = at if end is None else max(end, at)
    return busy


def run(pages, standin, workers, latency):
    """Sync every page to the draft box, one after the other, as an editor or a task worker would."""
    from wechat import sync

    standin.reset_calls()
    started, cpu_started, own_started = time.perf_counter(), time.process_time(), time.thread_time()
    uploads = reused = critical = 0
    convert = 0.0
    for page in pages:
        result = sync.sync_draft(page)
        uploads += result.uploads
        reused += result.reused
        convert += result.convert_seconds
        critical += math.ceil(result.uploads / workers) + result.draft_calls
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    own = time.thread_time() - own_started
    critical += len(standin.calls_to("stable_token")) + len(standin.calls_to("token"))
    return {
        "wall": wall,
        "cpu": cpu,
        "own": own,
        "convert": convert,
        "calls": len(standin.calls),
        "uploads": uploads,
        "reused": reused,
        "critical": critical,
        "busy": api_busy_seconds(standin.calls, latency),
    }


def prepare(pages):
    """What prepare_images_task does when each page is published: its WeChat renditions."""
    from wagtail.images import get_image_model

    from wechat import images as wimages
    from wechat import sync

    Rendition = get_image_model().get_rendition_model()
    specs = (wimages.BODY_JPEG_SPEC, wimages.BODY_PNG_SPEC, wimages.COVER_SPEC)
    Rendition.objects.filter(filter_spec__in=specs).delete()  # as if never synced
    Rendition.cache_backend.clear()
    fresh = [type(page).objects.get(pk=page.pk) for page in pages]  # no prefetched renditions
    started, cpu_started = time.perf_counter(), time.process_time()
    made = sum(sync.prepare_images(page) for page in fresh)
    return made, time.perf_counter() - started, time.process_time() - cpu_started


def main():
    from bench import figures

    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--latency", type=float, default=0.05)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="xyyj-wechat-bench-"))
    try:
        os.environ.update(harness.production_env(workdir))
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command

        from wechat.models import WeChatArticle
        from wechat.standin.server import StandIn

        call_command("migrate", verbosity=0)

        def account(appid):
            settings.WECHAT_APP_ID, settings.WECHAT_APP_SECRET = appid, "bench-secret"
            standin = StandIn(appid, "bench-secret", latency=args.latency).start()
            settings.WECHAT_API_BASE_URL = standin.url
            return standin

        standin = account("wxbench")
        workers = getattr(settings, "WECHAT_UPLOAD_WORKERS", 4)
        converters = getattr(settings, "WECHAT_CONVERT_WORKERS", 2)

        t0 = time.perf_counter()
        # Made without publish-time preparation, so that the first run converts everything.
        settings.WECHAT_PREPARE_ON_PUBLISH = False
        pages = make_pages(args.pages)
        print(
            f"generated {len(pages)} pages with 7 images each in {time.perf_counter() - t0:.1f} s"
        )
        print(
            f"stand-in latency {args.latency * 1000:.0f} ms per call, upload workers {workers}, "
            f"convert workers {converters}, {os.cpu_count()} CPUs"
        )
        print()
        header = (
            f"{'run':<34}{'wall s':>8}{'CPU s':>7}{'conv.CPU':>9}{'API busy':>9}{'API calls':>10}"
            f"{'uploads':>8}{'avoided':>8}{'crit.path':>10}{'goal s':>7}{'ratio':>7}{'quiet':>7}"
        )
        print(header)
        print("-" * len(header))
        results = {}

        def show(label, row):
            floor = row["critical"] * args.latency
            row["ratio"] = row["wall"] / floor if row["critical"] else 0.0
            # Without other load: the time WeChat was busy, plus this thread's CPU and the
            # conversion CPU spread over its workers, as if none of it overlapped the calls.
            quiet = row["busy"] + row["own"] + row["convert"] / converters
            row["quiet"] = quiet / floor if row["critical"] else 0.0
            print(
                f"{label:<34}{row['wall']:>8.2f}{row['cpu']:>7.2f}{row['convert']:>9.2f}"
                f"{row['busy']:>9.2f}{row['calls']:>10}{row['uploads']:>8}{row['reused']:>8}"
                f"{row['critical']:>10}{2 * floor:>7.2f}{row['ratio']:>7.2f}{row['quiet']:>7.2f}"
            )
            results[label] = row

        show("first sync, nothing prepared", run(pages, standin, workers, args.latency))
        show("unchanged resync", run(pages, standin, workers, args.latency))
        made, prep_wall, prep_cpu = prepare(pages)
        print(
            f"{'publish-time preparation':<34}{prep_wall:>8.2f}{prep_cpu:>7.2f}"
            f"   ({made} renditions, what prepare_images_task does on publish)"
        )
        standin.stop()
        standin = account("wxbench2")
        WeChatArticle.objects.all().delete()  # this account has none of the drafts either
        show("first sync after preparation", run(pages, standin, workers, args.latency))
        standin.stop()
        print()
        print(LEGEND)

        cold = results["first sync, nothing prepared"]
        warm = results["first sync after preparation"]
        again = results["unchanged resync"]
        note = f"{args.pages} pages × 7 images, {args.latency * 1000:.0f} ms per call"
        rows = [
            ("first sync after publish-time preparation: wall", warm["wall"], "s", "", None, note),
            (
                "publish-time preparation (background)",
                prep_wall,
                "s",
                "",
                None,
                f"CPU {prep_cpu:.1f} s",
            ),
            ("first sync, nothing prepared: wall", cold["wall"], "s", "", None, ""),
            ("first sync: API calls", warm["calls"], "calls", "", None, ""),
            ("first sync: uploads avoided by reuse", warm["reused"], "images", "", None, ""),
            (
                "unchanged resync: uploads",
                again["uploads"],
                "uploads",
                "0",
                again["uploads"] == 0,
                "",
            ),
        ]
        for label, row in (("after preparation", warm), ("nothing prepared", cold)):
            quiet = f"quiet-machine estimate {row['quiet']:.2f}×"
            ratio = round(row["ratio"], 2)
            rows.insert(
                -3,
                (
                    f"first sync, {label}: wall ÷ critical path",
                    ratio,
                    "×",
                    "≤ 2×",
                    ratio <= 2,
                    quiet,
                ),
            )
        for what, value, unit, goal, met, why in rows:
            figures.record("wechat", what, round(value, 2), unit, goal=goal, met=met, note=why)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
