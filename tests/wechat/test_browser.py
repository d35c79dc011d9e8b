"""A newcomer on the demo site: 同步到草稿箱, 发布, and the article the stand-in serves."""

import time

import pytest

pytestmark = pytest.mark.browser


def test_sync_and_publish_a_demo_article_from_the_admin(
    browser, live_server, seeded_site, wechat_standin, client
):
    from django.contrib.auth import get_user_model

    from cms.home.models import ArticlePage

    admin = get_user_model().objects.get(username="admin")
    client.force_login(admin)
    page_obj = ArticlePage.objects.live().order_by("path").first()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    base = live_server.url
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}]
    )
    page = context.new_page()
    try:
        page.goto(f"{base}/admin/pages/{page_obj.pk}/edit/")
        page.goto(f"{base}/admin/wechat/pages/{page_obj.pk}/")
        page.click("[data-wechat-action=sync]")
        assert "已同步到草稿箱" in page.inner_text("#wechat-state")
        with context.expect_page() as draft_tab:
            page.click("[data-wechat-draft]")
        assert page_obj.title in draft_tab.value.content()
        page.click("[data-wechat-action=publish]")
        assert "发布中" in page.inner_text("#wechat-state")
        deadline = time.monotonic() + 5
        while "已发布" not in page.inner_text("#wechat-state"):
            assert time.monotonic() < deadline
            time.sleep(0.1)
            page.click("[data-wechat-action=refresh]")
        with context.expect_page() as article_tab:
            page.click("[data-wechat-article]")
        article = article_tab.value
        article.wait_for_load_state()
        assert page_obj.title in article.inner_text("h1")
        assert "阅读原文" in article.content()
    finally:
        context.close()
