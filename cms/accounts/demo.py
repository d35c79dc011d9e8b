"""The demo admin's second factor, for `make run` only (DEMO_SECOND_FACTOR, never in production).

The TOTP key comes from DEMO_ADMIN_TOTP_KEY or is generated once and kept in the
gitignored .demo-admin-otp next to .demo-admin-password; seed_demo prints it and
the unused backup codes, and `manage.py demo_otp_code` prints the current code.
"""

import os
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model

from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from cms.home.demo import DEMO_ADMIN_USERNAME

from .second_factor import BACKUP_NAME, TOTP_NAME, replace_backup_codes, secret_text

KEY_FILE = Path(settings.BASE_DIR) / ".demo-admin-otp"


def demo_key():
    key = os.environ.get("DEMO_ADMIN_TOTP_KEY")
    if key:
        return key
    if KEY_FILE.exists():
        return KEY_FILE.read_text().strip()
    key = default_key()
    KEY_FILE.write_text(key)
    KEY_FILE.chmod(0o600)
    return key


def seed(command):
    if not getattr(settings, "DEMO_SECOND_FACTOR", False):
        return
    admin = get_user_model().objects.filter(username=DEMO_ADMIN_USERNAME).first()
    if admin is None:
        return
    key = demo_key()
    device = TOTPDevice.objects.filter(user=admin, name=TOTP_NAME).first()
    if device is None:
        device = TOTPDevice.objects.create(user=admin, name=TOTP_NAME, key=key, confirmed=True)
        replace_backup_codes(admin)
    elif device.key != key:
        device.key = key
        device.save(update_fields=["key"])
    static = StaticDevice.objects.filter(user=admin, name=BACKUP_NAME).first()
    codes = list(static.token_set.values_list("token", flat=True)) if static else []
    command.notices.append(
        "后台第二步（双因素验证，仅限演示环境）："
        f"在手机身份验证器中添加密钥 {secret_text(device)}，"
        "或运行 `.venv/bin/python manage.py demo_otp_code` 取得当前验证码；"
        f"备用验证码（每个仅能用一次）：{' '.join(codes) or '已用完，删除该用户后重新运行 make run'}"
    )
