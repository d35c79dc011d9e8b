"""The state of the campaign for each occurrence: none / draft / in moderation / scheduled / live."""

from dataclasses import dataclass
from datetime import date, timedelta

from .models import CampaignPage

NONE, DRAFT, IN_MODERATION, SCHEDULED, LIVE = "none", "draft", "in_moderation", "scheduled", "live"
STATE_LABELS = {
    NONE: "未创建",
    DRAFT: "草稿",
    IN_MODERATION: "审核中",
    SCHEDULED: "已定时发布",
    LIVE: "已发布",
}
_RANK = {NONE: 0, DRAFT: 1, IN_MODERATION: 2, SCHEDULED: 3, LIVE: 4}
READY = {SCHEDULED, LIVE}


@dataclass
class PlannedOccurrence:
    """An occurrence as the dashboard shows it to publicity staff."""

    occurrence: object
    page: object
    state: str
    today: date

    @property
    def state_label(self):
        return STATE_LABELS[self.state]

    @property
    def preparation_starts(self) -> date:
        return self.occurrence.start - timedelta(days=self.occurrence.event.lead_time_days)

    @property
    def needs_attention(self) -> bool:
        """The lead time has begun and nothing is scheduled or live yet."""
        return self.today >= self.preparation_starts and self.state not in READY

    @property
    def days_left(self) -> int:
        return (self.occurrence.start - self.today).days


def page_state(page) -> str:
    if page is None:
        return NONE
    if page.live:
        return LIVE
    if page.approved_schedule:
        return SCHEDULED
    if page.workflow_in_progress:
        return IN_MODERATION
    return DRAFT


def plan(occurrences, today) -> list[PlannedOccurrence]:
    """Each occurrence with its campaign page and that page's state, in three queries."""
    keys = {o.key for o in occurrences}
    pages = {}
    if keys:
        candidates = (
            CampaignPage.objects.filter(
                event_id__in={k[0] for k in keys}, year__in={k[1] for k in keys}
            )
            .annotate_approved_schedule()
            .prefetch_workflow_states()
            .order_by("path")
        )
        for page in candidates:
            key = (page.event_id, page.year, page.sequence)
            if key not in pages or _RANK[page_state(page)] > _RANK[page_state(pages[key])]:
                pages[key] = page
    return [
        PlannedOccurrence(o, pages.get(o.key), page_state(pages.get(o.key)), today)
        for o in occurrences
    ]
