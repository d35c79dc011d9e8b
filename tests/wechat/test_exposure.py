"""Exposure batches on WeChat: public entries only, masked IDs only, deleted when an entry leaves."""

import re
from datetime import date

from django.core.cache import cache

import pytest

from cms.exposure.choices import Status
from cms.exposure.status import change_status
from wechat import sync
from wechat.models import WeChatArticle

FULL_ID = re.compile(r"\d{17}[\dXx]")


def id_number(seq):
    from cms.home.privacy import check_character

    body = f"44170219850312{seq:03d}"
    return body + check_character(body)


@pytest.fixture
def batch(home):
    from tests.exposure.factories import ExposureIndexPageFactory, ExposureListPageFactory

    index = ExposureIndexPageFactory(parent=home)
    return ExposureListPageFactory(
        parent=index, title="2026年第1批严重失信主体名单", date=date(2026, 3, 1)
    )


@pytest.fixture
def entries(batch):
    from tests.exposure.factories import ExposureEntryFactory

    shown = [
        ExposureEntryFactory(batch=batch, name=name, id_number=id_number(n))
        for n, name in enumerate(["王五", "赵六"], start=1)
    ]
    withdrawn = ExposureEntryFactory(
        batch=batch, name="钱七", id_number=id_number(9), status=Status.WITHDRAWN
    )
    return shown, withdrawn


def published(standin, page):
    article = sync.publish(page)
    standin.wait_published(article.publish_id)
    return sync.refresh_publication(page)


def test_article_shows_public_entries_with_masked_ids_only(wechat_standin, batch, entries):
    (wang, zhao), withdrawn = entries
    sync.sync_draft(batch)
    article = WeChatArticle.objects.get(page=batch)
    content = wechat_standin.account.drafts[article.draft_media_id][0]["content"]
    assert "王五" in content and wang.masked_id in content and "赵六" in content
    assert "钱七" not in content
    assert not FULL_ID.search(content)
    assert id_number(1) not in content
    assert not re.search(r'<img [^>]*src="(?!' + re.escape(wechat_standin.url) + ")", content)


def test_repair_of_an_entry_deletes_the_article_that_showed_it_and_drafts_a_correction(
    wechat_standin, batch, entries, django_capture_on_commit_callbacks, client, admin_user
):
    (wang, _), _ = entries
    article = published(wechat_standin, batch)
    old_article_id, old_url = article.article_id, article.article_url
    assert "王五" in __import__("requests").get(old_url).text

    with django_capture_on_commit_callbacks(execute=True):
        change_status([wang], Status.REPAIRED, reason="信用修复完成", source="admin")

    [delete] = wechat_standin.calls_to("freepublish/delete")
    assert delete.json["article_id"] == old_article_id
    assert __import__("requests").get(old_url).status_code == 404
    article.refresh_from_db()
    assert article.state == WeChatArticle.State.DRAFT and article.needs_review
    assert article.article_id == ""
    corrected = wechat_standin.account.drafts[article.draft_media_id][0]["content"]
    assert "王五" not in corrected and "赵六" in corrected

    # The admin shows what was done, in the page's history.
    cache.clear()
    client.force_login(admin_user)
    history = client.get(f"/admin/pages/{batch.pk}/history/").content.decode()
    assert "删除公众号文章" in history and "信用修复" in history
    assert "生成公众号更正稿" in history


def test_an_entry_only_in_a_draft_is_removed_from_the_draft(
    wechat_standin, batch, entries, django_capture_on_commit_callbacks
):
    (_, zhao), _ = entries
    sync.sync_draft(batch)
    with django_capture_on_commit_callbacks(execute=True):
        change_status([zhao], Status.EXPIRED, reason="公示期满", source="expiry")
    article = WeChatArticle.objects.get(page=batch)
    assert not wechat_standin.calls_to("freepublish/delete")
    assert "赵六" not in wechat_standin.account.drafts[article.draft_media_id][0]["content"]


def test_unrelated_objects_leaving_touch_no_article(
    wechat_standin, batch, entries, django_capture_on_commit_callbacks
):
    from tests.exposure.factories import ExposureEntryFactory

    published(wechat_standin, batch)
    other = ExposureEntryFactory(batch=batch, name="孙八", id_number=id_number(20))
    wechat_standin.reset_calls()
    with django_capture_on_commit_callbacks(execute=True):
        change_status([other], Status.REPAIRED, reason="修复", source="admin")
    assert wechat_standin.api_calls() == []


def test_a_withdrawal_wechat_refuses_stays_pending_until_retried(
    wechat_standin, batch, entries, django_capture_on_commit_callbacks, client, admin_user
):
    from django.core.management import call_command

    (wang, _), _ = entries
    article = published(wechat_standin, batch)
    wechat_standin.fail_next(-1, times=None, endpoint="freepublish/delete", errmsg="system error")
    with django_capture_on_commit_callbacks(execute=True):
        change_status([wang], Status.REPAIRED, reason="信用修复完成", source="admin")
    article.refresh_from_db()
    assert article.withdrawal_pending.startswith("信用修复") and article.article_id
    client.force_login(admin_user)
    panel = client.get(f"/admin/wechat/pages/{batch.pk}/").content.decode()
    assert "尚未从公众号删除" in panel and "系统繁忙" in panel

    wechat_standin.clear_faults()
    call_command("wechat_retry", stdout=__import__("io").StringIO())
    article.refresh_from_db()
    assert article.withdrawal_pending == "" and article.article_id == ""
    assert wechat_standin.account.articles[
        wechat_standin.calls_to("freepublish/delete")[-1].json["article_id"]
    ]["deleted"]
    assert "王五" not in wechat_standin.account.drafts[article.draft_media_id][0]["content"]


def test_an_entry_leaving_while_its_article_is_being_published_is_withdrawn_when_it_finishes(
    wechat_standin, batch, entries, django_capture_on_commit_callbacks
):
    (wang, _), _ = entries
    article = sync.publish(batch)
    with django_capture_on_commit_callbacks(execute=True):
        change_status([wang], Status.REPAIRED, reason="信用修复完成", source="admin")
    article.refresh_from_db()
    assert article.state == WeChatArticle.State.PUBLISHING and article.withdrawal_pending
    job = wechat_standin.wait_published(article.publish_id)
    sync.refresh_publication(batch)
    article.refresh_from_db()
    assert wechat_standin.account.articles[job["article_id"]]["deleted"]
    assert article.withdrawal_pending == "" and article.needs_review
    assert "王五" not in wechat_standin.account.drafts[article.draft_media_id][0]["content"]
