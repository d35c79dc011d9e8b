"""Test settings: fast hashing, isolated media, in-process tasks."""

import tempfile

from .base import *  # noqa: F401,F403

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production-use-0123456789"
ALLOWED_HOSTS = ["*"]
ID_HASH_KEY = "test-only-id-hash-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="xyyj-test-media-")
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "test-default",
    },
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test-pages"},
}
# Tests see every change at once; tests/home/test_caching.py turns it on.
WAGTAIL_CACHE = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SERVE_MEDIA = True
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT = tempfile.mkdtemp(prefix="xyyj-test-static-")
# WeChat: the stand-in server (tests/conftest.py `wechat_standin`) accepts these credentials.
WECHAT_APP_ID = "wx0000000000standin"
WECHAT_APP_SECRET = "standin-test-secret"
WECHAT_TOKEN = "standin-test-token"
WECHAT_BACKOFF_SECONDS = 0.01
WECHAT_MAX_TOKEN_RETRIES = 2
WECHAT_MAX_RATE_LIMIT_RETRIES = 3
