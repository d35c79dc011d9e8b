"""Every admin URL needs the second factor; codes are checked with clear Chinese messages."""

from datetime import timedelta

from django.contrib.admindocs.views import extract_views_from_urlpatterns, simplify_regex
from django.test import Client
from django.urls import get_resolver
from django.utils import timezone

import pytest
import time_machine
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from cms.accounts import second_factor
from tests.otp import current_code

pytestmark = pytest.mark.django_db

BEFORE_SECOND_FACTOR = (
    "/admin/login/",
    "/admin/logout/",
    "/admin/password_reset/",
    "/admin/jsi18n/",
    "/admin/sprite/",
    "/admin/security/verify/",
    "/admin/security/enrol/",
)


def every_admin_path():
    """Each admin URL pattern with sample arguments: pages, viewsets, the admin's own API."""
    paths = set()
    for _view, regex, _namespace, _name in extract_views_from_urlpatterns(
        get_resolver().url_patterns
    ):
        path = simplify_regex(regex)
        if not path.startswith("/admin/") or path.startswith(BEFORE_SECOND_FACTOR):
            continue
        for placeholder in ("<var>",):
            path = path.replace(placeholder, "1")
        while "<" in path:
            start = path.index("<")
            path = path[:start] + "1" + path[path.index(">", start) + 1 :]
        paths.add(path)
    return sorted(paths)


def signed_in_with_password_only(user):
    client = Client()
    client.force_login(user)  # django.test.Client: no second factor
    return client


def test_every_admin_url_refuses_a_session_without_second_factor(admin_user):
    TOTPDevice.objects.create(user=admin_user, name="手机", confirmed=True)
    client = signed_in_with_password_only(admin_user)
    paths = every_admin_path()
    for must_be_covered in (
        "/admin/",
        "/admin/pages/1/edit/",
        "/admin/api/main/pages/",
        "/admin/snippets/",
        "/admin/users/",
        "/admin/reports/site-history/",
        "/admin/security/audit/",
    ):
        assert must_be_covered in paths
    assert len(paths) > 100
    for path in paths:
        for response in (client.get(path), client.post(path, {"title": "x"})):
            assert response.status_code == 302, path
            assert response["Location"].startswith("/admin/security/verify/?next="), path


def test_the_fixture_client_passes_the_second_factor(admin_user, client):
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/api/main/pages/").status_code == 200


def test_a_new_account_binds_an_app_from_a_qr_code_drawn_by_the_site(editor):
    client = signed_in_with_password_only(editor)
    response = client.get("/admin/pages/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/admin/security/enrol/")
    body = response.content.decode()
    assert "<svg" in body and "扫描下方二维码" in body
    assert "http" not in body.split("<svg", 1)[1].split("</svg>", 1)[0].replace(
        "http://www.w3.org", ""
    )  # the QR code is drawn inline, no image from elsewhere
    key = client.session[second_factor.ENROL_KEY_SESSION_KEY]
    pending = TOTPDevice(user=editor, key=key)

    wrong = client.post("/admin/security/enrol/", {"code": "000000"})
    assert "验证码不正确" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=editor).exists()

    bound = client.post("/admin/security/enrol/", {"code": current_code(pending)})
    codes = bound.context["codes"]
    assert len(codes) == 10 and "请保存备用验证码" in bound.content.decode()
    assert TOTPDevice.objects.get(user=editor).confirmed
    assert client.get("/admin/").status_code == 200


def test_wrong_code_then_right_code(editor, editor_device):
    client = signed_in_with_password_only(editor)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        wrong = client.post("/admin/security/verify/", {"code": "123456"})
        assert "验证码不正确" in wrong.content.decode()
        assert client.get("/admin/").status_code == 302
        too_soon = client.post("/admin/security/verify/", {"code": current_code(editor_device)})
        assert "错误次数过多" in too_soon.content.decode()
        clock.shift(timedelta(seconds=2))
        right = client.post(
            "/admin/security/verify/?next=/admin/pages/", {"code": current_code(editor_device)}
        )
    assert right.status_code == 302 and right["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200


def test_a_replayed_code_is_refused_with_its_own_message(editor, editor_device):
    with time_machine.travel(timezone.now(), tick=False):
        code = current_code(editor_device)
        first = signed_in_with_password_only(editor)
        assert first.post("/admin/security/verify/", {"code": code}).status_code == 302
        second = signed_in_with_password_only(editor)
        replay = second.post("/admin/security/verify/", {"code": code})
    assert "该验证码已使用过" in replay.content.decode()
    assert second.get("/admin/").status_code == 302


def test_a_backup_code_works_once(editor, editor_device):
    codes = second_factor.replace_backup_codes(editor)
    first = signed_in_with_password_only(editor)
    assert first.post("/admin/security/verify/", {"code": codes[0].upper()}).status_code == 302
    assert first.get("/admin/").status_code == 200
    again = signed_in_with_password_only(editor)
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        refused = again.post("/admin/security/verify/", {"code": codes[0]})
    assert "备用验证码不正确或已使用过" in refused.content.decode()


def test_a_revoked_device_is_refused_and_cannot_be_replaced_by_the_user(editor, editor_device):
    second_factor.revoke(editor)
    client = signed_in_with_password_only(editor)
    page = client.get("/admin/", follow=True)
    assert "已被管理员停用" in page.content.decode()
    refused = client.post("/admin/security/verify/", {"code": current_code(editor_device)})
    assert "已被管理员停用" in refused.content.decode()
    # Binding a new app is a staff decision (reset), not something a password alone allows.
    assert client.get("/admin/security/enrol/")["Location"].startswith("/admin/security/verify/")
    assert client.get("/admin/").status_code == 302


def test_an_expired_device_is_refused(editor, editor_device, settings):
    settings.OTP_DEVICE_MAX_IDLE_DAYS = 90
    TOTPDevice.objects.filter(pk=editor_device.pk).update(
        last_used_at=timezone.now() - timedelta(days=91)
    )
    client = signed_in_with_password_only(editor)
    refused = client.post("/admin/security/verify/", {"code": current_code(editor_device)})
    assert "超过 90 天未使用，已失效" in refused.content.decode()
    assert client.get("/admin/").status_code == 302


def test_staff_reset_lets_the_user_bind_a_new_app(editor, editor_device, admin_user, client):
    second_factor.replace_backup_codes(editor)
    client.force_login(admin_user)
    page = client.get("/admin/security/")
    assert "zhangsan" in page.content.decode()
    client.post("/admin/security/", {"action": "reset", "user": editor.pk})
    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert not StaticDevice.objects.filter(user=editor).exists()
    again = signed_in_with_password_only(editor)
    assert again.get("/admin/")["Location"].startswith("/admin/security/enrol/")


def test_staff_security_page_needs_its_permission(editor, client):
    client.force_login(editor)
    assert client.get("/admin/security/").status_code in (302, 403)
    assert client.get("/admin/security/audit/").status_code in (302, 403)
    assert client.get("/admin/security/my-second-factor/").status_code == 200


def test_staff_renew_their_own_backup_codes(editor, editor_device, client):
    old = second_factor.replace_backup_codes(editor)
    client.force_login(editor)
    page = client.get("/admin/security/my-second-factor/").content.decode()
    assert editor_device.name in page and "重新生成备用验证码" in page
    renewed = client.post("/admin/security/my-second-factor/")
    new = renewed.context["codes"]
    assert len(new) == 10 and not set(new) & set(old)
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        refused = signed_in_with_password_only(editor).post(
            "/admin/security/verify/", {"code": old[0]}
        )
    assert "备用验证码不正确或已使用过" in refused.content.decode()
