"""The public pages: 公示 state under a frozen clock, filters, detail pages, home section, queries."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cms.honor_roll.models import HonorCategory, Town

from .factories import HonoreeFactory, HonorRollPageFactory, make_photo

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year, month, day, hour=10):
    return time_machine.travel(datetime(year, month, day, hour, tzinfo=SHANGHAI), tick=False)


@pytest.fixture
def june_roll(index):
    roll = HonorRollPageFactory(
        parent=index,
        title="2026年第二季度“阳江好人”榜",
        publicity_start=date(2026, 6, 1),
        publicity_end=date(2026, 6, 7),
    )
    HonoreeFactory(roll=roll, name="陈好人")
    return roll


@pytest.mark.parametrize(
    ("when", "expected", "absent"),
    [
        ((2026, 5, 31), "将于2026年6月1日开始公示", "公示中"),
        ((2026, 6, 1), "公示中", "已结束"),
        ((2026, 6, 7, 23), "公示中", "已结束"),  # the end date is a whole day, Beijing time
        ((2026, 6, 8, 0), "名单已确定", "公示中"),
    ],
)
def test_publicity_state_follows_the_calendar(client, june_roll, when, expected, absent):
    with at(*when):
        html = client.get(june_roll.url).content.decode()
    assert expected in html and absent not in html


def test_while_open_the_page_gives_the_end_date_and_the_objection_form(client, june_roll):
    with at(2026, 6, 3):
        html = client.get(june_roll.url).content.decode()
        detail = client.get(june_roll.honorees.get().get_url()).content.decode()
    assert "2026年6月7日" in html
    assert f"/credit-requests/objection/honor_roll/?group={june_roll.pk}" in html
    assert "对该人选提出异议" in detail


def test_detail_page_shows_story_honours_and_a_responsive_photo(client, roll):
    honoree = HonoreeFactory(
        roll=roll,
        name="林秀英",
        photo=make_photo("林秀英照片"),
        story="<p>照顾瘫痪婆婆十八年。</p>",
        honours="阳东区“最美家庭”\n2025年度“阳江好人”",
    )
    response = client.get(honoree.get_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "照顾瘫痪婆婆十八年" in html and "阳东区“最美家庭”" in html
    assert "<picture" in html and 'type="image/webp"' in html
    assert re.search(r'srcset="[^"]+ 300w', html)  # phone and desktop widths from one upload
    assert honoree.get_absolute_url().startswith("http")


def test_unknown_or_hidden_honoree_is_404(client, roll, index):
    hidden = HonoreeFactory(roll=roll, name="未同意", without_consent=True)
    other_roll = HonorRollPageFactory(parent=index, title="另一榜单")
    elsewhere = HonoreeFactory(roll=other_roll)
    assert client.get(hidden.get_url()).status_code == 404
    assert client.get(roll.url + f"{elsewhere.pk}/").status_code == 404  # not via another list
    assert client.get(roll.url + "999999/").status_code == 404


def test_unpublished_list_hides_its_honorees(client, roll, honoree):
    roll.unpublish()
    from cms.honor_roll.models import Honoree

    assert not Honoree.objects.public().exists()


def test_filters_by_year_category_and_town(client, index):
    old = HonorRollPageFactory(parent=index, title="2025年度诚信典型", year=2025)
    new = HonorRollPageFactory(parent=index, title="2026年度诚信典型", year=2026)
    brave = HonorCategory.objects.get(name="见义勇为")
    zhapo = Town.objects.get(name="闸坡镇")
    HonoreeFactory(roll=old, name="黄志强", category=brave, town=zhapo)
    HonoreeFactory(roll=new, name="梁丽萍", category=brave)
    HonoreeFactory(roll=new, name="何国荣", town=zhapo)

    by_year = client.get(index.url, {"year": 2025}).content.decode()
    assert "2025年度诚信典型" in by_year and "2026年度诚信典型" not in by_year
    by_category = client.get(index.url, {"category": brave.pk}).content.decode()
    assert "黄志强" in by_category and "梁丽萍" in by_category and "何国荣" not in by_category
    by_town = client.get(index.url, {"town": zhapo.pk, "year": 2026}).content.decode()
    assert "何国荣" in by_town and "黄志强" not in by_town
    both = client.get(index.url, {"category": brave.pk, "town": zhapo.pk}).content.decode()
    assert "黄志强" in both and "梁丽萍" not in both and "何国荣" not in both
    bad = client.get(index.url, {"year": "abc", "town": "99999"})
    assert bad.status_code == 200 and "筛选条件无效" in bad.content.decode()


def test_home_page_shows_the_latest_list(client, home, index):
    HonorRollPageFactory(parent=index, title="较早的榜单", publicity_start=date(2025, 1, 1))
    latest = HonorRollPageFactory(
        parent=index, title="最新的榜单", publicity_start=date(2026, 6, 1)
    )
    HonoreeFactory(roll=latest, name="吴海燕")
    html = client.get(home.url).content.decode()
    assert "最新的榜单" in html and "吴海燕" in html and "较早的榜单" not in html
    assert "css/honor_roll" in html


def _queries_of_list_page(client, roll, count, django_assert_max_num_queries):
    for number in range(roll.honorees.count(), count):
        HonoreeFactory(roll=roll, name=f"人物{number}", photo=make_photo(f"照片{number}"))
    client.get(roll.url)  # the first visit makes the renditions and warms the site caches
    with django_assert_max_num_queries(17) as captured:
        response = client.get(roll.url)
    assert response.content.decode().count('class="honor-roll__card"') == count
    return len(captured)


def test_list_page_query_count_does_not_grow_with_honorees(
    client, roll, django_assert_max_num_queries
):
    few = _queries_of_list_page(client, roll, 3, django_assert_max_num_queries)
    many = _queries_of_list_page(client, roll, 30, django_assert_max_num_queries)
    assert many == few  # no query per honoree, photo or rendition
    print(f"\nlist page: {few} queries with 3 honorees, {many} with 30")


def test_sitemap_lists_public_honorees_only(client, roll, honoree):
    hidden = HonoreeFactory(roll=roll, name="隐藏", without_consent=True)
    xml = client.get("/sitemap.xml").content.decode()
    assert honoree.get_absolute_url() in xml
    assert f"{roll.slug}/{hidden.pk}/" not in xml
