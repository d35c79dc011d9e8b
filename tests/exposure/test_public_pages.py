"""The public surfaces: batch page, search, 查询本人, API, feed, sitemap, robots, rate limits."""

import re
from datetime import date

import pytest

from cms.exposure.choices import Status
from cms.exposure.request_target import ExposureRequestTarget

from .conftest import id_number

pytestmark = pytest.mark.django_db
FULL_ID = re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])")


def test_batch_page_lists_entries_paginated_with_masked_ids(client, batch, make_entry):
    entries = [make_entry(name=f"甲{i}") for i in range(batch.page_size + 3)]
    first = client.get(batch.url).content.decode()
    second = client.get(batch.url, {"page": 2}).content.decode()

    assert entries[0].masked_id in first and "甲0<" not in second
    assert entries[-1].masked_id in second
    assert "第 1 / 2 页" in first
    assert not FULL_ID.search(first + second)


def test_pages_tell_search_engines_to_keep_no_copy(client, batch, make_entry):
    make_entry()
    for url in [
        "/exposure/",
        batch.url,
        "/exposure/?q=张三",
        batch.url + "api/",
        "/exposure/feed/",
    ]:
        response = client.get(url)
        assert response["X-Robots-Tag"] == "noindex, noarchive", url
    for url in ["/exposure/", batch.url]:
        assert (
            '<meta name="robots" content="noindex, noarchive">' in client.get(url).content.decode()
        )


def test_exposure_pages_are_not_in_the_sitemap(client, batch, make_entry):
    make_entry()
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "<loc>" in sitemap  # the home page is there
    assert "/exposure/" not in sitemap


def test_name_search_is_exact_and_narrowed_by_last4(client, make_entry):
    one = make_entry(name="张三", id_number=id_number("19800101", "111"))
    two = make_entry(name="张三", id_number=id_number("19900101", "222"))
    make_entry(name="张三丰")

    page = client.get("/exposure/", {"q": " 张三 "}).content.decode()
    assert one.masked_id in page and two.masked_id in page
    assert "查询结果：2 条" in page

    narrowed = client.get(
        "/exposure/", {"q": "张三", "last4": two.masked_id[-4:].lower()}
    ).content.decode()
    assert two.masked_id in narrowed and one.masked_id not in narrowed


def test_bad_last4_is_a_400_in_chinese(client, make_entry):
    make_entry(name="张三")
    response = client.get("/exposure/", {"q": "张三", "last4": "12"})
    assert response.status_code == 400
    assert "后4位" in response.content.decode()


def test_self_lookup_matches_by_keyed_hash_and_never_echoes_the_number(client, make_entry):
    number = id_number("19750505", "555")
    mine = make_entry(name="孙八", id_number=number)
    make_entry(name="别人")

    response = client.post("/exposure/", {"name": "孙八", "id_number": " " + number.lower() + " "})
    page = response.content.decode()
    assert response.status_code == 200
    assert mine.masked_id in page and "别人" not in page
    assert number not in page and number[:17] not in page
    assert "no-store" in response["Cache-Control"]


def test_self_lookup_with_a_bad_number_is_a_400_without_echo(client, make_entry):
    bad = id_number()[:-1] + ("0" if id_number()[-1] != "0" else "1")
    response = client.post("/exposure/", {"name": "张三", "id_number": bad})
    assert response.status_code == 400
    assert "校验位" in response.content.decode()
    assert bad not in response.content.decode()


def test_rate_limits_answer_429_per_group(client, batch, make_entry, settings):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "exposure.search": "3/m",
        "exposure.page": "5/m",
        "exposure.self": "2/m",
        "exposure.api": "2/m",
    }
    make_entry(name="张三")
    assert [client.get("/exposure/", {"q": "张三"}).status_code for _ in range(4)] == [
        200,
        200,
        200,
        429,
    ]
    assert "请求过于频繁" in client.get("/exposure/", {"q": "张三"}).content.decode()
    assert [
        client.post("/exposure/", {"name": "张三", "id_number": id_number()}).status_code
        for _ in range(3)
    ] == [200, 200, 429]
    assert [client.get(batch.url + "api/").status_code for _ in range(3)] == [200, 200, 429]
    # the batch page counted into "page" with the searches (4 + 2 so far): it is limited too
    assert client.get(batch.url).status_code == 429


def test_api_pages_through_public_entries(client, batch, make_entry):
    for i in range(55):
        make_entry(name=f"乙{i}")
    first = client.get(batch.url + "api/").json()
    second = client.get(first["next"]).json()
    assert first["count"] == 55 and first["num_pages"] == 2
    assert len(first["results"]) == 50 and len(second["results"]) == 5
    assert set(first["results"][0]) >= {"name", "masked_id", "end_date"}
    assert "id_hash" not in first["results"][0]


def test_wagtail_api_v2_shows_no_entry_data(client, batch, make_entry):
    entry = make_entry(name="周九")
    body = client.get(
        "/api/v2/pages/", {"type": "exposure.ExposureListPage", "fields": "*"}
    ).content.decode()
    assert batch.title in body
    assert "周九" not in body and entry.masked_id not in body


def test_repaired_entry_is_gone_from_every_public_surface(
    client, batch, make_entry, django_user_model
):
    kept = make_entry(name="吴十")
    repaired = make_entry(name="郑十一", id_number=id_number("19660606", "666"))
    number = id_number("19660606", "666")
    surfaces = {
        "list": lambda: client.get(batch.url).content.decode(),
        "search": lambda: client.get("/exposure/", {"q": "郑十一"}).content.decode(),
        "self": lambda: client.post(
            "/exposure/", {"name": "郑十一", "id_number": number}
        ).content.decode(),
        "api": lambda: client.get(batch.url + "api/").content.decode(),
        "feed": lambda: client.get("/exposure/feed/").content.decode(),
        "sitemap": lambda: client.get("/sitemap.xml").content.decode(),
    }
    before = {name: fetch() for name, fetch in surfaces.items()}
    assert all(repaired.masked_id in before[name] for name in ["list", "search", "self", "api"])
    assert "公示中 2 条" in before["feed"]

    staff = django_user_model.objects.create_user("reviewer")
    ExposureRequestTarget().apply_decision(
        repaired.pk,
        kind="repair",
        outcome="repaired",
        user=staff,
        reason="已履行法定义务",
        request=None,
    )

    after = {name: fetch() for name, fetch in surfaces.items()}
    for name, body in after.items():
        assert repaired.masked_id not in body, name
        if name not in ("search", "self"):  # these pages echo the name typed in
            assert "郑十一" not in body, name
    assert "的查询结果：0 条" in after["search"]
    assert kept.masked_id in after["list"] and "公示中 1 条" in after["feed"]
    repaired.refresh_from_db()
    assert repaired.status == Status.REPAIRED


def test_home_page_shows_latest_batches_without_names(client, batch, make_entry):
    make_entry(name="冯十二")
    page = client.get("/").content.decode()
    assert batch.title in page and "冯十二" not in page


def test_index_lists_only_live_batches(client, index, batch):
    from tests.exposure.factories import ExposureListPageFactory

    draft = ExposureListPageFactory(
        parent=index, live=False, title="草稿批次", date=date(2026, 4, 1)
    )
    page = client.get("/exposure/").content.decode()
    assert batch.title in page and draft.title not in page
