"""Benchmark of republishing to WeChat against the stand-in with 50 ms added per API call.

50 generated article pages, each with a cover and 6 body images (one of them the
same picture on every page), are synced to the draft box (同步到草稿箱) page after
page, then synced again unchanged. Production settings on a temporary SQLite
database; the stand-in runs in this process on 127.0.0.1.

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


def run(pages, standin, workers):
    from wechat import sync

    standin.reset_calls()
    started = time.perf_counter()
    uploads = reused = critical = 0
    convert = 0.0
    for page in pages:
        result = sync.sync_draft(page)
        uploads += result.uploads
        reused += result.reused
        convert += result.convert_seconds
        critical += math.ceil(result.uploads / workers) + result.draft_calls
    wall = time.perf_counter() - started
    critical += len(standin.calls_to("stable_token")) + len(standin.calls_to("token"))
    return wall, len(standin.calls), uploads, reused, critical, convert


def main():
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

        from wechat.standin.server import StandIn

        call_command("migrate", verbosity=0)

        def account(appid):
            settings.WECHAT_APP_ID, settings.WECHAT_APP_SECRET = appid, "bench-secret"
            standin = StandIn(appid, "bench-secret", latency=args.latency).start()
            settings.WECHAT_API_BASE_URL = standin.url
            return standin

        standin = account("wxbench")
        workers = getattr(settings, "WECHAT_UPLOAD_WORKERS", 4)

        t0 = time.perf_counter()
        pages = make_pages(args.pages)
        print(
            f"generated {len(pages)} pages with 7 images each in {time.perf_counter() - t0:.1f} s"
        )
        print(f"stand-in latency {args.latency * 1000:.0f} ms per call, upload workers {workers}")
        print()
        header = f"{'run':<30}{'wall s':>8}{'convert s':>10}{'API calls':>10}{'uploads':>9}{'avoided':>9}{'crit.path':>10}{'goal s':>8}{'ratio':>7}{'net ratio':>10}"
        print(header)
        print("-" * len(header))
        runs = [
            ("first sync (renditions made)", None),
            ("unchanged resync", None),
            ("new account, renditions kept", "wxbench2"),
        ]
        for label, new_account in runs:
            if new_account:
                standin.stop()
                standin = account(new_account)
            wall, calls, uploads, reused, critical, convert = run(pages, standin, workers)
            floor = critical * args.latency
            ratio = wall / floor if critical else 0
            net = (wall - convert) / floor if critical else 0
            print(
                f"{label:<30}{wall:>8.2f}{convert:>10.2f}{calls:>10}{uploads:>9}{reused:>9}"
                f"{critical:>10}{2 * floor:>8.2f}{ratio:>7.2f}{net:>10.2f}"
            )
        standin.stop()
        print()
        print(
            "ratio = wall / (critical-path calls x latency), goal <= 2; net ratio leaves out 'convert s',"
        )
        print(
            "the CPU time of Wagtail renditions and JPEG conversion on this machine. 'avoided' = image"
        )
        print(
            "slots not uploaded because the account had the picture (or it was twice in the page)."
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
