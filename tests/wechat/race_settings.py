"""Settings for the token race test: a cache that two processes really share (a database table)."""

import os

from cms.settings.test import *  # noqa: F401,F403

DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["RACE_DB"]}}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "race_cache"},
}
WECHAT_API_BASE_URL = os.environ["WECHAT_API_BASE_URL"]
WECHAT_USE_STABLE_TOKEN = False  # cgi-bin/token: each fetch makes the previous token stale
