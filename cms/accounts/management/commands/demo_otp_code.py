"""Print the demo admin's current TOTP code (demo environments only)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from cms.home.demo import DEMO_ADMIN_USERNAME


class Command(BaseCommand):
    help = "显示演示管理员当前的 6 位验证码（仅限演示环境）"

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_SECOND_FACTOR", False):
            raise CommandError("仅限演示环境（DEMO_SECOND_FACTOR）使用。")
        device = TOTPDevice.objects.filter(user__username=DEMO_ADMIN_USERNAME).first()
        if device is None:
            raise CommandError("演示管理员尚未绑定身份验证器，请先运行 make run 或 seed_demo。")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
