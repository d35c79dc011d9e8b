"""/api/v2/education/: filters by stage, topic and "updated since", and download URLs."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from cms.education.models import EducationMaterialPage

from .factories import make_document, make_material

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def items(client, **params):
    response = client.get("/api/v2/education/", params)
    assert response.status_code == 200, response.content
    return response.json()["items"]


def published_at(material, moment):
    EducationMaterialPage.objects.filter(pk=material.pk).update(last_published_at=moment)


def test_filters_by_stage_and_topic(client, education):
    primary = make_material(education, title="小学资料", stage="xiaoxue", tags=["班会"])
    make_material(education, title="高校资料", stage="gaoxiao", tags=["学术诚信"])

    assert [item["title"] for item in items(client, stage="xiaoxue")] == [primary.title]
    listed = items(client, topic="班会")
    assert [item["title"] for item in listed] == [primary.title]
    assert listed[0]["stage"] == "xiaoxue" and listed[0]["stage_label"] == "小学"
    assert listed[0]["tags"] == ["班会"]


def test_updated_since_pulls_only_what_changed(client, education):
    old = make_material(education, title="九月资料")
    new = make_material(education, title="十月资料")
    published_at(old, datetime(2026, 9, 1, 10, 0, tzinfo=SHANGHAI))
    published_at(new, datetime(2026, 10, 8, 9, 30, tzinfo=SHANGHAI))

    since_september = items(client, updated_since="2026-09-01T10:00:00+08:00")
    assert [item["title"] for item in since_september] == [new.title]
    # A plain date is midnight in Asia/Shanghai; "+" left unencoded still parses.
    assert len(items(client, updated_since="2026-09-01")) == 2
    assert (
        client.get("/api/v2/education/?updated_since=2026-10-08T09:00:00+08:00").json()["meta"][
            "total_count"
        ]
        == 1
    )
    # Newest change first, so a script can stop at what it already has.
    assert [item["title"] for item in items(client)] == [new.title, old.title]
    published_at(old, datetime.now(SHANGHAI) + timedelta(minutes=1))
    assert [item["title"] for item in items(client, updated_since="2026-10-09")] == [old.title]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"updated_since": "yesterday"}, "不是有效的时间"),
        ({"updated_since": "2026-13-45"}, "不是有效的时间"),
        ({"stage": "daxue"}, "没有“daxue”这个学段"),
    ],
)
def test_bad_filters_are_400_in_chinese(client, education, params, message):
    response = client.get("/api/v2/education/", params)
    assert response.status_code == 400
    assert message in response.json()["message"]


def test_documents_have_absolute_download_urls(client, education):
    document = make_document("诚信教案", "诚信教案.pdf")
    material = make_material(education, documents=[document])

    listed = items(client)[0]["documents"]
    detail = client.get(f"/api/v2/education/{material.pk}/").json()

    assert listed == detail["documents"]
    assert listed[0]["title"] == "诚信教案" and listed[0]["file_extension"] == "pdf"
    assert listed[0]["download_url"] == f"http://testserver{document.url}"
    assert detail["licence_note"] and detail["body"][0]["type"] == "paragraph"
    documents = client.get("/api/v2/documents/").json()["items"]
    assert documents[0]["meta"]["download_url"].endswith(document.url)
