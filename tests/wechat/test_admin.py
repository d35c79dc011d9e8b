"""The 公众号 panel in the admin: who may do what, what staff see."""

import requests

from wechat.models import WeChatArticle


def panel(client, page):
    return client.get(f"/admin/wechat/pages/{page.pk}/")


def test_page_menus_offer_the_panel_only_for_republished_page_types(
    client, admin_user, article_page, column
):
    client.force_login(admin_user)
    edit = client.get(f"/admin/pages/{article_page.pk}/edit/").content.decode()
    assert f"/admin/wechat/pages/{article_page.pk}/" in edit
    column_edit = client.get(f"/admin/pages/{column.pk}/edit/").content.decode()
    assert "/admin/wechat/pages/" not in column_edit
    assert client.get(f"/admin/wechat/pages/{column.pk}/").status_code in (302, 403)


def test_an_editor_syncs_the_draft_but_may_not_publish(
    wechat_standin, client, editor, article_page
):
    client.force_login(editor)
    page = panel(client, article_page).content.decode()
    assert "同步到草稿箱" in page and 'data-wechat-action="publish"' not in page
    assert "需要“信用审核员”权限" in page
    response = client.post(f"/admin/wechat/pages/{article_page.pk}/sync/")
    assert response.status_code == 302
    article = WeChatArticle.objects.get(page=article_page)
    assert article.state == WeChatArticle.State.DRAFT
    assert client.post(f"/admin/wechat/pages/{article_page.pk}/publish/").status_code in (302, 403)
    assert not wechat_standin.calls_to("freepublish/submit")
    draft = client.get(f"/admin/wechat/pages/{article_page.pk}/draft/").content.decode()
    assert "会议现场" in draft and wechat_standin.url + "mmbiz/" in draft


def test_a_reviewer_publishes_and_sees_the_article(wechat_standin, client, reviewer, article_page):
    client.force_login(reviewer)
    client.post(f"/admin/wechat/pages/{article_page.pk}/publish/")
    article = WeChatArticle.objects.get(page=article_page)
    assert "发布中" in panel(client, article_page).content.decode()
    wechat_standin.wait_published(article.publish_id)
    client.post(f"/admin/wechat/pages/{article_page.pk}/refresh/")
    page = panel(client, article_page).content.decode()
    article.refresh_from_db()
    assert "已发布" in page and article.article_url in page
    assert "我市召开社会信用体系建设推进会" in requests.get(article.article_url, timeout=5).text
    assert "公众号文章已发布" in page and "提交公众号发布" in page  # history


def test_a_long_title_shows_the_error_and_the_field_to_shorten_it(
    wechat_standin, client, admin_user, make_campaign
):
    page_obj = make_campaign([], title="关于开展" + "诚信" * 20 + "宣传活动")
    client.force_login(admin_user)
    response = client.post(f"/admin/wechat/pages/{page_obj.pk}/sync/", follow=True)
    html = response.content.decode()
    assert "微信最多 32 个字" in html and 'name="title_override"' in html
    client.post(
        f"/admin/wechat/pages/{page_obj.pk}/",
        {"title_override": "诚信宣传活动", "digest_override": ""},
    )
    client.post(f"/admin/wechat/pages/{page_obj.pk}/sync/")
    article = WeChatArticle.objects.get(page=page_obj)
    assert article.last_error == "" and article.draft_media_id


def test_preview_shows_the_rendered_article_without_sending_anything(
    wechat_standin, client, admin_user, article_page
):
    client.force_login(admin_user)
    response = client.get(f"/admin/wechat/pages/{article_page.pk}/preview/")
    html = response.content.decode()
    assert response.status_code == 200 and "sandbox" in response["Content-Security-Policy"]
    assert "会议要求" in html and "国务院政策（" in html
    assert 'src="wechat-image' not in html and "<img " in html
    assert wechat_standin.calls == []


def test_the_list_shows_pages_sent_to_wechat(wechat_standin, client, admin_user, article_page):
    from wechat import sync

    sync.sync_draft(article_page)
    client.force_login(admin_user)
    html = client.get("/admin/wechat/").content.decode()
    assert article_page.title in html and "已同步到草稿箱" in html
