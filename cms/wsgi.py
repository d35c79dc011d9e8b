"""WSGI entry point: `gunicorn cms.wsgi` (production settings by default)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

application = get_wsgi_application()

# Load the Chinese segmenter's dictionary while the worker starts, not during
# the first search it answers (about a second).
from cms.search.segmentation import tokenizer  # noqa: E402

tokenizer()
