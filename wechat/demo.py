"""Demo of the WeChat channel: nothing to create, only where to click (the stand-in serves WeChat)."""

import os

from django.conf import settings

from cms.home.models import ArticlePage


def seed(command):
    page = ArticlePage.objects.live().order_by("path").first()
    if page is None:
        return
    port = os.environ.get("PORT", "8000")
    target = "模拟公众号" if settings.WECHAT_API_BASE_URL else "微信公众号"
    command.notices.append(
        f"微信公众号（{target} {settings.WECHAT_API_BASE_URL or 'api.weixin.qq.com'}）："
        f"http://127.0.0.1:{port}/admin/wechat/pages/{page.pk}/ → 同步到草稿箱、发布"
    )
