"""Admin sessions end when idle or too old; passwords are strong, fresh, and changing one signs out everywhere."""

from datetime import timedelta

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from wagtail.models import ModelLogEntry

import pytest
import time_machine

from tests.otp import SecondFactorClient

pytestmark = pytest.mark.django_db


def test_admin_session_ends_after_30_minutes_idle(editor):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client = SecondFactorClient()
        client.force_login(editor)
        clock.shift(timedelta(minutes=29))
        assert client.get("/admin/").status_code == 200
        clock.shift(timedelta(minutes=29))  # 58 minutes signed in, 29 idle
        assert client.get("/admin/").status_code == 200
        clock.shift(timedelta(minutes=31))
        expired = client.get("/admin/pages/")
        assert expired.status_code == 302 and expired["Location"].startswith("/admin/login/")
        login_page = client.get(expired["Location"]).content.decode()
        assert "30 分钟未操作" in login_page
        assert client.get("/admin/")["Location"].startswith("/admin/login/")
    ended = ModelLogEntry.objects.get(action="accounts.session_expired")
    assert ended.user == editor and "空闲超时" in ended.message


def test_idle_limit_is_configurable(editor, settings):
    settings.ADMIN_SESSION_IDLE_SECONDS = 5 * 60
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = SecondFactorClient()
        client.force_login(editor)
        clock.shift(timedelta(minutes=6))
        assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_admin_session_ends_after_8_hours_however_busy(editor):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = SecondFactorClient()
        client.force_login(editor)
        for _ in range(23):  # every 20 minutes for 7 h 40 min
            clock.shift(timedelta(minutes=20))
            assert client.get("/admin/").status_code == 200
        clock.shift(timedelta(minutes=21))
        ended = client.get("/admin/")
        assert ended["Location"].startswith("/admin/login/")
        assert "超过 8 小时" in client.get(ended["Location"]).content.decode()


def test_changing_the_password_signs_out_every_other_session(editor, staff_password):
    here, elsewhere = SecondFactorClient(), SecondFactorClient()
    here.force_login(editor)
    elsewhere.force_login(editor)
    assert elsewhere.get("/admin/").status_code == 200
    new_password = "Huanle-Mima-2026"
    response = here.post(
        "/admin/account/",
        {
            "name_email-first_name": "三",
            "name_email-last_name": "张",
            "name_email-email": "zhangsan@example.invalid",
            "password-old_password": staff_password,
            "password-new_password1": new_password,
            "password-new_password2": new_password,
            "locale-preferred_language": "zh-hans",
            "locale-current_time_zone": "Asia/Shanghai",
            "theme-theme": "system",
            "theme-density": "default",
            "theme-contrast": "system",
            "theme-keyboard_shortcuts": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    editor.refresh_from_db()
    assert editor.check_password(new_password)
    assert here.get("/admin/").status_code == 200  # the session that changed it stays
    assert elsewhere.get("/admin/")["Location"].startswith("/admin/login/")


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab1!shortpw", "至少需要 12 个字符"),
        ("onlylowercaseletters", "至少 3 类字符"),
        ("lowercase-and-symbols", "至少 3 类字符"),
    ],
)
def test_weak_passwords_are_refused_in_chinese(password, message, editor):
    with translation.override("zh-hans"):  # messages are lazy: read them in Chinese here
        with pytest.raises(ValidationError) as error:
            validate_password(password, editor)
        texts = [str(text) for text in error.value.messages]
    assert any(message in text for text in texts), texts


def test_three_classes_and_twelve_characters_pass(editor):
    validate_password("Chengxin-yangjiang", editor)
    validate_password("chengxin2026yangjiang!", editor)


def test_the_last_five_passwords_may_not_come_back(editor):
    passwords = [f"Xinyong-Mima-{n}a" for n in range(6)]
    for password in passwords:
        validate_password(password, editor)
        editor.set_password(password)
        editor.save()
    for reused in passwords[1:]:  # the current one and the four before it
        with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
            validate_password(reused, editor)
        assert "不能重复使用这个密码" in " ".join(error.value.messages), error.value.messages
    validate_password(passwords[0], editor)  # six passwords ago
