"""近期宣传节点 and 最新宣传活动 on the home page, in a fixed number of queries."""

from datetime import timedelta

from django.utils import timezone

from cms.home.sections import HomeSection

from . import occurrences as occ
from .models import CampaignIndexPage, PublicityEvent

HOME_EVENTS, HOME_CAMPAIGNS, HOME_HORIZON_DAYS = 4, 3, 180


def home_sections_context(request):
    # One query when there is no calendar page; the privacy check only when there is one.
    index = CampaignIndexPage.objects.live().order_by("path").first()
    if index is None or index.get_view_restrictions().exists():
        return None
    today = timezone.localdate()
    upcoming = occ.expand(
        PublicityEvent.objects.calendar(), today, today + timedelta(days=HOME_HORIZON_DAYS)
    )[:HOME_EVENTS]
    campaigns = index.live_campaigns().prefetch_related("cover_image__renditions")[:HOME_CAMPAIGNS]
    base = index.get_url(request)
    return {
        "index": index,
        "index_url": base,
        "today": today,
        "campaigns": campaigns,
        "upcoming": [(o, index.route_url("event", o.event.slug, base=base)) for o in upcoming],
    }


def campaign_home_section(request, page):
    context = home_sections_context(request)
    if context is None:
        return None
    return HomeSection(
        template="campaigns/includes/home_sections.html",
        context=context,
        stylesheet="css/campaigns.css",
        order=10,
    )
