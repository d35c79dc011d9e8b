"""Settings shared by every environment.

Environment-specific modules (dev, test, production) import from here and
override only what differs.  Everything that varies between deployments is
read from environment variables through django-environ.
"""

from pathlib import Path

import environ

PROJECT_DIR = Path(__file__).resolve().parent.parent  # cms/
BASE_DIR = PROJECT_DIR.parent  # the checkout

env = environ.Env()

INSTALLED_APPS = [
    # Core first: the base layout, site settings and the "left the public" signal.
    "cms.home",
    # Content apps, one per domain concept.
    "cms.campaigns",
    "cms.honor_roll",
    "cms.exposure",
    "cms.credit_requests",
    "cms.education",
    # Channels: they read content and publish it elsewhere.
    "cms.search",
    "wechat",
    "wechat.subscribers",
    "cms.front_cache",
    "wagtailcache",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "django_tasks",
    "django_ratelimit",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # WeChat's server calls /wechat/callback/ and needs none of what follows (sessions, CSRF,
    # auth, 2FA, the page cache): that one path goes straight to its view.
    "wechat.subscribers.middleware.CallbackShortcutMiddleware",
    # Anonymous GET/HEAD without session or CSRF cookie: a cached page in one cache read,
    # before sessions, CSRF, auth and the rest (cms/home/caching.py).
    "cms.home.caching.PageCacheFastPathMiddleware",
    # wagtail-cache: stores anonymous GET responses (first) and answers from
    # the page cache (last, once the user is known).
    "wagtailcache.cache.UpdateCacheMiddleware",
    "cms.home.caching.PublicCachePolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After auth and messages: its 400 page is rendered like any other page.
    "cms.home.middleware.RejectNulCharactersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "wagtailcache.cache.FetchFromCacheMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# The embedded default is SQLite under the checkout; production sets DATABASE_URL.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATIC_URL = "/static/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=False)
CREDIT_REQUEST_FILES_ROOT = env.path(
    "CREDIT_REQUEST_FILES_ROOT", default=BASE_DIR / "private-media"
)  # never under MEDIA_ROOT

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Caches (cms/home/caching.py, cms/home/sensitive_pages.py) ------------------------------
# "default" holds rate-limit counters and lookup lockouts, "pages" whole anonymous responses
# (wagtail-cache). Redis when REDIS_URL is set: the pages cache then lives in a database of its
# own (PAGE_CACHE_REDIS_URL, by default REDIS_URL's database + 1), because a purge empties its
# whole database (FLUSHDB) and must never wipe the counters. Point PAGE_CACHE_REDIS_URL at a
# Redis with `maxmemory-policy allkeys-lru` and keep REDIS_URL's on `noeviction` (README).
# Without REDIS_URL: local memory and a file-based page cache that every worker process of
# one host shares, so that a purge reaches all of them (`make run` only; production refuses).
REDIS_URL = env("REDIS_URL", default="")


def _next_redis_database(url):
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    database = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{database + 1}"))


PAGE_CACHE_REDIS_URL = env(
    "PAGE_CACHE_REDIS_URL", default=_next_redis_database(REDIS_URL) if REDIS_URL else ""
)
# cms.home.redis_cache.RedisCache is Django's, with one redis-py client per pool (cheaper calls).
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "cms.home.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "xyyj",
        },
        "pages": {
            "BACKEND": "cms.home.redis_cache.RedisCache",
            "LOCATION": PAGE_CACHE_REDIS_URL,
            "KEY_PREFIX": "xyyj-pages",
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "credit-yangjiang",
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env("PAGE_CACHE_DIR", default=str(BASE_DIR / ".cache" / "pages")),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }
# Query parameters that make a page differ; a request with any other is served uncached.
PAGE_CACHE_QUERY_PARAMETERS = [
    "page",
    "q",
    "last4",
    "year",
    "month",
    "stage",
    "topic",
    "category",
    "town",
    "tag",
]
# --- end of caches

# Whole-page cache for anonymous visitors (wagtail-cache).  A cached page
# never outlives the Asia/Shanghai day it was rendered on (publicity periods
# end at midnight) nor PAGE_CACHE_SECONDS; publishing, unpublishing and the
# content_left_public signal purge it (cms/home/caching.py).
WAGTAIL_CACHE = env.bool("PAGE_CACHE", default=True)
WAGTAIL_CACHE_BACKEND = "pages"
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)

# Front cache (Varnish, deploy/varnish/default.vcl): purged through
# wagtail.contrib.frontend_cache by cms.front_cache on the same changes as the
# page cache.  FRONTEND_CACHE_URLS lists the Varnish hosts (comma separated,
# e.g. http://127.0.0.1:6081); unset, nothing is purged.
FRONTEND_CACHE_URLS = env.list("FRONTEND_CACHE_URLS", default=[])
WAGTAILFRONTENDCACHE = {
    f"varnish{number}": {"BACKEND": "cms.front_cache.backends.VarnishBackend", "LOCATION": url}
    for number, url in enumerate(FRONTEND_CACHE_URLS, start=1)
}
# Pages that show "today" (with all their routes): purged by `purge_front_cache --dated`.
FRONT_CACHE_DAILY_PAGE_TYPES = ["campaigns.CampaignIndexPage"]

# django-ratelimit counts in the default cache.  Django's own RedisCache is
# atomic (W001 only says it is not on the library's list); without REDIS_URL
# the local-memory cache limits per process, which is right for `make run`.
RATELIMIT_USE_CACHE = "default"
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001", "django_ratelimit.E003"]

# --- Pages with personal data: rate limits and the lookup budget (cms/home/sensitive_pages.py)
# One setting for every app, groups named "<app>.<group>"; None switches a limit off.
RATE_LIMITS = {
    "exposure.page": "120/m",  # batch and index pages
    "exposure.search": "30/m",  # name search
    "exposure.self": "5/m",  # 查询本人 (name + ID number)
    "exposure.api": "60/m",  # JSON API and feed
    "credit_requests.identify": "10/m",  # step 1: name + ID number
    "credit_requests.file": "10/m",  # step 2 and the filed page
    "credit_requests.status": "10/m",  # tracking number + last 4
}
# Failed identity lookups (查询本人 and request step 1 share it) counted per masked form of the
# number tried, across all clients: after per_day failures that masked form is locked for a
# day, after per_year for a year (staff can lift a lock on the dashboard). docs/privacy.md.
IDENTITY_LOOKUP_BUDGET = {"per_day": 3, "per_year": 10}
# Objections and repair requests (cms/credit_requests): at most this many filed per person and
# day (one open request per record, kind and person is a database constraint), and a total
# size for all evidence kept in CREDIT_REQUEST_FILES_ROOT.
CREDIT_REQUEST_DAILY_LIMIT = env.int("CREDIT_REQUEST_DAILY_LIMIT", default=3)
CREDIT_REQUEST_EVIDENCE_QUOTA = env.int(
    "CREDIT_REQUEST_EVIDENCE_QUOTA", default=5 * 1024**3
)  # bytes
# --- end of pages with personal data

# Background work goes through Django's task API (django-tasks).  The
# embedded default runs tasks in-process; production uses the database
# backend and `manage.py db_worker` (or any other django-tasks backend).
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend"),
    }
}

# Search: Wagtail's database backend by default (SQLite FTS5, or PostgreSQL's
# full-text search when DATABASE_URL is PostgreSQL); Elasticsearch/OpenSearch
# when SEARCH_URL is set (e.g. http://localhost:9200).  Both are wrapped by
# cms.search.backends, which segments Chinese text into words (jieba).
SEARCH_URL = env("SEARCH_URL", default="")
if SEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": env("SEARCH_BACKEND", default="cms.search.backends.elasticsearch8"),
            "URLS": [SEARCH_URL],
            "INDEX": env("SEARCH_INDEX", default="credit_yangjiang"),
            "TIMEOUT": 5,
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "cms.search.backends.database"},
    }

# Wagtail
WAGTAIL_SITE_NAME = "信用阳江"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
# No request to an external host, the admin included: no Gravatar avatars.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Slugs are ASCII: titles in Chinese get a pinyin slug on the server
# (cms.home.slugs) because the admin's JS slugify drops Chinese characters.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "docx",
    "doc",
    "odt",
    "odp",
    "pdf",
    "pptx",
    "ppt",
    "rtf",
    "txt",
    "xlsx",
    "xls",
    "zip",
    # Education materials: videos, audio, posters.
    "mp4",
    "mp3",
    "jpg",
    "png",
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = env.int("DOCUMENT_MAX_UPLOAD_MB", default=200) * 1024 * 1024
# Documents always go through Wagtail's serve view, so that downloads are
# counted and every file (PDF included) is an attachment whose Chinese name
# survives: Content-Disposition carries filename*=UTF-8'' (RFC 5987).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# Uploaded pictures lose EXIF/XMP/IPTC on upload (cms.home.images); its form refuses non-images
# and pictures too large to decode safely (50 megapixels ≈ 150 MB of memory) in Chinese.
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.home.images.ImageForm"
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 50_000_000
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 100
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"

# Keyed hash for ID numbers (公民身份号码): only the masked form and an
# HMAC are ever stored.  Production must set its own key.
DEV_ID_HASH_KEY = "dev-only-id-hash-key-change-me"  # production refuses it (production.py)
ID_HASH_KEY = env("ID_HASH_KEY", default=DEV_ID_HASH_KEY)

DEFAULT_EXCEPTION_REPORTER_FILTER = "cms.home.error_reporting.IdNumberSafeExceptionReporterFilter"
DEFAULT_EXCEPTION_REPORTER = "cms.home.error_reporting.IdNumberSafeExceptionReporter"

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}

# WeChat official account (信用阳江 公众号). Empty WECHAT_API_BASE_URL means WeChat itself
# (https://api.weixin.qq.com/); development and tests point it at the project's stand-in server.
WECHAT_APP_ID = env("WECHAT_APP_ID", default="")
WECHAT_APP_SECRET = env("WECHAT_APP_SECRET", default="")
WECHAT_API_BASE_URL = env("WECHAT_API_BASE_URL", default="")
WECHAT_TOKEN = env("WECHAT_TOKEN", default="")  # callback signature token (服务器配置)
WECHAT_ENCODING_AES_KEY = env("WECHAT_ENCODING_AES_KEY", default="")  # 安全模式 key, 43 chars
WECHAT_CALLBACK_MAX_SKEW = env.int("WECHAT_CALLBACK_MAX_SKEW", default=300)  # seconds
# 消息记录 rows are written after the replies, in batches: at most this many rows or seconds
# wait in a worker (docs/wechat-subscribers.md).
WECHAT_MESSAGE_LOG_BATCH = env.int("WECHAT_MESSAGE_LOG_BATCH", default=50)
WECHAT_MESSAGE_LOG_SECONDS = env.float("WECHAT_MESSAGE_LOG_SECONDS", default=1.0)

# ---------------------------------------------------------------------------
# Staff accounts and platform security (等保 level 3): cms/accounts,
# docs/security.md.  Kept in one block: other settings live above.
# ---------------------------------------------------------------------------
INSTALLED_APPS += [
    # After cms.home: its demo creates the admin user this app gives a second factor.
    "cms.accounts",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_password_validators",
    "django_password_validators.password_history",
]


def _insert_after(anchor, *names):
    position = MIDDLEWARE.index(anchor) + 1
    MIDDLEWARE[position:position] = names


# Outside ADMIN_ALLOWED_NETWORKS the admin is a 404 before any session is read;
# the CSP nonce exists before any template renders.
_insert_after(
    "django.middleware.security.SecurityMiddleware",
    "cms.accounts.middleware.AdminNetworkGateMiddleware",
    "cms.accounts.middleware.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
)
_insert_after(
    "django.contrib.messages.middleware.MessageMiddleware",  # after auth, sessions and messages
    "django_otp.middleware.OTPMiddleware",
    "cms.accounts.middleware.AuditContextMiddleware",
    "cms.accounts.middleware.AdminSessionMiddleware",
    "cms.accounts.middleware.SecondFactorRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
    "cms.accounts.middleware.PasswordResetGuardMiddleware",
)

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked account or IP before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Passwords: 12+ characters from three of four classes, none of the last 5 again.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "cms.accounts.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "cms.accounts.passwords.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {
        "NAME": "django_password_validators.password_history.password_validation.UniquePasswordsValidator",
        "OPTIONS": {"last_passwords": 5},
    },
]

# Login throttling (django-axes): an account and a client IP are counted
# separately, so many IPs against one account lock that account only, and one
# locked IP locks nobody else.  Unlocked by staff (后台「登录锁定」) or after the cool-off.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)  # per account
AXES_IP_FAILURE_LIMIT = env.int("AXES_IP_FAILURE_LIMIT", default=20)  # per client IP
AXES_HANDLER = "cms.accounts.lockout.AccountAndNetworkHandler"
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "cms.accounts.views.lockout"
AXES_CLIENT_IP_CALLABLE = "cms.accounts.network.client_ip"
AXES_VERBOSE = False
RATE_LIMITS["accounts.password_reset"] = env("PASSWORD_RESET_RATE", default="5/h")  # per client IP

# Second factor (django-otp): TOTP apps and one-time backup codes.
OTP_TOTP_ISSUER = "信用阳江"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# A device unused this long no longer verifies; staff reset it (0 = never).
OTP_DEVICE_MAX_IDLE_DAYS = env.int("OTP_DEVICE_MAX_IDLE_DAYS", default=180)

# Admin sessions: 30 minutes idle, 8 hours at most, whatever the activity.
ADMIN_SESSION_IDLE_SECONDS = env.int("ADMIN_SESSION_IDLE_SECONDS", default=30 * 60)
ADMIN_SESSION_MAX_SECONDS = env.int("ADMIN_SESSION_MAX_SECONDS", default=8 * 60 * 60)
SESSION_COOKIE_AGE = ADMIN_SESSION_MAX_SECONDS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Optional CIDR list: outside it /admin/ answers 404.  The client IP is read
# the way the rate limits read it (RATELIMIT_IP_META_KEY behind the proxy).
ADMIN_ALLOWED_NETWORKS = env.list("ADMIN_ALLOWED_NETWORKS", default=[])

# Content-Security-Policy (django-csp 4).  Public pages: no inline script
# without the per-response nonce.  The Wagtail admin renders inline scripts
# (date widgets, inline panels) and inline styles, so it gets its own policy
# (cms/accounts/middleware.py), still limited to this origin.
from csp.constants import NONCE  # noqa: E402

_CSP_REPORT_URI = "/csp-report/"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        # Video embeds (视频 blocks) play from their host's player: list the hosts staff use,
        # e.g. CSP_FRAME_HOSTS=https://v.qq.com,https://player.bilibili.com
        "frame-src": ["'self'", *env.list("CSP_FRAME_HOSTS", default=[])],
        "frame-ancestors": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "report-uri": [_CSP_REPORT_URI],
    },
}
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "media-src": ["'self'", "blob:"],
    },
}

# The admin asks no outside host anything (the CSP would refuse it anyway).
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Permissions-Policy: this site uses no device feature at all.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "bluetooth",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# Uploads: public media world-readable, evidence files (credit_requests) owner only.
FILE_UPLOAD_PERMISSIONS = 0o644
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o755
PRIVATE_FILE_PERMISSIONS = 0o600
PRIVATE_DIRECTORY_PERMISSIONS = 0o700
# django-axes logs every lookup at INFO; failures and lockouts reach the audit log anyway.
LOGGING["loggers"]["axes"] = {"level": "WARNING"}
