"""Production settings for the exposure load benchmark: one client (wrk) must not be rate limited."""

from cms.settings.production import *  # noqa: F401,F403

EXPOSURE_RATE_LIMITS = {"page": None, "search": None, "self": None, "api": None}
