"""Honor rolls and education materials on WeChat: who may be shown, and who is taken down."""

import requests

from tests.education.factories import EducationIndexPageFactory, make_document, make_material
from tests.honor_roll.factories import (
    HonoreeFactory,
    HonorRollIndexPageFactory,
    HonorRollPageFactory,
)
from wechat import sync
from wechat.models import WeChatArticle


def draft_content(standin, page):
    article = WeChatArticle.objects.get(page=page)
    return standin.account.drafts[article.draft_media_id][0]["content"]


def test_honor_roll_article_shows_only_honorees_with_consent(wechat_standin, home, private_files):
    roll = HonorRollPageFactory(parent=HonorRollIndexPageFactory(parent=home))
    HonoreeFactory(roll=roll, name="陈好人", story="<p>见义勇为，救起落水儿童。</p>")
    HonoreeFactory(roll=roll, name="林未签", without_consent=True)
    sync.sync_draft(roll)
    content = draft_content(wechat_standin, roll)
    assert "陈好人" in content and "救起落水儿童" in content
    assert "林未签" not in content
    assert "公示期" in content  # the list is still open to objections


def test_withdrawn_consent_deletes_the_article_and_drafts_a_correction(
    wechat_standin, home, private_files, admin_user, django_capture_on_commit_callbacks
):
    from cms.honor_roll.withdrawal import withdraw_consent

    roll = HonorRollPageFactory(parent=HonorRollIndexPageFactory(parent=home))
    chen = HonoreeFactory(roll=roll, name="陈好人")
    HonoreeFactory(roll=roll, name="黄好人")
    article = sync.publish(roll)
    wechat_standin.wait_published(article.publish_id)
    article = sync.refresh_publication(roll)
    assert "陈好人" in requests.get(article.article_url).text

    with django_capture_on_commit_callbacks(execute=True):
        withdraw_consent(chen.pk, user=admin_user, reason="本人书面撤回同意")

    [delete] = wechat_standin.calls_to("freepublish/delete")
    assert delete.json["article_id"] == article.article_id
    assert requests.get(article.article_url).status_code == 404
    corrected = draft_content(wechat_standin, roll)
    assert "陈好人" not in corrected and "黄好人" in corrected


def test_education_material_lists_its_files_and_notes(wechat_standin, home):
    index = EducationIndexPageFactory(parent=home)
    material = make_material(
        index,
        title="小学诚信主题班会教案",
        stage="xiaoxue",
        teaching_notes="<p>建议用时40分钟。</p>",
        documents=[make_document(title="班会教案", filename="班会教案.pdf")],
    )
    sync.sync_draft(material)
    content = draft_content(wechat_standin, material)
    assert "适用学段：小学" in content
    assert "建议用时40分钟" in content
    assert "附件：班会教案" in content
