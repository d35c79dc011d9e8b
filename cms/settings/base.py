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
    "wechat",
    "wechat.subscribers",
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

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

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

# Caches: "default" (rate limits, fragments) and "pages" (whole anonymous
# responses, wagtail-cache).  Redis when REDIS_URL is set; otherwise local
# memory and a file-based page cache, which every worker process of one host
# shares, so that a purge reaches all of them.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "xyyj",
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
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

# Whole-page cache for anonymous visitors (wagtail-cache).  A cached page
# never outlives the Asia/Shanghai day it was rendered on (publicity periods
# end at midnight) nor PAGE_CACHE_SECONDS; publishing, unpublishing and the
# content_left_public signal purge it (cms/home/caching.py).
WAGTAIL_CACHE = env.bool("PAGE_CACHE", default=True)
WAGTAIL_CACHE_BACKEND = "pages"
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)

# django-ratelimit counts in the default cache.  Django's own RedisCache is
# atomic (W001 only says it is not on the library's list); without REDIS_URL
# the local-memory cache limits per process, which is right for `make run`.
RATELIMIT_USE_CACHE = "default"
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001", "django_ratelimit.E003"]

# Background work goes through Django's task API (django-tasks).  The
# embedded default runs tasks in-process; production uses the database
# backend and `manage.py db_worker` (or any other django-tasks backend).
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend"),
    }
}

# Search: Wagtail's database backend by default; Elasticsearch/OpenSearch
# when SEARCH_URL is set (e.g. http://localhost:9200).
SEARCH_URL = env("SEARCH_URL", default="")
if SEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": env("SEARCH_BACKEND", default="wagtail.search.backends.elasticsearch8"),
            "URLS": [SEARCH_URL],
            "INDEX": env("SEARCH_INDEX", default="credit_yangjiang"),
            "TIMEOUT": 5,
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.database"},
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
    "pdf",
    "pptx",
    "rtf",
    "txt",
    "xlsx",
    "xls",
    "zip",
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 100
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"

# Keyed hash for ID numbers (公民身份号码): only the masked form and an
# HMAC are ever stored.  Production must set its own key.
ID_HASH_KEY = env("ID_HASH_KEY", default="dev-only-id-hash-key-change-me")

DEFAULT_EXCEPTION_REPORTER_FILTER = "cms.home.error_reporting.IdNumberSafeExceptionReporterFilter"

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
