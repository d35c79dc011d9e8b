"""Site search: Chinese words inside sentences, what never shows, bad input."""

from wagtail.models import PageViewRestriction

import pytest

from cms.home.signals import content_left_public
from cms.search.segmentation import query_words, segment_for_index
from cms.search.services import site_search
from tests.home.factories import ArticleIndexPageFactory, ArticlePageFactory, paragraph_body

pytestmark = pytest.mark.django_db

LONG_SENTENCE = (
    "根据有关规定，失信主体在公示期满最短期限后，已经履行行政处罚决定规定的义务，"
    "纠正了失信行为并消除不良影响的，可以向认定部门提出申请，失信主体申请信用修复需提交信用承诺书。"
)


@pytest.fixture
def column(home):
    return ArticleIndexPageFactory(parent=home, title="信用知识")


def article(column, title, text, **kwargs):
    return ArticlePageFactory(parent=column, title=title, body=paragraph_body(text), **kwargs)


def test_segmentation_keeps_field_terms_and_their_parts():
    words = segment_for_index("失信主体申请信用修复，列入失信被执行人名单").split()
    assert "信用修复" in words and "修复" in words and "信用" in words
    assert "失信被执行人" in words and "被执行人" in words
    assert query_words("失信被执行人") == ["失信被执行人"]
    assert query_words("！？，。") == []


def test_two_character_word_inside_a_long_sentence_hits(client, column):
    target = article(column, "办事指南", LONG_SENTENCE)
    article(column, "工作动态", "市信用办召开工作推进会，部署下一阶段工作。")

    response = client.get("/search/", {"q": "修复"})

    assert response.status_code == 200
    assert [hit.title for hit in response.context["hits"]] == [target.title]
    assert "<mark>修复</mark>" in response.content.decode()


def test_field_terms_and_several_words(column):
    target = article(column, "名单管理", "法院将其列入失信被执行人名单，并实施联合惩戒。")
    article(column, "其他", "执行工作的新进展。")

    assert [hit.title for hit in site_search("被执行人")] == [target.title]
    assert [hit.title for hit in site_search("失信被执行人 联合惩戒")] == [target.title]
    assert site_search("失信被执行人 信用修复") == []


def test_title_hits_come_first(column):
    body_hit = article(column, "工作动态", "本月受理信用修复申请十二件，" * 20)
    title_hit = article(column, "信用修复怎么办理", "提交材料即可。")

    hits = site_search("信用修复", limit=5)

    assert [hit.title for hit in hits] == [title_hit.title, body_hit.title]
    assert hits[0].url == title_hit.url
    assert hits[0].summary == "文章摘要"


def test_unpublished_restricted_and_withdrawn_pages_never_show(column):
    draft = article(column, "草稿", "只在草稿里的词：诚信小课堂")
    draft.unpublish()
    restricted = article(column, "内部", "只在内部页面里的词：诚信小课堂")
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    withdrawn = article(column, "撤回", "只在撤回页面里的词：诚信小课堂")
    withdrawn.unpublish()
    content_left_public.send(sender=type(withdrawn), instances=[withdrawn], reason="withdrawn")

    assert site_search("诚信小课堂") == []

    visible = article(column, "公开", "公开页面里的词：诚信小课堂")
    assert [hit.title for hit in site_search("诚信小课堂")] == [visible.title]


def test_results_are_paginated(client, column):
    for n in range(13):
        article(column, f"动态{n}", f"第{n}期红黑名单发布。")

    first = client.get("/search/", {"q": "红黑名单"})
    second = client.get("/search/", {"q": "红黑名单", "page": 2})

    assert first.context["page_obj"].paginator.count == 13
    assert len(first.context["hits"]) == 10 and len(second.context["hits"]) == 3
    titles = {h.title for h in first.context["hits"]} | {h.title for h in second.context["hits"]}
    assert len(titles) == 13
    assert "page=2&amp;q=" in first.content.decode()


@pytest.mark.parametrize(
    "query, status, message",
    [
        ("", 200, "请输入要查找的文字"),
        ("！！？？。。，，", 400, "只有标点、符号"),
        ("的了", 400, "只有标点、符号"),
        ("信" * 1000, 400, "搜索内容过长"),
        ("<script>alert(1)</script>", 200, "没有找到"),
    ],
)
def test_bad_queries_get_a_friendly_page(client, column, query, status, message):
    response = client.get("/search/", {"q": query})

    assert response.status_code == status
    body = response.content.decode()
    assert message in body
    assert "<script>alert(1)</script>" not in body


def test_search_box_is_in_the_header(client, home):
    body = client.get(home.url).content.decode()
    assert 'action="/search/"' in body and 'name="q"' in body


def test_exposure_entries_are_not_indexed():
    from wagtail.search.index import get_indexed_models

    from cms.exposure.models import ExposureEntry

    assert ExposureEntry not in get_indexed_models()


def test_a_summary_the_body_repeats_is_shown_once(column):
    opening = "失信主体申请信用修复需提交信用承诺书。"
    article(column, "办事指南", opening + "认定部门在十个工作日内作出决定。", summary=opening)
    [hit] = site_search("修复")
    assert hit.snippet.count("承诺书") == 1


def test_pages_run_from_title_hits_into_body_hits_with_the_right_total(client, column):
    body_hits = {
        article(column, f"工作动态{n}", "本期发布红黑名单。" * (n + 1), slug=f"b{n}").title
        for n in range(9)
    }
    title_hits = [
        article(column, f"红黑名单第{n}期", "详见附件。", slug=f"t{n}").title for n in range(4)
    ]

    first = client.get("/search/", {"q": "红黑名单"})
    second = client.get("/search/", {"q": "红黑名单", "page": 2})

    assert first.context["page_obj"].paginator.count == 13
    assert "找到 13 条" in first.content.decode()
    first_titles = [hit.title for hit in first.context["hits"]]
    second_titles = [hit.title for hit in second.context["hits"]]
    assert first_titles[:4] == title_hits[::-1]  # title hits first, newest first
    assert set(first_titles[4:]) | set(second_titles) == body_hits
    assert len(first_titles) == 10 and len(second_titles) == 3


def test_more_hits_than_are_counted(client, column, monkeypatch):
    from cms.search import services

    for n in range(8):
        article(column, f"动态{n}", f"第{n}期守信激励名单。", slug=f"d{n}")
    monkeypatch.setattr(services, "COUNT_LIMIT", 5)

    response = client.get("/search/", {"q": "守信激励"})

    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 5
    assert len(response.context["hits"]) == 5
    assert "找到超过 5 条与“守信激励”相关的结果" in response.content.decode()

    monkeypatch.setattr(services, "COUNT_LIMIT", 8)
    body = client.get("/search/", {"q": "守信激励"}).content.decode()
    assert "找到 8 条与“守信激励”相关的结果" in body and "超过" not in body


def test_backend_slices_and_counts_agree_and_titles_weigh_more(column):
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    for n in range(6):
        article(column, f"工作动态{n}", f"第{n}期：失信主体申请信用修复的办理情况。", slug=f"w{n}")
    title_hit = article(column, "信用修复办事指南", "提交材料即可。")

    results = get_search_backend().search("信用修复", Page.objects.live(), operator="and")

    everything = list(results)
    assert results.count() == 7 and len(everything) == 7
    assert everything[0].pk == title_hit.pk  # a word in the title weighs more than in the body
    assert [page.pk for page in results[2:5]] == [page.pk for page in everything[2:5]]
    assert results[2:5].count() == 3 and results[5:].count() == 2
