"""Core page types: where they may be created, and what they render."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page

import pytest

from cms.home.models import ArticleIndexPage, ArticlePage, HomePage, SitemapPage, StandardPage
from tests.home.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    SitemapPageFactory,
    StandardPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "child, allowed_parents",
    [
        (HomePage, {Page}),
        (ArticleIndexPage, {HomePage}),
        (ArticlePage, {ArticleIndexPage}),
        (StandardPage, {HomePage, StandardPage}),
        (SitemapPage, {HomePage}),
    ],
)
def test_page_types_only_under_their_parents(child, allowed_parents):
    candidates = {Page, HomePage, ArticleIndexPage, ArticlePage, StandardPage, SitemapPage}
    for parent in candidates:
        assert (child in parent.allowed_subpage_models()) == (parent in allowed_parents), (
            child,
            parent,
        )


def test_admin_refuses_article_directly_under_home(client, home, admin_user):
    client.force_login(admin_user)
    response = client.get(f"/admin/pages/add/home/articlepage/{home.pk}/", follow=True)
    assert response.redirect_chain and response.redirect_chain[-1][0] == "/admin/"
    assert not ArticlePage.objects.exists()


def test_admin_creates_article_with_pinyin_slug(client, home, admin_user):
    column = ArticleIndexPageFactory(parent=home, title="信用知识")
    client.force_login(admin_user)
    data = {
        "title": "信用修复怎么办理",
        "slug": "",
        "summary": "",
        "date": "2026-05-20",
        "source": "信用阳江",
        "body-count": "1",
        "body-0-type": "paragraph",
        "body-0-deleted": "",
        "body-0-order": "0",
        "body-0-value": '{"blocks":[{"key":"a","text":"正文","type":"unstyled","depth":0,"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
    }
    response = client.post(f"/admin/pages/add/home/articlepage/{column.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    article = ArticlePage.objects.get(title="信用修复怎么办理")
    assert article.slug == "xin-yong-xiu-fu-zen-me-ban-li"


def test_slug_typed_by_staff_is_kept(home):
    column = ArticleIndexPageFactory(parent=home, title="政策解读", slug="policy")
    assert column.slug == "policy"
    page = ArticlePageFactory(parent=column, title="信用知识问答", slug="")
    page.refresh_from_db()
    assert page.slug == "xin-yong-zhi-shi-wen-da"


def _home_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_home_page_renders_latest_articles_in_bounded_queries(client, home):
    column = ArticleIndexPageFactory(parent=home, title="工作动态")
    ArticlePageFactory(parent=column, title="工作动态第0篇", date="2026-10-01")
    client.get("/")  # warm Wagtail's per-process site caches, as on a running server
    _, few_articles = _home_queries(client)
    for index in range(1, 12):
        ArticlePageFactory(
            parent=column, title=f"工作动态第{index}篇", date=f"2026-10-{index + 1:02d}"
        )
    client.get("/")  # the first request after a page changed rebuilds the cached page tree
    body, many_articles = _home_queries(client)
    assert "工作动态第11篇" in body and "工作动态第0篇" not in body  # the newest six only
    assert many_articles == few_articles  # no query per article
    assert many_articles <= 8  # the demo site's fuller home page: tests/home/test_query_counts.py


def test_article_page_renders_body_and_meta(client, home):
    column = ArticleIndexPageFactory(parent=home, title="信用知识")
    article = ArticlePageFactory(
        parent=column,
        title="什么是信用修复",
        source="市信用办",
        body=[
            ("paragraph", "<p>信用修复是指……</p>"),
            ("quote", {"text": "人无信不立", "attribution": "论语"}),
        ],
    )
    response = client.get(article.url)
    assert response.status_code == 200
    body = response.content.decode()
    assert (
        "什么是信用修复" in body
        and "信用修复是指" in body
        and "人无信不立" in body
        and "来源：市信用办" in body
    )
    assert 'lang="zh-Hans"' in body


def test_article_index_lists_and_paginates(client, home):
    column = ArticleIndexPageFactory(parent=home, title="工作动态")
    for index in range(17):
        ArticlePageFactory(parent=column, title=f"动态{index:02d}")
    first = client.get(column.url).content.decode()
    second = client.get(column.url + "?page=2").content.decode()
    assert first.count('class="card"') == 15 and second.count('class="card"') == 2
    assert "第 1 / 2 页" in first
    assert client.get(column.url + "?page=abc").status_code == 200


def test_standard_and_sitemap_pages_render(client, home):
    about = StandardPageFactory(
        parent=home, title="关于我们", body=[("paragraph", "<p>主办单位介绍</p>")]
    )
    column = ArticleIndexPageFactory(parent=home, title="信用知识")
    sitemap = SitemapPageFactory(parent=home)
    assert "主办单位介绍" in client.get(about.url).content.decode()
    body = client.get(sitemap.url).content.decode()
    assert column.title in body and column.url in body


def test_sitemap_xml_lists_public_pages(client, home):
    column = ArticleIndexPageFactory(parent=home, title="政策解读")
    article = ArticlePageFactory(parent=column, title="政策文章")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert article.url in response.content.decode()


def test_unknown_page_is_a_chinese_404(client, home):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面未找到" in response.content.decode()


def test_footer_changes_show_at_once_although_the_footer_is_cached(client, home):
    from cms.home.models import SiteFooterSettings

    client.get("/")
    footer = SiteFooterSettings.for_site(home.get_site())
    footer.fault_report_phone = "0662-7654321"
    footer.save()
    assert "0662-7654321" in client.get("/").content.decode()
