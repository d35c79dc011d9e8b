"""Production settings for the exposure load benchmark: one client (wrk) must not be rate limited."""

from cms.settings.production import *  # noqa: F401,F403
from cms.settings.production import RATE_LIMITS

RATE_LIMITS = dict.fromkeys(RATE_LIMITS)
