"""A test client whose force_login also passes the second factor, as a staff member would."""

from django.test import Client

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def test_device(user):
    """The user's TOTP device, created (confirmed) if the user has none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="测试设备", confirmed=True)


class SecondFactorClient(Client):
    """force_login(user) signs in with password and a real TOTP device, as django_otp.login does."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = test_device(user).persistent_id
        session.save()


def current_code(device):
    """The code the user's authenticator app shows now."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"
