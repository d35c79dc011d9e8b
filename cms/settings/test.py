"""Test settings: fast hashing, isolated media, in-process tasks."""

import tempfile

from .base import *  # noqa: F401,F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production-use-0123456789"
ALLOWED_HOSTS = ["*"]
ID_HASH_KEY = "test-only-id-hash-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="xyyj-test-media-")
# TEST_DATABASE_URL runs the suite on another database, e.g. a throwaway PostgreSQL.
DATABASES = {"default": env.db("TEST_DATABASE_URL", default="sqlite://:memory:")}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "cms.search.backends.database"}}
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
# Password history hashes (django-password-validators) at a test-speed cost.
DPV_DEFAULT_HISTORY_HASHER = "tests.accounts.hashers.FastHistoryHasher"
DEMO_SECOND_FACTOR = True
