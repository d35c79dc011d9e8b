"""Account events reach Wagtail's audit log with user, IP and time; export needs a permission."""

import csv
import io
from datetime import timedelta

from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.utils import timezone

from wagtail.models import ModelLogEntry

import pytest
import time_machine

from tests.otp import current_code

pytestmark = pytest.mark.django_db


def entries(action):
    return ModelLogEntry.objects.filter(action=action)


def test_login_second_factor_and_logout_are_logged_with_ip(editor, editor_device, staff_password):
    client = Client(REMOTE_ADDR="10.7.0.1")
    client.post("/admin/login/", {"username": "zhangsan", "password": "wrong"})
    client.post("/admin/login/", {"username": "nobody", "password": "wrong"})
    client.post("/admin/login/", {"username": "zhangsan", "password": staff_password})
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.post("/admin/security/verify/", {"code": "000000"})
        clock.shift(timedelta(seconds=2))  # past django-otp's throttle after a wrong code
        client.post("/admin/security/verify/", {"code": current_code(editor_device)})
    client.post("/admin/logout/")

    login = entries("accounts.login").get()
    assert login.user == editor and login.data["ip"] == "10.7.0.1" and login.timestamp
    assert "IP 10.7.0.1" in login.message
    failed = entries("accounts.login_failed")
    assert {entry.data["username"] for entry in failed} == {"zhangsan", "nobody"}
    assert all(entry.data["ip"] == "10.7.0.1" for entry in failed)
    assert entries("accounts.otp_failed").get().user == editor
    assert entries("accounts.otp_verified").get().data["ip"] == "10.7.0.1"
    assert entries("accounts.logout").get().user == editor


def test_enrolment_revocation_and_removal_are_logged(editor, admin_user, client):
    from cms.accounts import second_factor

    second_factor.replace_backup_codes(editor)
    client.force_login(admin_user)
    client.post("/admin/security/", {"action": "revoke", "user": editor.pk})
    client.post("/admin/security/", {"action": "reset", "user": editor.pk})
    revoked, removed = entries("accounts.otp_revoked").get(), entries("accounts.otp_removed").get()
    assert revoked.user == admin_user and revoked.object_id == str(editor.pk)
    assert removed.user == admin_user and removed.data["ip"] == "127.0.0.1"


def test_group_and_permission_changes_are_logged_with_who_and_ip(editor, admin_user, client):
    reviewers = Group.objects.create(name="信用审核员-测试")
    client.force_login(admin_user)
    response = client.post(
        f"/admin/users/edit/{editor.pk}/",
        {
            "username": "zhangsan",
            "email": "zhangsan@example.invalid",
            "first_name": "三",
            "last_name": "张",
            "is_active": "on",
            "groups": [group.pk for group in editor.groups.all()] + [reviewers.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    change = entries("accounts.groups_changed").filter(user=admin_user).get()
    assert change.user == admin_user and change.object_id == str(editor.pk)
    assert "信用审核员-测试" in change.message and "IP 127.0.0.1" in change.message

    reviewers.permissions.add(Permission.objects.get(codename="access_admin"))
    granted = entries("accounts.permissions_changed").filter(object_id=str(reviewers.pk)).get()
    assert granted.object_id == str(reviewers.pk) and "加入" in granted.message


def _export(client):
    response = client.get("/admin/security/audit/?export=csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return response, list(csv.reader(io.StringIO(body)))


def test_staff_with_the_permission_export_the_security_log_as_csv(editor, admin_user, client):
    Client(REMOTE_ADDR="10.8.0.1").post("/admin/login/", {"username": "zhangsan", "password": "x"})
    client.force_login(editor)
    refused = client.get("/admin/security/audit/?export=csv")
    assert refused.status_code != 200 or "text/csv" not in refused["Content-Type"]

    auditors = Group.objects.create(name="安全审计员")
    auditors.permissions.add(
        Permission.objects.get(codename="view_security_audit"),
        Permission.objects.get(codename="access_admin"),
    )
    editor.groups.add(auditors)
    response, rows = _export(client)
    assert response.status_code == 200 and "text/csv" in response["Content-Type"]
    assert "详情（账号、IP）" in rows[0]
    failed = [row for row in rows if "登录失败" in row]
    assert failed and "IP 10.8.0.1" in failed[0][-1] and "账号 zhangsan" in failed[0][-1]


def test_wagtail_site_history_export_also_lists_account_events(editor, admin_user, client):
    client.force_login(admin_user)
    response = client.get("/admin/reports/site-history/?export=csv")
    assert response.status_code == 200 and "text/csv" in response["Content-Type"]
    assert "登录成功（密码）" in b"".join(response.streaming_content).decode("utf-8-sig")


def test_making_someone_superuser_or_disabling_them_is_logged(editor, admin_user, client):
    client.force_login(admin_user)
    editor.is_superuser = True
    editor.is_active = False
    editor.save()
    change = entries("accounts.permissions_changed").filter(object_id=str(editor.pk)).get()
    assert "超级管理员：否→是" in change.message and "账号启用：是→否" in change.message
