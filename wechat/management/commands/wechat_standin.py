"""python manage.py wechat_standin --port 8900: the stand-in WeChat API for development.

It accepts the credentials in WECHAT_APP_ID / WECHAT_APP_SECRET (the
environment, else the settings) and refuses others as WeChat does.
"""

import contextlib
import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wechat.standin.server import StandIn


class Command(BaseCommand):
    help = "运行模拟微信公众号接口（开发与测试用）"

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8900)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--latency", type=float, default=0.0, help="每次调用增加的延迟（秒）")
        parser.add_argument("--publish-delay", type=float, default=1.0, help="发布完成所需秒数")
        parser.add_argument(
            "--callback-url", default="", help="发布完成后推送 PUBLISHJOBFINISH 事件的地址"
        )

    def handle(self, *args, **options):
        appid = os.environ.get("WECHAT_APP_ID") or settings.WECHAT_APP_ID
        secret = os.environ.get("WECHAT_APP_SECRET") or settings.WECHAT_APP_SECRET
        if not appid or not secret:
            raise CommandError("请设置 WECHAT_APP_ID 和 WECHAT_APP_SECRET")
        standin = StandIn(
            appid,
            secret,
            latency=options["latency"],
            publish_delay=options["publish_delay"],
            callback_url=options["callback_url"] or None,
            callback_token=settings.WECHAT_TOKEN,
            encoding_aes_key=settings.WECHAT_ENCODING_AES_KEY,
        )
        self.stdout.write(
            f"模拟微信接口: http://{options['host']}:{options['port']}/ (AppID {appid})"
        )
        with contextlib.suppress(KeyboardInterrupt):
            standin.serve_forever(options["host"], options["port"])
