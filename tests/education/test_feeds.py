"""RSS 2.0 and Atom feeds of materials, overall and per stage."""

import feedparser
import pytest

from .factories import make_document, make_material

pytestmark = pytest.mark.django_db


@pytest.fixture
def materials(education):
    document = make_document("诚信海报", "诚信海报.pdf")
    return {
        "primary": make_material(
            education, title="曾子杀猪", stage="xiaoxue", tags=["诚信故事"], documents=[document]
        ),
        "higher": make_material(education, title="学术诚信", stage="gaoxiao"),
    }


@pytest.mark.parametrize(
    "path, version", [("/education/feed/", "rss20"), ("/education/feed/atom/", "atom10")]
)
def test_overall_feeds_parse_and_carry_every_material(client, materials, path, version):
    response = client.get(path)
    feed = feedparser.parse(response.content)

    assert response.status_code == 200
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == version
    assert {entry.title for entry in feed.entries} == {"曾子杀猪", "学术诚信"}
    primary = next(entry for entry in feed.entries if entry.title == "曾子杀猪")
    assert primary.link == f"http://testserver{materials['primary'].url}"
    assert {tag.term for tag in primary.tags} == {"小学", "诚信故事"}
    assert primary.enclosures[0].href.startswith("http://testserver/documents/")


@pytest.mark.parametrize("suffix", ["", "atom/"])
def test_stage_feeds_carry_only_that_stage(client, materials, suffix):
    feed = feedparser.parse(client.get(f"/education/gaoxiao/feed/{suffix}").content)

    assert not feed.bozo
    assert [entry.title for entry in feed.entries] == ["学术诚信"]
    assert "高校" in feed.feed.title


def test_unpublished_material_leaves_the_feed(client, materials):
    materials["higher"].unpublish()
    feed = feedparser.parse(client.get("/education/feed/").content)
    assert [entry.title for entry in feed.entries] == ["曾子杀猪"]
