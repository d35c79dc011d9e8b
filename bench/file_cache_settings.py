"""Production settings with the page cache on files (PAGE_CACHE_DIR) instead of Redis: the
file-cache leg of bench/serve.py, to compare the two stores on one machine."""

from cms.settings.production import *  # noqa: F401,F403
from cms.settings.production import CACHES, env

CACHES = {
    **CACHES,
    "pages": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env("PAGE_CACHE_DIR"),
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}
