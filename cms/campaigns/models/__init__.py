"""The calendar of publicity events (events.py) and the pages tied to its occurrences (pages.py)."""

from .events import PublicityEvent, PublicityEventDate, PublicityEventTheme
from .pages import CampaignAudienceTag, CampaignIndexPage, CampaignPage, CampaignTopicTag

__all__ = [
    "CampaignAudienceTag",
    "CampaignIndexPage",
    "CampaignPage",
    "CampaignTopicTag",
    "PublicityEvent",
    "PublicityEventDate",
    "PublicityEventTheme",
]
