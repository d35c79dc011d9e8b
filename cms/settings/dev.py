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

# WeChat: without real credentials, `make run` talks to the stand-in that it starts on
# WECHAT_STANDIN_PORT (python manage.py wechat_standin).  With WECHAT_APP_ID/WECHAT_APP_SECRET
# set and no WECHAT_API_BASE_URL, the same code talks to WeChat itself (README).
if not env("WECHAT_APP_ID", default=""):
    WECHAT_APP_ID = "wx00000000000demo"
    WECHAT_APP_SECRET = "standin-demo-secret"
    WECHAT_TOKEN = env("WECHAT_TOKEN", default="standin-demo-token")
    WECHAT_API_BASE_URL = env(
        "WECHAT_API_BASE_URL",
        default=f"http://127.0.0.1:{env.int('WECHAT_STANDIN_PORT', default=8900)}/",
    )
