"""Production: everything that varies comes from the environment.

Required: SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS, ID_HASH_KEY (32+ bytes), REDIS_URL.
Optional: PAGE_CACHE_REDIS_URL, RATELIMIT_IP_META_KEY (behind a proxy: check --deploy warns), SEARCH_URL, TASKS_BACKEND, MEDIA_ROOT, STATIC_ROOT,
CSRF_TRUSTED_ORIGINS, SECURE_SSL_REDIRECT, WAGTAILADMIN_BASE_URL.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import DEV_ID_HASH_KEY, PAGE_CACHE_REDIS_URL, REDIS_URL, env

DEBUG = False

try:
    SECRET_KEY = env("SECRET_KEY")
    ID_HASH_KEY = env("ID_HASH_KEY")
except ImproperlyConfigured as exc:  # refuse to start half-configured
    raise ImproperlyConfigured(f"Production settings need {exc}") from exc

# --- Keys and shared state production refuses to run without (docs/privacy.md) -----------------
# The ID hash key protects every stored hash and the sealed birthdays: never the development
# key, at least 32 bytes. Rate limits and lookup lockouts must be shared by all workers: with
# a per-process cache, 2 workers let 10 lookups through a limit of 5.
if ID_HASH_KEY == DEV_ID_HASH_KEY or len(ID_HASH_KEY.encode("utf-8")) < 32:
    raise ImproperlyConfigured(
        "Production settings need an ID_HASH_KEY of at least 32 bytes that is not the "
        "development key (e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))')"
    )
if not REDIS_URL:
    raise ImproperlyConfigured(
        "Production settings need REDIS_URL: rate limits and lookup lockouts must be shared "
        "by every worker process"
    )
if PAGE_CACHE_REDIS_URL == REDIS_URL:
    raise ImproperlyConfigured(
        "PAGE_CACHE_REDIS_URL must be another Redis database than REDIS_URL: purging the "
        "page cache empties its whole database"
    )
# --- end of keys and shared state

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Tasks run in a real worker (`manage.py db_worker`) unless told otherwise.
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Rate limits count per client IP. Behind nginx, REMOTE_ADDR is nginx itself:
# set RATELIMIT_IP_META_KEY=HTTP_X_REAL_IP with `proxy_set_header X-Real-IP
# $remote_addr;` so that every visitor does not share one limit.
RATELIMIT_IP_META_KEY = env("RATELIMIT_IP_META_KEY", default=None)

# nginx terminates TLS and sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"  # Wagtail previews set SAMEORIGIN on their own responses
