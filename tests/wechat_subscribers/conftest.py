"""The account's callback settings, an empty shared cache, and WeChat's server as a test client."""

from django.core.cache import cache

import pytest

from .wechat import AES_KEY, APP_ID, TOKEN, WeChatServer


@pytest.fixture(autouse=True)
def wechat_settings(settings):
    settings.WECHAT_TOKEN = TOKEN
    settings.WECHAT_ENCODING_AES_KEY = AES_KEY
    settings.WECHAT_APP_ID = APP_ID
    settings.WECHAT_CALLBACK_MAX_SKEW = 300
    cache.clear()
    yield settings
    cache.clear()


@pytest.fixture
def wechat(client, home):
    return WeChatServer(client)
