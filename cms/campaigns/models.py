"""Models of the campaigns app, split by concept: the calendar (events.py) and the pages (pages.py)."""

from .events import (  # noqa: F401
    DateKind,
    PublicityEvent,
    PublicityEventDate,
    PublicityEventTheme,
    RecurrenceKind,
)
from .pages import CampaignAudienceTag, CampaignIndexPage, CampaignPage, CampaignTopicTag  # noqa: F401
