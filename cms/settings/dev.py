"""Development: the embedded default that `make run` uses."""

from .base import *  # noqa: F401,F403
from .base import LOGGING, env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="django-insecure-dev-only-key-for-local-use")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
SERVE_MEDIA = True
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Keep `make run` readable: Wagtail's page events stay in the admin's audit log.
LOGGING["loggers"]["wagtail"] = {"level": "WARNING"}
# The demo admin gets a documented second factor from seed_demo (cms/accounts/demo.py).
DEMO_SECOND_FACTOR = True
