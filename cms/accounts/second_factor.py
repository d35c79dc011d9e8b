"""Second factor for staff (django-otp): a TOTP app plus one-time backup codes.

States of an account:
- no device at all (new account, or staff reset it): the user binds an app at the next login;
- usable devices: the user enters a code after the password;
- devices that are all revoked (停用 by staff) or expired (unused too long): nobody gets in
  until staff reset them, and the user is told so.

The key of a binding in progress lives in the session, so a half-finished binding never
leaves a device row behind.
"""

from base64 import b32encode
from datetime import timedelta
from io import BytesIO

from django.conf import settings
from django.db import transaction
from django.utils import timezone

import qrcode
import qrcode.image.svg
from django_otp import devices_for_user
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

TOTP_NAME = "身份验证器"
BACKUP_NAME = "备用验证码"
BACKUP_CODE_COUNT = 10
ENROL_KEY_SESSION_KEY = "accounts_enrol_key"


class SecondFactorError(Exception):
    """A refused code; the message is shown to the user as it is."""


def is_expired(device):
    days = settings.OTP_DEVICE_MAX_IDLE_DAYS
    if not days:
        return False
    last = device.last_used_at or device.created_at
    return last is not None and timezone.now() - last > timedelta(days=days)


def all_devices(user):
    return list(devices_for_user(user, confirmed=None))


def usable_devices(user):
    return [device for device in devices_for_user(user) if not is_expired(device)]


def blocked_reason(user):
    """Why an account with devices cannot verify (revoked or expired), else None."""
    devices = all_devices(user)
    if not devices or usable_devices(user):
        return None
    if any(device.confirmed and is_expired(device) for device in devices):
        days = settings.OTP_DEVICE_MAX_IDLE_DAYS
        return f"您的验证设备已超过 {days} 天未使用，已失效。请联系系统管理员重置双因素验证后重新绑定。"
    return "您的验证设备已被管理员停用。请联系系统管理员重置双因素验证后重新绑定。"


def verify(user, code):
    """The device that accepts `code` (TOTP or backup code), or SecondFactorError in Chinese."""
    code = "".join(code.split()).lower()
    if not code:
        raise SecondFactorError("请输入验证码。")
    reason = blocked_reason(user)
    if reason:
        raise SecondFactorError(reason)
    devices = usable_devices(user)
    with transaction.atomic():
        for device in devices:
            allowed, details = device.verify_is_allowed()
            if not allowed:
                wait = (details or {}).get("locked_until")
                raise SecondFactorError(
                    "验证码错误次数过多，请稍后再试"
                    + (f"（{timezone.localtime(wait):%H:%M:%S} 之后）。" if wait else "。")
                )
        for device in devices:
            device = type(device).objects.select_for_update().get(pk=device.pk)
            if device.verify_token(code):
                return device
    if any(isinstance(device, TOTPDevice) and was_used_before(device, code) for device in devices):
        raise SecondFactorError("该验证码已使用过，请等待身份验证器显示新的验证码后再输入。")
    if code.isdigit():
        raise SecondFactorError("验证码不正确，请核对手机上身份验证器显示的 6 位数字后重试。")
    raise SecondFactorError("备用验证码不正确或已使用过。")


def matching_step(device, code):
    """The time step within the device's tolerance whose code is `code`, else None."""
    if not code.isdigit():
        return None
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    for offset in range(-device.tolerance, device.tolerance + 1):
        totp.drift = device.drift + offset
        if totp.token() == int(code):
            return totp.t()
    return None


def was_used_before(device, code):
    """True when `code` is right for a time step already used: a replayed code."""
    step = matching_step(device, code)
    return step is not None and step <= device.last_t


def enrolment_key(session):
    if ENROL_KEY_SESSION_KEY not in session:
        session[ENROL_KEY_SESSION_KEY] = default_key()
    return session[ENROL_KEY_SESSION_KEY]


def pending_device(user, key):
    return TOTPDevice(user=user, key=key, name=TOTP_NAME, confirmed=True)


def secret_text(device):
    """The key as the authenticator apps expect it typed in: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(text):
    """The QR code as inline SVG, drawn here: the key never leaves the server."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]  # drop the XML declaration: it is inlined in HTML


def confirm_enrolment(user, session, code):
    """Bind the app whose code this is; returns (device, backup codes)."""
    device = pending_device(user, enrolment_key(session))
    step = matching_step(device, "".join(code.split()))
    if step is None:
        raise SecondFactorError(
            "验证码不正确。请确认手机时间准确，并输入身份验证器当前显示的 6 位数字。"
        )
    device.last_t = step  # the code just used cannot be used again to sign in
    device.set_last_used_timestamp(commit=False)
    with transaction.atomic():
        device.save()
        codes = replace_backup_codes(user)
    del session[ENROL_KEY_SESSION_KEY]
    return device, codes


def replace_backup_codes(user):
    """A fresh set of backup codes; the old ones stop working."""
    static, _ = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_NAME, defaults={"confirmed": True}
    )
    static.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    return codes


def revoke(user):
    """停用: every device stops verifying; kept so the user is told why."""
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=user).update(confirmed=False)


def reset(user):
    """重置: every device is removed; the user binds a new app at the next login."""
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=user).delete()
