"""The education section: stage and topic filters, material pages, unknown stages."""

from datetime import timedelta

from django.utils import timezone

import pytest

from .factories import make_document, make_material

pytestmark = pytest.mark.django_db


def titles(response):
    return [material.title for material in response.context["materials"]]


def test_index_lists_newest_first_and_filters_by_stage_and_topic(client, education):
    old = make_material(education, title="旧的小学资料", stage="xiaoxue", tags=["诚信故事"])
    type(old).objects.filter(pk=old.pk).update(
        first_published_at=timezone.now() - timedelta(days=30)
    )
    new = make_material(education, title="新的小学资料", stage="xiaoxue", tags=["班会"])
    high = make_material(education, title="高中资料", stage="gaozhong", tags=["诚信故事"])
    draft = make_material(education, title="草稿资料", stage="xiaoxue")
    draft.unpublish()

    assert titles(client.get("/education/")) == [high.title, new.title, old.title]
    primary = client.get("/education/xiaoxue/")
    assert titles(primary) == [new.title, old.title]
    assert "小学" in primary.content.decode()
    assert titles(client.get("/education/", {"topic": "诚信故事"})) == [high.title, old.title]
    assert titles(client.get("/education/xiaoxue/", {"topic": "诚信故事"})) == [old.title]
    empty = client.get("/education/", {"topic": "没有的主题"})
    assert empty.status_code == 200 and "没有主题为“没有的主题”" in empty.content.decode()


@pytest.mark.parametrize("path", ["/education/daxue/", "/education/daxue/feed/"])
def test_unknown_stage_is_a_clear_404(client, education, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "页面未找到" in response.content.decode()


def test_material_page_shows_files_notes_and_licence(client, education):
    document = make_document("信用修复课件", "信用修复课件.pdf")
    material = make_material(
        education,
        title="信用记录是什么",
        stage="chuzhong",
        teaching_notes="<p>课堂讨论十分钟</p>",
        tags=["信用常识"],
        documents=[document],
    )

    body = client.get(material.url).content.decode()

    assert document.url in body and "信用修复课件" in body
    assert "课堂讨论十分钟" in body
    assert "转载或改编请注明来源" in body
    assert 'href="/education/chuzhong/"' in body


def test_topic_pages_are_paginated_keeping_the_topic(client, education):
    for n in range(14):
        make_material(education, title=f"班会资料{n}", tags=["班会&讨论"])
    make_material(education, title="别的主题")

    first = client.get("/education/", {"topic": "班会&讨论"})
    second = client.get("/education/", {"topic": "班会&讨论", "page": 2})

    assert len(titles(first)) == 12 and len(titles(second)) == 2
    assert "?page=2&amp;topic=%E7%8F%AD%E4%BC%9A%26%E8%AE%A8%E8%AE%BA" in first.content.decode()
