"""System checks: a callback configured with an unusable EncodingAESKey fails at start, not per message."""

import base64
import binascii

from django.conf import settings
from django.core.checks import Error, register


@register()
def check_callback_settings(app_configs=None, **kwargs):
    key = settings.WECHAT_ENCODING_AES_KEY
    errors = []
    if key:
        try:
            valid = len(key) == 43 and len(base64.b64decode(key + "=", validate=True)) == 32
        except (binascii.Error, ValueError):
            valid = False
        if not valid:
            errors.append(
                Error(
                    "WECHAT_ENCODING_AES_KEY must be the 43-character EncodingAESKey of the account.",
                    id="wechat_subscribers.E001",
                )
            )
        if not settings.WECHAT_TOKEN or not settings.WECHAT_APP_ID:
            errors.append(
                Error(
                    "安全模式 needs WECHAT_TOKEN and WECHAT_APP_ID beside WECHAT_ENCODING_AES_KEY.",
                    id="wechat_subscribers.E002",
                )
            )
    return errors
