"""Backends: other models opt in by convention; Elasticsearch gets segmented text and a whitespace analyzer."""

from django.core.files.base import ContentFile

from wagtail.documents.models import Document
from wagtail.models import Page

import pytest

from cms.search.services import site_search
from cms.search.sources import search_sources
from tests.home.factories import ArticleIndexPageFactory, ArticlePageFactory, paragraph_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def opted_in_documents(monkeypatch):
    """Wagtail's Document made to follow the convention: public() and get_absolute_url()."""
    monkeypatch.setattr(
        Document,
        "public",
        classmethod(lambda cls: cls.objects.exclude(title__startswith="内部")),
        raising=False,
    )
    monkeypatch.setattr(Document, "get_absolute_url", lambda self: self.url, raising=False)


def document(title):
    return Document.objects.create(title=title, file=ContentFile(b"x", name="a.txt"))


def test_a_model_with_public_and_a_url_is_searched_through_public(opted_in_documents, home):
    assert Document in {source.model for source in search_sources()}
    shown = document("信用修复申请表")
    document("内部信用修复审批表")
    column = ArticleIndexPageFactory(parent=home)
    article = ArticlePageFactory(
        parent=column, title="办事指南", body=paragraph_body("如何申请信用修复")
    )

    hits = site_search("信用修复", limit=10)

    assert [(hit.title, hit.url) for hit in hits] == [
        (shown.title, shown.url),  # a title hit ranks before a body hit
        (article.title, article.url),
    ]


def test_models_without_the_convention_are_not_searched(home):
    from wagtail.images import get_image_model

    models = {source.model for source in search_sources()}
    assert Page in models
    assert not {Document, get_image_model()} & models  # indexed, but no public()


def test_elasticsearch_documents_are_segmented_and_not_cut_again(home):
    pytest.importorskip("elasticsearch")
    from cms.home.models import ArticlePage
    from cms.search.backends.elasticsearch8 import Elasticsearch8SearchBackend, SegmentingMapping

    column = ArticleIndexPageFactory(parent=home)
    article = ArticlePageFactory(
        parent=column, title="信用修复指南", body=paragraph_body("失信主体申请信用修复")
    )

    document = SegmentingMapping(ArticlePage).get_document(article)

    title_key = next(key for key in document if key.endswith("title") and "filter" not in key)
    assert "信用修复 信用 修复" in document[title_key]
    body_key = next(key for key in document if key.endswith("body"))
    assert "申请 信用修复 信用 修复" in " ".join(document[body_key])
    analyzers = Elasticsearch8SearchBackend.settings["settings"]["analysis"]["analyzer"]
    assert analyzers["default"]["tokenizer"] == "whitespace"


def test_update_index_rebuilds_entries_and_title_norms(home):
    from django.core.management import call_command

    from modelsearch.conf import get_app_config

    index_entry = get_app_config().get_model("IndexEntry")
    column = ArticleIndexPageFactory(parent=home)
    short = ArticlePageFactory(parent=column, title="信用修复", body=paragraph_body("办理指南"))
    long = ArticlePageFactory(
        parent=column, title="关于开展信用修复专项行动的通知", body=paragraph_body("各有关单位")
    )
    index_entry.objects.all().delete()
    assert site_search("办理指南") == []

    call_command("update_index", verbosity=0)
    call_command("update_index", verbosity=0)  # again: the entries are updated, not duplicated

    assert [hit.title for hit in site_search("办理指南")] == [short.title]
    entries = index_entry.objects.filter(object_id__in=[str(short.pk), str(long.pk)])
    norms = dict(entries.values_list("object_id", "title_norm"))
    assert len(norms) == 2
    assert norms[str(short.pk)] > 1.0 > norms[str(long.pk)]  # refreshed once, at the end
