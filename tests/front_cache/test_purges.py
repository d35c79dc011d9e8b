"""What the front cache is told, and when: purges follow every change that empties the page
cache, go out after commit, and a purge that fails is retried and shown to staff."""

from datetime import timedelta
from io import StringIO

from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

import pytest

from cms.front_cache.models import FrontCachePurge
from cms.home.signals import content_left_public
from tests.home.factories import ArticleIndexPageFactory, ArticlePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def column(home):
    return ArticleIndexPageFactory(parent=home, title="工作动态")


def publish(page):
    page.save_revision().publish()


def test_publishing_bans_the_whole_site_after_commit(
    home, column, purge_recorder, django_capture_on_commit_callbacks
):
    article = ArticlePageFactory(parent=column, title="新动态", live=False)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish(article)
    assert purge_recorder.requests == [], "nothing may reach Varnish before the commit"
    for callback in callbacks:
        callback()
    assert purge_recorder.methods("BAN") == [
        {"method": "BAN", "path": "/", "host": "localhost", "ban_path": "^/"}
    ]
    purge = FrontCachePurge.objects.get()
    assert purge.status == FrontCachePurge.Status.DONE and purge.reason == "发布：新动态"


def test_one_transaction_makes_one_purge(
    home, column, purge_recorder, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        publish(ArticlePageFactory(parent=column, title="甲", live=False))
        publish(ArticlePageFactory(parent=column, title="乙", live=False))
    assert len(purge_recorder.methods("BAN")) == 1
    assert FrontCachePurge.objects.get().reason == "发布：甲；发布：乙"


@pytest.mark.parametrize("change", ["unpublish", "move", "delete", "footer"])
def test_every_change_that_empties_the_page_cache_bans_the_site(
    change, home, column, purge_recorder, django_capture_on_commit_callbacks
):
    from wagtail.models import Site

    from cms.home.models import SiteFooterSettings

    article = ArticlePageFactory(parent=column)
    other_column = ArticleIndexPageFactory(parent=home)
    with django_capture_on_commit_callbacks(execute=True):
        if change == "unpublish":
            article.unpublish()
        elif change == "move":
            article.move(other_column, pos="last-child")
        elif change == "delete":
            article.delete()
        else:
            footer = SiteFooterSettings.for_site(Site.objects.get(is_default_site=True))
            footer.fault_report_phone = "0662-1234567"
            footer.save()
    assert [(r["host"], r["ban_path"]) for r in purge_recorder.methods("BAN")] == [
        ("localhost", "^/")
    ]


def test_an_exposure_entry_leaving_purges_the_pages_that_showed_it(
    home, purge_recorder, django_capture_on_commit_callbacks
):
    from tests.exposure.factories import (
        ExposureEntryFactory,
        ExposureIndexPageFactory,
        ExposureListPageFactory,
    )

    index = ExposureIndexPageFactory(parent=home)
    batch = ExposureListPageFactory(parent=index, slug="batch-7")
    entries = ExposureEntryFactory.create_batch(3, batch=batch)
    with django_capture_on_commit_callbacks(execute=True):
        content_left_public.send(sender=type(entries[0]), instances=entries, reason="repaired")
    assert purge_recorder.methods("BAN") == []
    assert sorted(r["path"] for r in purge_recorder.methods("PURGE")) == [
        "/",
        "/exposure/",
        "/exposure/batch-7/",
        "/exposure/batch-7/api/",
        "/exposure/feed/",
    ]
    assert FrontCachePurge.objects.get().reason == "下线（信用修复）：失信主体 3 条"


def test_a_sender_that_cannot_say_where_it_showed_gets_the_whole_site_banned(
    home, purge_recorder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        content_left_public.send(sender=type(home), instances=[home], reason="withdrawn")
    assert [r["ban_path"] for r in purge_recorder.methods("BAN")] == ["^/"]


def test_without_frontend_cache_urls_nothing_is_recorded_or_sent(
    home, column, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {}
    with django_capture_on_commit_callbacks(execute=True):
        publish(ArticlePageFactory(parent=column, live=False))
    assert not FrontCachePurge.objects.exists()


def test_a_refused_purge_is_failed_and_shown_on_the_dashboard(
    home, column, purge_recorder, django_capture_on_commit_callbacks, client, admin_user
):
    purge_recorder.status = 403  # e.g. the application host missing from the VCL's ACL
    with django_capture_on_commit_callbacks(execute=True):
        publish(ArticlePageFactory(parent=column, title="未能清除的动态", live=False))
    purge = FrontCachePurge.objects.get()
    assert purge.status == FrontCachePurge.Status.FAILED
    assert "HTTP 403" in purge.last_error

    client.force_login(admin_user)
    html = client.get("/admin/").content.decode()
    assert "前端缓存清除失败" in html and "发布：未能清除的动态" in html and "HTTP 403" in html


def test_dashboard_says_nothing_when_every_purge_got_through(
    home, column, purge_recorder, django_capture_on_commit_callbacks, client, admin_user
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(ArticlePageFactory(parent=column, live=False))
    client.force_login(admin_user)
    assert "前端缓存清除失败" not in client.get("/admin/").content.decode()


def test_an_unreachable_varnish_is_retried_later_where_the_task_backend_can_defer(
    home, column, settings, django_capture_on_commit_callbacks
):
    from django_tasks import default_task_backend

    from cms.front_cache.backends import VarnishBackend
    from cms.front_cache.tasks import send_purge

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.WAGTAILFRONTENDCACHE = {
        "varnish1": {
            "BACKEND": VarnishBackend.__module__ + ".VarnishBackend",
            "LOCATION": "http://127.0.0.1:9",
        }
    }
    with django_capture_on_commit_callbacks(execute=True):
        publish(ArticlePageFactory(parent=column, live=False))
    purge = FrontCachePurge.objects.get()

    def queued():
        return [r for r in default_task_backend.results if r.task.name == send_purge.name]

    (first,) = queued()
    send_purge.call(*first.args)  # what db_worker would do

    purge.refresh_from_db()
    assert purge.status == FrontCachePurge.Status.RETRYING and purge.attempts == 1
    retry = queued()[-1]
    assert retry.args == [purge.pk]
    assert retry.task.run_after > timezone.now() + timedelta(seconds=2)


def test_daily_command_purges_the_home_page_and_the_whole_calendar(home, purge_recorder):
    from tests.campaigns.factories import CampaignIndexPageFactory

    CampaignIndexPageFactory(parent=home, slug="campaigns")
    out = StringIO()
    call_command("purge_front_cache", "--dated", stdout=out)
    assert [r["path"] for r in purge_recorder.methods("PURGE")] == ["/"]
    assert [(r["host"], r["ban_path"]) for r in purge_recorder.methods("BAN")] == [
        ("localhost", "^/campaigns/")
    ]
    assert FrontCachePurge.objects.get().status == FrontCachePurge.Status.DONE


def test_daily_command_forgets_old_successful_purges_but_keeps_failures(home, purge_recorder):
    old = timezone.now() - timedelta(days=31)
    FrontCachePurge.objects.create(reason="旧", status=FrontCachePurge.Status.DONE, created_at=old)
    FrontCachePurge.objects.create(
        reason="旧失败", status=FrontCachePurge.Status.FAILED, created_at=old
    )
    call_command("purge_front_cache", "--dated", stdout=StringIO())
    assert sorted(FrontCachePurge.objects.values_list("reason", flat=True)) == [
        "旧失败",
        "每日清除（随日期变化的页面）",
    ]


def test_daily_command_fails_loudly_when_varnish_refuses(home, purge_recorder):
    purge_recorder.status = 500
    with pytest.raises(CommandError, match="HTTP 500"):
        call_command("purge_front_cache", "--all", stdout=StringIO())
    assert FrontCachePurge.objects.get().status == FrontCachePurge.Status.FAILED


def test_staff_can_list_and_inspect_purges_but_not_change_them(client, admin_user):
    purge = FrontCachePurge.objects.create(
        reason="发布：某页面",
        bans=[["localhost", "^/"]],
        status=FrontCachePurge.Status.FAILED,
        last_error="[varnish1] BAN localhost ^/ → 127.0.0.1:6081: Connection refused",
    )
    client.force_login(admin_user)
    listing = client.get("/admin/front-cache-purges/?status=failed")
    assert listing.status_code == 200 and "发布：某页面" in listing.content.decode()
    inspect = client.get(f"/admin/front-cache-purges/inspect/{purge.pk}/").content.decode()
    assert "Connection refused" in inspect
    assert client.get("/admin/front-cache-purges/new/").status_code in (302, 403)
    assert client.get(f"/admin/front-cache-purges/edit/{purge.pk}/").status_code in (302, 403)


def test_editing_content_shown_on_cached_pages_bans_the_site(
    home, purge_recorder, private_files, django_capture_on_commit_callbacks
):
    """Honorees are not pages, but lists and the home page show them: an edit of a story must
    reach Varnish as it reaches the page cache."""
    from tests.honor_roll.factories import (
        HonoreeFactory,
        HonorRollIndexPageFactory,
        HonorRollPageFactory,
    )

    with django_capture_on_commit_callbacks(execute=True):  # as its own, committed change
        roll = HonorRollPageFactory(parent=HonorRollIndexPageFactory(parent=home))
        honoree = HonoreeFactory(roll=roll)
    purge_recorder.requests.clear()
    FrontCachePurge.objects.all().delete()
    # The test's outer transaction never commits, so the batch of the creation above still
    # looks pending; after a real commit the next change starts a new batch, as here.
    transaction.get_connection().front_cache_batch = None
    with django_capture_on_commit_callbacks(execute=True):
        honoree.story = "<p>新的事迹</p>"
        honoree.save()
    assert [(r["host"], r["ban_path"]) for r in purge_recorder.methods("BAN")] == [
        ("localhost", "^/")
    ]
    assert FrontCachePurge.objects.get().reason == "内容变更：入选人物"
