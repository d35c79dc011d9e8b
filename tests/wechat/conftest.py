"""Fixtures of the WeChat tests: pages with images, staff users, the stand-in (tests/conftest.py)."""

from django.core.files.images import ImageFile

from wagtail.images import get_image_model

import pytest

from tests.wechat.images import image_bytes


@pytest.fixture(autouse=True)
def _every_test_starts_with_an_empty_cache(fresh_cache):
    """Tokens, locks and upload counters live in the cache."""


@pytest.fixture
def make_image(db):
    counter = iter(range(10_000))

    def make(data=None, name=None, **options):
        number = next(counter)
        data = data or image_bytes(color=(number * 7 % 256, 80, 120), **options)
        Image = get_image_model()
        image = Image(
            title=f"图片{number}", file=ImageFile(_named(data), name=name or f"p{number}.jpg")
        )
        image.save()
        return image

    return make


def _named(data):
    import io

    return io.BytesIO(data)


@pytest.fixture
def column(home):
    from tests.home.factories import ArticleIndexPageFactory

    return ArticleIndexPageFactory(parent=home, title="工作动态", slug="news")


@pytest.fixture
def article_page(column, make_image):
    from tests.home.factories import ArticlePageFactory

    return ArticlePageFactory(
        parent=column,
        title="我市召开社会信用体系建设推进会",
        slug="meeting",
        cover_image=make_image(size=(1200, 600)),
        body=[
            (
                "paragraph",
                '<h2>会议要求</h2><p>详见<a href="https://www.gov.cn/zhengce/">国务院政策</a>。</p>',
            ),
            ("image", {"image": make_image(), "caption": "会议现场", "attribution": ""}),
        ],
    )


@pytest.fixture
def campaign_index(home):
    from tests.campaigns.factories import CampaignIndexPageFactory

    return CampaignIndexPageFactory(parent=home)


@pytest.fixture
def make_campaign(campaign_index):
    from tests.campaigns.factories import CampaignPageFactory, PublicityEventFactory

    def make(images, **fields):
        event = PublicityEventFactory(month=6, day=14)
        gallery = {"title": "活动图集", "images": [{"image": i, "caption": ""} for i in images]}
        return CampaignPageFactory(
            parent=campaign_index,
            event=event,
            body=[("paragraph", "<p>活动内容</p>"), ("gallery", gallery)],
            **fields,
        )

    return make


@pytest.fixture
def reviewer(db, home):
    from django.contrib.auth.models import Group

    from cms.home.roles import CREDIT_REVIEWERS, ensure_roles

    from .factories import staff_user

    ensure_roles(home)
    return staff_user("reviewer", Group.objects.get(name=CREDIT_REVIEWERS))


@pytest.fixture
def editor(db, home):
    from django.contrib.auth.models import Group

    from cms.home.roles import PUBLICITY_STAFF, ensure_roles

    from .factories import staff_user

    ensure_roles(home)
    return staff_user("editor", Group.objects.get(name=PUBLICITY_STAFF))
