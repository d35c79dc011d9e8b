"""Downloads keep their Chinese file names and are counted; staff see the counts."""

from urllib.parse import quote

import pytest

from cms.education.models import DocumentDownload

from .factories import make_document

pytestmark = pytest.mark.django_db


def test_download_keeps_the_chinese_file_name_and_is_counted(client):
    document = make_document("诚信教案", "诚信小故事教案.pdf")

    response = client.get(document.url)
    b"".join(response.streaming_content)

    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert f"filename*=UTF-8''{quote('诚信小故事教案.pdf')}" in disposition
    client.get(document.url)
    assert DocumentDownload.objects.get(document=document).count == 2


def test_byte_range_requests_of_one_download_count_once(client):
    document = make_document("诚信视频", "诚信视频.mp4", content=b"\x00" * 4096)

    client.get(document.url, HTTP_RANGE="bytes=0-1023")
    client.get(document.url, HTTP_RANGE="bytes=1024-2047")
    client.head(document.url)

    assert DocumentDownload.objects.get(document=document).count == 1


def test_staff_see_the_counts_in_the_admin(client, admin_user):
    document = make_document("红黑名单课件", "红黑名单课件.pdf")
    DocumentDownload.record(document)
    DocumentDownload.record(document)
    client.force_login(admin_user)

    response = client.get("/admin/document_downloads/")

    assert response.status_code == 200
    body = response.content.decode()
    assert "红黑名单课件" in body and ">2<" in body.replace(" ", "").replace("\n", "")
    assert client.get("/admin/document_downloads/new/").status_code in (302, 403)


def test_publicity_staff_can_read_the_counts_but_not_change_them(client, home):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from cms.home.roles import PUBLICITY_STAFF, ensure_roles

    ensure_roles(home)
    user = get_user_model().objects.create_user("editor", password="x")
    user.groups.add(Group.objects.get(name=PUBLICITY_STAFF))
    document = make_document("诚信海报", "诚信海报.png", content=b"\x89PNG")
    DocumentDownload.record(document)
    client.force_login(user)

    assert "诚信海报" in client.get("/admin/document_downloads/").content.decode()
    row = DocumentDownload.objects.get(document=document)
    assert client.get(f"/admin/document_downloads/edit/{row.pk}/").status_code in (302, 403)
