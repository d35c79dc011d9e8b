"""Private sections stay private while `.public()` and view restrictions come from the cache."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

import pytest

from tests.home.factories import ArticleIndexPageFactory, ArticlePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def columns(home):
    return (
        ArticleIndexPageFactory(parent=home, title="政策解读"),
        ArticleIndexPageFactory(parent=home, title="内部资料"),
    )


def _nav(body):
    return body.split('class="main-nav"')[1].split("</nav>")[0]


def test_restricting_a_section_hides_it_at_once_and_lifting_it_shows_it(client, columns):
    public, internal = columns
    article = ArticlePageFactory(parent=internal, title="内部通报第一期")
    body = client.get("/").content.decode()  # the snapshot is now cached
    assert "内部通报第一期" in body and "内部资料" in _nav(body)

    restriction = PageViewRestriction.objects.create(page=internal, restriction_type="login")
    body = client.get("/").content.decode()
    assert "内部通报第一期" not in body and "内部资料" not in _nav(body)
    assert client.get(article.url).status_code == 302  # to the login page
    assert client.get(public.url).status_code == 200

    restriction.delete()
    assert "内部通报第一期" in client.get("/").content.decode()
    assert client.get(article.url).status_code == 200


def test_a_page_moved_into_a_private_section_becomes_private(client, columns):
    public, internal = columns
    PageViewRestriction.objects.create(page=internal, restriction_type="login")
    article = ArticlePageFactory(parent=public, title="将被移走的文章")
    assert "将被移走的文章" in client.get("/").content.decode()

    article.move(internal, pos="last-child")
    article.refresh_from_db()
    assert "将被移走的文章" not in client.get("/").content.decode()
    assert client.get(article.url).status_code == 302


def test_an_alias_of_a_private_page_is_private_too(client, columns):
    public, internal = columns
    source = ArticlePageFactory(parent=internal, title="内部文章")
    PageViewRestriction.objects.create(page=source, restriction_type="login")
    client.get("/")
    alias = source.create_alias(parent=public, update_slug="nei-bu-wen-zhang-bie-ming")
    assert client.get(alias.url).status_code == 302  # Wagtail: the source's restriction applies


def test_a_warm_page_asks_the_database_for_no_view_restriction(client, columns):
    article = ArticlePageFactory(parent=columns[0], title="公开文章")
    client.get(article.url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(article.url).status_code == 200
        assert client.get("/").status_code == 200
    assert not [q for q in queries if "pageviewrestriction" in q["sql"]]
