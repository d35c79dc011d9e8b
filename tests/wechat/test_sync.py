"""Republishing over real HTTP against the stand-in: uploads, drafts, limits, faults."""

import re

import pytest

from tests.wechat.images import image_bytes
from wechat import sync
from wechat.models import WeChatArticle
from wechat.renderers.base import RenderError
from wechat.tasks import publish_task, refresh_publication_task, sync_draft_task


def draft_of(standin, article):
    return standin.account.drafts[article.draft_media_id][0]


def test_campaign_with_20_images_two_identical_makes_19_uploads_then_none(
    wechat_standin, make_campaign, make_image
):
    same = image_bytes(color=(1, 2, 3), size=(80, 60))
    images = [make_image() for _ in range(18)] + [make_image(same), make_image(same)]
    page = make_campaign(images, cover_image=make_image(size=(1200, 500)))

    first = sync.sync_draft(page)
    assert len(wechat_standin.calls_to("media/uploadimg")) == 19
    assert len(wechat_standin.calls_to("material/add_material")) == 1  # the cover thumb
    assert first.uploads == 20
    article = WeChatArticle.objects.get(page=page)
    draft = draft_of(wechat_standin, article)
    assert len(re.findall(r"<img ", draft["content"])) == 20
    assert draft["pic_crop_235_1"] == "0_0_1_1"  # posted directly: the crop fields survive

    wechat_standin.reset_calls()
    second = sync.sync_draft(page)
    assert second.unchanged and second.uploads == 0
    assert [c.endpoint for c in wechat_standin.api_calls()] == []


def test_article_links_become_text_and_only_own_images_remain(wechat_standin, article_page):
    sync.sync_draft(article_page)
    content = draft_of(wechat_standin, WeChatArticle.objects.get(page=article_page))["content"]
    assert "<a " not in content
    assert "国务院政策（" in content and "https://www.gov.cn/zhengce/" in content
    assert "class=" not in content and "<style" not in content
    sources = re.findall(r'<img [^>]*src="([^"]+)"', content)
    assert sources and all(src.startswith(wechat_standin.url + "mmbiz/") for src in sources)
    draft = draft_of(wechat_standin, WeChatArticle.objects.get(page=article_page))
    assert draft["content_source_url"] == article_page.full_url


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (image_bytes("WEBP", size=(300, 200)), "x.webp"),
        (image_bytes("GIF", size=(300, 200)), "x.gif"),
        (image_bytes("JPEG", size=(300, 200), mode="CMYK"), "cmyk.jpg"),
        (image_bytes("PNG", size=(1400, 1400), noise=True), "huge.png"),
    ],
    ids=["webp", "gif", "cmyk-jpeg", "huge-png"],
)
def test_unsupported_or_oversized_images_are_converted(
    wechat_standin, make_campaign, make_image, data, name
):
    page = make_campaign([make_image(data, name=name)])
    sync.sync_draft(page)
    [upload] = wechat_standin.calls_to("media/uploadimg")
    filename, content_type, size = upload.files["media"]
    assert upload.errcode == 0
    assert content_type in ("image/jpeg", "image/png") and size < 1024 * 1024


def test_cover_is_a_small_jpeg_thumb(wechat_standin, make_campaign, make_image):
    page = make_campaign([], cover_image=make_image(size=(2000, 1400), noise=True))
    sync.sync_draft(page)
    [thumb] = wechat_standin.calls_to("material/add_material")
    assert thumb.query["type"] == "thumb"
    assert thumb.files["media"][2] <= 64 * 1024


def test_a_title_too_long_is_an_error_for_the_editor_until_shortened(wechat_standin, make_campaign):
    page = make_campaign([], title="关于开展" + "诚信" * 20 + "宣传活动")
    sync_draft_task.enqueue(page.pk)
    article = WeChatArticle.objects.get(page=page)
    assert "微信最多 32 个字" in article.last_error and "微信标题" in article.last_error
    assert not wechat_standin.calls_to("draft/add")
    article.title_override = "诚信宣传活动"
    article.save()
    sync_draft_task.enqueue(page.pk)
    article.refresh_from_db()
    assert article.last_error == "" and article.draft_media_id
    assert draft_of(wechat_standin, article)["title"] == "诚信宣传活动"


def test_a_body_over_the_limit_is_refused_before_sending(wechat_standin, make_campaign, column):
    from tests.home.factories import ArticlePageFactory

    page = ArticlePageFactory(parent=column, body=[("paragraph", "<p>" + "长" * 20000 + "</p>")])
    with pytest.raises(RenderError, match="20000"):
        sync.sync_draft(page)
    assert not wechat_standin.calls_to("draft/add")


def test_a_quota_error_backs_off_and_the_sync_succeeds(wechat_standin, make_campaign, make_image):
    page = make_campaign([make_image(), make_image()])
    wechat_standin.fail_next(45009, endpoint="media/uploadimg")
    sync_draft_task.enqueue(page.pk)
    article = WeChatArticle.objects.get(page=page)
    assert article.state == WeChatArticle.State.DRAFT and article.last_error == ""
    assert len(wechat_standin.account.drafts) == 1


def test_a_server_that_always_fails_ends_bounded_with_the_error_recorded_and_nothing_doubled(
    wechat_standin, make_campaign, make_image
):
    page = make_campaign([make_image()])
    wechat_standin.fail_next(-1, times=None, endpoint="draft/add", errmsg="system error")
    sync_draft_task.enqueue(page.pk)
    article = WeChatArticle.objects.get(page=page)
    assert article.last_errcode == -1 and "系统繁忙" in article.last_error
    assert len(wechat_standin.calls_to("draft/add")) == 1
    assert len(wechat_standin.calls) < 10
    # The retry reuses the uploaded image and makes exactly one draft.
    wechat_standin.clear_faults()
    wechat_standin.reset_calls()
    sync_draft_task.enqueue(page.pk)
    sync_draft_task.enqueue(page.pk)
    assert not wechat_standin.calls_to("media/uploadimg")
    assert len(wechat_standin.account.drafts) == 1


def test_token_revoked_mid_batch_is_replaced(wechat_standin, make_campaign, make_image):
    pages = [make_campaign([make_image()]) for _ in range(3)]
    sync.sync_draft(pages[0])
    wechat_standin.account.revoke_tokens()
    for page in pages[1:]:
        sync.sync_draft(page)
    assert len(wechat_standin.account.drafts) == 3


def test_wechat_down_leaves_a_clear_state(settings, make_campaign):
    from bench.harness import free_port

    settings.WECHAT_API_BASE_URL = f"http://127.0.0.1:{free_port()}/"
    page = make_campaign([])
    sync_draft_task.enqueue(page.pk)
    article = WeChatArticle.objects.get(page=page)
    assert "无法连接微信服务器" in article.last_error
    assert article.state == WeChatArticle.State.NEW


def test_publish_polls_until_published_and_retry_never_makes_a_second_article(
    wechat_standin, article_page
):
    publish_task.enqueue(article_page.pk)
    article = WeChatArticle.objects.get(page=article_page)
    assert article.state == WeChatArticle.State.PUBLISHING
    publish_task.enqueue(article_page.pk)  # a retry while publishing: polled, not resubmitted
    assert len(wechat_standin.calls_to("freepublish/submit")) == 1
    wechat_standin.wait_published(article.publish_id)
    refresh_publication_task.enqueue(article_page.pk)
    article.refresh_from_db()
    assert article.state == WeChatArticle.State.PUBLISHED
    assert "我市召开社会信用体系建设推进会" in __import__("requests").get(article.article_url).text
    publish_task.enqueue(article_page.pk)  # unchanged: nothing to publish again
    assert len(wechat_standin.calls_to("freepublish/submit")) == 1
    assert len(wechat_standin.account.articles) == 1


def test_a_new_version_replaces_the_live_article(wechat_standin, article_page):
    def publish_and_finish():
        article = sync.publish(article_page)
        wechat_standin.wait_published(article.publish_id)
        return sync.refresh_publication(article_page)

    first = publish_and_finish().article_id
    article_page.title = "推进会（更新）"
    article_page.save_revision().publish()
    second = publish_and_finish().article_id
    assert first != second
    assert wechat_standin.account.articles[first]["deleted"]
    assert not wechat_standin.account.articles[second]["deleted"]


def test_publish_job_finished_signal_updates_the_state(wechat_standin, article_page):
    from wechat.signals import publish_job_finished

    article = sync.publish(article_page)
    job = wechat_standin.wait_published(article.publish_id)
    publish_job_finished.send(
        sender=None,
        publish_id=article.publish_id,
        publish_status=0,
        article_id=job["article_id"],
        article_urls=[job["article_detail"]["item"][0]["article_url"]],
        fail_idx=[],
    )
    article.refresh_from_db()
    assert article.state == WeChatArticle.State.PUBLISHED
    assert article.article_id == job["article_id"]
    assert not wechat_standin.calls_to("freepublish/get")


def test_auto_update_opt_in_syncs_the_draft_when_the_page_is_republished(
    wechat_standin, article_page, django_capture_on_commit_callbacks
):
    sync.sync_draft(article_page)
    article = WeChatArticle.objects.get(page=article_page)
    article_page.summary = "新的摘要"
    with django_capture_on_commit_callbacks(execute=True):
        article_page.save_revision().publish()
    assert draft_of(wechat_standin, article)["digest"] == "文章摘要"  # not opted in
    article.auto_update = True
    article.save()
    with django_capture_on_commit_callbacks(execute=True):
        article_page.save_revision().publish()
    assert draft_of(wechat_standin, article)["digest"] == "新的摘要"


def test_mass_send_quota_errors_are_shown_clearly(wechat_standin, article_page):
    from wechat.tasks import mass_send_task

    article = sync.publish(article_page)
    wechat_standin.wait_published(article.publish_id)
    sync.refresh_publication(article_page)
    mass_send_task.enqueue(article_page.pk)
    article.refresh_from_db()
    assert article.mass_sent_at and article.last_error == ""
    mass_send_task.enqueue(article_page.pk)
    article.refresh_from_db()
    assert "45065" in article.last_error and "重复" in article.last_error
    assert len(wechat_standin.account.mass_sends) == 1


def test_publishing_a_page_prepares_its_images_and_the_sync_only_uploads_them(
    wechat_standin, article_page, django_capture_on_commit_callbacks
):
    from wagtail.images import get_image_model

    from wechat import images as wimages

    Rendition = get_image_model().get_rendition_model()
    with django_capture_on_commit_callbacks(execute=True):
        article_page.save_revision().publish()
    prepared = set(Rendition.objects.values_list("pk", "filter_spec"))
    assert {spec for _, spec in prepared} == {wimages.BODY_JPEG_SPEC, wimages.COVER_SPEC}
    assert not wechat_standin.calls  # preparing talks to nobody

    result = sync.sync_draft(article_page)
    assert set(Rendition.objects.values_list("pk", "filter_spec")) == prepared  # reused
    assert result.uploads == 2 and len(wechat_standin.calls_to("media/uploadimg")) == 1
    [thumb] = wechat_standin.calls_to("material/add_material")
    assert thumb.files["media"][1] == "image/jpeg" and thumb.files["media"][2] <= 64 * 1024


def test_a_broken_image_does_not_lose_the_images_that_went_through(
    wechat_standin, make_campaign, make_image
):
    good, broken = make_image(), make_image()
    with broken.file.storage.open(broken.file.name, "wb") as damaged:  # e.g. a truncated upload
        damaged.write(b"not a picture any more")
    page = make_campaign([good, broken])
    with pytest.raises(RenderError, match="无法转换"):
        sync.sync_draft(page)
    uploaded = len(wechat_standin.calls_to("media/uploadimg"))
    assert uploaded == 1  # the good one, kept
    wechat_standin.reset_calls()
    sync.sync_draft(make_campaign([good]))  # the editor leaves the broken picture out
    assert not wechat_standin.calls_to("media/uploadimg")  # the good one is not sent again
