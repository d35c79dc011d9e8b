"""Test settings: fast hashing, isolated media, in-process tasks.

SQLite in memory and local-memory caches by default (`make test`); `make test-postgres` sets
TEST_DATABASE_URL and REDIS_URL to throwaway servers (scripts/with-services), as production runs.
"""

import atexit
import shutil
import tempfile
from urllib.parse import urlsplit, urlunsplit

from .base import *  # noqa: F401,F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production-use-0123456789"
ALLOWED_HOSTS = ["*"]
ID_HASH_KEY = "test-only-id-hash-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="xyyj-test-media-")
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)  # each run left two folders behind
TEST_DATABASE_URL = env("TEST_DATABASE_URL", default="")
if TEST_DATABASE_URL:
    DATABASES = {"default": env.db_url_config(TEST_DATABASE_URL)}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "cms.search.backends.database"}}
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    # One Redis database per alias: RedisCache.clear() flushes the whole database, and a test
    # that clears the rate-limit counters must not also empty the page cache (or the reverse).
    _redis = urlsplit(REDIS_URL)
    CACHES = {
        alias: {
            "BACKEND": "cms.home.redis_cache.RedisCache",
            "LOCATION": urlunsplit(_redis._replace(path=f"/{number}")),
            "KEY_PREFIX": f"xyyj-test-{alias}",
        }
        for number, alias in enumerate(("default", "pages"))
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "test-default",
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "test-pages",
        },
    }
# Tests see every change at once; tests/home/test_caching.py turns it on.
WAGTAIL_CACHE = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SERVE_MEDIA = True
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT = tempfile.mkdtemp(prefix="xyyj-test-static-")
# Password history hashes (django-password-validators) at a test-speed cost.
DPV_DEFAULT_HISTORY_HASHER = "tests.accounts.hashers.FastHistoryHasher"
DEMO_SECOND_FACTOR = True
atexit.register(shutil.rmtree, STATIC_ROOT, ignore_errors=True)
# WeChat: the stand-in server (tests/conftest.py `wechat_standin`) accepts these credentials.
WECHAT_APP_ID = "wx0000000000standin"
WECHAT_APP_SECRET = "standin-test-secret"
WECHAT_TOKEN = "standin-test-token"
# Each message's log row is written as its response closes (tests read it right after);
# tests/wechat_subscribers/test_message_log.py sets larger batches.
WECHAT_MESSAGE_LOG_BATCH = 1
WECHAT_BACKOFF_SECONDS = 0.01
WECHAT_MAX_TOKEN_RETRIES = 2
WECHAT_MAX_RATE_LIMIT_RETRIES = 3
