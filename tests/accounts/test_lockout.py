"""Login throttling: per account and per client IP, unlock by staff or after the cool-off."""

from datetime import timedelta

from django.core import mail
from django.test import Client
from django.utils import timezone

from wagtail.models import ModelLogEntry

import pytest
import time_machine

pytestmark = pytest.mark.django_db

LOCKED = "登录已被暂时锁定"


def attempt(username, password, ip):
    client = Client(REMOTE_ADDR=ip)
    response = client.post("/admin/login/", {"username": username, "password": password})
    return client, response


def signed_in(response):
    return response.status_code == 302 and response["Location"] == "/admin/"


def test_five_wrong_passwords_lock_the_account_then_staff_unlock_it(
    editor, staff_password, admin_user, client
):
    for _ in range(4):
        _, response = attempt("zhangsan", "wrong-password", "10.1.0.1")
        assert response.status_code == 200 and LOCKED not in response.content.decode()
    _, fifth = attempt("zhangsan", "wrong-password", "10.1.0.1")
    assert fifth.status_code == 429 and LOCKED in fifth.content.decode()
    _, right = attempt("zhangsan", staff_password, "10.1.0.1")
    assert right.status_code == 429 and "请在 30 分钟后再试" in right.content.decode()

    client.force_login(admin_user)
    page = client.get("/admin/security/").content.decode()
    assert "账号 zhangsan" in page
    client.post("/admin/security/", {"action": "unlock", "username": "zhangsan"})
    assert signed_in(attempt("zhangsan", staff_password, "10.1.0.1")[1])

    actions = list(
        ModelLogEntry.objects.filter(object_id=str(editor.pk)).values_list("action", flat=True)
    )
    assert actions.count("accounts.login_failed") == 6  # 5 wrong, 1 refused while locked
    assert "accounts.locked_out" in actions and "accounts.unlocked" in actions
    unlock = ModelLogEntry.objects.get(action="accounts.unlocked")
    assert unlock.user == admin_user


def test_the_lock_lifts_after_the_cool_off(editor, staff_password, settings):
    settings.AXES_COOLOFF_TIME = 0.5
    for _ in range(5):
        attempt("zhangsan", "wrong-password", "10.1.0.2")
    assert attempt("zhangsan", staff_password, "10.1.0.2")[1].status_code == 429
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        assert signed_in(attempt("zhangsan", staff_password, "10.1.0.2")[1])


def test_brute_force_from_many_ips_locks_that_account_only(
    editor, staff_password, django_user_model
):
    django_user_model.objects.create_user("lisi", password="Lisi-password-2026", is_staff=True)
    for n in range(5):
        attempt("zhangsan", f"guess-{n}", f"10.2.0.{n + 1}")
    refused = attempt("zhangsan", staff_password, "10.2.0.99")[1]
    assert refused.status_code == 429 and LOCKED in refused.content.decode()
    # Another account from the very same addresses signs in.
    assert signed_in(attempt("lisi", "Lisi-password-2026", "10.2.0.1")[1])


def test_a_locked_ip_locks_no_other_ip(editor, staff_password, settings, django_user_model):
    settings.AXES_IP_FAILURE_LIMIT = 8
    for n in range(8):  # password spraying: many names, one address
        attempt(f"user{n}", "Spring2026!", "10.3.0.1")
    refused = attempt("zhangsan", staff_password, "10.3.0.1")[1]
    assert refused.status_code == 429
    assert signed_in(attempt("zhangsan", staff_password, "10.3.0.2")[1])


def test_the_password_reset_is_a_login_path_too(editor, settings):
    settings.AXES_IP_FAILURE_LIMIT = 3
    for n in range(3):
        attempt(f"user{n}", "wrong", "10.4.0.1")
    client = Client(REMOTE_ADDR="10.4.0.1")
    refused = client.post("/admin/password_reset/", {"email": "zhangsan@example.invalid"})
    assert refused.status_code == 429 and LOCKED in refused.content.decode()
    assert not mail.outbox
    other = Client(REMOTE_ADDR="10.4.0.2")
    sent = other.post("/admin/password_reset/", {"email": "zhangsan@example.invalid"})
    assert sent.status_code == 302 and len(mail.outbox) == 1


def test_password_reset_requests_are_rate_limited(editor, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "accounts.password_reset": "2/h"}
    client = Client(REMOTE_ADDR="10.5.0.1")
    for _ in range(2):
        client.post("/admin/password_reset/", {"email": "nobody@example.invalid"})
    assert client.post("/admin/password_reset/", {"email": "x@example.invalid"}).status_code == 429


def test_behind_the_proxy_the_real_client_ip_counts(editor, staff_password, settings):
    settings.RATELIMIT_IP_META_KEY = "HTTP_X_REAL_IP"
    for n in range(5):
        Client(REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="10.6.0.1").post(
            "/admin/login/", {"username": f"user{n}", "password": "x"}
        )
    from axes.models import AccessAttempt

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"10.6.0.1"}
