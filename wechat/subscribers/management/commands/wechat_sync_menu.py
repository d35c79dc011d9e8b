"""Push the custom menu edited in 设置 → 公众号互动设置 to the account (menu/create)."""

import json

from django.core.management.base import BaseCommand, CommandError

from wechat.client import WeChatError, get_client
from wechat.subscribers.menu import menu_body


class Command(BaseCommand):
    help = "把后台编辑的公众号自定义菜单推送到微信（menu/create）"

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="只显示将要推送的菜单，不调用微信接口"
        )

    def handle(self, *args, dry_run=False, **options):
        body = menu_body()
        if not body["button"]:
            raise CommandError("自定义菜单为空：请先在 设置 → 公众号互动设置 中添加菜单。")
        self.stdout.write(json.dumps(body, ensure_ascii=False, indent=2))
        if dry_run:
            return
        try:
            get_client().menu.create(body)
        except WeChatError as exc:
            raise CommandError(f"推送失败：{exc.message}") from exc
        self.stdout.write(self.style.SUCCESS(f"已推送 {len(body['button'])} 个一级菜单。"))
