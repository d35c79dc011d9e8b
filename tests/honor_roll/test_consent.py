"""Consent: no list is published with an honoree lacking written consent, and a withdrawal takes
the honoree off every public surface at once, the page cache included."""

import json
from datetime import date

from django.urls import reverse

import pytest

from cms.home.signals import content_left_public
from cms.honor_roll.models import Honoree
from cms.honor_roll.withdrawal import withdraw_consent

from .factories import HonoreeFactory, HonorRollPageFactory, make_photo

pytestmark = pytest.mark.django_db


def rich(text):
    """Draftail's contentstate, as the admin form posts rich text."""
    block = {"key": "a", "text": text, "type": "unstyled", "depth": 0}
    block.update(inlineStyleRanges=[], entityRanges=[])
    return json.dumps({"blocks": [block], "entityMap": {}})


def page_form_data(page, **extra):
    data = {
        "title": page.title,
        "slug": page.slug,
        "year": page.year,
        "round_label": page.round_label,
        "list_type": page.list_type,
        "intro": rich(""),
        "recommending_unit": page.recommending_unit,
        "publicity_start": page.publicity_start.isoformat(),
        "publicity_end": page.publicity_end.isoformat(),
        "summary": "",
        "seo_title": "",
        "search_description": "",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
    }
    data.update(extra)
    return data


@pytest.fixture
def draft_roll(index):
    roll = HonorRollPageFactory(parent=index, live=False, title="2026年诚信典型")
    roll.save_revision()
    return roll


def test_publishing_is_refused_while_an_honoree_lacks_consent(client, superuser, draft_roll):
    HonoreeFactory(roll=draft_roll, name="有同意")
    HonoreeFactory(roll=draft_roll, name="缺同意", without_consent=True)
    client.force_login(superuser)
    url = reverse("wagtailadmin_pages:edit", args=[draft_roll.pk])

    response = client.post(url, page_form_data(draft_roll, **{"action-publish": "action-publish"}))

    assert response.status_code == 200  # the form again, with the reason
    text = response.content.decode()
    assert "尚未登记本人书面同意" in text and "缺同意" in text
    draft_roll.refresh_from_db()
    assert not draft_roll.live
    # Nor may it go to review with the honoree in it.
    response = client.post(url, page_form_data(draft_roll, **{"action-submit": "action-submit"}))
    assert "缺同意" in response.content.decode()
    assert draft_roll.specific.current_workflow_state is None


def test_publishing_succeeds_once_consent_is_recorded(client, superuser, draft_roll):
    HonoreeFactory(roll=draft_roll, name="有同意")
    client.force_login(superuser)
    url = reverse("wagtailadmin_pages:edit", args=[draft_roll.pk])

    response = client.post(url, page_form_data(draft_roll, **{"action-publish": "action-publish"}))

    assert response.status_code == 302
    draft_roll.refresh_from_db()
    assert draft_roll.live
    assert "有同意" in client.get(draft_roll.url).content.decode()


def test_a_publicity_window_ending_before_it_starts_is_refused(client, superuser, roll):
    client.force_login(superuser)
    url = reverse("wagtailadmin_pages:edit", args=[roll.pk])
    data = page_form_data(roll, publicity_start="2026-06-10", publicity_end="2026-06-03")

    response = client.post(url, data)

    assert response.status_code == 200
    assert "公示结束日期不能早于公示开始日期" in response.content.decode()
    roll.refresh_from_db()
    assert roll.publicity_end != date(2026, 6, 3)
    assert roll.revisions.count() == 0  # nothing saved, not even a draft


def test_a_blank_end_date_gives_seven_days(index):
    roll = HonorRollPageFactory(parent=index, publicity_end=None)
    assert (roll.publicity_end - roll.publicity_start).days == 6


def test_an_honoree_without_consent_is_never_shown(client, roll):
    HonoreeFactory(roll=roll, name="未同意者", without_consent=True)
    partial = HonoreeFactory(roll=roll, name="缺扫描件", consent_scan=None)
    assert not partial.has_consent
    html = client.get(roll.url).content.decode()
    assert "未同意者" not in html and "缺扫描件" not in html
    assert not Honoree.objects.public().filter(name__in=["未同意者", "缺扫描件"]).exists()


def test_withdrawal_hides_the_honoree_everywhere_with_the_page_cache_on(
    client, home, index, roll, reviewer, page_cache, django_capture_on_commit_callbacks
):
    photo = make_photo("陈好人照片")
    honoree = HonoreeFactory(roll=roll, name="陈好人", photo=photo)
    other = HonoreeFactory(roll=roll, name="李守信")
    detail_url = honoree.get_url()
    filter_url = f"{index.url}?category={honoree.category_id}"
    surfaces = [home.url, index.url, roll.url, detail_url, filter_url]
    for url in surfaces:
        client.get(url)
    # The pages are now served from the page cache, and they show the honoree.
    assert client.get(roll.url)["X-Wagtail-Cache"] == "hit"
    for url in (home.url, roll.url, detail_url, filter_url):
        assert "陈好人" in client.get(url).content.decode(), url
    images_api = client.get("/api/v2/images/").json()
    assert photo.pk in [item["id"] for item in images_api["items"]]
    rendition = photo.get_rendition("fill-240x320-c100")
    assert rendition.file.storage.exists(rendition.file.name)

    received = []

    def listener(sender, instances, reason, **kwargs):
        received.append((sender, [i.pk for i in instances], reason))

    content_left_public.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            withdraw_consent(honoree.pk, user=reviewer, reason="本人来电撤回")
    finally:
        content_left_public.disconnect(listener)

    assert received == [(Honoree, [honoree.pk], "consent_withdrawn")]
    for url in (home.url, index.url, roll.url, filter_url):
        html = client.get(url).content.decode()
        assert "陈好人" not in html, url
        assert "李守信" in html or url == index.url, url
    assert client.get(detail_url).status_code == 404
    assert not Honoree.objects.public().filter(pk=honoree.pk).exists()
    assert other in Honoree.objects.public()
    images_api = client.get("/api/v2/images/").json()
    assert photo.pk not in [item["id"] for item in images_api["items"]]
    assert client.get(f"/api/v2/images/{photo.pk}/").status_code == 404
    assert not photo.renditions.exists()
    assert not rendition.file.storage.exists(rendition.file.name)  # served URLs stop working

    # The record stays for staff, with who, when and why.
    honoree.refresh_from_db()
    assert honoree.consent_withdrawn_by == reviewer
    assert honoree.consent_withdrawn_reason == "本人来电撤回"
    assert honoree.consent_withdrawn_at is not None


def test_staff_withdraw_consent_in_the_admin(client, reviewer, honoree):
    client.force_login(reviewer)
    from cms.honor_roll.viewsets import honoree_viewset

    listing = client.get(reverse(honoree_viewset.get_url_name("list")))
    assert listing.status_code == 200 and "撤回同意" in listing.content.decode()
    url = reverse(honoree_viewset.get_url_name("withdraw_consent"), args=[honoree.pk])
    assert client.post(url, {"reason": ""}).status_code == 200  # reason required
    honoree.refresh_from_db()
    assert honoree.consent_withdrawn_at is None

    response = client.post(url, {"reason": "本人书面申请撤回"})

    assert response.status_code == 302
    honoree.refresh_from_db()
    assert honoree.consent_withdrawn_by == reviewer
    history = client.get(reverse(honoree_viewset.get_url_name("history"), args=[honoree.pk]))
    assert "撤回同意" in history.content.decode()


def test_consent_scan_is_private_and_downloadable_only_with_permission(
    client, settings, reviewer, editor, honoree
):
    from pathlib import Path

    from cms.honor_roll.viewsets import honoree_viewset

    path = Path(honoree.consent_scan.path)
    assert Path(settings.CREDIT_REQUEST_FILES_ROOT) in path.parents
    assert Path(settings.MEDIA_ROOT) not in path.parents
    with pytest.raises(ValueError):
        honoree.consent_scan.url  # noqa: B018  (no public URL exists)
    url = reverse(honoree_viewset.get_url_name("consent_scan"), args=[honoree.pk])

    client.force_login(editor)
    assert client.get(url).status_code in (302, 403)
    client.force_login(reviewer)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_staff_upload_a_consent_scan_checked_by_content(client, superuser, roll):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cms.honor_roll.models import HonorCategory
    from cms.honor_roll.viewsets import honoree_viewset

    from .factories import png_bytes

    client.force_login(superuser)
    data = {
        "roll": roll.pk,
        "name": "王诚信",
        "gender": "m",
        "category": HonorCategory.objects.get(name="助人为乐").pk,
        "story": rich("事迹"),
        "sort_order": 0,
        "consent_given_by": "王诚信",
        "consent_given_on": "2026-05-01",
        "consent_method": "signed",
    }
    url = reverse(honoree_viewset.get_url_name("add"))
    bad = client.post(
        url, {**data, "consent_scan": SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf")}
    )
    assert bad.status_code == 200
    assert "不是PDF、JPG或PNG格式" in bad.content.decode()
    assert not Honoree.objects.filter(name="王诚信").exists()

    scan = SimpleUploadedFile("扫描件.png", png_bytes())
    response = client.post(url, {**data, "consent_scan": scan})

    assert response.status_code == 302, response.content.decode()[:2000]
    created = Honoree.objects.get(name="王诚信")
    assert created.has_consent and created.consent_scan_type == "image/png"
    assert "扫描件" not in created.consent_scan.name


def test_editors_prepare_honorees_in_the_admin(client, editor, honoree):
    from cms.honor_roll.viewsets import honoree_viewset

    client.force_login(editor)
    add = client.get(reverse(honoree_viewset.get_url_name("add")))
    assert add.status_code == 200 and "同意书扫描件" in add.content.decode()
    edit = client.get(reverse(honoree_viewset.get_url_name("edit"), args=[honoree.pk]))
    assert edit.status_code == 200 and "已上传同意书扫描件" in edit.content.decode()
    assert honoree.consent_scan.name not in edit.content.decode()  # no path or link leaks
    listing = client.get(reverse(honoree_viewset.get_url_name("list"))).content.decode()
    assert "陈好人" in listing and "撤回同意" not in listing  # reviewers record withdrawals


def test_deleting_a_public_honoree_tells_the_channels_and_removes_the_scan(
    honoree, django_capture_on_commit_callbacks
):
    from pathlib import Path

    scan = Path(honoree.consent_scan.path)
    pk = honoree.pk
    received = []

    def listener(sender, instances, reason, **kwargs):
        received.append(([i.name for i in instances], reason))

    content_left_public.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            honoree.delete()
    finally:
        content_left_public.disconnect(listener)
    assert received == [(["陈好人"], "withdrawn")]
    assert not scan.exists() and not Honoree.objects.filter(pk=pk).exists()
